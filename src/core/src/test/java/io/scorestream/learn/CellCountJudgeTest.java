package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.data.Dataset;
import io.scorestream.data.Datasets;
import io.scorestream.metrics.ModelLikelihood;
import io.scorestream.metrics.TruthMetrics;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellCountJudgeTest {
    @Test
    void candidatesAreWithinAFactorTwoOfTheSearchsAndFitOnThreeQuarters() {
        // 225 training rows in 2-D: a fold's fit has 168 rows, so k·4 ≤ 168 keeps k ≤ 42.
        assertArrayEquals(new int[]{12, 16, 20, 24, 32, 40}, CellCountJudge.candidates(20, 225, 2));
        assertArrayEquals(new int[]{1, 2, 3}, CellCountJudge.candidates(1, 225, 2));
        assertArrayEquals(new int[]{2, 3, 4, 6, 8}, CellCountJudge.candidates(4, 1000, 5));
        // Few rows: the larger counts drop out, the search's own stays.
        assertArrayEquals(new int[]{4, 8}, CellCountJudge.candidates(8, 60, 6));   // k·8 ≤ 45 keeps k ≤ 5
    }

    @Test
    void thePairedGainIsTheMeanDifferenceAndItsStandardError() {
        double[] gain = CellCountJudge.pairedGain(new double[]{1, 2, 3, Double.NaN}, new double[]{0, 0, 0, 5});
        assertEquals(2, gain[0], 1e-12);
        assertEquals(Math.sqrt((2.0 / 3) / 2), gain[1], 1e-12);   // differences 1, 2, 3: population variance 2/3, over n − 1 = 2
        assertEquals(Double.POSITIVE_INFINITY, CellCountJudge.pairedGain(new double[]{0, 0}, new double[]{0, Double.NEGATIVE_INFINITY})[0]);
    }

    @Test
    void itRunsOnlyWhereTheCountIsTheDatasAndTheFitIsCheap() {
        FitOptions resolved = FitOptions.defaults().resolve(4, 500);
        assertTrue(CellCountJudge.applies(resolved, 500, 4));
        assertFalse(CellCountJudge.applies(resolved, CellCountJudge.MIN_ROWS - 1, 4));
        assertFalse(CellCountJudge.applies(resolved, CellCountJudge.MAX_ROWS + 1, 4));
        assertFalse(CellCountJudge.applies(FitOptions.defaults().resolve(17, 500), 500, 17));
        assertFalse(CellCountJudge.applies(resolved.withCells(FitOptions.CellKind.VORONOI), 500, 4));
        assertFalse(CellCountJudge.applies(resolved.withCellCount(6), 500, 4));
        FitOptions labelled = FitOptions.defaults().withColumns(ColumnOptions.DEFAULTS.withLabelCounts(Map.of(3, 3))).resolve(4, 500);
        assertFalse(CellCountJudge.applies(labelled, 500, 4));
    }

    @Test
    void onFewRowsOfManyTightClustersTheWholeModelPrefersFewerCellsAndIsRight() {
        // 300 rows of 25 clusters (sd 0.08, spacing 1): the mixture's held-out likelihood asks for 20
        // cells, whose diffusion model spills mass between the clusters.
        Dataset train = Datasets.generate("many", 300, 1), fresh = Datasets.generate("many", 2000, 2);
        FitOptions options = FitOptions.defaults();
        CellCountJudge.Choice choice = CellCountJudge.choose(train.samples(), 20, options);
        assertEquals(20, choice.searched());
        assertTrue(choice.chosen() < 20, choice.describe());
        assertTrue(choice.gain() > CellCountJudge.SIGNIFICANT * choice.error(), choice.describe());
        // Against the exact law: fresh rows are likelier under the chosen model than under the search's, by far.
        double chosen = ModelLikelihood.of(Fitter.fit(train.samples(), options.withCellCount(choice.chosen()), null), fresh.samples()).mean();
        double searched = ModelLikelihood.of(Fitter.fit(train.samples(), options.withCellCount(20), null), fresh.samples()).mean();
        double truth = TruthMetrics.meanLogLikelihood(train.truth(), fresh.samples());
        assertTrue(chosen > searched + 0.3, "chosen " + chosen + ", searched " + searched + ", truth " + truth);
        assertTrue(chosen < truth, "no model beats the truth on average: " + chosen + " against " + truth);
    }
}
