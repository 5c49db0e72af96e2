package io.scorestream.mixture;

import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class GaussianMixtureTest {

    @Test
    void scoreIsTheGradientOfTheLogDensity() {
        GaussianMixture m = Mixtures.anisotropic();
        DMatrixRMaj x = m.sample(50, new SplittableRandom(1), null);
        DMatrixRMaj score = new DMatrixRMaj(1, 1);
        m.score(x, score);
        double h = 1e-5;
        for (int i = 0; i < x.numRows; i++)
            for (int j = 0; j < 3; j++) {
                double[] plus = row(x, i), minus = row(x, i);
                plus[j] += h;
                minus[j] -= h;
                double numeric = (m.logDensity(plus) - m.logDensity(minus)) / (2 * h);
                assertEquals(numeric, score.get(i, j), 1e-5 * (1 + Math.abs(numeric)));
            }
    }

    @Test
    void scoreStaysFiniteFarFromEveryComponent() {
        GaussianMixture m = Mixtures.separatedIsotropic();
        DMatrixRMaj far = new DMatrixRMaj(new double[][]{{1e4, -1e4}, {-300, 500}});
        DMatrixRMaj score = new DMatrixRMaj(1, 1);
        m.score(far, score);
        for (int i = 0; i < 4; i++) assertTrue(Double.isFinite(score.data[i]));
        assertEquals(-(1e4 - 8), score.get(0, 0), 1e-6, "dominated by the nearest component");
        assertTrue(Double.isFinite(m.logDensity(new double[]{1e4, -1e4})));
    }

    @Test
    void noisedMixtureHasTheLawOfTheForwardProcess() {
        GaussianMixture m = Mixtures.separatedIsotropic();
        double a = 0.6, s = 0.8;
        SplittableRandom rng = new SplittableRandom(2);
        DMatrixRMaj x = m.sample(40_000, rng, null);
        double sumSq = 0;
        for (int i = 0; i < x.numRows; i++) {
            double v = a * x.get(i, 0) + s * rng.nextGaussian();
            sumSq += v * v;
        }
        GaussianMixture noised = m.noised(a, s);
        double expected = 0;
        for (int i = 0; i < noised.size(); i++) {
            double mu = noised.mean(i)[0];
            expected += noised.weight(i) * (mu * mu + a * a + s * s);
        }
        assertEquals(expected, sumSq / x.numRows, 0.02 * expected);
    }

    @Test
    void standardisedLawMatchesStandardisedSamples() {
        GaussianMixture m = Mixtures.anisotropic();
        double[] shift = {1, -2, 3}, scale = {2, 0.5, 4};
        GaussianMixture t = m.standardised(shift, scale);
        double[] x = {0.3, 1.1, -0.7};
        double[] y = new double[3];
        double logJacobian = 0;
        for (int j = 0; j < 3; j++) {
            y[j] = (x[j] - shift[j]) / scale[j];
            logJacobian += Math.log(scale[j]);
        }
        assertEquals(m.logDensity(x) + logJacobian, t.logDensity(y), 1e-10);
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> GaussianMixture.isotropic(new double[]{1, -1}, new double[][]{{0}, {1}}, 1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixture(new double[]{1}, new double[][]{{0, 0}}, new double[][][]{{{1, 2}, {2, 1}}}));
    }

    private static double[] row(DMatrixRMaj x, int i) {
        double[] r = new double[x.numCols];
        System.arraycopy(x.data, i * x.numCols, r, 0, x.numCols);
        return r;
    }
}
