package io.scorestream.learn;

/**
 * The forward-process noise z for a record at a level, as a pure function of
 * (seed, record position, level). Streaming and batch learners therefore draw the same noise, a
 * replay after a crash rebuilds the same statistics, and levels can be updated on any thread or
 * node in any order.
 *
 * <p>The uniform bits are SplitMix64's sequence started at a hash of the three keys; they become
 * normal values by Doornik's ZIGNOR ziggurat (128 blocks; "An Improved Ziggurat Method to Generate
 * Normal Random Samples", 2005), which is exact rejection sampling and needs one 64-bit draw per
 * value 98.8 % of the time. The generator state is a local long: no object per (record, level).
 */
public final class NoiseDraws {
    private static final int BLOCKS = 128;
    private static final double R = 3.442619855899;           // start of the tail
    private static final double V = 9.91256303526217e-3;      // area of each block
    private static final double[] X = new double[BLOCKS + 1]; // block edges, X[0] = V/f(R) (base block)
    private static final double[] RATIO = new double[BLOCKS]; // X[i+1]/X[i]: inside the next block's width
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double UNIT = 0x1.0p-53;

    static {
        double f = Math.exp(-0.5 * R * R);
        X[0] = V / f;
        X[1] = R;
        X[BLOCKS] = 0;
        for (int i = 2; i < BLOCKS; i++) {
            X[i] = Math.sqrt(-2 * Math.log(V / X[i - 1] + f));
            f = Math.exp(-0.5 * X[i] * X[i]);
        }
        for (int i = 0; i < BLOCKS; i++) RATIO[i] = X[i + 1] / X[i];
    }

    private final long seed;
    private final long seedHash;

    public NoiseDraws(long seed) {
        this.seed = seed;
        this.seedHash = mix64(seed ^ GOLDEN_GAMMA);
    }

    public long seed() { return seed; }

    /** Writes d standard normal values for (position, level) into out[offset..offset+d). */
    public void fill(long position, int level, double[] out, int offset, int d) {
        long state = seedHash + position * 0xBF58476D1CE4E5B9L + ((long) level << 40) + level;
        state = mix64(state);
        for (int j = 0; j < d; j++) {
            double v;
            while (true) {
                long bits = mix64(state += GOLDEN_GAMMA);
                int block = (int) bits & (BLOCKS - 1);
                double u = 2 * ((bits >>> 11) * UNIT) - 1;   // top 53 bits, disjoint from the block's 7
                if (Math.abs(u) < RATIO[block]) { v = u * X[block]; break; }
                if (block == 0) {                              // base block: the tail beyond R
                    double x, y;
                    do {
                        x = Math.log(open(mix64(state += GOLDEN_GAMMA))) / R;
                        y = Math.log(open(mix64(state += GOLDEN_GAMMA)));
                    } while (-2 * y < x * x);
                    v = u < 0 ? x - R : R - x;
                    break;
                }
                double x = u * X[block];                        // a wedge: accept under the density
                double f0 = Math.exp(-0.5 * (X[block] * X[block] - x * x));
                double f1 = Math.exp(-0.5 * (X[block + 1] * X[block + 1] - x * x));
                if (f1 + open(mix64(state += GOLDEN_GAMMA)) * (f0 - f1) < 1) { v = x; break; }
            }
            out[offset + j] = v;
        }
    }

    /** A uniform value in (0, 1) from the top 53 bits (never 0, so its log is finite). */
    private static double open(long bits) { return ((bits >>> 11) + 0.5) * UNIT; }

    /** SplitMix64's finaliser: a bijection that scatters nearby keys over all 64 bits. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
