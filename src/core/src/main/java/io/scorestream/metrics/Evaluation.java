package io.scorestream.metrics;

import io.scorestream.columns.ColumnTypes;
import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything {@code eval} reports about a generated sample: the two-sample comparison with a
 * reference sample and, when the true mixture is known, the truth metrics. Shared by the
 * {@code eval} command and the HTML report, so both show the same numbers in the same words.
 *
 * @param offTypeShare share of generated values off their column's lattice or range, both learned from the reference
 * @param truth null when no truth was given
 */
public record Evaluation(int dimension, int generatedRows, int referenceRows, TwoSampleReport twoSample, double offTypeShare, TruthFindings truth) {

    /** Metrics of the generated sample (and the reference, for comparison) under the true mixture. */
    public record TruthFindings(double meanLogLikelihoodGenerated, double meanLogLikelihoodReference,
                                double weightError, double[] trueWeights, double[] recoveredWeights) {
        public TruthFindings {
            trueWeights = trueWeights.clone();
            recoveredWeights = recoveredWeights.clone();
        }

        @Override public double[] trueWeights() { return trueWeights.clone(); }
        @Override public double[] recoveredWeights() { return recoveredWeights.clone(); }
    }

    /** One labelled, formatted value of the human-readable rendering. */
    public record Line(String label, String value) {}

    /** Compares generated with reference (and with the truth when it is not null); see {@link TwoSampleMetrics#compare}. */
    public static Evaluation of(DMatrixRMaj generated, DMatrixRMaj reference, GaussianMixture truth, long seed) {
        TwoSampleReport report = TwoSampleMetrics.compare(generated, reference, seed);
        TruthFindings findings = truth == null ? null : new TruthFindings(
                TruthMetrics.meanLogLikelihood(truth, generated),
                TruthMetrics.meanLogLikelihood(truth, reference),
                TruthMetrics.weightError(truth, generated),
                truth.weights(),
                TruthMetrics.recoveredWeights(truth, generated));
        double offType = ColumnTypes.learn(reference).offTypeShare(generated);
        return new Evaluation(generated.numCols, generated.numRows, reference.numRows, report, offType, findings);
    }

    /** The two-sample metrics, labelled and formatted as {@code eval} prints them. */
    public List<Line> twoSampleLines() {
        TwoSampleReport r = twoSample;
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("classifier accuracy", number(r.classifierAccuracy()) + "   (0.5 = indistinguishable)"));
        lines.add(new Line("  10-NN", number(r.knnAccuracy())));
        lines.add(new Line("  quadratic logistic", number(r.quadraticLogisticAccuracy())));
        lines.add(new Line("TV lower bound (2·acc − 1)", number(r.tvLowerBound())));
        double[] bandwidths = r.mmdBandwidths(), mmd2 = r.mmd2();
        for (int i = 0; i < mmd2.length; i++)
            lines.add(new Line("MMD² (bandwidth " + compact(bandwidths[i]) + ")", number(mmd2[i])));
        lines.add(new Line("energy distance", number(r.energyDistance())));
        lines.add(new Line("sliced Wasserstein-1", number(r.slicedWasserstein())));
        lines.add(new Line("off-type share", number(offTypeShare) + "   (generated values off the lattice or range of the reference columns)"));
        return lines;
    }

    /** The truth metrics, labelled and formatted as {@code eval} prints them; empty without a truth. */
    public List<Line> truthLines() {
        if (truth == null) return List.of();
        return List.of(
                new Line("mean log-likelihood, generated", number(truth.meanLogLikelihoodGenerated())),
                new Line("mean log-likelihood, reference", number(truth.meanLogLikelihoodReference())),
                new Line("weight error", number(truth.weightError())),
                new Line("true weights", list(truth.trueWeights())),
                new Line("recovered weights", list(truth.recoveredWeights())));
    }

    /** Four significant digits, the precision of every metric in the human-readable rendering. */
    public static String number(double v) {
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
