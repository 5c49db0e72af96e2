package io.scorestream.regression;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class RidgeSolverTest {

    @Test
    void recoversAnExactLinearMapFromBatchedStatistics() {
        int p = 4, d = 2, n = 500;
        double[][] w = {{1, -2}, {0.5, 3}, {-1, 0}, {2, 1}};
        SplittableRandom rng = new SplittableRandom(1);
        DMatrixRMaj phi = new DMatrixRMaj(n, p), y = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++)
            for (int q = 0; q < p; q++) phi.set(i, q, rng.nextGaussian());
        for (int i = 0; i < n; i++)
            for (int o = 0; o < d; o++) {
                double v = 0;
                for (int q = 0; q < p; q++) v += phi.get(i, q) * w[q][o];
                y.set(i, o, v);
            }
        CellStatistics stats = new CellStatistics(p, d);
        stats.add(phi, y, n);
        DMatrixRMaj coefficients = new DMatrixRMaj(p, d);
        assertTrue(new RidgeSolver(p, 1e-10).solve(stats, coefficients));
        for (int q = 0; q < p; q++)
            for (int o = 0; o < d; o++) assertEquals(w[q][o], coefficients.get(q, o), 1e-6);
        assertEquals(0, RidgeSolver.meanSquaredResidual(stats, coefficients), 1e-8);
    }

    @Test
    void relativeRidgeDoesNotDependOnAFeaturesUnits() {
        // Feature 1 in metres or in millimetres: the fitted function must not change.
        int n = 200;
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj phi = new DMatrixRMaj(n, 2), phiMm = new DMatrixRMaj(n, 2), y = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            double x = 0.01 * rng.nextGaussian();
            phi.set(i, 0, 1); phi.set(i, 1, x);
            phiMm.set(i, 0, 1); phiMm.set(i, 1, 1000 * x);
            y.set(i, 0, 3 * x / 0.01 + rng.nextGaussian() * 0.1);
        }
        CellStatistics a = new CellStatistics(2, 1), b = new CellStatistics(2, 1);
        a.add(phi, y, n);
        b.add(phiMm, y, n);
        DMatrixRMaj wa = new DMatrixRMaj(2, 1), wb = new DMatrixRMaj(2, 1);
        RidgeSolver solver = new RidgeSolver(2, 1e-2);
        assertTrue(solver.solve(a, wa));
        assertTrue(solver.solve(b, wb));
        assertEquals(wa.get(1, 0), 1000 * wb.get(1, 0), 1e-9 * Math.abs(wa.get(1, 0)));
        assertEquals(300, wa.get(1, 0), 5, "a small relative ridge leaves a well-determined slope alone");
    }

    @Test
    void emptyStatisticsReportFailureInsteadOfNaN() {
        DMatrixRMaj w = new DMatrixRMaj(3, 2);
        assertFalse(new RidgeSolver(3, 1e-4).solve(new CellStatistics(3, 2), w));
    }

    @Test
    void aFeatureThatIsAlwaysZeroGetsAZeroCoefficient() {
        DMatrixRMaj phi = new DMatrixRMaj(new double[][]{{1, 0, 2}, {1, 0, -1}, {1, 0, 0.5}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][]{{5}, {-1}, {2}});
        CellStatistics stats = new CellStatistics(3, 1);
        stats.add(phi, y, 3);
        DMatrixRMaj w = new DMatrixRMaj(3, 1);
        assertTrue(new RidgeSolver(3, 1e-6).solve(stats, w));
        assertEquals(0, w.get(1, 0), 1e-12);
        assertEquals(1, w.get(0, 0), 1e-4);
        assertEquals(2, w.get(2, 0), 1e-4);
    }

    @Test
    void forgettingDecaysAndMergeAdds() {
        DMatrixRMaj phi = new DMatrixRMaj(new double[][]{{1, 2}}), y = new DMatrixRMaj(new double[][]{{3}});
        CellStatistics a = new CellStatistics(2, 1), b = new CellStatistics(2, 1);
        a.add(phi, y, 1);
        b.add(phi, y, 1);
        a.decay(0.5);
        a.merge(b);
        assertEquals(1.5, a.weight(), 1e-15);
        assertEquals(1.5 * 4, a.gram().get(1, 1), 1e-15);
        assertEquals(1.5 * 6, a.cross().get(1, 0), 1e-15);
        assertEquals(2, a.rows());
        assertThrows(IllegalArgumentException.class, () -> a.merge(new CellStatistics(3, 1)));
    }
}
