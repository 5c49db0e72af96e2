package io.scorestream.schedule;

/**
 * A grid of noise levels of the variance-preserving (OU) forward process
 * {@code x_t = a_t·x₀ + s_t·z}, {@code a_t = e^{−t}}, {@code s_t² = 1 − e^{−2t}}.
 *
 * <p>Level 0 is the least noisy; times increase strictly with the level. Every published grid
 * (DDPM ᾱ, VE τ, OU t) is stored here as OU times, so a model trained on one grid can be
 * sampled on another: ᾱ = e^{−2t}, τ = e^{2t} − 1.
 */
public interface NoiseSchedule {
    /** Number of levels. */
    int size();

    /** OU time of a level; strictly increasing in the level. */
    double time(int level);

    /** A short name for logs and model files. */
    String name();

    /** Signal scale a = e^{−t}. */
    default double alpha(int level) { return Math.exp(-time(level)); }

    /** Noise scale s = √(1 − e^{−2t}), computed without cancellation for small t. */
    default double sigma(int level) { return Math.sqrt(-Math.expm1(-2 * time(level))); }

    /** DDPM's ᾱ = a². */
    default double alphaBar(int level) { return Math.exp(-2 * time(level)); }

    /** Variance-exploding noise variance τ = e^{2t} − 1 of the same level (y = x·e^{t}). */
    default double veVariance(int level) { return Math.expm1(2 * time(level)); }

    default double minTime() { return time(0); }

    default double maxTime() { return time(size() - 1); }

    default double[] times() {
        double[] t = new double[size()];
        for (int i = 0; i < t.length; i++) t[i] = time(i);
        return t;
    }
}
