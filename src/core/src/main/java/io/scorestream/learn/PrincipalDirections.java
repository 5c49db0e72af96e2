package io.scorestream.learn;

import io.scorestream.model.SubspaceSplit;
import io.scorestream.features.PrincipalSubspace;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.SplittableRandom;

/**
 * The top k eigenpairs of a sample covariance by randomized subspace iteration
 * ({@link PrincipalSubspace#ofRows}): O(m·d·k) per pass and never a d×d matrix, so choosing a subspace at d = 1024 costs what a few passes over the reservoir do. The
 * total variance (trace) is exact, so PPCA's shared variance of the remaining d − r directions
 * needs no further eigenvalue.
 */
final class PrincipalDirections {
    private final double[] mean;
    private final double[] values;       // descending, length k
    private final DMatrixRMaj vectors;   // k×d, orthonormal rows
    private final double trace;

    private PrincipalDirections(double[] mean, double[] values, DMatrixRMaj vectors, double trace) {
        this.mean = mean;
        this.values = values;
        this.vectors = vectors;
        this.trace = trace;
    }

    /** How many directions were computed. */
    int count() { return values.length; }
    double[] values() { return values.clone(); }

    /** The top k (1 ≤ k &lt; d) principal directions of the rows of x. */
    static PrincipalDirections of(DMatrixRMaj x, int k, SplittableRandom rng) {
        int m = x.numRows, d = x.numCols;
        if (k < 1 || k > d) throw new IllegalArgumentException("asked for " + k + " directions of dimension " + d);
        double[] mean = new double[d];
        for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) mean[j] += x.data[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= m;
        DMatrixRMaj centred = new DMatrixRMaj(m, d);
        double trace = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < d; j++) {
                double v = x.data[i * d + j] - mean[j];
                centred.data[i * d + j] = v;
                trace += v * v;
            }
        trace /= m;
        PrincipalSubspace top = PrincipalSubspace.ofRows(centred, 1.0 / m, k, rng);
        return new PrincipalDirections(mean, top.variances(), top.directions(), trace);
    }

    /**
     * argmin over r in [1, count] of PPCA's BIC (top r variances free, the other d − r directions
     * one shared variance); count itself means the data may want more directions than computed.
     */
    int bicRank(int samples) { return bic(samples).rank(); }

    /** PPCA's BIC rank and its score there, −2 log-likelihood + parameters × log samples (constants left out). */
    record Bic(int rank, double score) {}

    /** As {@link #bicRank}, with the score. */
    Bic bic(int samples) {
        int d = mean.length, k = values.length;
        double floor = Math.max(values[0], 1e-300) * 1e-12;
        int best = k;
        double bestScore = Double.POSITIVE_INFINITY, logTop = 0, top = 0;
        for (int r = 1; r <= k && r < d; r++) {
            double lambda = Math.max(values[r - 1], floor);
            logTop += Math.log(lambda);
            top += lambda;
            double rest = Math.max((trace - top) / (d - r), floor);
            double minusTwoLogLik = samples * (logTop + (d - r) * Math.log(rest));
            double parameters = (double) d * r - r * (r - 1) / 2.0 + 1;
            double score = minusTwoLogLik + parameters * Math.log(samples);
            if (score < bestScore) { bestScore = score; best = r; }
        }
        return new Bic(best, bestScore);
    }

    /**
     * The split onto the top r directions, its complement's mean and per-coordinate variances
     * measured on the rows of x (those the directions were computed from).
     */
    SubspaceSplit split(DMatrixRMaj x, int r, double minVariance) {
        int m = x.numRows, d = mean.length;
        DMatrixRMaj basis = new DMatrixRMaj(r, d);
        System.arraycopy(vectors.data, 0, basis.data, 0, r * d);
        double[] inside = new double[r];
        for (int k = 0; k < r; k++) for (int j = 0; j < d; j++) inside[k] += basis.data[k * d + j] * mean[j];
        double[] outsideMean = mean.clone();
        for (int k = 0; k < r; k++) for (int j = 0; j < d; j++) outsideMean[j] -= inside[k] * basis.data[k * d + j];
        DMatrixRMaj centred = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) centred.data[i * d + j] = x.data[i * d + j] - mean[j];
        DMatrixRMaj y = new DMatrixRMaj(m, r), back = new DMatrixRMaj(m, d);
        CommonOps_DDRM.multTransB(centred, basis, y);
        CommonOps_DDRM.mult(y, basis, back);
        double[] variances = new double[d];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < d; j++) {
                double e = centred.data[i * d + j] - back.data[i * d + j];
                variances[j] += e * e / m;
            }
        return SubspaceSplit.of(basis, outsideMean, complementVariances(basis, variances, minVariance));
    }

    /**
     * The λ of a complement modelled as P⊥·diag(λ)·P⊥ whose diagonal is the residual variances v:
     * v_j = Σ_k (P⊥)²_jk λ_k, solved exactly (O(d³), or O(d·r⁴) for a narrow subspace). The residual's own variance would
     * shrink the complement by 1 − r/d on average (half at r = 30 of d = 64); dividing each v_j by
     * (P⊥)_jj alone is exact only for equal λ, and with columns of unequal noise (QUALITY.md,
     * "Columns of unequal noise") it mixed their variances: the generated rows were too wide in
     * the quiet columns. Where the system is singular or gives a λ below the floor, the division.
     */
    static double[] complementVariances(DMatrixRMaj basis, double[] residual, double minVariance) {
        int r = basis.numRows, d = basis.numCols;
        double[] leverage = new double[d];   // (UᵀU)_jj
        for (int k = 0; k < r; k++) for (int j = 0; j < d; j++) leverage[j] += basis.data[k * d + j] * basis.data[k * d + j];
        // (P⊥)∘(P⊥) has rank at most q(q + 1)/2 for P⊥ of rank q = d − r: below d it is singular.
        long q = d - r;
        double[] lambda = null;
        if (q * (q + 1) / 2 >= d) {
            int pairs = r * (r + 1) / 2;
            lambda = 2 * pairs < d ? solveLowRank(basis, leverage, residual, minVariance) : null;
            if (lambda == null) lambda = solveDense(basis, residual, minVariance);
        }
        double[] out = new double[d];
        for (int j = 0; j < d; j++)
            out[j] = lambda != null ? lambda[j] : Math.max(residual[j] / Math.max(1 - leverage[j], 1e-3), minVariance);
        return out;
    }

    /** The exact λ by a dense solve of (P⊥)∘(P⊥)·λ = v, O(d³); null where it fails or gives a λ below the floor. */
    private static double[] solveDense(DMatrixRMaj basis, double[] residual, double minVariance) {
        int d = basis.numCols;
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(basis, basis, gram);   // UᵀU; P⊥ = I − UᵀU
        DMatrixRMaj squares = new DMatrixRMaj(d, d), lambda = new DMatrixRMaj(d, 1), v = new DMatrixRMaj(d, 1, true, residual);
        for (int j = 0; j < d; j++)
            for (int k = 0; k < d; k++) {
                double p = (j == k ? 1 : 0) - gram.get(j, k);
                squares.set(j, k, p * p);
            }
        if (!CommonOps_DDRM.solve(squares, v, lambda)) return null;
        DMatrixRMaj back = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.mult(squares, lambda, back);
        return accepted(lambda.data, back.data, residual, minVariance) ? lambda.data : null;
    }

    /**
     * The same λ where the subspace is narrow (r(r + 1) below d/2: 100 rows of 3 000 columns, whose
     * dense solve took 9 s a candidate): (P⊥)∘(P⊥) = D + CCᵀ with D = diag(1 − 2(UᵀU)_jj) and C's
     * columns u_a∘u_a and √2·u_a∘u_b (a < b) over the rows u_a of U, solved by Woodbury's identity in
     * O(d·r⁴ + r⁶). Null where D has a zero or the answer fails the same checks (the dense solve then).
     */
    private static double[] solveLowRank(DMatrixRMaj basis, double[] leverage, double[] residual, double minVariance) {
        int r = basis.numRows, d = basis.numCols, pairs = r * (r + 1) / 2;
        double[] diagonal = new double[d];
        for (int j = 0; j < d; j++) {
            diagonal[j] = 1 - 2 * leverage[j];
            if (Math.abs(diagonal[j]) < 1e-8) return null;
        }
        DMatrixRMaj c = new DMatrixRMaj(d, pairs);
        for (int a = 0, col = 0; a < r; a++)
            for (int b = a; b < r; b++, col++) {
                double weight = a == b ? 1 : Math.sqrt(2);
                for (int j = 0; j < d; j++) c.data[j * pairs + col] = weight * basis.data[a * d + j] * basis.data[b * d + j];
            }
        DMatrixRMaj scaled = new DMatrixRMaj(d, pairs);   // D⁻¹C
        for (int j = 0; j < d; j++) for (int col = 0; col < pairs; col++) scaled.data[j * pairs + col] = c.data[j * pairs + col] / diagonal[j];
        DMatrixRMaj inner = CommonOps_DDRM.identity(pairs);   // I + CᵀD⁻¹C
        CommonOps_DDRM.multAddTransA(c, scaled, inner);
        DMatrixRMaj scaledV = new DMatrixRMaj(d, 1), t = new DMatrixRMaj(pairs, 1), s = new DMatrixRMaj(pairs, 1);
        for (int j = 0; j < d; j++) scaledV.data[j] = residual[j] / diagonal[j];
        CommonOps_DDRM.multTransA(c, scaledV, t);
        if (!CommonOps_DDRM.solve(inner, t, s)) return null;
        DMatrixRMaj correction = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.mult(scaled, s, correction);
        double[] lambda = new double[d];
        for (int j = 0; j < d; j++) lambda[j] = scaledV.data[j] - correction.data[j];
        DMatrixRMaj l = DMatrixRMaj.wrap(d, 1, lambda), ctl = new DMatrixRMaj(pairs, 1), back = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.multTransA(c, l, ctl);
        CommonOps_DDRM.mult(c, ctl, back);
        for (int j = 0; j < d; j++) back.data[j] += diagonal[j] * lambda[j];
        return accepted(lambda, back.data, residual, minVariance) ? lambda : null;
    }

    /** Every λ finite and at the floor or above, and reproducing the residual variances (a near-singular system need not). */
    private static boolean accepted(double[] lambda, double[] back, double[] residual, double minVariance) {
        for (int j = 0; j < lambda.length; j++)
            if (!Double.isFinite(lambda[j]) || lambda[j] < minVariance || Math.abs(back[j] - residual[j]) > 1e-6 * Math.max(residual[j], minVariance)) return false;
        return true;
    }

}
