package io.scorestream.sampler;

import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.mixture.ExactScore;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.schedule.GeometricSchedule;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

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
        for (String name : new String[]{"ddpm", "ei", "ve", "ode"}) {
            double acc = accuracy(Sampler.named(name).sample(new ExactScore(truth), grid, N, 3));
            assertTrue(acc - floor < 0.03, String.format("%s: accuracy %.3f, floor %.3f", name, acc, floor));
        }
    }

    @Test
    void eightStepsAreMeasurablyWorse() {
        GeometricSchedule coarse = new GeometricSchedule(8, 2e-6, 10);
        double acc = accuracy(Sampler.named("ddpm").sample(new ExactScore(truth), coarse, N, 3));
        assertTrue(acc - floor > 0.05, String.format("8 steps: accuracy %.3f, floor %.3f", acc, floor));
    }
}
