package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.metrics.ScoreErrors;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.regression.CellStatistics;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Several noise draws per record and level: each draw is the record at a shifted stream position
 * with weight 1/R, so a record still weighs one, and on a small file the score comes closer to the
 * exact one than with a single draw.
 */
class NoiseDrawsPerRecordTest {
    private static final GaussianMixture TRUTH = Mixtures.anisotropic();

    @Test
    void automaticDrawsGiveEveryCellFeatureItsRowsWhateverTheFileSize() {
        ModelStructure structure = plan(TRUTH.sample(3000, new SplittableRandom(4), null));
        long cellFeatures = 0;
        for (int j = 0; j < structure.levelCount(); j++)
            cellFeatures = Math.max(cellFeatures, (long) structure.level(j).cells() * structure.level(j).featureCount());
        long rows = FitOptions.ROWS_PER_CELL_FEATURE * cellFeatures;
        FitOptions options = FitOptions.defaults().resolve(3, 3000);
        assertEquals(FitOptions.AUTO, options.draws(), "automatic draws wait for the planned cells");
        for (long n : new long[]{rows / 7, rows / 2, rows - 1, rows, rows + 1, 20 * rows}) {
            int draws = options.drawsFor(structure.levels(), n);
            assertTrue(draws == FitOptions.MAX_AUTO_DRAWS || n * draws >= rows, n + " records, " + draws + " draws: fewer than " + rows + " rows");
            assertTrue(draws == 1 || n * (draws - 1) < rows, n + " records, " + draws + " draws: one more than needed");
        }
        assertEquals(1, options.drawsFor(structure.levels(), 20 * rows));
        assertEquals(FitOptions.MAX_AUTO_DRAWS, options.drawsFor(structure.levels(), 2));
        assertEquals(3, FitOptions.defaults().withDraws(3).resolve(3, 20_000).drawsFor(structure.levels(), 2));
        assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().withDraws(0).validate());
    }

    @Test
    void aRecordWeighsOneInEveryLevelWhateverItsDraws() {
        DMatrixRMaj data = TRUTH.sample(300, new SplittableRandom(1), null);
        ModelStructure structure = plan(data);
        ScoreLearner learner = new ScoreLearner(structure, 3, 1, 1e-4, 0, structure.levelCount(), 5);
        learner.absorb(data, 0);
        for (CellStatistics[] level : learner.statistics()) {
            double weight = 0;
            for (CellStatistics cell : level) weight += cell.weight();
            assertEquals(300, weight, 1e-9);
        }
    }

    @Test
    void drawsAreTheRecordAtShiftedPositionsWithWeightOneOverR() {
        DMatrixRMaj data = TRUTH.sample(200, new SplittableRandom(2), null);
        ModelStructure structure = plan(data);
        ScoreLearner twice = new ScoreLearner(structure, 3, 1, 1e-4, 0, structure.levelCount(), 2);
        twice.absorb(data, 0);
        ScoreLearner replicated = new ScoreLearner(structure, 3, 1, 1e-4);
        replicated.absorb(data, 0);
        replicated.absorb(data, ScoreLearner.DRAW_STRIDE);
        CellStatistics[][] a = twice.statistics(), b = replicated.statistics();
        for (int j = 0; j < a.length; j++)
            for (int c = 0; c < a[j].length; c++) {
                DMatrixRMaj ga = a[j][c].gram(), gb = b[j][c].gram();
                for (int i = 0; i < ga.data.length; i++) assertEquals(gb.data[i] / 2, ga.data[i], 1e-9 * (1 + Math.abs(gb.data[i])));
                assertEquals(b[j][c].weight() / 2, a[j][c].weight(), 1e-9);
            }
    }

    @Test
    void onASmallFileAutomaticDrawsBringTheScoreCloserToTheExactOne() {
        DMatrixRMaj data = TRUTH.sample(150, new SplittableRandom(3), null);
        FitOptions options = FitOptions.defaults().withLevels(24).withSeed(5).withColumns(ColumnOptions.PLAIN);
        ScoreModel one = Fitter.fit(data, options.withDraws(1), null), auto = Fitter.fit(data, options, null);
        GaussianMixture truth = TRUTH.standardised(auto.columns().affineMaps()[0], auto.columns().affineMaps()[1]);
        double errorOne = 0, errorAuto = 0;
        for (double t : new double[]{0.1, 0.3, 1.0}) {
            errorOne += ScoreErrors.relative(one, truth, t, 4000, 3);
            errorAuto += ScoreErrors.relative(auto, truth, t, 4000, 3);
        }
        // One draw of 150 records leaves each cell a few rows a feature: Mallows' Cp gives a cell its
        // own polynomial only where that pays (0.25; 0.40 when every such cell fell back to the pooled
        // affine fit), and automatic draws give the cells' polynomials the rows they need (0.081).
        assertTrue(errorOne / 3 < 0.3, "one draw: mean relative score error " + errorOne / 3);
        assertTrue(errorAuto < 0.4 * errorOne, "mean relative score error: automatic draws " + errorAuto / 3 + ", one draw " + errorOne / 3);
    }

    private static ModelStructure plan(DMatrixRMaj data) {
        FitOptions options = FitOptions.defaults().withLevels(6).withSeed(1).resolve(data.numCols, data.numRows);
        return StructurePlanner.plan(data, options, null);
    }
}
