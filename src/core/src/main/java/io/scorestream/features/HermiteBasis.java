package io.scorestream.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Products of probabilists' Hermite polynomials {@code Π He_{αᵢ}(zᵢ)} over multi-indices α of total
 * degree 2..D in r variables. Degrees 0 and 1 are left out because the affine part of the feature
 * map already spans them. The He_k are orthogonal under N(0, 1), so on standardised coordinates
 * the Gram matrix stays close to diagonal and the normal equations well conditioned.
 */
public final class HermiteBasis {
    private final int rank;
    private final int degree;
    private final int[][] exponents;
    // Each term's factors as offsets into the He table (i·(D+1) + αᵢ for αᵢ ≠ 0, i ascending), padded
    // to the same count with the table's He₀ = 1 entry: evaluation is then a fixed-length loop with no
    // data-dependent branch, and multiplying by an exact 1 leaves every product bit for bit the same.
    private final int factorsPerTerm;
    private final int[] factorIndex;

    public HermiteBasis(int rank, int degree) {
        if (rank < 0) throw new IllegalArgumentException("rank must be >= 0, got " + rank);
        if (degree < 1) throw new IllegalArgumentException("degree must be >= 1, got " + degree);
        this.rank = rank;
        this.degree = degree;
        List<int[]> terms = new ArrayList<>();
        for (int total = 2; total <= degree; total++) enumerate(new int[rank], 0, total, terms);
        this.exponents = terms.toArray(new int[0][]);
        this.factorsPerTerm = Math.max(1, Math.min(rank, degree));
        this.factorIndex = new int[exponents.length * factorsPerTerm];   // zeros: He₀ of the first variable, = 1
        for (int term = 0; term < exponents.length; term++) {
            int f = term * factorsPerTerm;
            for (int i = 0; i < rank; i++) if (exponents[term][i] != 0) factorIndex[f++] = i * (degree + 1) + exponents[term][i];
        }
    }

    private static void enumerate(int[] current, int position, int remaining, List<int[]> out) {
        if (position == current.length) {
            if (remaining == 0) out.add(current.clone());
            return;
        }
        for (int e = remaining; e >= 0; e--) {
            current[position] = e;
            enumerate(current, position + 1, remaining - e, out);
        }
        current[position] = 0;
    }

    public int rank() { return rank; }
    public int degree() { return degree; }
    public int size() { return exponents.length; }

    /** The multi-index α of a term. */
    public int[] exponents(int term) { return exponents[term].clone(); }

    /** Number of values {@link #evaluate} needs in its work array. */
    public int workSize() { return rank * (degree + 1); }

    /**
     * Writes the {@link #size()} products at z (length ≥ rank) into out[offset..]. work[workOffset..]
     * holds the table He_k(z_i) and must have {@link #workSize()} entries there.
     */
    public void evaluate(double[] z, double[] out, int offset, double[] work, int workOffset) {
        int stride = degree + 1;
        for (int i = 0; i < rank; i++) {
            double zi = z[i];
            int base = workOffset + i * stride;
            work[base] = 1;
            if (degree >= 1) work[base + 1] = zi;
            for (int k = 1; k < degree; k++) work[base + k + 1] = zi * work[base + k] - k * work[base + k - 1];
        }
        int per = factorsPerTerm;
        if (per == 2) {   // degree 2, the default: one product per term
            for (int term = 0, f = 0; term < exponents.length; term++, f += 2)
                out[offset + term] = work[workOffset + factorIndex[f]] * work[workOffset + factorIndex[f + 1]];
            return;
        }
        if (per == 3) {   // degree 3 (the judged cubic): the general loop's products, in its order, unrolled
            for (int term = 0, f = 0; term < exponents.length; term++, f += 3)
                out[offset + term] = work[workOffset + factorIndex[f]] * work[workOffset + factorIndex[f + 1]] * work[workOffset + factorIndex[f + 2]];
            return;
        }
        for (int term = 0, f = 0; term < exponents.length; term++) {
            double v = work[workOffset + factorIndex[f++]];
            for (int q = 1; q < per; q++) v *= work[workOffset + factorIndex[f++]];
            out[offset + term] = v;
        }
    }

    /**
     * {@link #evaluate} for m points held as columns. On entry table[i·(D+1) + 1][t] holds z_i of
     * point t; the rest of the table (D+1 rows per variable) is filled here, and term j of point t
     * goes to out[offset + j][t]. The same operations in the same order as {@link #evaluate}.
     */
    public void evaluateColumns(double[][] table, int m, double[][] out, int offset) {
        int stride = degree + 1;
        for (int i = 0; i < rank; i++) {
            int base = i * stride;
            java.util.Arrays.fill(table[base], 0, m, 1);
            for (int k = 1; k < degree; k++) {
                double[] next = table[base + k + 1], z = table[base + 1], current = table[base + k], previous = table[base + k - 1];
                for (int t = 0; t < m; t++) next[t] = z[t] * current[t] - k * previous[t];
            }
        }
        int per = factorsPerTerm;
        for (int term = 0; term < exponents.length; term++) {
            double[] v = out[offset + term], first = table[factorIndex[term * per]];
            System.arraycopy(first, 0, v, 0, m);
            for (int q = 1; q < per; q++) {
                double[] factor = table[factorIndex[term * per + q]];
                for (int t = 0; t < m; t++) v[t] *= factor[t];
            }
        }
    }
}
