package io.scorestream.sampler;

import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * DDPM ancestral sampling with [LCW]'s update
 * {@code Y_{j−1} = (Y_j + (1 − α_j)·s_j(Y_j)) / √α_j + √(1 − α_j)·Z}, α_j = ᾱ_j/ᾱ_{j−1}.
 */
public final class AncestralSampler extends OneStepSampler {
    @Override public String name() { return "ddpm"; }

    @Override
    void step(DMatrixRMaj x, DMatrixRMaj score, double tHigh, double tLow, SplittableRandom rng) {
        double oneMinusAlpha = -Math.expm1(-2 * (tHigh - tLow));
        double invSqrtAlpha = Math.exp(tHigh - tLow);
        double noise = Math.sqrt(oneMinusAlpha);
        for (int i = 0; i < x.getNumElements(); i++)
            x.data[i] = (x.data[i] + oneMinusAlpha * score.data[i]) * invSqrtAlpha + noise * rng.nextGaussian();
    }
}
