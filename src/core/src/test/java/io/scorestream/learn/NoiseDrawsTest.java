package io.scorestream.learn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class NoiseDrawsTest {

    @Test
    void drawsArePureFunctionsOfSeedPositionAndLevel() {
        NoiseDraws a = new NoiseDraws(11), b = new NoiseDraws(11), c = new NoiseDraws(12);
        double[] x = new double[8], y = new double[8], z = new double[8], w = new double[8];
        a.fill(123_456_789L, 17, x, 0, 8);
        b.fill(123_456_789L, 17, y, 0, 8);
        c.fill(123_456_789L, 17, z, 0, 8);
        a.fill(123_456_789L, 18, w, 0, 8);
        assertArrayEquals(x, y);
        assertFalse(Arrays.equals(x, z), "another seed");
        assertFalse(Arrays.equals(x, w), "another level");
    }

    @Test
    void valuesAreStandardNormal() {
        NoiseDraws noise = new NoiseDraws(3);
        int n = 400_000, d = 4;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) noise.fill(i, i % 7, v, i * d, d);
        double mean = 0, var = 0, kurt = 0, tail = 0;
        for (double x : v) { mean += x; var += x * x; kurt += x * x * x * x; if (Math.abs(x) > 3) tail++; }
        int N = v.length;
        mean /= N; var /= N; kurt /= N; tail /= N;
        assertEquals(0, mean, 0.005);
        assertEquals(1, var, 0.006);
        assertEquals(3, kurt, 0.04);
        assertEquals(0.0026998, tail, 0.0003, "P(|z| > 3), the tail and wedges included");
        // Kolmogorov–Smirnov distance to Φ on a subsample: ~1.36/√n at the 5 % level.
        double[] s = Arrays.copyOf(v, 100_000);
        Arrays.sort(s);
        double ks = 0;
        for (int i = 0; i < s.length; i++) {
            double f = phi(s[i]);
            ks = Math.max(ks, Math.max(Math.abs(f - (double) i / s.length), Math.abs(f - (double) (i + 1) / s.length)));
        }
        assertTrue(ks < 1.63 / Math.sqrt(s.length), "KS distance " + ks);
    }

    /** Standard normal CDF. */
    private static double phi(double x) { return 0.5 * (1 + erf(x / Math.sqrt(2))); }

    private static double erf(double x) {
        // Abramowitz–Stegun 7.1.26 is accurate to 1.5e-7, well below the KS threshold.
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
