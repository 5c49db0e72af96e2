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
        CsvVectors.Table referenceTable = DataTables.read(referenceFile, dimension);
        if (generatedTable.rows().numCols != referenceTable.rows().numCols)
            throw new InputException("dimension mismatch: " + generatedFile + " has " + generatedTable.rows().numCols
                    + " columns but " + referenceFile + " has " + referenceTable.rows().numCols);
        // Columns of labels: on the labels of both files, one 0/1 column per label past two.
        LabelAlignment.Aligned aligned;
        try {
            aligned = LabelAlignment.align(generatedTable, referenceTable);
        } catch (IllegalArgumentException e) {
            throw new InputException(generatedFile + " and " + referenceFile + ": " + e.getMessage());
        }
        DMatrixRMaj generated = aligned.first(), reference = aligned.second();

        Progress progress = new Progress(spec);
        progress.line(String.format("comparing %d generated with %d reference samples in %d dimensions%s%s",
                generated.numRows, reference.numRows, generated.numCols,
                aligned.labelledColumns() == 0 ? "" : " (" + aligned.labelledColumns() + " column" + (aligned.labelledColumns() == 1 ? "" : "s") + " of labels, one 0/1 column per label past two)",
                truth == null ? "" : ", and under the true mixture"));
        Evaluation findings = Evaluation.of(generated, reference, truth, seed);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(findings) + System.lineSeparator() : toTable(findings));
        out.flush();
        return Main.OK;
    }

    private String toJson(Evaluation f) throws JsonProcessingException {
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
        return mapper.writeValueAsString(root);
    }

    private static void array(ArrayNode node, double[] values) {
        for (double v : values) node.add(v);
    }

    private String toTable(Evaluation f) {
        List<Evaluation.Line> rows = new ArrayList<>();
        rows.add(new Evaluation.Line("generated", generatedFile + " (" + f.generatedRows() + " samples)"));
        rows.add(new Evaluation.Line("reference", referenceFile + " (" + f.referenceRows() + " samples)"));
        rows.add(new Evaluation.Line("dimension", Integer.toString(f.dimension())));
        rows.addAll(f.twoSampleLines());
        if (f.truth() != null) {
            rows.add(new Evaluation.Line("truth", truthFile.toString()));
            rows.addAll(f.truthLines());
        }
        int width = 0;
        for (Evaluation.Line row : rows) width = Math.max(width, row.label().length());
        StringBuilder table = new StringBuilder();
        for (Evaluation.Line row : rows)
            table.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", row.label(), row.value()));
        return table.toString();
    }
}
