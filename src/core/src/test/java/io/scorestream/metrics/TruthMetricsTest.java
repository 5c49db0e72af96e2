package io.scorestream.metrics;

import io.scorestream.data.Datasets;
import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class TruthMetricsTest {
    private static final GaussianMixture GMM = Datasets.generate("gmm", 1, 0).truth();

    @Test
    void samplesFromTheTruthRecoverItsWeights() {
        DMatrixRMaj x = Datasets.generate("gmm", 20000, 1).samples();
        double[] recovered = TruthMetrics.recoveredWeights(GMM, x);
        assertArrayEquals(new double[]{0.1, 0.2, 0.3, 0.4}, recovered, 0.015);
        double sum = 0;
        for (double w : recovered) sum += w;
        assertEquals(1.0, sum, 1e-12);
        assertTrue(TruthMetrics.weightError(GMM, x) < 0.02, "weight error " + TruthMetrics.weightError(GMM, x));
    }

    @Test
    void meanLogLikelihoodOfTruthSamplesIsTheNegativeEntropy() {
        // Components 8 apart with unit variance barely overlap, so
        // −H ≈ Σ wᵢ log wᵢ − (d/2) log(2πe) with d = 2.
        double negEntropy = 0;
        for (double w : GMM.weights()) negEntropy += w * Math.log(w);
        negEntropy -= Math.log(2 * Math.PI * Math.E);
        double ll = TruthMetrics.meanLogLikelihood(GMM, Datasets.generate("gmm", 20000, 2).samples());
        assertEquals(negEntropy, ll, 0.03);
        // A generator that spreads mass too widely scores lower than the truth's own samples.
        GaussianMixture wide = GMM.noised(1, 1);
        assertTrue(TruthMetrics.meanLogLikelihood(GMM, wide.sample(20000, new SplittableRandom(3), null)) < ll - 0.3);
    }

    @Test
    void meanLogLikelihoodAgreesWithAnIndependentMonteCarloEstimateForFullCovariances() {
        GaussianMixture aniso = Datasets.generate("aniso", 1, 0).truth();
        double small = TruthMetrics.meanLogLikelihood(aniso, Datasets.generate("aniso", 5000, 4).samples());
        double large = TruthMetrics.meanLogLikelihood(aniso, Datasets.generate("aniso", 50000, 5).samples());
        assertEquals(large, small, 0.06);
        assertTrue(large < 0 && large > -10, "−entropy " + large);
    }

    @Test
    void swappedWeightsGiveALargeWeightError() {
        GaussianMixture swapped = new GaussianMixture(new double[]{0.4, 0.3, 0.2, 0.1}, GMM.means(), GMM.covariances());
        DMatrixRMaj x = swapped.sample(20000, new SplittableRandom(6), null);
        // ½(0.3 + 0.1 + 0.1 + 0.3) = 0.4
        assertEquals(0.4, TruthMetrics.weightError(GMM, x), 0.02);
        assertArrayEquals(new double[]{0.4, 0.3, 0.2, 0.1}, TruthMetrics.recoveredWeights(GMM, x), 0.015);
    }

    @Test
    void dimensionMismatchIsRejected() {
        DMatrixRMaj threeD = Datasets.generate("aniso", 5, 1).samples();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TruthMetrics.weightError(GMM, threeD));
        assertTrue(e.getMessage().contains("dimension 3") && e.getMessage().contains("dimension 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TruthMetrics.meanLogLikelihood(GMM, threeD));
    }
}
