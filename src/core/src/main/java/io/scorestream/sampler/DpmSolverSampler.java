package io.scorestream.sampler;

import io.scorestream.model.ScoreFunction;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * DPM-Solver++(2M) (Lu et al. 2022): a second-order multistep solver in the half log-SNR
 * λ = log(a/s), on the data prediction x̂₀ = (x + s²·score)/a. Each step costs one score
 * evaluation, like the one-step samplers, but its local error is third order in the step h, so
 * a quarter of the levels gives the same samples. From λ to λ + h, with D the second-order
 * extrapolation {@code x̂₀ + (x̂₀ − x̂₀_prev)/(2r)}, r = h_prev/h (plain x̂₀ on the first step):
 * <ul>
 *   <li>probability flow ({@code dpm2m}): {@code x ← (s'/s)·x + a'(1 − e^{−h})·D}, deterministic;</li>
 *   <li>reverse SDE ({@code dpm2m-sde}): {@code x ← (s'/s)e^{−h}·x + a'(1 − e^{−2h})·D + s'√(1 − e^{−2h})·z},
 *       which forgets score errors of earlier steps faster (the noise it adds is the SDE's own).</li>
 * </ul>
 * Like the others it returns the state at the grid's lowest level, not a posterior mean.
 */
public final class DpmSolverSampler extends ReverseDiffusion {
    private final boolean stochastic;

    public DpmSolverSampler(boolean stochastic) { this.stochastic = stochastic; }

    @Override public String name() { return stochastic ? "dpm2m-sde" : "dpm2m"; }

    /** Steps that reach the two-sample floor on the quality suite with a learned score (QUALITY.md). */
    public static final int DEFAULT_STEPS = 40;

    @Override public int defaultSteps() { return DEFAULT_STEPS; }

    /** Half log signal-to-noise ratio λ = log(a/s) of OU time t. */
    static double halfLogSnr(double t) { return -t - 0.5 * Math.log(-Math.expm1(-2 * t)); }

    @Override
    void descend(ScoreFunction scoreFunction, NoiseSchedule grid, DMatrixRMaj x, SplittableRandom rng) {
        int len = x.getNumElements();
        DMatrixRMaj denoised = new DMatrixRMaj(x.numRows, x.numCols);   // the score, then x̂₀ in place
        double[] previous = new double[len];
        double previousStep = Double.NaN;
        for (int j = grid.size() - 1; j >= 1; j--) {
            double tHigh = grid.time(j), tLow = grid.time(j - 1);
            double aHigh = Math.exp(-tHigh), sHigh = Math.sqrt(-Math.expm1(-2 * tHigh));
            double aLow = Math.exp(-tLow), sLow = Math.sqrt(-Math.expm1(-2 * tLow));
            double h = halfLogSnr(tLow) - halfLogSnr(tHigh);
            scoreFunction.score(tHigh, x, denoised);
            double[] d0 = denoised.data, xs = x.data;
            double varHigh = sHigh * sHigh, invAHigh = 1 / aHigh;
            // weight of the difference x̂₀ − x̂₀_prev in D; 0 on the first step (first order)
            double slope = Double.isNaN(previousStep) ? 0 : h / (2 * previousStep);
            // one pass per step: x̂₀ from the score, D, the update, and x̂₀ kept for the next step
            double keep = stochastic ? sLow / sHigh * Math.exp(-h) : sLow / sHigh;
            double pull = stochastic ? -aLow * Math.expm1(-2 * h) : -aLow * Math.expm1(-h);
            double noise = stochastic ? sLow * Math.sqrt(-Math.expm1(-2 * h)) : 0;
            for (int i = 0; i < len; i++) {
                double x0 = (xs[i] + varHigh * d0[i]) * invAHigh;
                double extrapolated = x0 + slope * (x0 - previous[i]);
                previous[i] = x0;
                double next = keep * xs[i] + pull * extrapolated;
                xs[i] = stochastic ? next + noise * rng.nextGaussian() : next;
            }
            previousStep = h;
        }
    }
}
