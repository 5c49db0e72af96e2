package io.scorestream.bench;

import io.scorestream.model.ScoreFunction;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * The step-count ablation's mixtures: k unit-variance components in ℝᵈ whose means are at least
 * {@link #SEPARATION} apart, weights spaced linearly from a fixed minimum {@link #MIN_WEIGHT}, then
 * standardised per coordinate (as the learner sees data), so every covariance is diagonal.
 * Diagonal covariances keep the exact score O(k·d) per point, which is what makes d = 512 with
 * 32 components affordable (a full-covariance oracle costs O(k·d²)).
 */
public final class SeparatedMixture implements ScoreFunction {
    /** Minimum distance between two means, in component standard deviations. */
    public static final double SEPARATION = 8;
    /** Weight of the lightest component, the same for every k. */
    public static final double MIN_WEIGHT = 0.02;

    private final double[] weights, logWeights;
    private final double[][] means;       // standardised
    private final double[] variance;      // per coordinate, the same for every component (standardised)
    private final int d;

    private SeparatedMixture(double[] weights, double[][] means, double[] variance) {
        this.weights = weights;
        this.means = means;
        this.variance = variance;
        this.d = variance.length;
        this.logWeights = new double[weights.length];
        for (int i = 0; i < weights.length; i++) logWeights[i] = Math.log(weights[i]);
    }

    /** k separated components in dimension d, standardised; the same seed gives the same mixture. */
    public static SeparatedMixture of(int d, int k, long seed) {
        if (k < 2 || MIN_WEIGHT * k > 1) throw new IllegalArgumentException("need 2 <= k <= " + (int) (1 / MIN_WEIGHT) + ", got " + k);
        double[] w = new double[k];
        double top = 2.0 / k - MIN_WEIGHT;
        for (int i = 0; i < k; i++) w[i] = MIN_WEIGHT + (top - MIN_WEIGHT) * i / (k - 1);
        SplittableRandom rng = new SplittableRandom(seed);
        double radius = SEPARATION / Math.sqrt(2 * d);   // random Gaussian means then sit about SEPARATION apart
        double[][] mu = null;
        while (mu == null) {
            mu = draw(d, k, radius, rng);
            radius *= 1.25;
        }
        double[] mean = new double[d], var = new double[d];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < d; j++) mean[j] += w[i] * mu[i][j];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < d; j++) var[j] += w[i] * (1 + (mu[i][j] - mean[j]) * (mu[i][j] - mean[j]));
        double[] componentVariance = new double[d];
        for (int j = 0; j < d; j++) componentVariance[j] = 1 / var[j];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < d; j++) mu[i][j] = (mu[i][j] - mean[j]) / Math.sqrt(var[j]);
        return new SeparatedMixture(w, mu, componentVariance);
    }

    /** Means from N(0, radius²I), each at least SEPARATION from the others; null after 200 failed draws of one. */
    private static double[][] draw(int d, int k, double radius, SplittableRandom rng) {
        double[][] mu = new double[k][d];
        for (int i = 0; i < k; i++) {
            boolean placed = false;
            for (int attempt = 0; attempt < 200 && !placed; attempt++) {
                for (int j = 0; j < d; j++) mu[i][j] = radius * rng.nextGaussian();
                placed = true;
                for (int other = 0; other < i && placed; other++) {
                    double dist2 = 0;
                    for (int j = 0; j < d; j++) dist2 += (mu[i][j] - mu[other][j]) * (mu[i][j] - mu[other][j]);
                    placed = dist2 >= SEPARATION * SEPARATION;
                }
            }
            if (!placed) return null;
        }
        return mu;
    }

    public int size() { return weights.length; }
    public double weight(int i) { return weights[i]; }
    @Override public int dimension() { return d; }

    /** n points of the mixture. */
    public DMatrixRMaj sample(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int r = 0; r < n; r++) {
            double u = rng.nextDouble(), acc = 0;
            int c = weights.length - 1;
            for (int i = 0; i < weights.length - 1; i++) if (u < (acc += weights[i])) { c = i; break; }
            for (int j = 0; j < d; j++) x.data[r * d + j] = means[c][j] + Math.sqrt(variance[j]) * rng.nextGaussian();
        }
        return x;
    }

    /** The exact score of the OU-noised mixture: components N(aμᵢ, a²Σ + s²I), Σ diagonal. */
    @Override
    public void score(double t, DMatrixRMaj x, DMatrixRMaj out) {
        double a = Math.exp(-t), s2 = -Math.expm1(-2 * t);
        double[] precision = new double[d];
        for (int j = 0; j < d; j++) precision[j] = 1 / (a * a * variance[j] + s2);
        out.reshape(x.numRows, d);
        int k = weights.length;
        double[] logTerm = new double[k];
        for (int r = 0; r < x.numRows; r++) {
            int base = r * d;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                double q = 0;
                double[] m = means[i];
                for (int j = 0; j < d; j++) {
                    double diff = x.data[base + j] - a * m[j];
                    q += diff * diff * precision[j];
                }
                logTerm[i] = logWeights[i] - 0.5 * q;   // the normalisers are the same for every component
                max = Math.max(max, logTerm[i]);
            }
            double total = 0;
            for (int i = 0; i < k; i++) total += (logTerm[i] = Math.exp(logTerm[i] - max));
            for (int j = 0; j < d; j++) {
                double shifted = 0;   // Σ πᵢ·a·μᵢⱼ
                for (int i = 0; i < k; i++) shifted += logTerm[i] * means[i][j];
                out.data[base + j] = -(x.data[base + j] - a * shifted / total) * precision[j];
            }
        }
    }

    /**
     * Total variation ½Σ|ŵᵢ − wᵢ| between the weights and the share of rows whose most likely
     * component is i (the components are 8 sd apart, so a true sample scores about 1/√n).
     */
    public double weightError(DMatrixRMaj x) {
        double[] share = new double[weights.length];
        for (int r = 0; r < x.numRows; r++) {
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < weights.length; i++) {
                double q = 0;
                for (int j = 0; j < d; j++) {
                    double diff = x.data[r * d + j] - means[i][j];
                    q += diff * diff / variance[j];
                }
                double v = logWeights[i] - 0.5 * q;
                if (v > bestValue) { bestValue = v; best = i; }
            }
            share[best] += 1.0 / x.numRows;
        }
        double tv = 0;
        for (int i = 0; i < weights.length; i++) tv += Math.abs(share[i] - weights[i]);
        return tv / 2;
    }
}
