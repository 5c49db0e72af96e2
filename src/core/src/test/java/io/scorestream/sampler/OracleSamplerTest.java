package io.scorestream.sampler;

import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.mixture.ExactScore;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.schedule.GeometricSchedule;
import io.scorestream.schedule.GridSpec;
import io.scorestream.schedule.NoiseSchedule;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samplers with the exact mixture score: with enough steps the output is as close to the truth
 * as a second true sample (the two-sample floor); with few steps the discretisation shows.
 */
class OracleSamplerTest {
    static final int N = 6000;
    static GaussianMixture truth;
    static DMatrixRMaj reference;
    static double floor;

    @BeforeAll
    static void floor() {
        // Standardised coordinates, as the learner sees data: means near ±1, component sd 1/4.
        truth = Mixtures.separatedIsotropic().standardised(new double[]{4, 4}, new double[]{4, 4});
        reference = truth.sample(N, new SplittableRandom(100), null);
        floor = accuracy(truth.sample(N, new SplittableRandom(101), null));
    }

    static double accuracy(DMatrixRMaj x) {
        return TwoSampleMetrics.compare(x, reference, 7).classifierAccuracy();
    }

    @Test
    void everySamplerReachesTheFloorWith200Levels() {
        GeometricSchedule grid = new GeometricSchedule(200, 2e-6, 10);
        for (String name : Sampler.NAMES) {
            double acc = accuracy(Sampler.named(name).sample(new ExactScore(truth), grid, N, 3));
            assertTrue(acc - floor < 0.03, String.format("%s: accuracy %.3f, floor %.3f", name, acc, floor));
        }
    }

    /**
     * Each paper's sampler on its paper's grid, and the second-order solver on a quarter of the
     * default levels, at the step counts the documentation states (QUALITY.md, step-count ablation).
     */
    @Test
    void eachSamplerOnItsGridReachesTheFloorAtItsStatedStepCount() {
        GeometricSchedule levels = new GeometricSchedule(200, 2e-6, 10);
        String[][] pairs = {{"ddpm", "lcw", "100"}, {"ve", "gkl", "100"}, {"ei", "cks", "100"},
                {"dpm2m-sde", "model", "40"}, {"dpm2m", "model", "40"}, {"ddpm", "model", "200"},
                {"ddpm", "geometric", "200"}, {"dpm2m-sde", "geometric", "40"},
                {"dpm3m-sde", "model", String.valueOf(DpmSolver3Sampler.DEFAULT_STEPS)}, {"dpm3m", "model", String.valueOf(DpmSolver3Sampler.DEFAULT_STEPS)}};
        for (String[] p : pairs) {
            SamplingPlan plan = new SamplingPlan(p[0], GridSpec.of(p[1]).withSteps(Integer.parseInt(p[2])));
            NoiseSchedule grid = plan.grid(levels, 2);
            assertTrue(grid.size() <= Integer.parseInt(p[2]) && grid.size() > Integer.parseInt(p[2]) * 0.9, plan + ": " + grid.size() + " levels");
            double acc = accuracy(plan.newSampler().sample(new ExactScore(truth), grid, N, 3));
            assertTrue(acc - floor < 0.02, String.format("%s: accuracy %.3f, floor %.3f", plan, acc, floor));
        }
    }

    /**
     * On a model trained on the default 30 levels, every sampler at its own default step count
     * reaches the floor: the default sampler on the levels themselves, the first-order ones on 200
     * steps refined between them (GridSpec's model grid).
     */
    @Test
    void everySamplerAtItsDefaultStepsReachesTheFloorOnThirtyTrainedLevels() {
        GeometricSchedule levels = new GeometricSchedule(30, 2e-6, 10);
        for (String name : Sampler.NAMES) {
            SamplingPlan plan = new SamplingPlan(name, GridSpec.of("model"));
            NoiseSchedule grid = plan.grid(levels, 2);
            int want = plan.newSampler().defaultSteps();
            assertEquals(want, grid.size(), plan + ": the sampler's default count");
            double acc = accuracy(plan.newSampler().sample(new ExactScore(truth), grid, N, 3));
            assertTrue(acc - floor < 0.02, String.format("%s on %d steps over 30 levels: accuracy %.3f, floor %.3f", name, want, acc, floor));
        }
    }

    /** The second-order solver is what makes the quarter possible: ancestral sampling on the same 25 levels is not at the floor. */
    @Test
    void theSecondOrderSolverBeatsAncestralSamplingOnFewLevels() {
        NoiseSchedule grid = GridSpec.of("model").withSteps(25).on(new GeometricSchedule(200, 2e-6, 10), 2);
        double ddpm = accuracy(Sampler.named("ddpm").sample(new ExactScore(truth), grid, N, 3));
        double dpm = accuracy(Sampler.named("dpm2m-sde").sample(new ExactScore(truth), grid, N, 3));
        assertTrue(ddpm - dpm > 0.01 && dpm - floor < 0.02, String.format("25 levels: ddpm %.3f, dpm2m-sde %.3f, floor %.3f", ddpm, dpm, floor));
    }

    @Test
    void eightStepsAreMeasurablyWorse() {
        GeometricSchedule coarse = new GeometricSchedule(8, 2e-6, 10);
        double acc = accuracy(Sampler.named("ddpm").sample(new ExactScore(truth), coarse, N, 3));
        assertTrue(acc - floor > 0.05, String.format("8 steps: accuracy %.3f, floor %.3f", acc, floor));
    }
}
