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
     * v_j = Σ_k (P⊥)²_jk λ_k, solved exactly (O(d²·r + d³)). The residual's own variance would
     * shrink the complement by 1 − r/d on average (half at r = 30 of d = 64); dividing each v_j by
     * (P⊥)_jj alone is exact only for equal λ, and with columns of unequal noise (QUALITY.md,
     * "Columns of unequal noise") it mixed their variances: the generated rows were too wide in
     * the quiet columns. Where the system is singular or gives a λ below the floor, the division.
     */
    static double[] complementVariances(DMatrixRMaj basis, double[] residual, double minVariance) {
        int r = basis.numRows, d = basis.numCols;
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(basis, basis, gram);   // UᵀU; P⊥ = I − UᵀU
        DMatrixRMaj squares = new DMatrixRMaj(d, d), lambda = new DMatrixRMaj(d, 1), v = new DMatrixRMaj(d, 1, true, residual);
        for (int j = 0; j < d; j++)
            for (int k = 0; k < d; k++) {
                double p = (j == k ? 1 : 0) - gram.get(j, k);
                squares.set(j, k, p * p);
            }
        // (P⊥)∘(P⊥) has rank at most q(q + 1)/2 for P⊥ of rank q = d − r: below d it is singular.
        long q = d - r;
        boolean solved = q * (q + 1) / 2 >= d && CommonOps_DDRM.solve(squares, v, lambda);
        for (int j = 0; solved && j < d; j++) solved = Double.isFinite(lambda.data[j]) && lambda.data[j] >= minVariance;
        if (solved) {   // and it must reproduce the residual variances (a near-singular system need not)
            DMatrixRMaj back = new DMatrixRMaj(d, 1);
            CommonOps_DDRM.mult(squares, lambda, back);
            for (int j = 0; solved && j < d; j++) solved = Math.abs(back.data[j] - residual[j]) <= 1e-6 * Math.max(residual[j], minVariance);
        }
        double[] out = new double[d];
        for (int j = 0; j < d; j++)
            out[j] = solved ? lambda.data[j] : Math.max(residual[j] / Math.max(1 - gram.get(j, j), 1e-3), minVariance);
        return out;
    }
}
