package io.scorestream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scorestream.io.CsvVectors;
import io.scorestream.io.InputException;
import io.scorestream.io.LabelAlignment;
import io.scorestream.metrics.Evaluation;
import io.scorestream.metrics.ModelLikelihood;
import io.scorestream.model.ModelFiles;
import io.scorestream.model.ScoreModel;
import io.scorestream.metrics.TwoSampleReport;
import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Compares a generated sample with a reference sample (and, when known, with the true mixture). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Compare generated samples with reference samples of the true distribution.")
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--generated", required = true, paramLabel = "FILE", description = "Generated samples: CSV, JSON Lines (.jsonl, .json), Avro, Parquet or ARFF, as fit reads them.")
    Path generatedFile;

    @Option(names = "--reference", required = true, paramLabel = "FILE", description = "Held-out true samples: CSV, JSON Lines (.jsonl, .json), Avro, Parquet or ARFF, as fit reads them.")
    Path referenceFile;

    @Option(names = "--truth", paramLabel = "FILE", description = "JSON of the true mixture, for likelihood and weight metrics.")
    Path truthFile;

    @Option(names = "--model", paramLabel = "FILE",
            description = "A model file written by fit: also the model's mean log density of the reference rows (nats per row, in the data's units), by the probability-flow ODE.")
    Path modelFile;

    @Option(names = "--sheet", paramLabel = "NAME", description = "Of a reference workbook (.xlsx, .xls), the sheet to read (default: its sheet of the most rows), as fit --sheet.")
    String sheet;

    @Option(names = "--measurement", paramLabel = "NAME",
            description = "Of a reference of InfluxDB line protocol (.lp) holding several measurements' points, the one to read (default: the one of the most points), as fit --measurement.")
    String measurement;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed for the random splits and projections (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws JsonProcessingException {
        // All inputs are read and cross-checked before any slow work or output.
        GaussianMixture truth = truthFile == null ? null : Truths.read(truthFile);
        int dimension = truth == null ? -1 : truth.dimension();
        CsvVectors.Table generatedTable = DataTables.read(generatedFile, dimension);
        CsvVectors.Table referenceTable = DataTables.read(referenceFile, dimension, new DataTables.Part(sheet, measurement));
        if (generatedTable.rows().numCols != referenceTable.rows().numCols)
            throw new InputException("dimension mismatch: " + generatedFile + " has " + generatedTable.rows().numCols
                    + " columns but " + referenceFile + " has " + referenceTable.rows().numCols);
        // The generated columns in the reference's order where both files name them.
        generatedTable = DataTables.byNames(generatedTable, referenceTable.names(), "the reference's",
                problem -> new InputException(generatedFile + " against " + referenceFile + ": " + problem));
        // Columns of labels: on the labels of both files, one 0/1 column per label past two.
        LabelAlignment.Aligned aligned;
        try {
            aligned = LabelAlignment.align(generatedTable, referenceTable);
        } catch (IllegalArgumentException e) {
            throw new InputException(generatedFile + " and " + referenceFile + ": " + e.getMessage());
        }
        DMatrixRMaj generated = aligned.first(), reference = aligned.second();
        ScoreModel model = modelFile == null ? null : modelFor(referenceTable);

        Progress progress = new Progress(spec);
        progress.line(String.format("comparing %d generated with %d reference samples in %d dimensions%s%s",
                generated.numRows, reference.numRows, generated.numCols,
                aligned.labelledColumns() == 0 ? "" : " (" + aligned.labelledColumns() + " column" + (aligned.labelledColumns() == 1 ? "" : "s") + " of labels, one 0/1 column per label past two)",
                truth == null ? "" : ", and under the true mixture"));
        Evaluation findings = Evaluation.of(generated, reference, truth, seed);
        ModelLikelihood.Result likelihood = null;
        if (model != null) {
            long start = System.nanoTime();
            // On the model's columns: clock times hhmm as the minutes it learned them in.
            CsvVectors.Table copy = new CsvVectors.Table(referenceTable.rows().copy(), referenceTable.names(), referenceTable.leftOut(), referenceTable.labels(), referenceTable.textForms());
            likelihood = ModelLikelihood.of(model, DataTables.onColumns(copy, model.recordSchema(), problem -> InputException.in(referenceFile, problem)));
            progress.line(String.format("the model's log density of %d reference rows by the probability-flow ODE (%.1f s)", referenceTable.rows().numRows, (System.nanoTime() - start) / 1e9));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(findings, likelihood) + System.lineSeparator() : toTable(findings, likelihood));
        out.flush();
        return Main.OK;
    }

    /** The model file's model, checked against the reference rows before any slow work. */
    private ScoreModel modelFor(CsvVectors.Table reference) {
        ScoreModel model = ModelFiles.load(modelFile);
        if (reference.labels().stream().anyMatch(l -> l != null && !l.isEmpty()))
            throw new InputException(referenceFile + ": --model gives the log density of numeric columns only, and this file holds columns of labels");
        if (model.recordSchema().hasOneHot())
            throw new InputException(modelFile + ": --model gives the log density of numeric columns only, and this model learned a category written one-hot as a column of labels");
        if (reference.rows().numCols != model.dimension())
            throw new InputException("dimension mismatch: " + modelFile + " models " + model.dimension() + " columns but " + referenceFile + " has " + reference.rows().numCols);
        return model;
    }

    private String toJson(Evaluation f, ModelLikelihood.Result likelihood) throws JsonProcessingException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("generated", generatedFile.toString());
        root.put("reference", referenceFile.toString());
        root.put("dimension", f.dimension());
        root.put("generatedSamples", f.generatedRows());
        root.put("referenceSamples", f.referenceRows());
        root.put("seed", seed);
        TwoSampleReport r = f.twoSample();
        root.put("classifierAccuracy", r.classifierAccuracy());
        root.put("tvLowerBound", r.tvLowerBound());
        root.put("knnAccuracy", r.knnAccuracy());
        root.put("quadraticLogisticAccuracy", r.quadraticLogisticAccuracy());
        array(root.putArray("mmdBandwidths"), r.mmdBandwidths());
        array(root.putArray("mmd2"), r.mmd2());
        root.put("energyDistance", r.energyDistance());
        root.put("slicedWasserstein", r.slicedWasserstein());
        root.put("offTypeShare", f.offTypeShare());
        if (f.truth() != null) {
            Evaluation.TruthFindings t = f.truth();
            ObjectNode truth = root.putObject("truth");
            truth.put("file", truthFile.toString());
            truth.put("meanLogLikelihoodGenerated", t.meanLogLikelihoodGenerated());
            truth.put("meanLogLikelihoodReference", t.meanLogLikelihoodReference());
            truth.put("weightError", t.weightError());
            array(truth.putArray("trueWeights"), t.trueWeights());
            array(truth.putArray("recoveredWeights"), t.recoveredWeights());
        }
        if (likelihood != null) {
            ObjectNode node = root.putObject("model");
            node.put("file", modelFile.toString());
            node.put("meanLogLikelihoodReference", likelihood.mean());
            node.put("standardError", likelihood.standardError());
            node.put("rowsWithoutDensity", likelihood.withoutDensity());
        }
        return mapper.writeValueAsString(root);
    }

    private static void array(ArrayNode node, double[] values) {
        for (double v : values) node.add(v);
    }

    private String toTable(Evaluation f, ModelLikelihood.Result likelihood) {
        List<Evaluation.Line> rows = new ArrayList<>();
        rows.add(new Evaluation.Line("generated", generatedFile + " (" + f.generatedRows() + " samples)"));
        rows.add(new Evaluation.Line("reference", referenceFile + " (" + f.referenceRows() + " samples)"));
        rows.add(new Evaluation.Line("dimension", Integer.toString(f.dimension())));
        rows.addAll(f.twoSampleLines());
        if (f.truth() != null) {
            rows.add(new Evaluation.Line("truth", truthFile.toString()));
            rows.addAll(f.truthLines());
        }
        if (likelihood != null) {
            rows.add(new Evaluation.Line("model", modelFile.toString()));
            rows.add(new Evaluation.Line("model log-lik (reference)", String.format(Locale.ROOT, "%.4f ± %.4f   (mean nats per row, probability-flow ODE, data units%s)",
                    likelihood.mean(), likelihood.standardError(),
                    likelihood.withoutDensity() == 0 ? "" : "; " + likelihood.withoutDensity() + " rows between point masses have none and are left out")));
        }
        int width = 0;
        for (Evaluation.Line row : rows) width = Math.max(width, row.label().length());
        StringBuilder table = new StringBuilder();
        for (Evaluation.Line row : rows)
            table.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", row.label(), row.value()));
        return table.toString();
    }
}
