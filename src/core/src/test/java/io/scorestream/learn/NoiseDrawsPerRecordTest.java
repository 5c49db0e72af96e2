package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.metrics.ScoreErrors;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.LevelModel;
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
        assertEveryLevelWeighs(300, learner);
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

    /**
     * A stream's learner draws once a record but counts a record at fit's automatic draws, so on the
     * same records it gives the same cells their own polynomial as fit's learner does.
     */
    @Test
    void aStreamsLearnerKeepsTheCellsFitKeeps() {
        DMatrixRMaj data = TRUTH.sample(200, new SplittableRandom(7), null);
        ModelStructure structure = plan(data);
        int draws = FitOptions.automaticDraws(structure.levels(), data.numRows);
        assertTrue(draws > 1, "a small file: " + draws + " draws");
        ScoreLearner fit = new ScoreLearner(structure, 3, 1, 1e-4, 0, structure.levelCount(), draws);
        ScoreLearner stream = new ScoreLearner(structure, 3, 1, 1e-4);
        fit.absorb(data, 0);
        stream.absorb(data, 0);
        assertEquals(1, stream.draws());
        assertEquals(draws, stream.countedDraws());
        LevelModel[] a = fit.solveLevels(), b = stream.solveLevels();
        int own = 0, betweenThresholds = 0;
        for (int j = 0; j < a.length; j++) {
            int p = structure.level(j).featureCount(), affine = 1 + structure.level(j).dimension();
            for (int c = 0; c < structure.level(j).cells(); c++) {
                boolean fitOwn = beyondAffine(a[j].coefficients(c), affine), streamOwn = beyondAffine(b[j].coefficients(c), affine);
                assertEquals(fitOwn, streamOwn, "level " + j + " cell " + c + ": own polynomial in fit " + fitOwn + ", in the stream " + streamOwn);
                if (fitOwn) own++;
                double weight = stream.level(j).cell(c).weight();
                // Counted at one row a record, these cells would have gone to the pooled fit.
                if (weight >= ScoreLearner.MIN_ROWS_PER_FEATURE * p / draws && weight < ScoreLearner.MIN_ROWS_PER_FEATURE * p) betweenThresholds++;
            }
        }
        assertTrue(own > 0, "some cells have their own polynomial");
        assertTrue(betweenThresholds > 0, "some cells hold fewer than 8 records a feature and more than 8/R");
    }

    /**
     * A stream's learner whose draw schedule covers every record draws each as fit's learner does:
     * the same statistics (a stream of one partition whose warm-up holds a whole table learns fit's
     * model of it).
     */
    @Test
    void aScheduleCoveringEveryRecordGivesFitsStatistics() {
        DMatrixRMaj data = TRUTH.sample(200, new SplittableRandom(8), null);
        ModelStructure structure = plan(data);
        int draws = FitOptions.automaticDraws(structure.levels(), data.numRows);
        assertTrue(draws > 1);
        ScoreLearner fit = new ScoreLearner(structure, 3, 1, 1e-4, 0, structure.levelCount(), draws);
        ScoreLearner stream = new ScoreLearner(structure, 3, 1, 1e-4, 0, structure.levelCount(), DrawSchedule.forWarmUp(structure, data.numRows));
        fit.absorb(data, 0);
        stream.absorb(data, 0);
        assertEquals(data.numRows, stream.absorbed());
        assertSameStatistics(fit.statistics(), stream.statistics());
    }

    /** Records past the schedule's count get one draw: the statistics are those of the two parts learned apart and merged. */
    @Test
    void recordsPastTheScheduleGetOneDrawAndEveryRecordWeighsOne() {
        DMatrixRMaj data = TRUTH.sample(300, new SplittableRandom(9), null);
        ModelStructure structure = plan(data);
        DrawSchedule schedule = new DrawSchedule(4, 120);
        ScoreLearner stream = new ScoreLearner(structure, 3, 1, 1e-4, 0, structure.levelCount(), schedule);
        stream.absorb(data, 0);
        ScoreLearner early = new ScoreLearner(structure, 3, 1, 1e-4, 0, structure.levelCount(), 4);
        early.absorb(org.ejml.dense.row.CommonOps_DDRM.extract(data, 0, 120, 0, data.numCols), 0);
        ScoreLearner late = new ScoreLearner(structure, 3, 1, 1e-4, 0, structure.levelCount(), 1);
        late.absorb(org.ejml.dense.row.CommonOps_DDRM.extract(data, 120, 300, 0, data.numCols), 120);
        early.merge(late);
        assertSameStatistics(early.statistics(), stream.statistics());
        assertEveryLevelWeighs(300, stream);
    }

    private static void assertEveryLevelWeighs(double records, ScoreLearner learner) {
        for (CellStatistics[] level : learner.statistics()) {
            double weight = 0;
            for (CellStatistics cell : level) weight += cell.weight();
            assertEquals(records, weight, 1e-9);
        }
    }

    /** Under forgetting a record's draws age with the record: one batch or five, the same statistics. */
    @Test
    void drawsAgeWithTheirRecordUnderForgetting() {
        DMatrixRMaj data = TRUTH.sample(250, new SplittableRandom(10), null);
        ModelStructure structure = plan(data);
        DrawSchedule schedule = new DrawSchedule(3, 100);
        ScoreLearner whole = new ScoreLearner(structure, 3, 0.99, 1e-4, 0, structure.levelCount(), schedule);
        whole.absorb(data, 0);
        ScoreLearner batches = new ScoreLearner(structure, 3, 0.99, 1e-4, 0, structure.levelCount(), schedule);
        for (int from = 0; from < 250; from += 50)
            batches.absorb(org.ejml.dense.row.CommonOps_DDRM.extract(data, from, from + 50, 0, data.numCols), from);
        assertSameStatistics(whole.statistics(), batches.statistics());
    }

    private static void assertSameStatistics(CellStatistics[][] a, CellStatistics[][] b) {
        for (int j = 0; j < a.length; j++)
            for (int c = 0; c < a[j].length; c++) {
                DMatrixRMaj ga = a[j][c].gram(), gb = b[j][c].gram(), ba = a[j][c].cross(), bb = b[j][c].cross();
                for (int i = 0; i < ga.data.length; i++) assertEquals(ga.data[i], gb.data[i], 1e-9 * (1 + Math.abs(ga.data[i])), "level " + j + " cell " + c + " gram");
                for (int i = 0; i < ba.data.length; i++) assertEquals(ba.data[i], bb.data[i], 1e-9 * (1 + Math.abs(ba.data[i])), "level " + j + " cell " + c + " cross");
                assertEquals(a[j][c].weight(), b[j][c].weight(), 1e-9 * (1 + a[j][c].weight()));
            }
    }

    private static boolean beyondAffine(DMatrixRMaj w, int affineRows) {
        for (int i = affineRows * w.numCols; i < w.data.length; i++) if (w.data[i] != 0) return true;
        return false;
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
        // One draw of 150 records leaves every cell on the pooled affine fallback, one Gaussian per level.
        assertTrue(errorAuto < 0.3 * errorOne, "mean relative score error: automatic draws " + errorAuto / 3 + ", one draw " + errorOne / 3);
    }

    private static ModelStructure plan(DMatrixRMaj data) {
        FitOptions options = FitOptions.defaults().withLevels(6).withSeed(1).resolve(data.numCols, data.numRows);
        return StructurePlanner.plan(data, options, null);
    }
}
