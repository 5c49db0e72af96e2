package io.scorestream.learn;

import io.scorestream.data.Datasets;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowLimitedSearchTest {
    private static final Pattern AGAIN = Pattern.compile("(\\d+) cells leave (\\d+) of the reservoir's rows a component: the search again on (\\d+) rows");
    private static final Pattern PLANNED = Pattern.compile("planned \\d+ levels on (\\d+) soft cells");

    @Test
    void aSearchThatLeavesFewReservoirRowsAComponentSearchesTheFilesOtherRowsToo() {
        // 200 components in 2-D: on the reservoir's 4 096 rows the search stops at about 160 cells,
        // some 26 rows a component; on all 12 000 rows the held-out likelihood still rises past it.
        DMatrixRMaj rows = Datasets.generate("many200", 12_000, 1).samples();
        StringBuilder log = new StringBuilder();
        ScoreModel model = Fitter.fit(rows, FitOptions.defaults(), line -> log.append(line).append('\n'));
        Matcher again = AGAIN.matcher(log);
        assertTrue(again.find(), log.toString());
        int first = Integer.parseInt(again.group(1));
        assertTrue(first * StructurePlanner.ROWS_PER_SEARCHED_COMPONENT > FitOptions.defaults().reservoir(), again.group());
        assertEquals(12_000, Integer.parseInt(again.group(3)), "every row the file has, up to 16 384");
        Matcher planned = PLANNED.matcher(log);
        assertTrue(planned.find(), log.toString());
        int cells = Integer.parseInt(planned.group(1));
        assertTrue(cells > first, "the search on more rows keeps more cells: " + cells + " against " + first);
        SamplingPlan plan = SamplingPlan.defaults();
        DMatrixRMaj generated = plan.generate(model, plan.grid(model, model.schedule()), 5000, 3);
        DMatrixRMaj reference = Datasets.generate("many200", 5000, 2).samples();
        double accuracy = TwoSampleMetrics.compare(generated, reference, 3).classifierAccuracy();
        double floor = TwoSampleMetrics.compare(Datasets.generate("many200", 5000, 4).samples(), reference, 3).classifierAccuracy();
        // Measured: 160 cells, then 192 on all rows, sampling at 0.508 against a floor of 0.506 (the
        // reservoir's search alone on 20 000 rows of this law: 160 cells, 0.518; QUALITY.md).
        assertTrue(accuracy - floor < 0.02, String.format("C2ST %.4f against the floor's %.4f", accuracy, floor));
    }

    @Test
    void aFileNoLargerThanTheReservoirIsSearchedOnce() {
        DMatrixRMaj rows = Datasets.generate("many200", 4000, 1).samples();
        StringBuilder log = new StringBuilder();
        Fitter.fit(rows, FitOptions.defaults().withLevels(12), line -> log.append(line).append('\n'));
        assertFalse(AGAIN.matcher(log).find(), log.toString());
    }

    private static final Pattern FULL_RANK_AGAIN = Pattern.compile("(\\d+) full-rank cells leave (\\d+) of the reservoir's rows a component, (\\d+) needed: the search again on (\\d+) rows, from \\d+ cells up");

    @Test
    void fullCovariancesNeedARowAParameter() {
        assertEquals(32, StructurePlanner.rowsPerSearchedComponent(6, 6), "6·9/2 = 27 parameters: the 32 rows of any component");
        assertEquals(35, StructurePlanner.rowsPerSearchedComponent(7, 7));
        assertEquals(135, StructurePlanner.rowsPerSearchedComponent(15, 15));
        assertEquals(32, StructurePlanner.rowsPerSearchedComponent(15, 4), "rank 4 and one variance: the default's cells");
        assertTrue(StructurePlanner.rowLimited(40, 4096, 15, 15, false), "40 components of 135 parameters on 4 096 rows");
        assertFalse(StructurePlanner.rowLimited(40, 4096, 15, 4, false));
        assertFalse(StructurePlanner.rowLimited(30, 4096, 15, 15, false));
    }

    /**
     * Thirty components in 12 columns, cells of full covariance (90 parameters each): on a
     * reservoir of 1 700 of 6 000 rows the search stops where its components have fewer rows than parameters, and climbs on
     * the file's other rows from there; cells of the default shape on the same reservoir are
     * not searched again.
     */
    @Test
    void fullRankCellsOfMoreParametersThanTheReservoirsRowsAreSearchedOnMoreRows() {
        DMatrixRMaj rows = Datasets.generate("many12", 6000, 1).samples();
        StringBuilder log = new StringBuilder();
        Fitter.fit(rows, FitOptions.defaults().withLevels(12).withReservoir(1700).withRank(12).withDegree(1), line -> log.append(line).append('\n'));
        Matcher again = FULL_RANK_AGAIN.matcher(log);
        assertTrue(again.find(), log.toString());
        int first = Integer.parseInt(again.group(1));
        assertEquals(90, Integer.parseInt(again.group(3)));
        assertTrue(first * 90 > 1700 && first * StructurePlanner.ROWS_PER_SEARCHED_COMPONENT <= 1700, again.group());
        assertEquals(6000, Integer.parseInt(again.group(4)));
        Matcher planned = PLANNED.matcher(log);
        assertTrue(planned.find(), log.toString());
        assertTrue(Integer.parseInt(planned.group(1)) > first, "more rows hold more full-rank cells: " + log);

        StringBuilder byDefault = new StringBuilder();
        Fitter.fit(rows, FitOptions.defaults().withLevels(12).withReservoir(1700).withRank(4).withDegree(2), line -> byDefault.append(line).append('\n'));
        assertFalse(FULL_RANK_AGAIN.matcher(byDefault).find(), byDefault.toString());
    }
}
