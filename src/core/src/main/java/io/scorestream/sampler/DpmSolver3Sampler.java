package io.scorestream.sampler;

import io.scorestream.model.ScoreFunction;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * DPM-Solver++(3M) (Lu et al. 2022, "DPM-Solver++"; the SDE form as their SDE-DPM-Solver++):
 * the third-order multistep solver in the half log-SNR λ = log(a/s) on the data prediction
 * x̂₀ = (x + s²·score)/a. One score evaluation per step, like {@link DpmSolverSampler}, but the
 * last three x̂₀ give its first and second derivatives in λ, so the local error is fourth order
 * in the step h where the data prediction is smooth.
 *
 * <p>From λ to λ + h, with H = h (probability flow, {@code dpm3m}) or H = 2h (reverse SDE,
 * {@code dpm3m-sde}), and r₀ = h₋₁/h, r₁ = h₋₂/h the earlier steps' lengths relative to this one:
 * <pre>
 *   d₁₀ = (x̂₀ − x̂₀₋₁)/r₀,  d₁₁ = (x̂₀₋₁ − x̂₀₋₂)/r₁
 *   d₁ = d₁₀ + r₀(d₁₀ − d₁₁)/(r₀ + r₁)      ≈ h·x̂₀'
 *   d₂ = (d₁₀ − d₁₁)/(r₀ + r₁)              ≈ h²·x̂₀''/2
 *   x ← keep·x + a'(1 − e^{−H})·x̂₀ + a'·φ₂(H)·d₁ + a'·φ₃(H)·d₂ (+ s'√(1 − e^{−H})·z on the SDE)
 *   φ₂(H) = 1 − (1 − e^{−H})/H,   φ₃(H) = 1 − 2φ₂(H)/H
 * </pre>
 * φ₂ and φ₃ are the exact integrals of the Taylor terms against the step's exponential weight
 * (∫₀ʰ w(v)·v dv/h and ∫₀ʰ w(v)·v² dv/h², w the weight of x̂₀ at λ + v). φ₃ here is twice the
 * coefficient of the reference implementations (DPM-Solver's {@code multistep_dpm_solver_third_update},
 * k-diffusion's {@code sample_dpmpp_3m_sde}), whose d₂ is the same h²x̂₀''/2: with their half the
 * flow's error on a Gaussian did not fall by 8 per halving of the step, with this one it does
 * ({@code DpmSolver3SamplerTest}). The first step is first order and the second second order
 * (too few x̂₀ yet).
 */
public final class DpmSolver3Sampler extends ReverseDiffusion {
    private final boolean stochastic;

    public DpmSolver3Sampler(boolean stochastic) { this.stochastic = stochastic; }

    @Override public String name() { return stochastic ? "dpm3m-sde" : "dpm3m"; }

    /**
     * Levels by default: on learned models the SDE form on 30 stays within 0.01 of {@code dpm2m-sde} on 40
     * on every synthetic quality row and embed768, and 25 does not (embed768 +0.015 on one seed); the ODE
     * form shares the count, measured with the exact score only (QUALITY.md, "DPM-Solver++(3M)").
     */
    public static final int DEFAULT_STEPS = 30;

    @Override public int defaultSteps() { return DEFAULT_STEPS; }

    /**
     * Below this α = e^{−t} the step takes the score of N(0, I), −x, instead of the model's. There x_t
     * is N(0, I) to within α² in covariance (the model's coordinates are standardised; the sampler
     * starts from N(0, I) on the same grounds), so x̂₀ = a·x is the posterior mean to first order in
     * α, while a learned ε̂ enters x̂₀ = (x − s·ε̂)/a divided by α. These levels are also the dearest
     * to evaluate (every soft cell's gate and expert is kept at every point, PERFORMANCE.md §35);
     * they stay in the grid, so the multistep history still starts at the top.
     */
    static final double STATIONARY_ALPHA = 0.01;

    /** 1 − (1 − e^{−H})/H, by its series where the difference would cancel. */
    static double phi2(double H) {
        return H < 1e-3 ? H * (1.0 / 2 - H * (1.0 / 6 - H * (1.0 / 24 - H / 120))) : 1 + Math.expm1(-H) / H;
    }

    /** 1 − 2φ₂(H)/H, by its series where the difference would cancel. */
    static double phi3(double H) {
        return H < 1e-3 ? H * (1.0 / 3 - H * (1.0 / 12 - H * (1.0 / 60 - H / 360))) : 1 - 2 * phi2(H) / H;
    }

    /** The standard normal draws the SDE form adds on the step down from a grid level. */
    @FunctionalInterface
    interface StepNoise {
        void fill(int level, double[] z);
    }

    @Override
    void descend(ScoreFunction scoreFunction, NoiseSchedule grid, DMatrixRMaj x, SplittableRandom rng) {
        descend(scoreFunction, grid, x, (level, z) -> {
            for (int i = 0; i < z.length; i++) z[i] = rng.nextGaussian();
        });
    }

    /** {@link #descend} with the SDE's draws from noise (unused by the flow). */
    void descend(ScoreFunction scoreFunction, NoiseSchedule grid, DMatrixRMaj x, StepNoise stepNoise) {
        int len = x.getNumElements();
        double[] z = new double[stochastic ? len : 0];
        DMatrixRMaj denoised = new DMatrixRMaj(x.numRows, x.numCols);   // the score, then x̂₀ in place
        double[] previous = new double[len], beforePrevious = new double[len];
        double previousStep = Double.NaN, stepBefore = Double.NaN;
        for (int j = grid.size() - 1; j >= 1; j--) {
            double tHigh = grid.time(j), tLow = grid.time(j - 1);
            double aHigh = Math.exp(-tHigh), sHigh = Math.sqrt(-Math.expm1(-2 * tHigh));
            double aLow = Math.exp(-tLow), sLow = Math.sqrt(-Math.expm1(-2 * tLow));
            double h = DpmSolverSampler.halfLogSnr(tLow) - DpmSolverSampler.halfLogSnr(tHigh);
            double H = stochastic ? 2 * h : h;
            double[] d0 = denoised.data, xs = x.data;
            if (aHigh < STATIONARY_ALPHA) for (int i = 0; i < len; i++) d0[i] = -xs[i];
            else scoreFunction.score(tHigh, x, denoised);
            double varHigh = sHigh * sHigh, invAHigh = 1 / aHigh;
            double keep = stochastic ? sLow / sHigh * Math.exp(-h) : sLow / sHigh;
            double pull = -aLow * Math.expm1(-H);
            double noise = stochastic ? sLow * Math.sqrt(-Math.expm1(-H)) : 0;
            double c1 = aLow * phi2(H), c2 = aLow * phi3(H);
            // weights of x̂₀, x̂₀₋₁, x̂₀₋₂ in the correction a'φ₂·d₁ + a'φ₃·d₂ (0 where an earlier x̂₀ is missing)
            double w0, w1, w2;
            if (Double.isNaN(previousStep)) {
                w0 = w1 = w2 = 0;
            } else if (Double.isNaN(stepBefore)) {
                double r0 = previousStep / h;
                w0 = c1 / r0; w1 = -w0; w2 = 0;
            } else {
                double r0 = previousStep / h, r1 = stepBefore / h, sum = r0 + r1;
                // d₁₀ = (D0 − D1)/r0, d₁₁ = (D1 − D2)/r1; d₁ = d₁₀(1 + r0/sum) − d₁₁·r0/sum; d₂ = (d₁₀ − d₁₁)/sum
                double a10 = c1 * (1 + r0 / sum) + c2 / sum;   // weight of d₁₀
                double a11 = -c1 * r0 / sum - c2 / sum;        // weight of d₁₁
                w0 = a10 / r0;
                w1 = -a10 / r0 + a11 / r1;
                w2 = -a11 / r1;
            }
            if (stochastic) stepNoise.fill(j, z);
            for (int i = 0; i < len; i++) {
                double x0 = (xs[i] + varHigh * d0[i]) * invAHigh;
                double next = keep * xs[i] + pull * x0 + w0 * x0 + w1 * previous[i] + w2 * beforePrevious[i];
                beforePrevious[i] = previous[i];
                previous[i] = x0;
                xs[i] = stochastic ? next + noise * z[i] : next;
            }
            stepBefore = previousStep;
            previousStep = h;
        }
    }
}
