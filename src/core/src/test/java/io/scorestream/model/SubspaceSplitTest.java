package io.scorestream.model;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The split's lift is exact: the subspace's exact noise lifted back equals the whole Gaussian's exact noise. */
class SubspaceSplitTest {
    /**
     * The projection's blocked kernel gives EJML's product bit for bit (models and samples must not
     * change with it): rows in fours and the remainder, r at EJML's switch to its reordered kernel
     * and above, zeros of both signs and values of very different scales in x.
     */
    @Test
    void blockedProjectionIsEjmlsProductBitForBit() {
        SplittableRandom rng = new SplittableRandom(20);
        for (int r : new int[]{org.ejml.EjmlParameters.MULT_COLUMN_SWITCH, 24, 31})
            for (int n : new int[]{0, 1, 3, 4, 13, 64}) {
                int d = 97;
                DMatrixRMaj x = new DMatrixRMaj(n, d), b = new DMatrixRMaj(d, r);
                for (int i = 0; i < x.data.length; i++) {
                    int kind = rng.nextInt(10);
                    x.data[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : rng.nextGaussian() * Math.pow(10, rng.nextInt(-8, 9));
                }
                for (int i = 0; i < b.data.length; i++) b.data[i] = rng.nextInt(12) == 0 ? -0.0 : rng.nextGaussian();
                double[][] rows = new double[d][r];
                for (int k = 0; k < d; k++) System.arraycopy(b.data, k * r, rows[k], 0, r);
                DMatrixRMaj want = new DMatrixRMaj(n, r);
                CommonOps_DDRM.mult(x, b, want);
                double[] got = new double[n * r];
                SubspaceSplit.multiplyReordered(x.data, n, d, rows, got);
                for (int i = 0; i < got.length; i++)
                    assertEquals(Double.doubleToRawLongBits(want.data[i]), Double.doubleToRawLongBits(got[i]), "r=" + r + " n=" + n + " element " + i);
            }
    }


    @Test
    void liftOfTheSubspaceNoiseIsTheExactNoiseOfTheWholeGaussian() {
        double[] equal = new double[7];
        java.util.Arrays.fill(equal, 0.3);
        liftAndDensityAreExact(equal);
        // Unequal variances outside an oblique subspace: the complement is N(m⊥, P⊥·diag(v)·P⊥).
        liftAndDensityAreExact(new double[]{0.2, 1.7, 0.05, 0.9, 3.0, 0.4, 1.1});
    }

    private static void liftAndDensityAreExact(double[] variances) {
        int d = 7, r = 2;
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj u = orthonormalRows(r, d, rng);
        double[][] a = {{2.0, 0.6}, {0.6, 0.5}};          // covariance inside the subspace
        double[] meanY = {1.5, -0.7};
        double[] outside = new double[d];                  // a mean part orthogonal to U
        for (int j = 0; j < d; j++) outside[j] = rng.nextGaussian();
        for (int k = 0; k < r; k++) {
            double dot = 0;
            for (int j = 0; j < d; j++) dot += u.get(k, j) * outside[j];
            for (int j = 0; j < d; j++) outside[j] -= dot * u.get(k, j);
        }
        // The whole Gaussian: mean Uᵀμ_y + m⊥, covariance UᵀAU + P⊥·diag(v)·P⊥.
        double[] mean = outside.clone();
        double[][] projector = new double[d][d], cov = new double[d][d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double onBasis = 0;
                for (int k = 0; k < r; k++) onBasis += u.get(k, i) * u.get(k, j);
                projector[i][j] = (i == j ? 1 : 0) - onBasis;
            }
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < r; k++) mean[i] += u.get(k, i) * meanY[k];
            for (int j = 0; j < d; j++) {
                double inside = 0, complement = 0;
                for (int k = 0; k < r; k++)
                    for (int l = 0; l < r; l++) inside += u.get(k, i) * a[k][l] * u.get(l, j);
                for (int q = 0; q < d; q++) complement += projector[i][q] * variances[q] * projector[q][j];
                cov[i][j] = inside + complement;
            }
        }
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) cov[i][j] = cov[j][i] = 0.5 * (cov[i][j] + cov[j][i]);
        GaussianMixture whole = new GaussianMixture(new double[]{1}, new double[][]{mean}, new double[][][]{cov});
        GaussianMixture inside = new GaussianMixture(new double[]{1}, new double[][]{meanY}, new double[][][]{a});
        SubspaceSplit split = SubspaceSplit.of(u, outside, variances);
        assertEquals(r, split.rank());
        assertFalse(split.isFull());

        int n = 50;
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n * d; i++) x.data[i] = 2 * rng.nextGaussian();
        // The split's density is the whole Gaussian's: the subspace's density times the complement's.
        double[] complement = split.complementLogDensities(x);
        DMatrixRMaj projected = split.project(x);
        for (int i = 0; i < n; i++) {
            double[] row = java.util.Arrays.copyOfRange(x.data, i * d, (i + 1) * d), rowY = java.util.Arrays.copyOfRange(projected.data, i * r, (i + 1) * r);
            double expected = whole.logDensity(row) - inside.logDensity(rowY);
            assertEquals(expected, complement[i], 1e-9 * (1 + Math.abs(expected)), "log density of row " + i);
        }
        for (double t : new double[]{0.001, 0.1, 1, 5}) {
            double alpha = Math.exp(-t), s = Math.sqrt(-Math.expm1(-2 * t));
            DMatrixRMaj exact = new DMatrixRMaj(n, d), y = new DMatrixRMaj(1, 1), noiseY = new DMatrixRMaj(n, r), lifted = new DMatrixRMaj(1, 1);
            whole.noised(alpha, s).score(x, exact);
            CommonOps_DDRM.scale(-s, exact);                  // ε = −s·∇log p_t
            split.project(x, y);
            inside.noised(alpha, s).score(y, noiseY);
            CommonOps_DDRM.scale(-s, noiseY);
            split.lift(alpha, s, x, y, noiseY, lifted);
            for (int i = 0; i < n * d; i++) assertEquals(exact.data[i], lifted.data[i], 1e-9 * (1 + Math.abs(exact.data[i])), "t=" + t + " entry " + i);
        }
    }

    /** With an axis-aligned subspace the per-coordinate complement variances are exact too. */
    @Test
    void liftIsExactForPerCoordinateVariancesOutsideAnAxisAlignedSubspace() {
        int d = 5;
        DMatrixRMaj u = new DMatrixRMaj(new double[][]{{0, 1, 0, 0, 0}, {0, 0, 0, 1, 0}});   // coordinates 1 and 3
        double[] variances = {0.2, 9, 1.5, 9, 0.05};          // inside entries are ignored
        double[] outside = {0.3, 0, -1, 0, 2};
        double[][] a = {{1.0, -0.4}, {-0.4, 0.7}};
        double[] meanY = {0.5, 1};
        double[] mean = {0.3, 0.5, -1, 1, 2};
        double[][] cov = new double[d][d];
        cov[0][0] = 0.2; cov[2][2] = 1.5; cov[4][4] = 0.05;
        cov[1][1] = a[0][0]; cov[1][3] = cov[3][1] = a[0][1]; cov[3][3] = a[1][1];
        GaussianMixture whole = new GaussianMixture(new double[]{1}, new double[][]{mean}, new double[][][]{cov});
        GaussianMixture inside = new GaussianMixture(new double[]{1}, new double[][]{meanY}, new double[][][]{a});
        SubspaceSplit split = SubspaceSplit.of(u, outside, variances);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 20;
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n * d; i++) x.data[i] = 2 * rng.nextGaussian();
        for (double t : new double[]{0.001, 0.1, 1, 5}) {
            double alpha = Math.exp(-t), s = Math.sqrt(-Math.expm1(-2 * t));
            DMatrixRMaj exact = new DMatrixRMaj(n, d), noiseY = new DMatrixRMaj(n, 2), lifted = new DMatrixRMaj(1, 1);
            whole.noised(alpha, s).score(x, exact);
            CommonOps_DDRM.scale(-s, exact);
            DMatrixRMaj y = split.project(x);
            inside.noised(alpha, s).score(y, noiseY);
            CommonOps_DDRM.scale(-s, noiseY);
            split.lift(alpha, s, x, y, noiseY, lifted);
            for (int i = 0; i < n * d; i++) assertEquals(exact.data[i], lifted.data[i], 1e-9 * (1 + Math.abs(exact.data[i])), "t=" + t + " entry " + i);
        }
    }

    @Test
    void fullSplitProjectsAndLiftsAsTheIdentity() {
        SubspaceSplit full = SubspaceSplit.full(3);
        assertTrue(full.isFull());
        assertEquals(3, full.rank());
        DMatrixRMaj x = new DMatrixRMaj(new double[][]{{1, 2, 3}}), y = new DMatrixRMaj(1, 1), out = new DMatrixRMaj(1, 1);
        full.project(x, y);
        assertArrayEquals(x.data, y.data, 0.0);
        full.lift(0.5, 0.5, x, y, y, out);
        assertArrayEquals(x.data, out.data, 0.0);
    }

    @Test
    void refusesABasisThatIsNotASubspace() {
        double[] ones = {1, 1, 1};
        assertThrows(IllegalArgumentException.class, () -> SubspaceSplit.of(new DMatrixRMaj(3, 3), new double[3], ones));
        assertThrows(IllegalArgumentException.class, () -> SubspaceSplit.of(new DMatrixRMaj(1, 3), new double[3], new double[]{1, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> SubspaceSplit.of(new DMatrixRMaj(1, 3), new double[2], ones));
        assertThrows(IllegalArgumentException.class, () -> SubspaceSplit.of(new DMatrixRMaj(1, 3), new double[3], new double[2]));
    }

    static DMatrixRMaj orthonormalRows(int r, int d, SplittableRandom rng) {
        DMatrixRMaj u = new DMatrixRMaj(r, d);
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < d; j++) u.set(k, j, rng.nextGaussian());
            for (int p = 0; p < k; p++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += u.get(k, j) * u.get(p, j);
                for (int j = 0; j < d; j++) u.set(k, j, u.get(k, j) - dot * u.get(p, j));
            }
            double norm = 0;
            for (int j = 0; j < d; j++) norm += u.get(k, j) * u.get(k, j);
            for (int j = 0; j < d; j++) u.set(k, j, u.get(k, j) / Math.sqrt(norm));
        }
        return u;
    }
}
