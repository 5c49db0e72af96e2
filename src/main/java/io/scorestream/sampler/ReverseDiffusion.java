package io.scorestream.sampler;

import io.scorestream.model.ScoreFunction;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The loop every sampler shares: start from N(0, I) at the top level (the OU stationary law) and
 * apply {@link #step} from each level to the one below. Rows are processed in fixed-size chunks,
 * each with its own random stream derived from (seed, chunk), so output does not depend on how
 * many threads ran it.
 *
 * <p>A sampler whose step is only stable for short steps declares {@link #maxStep()}; longer grid
 * steps are then split evenly, with the score evaluated at the intermediate times.
 */
abstract class ReverseDiffusion implements Sampler {
    static final int CHUNK = 512;

    /** Moves x (OU coordinates) from time tHigh to tLow; score holds the score at (tHigh, x). */
    abstract void step(DMatrixRMaj x, DMatrixRMaj score, double tHigh, double tLow, SplittableRandom rng);

    /** Longest stable step in OU time. */
    double maxStep() { return Double.POSITIVE_INFINITY; }

    @Override
    public DMatrixRMaj sample(ScoreFunction scoreFunction, NoiseSchedule grid, int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("number of samples must be at least 1, got " + n);
        int d = scoreFunction.dimension();
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        int chunks = (n + CHUNK - 1) / CHUNK;
        // One generator per chunk, split off a root in a fixed order. (Seeding chunks with
        // seed·γ + c made seed k+1's streams those of seed k shifted by one draw: γ is
        // SplittableRandom's own increment, so consecutive seeds gave near-copies.)
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] generators = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) generators[c] = root.split();
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int first = c * CHUNK, rows = Math.min(CHUNK, n - first);
            SplittableRandom rng = generators[c];
            DMatrixRMaj x = new DMatrixRMaj(rows, d);
            for (int i = 0; i < x.data.length; i++) x.data[i] = rng.nextGaussian();
            DMatrixRMaj score = new DMatrixRMaj(rows, d);
            for (int j = grid.size() - 1; j >= 1; j--) {
                double high = grid.time(j), low = grid.time(j - 1);
                int pieces = Math.max(1, (int) Math.ceil((high - low) / maxStep()));
                for (int piece = 0; piece < pieces; piece++) {
                    double from = high - (high - low) * piece / pieces;
                    double to = piece == pieces - 1 ? low : high - (high - low) * (piece + 1) / pieces;
                    scoreFunction.score(from, x, score);
                    step(x, score, from, to, rng);
                }
            }
            System.arraycopy(x.data, 0, out.data, first * d, rows * d);
        });
        return out;
    }
}
