package io.scorestream.model;

import org.ejml.data.DMatrixRMaj;

/**
 * Per-coordinate centring and scaling. The diffusion runs on standardised data so that one
 * default noise grid fits any feed: the top level is pure noise and the bottom level is far below
 * the data's scale whatever units the data came in.
 */
public record Standardiser(double[] mean, double[] scale) {

    public Standardiser {
        if (mean.length != scale.length) throw new IllegalArgumentException("mean and scale differ in length");
        mean = mean.clone();
        scale = scale.clone();
        for (double s : scale) if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("scale must be positive and finite, got " + s);
    }


    /** Mean and standard deviation of each column; a constant column gets scale 1. */
    public static Standardiser of(DMatrixRMaj data) {
        int n = data.numRows, d = data.numCols;
        double[] mean = new double[d], var = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += data.data[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= Math.max(n, 1);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double diff = data.data[i * d + j] - mean[j];
                var[j] += diff * diff;
            }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(var[j] / Math.max(n - 1, 1));
            scale[j] = sd > 1e-12 * (1 + Math.abs(mean[j])) ? sd : 1;
        }
        return new Standardiser(mean, scale);
    }

    public int dimension() { return mean.length; }

    /** out = (x − mean) / scale, row by row (out may be x). */
    public void forward(DMatrixRMaj x, DMatrixRMaj out) {
        int d = mean.length;
        out.reshape(x.numRows, d);
        for (int i = 0; i < x.numRows; i++)
            for (int j = 0; j < d; j++) out.data[i * d + j] = (x.data[i * d + j] - mean[j]) / scale[j];
    }

    /** out = x·scale + mean, row by row (out may be x). */
    public void inverse(DMatrixRMaj x, DMatrixRMaj out) {
        int d = mean.length;
        out.reshape(x.numRows, d);
        for (int i = 0; i < x.numRows; i++)
            for (int j = 0; j < d; j++) out.data[i * d + j] = x.data[i * d + j] * scale[j] + mean[j];
    }
}
