package io.scorestream.metrics;

import org.ejml.data.DMatrixRMaj;

/**
 * All squared Euclidean distances from rows of a query matrix to the rows of a fixed target matrix,
 * computed as |a|² + |b|² − 2a·b.
 *
 * <p>The dot products are computed four queries × four targets at a time: sixteen independent
 * accumulators keep the FMA units busy and each loaded value is used four times, about twice as
 * fast as one pair at a time or an axpy over transposed targets (measured at d=64, 10 000²). The
 * subtraction loses absolute precision ~1e-16·|x|², far below anything the metrics resolve.
 */
final class SquaredDistances {
    private final int d;
    private final int targets;
    private final double[] target;
    private final double[] norms;

    /** Keeps a reference to target's data; the caller must not change it while this is in use. */
    SquaredDistances(DMatrixRMaj target) {
        this.d = target.numCols;
        this.targets = target.numRows;
        this.target = target.data;
        this.norms = new double[targets];
        for (int j = 0; j < targets; j++) norms[j] = dot(this.target, j * d, this.target, j * d, d);
    }

    int targets() { return targets; }

    /**
     * out[i·targets + j] = |query row (first + i) − target row j|², for i in [0, count).
     * out must hold at least count·targets values.
     */
    void fromRows(DMatrixRMaj query, int first, int count, double[] out) {
        if (query.numCols != d) throw new IllegalArgumentException("query dimension " + query.numCols + " != " + d);
        double[] q = query.data, t = target;
        int nt = targets;
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            int q0 = (first + i) * d, q1 = q0 + d, q2 = q1 + d, q3 = q2 + d;
            double n0 = dot(q, q0, q, q0, d), n1 = dot(q, q1, q, q1, d), n2 = dot(q, q2, q, q2, d), n3 = dot(q, q3, q, q3, d);
            int o0 = i * nt, o1 = o0 + nt, o2 = o1 + nt, o3 = o2 + nt;
            int j = 0;
            for (; j + 4 <= nt; j += 4) {
                int t0 = j * d, t1 = t0 + d, t2 = t1 + d, t3 = t2 + d;
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
                for (int k = 0; k < d; k++) {
                    double a0 = q[q0 + k], a1 = q[q1 + k], a2 = q[q2 + k], a3 = q[q3 + k];
                    double b0 = t[t0 + k], b1 = t[t1 + k], b2 = t[t2 + k], b3 = t[t3 + k];
                    s00 = Math.fma(a0, b0, s00); s01 = Math.fma(a0, b1, s01); s02 = Math.fma(a0, b2, s02); s03 = Math.fma(a0, b3, s03);
                    s10 = Math.fma(a1, b0, s10); s11 = Math.fma(a1, b1, s11); s12 = Math.fma(a1, b2, s12); s13 = Math.fma(a1, b3, s13);
                    s20 = Math.fma(a2, b0, s20); s21 = Math.fma(a2, b1, s21); s22 = Math.fma(a2, b2, s22); s23 = Math.fma(a2, b3, s23);
                    s30 = Math.fma(a3, b0, s30); s31 = Math.fma(a3, b1, s31); s32 = Math.fma(a3, b2, s32); s33 = Math.fma(a3, b3, s33);
                }
                double m0 = norms[j], m1 = norms[j + 1], m2 = norms[j + 2], m3 = norms[j + 3];
                out[o0 + j] = squared(n0, m0, s00); out[o0 + j + 1] = squared(n0, m1, s01); out[o0 + j + 2] = squared(n0, m2, s02); out[o0 + j + 3] = squared(n0, m3, s03);
                out[o1 + j] = squared(n1, m0, s10); out[o1 + j + 1] = squared(n1, m1, s11); out[o1 + j + 2] = squared(n1, m2, s12); out[o1 + j + 3] = squared(n1, m3, s13);
                out[o2 + j] = squared(n2, m0, s20); out[o2 + j + 1] = squared(n2, m1, s21); out[o2 + j + 2] = squared(n2, m2, s22); out[o2 + j + 3] = squared(n2, m3, s23);
                out[o3 + j] = squared(n3, m0, s30); out[o3 + j + 1] = squared(n3, m1, s31); out[o3 + j + 2] = squared(n3, m2, s32); out[o3 + j + 3] = squared(n3, m3, s33);
            }
            for (; j < nt; j++) {
                int tj = j * d;
                out[o0 + j] = squared(n0, norms[j], dot(q, q0, t, tj, d));
                out[o1 + j] = squared(n1, norms[j], dot(q, q1, t, tj, d));
                out[o2 + j] = squared(n2, norms[j], dot(q, q2, t, tj, d));
                out[o3 + j] = squared(n3, norms[j], dot(q, q3, t, tj, d));
            }
        }
        for (; i < count; i++) {
            int qi = (first + i) * d;
            double ni = dot(q, qi, q, qi, d);
            for (int j = 0; j < nt; j++) out[i * nt + j] = squared(ni, norms[j], dot(q, qi, t, j * d, d));
        }
    }

    // Rounding can push coincident points slightly below zero.
    private static double squared(double queryNorm, double targetNorm, double dot) {
        return Math.max(0, queryNorm + targetNorm - 2 * dot);
    }

    private static double dot(double[] a, int aOff, double[] b, int bOff, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) s = Math.fma(a[aOff + k], b[bOff + k], s);
        return s;
    }
}
