package io.scorestream.baseline;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class EmBaselineTest {
    @Test
    void bicPicksThreeComponentsAndRecoversWeightsAndMeans() {
        GaussianMixture truth = new GaussianMixture(
                new double[]{0.5, 0.3, 0.2},
                new double[][]{{0, 0}, {8, 0}, {0, 8}},
                new double[][][]{{{1, 0.3}, {0.3, 1}}, {{0.5, 0}, {0, 2}}, {{1.5, -0.4}, {-0.4, 0.7}}});
        DMatrixRMaj data = truth.sample(3000, new SplittableRandom(11), null);
        EmBaseline.Result result = EmBaseline.fit(data, 5, 42);
        assertEquals(3, result.components());
        assertEquals(3, result.mixture().size());
        assertTrue(Double.isFinite(result.bic()));
        assertTrue(result.seconds() >= 0);
        // Match each true component to the fitted one with the nearest mean.
        for (int i = 0; i < 3; i++) {
            double[] mu = truth.mean(i);
            int match = result.mixture().mostLikelyComponent(mu);
            double[] fitted = result.mixture().mean(match);
            assertEquals(mu[0], fitted[0], 0.15, "component " + i + " mean x");
            assertEquals(mu[1], fitted[1], 0.15, "component " + i + " mean y");
            assertEquals(truth.weight(i), result.mixture().weight(match), 0.03, "component " + i + " weight");
        }
    }

    /** A list of k gives, at each k it has, the fit the whole sweep gives there: each k's seed is its own. */
    @Test
    void listedComponentCountsFitAsInTheWholeSweep() {
        GaussianMixture truth = new GaussianMixture(
                new double[]{0.5, 0.3, 0.2},
                new double[][]{{0, 0}, {8, 0}, {0, 8}},
                new double[][][]{{{1, 0.3}, {0.3, 1}}, {{0.5, 0}, {0, 2}}, {{1.5, -0.4}, {-0.4, 0.7}}});
        DMatrixRMaj data = truth.sample(2000, new SplittableRandom(11), null);
        java.util.List<String> tried = new java.util.ArrayList<>();
        EmBaseline.Result listed = EmBaseline.fit(data, new int[]{1, 3, 5}, 42, tried::add);
        EmBaseline.Result sweep = EmBaseline.fit(data, 5, 42);
        assertEquals(3, tried.size(), String.join("\n", tried));
        assertTrue(tried.get(1).startsWith("EM k=3 BIC"), tried.get(1));
        assertEquals(3, listed.components());
        assertEquals(sweep.bic(), listed.bic(), 1e-9 * Math.abs(sweep.bic()));
        assertThrows(IllegalArgumentException.class, () -> EmBaseline.fit(data, new int[]{0, 2}, 42, m -> {}));
    }

    @Test
    void singleGaussianDataPicksOneComponent() {
        GaussianMixture truth = new GaussianMixture(new double[]{1}, new double[][]{{1, -1}},
                new double[][][]{{{2, 0.8}, {0.8, 1}}});
        DMatrixRMaj data = truth.sample(3000, new SplittableRandom(5), null);
        EmBaseline.Result result = EmBaseline.fit(data, 3, 1);
        assertEquals(1, result.components());
        assertArrayEquals(new double[]{1, -1}, result.mixture().mean(0), 0.1);
    }

    @Test
    void bicFormulaCountsFullCovarianceParameters() {
        GaussianMixture standard = GaussianMixture.isotropic(new double[]{1}, new double[][]{{0, 0}}, 1);
        double[][] rows = {{0, 0}, {1, 0}};
        // logL = 2·(−ln 2π) − ½·1; p = 0 + 2 + 3 = 5.
        double expected = -2 * (-2 * Math.log(2 * Math.PI) - 0.5) + 5 * Math.log(2);
        assertEquals(expected, EmBaseline.bic(standard, rows), 1e-12);
    }

    @Test
    void oneDimensionalDataFallsBackToASingleGaussian() {
        // Commons Math refuses d < 2; the baseline must still answer.
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj data = new DMatrixRMaj(500, 1);
        for (int i = 0; i < 500; i++) data.data[i] = 2 + 3 * rng.nextGaussian();
        EmBaseline.Result result = EmBaseline.fit(data, 3, 0);
        assertEquals(1, result.components());
        assertEquals(2, result.mixture().mean(0)[0], 0.4);
        assertEquals(9, result.mixture().covariances()[0][0][0], 1.5);
    }

    @Test
    void rejectsNonPositiveMaxComponents() {
        assertThrows(IllegalArgumentException.class, () -> EmBaseline.fit(new DMatrixRMaj(10, 2), 0, 0));
    }

    @Test
    void defaultSweepShrinksWithDimension() {
        assertEquals(10, EmBaseline.defaultMaxComponents(2));
        assertTrue(EmBaseline.defaultMaxComponents(64) >= 4, "must still reach the 4 components of gmm64");
        assertTrue(EmBaseline.defaultMaxComponents(64) < EmBaseline.defaultMaxComponents(2));
    }
}
