package io.scorestream.regression;

/**
 * The statistics update as one pass over a batch: {@code G += ΦᵀΦ} on the lower triangle only and
 * {@code B += ΦᵀY}, with Φ (m×p), Y (m×d), G (p×p) and B (p×d) held as arrays of rows.
 *
 * <p>Rows are taken four at a time, so each element of G and B is loaded and stored once per four
 * samples (four multiply-adds per memory round trip instead of one). Every inner loop indexes its
 * arrays by the loop variable alone: HotSpot's C2 (JDK 17) vectorises {@code g[j] += a·φ[j]} but
 * not {@code gram[g + j] += a·phi[f + j]} with two different loop-invariant offsets, as the flat
 * layout this replaced had it (PERFORMANCE.md §1 has the difference). Nothing is allocated. The upper
 * triangle of G is neither read nor written: {@link CellStatistics} mirrors it when it is asked for.
 */
public final class GramKernel {
    private GramKernel() {}

    /** Adds rows [from, to) of phi (each of length ≥ p) and y (each ≥ d) into gram's lower triangle and cross. */
    public static void accumulate(double[][] phi, double[][] y, int from, int to, int p, int d, double[][] gram, double[][] cross) {
        int r = from;
        for (; r + 4 <= to; r += 4) {
            double[] q0 = phi[r], q1 = phi[r + 1], q2 = phi[r + 2], q3 = phi[r + 3];
            double[] z0 = y[r], z1 = y[r + 1], z2 = y[r + 2], z3 = y[r + 3];
            for (int i = 0; i < p; i++) {
                double a0 = q0[i], a1 = q1[i], a2 = q2[i], a3 = q3[i];
                double[] g = gram[i];
                for (int j = 0; j <= i; j++) g[j] += a0 * q0[j] + a1 * q1[j] + a2 * q2[j] + a3 * q3[j];
                double[] b = cross[i];
                for (int j = 0; j < d; j++) b[j] += a0 * z0[j] + a1 * z1[j] + a2 * z2[j] + a3 * z3[j];
            }
        }
        for (; r < to; r++) {
            double[] q = phi[r], z = y[r];
            for (int i = 0; i < p; i++) {
                double a = q[i];
                double[] g = gram[i];
                for (int j = 0; j <= i; j++) g[j] += a * q[j];
                double[] b = cross[i];
                for (int j = 0; j < d; j++) b[j] += a * z[j];
            }
        }
    }
}
