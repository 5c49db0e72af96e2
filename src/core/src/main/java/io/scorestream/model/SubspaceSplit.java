package io.scorestream.model;

import org.ejml.EjmlParameters;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

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
    private final double[][] transposedRows;  // the same d×r as d arrays, for project's blocked kernel
    private final double[] complementMean;  // m⊥, orthogonal to the rows of U
    private final double[] complementVariances;

    private SubspaceSplit(int dimension, DMatrixRMaj basis, double[] complementMean, double[] complementVariances) {
        this.dimension = dimension;
        this.basis = basis;
        this.transposed = basis == null ? null : CommonOps_DDRM.transpose(basis, null);
        this.transposedRows = transposed == null ? null : rows(transposed);
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
        // EJML's mult sums with its row-reordered kernel from MULT_COLUMN_SWITCH columns on and by dot
        // products below; the blocked kernel repeats the former's sums exactly, so only there.
        if (basis.numRows >= EjmlParameters.MULT_COLUMN_SWITCH) multiplyReordered(x.data, x.numRows, x.numCols, transposedRows, y.data);
        else CommonOps_DDRM.mult(x, transposed, y);
    }

    private static double[][] rows(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) System.arraycopy(m.data, i * m.numCols, out[i], 0, m.numCols);
        return out;
    }

    /**
     * y = x·B (x n×d, B as d rows of r) with the very sums of EJML's {@code mult_reorder}: each
     * y[i][j] starts as x[i][0]·B[0][j] and adds x[i][k]·B[k][j] for k = 1, 2, … in order, so the
     * result is the same bit for bit. Four rows of x share each row of B (loaded once, not four
     * times), and the inner loops index by j alone, which C2 vectorises; the product at d = 768,
     * r = 24 was a tenth of a stream's CPU (PERFORMANCE.md §20).
     */
    static void multiplyReordered(double[] x, int n, int d, double[][] b, double[] y) {
        int r = b[0].length;
        double[] y0 = new double[r], y1 = new double[r], y2 = new double[r], y3 = new double[r];
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
            double[] row = b[0];
            double v0 = x[a0], v1 = x[a1], v2 = x[a2], v3 = x[a3];
            for (int j = 0; j < r; j++) { double w = row[j]; y0[j] = v0 * w; y1[j] = v1 * w; y2[j] = v2 * w; y3[j] = v3 * w; }
            for (int k = 1; k < d; k++) {
                row = b[k];
                v0 = x[a0 + k]; v1 = x[a1 + k]; v2 = x[a2 + k]; v3 = x[a3 + k];
                for (int j = 0; j < r; j++) { double w = row[j]; y0[j] += v0 * w; y1[j] += v1 * w; y2[j] += v2 * w; y3[j] += v3 * w; }
            }
            System.arraycopy(y0, 0, y, i * r, r);
            System.arraycopy(y1, 0, y, (i + 1) * r, r);
            System.arraycopy(y2, 0, y, (i + 2) * r, r);
            System.arraycopy(y3, 0, y, (i + 3) * r, r);
        }
        for (; i < n; i++) {
            int a = i * d;
            double v = x[a];
            for (int j = 0; j < r; j++) y0[j] = v * b[0][j];
            for (int k = 1; k < d; k++) {
                double[] row = b[k];
                v = x[a + k];
                for (int j = 0; j < r; j++) y0[j] += v * row[j];
            }
            System.arraycopy(y0, 0, y, i * r, r);
        }
    }

    /** x·Uᵀ in a new matrix (x itself when full). */
    public DMatrixRMaj project(DMatrixRMaj x) {
        if (basis == null) return x;
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, basis.numRows);
        project(x, y);
        return y;
    }

    /**
     * The noise predictor in all d coordinates at a level of scales (a, s): out = ε̂_y·U + ε̂⊥, from x
     * (n×d), its projection y (n×r) and the cells' prediction ε̂_y in subspace coordinates (n×r).
     * ε̂⊥ is the complement Gaussian's exact noise, s·(V E Vᵀ)⁻¹ in complement coordinates with
     * E = diag(a²v + s²): by the same identity as {@link #complementLogDensities},
     * ε̂⊥ = s·(E⁻¹e − E⁻¹Uᵀ M⁻¹ U E⁻¹ e), M = U E⁻¹ Uᵀ, e = x⊥ − a·m⊥; O(d·r) per row.
     * noiseY is overwritten.
     */
    public void lift(double a, double s, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj noiseY, DMatrixRMaj out) {
        if (basis == null) { out.setTo(noiseY); return; }
        int n = x.numRows, d = dimension, r = basis.numRows;
        double[] inverse = new double[d];
        for (int j = 0; j < d; j++) inverse[j] = 1 / (a * a * complementVariances[j] + s * s);
        DMatrixRMaj lower = choleskyOfScaledGram(inverse);
        // w = E⁻¹e with e = x − yU − a·m⊥ (the complement part of x, centred).
        DMatrixRMaj w = new DMatrixRMaj(n, d);
        CommonOps_DDRM.mult(y, basis, w);
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) w.data[base + j] = inverse[j] * (x.data[base + j] - w.data[base + j] - a * complementMean[j]);
        }
        // w −= E⁻¹Uᵀ M⁻¹ (U w), then scale by s: U·w is now 0, w lies in the complement.
        DMatrixRMaj b = new DMatrixRMaj(n, r), back = new DMatrixRMaj(n, d);
        CommonOps_DDRM.mult(w, transposed, b);
        for (int i = 0; i < n; i++) solveInPlace(lower, b.data, i * r, r);
        CommonOps_DDRM.mult(b, basis, back);
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int j = 0; j < d; j++) w.data[base + j] = s * (w.data[base + j] - inverse[j] * back.data[base + j]);
        }
        // out = P⊥w + ε̂_y·U = w + (ε̂_y − wUᵀ)·U (wUᵀ is zero up to rounding).
        DMatrixRMaj wU = new DMatrixRMaj(n, r);
        CommonOps_DDRM.mult(w, transposed, wU);
        for (int i = 0; i < n * r; i++) noiseY.data[i] -= wU.data[i];
        out.reshape(n, d);
        CommonOps_DDRM.mult(noiseY, basis, out);
        CommonOps_DDRM.addEquals(out, w);
    }

    /** Lower Cholesky factor L of M = U·diag(weights)·Uᵀ (r×r). */
    private DMatrixRMaj choleskyOfScaledGram(double[] weights) {
        int r = basis.numRows, d = dimension;
        DMatrixRMaj scaled = new DMatrixRMaj(r, d), m = new DMatrixRMaj(r, r);
        for (int k = 0; k < r; k++) for (int j = 0; j < d; j++) scaled.data[k * d + j] = basis.data[k * d + j] * weights[j];
        CommonOps_DDRM.multTransB(scaled, basis, m);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(r, true);
        if (!chol.decompose(m)) throw new IllegalStateException("U·D⁻¹·Uᵀ is not positive definite");
        return chol.getT(null);
    }

    /** v[off..off+r) ← M⁻¹v for M = LLᵀ (forward then backward substitution). */
    private static void solveInPlace(DMatrixRMaj lower, double[] v, int off, int r) {
        for (int k = 0; k < r; k++) {
            double t = v[off + k];
            for (int q = 0; q < k; q++) t -= lower.data[k * r + q] * v[off + q];
            v[off + k] = t / lower.data[k * r + k];
        }
        for (int k = r - 1; k >= 0; k--) {
            double t = v[off + k];
            for (int q = k + 1; q < r; q++) t -= lower.data[q * r + k] * v[off + q];
            v[off + k] = t / lower.data[k * r + k];
        }
    }

    /**
     * Log density of each row's complement part x⊥ = P⊥x under N(m⊥, P⊥·D·P⊥), D = diag(v), on the
     * (d − r)-dimensional complement: with V an orthonormal basis of the complement,
     * (V D Vᵀ)⁻¹ = V(D⁻¹ − D⁻¹Uᵀ M⁻¹ U D⁻¹)Vᵀ and det(V D Vᵀ) = det D · det M, M = U D⁻¹ Uᵀ (r×r),
     * so each row costs O(d·r) and no (d − r)-square matrix is formed. Added to a density of the
     * subspace coordinates y = Ux it is the split model's density of x (the basis is orthonormal).
     */
    public double[] complementLogDensities(DMatrixRMaj x) {
        if (basis == null) throw new IllegalStateException("a full split has no complement");
        int n = x.numRows, d = dimension, r = basis.numRows;
        double[] inverse = new double[d];
        for (int j = 0; j < d; j++) inverse[j] = 1 / complementVariances[j];
        DMatrixRMaj lower = choleskyOfScaledGram(inverse);
        double logDet = 0;
        for (double v : complementVariances) logDet += Math.log(v);
        for (int k = 0; k < r; k++) logDet += 2 * Math.log(lower.get(k, k));
        double constant = -0.5 * ((d - r) * Math.log(2 * Math.PI) + logDet);
        DMatrixRMaj y = project(x), e = new DMatrixRMaj(n, d), b = new DMatrixRMaj(n, r);
        CommonOps_DDRM.mult(y, basis, e);
        for (int i = 0; i < n * d; i++) e.data[i] = x.data[i] - e.data[i] - complementMean[i % d];
        DMatrixRMaj scaled = e.copy();
        for (int i = 0; i < n * d; i++) scaled.data[i] *= inverse[i % d];
        CommonOps_DDRM.mult(scaled, transposed, b);   // b = U D⁻¹ e per row
        double[] out = new double[n], solved = new double[r];
        for (int i = 0; i < n; i++) {
            double quad = 0;
            for (int j = 0; j < d; j++) quad += e.data[i * d + j] * e.data[i * d + j] / complementVariances[j];
            // bᵀM⁻¹b = ‖L⁻¹b‖² by forward substitution with M = LLᵀ.
            for (int k = 0; k < r; k++) {
                double v = b.data[i * r + k];
                for (int q = 0; q < k; q++) v -= lower.get(k, q) * solved[q];
                solved[k] = v / lower.get(k, k);
                quad -= solved[k] * solved[k];
            }
            out[i] = constant - 0.5 * quad;
        }
        return out;
    }
}
