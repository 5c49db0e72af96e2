package io.scorestream.sampler;

import io.scorestream.model.ScoreFunction;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * A sampler whose update from one level to the next needs only the score at the upper level.
 * One whose step is only stable for short steps declares {@link #maxStep()}; longer grid steps
 * are then split evenly, with the score evaluated at the intermediate times.
 */
abstract class OneStepSampler extends ReverseDiffusion {

    /** Moves x (OU coordinates) from time tHigh to tLow; score holds the score at (tHigh, x). */
    abstract void step(DMatrixRMaj x, DMatrixRMaj score, double tHigh, double tLow, SplittableRandom rng);

    /** Longest stable step in OU time. */
    double maxStep() { return Double.POSITIVE_INFINITY; }

    @Override
    void descend(ScoreFunction scoreFunction, NoiseSchedule grid, DMatrixRMaj x, SplittableRandom rng) {
        DMatrixRMaj score = new DMatrixRMaj(x.numRows, x.numCols);
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
    }
}
