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
    // Each term's factors as offsets into the He table (i·(D+1) + αᵢ for αᵢ ≠ 0, i ascending):
    // evaluation walks a flat list instead of testing every exponent.
    private final int[] factorStart;
    private final int[] factorIndex;

    public HermiteBasis(int rank, int degree) {
        if (rank < 0) throw new IllegalArgumentException("rank must be >= 0, got " + rank);
        if (degree < 1) throw new IllegalArgumentException("degree must be >= 1, got " + degree);
        this.rank = rank;
        this.degree = degree;
        List<int[]> terms = new ArrayList<>();
        for (int total = 2; total <= degree; total++) enumerate(new int[rank], 0, total, terms);
        this.exponents = terms.toArray(new int[0][]);
        this.factorStart = new int[exponents.length + 1];
        List<Integer> factors = new ArrayList<>();
        for (int term = 0; term < exponents.length; term++) {
            for (int i = 0; i < rank; i++) if (exponents[term][i] != 0) factors.add(i * (degree + 1) + exponents[term][i]);
            factorStart[term + 1] = factors.size();
        }
        this.factorIndex = factors.stream().mapToInt(Integer::intValue).toArray();
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
        for (int term = 0; term < exponents.length; term++) {
            double v = 1;
            for (int f = factorStart[term]; f < factorStart[term + 1]; f++) v *= work[workOffset + factorIndex[f]];
            out[offset + term] = v;
        }
    }
}
