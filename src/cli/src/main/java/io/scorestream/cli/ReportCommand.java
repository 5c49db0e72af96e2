package io.scorestream.cli;

import io.scorestream.io.InputException;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ModelFiles;
import io.scorestream.model.ScoreModel;
import io.scorestream.report.Report;
import io.scorestream.report.ReportOptions;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Figures and metrics of a fitted model against reference data, as PNGs and an index.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write PNG figures and an index.html comparing a model's samples with reference data.")
final class ReportCommand implements Callable<Integer> {
    /** TwoSampleMetrics needs this many rows on each side. */
    private static final int MIN_REFERENCE_ROWS = 10;

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "model file written by fit") Path model;
    @Option(names = "--reference", required = true, paramLabel = "FILE", description = "held-out true samples: CSV, JSON Lines (.jsonl, .json) or Avro, as fit reads them; labels matched to the model's") Path reference;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for index.html and the figures (created if missing)") Path out;
    @Option(names = "--truth", paramLabel = "FILE", description = "JSON of the true mixture (from generate-data): adds the score-error figure and truth metrics") Path truthFile;
    @Option(names = "--samples", paramLabel = "N", description = "generated samples (default: as many as the reference has)") Integer samples;
    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "seed of the sampler and the metrics (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--sheet", paramLabel = "NAME", description = "of a reference workbook (.xlsx, .xls), the sheet to read (default: its sheet of the most rows), as fit --sheet") String sheet;
    @Option(names = "--measurement", paramLabel = "NAME", description = "of a reference of InfluxDB line protocol (.lp) holding several measurements' points, the one to read (default: the one of the most points), as fit --measurement") String measurement;
    @Mixin SamplingOptions sampling;

    @Override
    public Integer call() {
        // Every input is read and cross-checked before any slow work; nothing is written until the end.
        if (samples != null && samples < MIN_REFERENCE_ROWS)
            throw new IllegalArgumentException("--samples must be at least " + MIN_REFERENCE_ROWS + ", got " + samples);
        ReportOptions options = ReportOptions.defaults().withSeed(seed).withPlan(sampling.plan())
                .withSamples(samples == null ? 0 : samples);
        Report.checkOutputDirectory(out);
        ScoreModel fitted = ModelFiles.load(model);
        GaussianMixture truth = truthFile == null ? null : Truths.read(truthFile);
        if (truth != null && truth.dimension() != fitted.dimension())
            throw InputException.in(truthFile, "the mixture has dimension " + truth.dimension() + " but the model has " + fitted.dimension());
        DMatrixRMaj data = DataTables.onModelColumns(reference, fitted.recordSchema(), fitted.dimension(), new DataTables.Part(sheet, measurement));
        if (data.numRows < MIN_REFERENCE_ROWS)
            throw InputException.in(reference, "need at least " + MIN_REFERENCE_ROWS + " samples, found " + data.numRows);

        Progress progress = new Progress(spec);
        Report.Result result = Report.write(fitted, data, truth, out, options,
                new Report.Sources(model.toString(), reference.toString(), truthFile == null ? null : truthFile.toString()),
                progress::line);
        spec.commandLine().getOut().println(result.directory().resolve(Report.INDEX));
        spec.commandLine().getOut().flush();
        return Main.OK;
    }
}
