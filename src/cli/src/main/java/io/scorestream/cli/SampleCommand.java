package io.scorestream.cli;

import io.scorestream.columns.MarginCalibration;
import io.scorestream.io.AtomicFiles;
import io.scorestream.io.OneHotColumns;
import io.scorestream.io.RecordSchema;
import io.scorestream.model.ModelFiles;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sample", description = "Generate samples from a fitted model.", mixinStandardHelpOptions = true)
final class SampleCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "model file written by fit") Path model;
    @Option(names = "--n", required = true, description = "number of samples") int n;
    @Option(names = "--out", required = true, description = "output file in the model's column names: CSV with a header, separated and with decimal marks as the file the model learned from (tab-separated for .tsv or .tab), JSON Lines (.jsonl), one JSON array (.json), Avro (.avro), Parquet (.parquet), ARFF (.arff) or an Excel workbook (.xlsx); the extension picks the format, else the model's own; - for standard output (CSV or JSON Lines)") Path out;
    @Option(names = "--seed", defaultValue = "0", description = "sampler seed (default ${DEFAULT-VALUE})") long seed;
    @Mixin SamplingOptions sampling;

    @Override
    public Integer call() throws Exception {
        if (n < 1) throw new IllegalArgumentException("--n must be at least 1, got " + n);
        SamplingPlan plan = sampling.plan();
        long readStart = System.nanoTime();
        ScoreModel fitted = ModelFiles.loadLazily(model);   // the plan's levels only (PERFORMANCE.md §19)
        double reading = (System.nanoTime() - readStart) / 1e9;
        RecordSchema shape = StandardOutput.shapeFor(out, OneHotColumns.expanded(fitted.recordSchema()));
        if (!StandardOutput.isNamedBy(out)) AtomicFiles.checkWritable(out);   // before sampling: a wrong --out fails at once
        long measureStart = System.nanoTime();
        NoiseSchedule grid = plan.grid(fitted, fitted.schedule());   // the measured grid runs its pilot here (StepChoice)
        double measuring = (System.nanoTime() - measureStart) / 1e9;
        Progress progress = new Progress(spec);
        long start = System.nanoTime();
        DMatrixRMaj x = plan.newSampler().sample(fitted, grid, n, seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        long calibrationStart = System.nanoTime();
        MarginCalibration calibration = plan.calibration(fitted, grid);
        double calibrating = (System.nanoTime() - calibrationStart) / 1e9;
        fitted.toData(x, calibration);
        for (int i = 0; i < x.getNumElements(); i++)
            if (!Double.isFinite(x.data[i])) throw new IllegalStateException("the sampler produced a non-finite value; no output written");
        long writeStart = System.nanoTime();
        // A category learned from its one-hot columns goes back to them (OneHotColumns).
        StandardOutput.write(out, OneHotColumns.expand(x, fitted.recordSchema()), shape, wholeNumbers(fitted), spec.commandLine().getOut());
        double writing = (System.nanoTime() - writeStart) / 1e9;
        // the phases' seconds: where a short run's time goes (PERFORMANCE.md §12)
        progress.line(String.format("%d samples (%s, %s grid of %d levels; reading the model %.3f s, %ssampling %.3f s, %swriting %.3f s) written to %s",
                n, plan.sampler(), plan.grid().kind(), grid.size(), reading,
                plan.measured() ? String.format("measuring the grid %.3f s, ", measuring) : "", seconds,
                margins(fitted.columns().gappedColumns().length, calibration, calibrating),
                writing, StandardOutput.describe(out)));
        return Main.OK;
    }

    /** Per written column whether the model's type holds only whole numbers: integer columns of a Parquet output (a one-hot category's indicators are). */
    private static boolean[] wholeNumbers(ScoreModel model) {
        RecordSchema columns = model.recordSchema();
        java.util.List<Boolean> whole = new java.util.ArrayList<>();
        for (int j = 0; j < model.dimension(); j++) {
            int written = columns.isOneHot(j) ? columns.labelsOf(j).size() : 1;
            for (int k = 0; k < written; k++) whole.add(columns.isOneHot(j) || model.columns().types().type(j).isWholeNumbers());
        }
        boolean[] out = new boolean[whole.size()];
        for (int j = 0; j < out.length; j++) out[j] = whole.get(j);
        return out;
    }

    /** The calibration batch's part of the line: how many gapped columns it judged, how many it reads by rank, its seconds; "" without gapped columns. */
    private static String margins(int gapped, MarginCalibration calibration, double seconds) {
        if (gapped == 0) return "";
        return String.format("the margins of %d gapped column%s from %d rows, %d read by rank, %.3f s, ",
                gapped, gapped == 1 ? "" : "s", MarginCalibration.ROWS, calibration.calibratedColumns(), seconds);
    }
}
