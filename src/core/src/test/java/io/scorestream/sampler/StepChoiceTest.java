package io.scorestream.sampler;

import io.scorestream.mixture.ExactScore;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.schedule.GeometricSchedule;
import io.scorestream.schedule.GridSpec;
import io.scorestream.schedule.NoiseSchedule;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.*;

/** The step count measured per model: the coupled pilot, the choice, and where a plan uses it. */
class StepChoiceTest {
    static final NoiseSchedule LEVELS = new GeometricSchedule(30, 2e-6, 10);
    /** One broad Gaussian: the solver is nearly exact on it at any count. */
    static final GaussianMixture BROAD = GaussianMixture.isotropic(new double[]{1}, new double[][]{{0.2, -0.1}}, 0.9);
    /** The quality suite's gmm standardised (modes at ±4/√17, variance 1/17): 30 steps leave it 0.01 above the floor. */
    static final GaussianMixture NARROW = GaussianMixture.isotropic(new double[]{0.1, 0.2, 0.3, 0.4},
            new double[][]{{-0.97, -0.97}, {0.97, -0.97}, {-0.97, 0.97}, {0.97, 0.97}}, 1.0 / 17);

    @Test
    void theHalvedGridKeepsEveryLevelAndAddsTheGeometricMidpoints() {
        NoiseSchedule fine = StepChoice.halved(LEVELS);
        assertEquals(59, fine.size());
        for (int j = 0; j < LEVELS.size(); j++) assertEquals(LEVELS.time(j), fine.time(2 * j), 0.0);
        for (int j = 0; j + 1 < LEVELS.size(); j++)
            assertEquals(LEVELS.time(j + 1) / fine.time(2 * j + 1), fine.time(2 * j + 1) / LEVELS.time(j), 1e-12);
    }

    /**
     * The two runs share one Brownian path, so their distance is discretisation error alone and
     * falls as the count grows; with unrelated noise it would stay at about one local spread.
     */
    @Test
    void theCoupledDiscrepancyFallsWithTheStepCount() {
        ExactScore score = new ExactScore(NARROW);
        NoiseSchedule halved = StepChoice.halved(LEVELS);
        double e30 = StepChoice.error(score, LEVELS), e59 = StepChoice.error(score, halved), e117 = StepChoice.error(score, StepChoice.halved(halved));
        String figures = String.format("%.4f %.4f %.4f", e30, e59, e117);
        assertTrue(e30 < 0.5, "coupled, far below one local spread: " + figures);
        assertTrue(e59 < 0.75 * e30 && e117 < 0.75 * e59, figures);
    }

    @Test
    void theDefaultGridIsHalvedUntilItsErrorIsWithinTheTolerance() {
        assertSame(LEVELS, StepChoice.choose(new ExactScore(BROAD), LEVELS), "one broad Gaussian: the 30 levels themselves");
        ExactScore narrow = new ExactScore(NARROW);
        assertTrue(StepChoice.error(narrow, LEVELS) > StepChoice.TOLERANCE, "gmm's modes are too coarse on 30 levels");
        NoiseSchedule chosen = StepChoice.choose(narrow, LEVELS);
        assertTrue(chosen.size() == 59 || chosen.size() == 117, "halved: " + chosen.size());
        if (chosen.size() == 59) assertTrue(StepChoice.error(narrow, chosen) <= StepChoice.TOLERANCE);
        for (int j = 0; j < LEVELS.size(); j++) assertEquals(LEVELS.time(j), chosen.time((chosen.size() - 1) / 29 * j), 0.0, "every level kept");
        assertSame(StepChoice.grid(narrow, LEVELS), StepChoice.grid(narrow, LEVELS), "measured once for the same score");
    }

    @Test
    void onlyTheMeasuredGridIsMeasuredAndItTakesNoCountAndNoOtherSampler() {
        ExactScore narrow = new ExactScore(NARROW);
        SamplingPlan measured = SamplingPlan.of(null, "measured", null, null, null, null, null, null);
        assertTrue(measured.measured());
        assertSame(StepChoice.grid(narrow, LEVELS), measured.grid(narrow, LEVELS));
        assertFalse(SamplingPlan.defaults().measured());
        assertEquals(30, SamplingPlan.defaults().grid(narrow, LEVELS).size(), "the default stays the model's 30 levels");
        assertEquals(GridSpec.of("model").withSteps(60).on(LEVELS, 2).time(1),
                SamplingPlan.of(null, null, 60, null, null, null, null, null).grid(narrow, LEVELS).time(1), 0.0);
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> SamplingPlan.of(null, "measured", 40, null, null, null, null, null));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> SamplingPlan.of("ddpm", "measured", null, null, null, null, null, null));
        assertTrue(other.getMessage().contains("dpm3m-sde's"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> measured.grid(LEVELS, 2), "not without the score");
    }

    /** The pilot is one fixed batch on the calling thread: the measured plan's samples are the same bits on any pool. */
    @Test
    void theChosenPlanGivesTheSameSamplesOnOneThreadAndOnFour() throws Exception {
        GaussianMixture truth = Mixtures.separatedIsotropic().standardised(new double[]{4, 4}, new double[]{4, 4});
        int n = 3 * ReverseDiffusion.CHUNK + 5;
        ForkJoinPool one = new ForkJoinPool(1), four = new ForkJoinPool(4);
        try {
            SamplingPlan measured = SamplingPlan.of(null, "measured", null, null, null, null, null, null);
            DMatrixRMaj single = one.submit(() -> measured.sample(new ExactScore(truth), LEVELS, n, 5)).get();
            DMatrixRMaj several = four.submit(() -> measured.sample(new ExactScore(truth), LEVELS, n, 5)).get();
            assertArrayEquals(single.data, several.data, 0.0);
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }
}
