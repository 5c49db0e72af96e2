package io.scorestream.learn;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.HermiteBasis;
import io.scorestream.model.LevelModel;
import io.scorestream.model.LevelStructure;
import io.scorestream.partition.Partition;
import io.scorestream.regression.RidgeSolver;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** A cell that no sample (or one sample) reaches must still give finite, sensible predictions. */
class TinyCellTest {

    @Test
    void emptyAndTinyCellsFallBackToThePooledAffineFit() {
        int d = 2;
        HermiteBasis basis = new HermiteBasis(2, 2);
        double t = 0.5;
        double a = Math.exp(-t);
        // Cell 0 at the data, cell 1 far away (no sample lands there), cell 2 just next to it.
        DMatrixRMaj centres = new DMatrixRMaj(new double[][]{{0, 0}, {50, 50}, {60, 60}});
        Partition partition = new Partition(centres);
        CellFeatureMap[] maps = new CellFeatureMap[3];
        for (int c = 0; c < 3; c++) {
            double[] centre = partition.centre(c);
            for (int j = 0; j < d; j++) centre[j] *= a;
            maps[c] = new CellFeatureMap(centre, new DMatrixRMaj(new double[][]{{1, 0}, {0, 1}}), new double[]{1, 1}, basis);
        }
        LevelStructure structure = new LevelStructure(t, partition, maps);
        LevelAccumulator acc = new LevelAccumulator(3, structure, new NoiseDraws(1), 1);
        int n = 5000;
        DMatrixRMaj x0 = new DMatrixRMaj(n, d);
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < x0.data.length; i++) x0.data[i] = rng.nextGaussian();
        acc.absorb(x0.data, n, 0, new LevelAccumulator.Workspace());
        assertEquals(0, acc.cell(1).weight(), "nothing reaches the far cells");

        LevelModel model = acc.solve(new RidgeSolver(structure.featureCount(), 1e-4), 1e-4, ScoreLearner.MIN_ROWS_PER_FEATURE);
        // For x₀ ~ N(0, I), x_t ~ N(0, I) at every t, so E[z | x_t] = s·x_t exactly: affine.
        double s = Math.sqrt(-Math.expm1(-2 * t));
        DMatrixRMaj probe = new DMatrixRMaj(new double[][]{{49 * a, 51 * a}, {61 * a, 59 * a}, {0.5, -0.5}});
        DMatrixRMaj eps = new DMatrixRMaj(1, 1);
        model.predictNoise(probe, eps);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < d; j++) {
                double want = s * probe.get(i, j);
                assertTrue(Double.isFinite(eps.get(i, j)));
                assertEquals(want, eps.get(i, j), 0.05 * Math.max(1, Math.abs(want)), "point " + i + " coordinate " + j);
            }
    }
}
