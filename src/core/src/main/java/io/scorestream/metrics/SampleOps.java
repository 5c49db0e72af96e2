package io.scorestream.metrics;

import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/** Row-level helpers shared by the metrics (and the random subset the kernel density baseline judges its bandwidth on). */
public final class SampleOps {
    private SampleOps() {}

    /**
     * Per-coordinate mean and standard deviation of the reference; a constant coordinate gets scale 1
     * so it does not turn into NaN.
     */
    public static double[][] meanAndScale(DMatrixRMaj reference) {
        int n = reference.numRows, d = reference.numCols;
        double[] mean = new double[d], scale = new double[d];
        double[] x = reference.data;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += x[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j] - mean[j];
                scale[j] += v * v;
            }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / Math.max(1, n - 1));
            scale[j] = sd > 0 ? sd : 1;
        }
        return new double[][]{mean, scale};
    }

    /**
     * Each of rows in the reference's standardised coordinates ({@link #meanAndScale}), in the order
     * given: how the metrics, the report's scatter and the dashboard compare generated rows with real ones.
     */
    public static DMatrixRMaj[] inUnitsOf(DMatrixRMaj reference, DMatrixRMaj... rows) {
        double[][] meanScale = meanAndScale(reference);
        DMatrixRMaj[] out = new DMatrixRMaj[rows.length];
        for (int r = 0; r < rows.length; r++) out[r] = standardise(rows[r], meanScale[0], meanScale[1]);
        return out;
    }

    /** A new matrix with every row mapped to (x − mean) / scale. */
    static DMatrixRMaj standardise(DMatrixRMaj x, double[] mean, double[] scale) {
        int n = x.numRows, d = x.numCols;
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) out.data[i * d + j] = (x.data[i * d + j] - mean[j]) / scale[j];
        return out;
    }

    /** x itself when it has at most max rows, else max distinct rows chosen uniformly at random. */
    static DMatrixRMaj subsampleRows(DMatrixRMaj x, int max, SplittableRandom rng) {
        if (x.numRows <= max) return x;
        return copyRows(x, randomPermutation(x.numRows, max, rng), 0, max);
    }

    /** The first count entries of a uniformly random permutation of 0..n−1 (partial Fisher–Yates). */
    public static int[] randomPermutation(int n, int count, SplittableRandom rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    /** Rows rows[from..from+count−1] of x, in that order. */
    static DMatrixRMaj copyRows(DMatrixRMaj x, int[] rows, int from, int count) {
        int d = x.numCols;
        DMatrixRMaj out = new DMatrixRMaj(count, d);
        for (int i = 0; i < count; i++) System.arraycopy(x.data, rows[from + i] * d, out.data, i * d, d);
        return out;
    }

    /** The rows of a followed by the rows of b. */
    static DMatrixRMaj stack(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows + b.numRows, a.numCols);
        System.arraycopy(a.data, 0, out.data, 0, a.getNumElements());
        System.arraycopy(b.data, 0, out.data, a.getNumElements(), b.getNumElements());
        return out;
    }
}
