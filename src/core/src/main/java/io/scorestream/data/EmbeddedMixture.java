package io.scorestream.data;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * The shape of an embedding feed: a mixture whose structure lives in a low-dimensional subspace of
 * a high-dimensional space. {@value #COMPONENTS} components; in a fixed {@value #SUBSPACE}-dimensional
 * subspace Q (orthonormal columns) each has a mean Q·μₖ and an anisotropic covariance Q·Aₖ·Qᵀ
 * (Aₖ = Rₖ·diag(λ)·Rₖᵀ, λ log-spaced over [0.3, 3], Rₖ a random rotation); outside Q every
 * component has the same isotropic noise of variance {@value #OUTSIDE_VARIANCE}. The 16 means span
 * 15 dimensions of Q; the covariances' anisotropy fills the rest. Weights are unequal (1 + k/15).
 * All parameters come from a fixed internal seed: they are part of the kind, not of a draw.
 */
final class EmbeddedMixture {
    static final int SUBSPACE = 24;
    static final int COMPONENTS = 16;
    static final double OUTSIDE_VARIANCE = 0.1;
    private static final double MEAN_SPREAD = 1.5;
    private static final long PARAMETER_SEED = 0xE3BEDD1DL;

    private final int d;
    private final double[][] basis;      // SUBSPACE rows of length d: Q's columns
    private final double[] weights;
    private final double[][] means;      // μₖ in subspace coordinates
    private final double[][][] factors;  // Fₖ = Rₖ·diag(√λ), so Aₖ = Fₖ·Fₖᵀ

    EmbeddedMixture(int d) {
        if (d < SUBSPACE) throw new IllegalArgumentException("an embedded mixture needs d >= " + SUBSPACE + ", got " + d);
        this.d = d;
        SplittableRandom rng = new SplittableRandom(PARAMETER_SEED);
        this.basis = orthonormalRows(SUBSPACE, d, rng);
        this.weights = new double[COMPONENTS];
        this.means = new double[COMPONENTS][SUBSPACE];
        this.factors = new double[COMPONENTS][][];
        for (int k = 0; k < COMPONENTS; k++) {
            weights[k] = 1 + k / 15.0;
            for (int j = 0; j < SUBSPACE; j++) means[k][j] = MEAN_SPREAD * rng.nextGaussian();
            double[][] rotation = orthonormalRows(SUBSPACE, SUBSPACE, rng);
            factors[k] = new double[SUBSPACE][SUBSPACE];
            for (int a = 0; a < SUBSPACE; a++)
                for (int b = 0; b < SUBSPACE; b++) {
                    double lambda = 0.3 * Math.pow(10, (double) b / (SUBSPACE - 1));
                    factors[k][a][b] = rotation[b][a] * Math.sqrt(lambda);
                }
        }
    }

    /** The same mixture with explicit d×d covariances Q·Aₖ·Qᵀ + v·(I − Q·Qᵀ). */
    GaussianMixture truth() {
        double total = 0;
        for (double w : weights) total += w;
        double[] w = new double[COMPONENTS];
        double[][] fullMeans = new double[COMPONENTS][];
        double[][][] covariances = new double[COMPONENTS][][];
        for (int k = 0; k < COMPONENTS; k++) {
            w[k] = weights[k] / total;
            fullMeans[k] = lift(means[k]);
            // Q·(Aₖ − v·I)·Qᵀ + v·I, built from B = Q·Fₖ (d×24): B·Bᵀ − v·Q·Qᵀ + v·I.
            double[][] b = new double[d][SUBSPACE];
            for (int i = 0; i < d; i++)
                for (int c = 0; c < SUBSPACE; c++) {
                    double s = 0;
                    for (int j = 0; j < SUBSPACE; j++) s += basis[j][i] * factors[k][j][c];
                    b[i][c] = s;
                }
            double[][] cov = new double[d][d];
            for (int i = 0; i < d; i++)
                for (int l = 0; l <= i; l++) {
                    double s = 0, q = 0;
                    for (int c = 0; c < SUBSPACE; c++) { s += b[i][c] * b[l][c]; q += basis[c][i] * basis[c][l]; }
                    double v = s - OUTSIDE_VARIANCE * q + (i == l ? OUTSIDE_VARIANCE : 0);
                    cov[i][l] = v;
                    cov[l][i] = v;
                }
            covariances[k] = cov;
        }
        return new GaussianMixture(w, fullMeans, covariances);
    }

    /** n draws: x = Q(μₖ + Fₖg) + √v·(h − Q·Qᵀh) with g, h standard normal. */
    DMatrixRMaj sample(int n, SplittableRandom rng) {
        double total = 0;
        for (double w : weights) total += w;
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        double[] low = new double[SUBSPACE], g = new double[SUBSPACE], h = new double[d];
        double noise = Math.sqrt(OUTSIDE_VARIANCE);
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble() * total;
            int k = 0;
            while (k < COMPONENTS - 1 && (u -= weights[k]) >= 0) k++;
            for (int c = 0; c < SUBSPACE; c++) g[c] = rng.nextGaussian();
            for (int j = 0; j < d; j++) h[j] = noise * rng.nextGaussian();
            for (int a = 0; a < SUBSPACE; a++) {
                double s = means[k][a], projected = 0;
                for (int c = 0; c < SUBSPACE; c++) s += factors[k][a][c] * g[c];
                double[] q = basis[a];
                for (int j = 0; j < d; j++) projected += q[j] * h[j];
                low[a] = s - projected;   // the subspace coordinate, minus h's part there
            }
            int base = i * d;
            for (int j = 0; j < d; j++) out.data[base + j] = h[j];
            for (int a = 0; a < SUBSPACE; a++) {
                double[] q = basis[a];
                double s = low[a];
                for (int j = 0; j < d; j++) out.data[base + j] += s * q[j];
            }
        }
        return out;
    }

    private double[] lift(double[] low) {
        double[] x = new double[d];
        for (int a = 0; a < SUBSPACE; a++) for (int j = 0; j < d; j++) x[j] += low[a] * basis[a][j];
        return x;
    }

    /** rows orthonormal vectors of length n: Gram–Schmidt (twice, for rounding) on Gaussian vectors. */
    private static double[][] orthonormalRows(int rows, int n, SplittableRandom rng) {
        double[][] u = new double[rows][n];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) u[i][j] = rng.nextGaussian();
            for (int pass = 0; pass < 2; pass++)
                for (int p = 0; p < i; p++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) dot += u[i][j] * u[p][j];
                    for (int j = 0; j < n; j++) u[i][j] -= dot * u[p][j];
                }
            double norm = 0;
            for (int j = 0; j < n; j++) norm += u[i][j] * u[i][j];
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) u[i][j] /= norm;
        }
        return u;
    }
}
