package io.scorestream.features;

/**
 * Soft cells. Each cell of a level is also a Gaussian component — weight π_c, mean μ_c and
 * covariance U_c diag(λ_c) U_cᵀ + ρ_c (I − U_c U_cᵀ) in x₀ coordinates, with U_c the cell's
 * principal directions (those of its feature map) — and a point belongs to every cell in
 * proportion to that component's posterior.
 *
 * <p>Why: the exact noise predictor of a Gaussian mixture is Σ_c P(c | x_t)·E[ε | x_t, c], each
 * term affine in x_t ([CKS]). Hard Voronoi cells cut that sum at a boundary, and at mid noise,
 * where blurred components overlap, a cell's polynomial cannot follow the posterior's sigmoid
 * across it. Weighting each clean sample's row in cell c by its responsibility P(c | x₀) makes
 * the cell's least squares target exactly E[ε | x_t, c] (for any split of the data into soft
 * parts, since given x₀ the label and the noise are independent); the prediction blends the cells
 * by P(c | x_t) under the noised components N(a·μ_c, a²Σ_c + s²I). For a mixture whose
 * components are the cells this is the exact score; elsewhere each part is only approximately
 * Gaussian, and as the parts sharpen the gates become Voronoi cells again.
 */
public final class CellGates {
    /** Responsibilities below this share add no training row (the row would change nothing measurable). */
    public static final double TRAIN_CUTOFF = 1e-3;
    /** Gates below this share are skipped when predicting. */
    public static final double PREDICT_CUTOFF = 1e-6;
    /** Smallest clean variance a gate may have (standardised units): keeps thin cells finite. */
    public static final double VARIANCE_FLOOR = 1e-6;
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /** Math.exp is exactly 0 below this. */
    private static final double EXP_UNDERFLOW = -746;

    private final double[] logWeights;  // log π_c
    private final double[] variances;   // K×r clean variances along the cell's principal directions
    private final double[] residuals;   // K clean variance per coordinate of the complement

    public CellGates(double[] logWeights, double[] variances, double[] residuals) {
        int k = logWeights.length;
        if (residuals.length != k || (k > 0 && variances.length % k != 0))
            throw new IllegalArgumentException("gates: " + k + " weights, " + variances.length + " variances, " + residuals.length + " residuals");
        this.logWeights = logWeights.clone();
        this.variances = variances.clone();
        this.residuals = residuals.clone();
        for (int i = 0; i < this.variances.length; i++) this.variances[i] = floor(this.variances[i]);
        for (int c = 0; c < k; c++) {
            this.residuals[c] = floor(this.residuals[c]);
            if (!Double.isFinite(this.logWeights[c])) throw new IllegalArgumentException("gate weight of cell " + c + " is not positive");
        }
    }

    private static double floor(double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("gate variance must be finite and non-negative, got " + v);
        return Math.max(VARIANCE_FLOOR, v);
    }

    public int cells() { return logWeights.length; }
    public double[] logWeights() { return logWeights.clone(); }
    public double[] variances() { return variances.clone(); }
    public double[] residuals() { return residuals.clone(); }

    /** Whether every cell has the same variances, residual and (in maps) directions: one covariance shared. */
    public boolean shareOneCovariance(CellFeatureMap[] maps) {
        int k = cells(), r = k == 0 ? 0 : variances.length / k;
        for (int c = 1; c < k; c++)
            if (residuals[c] != residuals[0] || !java.util.Arrays.equals(variances, c * r, (c + 1) * r, variances, 0, r)
                    || !java.util.Arrays.equals(maps[c].directionRows(), maps[0].directionRows())) return false;
        return true;
    }

    /**
     * The gates at OU time (a, s²) for points in x_t coordinates; centres are the cells' x₀
     * centres (K×d, row-major), maps the cells' feature maps (their directions are shared).
     * (a, s²) = (1, 0) gives the clean responsibilities.
     */
    public Evaluator at(double alpha, double sigma2, double[] centres, CellFeatureMap[] maps) {
        double[][] directions = new double[maps.length][];
        for (int c = 0; c < maps.length; c++) directions[c] = maps[c].directionRows();
        return new Evaluator(alpha, sigma2, centres, directions, maps.length == 0 ? 0 : maps[0].dimension());
    }

    /** As {@link #at(double, double, double[], CellFeatureMap[])}, with each cell's r×d direction rows given. */
    public Evaluator at(double alpha, double sigma2, double[] centres, double[][] directions, int dimension) {
        return new Evaluator(alpha, sigma2, centres, directions, dimension);
    }

    /** Gate weights of one level; immutable, shareable across threads (callers pass the work array). */
    public final class Evaluator {
        private final int k, d, r;
        private final double[] centres;          // K×d at this level: a·μ_c
        private final double[][] directions;     // per cell, r×d rows
        private final double[] inverseVariances; // K×r: 1/(a²λ + s²)
        private final double[] inverseResiduals; // K: 1/(a²ρ + s²)
        private final double[] logNormalisers;   // K: log π − ½ log det

        private Evaluator(double a, double s2, double[] x0Centres, double[][] cellDirections, int dimension) {
            k = logWeights.length;
            d = dimension;
            r = k == 0 ? 0 : variances.length / k;
            if (cellDirections.length != k || x0Centres.length != k * d)
                throw new IllegalArgumentException("gates do not match the level's " + cellDirections.length + " cells");
            centres = new double[k * d];
            for (int i = 0; i < centres.length; i++) centres[i] = a * x0Centres[i];
            directions = new double[k][];
            inverseVariances = new double[k * r];
            inverseResiduals = new double[k];
            logNormalisers = new double[k];
            for (int c = 0; c < k; c++) {
                if (cellDirections[c].length != r * d)
                    throw new IllegalArgumentException("cell " + c + " has " + cellDirections[c].length / Math.max(d, 1) + " directions, its gate " + r);
                directions[c] = cellDirections[c];
                double logDet = 0;
                for (int q = 0; q < r; q++) {
                    double v = a * a * variances[c * r + q] + s2;
                    inverseVariances[c * r + q] = 1 / v;
                    logDet += Math.log(v);
                }
                double v = a * a * residuals[c] + s2;
                inverseResiduals[c] = 1 / v;
                logDet += (d - r) * Math.log(v);
                logNormalisers[c] = logWeights[c] - 0.5 * logDet;
            }
        }

        public int cells() { return k; }

        /** Directions each gate has (the rows {@link #weightsOfColumns} writes projections to, per cell). */
        public int rank() { return r; }

        /** Work array length {@link #weights} needs. */
        public int workLength() { return d; }

        /**
         * Posterior share of every cell for the point x[off..off+d) into out[0..K) (they sum to 1);
         * returns the point's log density under the mixture.
         */
        public double weights(double[] x, int off, double[] out, double[] work) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double squares = 0;
                int base = c * d;
                for (int j = 0; j < d; j++) {
                    double e = x[off + j] - centres[base + j];
                    work[j] = e;
                    squares += e * e;
                }
                double quadratic = 0;
                double[] u = directions[c];
                for (int q = 0; q < r; q++) {
                    double p = 0;
                    int row = q * d;
                    for (int j = 0; j < d; j++) p += u[row + j] * work[j];
                    quadratic += p * p * inverseVariances[c * r + q];
                    squares -= p * p;
                }
                quadratic += Math.max(squares, 0) * inverseResiduals[c];
                double logGate = logNormalisers[c] - 0.5 * quadratic;
                out[c] = logGate;
                if (logGate > best) best = logGate;
            }
            double total = 0;
            for (int c = 0; c < k; c++) total += out[c] = Math.exp(out[c] - best);
            for (int c = 0; c < k; c++) out[c] /= total;
            return best + Math.log(total) - 0.5 * d * LOG_2PI;
        }

        /**
         * {@link #weights} for n points at once, held as columns: xT[j][i] is coordinate j of point
         * i. Cell c's gate of point i goes to gate[c][i], its projections u_qᵀ(x − aμ_c) to
         * projections[c·r + q][i] (the feature maps reuse them); work needs d + 2 rows of n.
         * Every inner loop runs over points on rows that start at 0, which the JIT turns into
         * vector instructions (an offset into a shared flat array would leave it unsure whether
         * two rows overlap). Each number is made by the same operations in the same order as in
         * {@link #weights}, so the two agree bit for bit.
         */
        public void weightsOfColumns(double[][] xT, int n, double[][] gate, double[][] projections, double[][] work) {
            double[] squares = work[d], quadratic = work[d + 1];
            for (int c = 0; c < k; c++) {
                java.util.Arrays.fill(squares, 0, n, 0);
                java.util.Arrays.fill(quadratic, 0, n, 0);
                // The differences four coordinates per pass: squares gets its terms in order, so each
                // sum is the point-by-point one (j ascending from 0), with a quarter of the passes.
                int j = 0;
                for (; j + 4 <= d; j += 4) {
                    double c0 = centres[c * d + j], c1 = centres[c * d + j + 1], c2 = centres[c * d + j + 2], c3 = centres[c * d + j + 3];
                    double[] x0 = xT[j], x1 = xT[j + 1], x2 = xT[j + 2], x3 = xT[j + 3];
                    double[] e0 = work[j], e1 = work[j + 1], e2 = work[j + 2], e3 = work[j + 3];
                    for (int i = 0; i < n; i++) {
                        double a0 = x0[i] - c0, a1 = x1[i] - c1, a2 = x2[i] - c2, a3 = x3[i] - c3;
                        e0[i] = a0; e1[i] = a1; e2[i] = a2; e3[i] = a3;
                        squares[i] = squares[i] + a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3;
                    }
                }
                for (; j < d; j++) {
                    double centre = centres[c * d + j];
                    double[] x = xT[j], e = work[j];
                    for (int i = 0; i < n; i++) {
                        double a = x[i] - centre;
                        e[i] = a;
                        squares[i] += a * a;
                    }
                }
                double[] u = directions[c];
                for (int q = 0; q < r; q++) {
                    double[] v = projections[c * r + q];
                    java.util.Arrays.fill(v, 0, n, 0);
                    addProjection(v, u, q * d, work, d, n);
                    double inverse = inverseVariances[c * r + q];
                    for (int i = 0; i < n; i++) {
                        double vi = v[i];
                        quadratic[i] += vi * vi * inverse;
                        squares[i] -= vi * vi;
                    }
                }
                double inverse = inverseResiduals[c], normaliser = logNormalisers[c];
                double[] g = gate[c];
                for (int i = 0; i < n; i++) g[i] = normaliser - 0.5 * (quadratic[i] + Math.max(squares[i], 0) * inverse);
            }
            // The posterior, cell by cell over rows of points (best and total in work's first two rows).
            double[] best = work[0], total = work[1];
            java.util.Arrays.fill(best, 0, n, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(total, 0, n, 0);
            for (int c = 0; c < k; c++) {
                double[] g = gate[c];
                for (int i = 0; i < n; i++) best[i] = Math.max(best[i], g[i]);
            }
            for (int c = 0; c < k; c++) {
                double[] g = gate[c];
                for (int i = 0; i < n; i++) {
                    double log = g[i] - best[i];
                    // exp of anything below −746 is exactly 0: the call is skipped, the result is the same
                    total[i] += g[i] = log < EXP_UNDERFLOW ? 0 : Math.exp(log);
                }
            }
            for (int c = 0; c < k; c++) {
                double[] g = gate[c];
                for (int i = 0; i < n; i++) g[i] /= total[i];
            }
        }
        /**
         * v += Σ_j u[row + j]·e_j over the d coordinates in order, four per pass and the last one
         * to three in one more: the same sum as one term at a time, in fewer passes over v.
         */
        private static void addProjection(double[] v, double[] u, int row, double[][] e, int d, int n) {
            int j = 0;
            for (; j + 4 <= d; j += 4) {
                double u0 = u[row + j], u1 = u[row + j + 1], u2 = u[row + j + 2], u3 = u[row + j + 3];
                double[] e0 = e[j], e1 = e[j + 1], e2 = e[j + 2], e3 = e[j + 3];
                for (int i = 0; i < n; i++) v[i] = v[i] + u0 * e0[i] + u1 * e1[i] + u2 * e2[i] + u3 * e3[i];
            }
            switch (d - j) {
                case 3 -> {
                    double u0 = u[row + j], u1 = u[row + j + 1], u2 = u[row + j + 2];
                    double[] e0 = e[j], e1 = e[j + 1], e2 = e[j + 2];
                    for (int i = 0; i < n; i++) v[i] = v[i] + u0 * e0[i] + u1 * e1[i] + u2 * e2[i];
                }
                case 2 -> {
                    double u0 = u[row + j], u1 = u[row + j + 1];
                    double[] e0 = e[j], e1 = e[j + 1];
                    for (int i = 0; i < n; i++) v[i] = v[i] + u0 * e0[i] + u1 * e1[i];
                }
                case 1 -> {
                    double u0 = u[row + j];
                    double[] e0 = e[j];
                    for (int i = 0; i < n; i++) v[i] = v[i] + u0 * e0[i];
                }
                default -> { }
            }
        }
    }
}
