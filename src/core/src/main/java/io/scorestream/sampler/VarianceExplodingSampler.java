package io.scorestream.sampler;

import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * [GKL]'s Euler–Maruyama step on the variance-exploding process y = e^{t}·x (τ = e^{2t} − 1):
 * {@code y_{ℓ−1} = y_ℓ + 2[(τ_ℓ+1) − √((τ_{ℓ−1}+1)(τ_ℓ+1))]·s^{VE}_ℓ(y_ℓ) + √(τ_ℓ − τ_{ℓ−1})·ξ},
 * in the "+1" form (the printed −1 is wrong for τ < 1, docs/method.md §11). The VE score is a·s^{OU}(a·y); the state
 * is kept in OU coordinates between steps.
 * In OU coordinates this step, like [CKS]'s, multiplies a Gaussian state by (2 − e^{h}); it is split above h = 0.5.
 */
public final class VarianceExplodingSampler extends OneStepSampler {
    @Override public String name() { return "ve"; }

    @Override
    double maxStep() { return 0.5; }

    @Override
    void step(DMatrixRMaj x, DMatrixRMaj score, double tHigh, double tLow, SplittableRandom rng) {
        double aHigh = Math.exp(-tHigh), aLow = Math.exp(-tLow);
        double uHigh = Math.exp(2 * tHigh), uLow = Math.exp(2 * tLow);   // τ + 1
        double drift = 2 * (uHigh - Math.sqrt(uLow * uHigh));
        double noise = Math.sqrt(uHigh - uLow);
        int len = x.getNumElements();
        for (int i = 0; i < len; i++) {
            double y = x.data[i] / aHigh;
            y += drift * aHigh * score.data[i] + noise * rng.nextGaussian();
            x.data[i] = aLow * y;
        }
    }
}
