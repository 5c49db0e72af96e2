package io.scorestream.model;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The split's lift is exact: the subspace's exact noise lifted back equals the whole Gaussian's exact noise. */
class SubspaceSplitTest {

    @Test
    void liftOfTheSubspaceNoiseIsTheExactNoiseOfTheWholeGaussian() {
        int d = 7, r = 2;
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj u = orthonormalRows(r, d, rng);
        double v = 0.3;
        double[][] a = {{2.0, 0.6}, {0.6, 0.5}};          // covariance inside the subspace
        double[] meanY = {1.5, -0.7};
        double[] outside = new double[d];                  // a mean part orthogonal to U
        for (int j = 0; j < d; j++) outside[j] = rng.nextGaussian();
        for (int k = 0; k < r; k++) {
            double dot = 0;
            for (int j = 0; j < d; j++) dot += u.get(k, j) * outside[j];
            for (int j = 0; j < d; j++) outside[j] -= dot * u.get(k, j);
        }
        // The whole Gaussian: mean Uᵀμ_y + m⊥, covariance UᵀAU + v(I − UᵀU).
        double[] mean = outside.clone();
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < r; k++) mean[i] += u.get(k, i) * meanY[k];
            for (int j = 0; j < d; j++) {
                double inside = 0, projector = 0;
                for (int k = 0; k < r; k++) {
                    projector += u.get(k, i) * u.get(k, j);
                    for (int l = 0; l < r; l++) inside += u.get(k, i) * a[k][l] * u.get(l, j);
                }
                cov[i][j] = inside + v * ((i == j ? 1 : 0) - projector);
            }
        }
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) cov[i][j] = cov[j][i] = 0.5 * (cov[i][j] + cov[j][i]);
        GaussianMixture whole = new GaussianMixture(new double[]{1}, new double[][]{mean}, new double[][][]{cov});
        GaussianMixture inside = new GaussianMixture(new double[]{1}, new double[][]{meanY}, new double[][][]{a});
        SubspaceSplit split = SubspaceSplit.of(u, outside, v);
        assertEquals(r, split.rank());
        assertFalse(split.isFull());

        int n = 50;
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n * d; i++) x.data[i] = 2 * rng.nextGaussian();
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
        assertThrows(IllegalArgumentException.class, () -> SubspaceSplit.of(new DMatrixRMaj(3, 3), new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> SubspaceSplit.of(new DMatrixRMaj(1, 3), new double[3], 0));
        assertThrows(IllegalArgumentException.class, () -> SubspaceSplit.of(new DMatrixRMaj(1, 3), new double[2], 1));
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
