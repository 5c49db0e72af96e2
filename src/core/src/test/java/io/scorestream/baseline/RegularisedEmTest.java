package io.scorestream.baseline;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class RegularisedEmTest {
    /** Two components 10 apart with unequal weights and variances, plus a column that is 0 in every row. */
    private static DMatrixRMaj twoClustersAndAConstantColumn() {
        GaussianMixture truth = new GaussianMixture(new double[]{0.3, 0.7},
                new double[][]{{-5, 0}, {5, 1}}, new double[][][]{{{1, 0.5}, {0.5, 1}}, {{0.25, 0}, {0, 4}}});
        DMatrixRMaj xy = truth.sample(2000, new SplittableRandom(3), null);
        DMatrixRMaj x = new DMatrixRMaj(2000, 3);
        for (int i = 0; i < 2000; i++) {
            x.set(i, 0, xy.get(i, 0));
            x.set(i, 1, xy.get(i, 1));
        }
        return x;
    }

    @Test
    void bicFindsTheTwoComponentsWithFullAndDiagonalCovariancesDespiteAConstantColumn() {
        DMatrixRMaj x = twoClustersAndAConstantColumn();
        RegularisedEm.Result full = RegularisedEm.fit(x, 5, RegularisedEm.Covariance.FULL, 1);
        assertEquals(2, full.components());
        GaussianMixture m = full.mixture();
        int small = m.mean(0)[0] < 0 ? 0 : 1;
        assertEquals(0.3, m.weight(small), 0.03);
        assertEquals(-5, m.mean(small)[0], 0.15);
        assertEquals(0.5, m.covariances()[small][0][1], 0.15);            // the correlation is kept
        assertEquals(4, m.covariances()[1 - small][1][1], 0.4);
        assertEquals(0, m.mean(small)[2], 1e-9);
        assertTrue(m.covariances()[small][2][2] < 1e-5, "the constant column keeps only the regularisation");

        // Diagonal: the correlated component needs a second diagonal Gaussian or more; BIC still
        // separates the clusters, and no component has an off-diagonal term.
        RegularisedEm.Result diagonal = RegularisedEm.fit(x, 5, RegularisedEm.Covariance.DIAGONAL, 1);
        assertTrue(diagonal.components() >= 2, "k = " + diagonal.components());
        for (double[][] cov : diagonal.mixture().covariances()) assertEquals(0.0, cov[0][1], 0.0);
    }

    /**
     * Fewer rows than dimensions (30 rows in 100-D, a half split of a 60-row table): the k-means
     * seed's covariances are nearly singular. Building Commons Math's distribution from them failed
     * ("convergence failed" in its eigen-decomposition) and stopped bench-quality; the regularised
     * EM takes them with its own ridge. (Full covariances: BIC keeps one component on so few rows;
     * diagonal ones overfit three-row components, as scikit-learn's would, so only their finiteness is checked.)
     */
    @Test
    void fewerRowsThanDimensionsFitsWithEitherCovariance() {
        SplittableRandom rng = new SplittableRandom(0);   // a draw whose seed failed before, as most did
        DMatrixRMaj x = new DMatrixRMaj(30, 100);
        for (int i = 0; i < x.data.length; i++) x.data[i] = rng.nextGaussian();
        for (RegularisedEm.Covariance type : RegularisedEm.Covariance.values()) {
            RegularisedEm.Result fitted = RegularisedEm.fit(x, 3, type, 2);
            if (type == RegularisedEm.Covariance.FULL) assertEquals(1, fitted.components());
            assertTrue(Double.isFinite(fitted.bic()), type.toString());
            DMatrixRMaj sample = fitted.mixture().sample(50, new SplittableRandom(1), null);
            for (double v : sample.data) assertTrue(Double.isFinite(v));
        }
    }
}
