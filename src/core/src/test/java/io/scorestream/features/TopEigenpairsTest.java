package io.scorestream.features;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopEigenpairsTest {

    /** A second moment of n Gaussian rows with unequal column scales (n < d: rank deficient). */
    private static double[] moment(int d, int n, SplittableRandom rng) {
        double[] m = new double[d * d], x = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[j] = rng.nextGaussian() * (1 + j % 3);
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) m[a * d + b] += x[a] * x[b] / n;
        }
        return m;
    }

    /** EJML's full decomposition's eigenvalues, largest first. */
    private static double[] allEigenvalues(double[] m, int d) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        assertTrue(eig.decompose(DMatrixRMaj.wrap(d, d, m.clone())));
        double[] values = new double[d];
        for (int j = 0; j < d; j++) values[j] = eig.getEigenvalue(j).getReal();
        Arrays.sort(values);
        for (int j = 0; j < d / 2; j++) { double t = values[j]; values[j] = values[d - 1 - j]; values[d - 1 - j] = t; }
        return values;
    }

    /** ‖M v_k − λ_k v_k‖ relative to the largest eigenvalue, and v's rows orthonormal to 1e-12. */
    private static void assertEigenpairs(double[] m, int d, int rank, double[] values, double[] vectors, double scale) {
        for (int k = 0; k < rank; k++) {
            double residual = 0;
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b < d; b++) s += m[a * d + b] * vectors[k * d + b];
                residual += (s - values[k] * vectors[k * d + a]) * (s - values[k] * vectors[k * d + a]);
            }
            assertEquals(0, Math.sqrt(residual), 1e-12 * scale, "residual of pair " + k);
            for (int j = 0; j <= k; j++) {
                double dot = 0;
                for (int b = 0; b < d; b++) dot += vectors[k * d + b] * vectors[j * d + b];
                assertEquals(j == k ? 1 : 0, dot, 1e-12, "v" + k + "·v" + j);
            }
        }
    }

    @Test
    void topPairsMatchTheFullDecomposition() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int d : new int[]{1, 2, 3, 5, 16, 30, 64}) {
            TopEigenpairs top = new TopEigenpairs(d);
            for (int trial = 0; trial < 20; trial++) {
                int n = trial % 4 == 0 ? 2 : 3 * d;    // every fourth moment has rank 2
                double[] m = moment(d, n, rng);
                int rank = Math.min(d, 4);
                double[] values = new double[rank], vectors = new double[rank * d];
                assertTrue(top.decompose(m, rank, values, vectors));
                double[] expected = Arrays.copyOf(allEigenvalues(m, d), rank);
                assertArrayEquals(expected, values, 1e-13 * expected[0], "d = " + d + ", trial " + trial);
                assertEigenpairs(m, d, rank, values, vectors, expected[0]);
            }
        }
    }

    @Test
    void aRepeatedEigenvalueGetsAnOrthonormalBasisOfItsSpace() {
        // diag(5, 5, 5, 1, ..., 1) rotated: the top three share one eigenvalue.
        int d = 20;
        SplittableRandom rng = new SplittableRandom(8);
        double[] m = new double[d * d];
        DMatrixRMaj random = new DMatrixRMaj(d, 3);
        for (int i = 0; i < random.data.length; i++) random.data[i] = rng.nextGaussian();
        DMatrixRMaj q = PrincipalSubspace.orthonormalColumns(random);   // d×3, orthonormal columns: the planted space
        double[][] basis = new double[3][d];
        for (int k = 0; k < 3; k++) for (int j = 0; j < d; j++) basis[k][j] = q.get(j, k);
        for (int a = 0; a < d; a++) {
            m[a * d + a] = 1;
            for (int b = 0; b < d; b++) for (double[] u : basis) m[a * d + b] += 4 * u[a] * u[b];
        }
        double[] values = new double[4], vectors = new double[4 * d];
        assertTrue(new TopEigenpairs(d).decompose(m, 4, values, vectors));
        assertArrayEquals(new double[]{5, 5, 5, 1}, values, 1e-12);
        assertEigenpairs(m, d, 4, values, vectors, 5);
        // The first three lie in the span of the planted basis.
        for (int k = 0; k < 3; k++) {
            double inside = 0;
            for (double[] u : basis) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += u[j] * vectors[k * d + j];
                inside += dot * dot;
            }
            assertEquals(1, inside, 1e-12, "vector " + k + " inside the top space");
        }
    }

    @Test
    void aDiagonalMatrixWithRepeatedValuesGivesItsAxes() {
        // Already tridiagonal with every coupling zero: inverse iteration meets each repeated
        // eigenvalue's whole space at once (one start for every vector returned e₂ as the second).
        for (int d : new int[]{3, 7, 20}) {
            double[] m = new double[d * d];
            for (int j = 0; j < d; j++) m[j * d + j] = j < 2 ? 5 : 1;
            int rank = Math.min(d, 4);
            double[] values = new double[rank], vectors = new double[rank * d];
            assertTrue(new TopEigenpairs(d).decompose(m, rank, values, vectors));
            double[] expected = new double[rank];
            for (int k = 0; k < rank; k++) expected[k] = k < 2 ? 5 : 1;
            assertArrayEquals(expected, values, 1e-12, "d = " + d);
            assertEigenpairs(m, d, rank, values, vectors, 5);
        }
    }

    @Test
    void theZeroMatrixGivesAxesAndABadMatrixIsRefused() {
        TopEigenpairs top = new TopEigenpairs(3);
        double[] values = new double[2], vectors = new double[6];
        assertTrue(top.decompose(new double[9], 2, values, vectors));
        assertArrayEquals(new double[]{0, 0}, values);
        assertArrayEquals(new double[]{1, 0, 0, 0, 1, 0}, vectors);
        double[] bad = {1, 0, 0, 0, Double.NaN, 0, 0, 0, 1};
        Arrays.fill(vectors, 7);
        assertFalse(top.decompose(bad, 2, values, vectors));
        assertArrayEquals(new double[]{7, 7, 7, 7, 7, 7}, vectors, "nothing written");
        assertThrows(IllegalArgumentException.class, () -> top.decompose(new double[9], 4, new double[4], new double[12]));
        assertThrows(IllegalArgumentException.class, () -> new TopEigenpairs(0));
    }

    @Test
    void principalSubspaceTakesTheSameDirectionsEitherWay() {
        // Above TOP_ONLY_DIMENSION ofMoment uses this solver; its variances are EJML's, and its
        // directions span the same space (each |uᵀv| = 1 for well separated eigenvalues).
        int d = PrincipalSubspace.TOP_ONLY_DIMENSION + 4;
        double[] m = moment(d, 5 * d, new SplittableRandom(2));
        PrincipalSubspace fast = PrincipalSubspace.ofMoment(DMatrixRMaj.wrap(d, d, m.clone()), 4);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        assertTrue(eig.decompose(DMatrixRMaj.wrap(d, d, m.clone())));
        double[] expected = Arrays.copyOf(allEigenvalues(m, d), 4);
        assertArrayEquals(expected, fast.variances(), 1e-13 * expected[0]);
        assertThrows(IllegalArgumentException.class, () -> PrincipalSubspace.ofMoment(DMatrixRMaj.wrap(d, d, m.clone()), 4, new TopEigenpairs(d - 1)),
                "a solver of another dimension is refused");
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < d; j++) {
                if (Math.abs(eig.getEigenvalue(j).getReal() - expected[k]) > 1e-9 * expected[0]) continue;
                DMatrixRMaj v = eig.getEigenVector(j);
                double dot = 0;
                for (int c = 0; c < d; c++) dot += v.get(c) * fast.directions().get(k, c);
                assertEquals(1, Math.abs(dot), 1e-9, "direction " + k);
            }
        }
    }
}
