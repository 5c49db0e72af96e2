package io.scorestream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scorestream.io.CsvVectors;
import io.scorestream.io.InputException;
import io.scorestream.metrics.TruthMetrics;
import io.scorestream.metrics.TwoSampleMetrics;
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

    @Option(names = "--generated", required = true, paramLabel = "FILE", description = "CSV of generated samples.")
    Path generatedFile;

    @Option(names = "--reference", required = true, paramLabel = "FILE", description = "CSV of held-out true samples.")
    Path referenceFile;

    @Option(names = "--truth", paramLabel = "FILE", description = "JSON of the true mixture, for likelihood and weight metrics.")
    Path truthFile;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed for the random splits and projections (default ${DEFAULT-VALUE}).")
    long seed;

    /** What eval found; rendered either as a table or as JSON. */
    private record Findings(int dimension, int generatedRows, int referenceRows, TwoSampleReport report,
                            TruthFindings truth) {}

    private record TruthFindings(double logLikelihoodGenerated, double logLikelihoodReference,
                                 double weightError, double[] trueWeights, double[] recoveredWeights) {}

    @Override
    public Integer call() throws JsonProcessingException {
        // All inputs are read and cross-checked before any slow work or output.
        GaussianMixture truth = truthFile == null ? null : Truths.read(truthFile);
        DMatrixRMaj generated = truth == null ? CsvVectors.read(generatedFile) : CsvVectors.read(generatedFile, truth.dimension());
        DMatrixRMaj reference = truth == null ? CsvVectors.read(referenceFile) : CsvVectors.read(referenceFile, truth.dimension());
        if (generated.numCols != reference.numCols)
            throw new InputException("dimension mismatch: " + generatedFile + " has " + generated.numCols
                    + " columns but " + referenceFile + " has " + reference.numCols);

        Progress progress = new Progress(spec);
        progress.line(String.format("comparing %d generated with %d reference samples in %d dimensions",
                generated.numRows, reference.numRows, generated.numCols));
        TwoSampleReport report = TwoSampleMetrics.compare(generated, reference, seed);
        TruthFindings truthFindings = null;
        if (truth != null) {
            progress.line("scoring both samples under the true mixture");
            truthFindings = new TruthFindings(
                    TruthMetrics.meanLogLikelihood(truth, generated),
                    TruthMetrics.meanLogLikelihood(truth, reference),
                    TruthMetrics.weightError(truth, generated),
                    truth.weights(),
                    TruthMetrics.recoveredWeights(truth, generated));
        }
        Findings findings = new Findings(generated.numCols, generated.numRows, reference.numRows, report, truthFindings);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(findings) + System.lineSeparator() : toTable(findings));
        out.flush();
        return Main.OK;
    }

    private String toJson(Findings f) throws JsonProcessingException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("generated", generatedFile.toString());
        root.put("reference", referenceFile.toString());
        root.put("dimension", f.dimension());
        root.put("generatedSamples", f.generatedRows());
        root.put("referenceSamples", f.referenceRows());
        root.put("seed", seed);
        TwoSampleReport r = f.report();
        root.put("classifierAccuracy", r.classifierAccuracy());
        root.put("tvLowerBound", r.tvLowerBound());
        root.put("knnAccuracy", r.knnAccuracy());
        root.put("quadraticLogisticAccuracy", r.quadraticLogisticAccuracy());
        array(root.putArray("mmdBandwidths"), r.mmdBandwidths());
        array(root.putArray("mmd2"), r.mmd2());
        root.put("energyDistance", r.energyDistance());
        root.put("slicedWasserstein", r.slicedWasserstein());
        if (f.truth() != null) {
            TruthFindings t = f.truth();
            ObjectNode truth = root.putObject("truth");
            truth.put("file", truthFile.toString());
            truth.put("meanLogLikelihoodGenerated", t.logLikelihoodGenerated());
            truth.put("meanLogLikelihoodReference", t.logLikelihoodReference());
            truth.put("weightError", t.weightError());
            array(truth.putArray("trueWeights"), t.trueWeights());
            array(truth.putArray("recoveredWeights"), t.recoveredWeights());
        }
        return mapper.writeValueAsString(root);
    }

    private static void array(ArrayNode node, double[] values) {
        for (double v : values) node.add(v);
    }

    private String toTable(Findings f) {
        TwoSampleReport r = f.report();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"generated", generatedFile + " (" + f.generatedRows() + " samples)"});
        rows.add(new String[]{"reference", referenceFile + " (" + f.referenceRows() + " samples)"});
        rows.add(new String[]{"dimension", Integer.toString(f.dimension())});
        rows.add(new String[]{"classifier accuracy", number(r.classifierAccuracy()) + "   (0.5 = indistinguishable)"});
        rows.add(new String[]{"  10-NN", number(r.knnAccuracy())});
        rows.add(new String[]{"  quadratic logistic", number(r.quadraticLogisticAccuracy())});
        rows.add(new String[]{"TV lower bound (2·acc − 1)", number(r.tvLowerBound())});
        double[] bandwidths = r.mmdBandwidths(), mmd2 = r.mmd2();
        for (int i = 0; i < mmd2.length; i++)
            rows.add(new String[]{"MMD² (bandwidth " + compact(bandwidths[i]) + ")", number(mmd2[i])});
        rows.add(new String[]{"energy distance", number(r.energyDistance())});
        rows.add(new String[]{"sliced Wasserstein-1", number(r.slicedWasserstein())});
        if (f.truth() != null) {
            TruthFindings t = f.truth();
            rows.add(new String[]{"truth", truthFile.toString()});
            rows.add(new String[]{"mean log-likelihood, generated", number(t.logLikelihoodGenerated())});
            rows.add(new String[]{"mean log-likelihood, reference", number(t.logLikelihoodReference())});
            rows.add(new String[]{"weight error", number(t.weightError())});
            rows.add(new String[]{"true weights", list(t.trueWeights())});
            rows.add(new String[]{"recovered weights", list(t.recoveredWeights())});
        }
        int width = 0;
        for (String[] row : rows) width = Math.max(width, row[0].length());
        StringBuilder table = new StringBuilder();
        for (String[] row : rows)
            table.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", row[0], row[1]));
        return table.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String compact(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String list(double[] values) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", values[i]));
        return s.toString();
    }
}
