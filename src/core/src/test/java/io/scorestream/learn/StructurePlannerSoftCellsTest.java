package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.features.CellGates;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.LevelStructure;
import io.scorestream.model.ModelStructure;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The soft cells' K is chosen on the planning reservoir, and where {@code fit} has more rows (the
 * judged ones) the chosen K's components are estimated on those: the cells are the score's gates
 * at every level, and a mixture fitted on four times the rows is a better description of the data.
 */
class StructurePlannerSoftCellsTest {
    /** Nine isotropic components on a 3×3 grid, one unit apart (`many`'s kind of data, smaller). */
    private static GaussianMixture grid() {
        double[] weights = new double[9];
        double[][] means = new double[9][];
        for (int i = 0; i < 9; i++) {
            weights[i] = 1.0 / 9;
            means[i] = new double[]{i % 3 - 1, i / 3 - 1};
        }
        return GaussianMixture.isotropic(weights, means, 0.12 * 0.12);
    }

    @Test
    void theChosenCellsAreEstimatedOnTheJudgedRowsWhenThereAreMore() {
        GaussianMixture truth = grid();
        // As Fitter draws them: the reservoir is the first rows of the judged set.
        DMatrixRMaj judged = truth.sample(8192, new SplittableRandom(1), null);
        DMatrixRMaj reservoir = new DMatrixRMaj(1024, 2);
        System.arraycopy(judged.data, 0, reservoir.data, 0, reservoir.data.length);
        FitOptions options = FitOptions.defaults().withSeed(1)
                .withColumns(ColumnOptions.DEFAULTS.withTransform(ColumnOptions.parseTransform("affine")))
                .resolve(2, judged.numRows);
        Columns columns = Columns.learn(judged, options.columns());

        ModelStructure fromReservoir = StructurePlanner.plan(reservoir, reservoir, columns, options, null);
        ModelStructure fromJudged = StructurePlanner.plan(reservoir, judged, columns, options, null);
        LevelStructure small = fromReservoir.level(0), large = fromJudged.level(0);
        assertTrue(small.soft() && large.soft(), "soft cells on both");
        assertEquals(small.cells(), large.cells(), "K is the reservoir's choice either way");

        // Fresh rows, in the cells' (standardised) coordinates: the mixture estimated on 8 192 rows
        // is likelier than the one estimated on 1 024 (its parameters' noise costs about K·6/2n nats).
        DMatrixRMaj fresh = truth.sample(20_000, new SplittableRandom(2), null);
        DMatrixRMaj latent = new DMatrixRMaj(fresh.numRows, 2);
        columns.forward(fresh, null, 0, latent);
        double gain = meanLogDensity(large.cleanGates(), latent) - meanLogDensity(small.cleanGates(), latent);
        assertTrue(gain > 0.005, "held-out log-likelihood gain per row of the cells estimated on the judged rows: " + gain);
    }

    private static double meanLogDensity(CellGates.Evaluator gates, DMatrixRMaj x) {
        double[] weights = new double[64], work = new double[x.numCols];
        double sum = 0;
        for (int i = 0; i < x.numRows; i++) sum += gates.weights(x.data, i * x.numCols, weights, work);
        return sum / x.numRows;
    }
}
