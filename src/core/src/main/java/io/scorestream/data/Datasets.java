package io.scorestream.data;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic benchmark distributions with fixed parameters. The parameters never depend on the seed;
 * the seed only drives the draws, so the same (kind, n, seed) always gives the same matrix.
 *
 * <ul>
 *   <li>{@code gmm} — d=2, four isotropic components with variance 1 and means at (±4, ±4) (a square of
 *       side 8), in the order (−4,−4), (4,−4), (−4,4), (4,4), with weights 0.1, 0.2, 0.3, 0.4. The
 *       weights are unequal so that a generator that gets mode weights wrong is visibly wrong.</li>
 *   <li>{@code aniso} — d=3, three components with full covariances {@code R·diag(5, 1, 0.2)·Rᵀ}
 *       (eigenvalues spanning a factor 25), each R a fixed rotation (about axes (1,1,0), (0,1,1),
 *       (1,0,1) by 0.7, 1.9 and 2.8 radians); means (−6,0,0), (6,0,0), (0,7,4); weights 0.2, 0.3, 0.5.</li>
 *   <li>{@code overlap} — d=2, three strongly overlapping components: means on an equilateral
 *       triangle of side 1.5, (0,0), (1.5,0), (0.75, 1.299), variances 0.7, 1.0, 1.4 (isotropic),
 *       weights 0.5, 0.3, 0.2.</li>
 *   <li>{@code gmm64} — d=64, four components with identity covariance, means 8/√2·uᵢ for four fixed
 *       orthonormal directions uᵢ (Gram–Schmidt on Gaussian vectors drawn with a fixed internal seed),
 *       so every pair of means is exactly 8 apart; weights 0.1, 0.2, 0.3, 0.4.</li>
 *   <li>{@code many} — d=2, 25 components on the 5×5 grid {−2,…,2}² (spacing 1), standard deviation
 *       0.08, equal weights.</li>
 *   <li>{@code many12} — d=12, 30 components with full covariances {@code Q·diag(λ)·Qᵀ}, λ log-uniform
 *       on [0.05, 1] (so each component's spread differs up to 20-fold between its axes) and Q a random
 *       rotation; means N(0, 1.6²·I), except that components 1, 3, 5, 7 and 9 sit at distance 2.5 from
 *       components 0, 2, 4, 6 and 8 (overlapping pairs); weights 0.01 + 0.06·(i/29)^1.5, normalised
 *       (about 0.01 to 0.07). All parameters come from a fixed internal seed.</li>
 *   <li>{@code many200} — d=2, 200 components with diagonal covariances (each axis's standard
 *       deviation 0.25·U(0.5, 1.5)), means uniform on [−15, 15]², weights 0.5 + U(0, 1) normalised;
 *       from a fixed internal seed. Not in bench-quality's default kinds.</li>
 *   <li>{@code ring} — d=2, (cos θ, sin θ) with θ uniform on [0, 2π), plus N(0, 0.05²) noise on each
 *       coordinate. No mixture truth.</li>
 *   <li>{@code sphere} — d=3, uniform on the unit sphere S² (a normalised Gaussian vector) plus
 *       N(0, 0.05²) noise on each coordinate. No mixture truth.</li>
 *   <li>{@code spiral} — d=2, r·(cos θ, sin θ) with r = θ/(2π) and θ uniform on [π, 4π] (1.5 turns,
 *       radius 0.5 to 2), plus N(0, 0.05²) noise on each coordinate. No mixture truth.</li>
 *   <li>{@code student} — d=3, heavy tails: a multivariate Student t with ν = 2.5 degrees of freedom
 *       (finite variance, infinite fourth moment), L·z/√(w/ν) with z standard normal, w χ²(ν) and
 *       L = [[1,0,0],[0.6,0.8,0],[−0.3,0.4,0.866]] (unit rows: correlations 0.6, −0.3, 0.14). No
 *       mixture truth.</li>
 *   <li>{@code factors40} — d=40, five clusters of a five-factor model seen through 40 columns of
 *       unequal gain and unequal noise (see {@code factors40()}): structure in a subspace, with the
 *       noise outside it different on every column.</li>
 *   <li>{@code factors100} — d=100, four clusters of a ten-factor model seen through 100 columns of
 *       equal noise and loadings of one scale (see {@code factors100()}): unequal noise only once
 *       the columns are standardised.</li>
 *   <li>{@code mixedtypes} — d=5, the column types of a sensor log: a hidden state s (1 with
 *       probability 0.6) selects three Gaussian measurements (means (2, 0, 1) with standard deviations
 *       (0.5, 1, 0.3) if s = 1, else (−1, 1, 0) with (1, 0.3, 0.5)), a binary flag (1 with probability
 *       0.8 if s = 1, else 0.2) and a count (Poisson with mean 3 if s = 1, else 0.5). No mixture
 *       truth.</li>
 * </ul>
 */
public final class Datasets {
    private static final List<String> KINDS = List.of("gmm", "aniso", "overlap", "gmm64", "many", "many12", "ring", "sphere", "spiral",
            "student", "mixedtypes", "factors40", "factors100", "many200", "embed64", "embed256", "embed512", "embed768", "embed1024");
    // An embedded mixture's d×d covariances take seconds to factor at d = 768: build each truth once.
    private static final java.util.Map<String, GaussianMixture> EMBEDDED_TRUTHS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final double MANIFOLD_NOISE_SD = 0.05;
    // Fixed seed for the random parameters of gmm64: part of the definition of the kind, not of a draw.
    private static final long GMM64_DIRECTIONS_SEED = 0x5C0E5EA7L;
    private static final long MANY12_PARAMETERS_SEED = 0x3012_C0DEL;
    private static final long FACTORS40_PARAMETERS_SEED = 0xFAC7_0540L;
    private static final long FACTORS100_PARAMETERS_SEED = 0xFAC7_0100L;
    private static final long MANY200_PARAMETERS_SEED = 0x200C_E115L;

    private Datasets() {}

    /** All kinds, in a fixed order. */
    public static List<String> kinds() { return KINDS; }

    /**
     * The kinds bench-quality runs by default: all but those of d ≥ 100 (factors100 and the embedded
     * mixtures) and many200, which run on request: their EM baseline alone takes minutes to tens of
     * minutes (many200's from its default k of 1..202).
     */
    public static List<String> defaultQualityKinds() { return KINDS.subList(0, 12); }

    /** n points of the given kind; the same seed gives the same points. */
    public static Dataset generate(String kind, int n, long seed) {
        if (kind == null || !KINDS.contains(kind))
            throw new IllegalArgumentException("unknown kind '" + kind + "'; known kinds: " + String.join(", ", KINDS));
        if (n < 1) throw new IllegalArgumentException("need at least one sample, got n=" + n);
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj samples = switch (kind) {
            case "ring" -> ring(n, rng);
            case "sphere" -> sphere(n, rng);
            case "spiral" -> spiral(n, rng);
            case "student" -> student(n, rng);
            case "mixedtypes" -> mixedTypes(n, rng);
            case "embed64", "embed256", "embed512", "embed768", "embed1024" -> new EmbeddedMixture(embeddedDimension(kind)).sample(n, rng);
            default -> truth(kind).sample(n, rng, null);
        };
        return new Dataset(kind, samples, () -> truth(kind));
    }

    /** The mixture behind a kind, or null for the manifold kinds. */
    private static GaussianMixture truth(String kind) {
        return switch (kind) {
            case "gmm" -> GaussianMixture.isotropic(new double[]{0.1, 0.2, 0.3, 0.4},
                    new double[][]{{-4, -4}, {4, -4}, {-4, 4}, {4, 4}}, 1.0);
            case "aniso" -> aniso();
            case "overlap" -> overlap();
            case "gmm64" -> gmm64();
            case "many" -> many();
            case "many12" -> many12();
            case "many200" -> many200();
            case "factors40" -> factors40();
            case "factors100" -> factors100();
            case "embed64", "embed256", "embed512", "embed768", "embed1024" ->
                    EMBEDDED_TRUTHS.computeIfAbsent(kind, k -> new EmbeddedMixture(embeddedDimension(k)).truth());
            default -> null;
        };
    }

    /**
     * n draws of the embedded mixture at any d >= {@value EmbeddedMixture#SUBSPACE} (the embed kinds at
     * other d): the same 24-dimensional structure, so a cost table over d changes d alone.
     */
    public static DMatrixRMaj embedded(int d, int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("need at least one sample, got n=" + n);
        return new EmbeddedMixture(d).sample(n, new SplittableRandom(seed));
    }

    private static int embeddedDimension(String kind) { return Integer.parseInt(kind.substring("embed".length())); }

    private static GaussianMixture aniso() {
        double[] eigen = {5, 1, 0.2};
        double[][] axes = {{1, 1, 0}, {0, 1, 1}, {1, 0, 1}};
        double[] angles = {0.7, 1.9, 2.8};
        double[][][] covs = new double[3][][];
        for (int i = 0; i < 3; i++) {
            double[][] r = rotation(axes[i], angles[i]);
            covs[i] = new double[3][3];
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++) {
                    double v = 0;
                    for (int k = 0; k < 3; k++) v += r[a][k] * eigen[k] * r[b][k];
                    covs[i][a][b] = v;
                }
            symmetrise(covs[i]);
        }
        return new GaussianMixture(new double[]{0.2, 0.3, 0.5},
                new double[][]{{-6, 0, 0}, {6, 0, 0}, {0, 7, 4}}, covs);
    }

    private static GaussianMixture overlap() {
        double[][] means = {{0, 0}, {1.5, 0}, {0.75, 1.5 * Math.sqrt(3) / 2}};
        double[] variances = {0.7, 1.0, 1.4};
        double[][][] covs = new double[3][][];
        for (int i = 0; i < 3; i++) covs[i] = new double[][]{{variances[i], 0}, {0, variances[i]}};
        return new GaussianMixture(new double[]{0.5, 0.3, 0.2}, means, covs);
    }

    private static GaussianMixture gmm64() {
        int d = 64, k = 4;
        SplittableRandom rng = new SplittableRandom(GMM64_DIRECTIONS_SEED);
        double[][] u = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) u[i][j] = rng.nextGaussian();
            // Gram–Schmidt against the earlier directions so pairwise distances are exactly 8.
            for (int p = 0; p < i; p++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += u[i][j] * u[p][j];
                for (int j = 0; j < d; j++) u[i][j] -= dot * u[p][j];
            }
            double norm = 0;
            for (int j = 0; j < d; j++) norm += u[i][j] * u[i][j];
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) u[i][j] /= norm;
        }
        double radius = 8 / Math.sqrt(2);
        double[][] means = new double[k][d];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < d; j++) means[i][j] = radius * u[i][j];
        return GaussianMixture.isotropic(new double[]{0.1, 0.2, 0.3, 0.4}, means, 1.0);
    }

    private static GaussianMixture many() {
        double[] weights = new double[25];
        double[][] means = new double[25][];
        for (int i = 0; i < 25; i++) {
            weights[i] = 1.0 / 25;
            means[i] = new double[]{i % 5 - 2, i / 5 - 2};
        }
        return GaussianMixture.isotropic(weights, means, 0.08 * 0.08);
    }

    /**
     * Five clusters of five latent factors seen through 40 columns, x = W·z + e: the columns'
     * loadings W (40×5) have scales of their own (log-uniform over a factor 10) and each column its
     * own noise e_j (standard deviation 0.05 to 0.6): sensors or embedding coordinates of unequal
     * gain and noise. z is a mixture of five Gaussians in ℝ⁵ with unequal weights (1 + i/2) and
     * random anisotropic covariances, so x is a mixture with covariances W·Aᵢ·Wᵀ + diag(e²).
     */
    private static GaussianMixture factors40() { return factorMixture(40, 5, 5, Math.log(10), 0.05, 0.6, FACTORS40_PARAMETERS_SEED); }

    /**
     * Four clusters of ten latent factors seen through 100 columns with the same noise (standard
     * deviation 0.5) and loadings of one scale: the columns differ only in how much of the factors
     * they carry, so once standardised their noise differs by an order of magnitude, yet PPCA on
     * them still finds a flat tail (past 50 directions, not 10). Built as {@code factors40()}.
     */
    private static GaussianMixture factors100() { return factorMixture(100, 10, 4, 0, 0.5, 0.5, FACTORS100_PARAMETERS_SEED); }

    /**
     * k clusters of f latent factors seen through d columns, x = W·z + e: column j's loadings have
     * a gain log-uniform over e^gainSpread, its noise e_j a standard deviation uniform in
     * [noiseLow, noiseHigh]; z a mixture of k Gaussians with weights ∝ 1 + i/2 and random
     * anisotropic covariances, so x is a mixture with covariances W·Aᵢ·Wᵀ + diag(e²).
     */
    private static GaussianMixture factorMixture(int d, int f, int k, double gainSpread, double noiseLow, double noiseHigh, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] loadings = new double[d][f];
        double[] noise = new double[d];
        for (int j = 0; j < d; j++) {
            double gain = Math.exp(gainSpread * (rng.nextDouble() - 0.5));
            for (int a = 0; a < f; a++) loadings[j][a] = gain * rng.nextGaussian();
            noise[j] = noiseLow + (noiseHigh - noiseLow) * rng.nextDouble();
        }
        double[] weights = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) total += weights[i] = 1 + i / 2.0;
        for (int i = 0; i < k; i++) weights[i] /= total;
        double[][] means = new double[k][d];
        double[][][] covs = new double[k][d][d];
        for (int i = 0; i < k; i++) {
            double[] mu = new double[f];
            for (int a = 0; a < f; a++) mu[a] = 2.5 * rng.nextGaussian();
            double[][] q = randomRotation(f, rng);
            double[][] latent = new double[f][f];
            for (int a = 0; a < f; a++)
                for (int b = 0; b < f; b++)
                    for (int c = 0; c < f; c++) latent[a][b] += q[a][c] * (0.2 + 0.8 * c / (f - 1.0)) * q[b][c];
            for (int j = 0; j < d; j++) for (int a = 0; a < f; a++) means[i][j] += loadings[j][a] * mu[a];
            for (int j = 0; j < d; j++)
                for (int l = 0; l < d; l++) {
                    double v = j == l ? noise[j] * noise[j] : 0;
                    for (int a = 0; a < f; a++) for (int b = 0; b < f; b++) v += loadings[j][a] * latent[a][b] * loadings[l][b];
                    covs[i][j][l] = v;
                }
            symmetrise(covs[i]);
        }
        return new GaussianMixture(weights, means, covs);
    }

    /**
     * 200 components in 2-D: means uniform on [−15, 15]², each axis's standard deviation 0.25 times
     * a factor uniform on [0.5, 1.5], weights 0.5 + u (u uniform on [0, 1]) normalised. More modes
     * than a mixture-based generator's cells were once allowed (64).
     */
    private static GaussianMixture many200() {
        int k = 200;
        SplittableRandom rng = new SplittableRandom(MANY200_PARAMETERS_SEED);
        double[] weights = new double[k];
        double[][] means = new double[k][];
        double[][][] covs = new double[k][][];
        double total = 0;
        for (int i = 0; i < k; i++) {
            total += weights[i] = 0.5 + rng.nextDouble();
            means[i] = new double[]{-15 + 30 * rng.nextDouble(), -15 + 30 * rng.nextDouble()};
            double a = 0.25 * (0.5 + rng.nextDouble()), b = 0.25 * (0.5 + rng.nextDouble());
            covs[i] = new double[][]{{a * a, 0}, {0, b * b}};
        }
        for (int i = 0; i < k; i++) weights[i] /= total;
        return new GaussianMixture(weights, means, covs);
    }

    private static GaussianMixture many12() {
        int d = 12, k = 30;
        SplittableRandom rng = new SplittableRandom(MANY12_PARAMETERS_SEED);
        double[] weights = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) total += weights[i] = 0.01 + 0.06 * Math.pow(i / (k - 1.0), 1.5);
        for (int i = 0; i < k; i++) weights[i] /= total;
        double[][] means = new double[k][d];
        for (int i = 0; i < k; i++) {
            if (i % 2 == 1 && i < 10) {
                // An overlapping partner: 2.5 from the previous mean in a random direction.
                double[] u = unitVector(d, rng);
                for (int j = 0; j < d; j++) means[i][j] = means[i - 1][j] + 2.5 * u[j];
            } else {
                for (int j = 0; j < d; j++) means[i][j] = 1.6 * rng.nextGaussian();
            }
        }
        double[][][] covs = new double[k][][];
        for (int i = 0; i < k; i++) {
            double[][] q = randomRotation(d, rng);
            double[] eigen = new double[d];
            for (int j = 0; j < d; j++) eigen[j] = Math.exp(Math.log(0.05) * rng.nextDouble());
            covs[i] = new double[d][d];
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) {
                    double v = 0;
                    for (int m = 0; m < d; m++) v += q[a][m] * eigen[m] * q[b][m];
                    covs[i][a][b] = v;
                }
            symmetrise(covs[i]);
        }
        return new GaussianMixture(weights, means, covs);
    }

    private static double[] unitVector(int d, SplittableRandom rng) {
        double[] u = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) { u[j] = rng.nextGaussian(); norm += u[j] * u[j]; }
        norm = Math.sqrt(norm);
        for (int j = 0; j < d; j++) u[j] /= norm;
        return u;
    }

    /** Columns of Gram–Schmidt on Gaussian vectors: a random orthogonal matrix. */
    private static double[][] randomRotation(int d, SplittableRandom rng) {
        double[][] cols = new double[d][];
        for (int c = 0; c < d; c++) {
            double[] v = unitVector(d, rng);
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += v[j] * cols[p][j];
                for (int j = 0; j < d; j++) v[j] -= dot * cols[p][j];
            }
            double norm = 0;
            for (int j = 0; j < d; j++) norm += v[j] * v[j];
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) v[j] /= norm;
            cols[c] = v;
        }
        double[][] q = new double[d][d];
        for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) q[a][b] = cols[b][a];
        return q;
    }

    private static final double STUDENT_DEGREES = 2.5;
    private static final double[][] STUDENT_FACTOR = {{1, 0, 0}, {0.6, 0.8, 0}, {-0.3, 0.4, Math.sqrt(0.75)}};

    private static DMatrixRMaj student(int n, SplittableRandom rng) {
        DMatrixRMaj out = new DMatrixRMaj(n, 3);
        double[] z = new double[3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) z[j] = rng.nextGaussian();
            double scale = Math.sqrt(STUDENT_DEGREES / chiSquared(STUDENT_DEGREES, rng));
            for (int a = 0; a < 3; a++) {
                double v = 0;
                for (int b = 0; b <= a; b++) v += STUDENT_FACTOR[a][b] * z[b];
                out.unsafe_set(i, a, scale * v);
            }
        }
        return out;
    }

    /** χ²(ν) as 2·Gamma(ν/2), by Marsaglia and Tsang's method (with the boost for shape < 1). */
    private static double chiSquared(double degrees, SplittableRandom rng) {
        double shape = degrees / 2, boost = 1;
        if (shape < 1) { boost = Math.pow(rng.nextDouble(), 1 / shape); shape += 1; }
        double d = shape - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return 2 * d * v * boost;
        }
    }

    private static DMatrixRMaj mixedTypes(int n, SplittableRandom rng) {
        DMatrixRMaj out = new DMatrixRMaj(n, 5);
        double[][] means = {{-1, 1, 0}, {2, 0, 1}}, sds = {{1, 0.3, 0.5}, {0.5, 1, 0.3}};
        for (int i = 0; i < n; i++) {
            int s = rng.nextDouble() < 0.6 ? 1 : 0;
            for (int j = 0; j < 3; j++) out.unsafe_set(i, j, means[s][j] + sds[s][j] * rng.nextGaussian());
            out.unsafe_set(i, 3, rng.nextDouble() < (s == 1 ? 0.8 : 0.2) ? 1 : 0);
            out.unsafe_set(i, 4, poisson(s == 1 ? 3 : 0.5, rng));
        }
        return out;
    }

    /** Knuth's multiplication method: fine for the small means used here. */
    private static int poisson(double mean, SplittableRandom rng) {
        double limit = Math.exp(-mean), product = rng.nextDouble();
        int k = 0;
        while (product > limit) { product *= rng.nextDouble(); k++; }
        return k;
    }

    private static DMatrixRMaj ring(int n, SplittableRandom rng) {
        DMatrixRMaj out = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            double theta = 2 * Math.PI * rng.nextDouble();
            out.unsafe_set(i, 0, Math.cos(theta) + MANIFOLD_NOISE_SD * rng.nextGaussian());
            out.unsafe_set(i, 1, Math.sin(theta) + MANIFOLD_NOISE_SD * rng.nextGaussian());
        }
        return out;
    }

    private static DMatrixRMaj sphere(int n, SplittableRandom rng) {
        DMatrixRMaj out = new DMatrixRMaj(n, 3);
        double[] g = new double[3];
        for (int i = 0; i < n; i++) {
            double norm;
            // A standard Gaussian vector has a uniform direction; redraw the (probability ~0) zero vector.
            do {
                norm = 0;
                for (int j = 0; j < 3; j++) { g[j] = rng.nextGaussian(); norm += g[j] * g[j]; }
            } while (norm < 1e-24);
            norm = Math.sqrt(norm);
            for (int j = 0; j < 3; j++) out.unsafe_set(i, j, g[j] / norm + MANIFOLD_NOISE_SD * rng.nextGaussian());
        }
        return out;
    }

    private static DMatrixRMaj spiral(int n, SplittableRandom rng) {
        DMatrixRMaj out = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            double theta = Math.PI + 3 * Math.PI * rng.nextDouble();
            double r = theta / (2 * Math.PI);
            out.unsafe_set(i, 0, r * Math.cos(theta) + MANIFOLD_NOISE_SD * rng.nextGaussian());
            out.unsafe_set(i, 1, r * Math.sin(theta) + MANIFOLD_NOISE_SD * rng.nextGaussian());
        }
        return out;
    }

    /** Rotation by angle about the given (not necessarily unit) axis, by Rodrigues' formula. */
    private static double[][] rotation(double[] axis, double angle) {
        double norm = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double x = axis[0] / norm, y = axis[1] / norm, z = axis[2] / norm;
        double c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
        return new double[][]{
                {t * x * x + c, t * x * y - s * z, t * x * z + s * y},
                {t * x * y + s * z, t * y * y + c, t * y * z - s * x},
                {t * x * z - s * y, t * y * z + s * x, t * z * z + c}};
    }

    // R·D·Rᵀ is symmetric only up to rounding; the Cholesky in GaussianMixture expects exact symmetry.
    private static void symmetrise(double[][] m) {
        for (int a = 0; a < m.length; a++)
            for (int b = a + 1; b < m.length; b++) {
                double v = 0.5 * (m[a][b] + m[b][a]);
                m[a][b] = v;
                m[b][a] = v;
            }
    }
}
