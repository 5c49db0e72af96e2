package io.scorestream.features;

/**
 * The r largest eigenvalues of a symmetric d×d matrix and their eigenvectors, without the other
 * d − r vectors: Householder reduction to tridiagonal form (Golub and Van Loan, algorithm 8.3.1),
 * the top eigenvalues of the tridiagonal matrix by bisection on Sturm counts (§8.4.1), their
 * vectors by inverse iteration (§8.2.2), taken back through the stored reflectors.
 *
 * <p>Why not a full decomposition: the soft cells' EM takes every component's top r directions at
 * every step, and a full symmetric eigen-decomposition (implicit QR with every vector accumulated)
 * was a third of a 64-column fit (PERFORMANCE.md §46). Here the reduction is the only O(d³) part;
 * the eigenvalues cost O(r·d) per bisection step and the vectors O(r·d²).
 *
 * <p>Vectors of eigenvalues closer than {@link #CLUSTER} times the matrix's norm are kept orthogonal
 * to one another during the iteration, so a repeated eigenvalue gets an orthonormal basis of its
 * space (any basis of it is as good). Not thread-safe: one instance per thread, reused across
 * matrices of its dimension without allocating.
 */
public final class TopEigenpairs {
    /** Relative gap under which two eigenvalues' vectors are kept orthogonal by Gram–Schmidt. */
    static final double CLUSTER = 1e-3;
    private static final int INVERSE_STEPS = 3;
    /** Bisection's bracket, relative to the matrix's norm, before inverse iteration takes over. */
    private static final double BISECTION_TOLERANCE = 1e-10;

    private final int d;
    private final double[] a;                    // working copy, row-major; reflector k below a[k+1][k]
    private final double[] diag, off;            // the tridiagonal matrix (off[i] joins i and i + 1)
    private final double[] betas;                // H_k = I − β_k v vᵀ, v = (0.., 1 at k + 1, a[k+2..][k])
    private final double[] p, w, v;              // the reduction's work vectors (v: the reflector)
    private final double[] sub, main, upper, second, multipliers, y;   // (T − λI)'s pivoted LU, a solve's vector
    private final boolean[] swapped;

    public TopEigenpairs(int dimension) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        d = dimension;
        a = new double[d * d];
        diag = new double[d];
        off = new double[d];
        betas = new double[d];
        p = new double[d];
        w = new double[d];
        v = new double[d];
        sub = new double[d];
        main = new double[d];
        upper = new double[d];
        second = new double[d];
        multipliers = new double[d];
        y = new double[d];
        swapped = new boolean[d];
    }

    public int dimension() { return d; }

    /**
     * The top rank eigenvalues of the symmetric matrix m (row-major d×d, read only) into values,
     * largest first, and their unit eigenvectors into the rows of vectors (rank×d, row-major).
     * False, with nothing written, if m holds a value that is not finite.
     */
    public boolean decompose(double[] m, int rank, double[] values, double[] vectors) {
        if (rank < 0 || rank > d) throw new IllegalArgumentException("asked for " + rank + " eigenpairs of dimension " + d);
        for (int i = 0; i < d * d; i++) if (!Double.isFinite(m[i])) return false;
        if (rank == 0) return true;
        System.arraycopy(m, 0, a, 0, d * d);
        tridiagonalise();
        double norm = 0;
        for (int i = 0; i < d; i++)
            norm = Math.max(norm, Math.abs(diag[i]) + (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < d - 1 ? Math.abs(off[i]) : 0));
        if (norm == 0) {   // the zero matrix: every axis is an eigenvector
            java.util.Arrays.fill(values, 0, rank, 0.0);
            java.util.Arrays.fill(vectors, 0, rank * d, 0.0);
            for (int k = 0; k < rank; k++) vectors[k * d + k] = 1;
            return true;
        }
        double ceiling = norm;
        for (int k = 0; k < rank; k++) {
            // The next eigenvalue is at most this one: bisection starts below the last.
            values[k] = eigenvalue(d - 1 - k, -norm, ceiling, norm);
            inverseIteration(values, k, norm, vectors);
            values[k] = rayleighQuotient(vectors, k * d);
            ceiling = Math.min(ceiling, values[k] + BISECTION_TOLERANCE * norm);
        }
        for (int k = 0; k < rank; k++) backTransform(vectors, k * d);
        return true;
    }

    /** Householder reduction of a (symmetric, both triangles kept) to the tridiagonal (diag, off). */
    private void tridiagonalise() {
        for (int k = 0; k < d - 2; k++) {
            diag[k] = a[k * d + k];
            double scale = 0;
            for (int i = k + 1; i < d; i++) scale = Math.max(scale, Math.abs(a[i * d + k]));
            if (scale == 0) { off[k] = 0; betas[k] = 0; continue; }
            double squares = 0;
            for (int i = k + 1; i < d; i++) { double x = a[i * d + k] / scale; squares += x * x; }
            double x0 = a[(k + 1) * d + k] / scale;
            double alpha = -Math.copySign(Math.sqrt(squares), x0);   // H x = α·scale e₁
            double v0 = x0 - alpha;
            for (int i = k + 2; i < d; i++) a[i * d + k] = a[i * d + k] / scale / v0;
            double beta = -v0 / alpha;                                // 2 / vᵀv with v₀ = 1
            betas[k] = beta;
            off[k] = alpha * scale;
            // H A H on the trailing block: p = β A v, w = p − (β pᵀv / 2) v, A − v wᵀ − w vᵀ.
            int first = k + 1;
            v[first] = 1;
            for (int i = first + 1; i < d; i++) v[i] = a[i * d + k];
            double pv = 0;
            for (int i = first; i < d; i++) {
                int row = i * d;
                double sum = 0;
                for (int j = first; j < d; j++) sum += a[row + j] * v[j];
                p[i] = beta * sum;
                pv += p[i] * v[i];
            }
            double half = beta * pv / 2;
            for (int i = first; i < d; i++) w[i] = p[i] - half * v[i];
            for (int i = first; i < d; i++) {
                double vi = v[i], wi = w[i];
                int row = i * d;
                for (int j = i; j < d; j++) a[row + j] -= vi * w[j] + wi * v[j];
                for (int j = i + 1; j < d; j++) a[j * d + i] = a[row + j];
            }
        }
        if (d >= 2) {
            diag[d - 2] = a[(d - 2) * d + d - 2];
            off[d - 2] = a[(d - 1) * d + d - 2];
        }
        diag[d - 1] = a[(d - 1) * d + d - 1];
    }

    /**
     * The index-th smallest eigenvalue of the tridiagonal matrix (0-based), by bisection in [lo, hi]
     * to {@link #BISECTION_TOLERANCE} of the norm: inverse iteration needs a shift that close,
     * and the Rayleigh quotient of its vector then gives the value to rounding.
     */
    private double eigenvalue(int index, double lo, double hi, double norm) {
        lo -= Double.MIN_NORMAL;
        hi += Double.MIN_NORMAL;
        double tolerance = BISECTION_TOLERANCE * norm;
        while (hi - lo > tolerance) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (below(mid) > index) hi = mid; else lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** xᵀTx for the unit vector x at offset of v: the tridiagonal's eigenvalue for its eigenvector, to rounding. */
    private double rayleighQuotient(double[] v, int offset) {
        double sum = 0;
        for (int i = 0; i < d; i++) {
            double x = v[offset + i];
            sum += diag[i] * x * x;
            if (i + 1 < d) sum += 2 * off[i] * x * v[offset + i + 1];
        }
        return sum;
    }

    /** How many eigenvalues of the tridiagonal matrix are below x (Sturm's sequence of pivots). */
    private int below(double x) {
        int count = 0;
        double q = 1;
        for (int i = 0; i < d; i++) {
            double coupling = i > 0 ? off[i - 1] * off[i - 1] : 0;
            q = diag[i] - x - (i > 0 ? coupling / q : 0);
            if (q == 0) q = -Double.MIN_NORMAL;   // an exact zero pivot counts as just below
            if (q < 0) count++;
        }
        return count;
    }

    /** Vector k of the tridiagonal matrix for values[k], orthogonal to earlier vectors of close eigenvalues, into row k of vectors. */
    private void inverseIteration(double[] values, int k, double norm, double[] vectors) {
        factor(values[k], norm);
        int row = k * d;
        // A start of its own for each vector, with no symmetry an eigenvector could be orthogonal to:
        // two vectors of one repeated eigenvalue from one start would be the same vector.
        for (int i = 0; i < d; i++) vectors[row + i] = 1 + 0.5 * Math.sin(1.7 * i + 0.3 + 2.3 * k);
        orthogonalise(values, k, norm, vectors);
        for (int step = 0; step < INVERSE_STEPS; step++) {
            solve(vectors, row);
            orthogonalise(values, k, norm, vectors);
            double length = 0;
            for (int i = 0; i < d; i++) length += vectors[row + i] * vectors[row + i];
            length = Math.sqrt(length);
            if (!(length > 0) || !Double.isFinite(length)) {   // lost (a start inside the earlier vectors' span): restart off-axis
                for (int i = 0; i < d; i++) vectors[row + i] = (i + k) % d == 0 ? 1 : 0;
                continue;
            }
            for (int i = 0; i < d; i++) vectors[row + i] /= length;
        }
    }

    /** Row k of vectors less its parts along earlier rows whose eigenvalues are within {@link #CLUSTER} of its own. */
    private void orthogonalise(double[] values, int k, double norm, double[] vectors) {
        int row = k * d;
        for (int j = 0; j < k; j++) {
            if (Math.abs(values[j] - values[k]) > CLUSTER * norm) continue;
            double dot = 0;
            for (int i = 0; i < d; i++) dot += vectors[j * d + i] * vectors[row + i];
            for (int i = 0; i < d; i++) vectors[row + i] -= dot * vectors[j * d + i];
        }
    }

    /** LU of T − λI with partial pivoting (LINPACK's dgtsl order): upper in main, upper, second. */
    private void factor(double lambda, double norm) {
        double tiny = Math.max(norm, Double.MIN_NORMAL) * 1e-15;
        for (int i = 0; i < d; i++) {
            main[i] = diag[i] - lambda;
            upper[i] = i < d - 1 ? off[i] : 0;
            sub[i] = i > 0 ? off[i - 1] : 0;
            second[i] = 0;
        }
        for (int i = 0; i < d - 1; i++) {
            swapped[i] = Math.abs(sub[i + 1]) > Math.abs(main[i]);
            if (swapped[i]) {
                // Row i + 1 (sub, main, upper at columns i, i+1, i+2) becomes the pivot row.
                double t = main[i]; main[i] = sub[i + 1]; sub[i + 1] = t;
                t = upper[i]; upper[i] = main[i + 1]; main[i + 1] = t;
                second[i] = upper[i + 1];
                upper[i + 1] = 0;
            }
            if (main[i] == 0) main[i] = tiny;
            double m = sub[i + 1] / main[i];
            multipliers[i + 1] = m;
            main[i + 1] -= m * upper[i];
            upper[i + 1] -= m * second[i];
        }
        if (main[d - 1] == 0) main[d - 1] = tiny;
    }

    /** Solves (T − λI) x = b in place (b is row at offset of v) with the factors of {@link #factor}. */
    private void solve(double[] v, int offset) {
        for (int i = 0; i < d; i++) y[i] = v[offset + i];
        for (int i = 0; i < d - 1; i++) {
            if (swapped[i]) { double t = y[i]; y[i] = y[i + 1]; y[i + 1] = t; }
            y[i + 1] -= multipliers[i + 1] * y[i];
        }
        for (int i = d - 1; i >= 0; i--) {
            double s = y[i];
            if (i + 1 < d) s -= upper[i] * y[i + 1];
            if (i + 2 < d) s -= second[i] * y[i + 2];
            y[i] = s / main[i];
        }
        // Scale down before it overflows: an exact eigenvalue makes the solve's growth huge.
        double max = 0;
        for (int i = 0; i < d; i++) max = Math.max(max, Math.abs(y[i]));
        double scale = max > 0 && Double.isFinite(max) ? 1 / max : 1;
        for (int i = 0; i < d; i++) v[offset + i] = y[i] * scale;
    }

    /** x ← H_0 H_1 ⋯ H_{d−3} x for the row of vectors at offset: the tridiagonal's eigenvector as the matrix's. */
    private void backTransform(double[] vectors, int offset) {
        for (int k = d - 3; k >= 0; k--) {
            if (betas[k] == 0) continue;
            int first = k + 1;
            double dot = vectors[offset + first];
            for (int i = first + 1; i < d; i++) dot += a[i * d + k] * vectors[offset + i];
            double f = betas[k] * dot;
            vectors[offset + first] -= f;
            for (int i = first + 1; i < d; i++) vectors[offset + i] -= f * a[i * d + k];
        }
    }
}
