package io.scorestream.metrics;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

/** Metrics of a sample against a known Gaussian-mixture truth (in the sample's own coordinates). */
public final class TruthMetrics {
    private TruthMetrics() {}

    /** Mean of log p(x) under the truth over the rows of x; for x drawn from the truth this estimates −entropy. */
    public static double meanLogLikelihood(GaussianMixture truth, DMatrixRMaj x) {
        check(truth, x);
        double[] row = new double[x.numCols];
        double sum = 0;
        for (int i = 0; i < x.numRows; i++) {
            System.arraycopy(x.data, i * x.numCols, row, 0, row.length);
            sum += truth.logDensity(row);
        }
        return sum / x.numRows;
    }

    /** ŵᵢ = share of rows whose most likely true component is i. */
    public static double[] recoveredWeights(GaussianMixture truth, DMatrixRMaj x) {
        check(truth, x);
        double[] counts = new double[truth.size()];
        double[] row = new double[x.numCols];
        for (int i = 0; i < x.numRows; i++) {
            System.arraycopy(x.data, i * x.numCols, row, 0, row.length);
            counts[truth.mostLikelyComponent(row)]++;
        }
        for (int i = 0; i < counts.length; i++) counts[i] /= x.numRows;
        return counts;
    }

    /**
     * Total variation ½Σ|ŵᵢ − wᵢ| between recovered and true weights. Even a perfect sample scores
     * above 0 when components overlap, because hard assignment moves mass between neighbours.
     */
    public static double weightError(GaussianMixture truth, DMatrixRMaj x) {
        double[] recovered = recoveredWeights(truth, x);
        double tv = 0;
        for (int i = 0; i < recovered.length; i++) tv += Math.abs(recovered[i] - truth.weight(i));
        return 0.5 * tv;
    }

    private static void check(GaussianMixture truth, DMatrixRMaj x) {
        if (truth == null || x == null) throw new IllegalArgumentException("a truth and a sample are required");
        if (x.numCols != truth.dimension())
            throw new IllegalArgumentException("sample has dimension " + x.numCols + " but truth has dimension " + truth.dimension());
        if (x.numRows < 1) throw new IllegalArgumentException("sample has no rows");
    }
}
