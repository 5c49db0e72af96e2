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
 * <p>How a chunk goes from the top level to level 0 is {@link #descend}: one step per grid
 * interval for the one-step samplers ({@link OneStepSampler}), a multistep recursion for
 * {@link DpmSolverSampler}.
 */
abstract class ReverseDiffusion implements Sampler {
    static final int CHUNK = 512;

    /** Moves x (rows × d, OU coordinates, N(0, I) at the top level) down the grid to its level 0. */
    abstract void descend(ScoreFunction scoreFunction, NoiseSchedule grid, DMatrixRMaj x, SplittableRandom rng);

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
            descend(scoreFunction, grid, x, rng);
            System.arraycopy(x.data, 0, out.data, first * d, rows * d);
        });
        return out;
    }
}
