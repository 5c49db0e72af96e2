package io.scorestream.regression;

/**
 * The statistics update as one pass over a batch: {@code G += ΦᵀΦ} on the lower triangle only and
 * {@code B += ΦᵀY}, for row-major Φ (m×p) and Y (m×d).
 *
 * <p>Rows are taken four at a time, so each element of G and B is loaded and stored once per four
 * samples (four multiply-adds per memory round trip instead of one); the inner loops run over
 * contiguous columns and are vectorised by the JIT. Nothing is allocated. The upper triangle of G
 * is neither read nor written: {@link CellStatistics} mirrors it when it is asked for.
 */
public final class GramKernel {
    private GramKernel() {}

    /** Adds rows [from, to) of phi (·×p) and y (·×d) into gram (p×p, lower triangle) and cross (p×d). */
    public static void accumulate(double[] phi, double[] y, int from, int to, int p, int d, double[] gram, double[] cross) {
        int r = from;
        for (; r + 4 <= to; r += 4) {
            int f0 = r * p, f1 = f0 + p, f2 = f1 + p, f3 = f2 + p;
            int y0 = r * d, y1 = y0 + d, y2 = y1 + d, y3 = y2 + d;
            for (int i = 0; i < p; i++) {
                double a0 = phi[f0 + i], a1 = phi[f1 + i], a2 = phi[f2 + i], a3 = phi[f3 + i];
                int g = i * p;
                for (int j = 0; j <= i; j++)
                    gram[g + j] += a0 * phi[f0 + j] + a1 * phi[f1 + j] + a2 * phi[f2 + j] + a3 * phi[f3 + j];
                int b = i * d;
                for (int j = 0; j < d; j++)
                    cross[b + j] += a0 * y[y0 + j] + a1 * y[y1 + j] + a2 * y[y2 + j] + a3 * y[y3 + j];
            }
        }
        for (; r < to; r++) {
            int f = r * p, yr = r * d;
            for (int i = 0; i < p; i++) {
                double a = phi[f + i];
                int g = i * p;
                for (int j = 0; j <= i; j++) gram[g + j] += a * phi[f + j];
                int b = i * d;
                for (int j = 0; j < d; j++) cross[b + j] += a * y[yr + j];
            }
        }
    }

    /** Copies the lower triangle of a row-major p×p matrix onto its upper triangle. */
    public static void mirrorLower(double[] gram, int p) {
        for (int i = 0; i < p; i++)
            for (int j = 0; j < i; j++) gram[j * p + i] = gram[i * p + j];
    }
}
