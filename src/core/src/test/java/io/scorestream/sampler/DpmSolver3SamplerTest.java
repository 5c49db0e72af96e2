package io.scorestream.sampler;

import io.scorestream.mixture.ExactScore;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ScoreFunction;
import io.scorestream.schedule.GeometricSchedule;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The order of the multistep solvers, measured where the answer is known exactly: for Gaussian
 * data the probability flow is linear, x_t = a·μ + √(a²σ² + s²)·z with z fixed along the path, so
 * the ODE solvers' error against it is their discretisation error alone.
 */
class DpmSolver3SamplerTest {
    static final double[] MEAN = {0.6, -0.4};
    static final double VARIANCE = 0.09;
    static final GaussianMixture GAUSSIAN = GaussianMixture.isotropic(new double[]{1}, new double[][]{MEAN}, VARIANCE);

    /** Largest distance from the exact flow at the grid's lowest level, over 256 starting points. */
    static double flowError(String sampler, int levels) {
        NoiseSchedule grid = new GeometricSchedule(levels, 1e-3, 4);
        DMatrixRMaj x = new DMatrixRMaj(256, 2);
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < x.data.length; i++) x.data[i] = rng.nextGaussian();
        DMatrixRMaj start = x.copy();
        ((ReverseDiffusion) Sampler.named(sampler)).descend(new ExactScore(GAUSSIAN), grid, x, rng);
        double tTop = grid.time(grid.size() - 1), tLow = grid.time(0);
        double worst = 0;
        for (int i = 0; i < x.numRows; i++) {
            for (int k = 0; k < 2; k++) {
                double z = (start.get(i, k) - Math.exp(-tTop) * MEAN[k]) / sd(tTop);
                double exact = Math.exp(-tLow) * MEAN[k] + sd(tLow) * z;
                worst = Math.max(worst, Math.abs(x.get(i, k) - exact));
            }
        }
        return worst;
    }

    static double sd(double t) { return Math.sqrt(Math.exp(-2 * t) * VARIANCE - Math.expm1(-2 * t)); }

    /** Halving the step divides the error by about 2³ (DPM-Solver++(2M) by 2²): measured 7.4 and 7.0 against 4.2 and 4.1. */
    @Test
    void theThirdOrderSolverIsThirdOrder() {
        double third40 = flowError("dpm3m", 40), third80 = flowError("dpm3m", 80), third160 = flowError("dpm3m", 160);
        double second80 = flowError("dpm2m", 80), second160 = flowError("dpm2m", 160);
        String figures = String.format("dpm3m %.2e %.2e %.2e, dpm2m %.2e %.2e", third40, third80, third160, second80, second160);
        assertTrue(third40 / third80 > 6 && third80 / third160 > 6, figures);
        assertTrue(second80 / second160 < 5, figures);
        assertTrue(third80 < second80 / 2 && third160 < second160 / 4, figures);
    }

    /**
     * Where α = e^{−t} is below {@link DpmSolver3Sampler#STATIONARY_ALPHA} the step takes N(0, I)'s
     * score, −x: the score function is asked at every other level of the grid and at none of those.
     */
    @Test
    void levelsWhereTheDataHaveFadedAskTheScoreFunctionNothing() {
        NoiseSchedule grid = new GeometricSchedule(30, 2e-6, 10);
        ScoreFunction exact = new ExactScore(GAUSSIAN);
        java.util.Set<Double> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ScoreFunction watched = new ScoreFunction() {
            @Override public int dimension() { return 2; }
            @Override public void score(double t, DMatrixRMaj x, DMatrixRMaj out) { asked.add(t); exact.score(t, x, out); }
        };
        for (String name : new String[]{"dpm3m-sde", "dpm3m"}) {
            asked.clear();
            DMatrixRMaj x = Sampler.named(name).sample(watched, grid, 600, 3);
            java.util.Set<Double> expected = new java.util.HashSet<>();
            for (int j = 1; j < grid.size(); j++) if (grid.alpha(j) >= DpmSolver3Sampler.STATIONARY_ALPHA) expected.add(grid.time(j));
            assertEquals(expected, asked, name);
            assertEquals(grid.size() - 3, asked.size(), name + ": the grid's top two levels (t = 10, 5.9) are N(0, I)'s");
            for (double v : x.data) assertTrue(Double.isFinite(v), name);
        }
    }

    /** The series and the closed forms of φ₂ and φ₃ meet where the code switches from one to the other. */
    @Test
    void theWeightsAreContinuousWhereTheirSeriesTakeOver() {
        for (double H : new double[]{0.999e-3, 1e-3, 1.001e-3}) {
            assertEquals(1 + Math.expm1(-H) / H, DpmSolver3Sampler.phi2(H), 1e-15);   // the closed form's own rounding: about 1e-16
            assertEquals(1 - 2 * (1 + Math.expm1(-H) / H) / H, DpmSolver3Sampler.phi3(H), 1e-12);   // about 1e-16 / H
        }
        assertEquals(0.5 * 0.5 - 0.25 / 6, DpmSolver3Sampler.phi2(0.5), 0.01, "phi2(H) near H/2 − H²/6");
        assertEquals(0.5 / 3 - 0.25 / 12, DpmSolver3Sampler.phi3(0.5), 0.01, "phi3(H) near H/3 − H²/12");
    }

    /** The SDE form draws its noise from the chunk's stream: the same seed gives the same points, another seed others. */
    @Test
    void theStochasticFormIsReproducible() {
        NoiseSchedule grid = new GeometricSchedule(25, 2e-6, 10);
        Sampler sampler = Sampler.named("dpm3m-sde");
        DMatrixRMaj a = sampler.sample(new ExactScore(GAUSSIAN), grid, 700, 5), b = sampler.sample(new ExactScore(GAUSSIAN), grid, 700, 5);
        DMatrixRMaj c = sampler.sample(new ExactScore(GAUSSIAN), grid, 700, 6);
        assertArrayEquals(a.data, b.data);
        assertFalse(java.util.Arrays.equals(a.data, c.data));
    }
}
