package io.scorestream.baseline;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class KernelDensityTest {
    /** n rows of N(0, diag(1, 4)) with correlation 0.6, so Σ is neither identity nor diagonal. */
    private static DMatrixRMaj correlated(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            double a = rng.nextGaussian(), b = rng.nextGaussian();
            x.set(i, 0, a);
            x.set(i, 1, 2 * (0.6 * a + 0.8 * b));
        }
        return x;
    }

    /**
     * For Gaussian rows the likelihood-optimal bandwidth is close to the normal reference rule,
     * h = (4/(d+2))^{1/(d+4)} n^{-1/(d+4)} (0.316 for d = 2, n = 1000), in Σ's units.
     */
    @Test
    void gaussianRowsGetABandwidthNearTheNormalReferenceRule() {
        KernelDensity kde = KernelDensity.fit(correlated(1000, 1), 2);
        double reference = Math.pow(4.0 / 4, 1.0 / 6) * Math.pow(1000, -1.0 / 6);
        assertEquals(reference, kde.bandwidth(), 0.35 * reference);
    }

    /** A smoothed bootstrap's covariance is exactly the rows' (Σ̂ with n, not n − 1) plus the kernel's h²Σ̂. */
    @Test
    void samplesHaveTheRowsCovarianceInflatedByTheKernels() {
        DMatrixRMaj rows = correlated(500, 3);
        KernelDensity kde = KernelDensity.fit(rows, 4);
        DMatrixRMaj s = kde.sample(200_000, new SplittableRandom(5));
        double h2 = kde.bandwidth() * kde.bandwidth();
        double[][] rowsCov = covariance(rows), samplesCov = covariance(s);
        double inflation = (rows.numRows - 1.0) / rows.numRows + h2;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                assertEquals(inflation * rowsCov[a][b], samplesCov[a][b], 0.03 * Math.sqrt(rowsCov[a][a] * rowsCov[b][b]), a + "," + b);
    }

    /**
     * Rows on a lattice repeat; left in, a row's copies would drive the leave-one-out likelihood
     * up without bound as h shrinks. Left out with it, h stays at the scale of the lattice's spread.
     */
    @Test
    void repeatedRowsDoNotCollapseTheBandwidth() {
        SplittableRandom rng = new SplittableRandom(6);
        DMatrixRMaj x = new DMatrixRMaj(600, 2);
        for (int i = 0; i < 600; i++) {
            x.set(i, 0, Math.round(2 * rng.nextGaussian()));
            x.set(i, 1, Math.round(2 * rng.nextGaussian()));
        }
        KernelDensity kde = KernelDensity.fit(x, 7);
        assertTrue(kde.bandwidth() > 0.15, "h = " + kde.bandwidth());
    }

    /** Above the judged rows' count the bandwidth is judged on a subset and scaled by Scott's rate: still near the reference rule. */
    @Test
    void manyRowsAreJudgedOnASubsetAtTheRightScale() {
        int n = 3 * KernelDensity.JUDGED_ROWS;
        KernelDensity kde = KernelDensity.fit(correlated(n, 8), 9);
        double reference = Math.pow(n, -1.0 / 6);
        assertEquals(reference, kde.bandwidth(), 0.35 * reference);
    }

    /** A constant column (a singular Σ) still gives a kernel, and its samples stay at the constant. */
    @Test
    void aConstantColumnStaysConstant() {
        DMatrixRMaj x = correlated(200, 10);
        for (int i = 0; i < 200; i++) x.set(i, 1, 7.5);
        DMatrixRMaj s = KernelDensity.fit(x, 11).sample(1000, new SplittableRandom(12));
        for (int i = 0; i < 1000; i++) assertEquals(7.5, s.get(i, 1), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> KernelDensity.fit(new DMatrixRMaj(1, 2), 1));
    }

    private static double[][] covariance(DMatrixRMaj x) {
        int n = x.numRows, d = x.numCols;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += x.get(i, j) / n;
        double[][] c = new double[d][d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) c[a][b] += (x.get(i, a) - mean[a]) * (x.get(i, b) - mean[b]) / (n - 1);
        return c;
    }
}
