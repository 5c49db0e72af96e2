package io.scorestream.columns;

import io.scorestream.model.ColumnsCodec;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Laws from counts for columns of more than 64 labels ({@link LabelCounts}, {@link
 * LabelCountChoice}) against exact answers: the smoothed shares of a small table by hand, and a
 * second label fixed by the first among 100 labels (a flight's destination given its origin), which
 * the diffusion's axis cannot hold and the counts must.
 */
class LabelCountsTest {
    private static final int L = 100;

    /** Rows (x, origin, destination): origin uniform over L labels, destination (origin + 1) mod L, x a number that says nothing of them. */
    private static DMatrixRMaj successorRows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 3);
        for (int i = 0; i < n; i++) {
            int origin = rng.nextInt(L);
            x.set(i, 0, rng.nextDouble());
            x.set(i, 1, origin);
            x.set(i, 2, (origin + 1) % L);
        }
        return x;
    }

    @Test
    void aSmallTableGivesItsSmoothedSharesExactly() {
        // Labels 0, 0, 1 of 3 beside earlier labels 0, 0, 1 of 2, one level at α = 1.
        double[] packed = LabelCounts.pack(new int[]{0, 0, 1}, 3, new int[][]{{0, 0, 1}}, new int[]{2}, new int[]{0}, new double[]{1});
        LabelCounts law = new LabelCounts(packed, 3, new int[]{2}, 0);
        double[] p = new double[3];
        // Shares (n_c + ½)/(3 + 3/2) = 5/9, 3/9, 1/9; given earlier label 0 (2 rows, both label 0): (2 + 5/9)/3, (3/9)/3, (1/9)/3.
        law.probabilities(new int[]{0}, new double[0], p, new double[0]);
        assertArrayEquals(new double[]{23.0 / 27, 3.0 / 27, 1.0 / 27}, p, 1e-15);
        // Given earlier label 1 (1 row, label 1): (5/9)/2, (1 + 3/9)/2, (1/9)/2.
        law.probabilities(new int[]{1}, new double[0], p, new double[0]);
        assertArrayEquals(new double[]{5.0 / 18, 12.0 / 18, 1.0 / 18}, p, 1e-15);
        // Packed: 1 level, 3 shares, then earlier column 0, α 1, 2 pairs: (0, 0) twice, (1, 1) once; no same-label column, no Gaussians.
        assertArrayEquals(new double[]{1, 5.0 / 9, 3.0 / 9, 1.0 / 9, 0, 1, 2, 0, 0, 2, 1, 1, 1, -1, 0}, packed, 1e-15);
    }

    @Test
    void aDestinationFixedByItsOriginIsDrawnFromItsCounts() {
        List<String> lines = new ArrayList<>();
        LabelConditionals laws = LabelConditionals.fit(successorRows(4000, 1), successorRows(4000, 1), new int[]{0, L, L}, 7, lines::add);
        assertEquals(2, laws.count());
        assertEquals(LabelConditionals.COUNTS, laws.degree(0));
        assertEquals(LabelConditionals.COUNTS, laws.degree(1));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("labels of column 3, 100 labels, by their counts: held-out log-loss per row over 5 folds of 4000 rows shares:4.6")
                && l.endsWith("-> the shares given column 2 (α 0.01), backing off to the shares")), lines.toString());
        DMatrixRMaj test = successorRows(20_000, 2);
        int[] labels = new int[2], originCount = new int[L];
        double[] work = new double[laws.maxFeatures()], p = new double[laws.maxClasses()], scores = new double[1];
        int successors = 0;
        for (int i = 0; i < test.numRows; i++) {
            laws.draw(test.data, i * 3, test.data, i * 3, labels, work, p, scores);
            originCount[labels[0]]++;
            if (labels[1] == (labels[0] + 1) % L) successors++;
        }
        // About 40 rows per origin at α = 0.01: the successor's probability is at least 40/40.01 (a few origins have 25 rows: 0.9996).
        assertTrue(successors > 0.995 * test.numRows, successors + " of " + test.numRows + " destinations follow their origin");
        // Origins at their shares among the 4 000 rows, (n_c + ½)/(4 000 + 50): about 200 draws each, sd 14.
        int[] seen = new int[L];
        DMatrixRMaj fitted = successorRows(4000, 1);
        for (int i = 0; i < fitted.numRows; i++) seen[(int) fitted.get(i, 1)]++;
        for (int c = 0; c < L; c++) assertEquals(test.numRows * (seen[c] + 0.5) / 4050, originCount[c], 60, "origin " + c);
    }

    /** Rows (x, home, away): two different teams of L, uniform, both columns with the same names. */
    private static DMatrixRMaj matchRows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 3);
        for (int i = 0; i < n; i++) {
            int home = rng.nextInt(L), away = rng.nextInt(L - 1);
            x.set(i, 0, rng.nextDouble());
            x.set(i, 1, home);
            x.set(i, 2, away < home ? away : away + 1);
        }
        return x;
    }

    private static int selfPairs(LabelConditionals laws, DMatrixRMaj test) {
        int same = 0;
        for (int[] labels : draws(laws, test)) if (labels[0] == labels[1]) same++;
        return same;
    }

    /** Every test row's labels as the laws draw them from its values. */
    private static int[][] draws(LabelConditionals laws, DMatrixRMaj test) {
        int d = test.numCols;
        int[][] out = new int[test.numRows][laws.count()];
        double[] work = new double[laws.maxFeatures()], p = new double[laws.maxClasses()], scores = new double[d];
        for (int i = 0; i < test.numRows; i++) laws.draw(test.data, i * d, test.data, i * d, out[i], work, p, scores);
        return out;
    }

    @Test
    void aTeamThatNeverPlaysItselfIsNotDrawnAgainstItselfWhenTheNamesAreKnown() {
        List<String> teams = new ArrayList<>();
        for (int c = 0; c < L; c++) teams.add(String.format("team %02d", c));
        DMatrixRMaj raw = matchRows(4000, 5), test = matchRows(20_000, 6);
        List<String> lines = new ArrayList<>();
        LabelConditionals named = LabelConditionals.fit(raw, raw, new int[]{0, L, L}, List.of(List.of(), teams, teams), 7, lines::add);
        // No row of 4 000 has the same team twice: a share of ½/4 001 = 0.00012 kept for it.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("labels of column 3, 100 labels, by their counts:") && l.contains("| same label as column 2 in 0 of 4000 rows:")
                && l.endsWith("-> the shares alone; column 2's label at share 0.00012")), lines.toString());
        assertEquals(0.5 / 4001, new LabelCounts(named.weights(1), L, new int[]{L}, 1).sameShare(), 1e-15);
        // 20 000 draws at 0.00012: 2.5 expected; without the names, a team meets itself at its share, 1 in 100: about 200.
        int withNames = selfPairs(named, test), without = selfPairs(LabelConditionals.fit(raw, raw, new int[]{0, L, L}, 7, null), test);
        assertTrue(withNames <= 12, withNames + " teams drawn against themselves");
        assertTrue(without >= 120, without + " teams drawn against themselves without the names");
    }

    @Test
    void aFewLabelsAfterAColumnOfManyAreDrawnFromTheirCountsGivenIt() {
        // Rows (x, team, division): the division, one of 5, fixed by the team, one of 100, drawn before it.
        DMatrixRMaj raw = successorRows(4000, 7), test = successorRows(5000, 8);
        for (DMatrixRMaj rows : new DMatrixRMaj[]{raw, test})
            for (int i = 0; i < rows.numRows; i++) rows.set(i, 2, (int) rows.get(i, 1) % 5);
        List<String> lines = new ArrayList<>();
        LabelConditionals laws = LabelConditionals.fit(raw, raw, new int[]{0, L, 5}, 7, lines::add);
        // 100 labels are too many to be among the division's features: only its counts given the team tell it.
        assertEquals(LabelConditionals.COUNTS, laws.degree(1), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("labels of column 3, given the other columns' ") && l.contains(" counts:0.0")
                && l.endsWith("-> its counts: the shares given column 2 (α 0.01), backing off to the shares")), lines.toString());
        int own = 0;
        for (int[] labels : draws(laws, test)) if (labels[1] == labels[0] % 5) own++;
        // About 40 rows per team at α = 0.01: another division has probability 0.0003 a row (its shares alone: 0.8).
        assertTrue(own > 0.99 * test.numRows, own + " of " + test.numRows + " divisions are their team's");
    }

    @Test
    void manyLabelsEachWithItsOwnNumbersAreDrawnFromTheirNumbers() {
        // Rows (x₁, x₂, label): label c of 100 sits at (c mod 10, c div 10) with a spread of 0.1, ten spreads from the next.
        SplittableRandom rng = new SplittableRandom(11);
        DMatrixRMaj raw = new DMatrixRMaj(4000, 3), test = new DMatrixRMaj(4000, 3);
        for (DMatrixRMaj rows : new DMatrixRMaj[]{raw, test})
            for (int i = 0; i < rows.numRows; i++) {
                int c = rng.nextInt(L);
                rows.set(i, 0, c % 10 + 0.1 * gaussian(rng));
                rows.set(i, 1, c / 10 + 0.1 * gaussian(rng));
                rows.set(i, 2, c);
            }
        List<String> lines = new ArrayList<>();
        LabelConditionals laws = LabelConditionals.fit(raw, raw, new int[]{0, 0, L}, 7, lines::add);
        assertEquals(LabelConditionals.COUNTS, laws.degree(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("labels of column 3, 100 labels, by their counts: held-out log-loss per row over 5 folds of 4000 rows shares:4.6")
                && l.contains("-> the shares alone; times a Gaussian per label over the numbers, shrunk by ")), lines.toString());
        int[][] drawn = draws(laws, test);
        int own = 0;
        for (int i = 0; i < test.numRows; i++) if (drawn[i][0] == (int) test.get(i, 2)) own++;
        // Five spreads to the boundary between neighbours: a row is nearer another label's centre once in 10⁶.
        assertTrue(own > 0.99 * test.numRows, own + " of " + test.numRows + " labels drawn are the row's own");
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void theCountsSurviveTheModelFilesColumnsSection() throws IOException {
        DMatrixRMaj raw = successorRows(2000, 3);
        Columns columns = Columns.learn(raw, ColumnOptions.DEFAULTS);
        Columns withLaws = columns.withLabels(LabelConditionals.fit(raw, raw, new int[]{0, L, L}, 7, null));
        byte[] bytes = ColumnsCodec.toBytes(withLaws);
        Columns read = ColumnsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 3);
        assertArrayEquals(bytes, ColumnsCodec.toBytes(read));
        assertEquals(LabelConditionals.COUNTS, read.labels().degree(1));
        assertArrayEquals(withLaws.labels().weights(1), read.labels().weights(1));
        // The law read draws what the law written draws.
        int[] a = new int[2], b = new int[2];
        double[] work = new double[2], p = new double[L], scores = new double[1];
        for (int i = 0; i < 500; i++) {
            double[] row = {i * 0.001, 0, 0};
            withLaws.labels().draw(row, 0, row, 0, a, work, p, scores);
            read.labels().draw(row, 0, row, 0, b, work, p, scores);
            assertArrayEquals(a, b);
            assertEquals((a[0] + 1) % L, a[1]);
        }
    }

    @Test
    void countsThatDoNotHoldTogetherAreRefused() {
        double[] good = LabelCounts.pack(new int[]{0, 0, 1}, 3, new int[][]{{0, 0, 1}}, new int[]{2}, new int[]{0}, new double[]{1});
        // A level given a column not drawn before this one.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LabelCounts(good, 3, new int[0], 0));
        assertEquals("1 levels of counts over 0 earlier label columns", e.getMessage());
        double[] badLabel = good.clone();
        badLabel[8] = 3;   // the first pair's label, past the 3 labels
        e = assertThrows(IllegalArgumentException.class, () -> new LabelCounts(badLabel, 3, new int[]{2}, 0));
        assertEquals("level 0: label 3 outside 0..2", e.getMessage());
        double[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        e = assertThrows(IllegalArgumentException.class, () -> new LabelCounts(longer, 3, new int[]{2}, 0));
        assertEquals("1 values past the counts", e.getMessage());
    }
}
