package io.scorestream.learn;

import io.scorestream.columns.Columns;
import io.scorestream.data.Datasets;
import io.scorestream.data.RealDatasets;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoreRowsCountTest {
    private static final int RESERVOIR = 4096;

    @Test
    void theSearchOnMoreRowsClimbsByHalfAgainAsFarAsTheReservoirCanPlanACount() {
        // From 48: 80 is the first candidate at least 72, 128 at least 120, 192 at least 192; 256 is below 288.
        assertArrayEquals(new int[]{48, 80, 128, 192}, StructurePlanner.ladder(48, RESERVOIR, 6, 256));
        // In 16 columns 192 cells need 192·18 = 3 456 of the reservoir's 3 072 training rows a fold.
        assertArrayEquals(new int[]{32, 48, 80, 128}, StructurePlanner.ladder(32, RESERVOIR, 16, 256));
        assertArrayEquals(new int[]{48, 80}, StructurePlanner.ladder(48, RESERVOIR, 6, 100));
        assertArrayEquals(new int[]{6, 12, 20, 32, 48, 80, 128, 192}, StructurePlanner.ladder(6, RESERVOIR, 5, 256));
    }

    @Test
    void onlyAFileOfMoreRowsThanTheReservoirInFewColumnsHasItsCountJudgedAgain() {
        FitOptions resolved = FitOptions.defaults().resolve(6, 9457);
        assertTrue(MoreRowsCount.applies(resolved, 9457, RESERVOIR, 6, 48, false));
        assertFalse(MoreRowsCount.applies(resolved, RESERVOIR, RESERVOIR, 6, 48, false), "no more rows than the reservoir");
        assertFalse(MoreRowsCount.applies(FitOptions.defaults().resolve(17, 9457), 9457, RESERVOIR, 17, 48, false), "more columns than the count judge's");
        assertFalse(MoreRowsCount.applies(resolved, 9457, RESERVOIR, 6, 1, false), "one cell: no soft cells");
        assertFalse(MoreRowsCount.applies(resolved, 9457, RESERVOIR, 6, 160, false), "a count the planner already searched on more rows (26 reservoir rows a cell)");
        assertFalse(MoreRowsCount.applies(FitOptions.defaults().withCellCount(48).resolve(6, 9457), 9457, RESERVOIR, 6, 48, false), "a count given");
        // A judge's fit of full rank searches its own count: on the reservoir, as the shape is planned where it is kept.
        assertFalse(MoreRowsCount.applies(FitOptions.defaults().forJudgedFits().withRank(6).withDegree(1).resolve(6, 9457), 9457, RESERVOIR, 6, 48, false), "a judge's fit");
        assertTrue(MoreRowsCount.applies(FitOptions.defaults().withRank(6).withDegree(1).resolve(6, 9457), 9457, RESERVOIR, 6, 48, false), "a shape given");
        // Separate full covariances in 12 columns (90 parameters): 48 of them on the reservoir were already searched again on more rows; tied ones were not.
        FitOptions fullRank12 = FitOptions.defaults().withRank(12).withDegree(1).resolve(12, 9457);
        assertFalse(MoreRowsCount.applies(fullRank12, 9457, RESERVOIR, 12, 48, false), "48 separate full covariances: searched again by the planner");
        assertTrue(MoreRowsCount.applies(fullRank12, 9457, RESERVOIR, 12, 48, true), "48 tied ones: the planner did not search again");
    }

    @Test
    void theScoresScaleIsHalfTheMeanKernelOverPairsOfRows() {
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{{0}, {1}, {3}});
        double[] unit = {1};
        // k(q) = exp(−2q) + exp(−q/2) + exp(−q/8) at squared distances 1, 9 and 4 (bandwidth 1); ½ the mean over the 3 pairs.
        double expected = (kernel(1) + kernel(9) + kernel(4)) / 3 / 2;
        assertEquals(expected, CellCountJudge.selfTerm(rows, unit, 1), 1e-15);
        // Distances in bandwidths: twice the bandwidth halves every distance.
        assertEquals((kernel(0.25) + kernel(2.25) + kernel(1)) / 6, CellCountJudge.selfTerm(rows, unit, 2), 1e-15);
    }

    private static double kernel(double q) { return Math.exp(-2 * q) + Math.exp(-q / 2) + Math.exp(-q / 8); }

    private static final Pattern JUDGED = Pattern.compile("soft cells judged by the kernel score of the whole model's samples on (\\d+) rows.* (\\d+):(\\S+) (\\d+):(\\S+) -> (\\d+)");

    @Test
    void aSensorLogKeepsTheCountItsRowsHoldWhereTheReservoirsWasTooFew() {
        // 7 000 rows of the shipped sensor log (four motes' readings against time: thin curves). The
        // K search on a 4 096-row reservoir of such rows keeps 48 cells (fit's log); on the 7 000
        // the held-out likelihood climbs to 80, whose samples score lower by 8 % of the rows' own
        // ½E k (a tenth would refuse them; on another 7 000 rows 80 cells sampled at C2ST 0.689
        // against 48's 0.724, and on 9 457 rows 128 at 0.620 against 0.665).
        DMatrixRMaj rows = Fitter.reservoir(RealDatasets.load("sensor-log"), 7000, 3);
        FitOptions resolved = FitOptions.defaults().resolve(rows.numCols, rows.numRows);
        Columns columns = Columns.learn(rows, resolved.columns());
        StringBuilder log = new StringBuilder();
        int chosen = MoreRowsCount.choose(rows, RESERVOIR, columns, 48, false, resolved, resolved.unresolved().withAllCoordinates(), line -> log.append(line).append('\n'));
        assertTrue(log.toString().contains("48 cells from the reservoir's 4096 rows: the search again on 7000 rows, from 48 cells up"), log.toString());
        Matcher judged = JUDGED.matcher(log);
        assertTrue(judged.find(), log.toString());
        assertTrue(chosen > 48, "the count all rows hold: " + chosen + "\n" + log);
        assertEquals(chosen, Integer.parseInt(judged.group(6)));
    }

    @Test
    void aLargerCountWhoseGainIsATinyShareOfTheScoresScaleIsNotKept() {
        // Heavy tails (5-D Student t): on 16 384 rows the search climbs from the reservoir's 6 cells
        // and the kernel score prefers the larger count by four standard errors but by 0.5 % of its
        // scale; sampled, 16 cells were further from the law than 6 (C2ST 0.511 against 0.506).
        DMatrixRMaj rows = Datasets.generate("student", 16_384, 1).samples();
        FitOptions resolved = FitOptions.defaults().resolve(rows.numCols, rows.numRows);
        Columns columns = Columns.learn(rows, resolved.columns());
        StringBuilder log = new StringBuilder();
        int chosen = MoreRowsCount.choose(rows, RESERVOIR, columns, 6, false, resolved, resolved.unresolved().withAllCoordinates(), line -> log.append(line).append('\n'));
        assertEquals(6, chosen, log.toString());
        assertTrue(log.toString().contains("2 % of the held-out rows' own ½E k"), log.toString());
    }

    @Test
    void fitSearchesAFileOfMoreRowsThanItsReservoirAgain() {
        DMatrixRMaj rows = Datasets.generate("gmm", 6000, 1).samples();
        StringBuilder log = new StringBuilder();
        Fitter.fit(rows, FitOptions.defaults().withLevels(12), line -> log.append(line).append('\n'));
        // The judges' fits, on three quarters of these rows (more than the reservoir), do not: the
        // shape judge's full-rank candidate counts its cells as a kept full-rank plan does, on the reservoir.
        FitOptions resolved = FitOptions.defaults().withLevels(12).resolve(2, 6000);
        FitOptions judging = Fitter.judging(resolved, Fitter.plan(rows, resolved, null));
        assertTrue(judging.judgedFit());
        FitOptions fullRank = CellShapeJudge.shape(judging, 2, CellShapeJudge.Alternative.FULL_RANK).resolve(2, 4500);
        assertFalse(MoreRowsCount.applies(fullRank, 4500, RESERVOIR, 2, 8, false), "a judged full-rank fit of 4 500 rows");
        assertTrue(MoreRowsCount.applies(CellShapeJudge.shape(resolved.unresolved(), 2, CellShapeJudge.Alternative.FULL_RANK).resolve(2, 4500), 4500, RESERVOIR, 2, 8, false),
                "the same rows fitted with that shape given");
        Matcher again = Pattern.compile("(\\d+) cells from the reservoir's 4096 rows: the search again on 6000 rows, from (\\d+) cells up").matcher(log);
        assertTrue(again.find(), log.toString());
        Matcher planned = Pattern.compile("planned \\d+ levels on (\\d+) soft cells").matcher(log);
        assertTrue(planned.find(), log.toString());
        // Four well-separated components: more rows find no more, and the plan is the reservoir's.
        assertEquals(again.group(1), planned.group(1));
        assertFalse(planned.find(), "planned once: " + log);
    }
}
