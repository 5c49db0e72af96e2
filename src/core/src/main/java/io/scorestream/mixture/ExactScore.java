package io.scorestream.mixture;

import io.scorestream.model.ScoreFunction;
import org.ejml.data.DMatrixRMaj;

/** The exact score of a Gaussian mixture under the OU forward process: the oracle. */
public final class ExactScore implements ScoreFunction {
    private final GaussianMixture mixture;
    private double cachedT = Double.NaN;
    private GaussianMixture cachedNoised;

    public ExactScore(GaussianMixture mixture) { this.mixture = mixture; }

    @Override public int dimension() { return mixture.dimension(); }

    @Override
    public synchronized void score(double t, DMatrixRMaj x, DMatrixRMaj out) {
        if (t != cachedT) {
            cachedNoised = mixture.noised(Math.exp(-t), Math.sqrt(-Math.expm1(-2 * t)));
            cachedT = t;
        }
        cachedNoised.score(x, out);
    }
}
