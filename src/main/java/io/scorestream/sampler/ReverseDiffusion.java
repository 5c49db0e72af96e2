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
 */
abstract class ReverseDiffusion implements Sampler {
    static final int CHUNK = 512;

    /** Moves x (OU coordinates) from time tHigh to tLow; score holds the score at (tHigh, x). */
    abstract void step(DMatrixRMaj x, DMatrixRMaj score, double tHigh, double tLow, SplittableRandom rng);

    @Override
    public DMatrixRMaj sample(ScoreFunction scoreFunction, NoiseSchedule grid, int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("number of samples must be at least 1, got " + n);
        int d = scoreFunction.dimension();
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int first = c * CHUNK, rows = Math.min(CHUNK, n - first);
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + c);
            DMatrixRMaj x = new DMatrixRMaj(rows, d);
            for (int i = 0; i < x.data.length; i++) x.data[i] = rng.nextGaussian();
            DMatrixRMaj score = new DMatrixRMaj(rows, d);
            for (int j = grid.size() - 1; j >= 1; j--) {
                scoreFunction.score(grid.time(j), x, score);
                step(x, score, grid.time(j), grid.time(j - 1), rng);
            }
            System.arraycopy(x.data, 0, out.data, first * d, rows * d);
        });
        return out;
    }
}
