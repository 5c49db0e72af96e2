package io.scorestream.metrics;

import io.scorestream.data.Datasets;
import io.scorestream.mixture.GaussianMixture;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class TwoSampleMetricsTest {
    private static TwoSampleReport samePair;

    @BeforeAll
    static void sameDistributionFloor() {
        samePair = TwoSampleMetrics.compare(Datasets.generate("gmm", 4000, 1).samples(),
                Datasets.generate("gmm", 4000, 2).samples(), 3);
    }

    @Test
    void independentSamplesOfOneDistributionAreIndistinguishable() {
        assertEquals(0.5, samePair.knnAccuracy(), 0.03);
        assertEquals(0.5, samePair.quadraticLogisticAccuracy(), 0.03);
        assertEquals(0.5, samePair.classifierAccuracy(), 0.03);
        assertTrue(samePair.tvLowerBound() < 0.06, "tv lower bound " + samePair.tvLowerBound());
        for (double m : samePair.mmd2()) assertTrue(Math.abs(m) < 2e-3, "mmd2 " + m);
        assertTrue(Math.abs(samePair.energyDistance()) < 5e-3, "energy " + samePair.energyDistance());
        assertTrue(samePair.slicedWasserstein() < 0.05, "sliced W " + samePair.slicedWasserstein());
        // Bandwidths are {0.5, 1, 2} × the median distance, which for standardised 2-D data is O(1).
        double[] h = samePair.mmdBandwidths();
        assertEquals(2 * h[0], h[1], 1e-12);
        assertEquals(2 * h[1], h[2], 1e-12);
        assertTrue(h[1] > 0.5 && h[1] < 5, "median distance " + h[1]);
    }

    /**
     * The row-by-row outcomes behind compare's classifier accuracy: the same accuracy to the last
     * bit, and two generated samples judged against one reference with one seed are tested on the
     * same reference rows, so that a judge can pair them there. Two samples off the reference's law
     * the same way (the mode weights reversed) train classifiers that agree on most reference rows,
     * which pairing takes out of the difference of their accuracies.
     */
    @Test
    void classifierOutcomesGiveCompareAccuracyAndPairOnTheReferenceRows() {
        DMatrixRMaj reference = Datasets.generate("gmm", 2000, 2).samples();
        GaussianMixture truth = Datasets.generate("gmm", 1, 0).truth();
        GaussianMixture reversed = new GaussianMixture(new double[]{0.4, 0.3, 0.2, 0.1}, truth.means(), truth.covariances());
        DMatrixRMaj one = reversed.sample(2000, new SplittableRandom(5), null), other = reversed.sample(2000, new SplittableRandom(6), null);
        TwoSampleMetrics.ClassifierOutcomes a = TwoSampleMetrics.classifierOutcomes(one, reference, 7), b = TwoSampleMetrics.classifierOutcomes(other, reference, 7);
        assertEquals(TwoSampleMetrics.compare(one, reference, 7).classifierAccuracy(), a.accuracy(), 0.0);
        assertEquals(TwoSampleMetrics.compare(other, reference, 7).classifierAccuracy(), b.accuracy(), 0.0);
        assertEquals(1000, a.reference().length);
        assertEquals(1000, a.generated().length);
        int agree = 0;
        for (int i = 0; i < a.reference().length; i++) if (a.reference()[i] == b.reference()[i]) agree++;
        assertTrue(agree > 800, agree + " of 1000 reference rows classified alike");
    }

    @Test
    void wrongModeWeightsAreDetectedByEveryMetric() {
        GaussianMixture truth = Datasets.generate("gmm", 1, 0).truth();
        GaussianMixture reversed = new GaussianMixture(new double[]{0.4, 0.3, 0.2, 0.1}, truth.means(), truth.covariances());
        TwoSampleReport r = TwoSampleMetrics.compare(reversed.sample(4000, new SplittableRandom(5), null),
                Datasets.generate("gmm", 4000, 2).samples(), 3);
        // TV between the two laws is 0.4, so the Bayes classifier reaches 0.7.
        assertTrue(r.knnAccuracy() > 0.6, "knn " + r.knnAccuracy());
        assertTrue(r.quadraticLogisticAccuracy() > 0.6, "logistic " + r.quadraticLogisticAccuracy());
        assertTrue(r.tvLowerBound() > 0.2 && r.tvLowerBound() <= 0.45, "tv lower bound " + r.tvLowerBound());
        for (int b = 0; b < 3; b++)
            assertTrue(r.mmd2()[b] > 0.01 && r.mmd2()[b] > 20 * Math.abs(samePair.mmd2()[b]), "mmd2[" + b + "] " + r.mmd2()[b]);
        assertTrue(r.energyDistance() > 0.1 && r.energyDistance() > 20 * Math.abs(samePair.energyDistance()));
        assertTrue(r.slicedWasserstein() > 0.2 && r.slicedWasserstein() > 5 * samePair.slicedWasserstein());
    }

    @Test
    void ringWithTooMuchNoiseIsDetectedByNearestNeighboursAndSlicedWasserstein() {
        DMatrixRMaj reference = Datasets.generate("ring", 4000, 11).samples();
        TwoSampleReport same = TwoSampleMetrics.compare(Datasets.generate("ring", 4000, 12).samples(), reference, 4);
        TwoSampleReport blurred = TwoSampleMetrics.compare(ring(4000, 0.15, new SplittableRandom(13)), reference, 4);
        assertEquals(0.5, same.classifierAccuracy(), 0.03);
        // A linear boundary in r² can only say "inside" or "outside"; k-NN sees the thicker band.
        assertTrue(blurred.knnAccuracy() > 0.6, "knn " + blurred.knnAccuracy());
        assertTrue(blurred.classifierAccuracy() > 0.6);
        // Not asserted on purpose: at the median-heuristic bandwidths (~1 in standardised units) MMD² and
        // energy distance do not resolve a ring that is three times too thick (measured: both within
        // the same-distribution floor). That is why the report carries a classifier and sliced W.
        assertTrue(blurred.slicedWasserstein() > 1.5 * same.slicedWasserstein(),
                "sliced W " + blurred.slicedWasserstein() + " vs floor " + same.slicedWasserstein());
    }

    @Test
    void shiftedOneDimensionalGaussianMatchesClosedForms() {
        NormalDistribution standard = new NormalDistribution(null, 0, 1);
        DMatrixRMaj reference = gaussian1d(10000, 0, new SplittableRandom(21));
        for (double delta : new double[]{0.7, -1.2}) {
            // Unequal sizes exercise the common-quantile comparison.
            DMatrixRMaj generated = gaussian1d(7000, delta, new SplittableRandom(22));
            TwoSampleReport r = TwoSampleMetrics.compare(generated, reference, 23);
            // In 1-D every direction is ±1, so SW₁ = W₁ = |δ| for a pure shift.
            assertEquals(Math.abs(delta), r.slicedWasserstein(), 0.03, "sliced W for δ=" + delta);
            // Energy distance 2E|X−Y| − E|X−X′| − E|Y−Y′| with X−Y ~ N(δ, 2) and X−X′ ~ N(0, 2).
            double sigma = Math.sqrt(2), mu = Math.abs(delta);
            double meanAbs = sigma * Math.sqrt(2 / Math.PI) * Math.exp(-mu * mu / (2 * sigma * sigma))
                    + mu * (1 - 2 * standard.cumulativeProbability(-mu / sigma));
            double expected = 2 * meanAbs - 2 * sigma * Math.sqrt(2 / Math.PI);
            assertEquals(expected, r.energyDistance(), 0.06, "energy for δ=" + delta);
            // Optimal accuracy between N(0,1) and N(δ,1) is Φ(|δ|/2).
            double bayes = standard.cumulativeProbability(mu / 2);
            assertEquals(bayes, r.quadraticLogisticAccuracy(), 0.025, "logistic for δ=" + delta);
        }
    }

    @Test
    void reportIsDeterministicPerSeedAndScaleFree() {
        DMatrixRMaj a = Datasets.generate("overlap", 3000, 31).samples();
        DMatrixRMaj b = Datasets.generate("overlap", 2500, 32).samples();
        TwoSampleReport r1 = TwoSampleMetrics.compare(a, b, 7);
        TwoSampleReport r2 = TwoSampleMetrics.compare(a, b, 7);
        assertArrayEquals(r1.mmd2(), r2.mmd2(), 0.0);
        assertEquals(r1.knnAccuracy(), r2.knnAccuracy(), 0.0);
        assertEquals(r1.quadraticLogisticAccuracy(), r2.quadraticLogisticAccuracy(), 0.0);
        assertEquals(r1.slicedWasserstein(), r2.slicedWasserstein(), 0.0);
        // Changing units (different scale and offset per coordinate) must not change any metric.
        TwoSampleReport scaled = TwoSampleMetrics.compare(affine(a), affine(b), 7);
        assertArrayEquals(r1.mmd2(), scaled.mmd2(), 1e-9);
        assertEquals(r1.energyDistance(), scaled.energyDistance(), 1e-9);
        assertEquals(r1.slicedWasserstein(), scaled.slicedWasserstein(), 1e-9);
        assertEquals(r1.knnAccuracy(), scaled.knnAccuracy(), 1e-3);
        assertEquals(r1.quadraticLogisticAccuracy(), scaled.quadraticLogisticAccuracy(), 1e-3);
    }

    @Test
    void highDimensionalSamplesWithoutCrossTermsStillWork() {
        TwoSampleReport r = TwoSampleMetrics.compare(Datasets.generate("gmm64", 1500, 41).samples(),
                Datasets.generate("gmm64", 1500, 42).samples(), 43);
        assertEquals(0.5, r.knnAccuracy(), 0.05);
        assertEquals(0.5, r.quadraticLogisticAccuracy(), 0.06);
        assertEquals(3, r.mmd2().length);
    }

    @Test
    void derivedQuantitiesFollowFromTheAccuracies() {
        TwoSampleReport r = new TwoSampleReport(new double[]{1, 2, 4}, new double[]{0, 0, 0}, 0, 0, 0.62, 0.7);
        assertEquals(0.7, r.classifierAccuracy(), 0.0);
        assertEquals(0.4, r.tvLowerBound(), 1e-12);
        assertEquals(0.0, new TwoSampleReport(new double[3], new double[3], 0, 0, 0.45, 0.48).tvLowerBound(), 0.0);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        DMatrixRMaj twoD = Datasets.generate("gmm", 50, 1).samples();
        DMatrixRMaj threeD = Datasets.generate("aniso", 50, 1).samples();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TwoSampleMetrics.compare(twoD, threeD, 1));
        assertTrue(e.getMessage().contains("dimension 2") && e.getMessage().contains("dimension 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TwoSampleMetrics.compare(Datasets.generate("gmm", 9, 1).samples(), twoD, 1));
        DMatrixRMaj withNaN = twoD.copy();
        withNaN.set(3, 1, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> TwoSampleMetrics.compare(withNaN, twoD, 1));
        assertTrue(e.getMessage().contains("row 3"), e.getMessage());
    }

    static DMatrixRMaj ring(int n, double noise, SplittableRandom rng) {
        DMatrixRMaj out = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            double theta = 2 * Math.PI * rng.nextDouble();
            out.set(i, 0, Math.cos(theta) + noise * rng.nextGaussian());
            out.set(i, 1, Math.sin(theta) + noise * rng.nextGaussian());
        }
        return out;
    }

    private static DMatrixRMaj gaussian1d(int n, double mean, SplittableRandom rng) {
        DMatrixRMaj out = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) out.data[i] = mean + rng.nextGaussian();
        return out;
    }

    private static DMatrixRMaj affine(DMatrixRMaj x) {
        DMatrixRMaj out = x.copy();
        for (int i = 0; i < x.numRows; i++)
            for (int j = 0; j < x.numCols; j++) out.set(i, j, 1000.0 * (j + 1) * x.get(i, j) - 37.0 * j);
        return out;
    }
}
