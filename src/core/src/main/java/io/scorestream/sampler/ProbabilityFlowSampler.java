package io.scorestream.sampler;

import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * Deterministic DDIM-like step along the probability-flow ODE: keep the predicted noise and move
 * the predicted clean point to the lower level, {@code x ← a_lo·x̂₀ + s_lo·ε̂} with
 * ε̂ = −s_hi·score and x̂₀ = (x − s_hi·ε̂)/a_hi. Only the starting noise is random.
 */
public final class ProbabilityFlowSampler extends OneStepSampler {
    @Override public String name() { return "ode"; }

    @Override
    void step(DMatrixRMaj x, DMatrixRMaj score, double tHigh, double tLow, SplittableRandom rng) {
        double aHigh = Math.exp(-tHigh), sHigh = Math.sqrt(-Math.expm1(-2 * tHigh));
        double aLow = Math.exp(-tLow), sLow = Math.sqrt(-Math.expm1(-2 * tLow));
        int len = x.getNumElements();
        for (int i = 0; i < len; i++) {
            double eps = -sHigh * score.data[i];
            double x0 = (x.data[i] - sHigh * eps) / aHigh;
            x.data[i] = aLow * x0 + sLow * eps;
        }
    }
}
