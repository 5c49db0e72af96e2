package io.scorestream.sampler;

import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * [CKS]'s exponential integrator for the reverse of dx = −x dt + √2 dW with step h:
 * {@code y ← e^{h}·y + 2(e^{h} − 1)·ŝ(y) + √(e^{2h} − 1)·z}; exact for the linear part.
 * On a Gaussian state this step multiplies by (2 − e^{h}), so it is split above h = 0.5.
 */
public final class ExponentialIntegratorSampler extends OneStepSampler {
    @Override public String name() { return "ei"; }

    @Override
    double maxStep() { return 0.5; }

    @Override
    void step(DMatrixRMaj x, DMatrixRMaj score, double tHigh, double tLow, SplittableRandom rng) {
        double h = tHigh - tLow;
        double grow = Math.exp(h), drift = 2 * Math.expm1(h), noise = Math.sqrt(Math.expm1(2 * h));
        int len = x.getNumElements();
        for (int i = 0; i < len; i++) x.data[i] = grow * x.data[i] + drift * score.data[i] + noise * rng.nextGaussian();
    }
}
