package io.scorestream.baseline;

import io.scorestream.mixture.GaussianMixture;
import org.apache.commons.math3.distribution.MixtureMultivariateNormalDistribution;
import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.apache.commons.math3.distribution.fitting.MultivariateNormalMixtureExpectationMaximization;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.util.Pair;
import org.ejml.data.DMatrixRMaj;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The classical method users would pick instead of a diffusion model: a full-covariance
 * Gaussian mixture fitted by EM, with the number of components chosen by BIC (like
 * scikit-learn's {@code GaussianMixture} swept over k).
 *
 * <p>EM itself is Apache Commons Math 3.6.1 {@link MultivariateNormalMixtureExpectationMaximization}.
 * It does not regularise covariances and throws on singular ones, and its own
 * {@code estimate} initialiser sorts the data by the first coordinate, which is poor in more
 * than one dimension. So each k is seeded here (k-means++ then Lloyd, per-cluster mean and
 * ridged covariance, equal weights), a k whose EM throws is skipped, and if every k fails a
 * single Gaussian is fitted directly. Commons Math needs at least 2 dimensions, so 1-D data
 * always ends in that fallback.
 */
public final class EmBaseline {
    public record Result(GaussianMixture mixture, int components, double bic, double seconds) {}

    static final int MAX_ITERATIONS = 200;
    static final double THRESHOLD = 1e-5;
    /** Diagonal ridge relative to the mean variance: keeps seeds positive definite without visibly changing them. */
    private static final double RIDGE = 1e-6;
    private static final int LLOYD_ITERATIONS = 25;
    private static final int K_MEANS_RESTARTS = 3;

    private EmBaseline() {}

    /**
     * The largest k worth sweeping in a given dimension. Commons Math allocates d×d matrices per
     * point and component in every M-step, and a k above the true number of clusters usually runs
     * all 200 iterations. Measured on 20 000 samples of 4 well-separated components (2-core
     * machine): k = 1..10 at d=2 takes about 50 s in total, but at d=64 k = 1..4 already takes
     * about 40 s and k=5 alone about 16 minutes (all 200 iterations). So the sweep is capped in
     * high dimension.
     */
    public static int defaultMaxComponents(int dimension) {
        if (dimension <= 16) return 10;
        if (dimension <= 32) return 6;
        return 4;
    }

    public static Result fit(DMatrixRMaj data, int maxComponents, long seed) {
        return fit(data, maxComponents, seed, message -> {});
    }

    /** As {@link #fit(DMatrixRMaj, int, long)}, reporting each k as it finishes (EM can take minutes in high dimension). */
    public static Result fit(DMatrixRMaj data, int maxComponents, long seed, Consumer<String> progress) {
        if (maxComponents < 1) throw new IllegalArgumentException("maxComponents must be at least 1, got " + maxComponents);
        return fit(data, upTo(maxComponents), seed, progress);
    }

    /**
     * EM for each k of candidates (ascending, each at least 1), the smallest BIC kept. A k's fit
     * depends only on k and the seed, so a list that skips k gives, at the k it keeps, what the whole
     * sweep gives. At d = 12 with 30 components the sweep 1..32 did not finish in a session on two
     * shared cores, each k from 26 on taking minutes; a list reaches the k near the BIC minimum
     * without every k before them (QUALITY.md, "airports and many12 beside EM").
     */
    public static Result fit(DMatrixRMaj data, int[] candidates, long seed, Consumer<String> progress) {
        if (candidates.length == 0 || candidates[0] < 1) throw new IllegalArgumentException("EM needs at least one k, each at least 1");
        int n = data.numRows, d = data.numCols;
        if (n < 2) throw new IllegalArgumentException("EM needs at least 2 samples, got " + n);
        long start = System.nanoTime();
        double[][] rows = toRows(data);
        GaussianMixture best = null;
        double bestBic = Double.POSITIVE_INFINITY;
        int bestK = 0;
        for (int k : candidates) {
            // More components than samples cannot be seeded; stop there rather than fail.
            if (k > n) break;
            long kStart = System.nanoTime();
            GaussianMixture fitted = fitComponents(rows, k, new SplittableRandom(seed * 1_000_003L + k));
            double seconds = (System.nanoTime() - kStart) / 1e9;
            if (fitted == null) {
                progress.accept(String.format("EM k=%d failed (degenerate or singular fit), skipped [%.1f s]", k, seconds));
                continue;
            }
            double bic = bic(fitted, rows);
            progress.accept(String.format("EM k=%d BIC %.6g [%.1f s]", k, bic, seconds));
            if (bic < bestBic) {
                bestBic = bic;
                best = fitted;
                bestK = k;
            }
        }
        if (best == null) {
            best = singleGaussian(rows);
            bestK = 1;
            bestBic = bic(best, rows);
            progress.accept("EM failed for every k; using a single Gaussian");
        }
        return new Result(best, bestK, bestBic, (System.nanoTime() - start) / 1e9);
    }

    /** 1, 2, …, max. */
    public static int[] upTo(int max) {
        int[] ks = new int[max];
        for (int k = 1; k <= max; k++) ks[k - 1] = k;
        return ks;
    }

    /** BIC = −2·logL + p·ln n, p = (k−1) + k·d + k·d(d+1)/2 for full covariances. */
    static double bic(GaussianMixture mixture, double[][] rows) {
        int k = mixture.size(), d = mixture.dimension(), n = rows.length;
        double logL = 0;
        for (double[] x : rows) logL += mixture.logDensity(x);
        double parameters = (k - 1) + (double) k * d + (double) k * d * (d + 1) / 2.0;
        return -2 * logL + parameters * Math.log(n);
    }

    /** One EM run with k components, or null when Commons Math gives up on it. */
    private static GaussianMixture fitComponents(double[][] rows, int k, SplittableRandom rng) {
        try {
            MixtureMultivariateNormalDistribution seedMixture = kMeansSeed(rows, k, rng);
            MultivariateNormalMixtureExpectationMaximization em = new MultivariateNormalMixtureExpectationMaximization(rows);
            try {
                em.fit(seedMixture, MAX_ITERATIONS, THRESHOLD);
            } catch (ConvergenceException notConverged) {
                // Thrown only after the last iteration, once the fitted model is already set:
                // a slow-converging k still has a valid (monotonically improved) fit, which is
                // what scikit-learn would return too, so BIC gets to judge it.
            }
            return toMixture(em.getFittedModel());
        } catch (RuntimeException singularOrDegenerate) {
            // SingularMatrixException, NotStrictlyPositiveException (a component lost all its
            // weight), NumberIsTooSmallException (d < 2), or our own PD check: skip this k.
            return null;
        }
    }

    private static GaussianMixture toMixture(MixtureMultivariateNormalDistribution model) {
        List<Pair<Double, MultivariateNormalDistribution>> components = model.getComponents();
        int k = components.size();
        double[] weights = new double[k];
        double[][] means = new double[k][];
        double[][][] covariances = new double[k][][];
        for (int i = 0; i < k; i++) {
            weights[i] = components.get(i).getFirst();
            means[i] = components.get(i).getSecond().getMeans();
            covariances[i] = symmetric(components.get(i).getSecond().getCovariances().getData());
        }
        return new GaussianMixture(weights, means, covariances);
    }

    /**
     * k-means++ seeding and Lloyd refinement (best of a few restarts by within-cluster sum of
     * squares), then each cluster's mean and ridged covariance with equal weights. The restarts
     * matter: a seed that splits one true cluster and merges two others leaves EM crawling
     * along a saddle for hundreds of iterations, which in 64 dimensions costs minutes.
     */
    static MixtureMultivariateNormalDistribution kMeansSeed(double[][] rows, int k, SplittableRandom rng) {
        Seed seed = kMeansSeedParts(rows, k, rng);
        return new MixtureMultivariateNormalDistribution(seed.weights(), seed.means(), seed.covariances());
    }

    /** A seed's weights, means and ridged covariances. */
    record Seed(double[] weights, double[][] means, double[][][] covariances) {}

    /**
     * {@link #kMeansSeed}'s parts, with no Commons Math distribution built: that eigen-decomposes each
     * covariance, and on fewer rows than dimensions (60 rows in 100-D) its QL iteration fails to
     * converge on the nearly singular ones, which the regularised EM's own Cholesky takes.
     */
    static Seed kMeansSeedParts(double[][] rows, int k, SplittableRandom rng) {
        int n = rows.length, d = rows[0].length;
        int[] assignment = null;
        double[][] centres = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int restart = 0; restart < K_MEANS_RESTARTS; restart++) {
            double[][] candidate = lloyd(rows, kMeansPlusPlus(rows, k, rng));
            int[] candidateAssignment = new int[n];
            assign(rows, candidate, candidateAssignment);
            double inertia = 0;
            for (int i = 0; i < n; i++) inertia += squaredDistance(rows[i], candidate[candidateAssignment[i]]);
            if (inertia < bestInertia) {
                bestInertia = inertia;
                centres = candidate;
                assignment = candidateAssignment;
            }
        }

        double[][] globalCovariance = covariance(rows, null, -1);
        double[] weights = new double[k];
        double[][] means = new double[k][];
        double[][][] covariances = new double[k][][];
        for (int c = 0; c < k; c++) {
            weights[c] = 1.0 / k;
            int count = 0;
            for (int a : assignment) if (a == c) count++;
            // Fewer than d+1 points give a singular covariance that a tiny ridge would only make
            // nearly singular; such a cluster starts from the global spread instead.
            if (count > d) {
                means[c] = mean(rows, assignment, c);
                covariances[c] = covariance(rows, assignment, c);
            } else {
                means[c] = centres[c].clone();
                covariances[c] = copy(globalCovariance);
            }
            double trace = 0;
            for (int j = 0; j < d; j++) trace += covariances[c][j][j];
            double ridge = RIDGE * (trace > 0 ? trace / d : 1);
            for (int j = 0; j < d; j++) covariances[c][j][j] += ridge;
        }
        return new Seed(weights, means, covariances);
    }

    private static double[][] kMeansPlusPlus(double[][] rows, int k, SplittableRandom rng) {
        int n = rows.length;
        double[][] centres = new double[k][];
        double[] nearest = new double[n];
        centres[0] = rows[rng.nextInt(n)].clone();
        for (int i = 0; i < n; i++) nearest[i] = squaredDistance(rows[i], centres[0]);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double v : nearest) total += v;
            int pick;
            if (total > 0) {
                double u = rng.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    u -= nearest[i];
                    if (u < 0) { pick = i; break; }
                }
            } else {
                pick = rng.nextInt(n); // every point already coincides with a centre
            }
            centres[c] = rows[pick].clone();
            for (int i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], squaredDistance(rows[i], centres[c]));
        }
        return centres;
    }

    /** Lloyd iterations from the given centres (updated in place and returned); empty clusters keep their centre. */
    private static double[][] lloyd(double[][] rows, double[][] centres) {
        int n = rows.length, d = rows[0].length, k = centres.length;
        int[] assignment = new int[n];
        for (int iteration = 0; iteration < LLOYD_ITERATIONS; iteration++) {
            boolean changed = assign(rows, centres, assignment) || iteration == 0;
            if (!changed) break;
            double[][] sums = new double[k][d];
            int[] counts = new int[k];
            for (int i = 0; i < n; i++) {
                counts[assignment[i]]++;
                double[] s = sums[assignment[i]];
                for (int j = 0; j < d; j++) s[j] += rows[i][j];
            }
            for (int c = 0; c < k; c++)
                if (counts[c] > 0)
                    for (int j = 0; j < d; j++) centres[c][j] = sums[c][j] / counts[c];
        }
        return centres;
    }

    private static GaussianMixture singleGaussian(double[][] rows) {
        int d = rows[0].length;
        double[][] cov = covariance(rows, null, -1);
        double trace = 0;
        for (int j = 0; j < d; j++) trace += cov[j][j];
        double ridge = RIDGE * (trace > 0 ? trace / d : 1);
        for (int j = 0; j < d; j++) cov[j][j] += ridge;
        return new GaussianMixture(new double[]{1}, new double[][]{mean(rows, null, -1)}, new double[][][]{cov});
    }

    private static boolean assign(double[][] rows, double[][] centres, int[] assignment) {
        boolean changed = false;
        for (int i = 0; i < rows.length; i++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centres.length; c++) {
                double dist = squaredDistance(rows[i], centres[c]);
                if (dist < bestDistance) { bestDistance = dist; best = c; }
            }
            if (assignment[i] != best) { assignment[i] = best; changed = true; }
        }
        return changed;
    }

    /** Mean of the rows in cluster c (all rows when assignment is null). */
    private static double[] mean(double[][] rows, int[] assignment, int c) {
        int d = rows[0].length;
        double[] m = new double[d];
        int count = 0;
        for (int i = 0; i < rows.length; i++) {
            if (assignment != null && assignment[i] != c) continue;
            count++;
            for (int j = 0; j < d; j++) m[j] += rows[i][j];
        }
        for (int j = 0; j < d; j++) m[j] /= count;
        return m;
    }

    /** Maximum-likelihood covariance of the rows in cluster c (all rows when assignment is null). */
    private static double[][] covariance(double[][] rows, int[] assignment, int c) {
        int d = rows[0].length;
        double[] m = mean(rows, assignment, c);
        double[][] cov = new double[d][d];
        double[] diff = new double[d];
        int count = 0;
        for (int i = 0; i < rows.length; i++) {
            if (assignment != null && assignment[i] != c) continue;
            count++;
            for (int j = 0; j < d; j++) diff[j] = rows[i][j] - m[j];
            for (int r = 0; r < d; r++) {
                double dr = diff[r];
                double[] covRow = cov[r];
                for (int q = 0; q <= r; q++) covRow[q] += dr * diff[q];
            }
        }
        for (int r = 0; r < d; r++)
            for (int q = 0; q <= r; q++) {
                cov[r][q] /= count;
                cov[q][r] = cov[r][q];
            }
        return cov;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    private static double[][] symmetric(double[][] m) {
        int d = m.length;
        double[][] out = new double[d][d];
        for (int r = 0; r < d; r++)
            for (int q = 0; q < d; q++) out[r][q] = 0.5 * (m[r][q] + m[q][r]);
        return out;
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
        return out;
    }

    private static double[][] toRows(DMatrixRMaj data) {
        double[][] rows = new double[data.numRows][data.numCols];
        for (int i = 0; i < data.numRows; i++) System.arraycopy(data.data, i * data.numCols, rows[i], 0, data.numCols);
        return rows;
    }
}
