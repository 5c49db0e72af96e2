package io.scorestream.sampler;

import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.mixture.ExactScore;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ScoreModel;
import io.scorestream.schedule.GeometricSchedule;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.*;

class SamplerStabilityTest {

    /** Odd-degree polynomials used to send tail points to infinity before the Hermite inputs were clipped. */
    @Test
    void highDegreeModelsSampleFinitePointsWithEverySampler() {
        DMatrixRMaj data = Mixtures.separatedIsotropic().sample(4000, new SplittableRandom(1), null);
        ScoreModel model = Fitter.fit(data, FitOptions.defaults().withDegree(4).withLevels(100), null);
        for (String name : Sampler.NAMES) {
            DMatrixRMaj x = Sampler.named(name).sample(model, model.schedule(), 3000, 2);
            for (int i = 0; i < x.getNumElements(); i++)
                assertTrue(Double.isFinite(x.data[i]) && Math.abs(x.data[i]) < 20, name + ": sample value " + x.data[i]);
        }
    }

    /** Every sampler, driven by the exact score, must actually move noise onto the mixture. */
    @Test
    void everySamplerRecoversTheModeWeightsWithTheExactScore() {
        GaussianMixture truth = Mixtures.separatedIsotropic().standardised(new double[]{4, 4}, new double[]{4, 4});
        GeometricSchedule grid = new GeometricSchedule(200, 2e-6, 10);
        double reference = meanLogLikelihood(truth, truth.sample(4000, new SplittableRandom(9), null));
        for (String name : Sampler.NAMES) {
            DMatrixRMaj x = Sampler.named(name).sample(new ExactScore(truth), grid, 4000, 3);
            assertTrue(Mixtures.weightError(truth, x) < 0.03, name + ": weight error " + Mixtures.weightError(truth, x));
            // Starting noise left unmoved scores about −4 here; the truth's own samples about −1.35.
            double meanLogLik = meanLogLikelihood(truth, x);
            assertEquals(reference, meanLogLik, 0.1, name + ": mean log-likelihood");
        }
    }

    static double meanLogLikelihood(GaussianMixture truth, DMatrixRMaj x) {
        double sum = 0;
        double[] row = new double[x.numCols];
        for (int i = 0; i < x.numRows; i++) {
            System.arraycopy(x.data, i * x.numCols, row, 0, x.numCols);
            sum += truth.logDensity(row);
        }
        return sum / x.numRows;
    }

    @Test
    void sameSeedSameSamplesWhateverTheThreading() {
        DMatrixRMaj data = Mixtures.anisotropic().sample(2000, new SplittableRandom(1), null);
        ScoreModel model = Fitter.fit(data, FitOptions.defaults().withLevels(50), null);
        DMatrixRMaj a = Sampler.named("ddpm").sample(model, model.schedule(), 1500, 7);
        DMatrixRMaj b = Sampler.named("ddpm").sample(model, model.schedule(), 1500, 7);
        DMatrixRMaj c = Sampler.named("ddpm").sample(model, model.schedule(), 1500, 8);
        assertArrayEquals(a.data, b.data, 0.0);
        assertNotEquals(a.get(0, 0), c.get(0, 0));
    }

    /**
     * The output must not depend on how many threads sample: every sampler's chunks, run in a pool
     * of one thread and in one of four, give the same bits (each chunk has its own random stream).
     */
    @Test
    void sameSamplesOnOneThreadAndOnFour() throws Exception {
        GaussianMixture truth = Mixtures.separatedIsotropic().standardised(new double[]{4, 4}, new double[]{4, 4});
        GeometricSchedule grid = new GeometricSchedule(40, 2e-6, 10);
        int n = 5 * ReverseDiffusion.CHUNK + 17;   // several chunks and a short last one
        ForkJoinPool one = new ForkJoinPool(1), four = new ForkJoinPool(4);
        try {
            for (String name : Sampler.NAMES) {
                DMatrixRMaj single = one.submit(() -> Sampler.named(name).sample(new ExactScore(truth), grid, n, 5)).get();
                DMatrixRMaj several = four.submit(() -> Sampler.named(name).sample(new ExactScore(truth), grid, n, 5)).get();
                assertArrayEquals(single.data, several.data, 0.0, name);
            }
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }

    /**
     * Consecutive seeds (a sampler publishing tick after tick) must give unrelated samples: no
     * seed's random stream may be another's shifted by a few draws, which would show as a strong
     * correlation between element i of one sample and element i + shift of the other.
     */
    @Test
    void consecutiveSeedsGiveUnrelatedSamples() {
        GaussianMixture truth = GaussianMixture.isotropic(new double[]{1}, new double[][]{{0, 0}}, 0.5);
        GeometricSchedule grid = new GeometricSchedule(50, 1e-4, 8);
        DMatrixRMaj a = Sampler.named("ddpm").sample(new ExactScore(truth), grid, 1000, 1);
        DMatrixRMaj b = Sampler.named("ddpm").sample(new ExactScore(truth), grid, 1000, 2);
        for (int shift = -3; shift <= 3; shift++) {
            double sab = 0, saa = 0, sbb = 0;
            for (int i = 3; i < 1997; i++) {
                double x = a.data[i + shift], y = b.data[i];
                sab += x * y; saa += x * x; sbb += y * y;
            }
            double correlation = sab / Math.sqrt(saa * sbb);
            assertTrue(Math.abs(correlation) < 0.15, "shift " + shift + ": correlation " + correlation);
        }
    }

    @Test
    void unknownSamplerIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Sampler.named("euler"));
        assertTrue(e.getMessage().contains("euler") && e.getMessage().contains("ddpm"), e.getMessage());
    }
}
