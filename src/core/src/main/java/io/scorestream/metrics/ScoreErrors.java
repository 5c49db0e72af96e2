package io.scorestream.metrics;

import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ScoreFunction;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/** How far a learned score is from the exact score of a known Gaussian-mixture truth. */
public final class ScoreErrors {
    private ScoreErrors() {}

    /**
     * √(Σ‖ŝ − s‖² / Σ‖s‖²) of a learned score against the exact one at OU time t, on n points
     * drawn from the noised truth itself (where a sampler actually evaluates the score). The truth
     * must be in the score function's coordinates (for a ScoreModel: its standardised ones).
     */
    public static double relative(ScoreFunction learned, GaussianMixture truth, double t, int n, long seed) {
        if (learned.dimension() != truth.dimension())
            throw new IllegalArgumentException("score has dimension " + learned.dimension() + " but truth has dimension " + truth.dimension());
        if (n < 1) throw new IllegalArgumentException("need at least one point, got " + n);
        double a = Math.exp(-t), s = Math.sqrt(-Math.expm1(-2 * t));
        GaussianMixture noised = truth.noised(a, s);
        DMatrixRMaj x = noised.sample(n, new SplittableRandom(seed), null);
        DMatrixRMaj got = new DMatrixRMaj(1, 1), want = new DMatrixRMaj(1, 1);
        learned.score(t, x, got);
        noised.score(x, want);
        double num = 0, den = 0;
        for (int i = 0; i < want.getNumElements(); i++) {
            double diff = got.data[i] - want.data[i];
            num += diff * diff;
            den += want.data[i] * want.data[i];
        }
        return Math.sqrt(num / den);
    }
}
