package io.scorestream.model;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Where a model's cells live: either all d latent coordinates ({@link #full}), or an
 * r-dimensional principal subspace U (orthonormal rows) with a Gaussian in its orthogonal
 * complement. In the split form the levels' partitions, feature maps and coefficients are all in
 * subspace coordinates y = Ux, so a cell costs O(r²) whatever d is; the complement holds
 * x⊥ = P⊥x (P⊥ = I − UᵀU) ~ N(m⊥, P⊥·diag(v)·P⊥), one variance per coordinate, whose noise
 * predictor at (a, s) is affine: {@code ε̂⊥ = P⊥·c∘(x⊥ − a·m⊥)} with {@code c_j = s/(a²v_j + s²)}.
 * It is exact when the variances are equal (isotropic noise outside the subspace: [GKL], for
 * identity covariances the non-linear part of the score lies in the span of the means; [CKS]
 * project on the top principal subspace) and when U is axis-aligned; for unequal variances and an
 * oblique U it is the per-coordinate approximation, O(d·r) per row like the projection itself.
 * Immutable.
 */
public final class SubspaceSplit {
    private final int dimension;
    private final DMatrixRMaj basis;        // r×d, orthonormal rows; null when full
    private final DMatrixRMaj transposed;   // d×r, so both products below run EJML's row-reordered kernel
    private final double[] complementMean;  // m⊥, orthogonal to the rows of U
    private final double[] complementVariances;

    private SubspaceSplit(int dimension, DMatrixRMaj basis, double[] complementMean, double[] complementVariances) {
        this.dimension = dimension;
        this.basis = basis;
        this.transposed = basis == null ? null : CommonOps_DDRM.transpose(basis, null);
        this.complementMean = complementMean;
        this.complementVariances = complementVariances;
    }

    /** No split: cells see every coordinate (today's structure, and what low-dimensional data choose). */
    public static SubspaceSplit full(int dimension) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        return new SubspaceSplit(dimension, null, null, null);
    }

    /**
     * Cells in the span of basis's rows (r×d, orthonormal, 1 ≤ r &lt; d); the complement a Gaussian of
     * mean complementMean (length d, orthogonal to the rows) and per-coordinate variances complementVariances.
     */
    public static SubspaceSplit of(DMatrixRMaj basis, double[] complementMean, double[] complementVariances) {
        int r = basis.numRows, d = basis.numCols;
        if (r < 1 || r >= d) throw new IllegalArgumentException("subspace rank must be in 1.." + (d - 1) + ", got " + r);
        if (complementMean.length != d) throw new IllegalArgumentException("complement mean has length " + complementMean.length + ", expected " + d);
        if (complementVariances.length != d)
            throw new IllegalArgumentException("complement variances have length " + complementVariances.length + ", expected " + d);
        for (double v : complementVariances)
            if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException("complement variances must be positive and finite, got " + v);
        for (double v : basis.data) if (!Double.isFinite(v)) throw new IllegalArgumentException("subspace basis is not finite");
        for (double v : complementMean) if (!Double.isFinite(v)) throw new IllegalArgumentException("complement mean is not finite");
        return new SubspaceSplit(d, basis.copy(), complementMean.clone(), complementVariances.clone());
    }

    public boolean isFull() { return basis == null; }
    /** d: the coordinates the model is asked about. */
    public int dimension() { return dimension; }
    /** r: the coordinates the cells see (d when full). */
    public int rank() { return basis == null ? dimension : basis.numRows; }
    public DMatrixRMaj basis() { return basis == null ? null : basis.copy(); }
    public double[] complementMean() { return complementMean == null ? null : complementMean.clone(); }
    public double[] complementVariances() { return complementVariances == null ? null : complementVariances.clone(); }

    /** y = x·Uᵀ (n×r); when full, a copy of x. */
    public void project(DMatrixRMaj x, DMatrixRMaj y) {
        if (basis == null) { y.setTo(x); return; }
        y.reshape(x.numRows, basis.numRows);
        CommonOps_DDRM.mult(x, transposed, y);
    }

    /** x·Uᵀ in a new matrix (x itself when full). */
    public DMatrixRMaj project(DMatrixRMaj x) {
        if (basis == null) return x;
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, basis.numRows);
        project(x, y);
        return y;
    }

    /**
     * The noise predictor in all d coordinates at a level of scales (a, s): out = ε̂_y·U + P⊥·c∘(x⊥ − a·m⊥),
     * from x (n×d), its projection y (n×r) and the cells' prediction ε̂_y in subspace coordinates (n×r).
     * noiseY is overwritten.
     */
    public void lift(double a, double s, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj noiseY, DMatrixRMaj out) {
        if (basis == null) { out.setTo(noiseY); return; }
        int n = x.numRows, d = dimension, r = basis.numRows;
        double[] c = new double[d];
        for (int j = 0; j < d; j++) c[j] = s / (a * a * complementVariances[j] + s * s);
        // w = c∘(x − yU − a·m⊥), then out = w − (wUᵀ)U + ε̂_y·U = w + (ε̂_y − wUᵀ)·U.
        DMatrixRMaj w = new DMatrixRMaj(n, d);
        CommonOps_DDRM.mult(y, basis, w);
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) w.data[base + j] = c[j] * (x.data[base + j] - w.data[base + j] - a * complementMean[j]);
        }
        DMatrixRMaj wU = new DMatrixRMaj(n, r);
        CommonOps_DDRM.mult(w, transposed, wU);
        for (int i = 0; i < n * r; i++) noiseY.data[i] -= wU.data[i];
        out.reshape(n, d);
        CommonOps_DDRM.mult(noiseY, basis, out);
        CommonOps_DDRM.addEquals(out, w);
    }
}
