package io.scorestream.baseline;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * EM for a Gaussian mixture with full or diagonal covariances and k by BIC, as scikit-learn's
 * {@code GaussianMixture} does it: {@code reg_covar} added to every covariance's diagonal in each
 * M-step, stop when the mean log-likelihood gains less than {@code tol = 1e-3}, at most 100
 * iterations. The regularisation is what lets EM run at all on real columns that are constant or
 * on a lattice (a pixel that is 0 in every row makes an unregularised covariance singular, and
 * {@link EmBaseline}'s Commons Math EM then skips that k). The data are standardised per column
 * first (a constant column keeps scale 1), so reg_covar = 1e-6 means the same on every column.
 * Seeding is {@link EmBaseline}'s k-means++ with Lloyd refinement (best of 3).
 */
public final class RegularisedEm {
    public enum Covariance { FULL, DIAGONAL }

    public record Result(GaussianMixture mixture, int components, double bic) {}

    static final double REG_COVAR = 1e-6;
    static final double TOLERANCE = 1e-3;
    static final int MAX_ITERATIONS = 100;

    private RegularisedEm() {}

    /** The k in 1..maxComponents with the smallest BIC; the mixture is in the data's own units. */
    public static Result fit(DMatrixRMaj data, int maxComponents, Covariance type, long seed) {
        return fit(data, EmBaseline.upTo(maxComponents), type, seed);
    }

    /** The k of candidates (ascending, from 1; those above half the rows skipped) with the smallest BIC. */
    public static Result fit(DMatrixRMaj data, int[] candidates, Covariance type, long seed) {
        int n = data.numRows, d = data.numCols;
        if (candidates.length == 0 || candidates[0] < 1) throw new IllegalArgumentException("EM needs at least one k, each at least 1");
        double[] mean = new double[d], scale = new double[d];
        double[][] rows = standardisedRows(data, mean, scale);
        Result best = null;
        for (int k : candidates) {
            if (k > n / 2) break;
            GaussianMixture fitted = fitComponents(rows, k, type, new SplittableRandom(seed * 1_000_003L + k));
            double logL = 0;
            for (double[] x : rows) logL += fitted.logDensity(x);
            double parameters = (k - 1) + (double) k * d + (type == Covariance.FULL ? (double) k * d * (d + 1) / 2.0 : (double) k * d);
            double bic = -2 * logL + parameters * Math.log(n);
            if (best == null || bic < best.bic()) best = new Result(fitted, k, bic);
        }
        if (best == null) throw new IllegalArgumentException("EM needs 2 rows a component: " + n + " rows for k = " + candidates[0]);
        return new Result(unstandardise(best.mixture(), mean, scale), best.components(), best.bic());
    }

    static GaussianMixture fitComponents(double[][] rows, int k, Covariance type, SplittableRandom rng) {
        int n = rows.length, d = rows[0].length;
        EmBaseline.Seed seed = EmBaseline.kMeansSeedParts(rows, k, rng);
        double[] weights = seed.weights();
        double[][] means = seed.means();
        double[][][] covariances = new double[k][][];
        for (int c = 0; c < k; c++) covariances[c] = regularised(seed.covariances()[c], type);
        GaussianMixture current = new GaussianMixture(weights, means, covariances);
        double[][] responsibility = new double[n][k];
        double previous = Double.NEGATIVE_INFINITY;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double meanLogL = 0;
            for (int i = 0; i < n; i++) {
                double lse = current.componentLogTerms(rows[i], responsibility[i]);
                meanLogL += lse / n;
                for (int c = 0; c < k; c++) responsibility[i][c] = Math.exp(responsibility[i][c] - lse);
            }
            if (meanLogL - previous < TOLERANCE) break;
            previous = meanLogL;
            for (int c = 0; c < k; c++) {
                double total = 1e-15; // scikit-learn's guard: an emptied component keeps a tiny weight
                double[] mu = new double[d];
                for (int i = 0; i < n; i++) {
                    double r = responsibility[i][c];
                    total += r;
                    for (int j = 0; j < d; j++) mu[j] += r * rows[i][j];
                }
                for (int j = 0; j < d; j++) mu[j] /= total;
                double[][] cov = new double[d][d];
                double[] diff = new double[d];
                for (int i = 0; i < n; i++) {
                    double r = responsibility[i][c];
                    if (r == 0) continue;
                    for (int j = 0; j < d; j++) diff[j] = rows[i][j] - mu[j];
                    for (int a = 0; a < d; a++) {
                        double ra = r * diff[a];
                        if (type == Covariance.DIAGONAL) cov[a][a] += ra * diff[a];
                        else for (int b = 0; b <= a; b++) cov[a][b] += ra * diff[b];
                    }
                }
                for (int a = 0; a < d; a++)
                    for (int b = 0; b <= a; b++) cov[b][a] = cov[a][b] = cov[a][b] / total;
                weights[c] = total / n;
                means[c] = mu;
                covariances[c] = regularised(cov, type);
            }
            current = new GaussianMixture(weights, means, covariances);
        }
        return current;
    }

    private static double[][] regularised(double[][] cov, Covariance type) {
        int d = cov.length;
        double[][] out = new double[d][d];
        for (int a = 0; a < d; a++) {
            if (type == Covariance.FULL) System.arraycopy(cov[a], 0, out[a], 0, d);
            else out[a][a] = cov[a][a];
            out[a][a] += REG_COVAR;
        }
        return out;
    }

    private static double[][] standardisedRows(DMatrixRMaj data, double[] mean, double[] scale) {
        int n = data.numRows, d = data.numCols;
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += data.unsafe_get(i, j) / n;
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) {
            double t = data.unsafe_get(i, j) - mean[j];
            scale[j] += t * t / n;
        }
        for (int j = 0; j < d; j++) scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1;
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) rows[i][j] = (data.unsafe_get(i, j) - mean[j]) / scale[j];
        return rows;
    }

    /** The law of mean + scale·z for z from the standardised mixture. */
    private static GaussianMixture unstandardise(GaussianMixture m, double[] mean, double[] scale) {
        int k = m.size(), d = m.dimension();
        double[][] means = m.means();
        double[][][] covariances = m.covariances();
        for (int c = 0; c < k; c++)
            for (int a = 0; a < d; a++) {
                means[c][a] = mean[a] + scale[a] * means[c][a];
                for (int b = 0; b < d; b++) covariances[c][a][b] *= scale[a] * scale[b];
            }
        return new GaussianMixture(m.weights(), means, covariances);
    }
}
