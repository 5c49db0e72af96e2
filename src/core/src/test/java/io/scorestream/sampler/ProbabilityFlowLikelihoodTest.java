package io.scorestream.sampler;

import io.scorestream.mixture.ExactScore;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.schedule.GeometricSchedule;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbabilityFlowLikelihoodTest {
    /** Three components in 2-D, one of them elongated and tilted, two overlapping. */
    private static GaussianMixture threeComponents() {
        return new GaussianMixture(new double[]{0.5, 0.3, 0.2},
                new double[][]{{-1.0, 0.2}, {1.0, -0.4}, {0.6, 0.9}},
                new double[][][]{{{0.30, 0.18}, {0.18, 0.20}}, {{0.05, 0}, {0, 0.40}}, {{0.10, -0.02}, {-0.02, 0.06}}});
    }

    /** Worst and mean error in nats against the mixture's exact density at the lowest level, 200 rows drawn there. */
    private static double[] errors(GaussianMixture mixture, int substeps) {
        double[] levels = new GeometricSchedule(30, 2e-6, 10).times();
        ProbabilityFlowLikelihood likelihood = new ProbabilityFlowLikelihood(new ExactScore(mixture), ProbabilityFlowLikelihood.refined(levels, substeps));
        double t0 = likelihood.lowestTime();
        GaussianMixture atLowest = mixture.noised(Math.exp(-t0), Math.sqrt(-Math.expm1(-2 * t0)));
        DMatrixRMaj rows = atLowest.sample(200, new SplittableRandom(7), null);
        double[] found = likelihood.logDensities(rows);
        double worst = 0, bias = 0;
        for (int i = 0; i < rows.numRows; i++) {
            double exact = atLowest.logDensity(new double[]{rows.get(i, 0), rows.get(i, 1)});
            worst = Math.max(worst, Math.abs(found[i] - exact));
            bias += (found[i] - exact) / rows.numRows;
        }
        return new double[]{worst, bias};
    }

    @Test
    void theExactScoreGivesTheMixturesDensityAtTheLowestLevel() {
        double[] error = errors(threeComponents(), ProbabilityFlowLikelihood.DEFAULT_SUBSTEPS);
        assertTrue(error[0] < 0.02, "largest error " + error[0] + " nats");
        assertEquals(0, error[1], 0.002, "mean error");
    }

    @Test
    void halvingTheStepCutsTheErrorAboutFourfold() {
        // Heun's method is second order: a first-order slip (a one-evaluation step, a missed term) would cut it about twofold.
        double coarse = errors(threeComponents(), 2)[0], fine = errors(threeComponents(), 4)[0];
        assertTrue(fine < coarse / 3, coarse + " then " + fine);
    }

    @Test
    void aPointFarFromTheMassHasAFarLowerDensityThanOneInIt() {
        GaussianMixture mixture = threeComponents();
        ProbabilityFlowLikelihood likelihood = new ProbabilityFlowLikelihood(new ExactScore(mixture), ProbabilityFlowLikelihood.refined(new GeometricSchedule(30, 2e-6, 10).times(), ProbabilityFlowLikelihood.DEFAULT_SUBSTEPS));
        double[] found = likelihood.logDensities(new DMatrixRMaj(new double[][]{{-1.0, 0.2}, {4.0, 4.0}}));
        assertTrue(found[0] > found[1] + 20, found[0] + " against " + found[1]);
    }

    @Test
    void refinedTimesKeepTheLevelsAndSplitEachIntervalInLogTime() {
        double[] out = ProbabilityFlowLikelihood.refined(new double[]{1e-4, 1e-2, 1}, 2);
        assertEquals(5, out.length);
        assertEquals(1e-4, out[0], 0);
        assertEquals(1e-3, out[1], 1e-15);
        assertEquals(1e-2, out[2], 1e-15);
        assertEquals(1e-1, out[3], 1e-14);
        assertEquals(1, out[4], 0);
        assertThrows(IllegalArgumentException.class, () -> ProbabilityFlowLikelihood.refined(new double[]{1, 2}, 0));
    }
}
