package io.scorestream.learn;

import java.util.SplittableRandom;

/**
 * The forward-process noise z for a record at a level, as a pure function of
 * (seed, record position, level). Streaming and batch learners therefore draw the same noise, a
 * replay after a crash rebuilds the same statistics, and levels can be updated on any thread or
 * node in any order.
 */
public final class NoiseDraws {
    private final long seed;

    public NoiseDraws(long seed) { this.seed = seed; }

    public long seed() { return seed; }

    /** Writes d standard normal values for (position, level) into out[offset..offset+d). */
    public void fill(long position, int level, double[] out, int offset, int d) {
        SplittableRandom rng = new SplittableRandom(key(position, level));
        for (int j = 0; j < d; j++) out[offset + j] = rng.nextGaussian();
    }

    private long key(long position, int level) {
        return mix64(mix64(seed ^ 0x9E3779B97F4A7C15L) + position * 0xBF58476D1CE4E5B9L + ((long) level << 40) + level);
    }

    /** SplitMix64's finaliser: a bijection that scatters nearby keys over all 64 bits. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
