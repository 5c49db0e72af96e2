package io.scorestream.columns;

import io.scorestream.model.ColumnsCodec;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class LinearRelationsTest {
    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Proportions written with six decimals, as a file holds them: they sum to one to within the rounding. */
    private static DMatrixRMaj proportions(int n, SplittableRandom rng) {
        DMatrixRMaj rows = new DMatrixRMaj(n, 4);
        for (int i = 0; i < n; i++) {
            double[] g = {-Math.log(1 - rng.nextDouble()), 2 * -Math.log(1 - rng.nextDouble()), 0.5 * -Math.log(1 - rng.nextDouble()), 0};
            g[3] = 0.3 * Math.exp(gaussian(rng));
            double sum = g[0] + g[1] + g[2] + g[3];
            for (int j = 0; j < 4; j++) rows.data[i * 4 + j] = Double.parseDouble(String.format(Locale.ROOT, "%.6f", g[j] / sum));
        }
        return rows;
    }

    @Test
    void proportionsThatSumToOneAreOneRelationAndGeneratedRowsAreMovedOntoIt() {
        SplittableRandom rng = new SplittableRandom(3);
        LinearRelations found = LinearRelations.find(proportions(2000, rng));
        assertEquals(1, found.count());
        assertEquals(List.of("a + b + c + d = 1"), found.describe(List.of("a", "b", "c", "d")));
        // A row off the relation, as the cells generate one, comes back onto it; one on it stays.
        double[] row = {0.30, 0.41, 0.12, 0.20}, work = new double[1];
        found.project(row, 0, work);
        assertEquals(1.0, row[0] + row[1] + row[2] + row[3], 1e-7, "to the precision of a relation read off six-decimal rows");
        double[] on = {0.25, 0.25, 0.25, 0.25};
        found.project(on, 0, work);
        assertArrayEquals(new double[]{0.25, 0.25, 0.25, 0.25}, on, 1e-6);
    }

    /**
     * Shares that sum to one are closed, scaled by one over their sum, before any projection: a small
     * share keeps its proportion and stays positive, where moving the row along the relation took
     * the excess from every share alike and clipped the small one at its bound (Dirichlet rows:
     * 7.3 % of the smallest share generated at its minimum exactly).
     */
    @Test
    void sharesThatSumToOneAreScaledOntoTheirTotalAndASmallShareStaysPositive() {
        LinearRelations found = LinearRelations.find(proportions(2000, new SplittableRandom(3)));
        double[] lower = {0, 0, 0, 0}, upper = {1, 1, 1, 1}, work = new double[1];
        double[] row = {0.50, 0.40, 0.19, 0.001};
        found.project(row, 0, lower, upper, work);
        assertEquals(1.0, row[0] + row[1] + row[2] + row[3], 1e-7);
        assertEquals(0.001 / 1.091, row[3], 1e-6, "the small share in proportion, not clipped at 0");
        assertEquals(0.50 / 0.40, row[0] / row[1], 1e-6);
        // Parts that may be negative (a column whose range reaches below 0) are moved along the relation as before.
        double[] signed = {0.50, 0.40, 0.19, 0.001};
        found.project(signed, 0, new double[]{-1, 0, 0, 0}, upper, work);
        assertEquals(1.0, signed[0] + signed[1] + signed[2] + signed[3], 1e-7);
        assertNotEquals(0.50 / 0.40, signed[0] / signed[1], 1e-3);
    }

    /**
     * A column outside every relation stays as generated: the eigenvector's noise on it (10⁻¹⁷, as
     * an eigen-decomposition leaves on columns a relation does not hold) moved a point mass at 0
     * to 10⁻¹⁸ in data.table's issue_2157 file (X4 − X5 = 0 beside X8, 37.7 % zeros), 681 of 2 000
     * generated X8 values written as 1.0885297332261483E-18 where the file has 0.
     */
    @Test
    void aColumnOutsideTheRelationsIsNotMovedByTheBasisNoise() {
        double s = Math.sqrt(0.5);
        LinearRelations found = new LinearRelations(new double[]{2, 2, 300}, new double[]{1, 1, 700}, new double[]{s, -s, 3e-17}, 1);
        assertFalse(found.involves(2));
        double[] row = {1.5, 2.5, 0.0}, work = new double[1];
        found.project(row, 0, new double[]{0, 0, 0}, new double[]{5, 5, 2690}, work);
        assertEquals(row[0], row[1], 1e-12);
        assertEquals(0.0, row[2], 0.0, "a zero outside the relation stays exactly zero");
        double[] other = {1.0, 3.0, 12.25};
        found.project(other, 0, work);
        assertEquals(12.25, other[2], 0.0);
    }

    @Test
    void aTotalAndARepeatedColumnAreTwoRelationsAndIndependentColumnsNone() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 3000;
        DMatrixRMaj rows = new DMatrixRMaj(n, 5), free = new DMatrixRMaj(n, 5);
        for (int i = 0; i < n; i++) {
            double repair = Math.rint(100 * Math.exp(2 + gaussian(rng))) / 100, other = Math.rint(100 * 50 * gaussian(rng)) / 100, speed = 120 + 20 * gaussian(rng);
            double[] r = {repair, other, repair + other, speed, speed};
            System.arraycopy(r, 0, rows.data, i * 5, 5);
            for (int j = 0; j < 5; j++) free.data[i * 5 + j] = gaussian(rng) + (j == 1 ? 0.99 * free.data[i * 5] : 0);
        }
        LinearRelations found = LinearRelations.find(rows);
        assertEquals(2, found.count());
        assertEquals(List.of("repair + other − total = 0", "speed − gps = 0"), found.describe(List.of("repair", "other", "total", "speed", "gps")));
        double[] row = {10, 20, 35, 100, 104}, work = new double[2];
        found.project(row, 0, work);
        assertEquals(row[0] + row[1], row[2], 1e-9);
        assertEquals(row[3], row[4], 1e-9);
        assertTrue(LinearRelations.find(free).isEmpty(), "columns correlated at 0.99 are no relation");
        // Too few rows to tell a relation from chance: none.
        DMatrixRMaj few = new DMatrixRMaj(8, 5);
        System.arraycopy(rows.data, 0, few.data, 0, 40);
        assertTrue(LinearRelations.find(few).isEmpty());
    }

    /**
     * Real sets: birdstrikes' total is the sum of two costs, segment derives four of its colour
     * means from others; macrodata's columns, a time series of 14 in 203 quarters, are tied by no
     * formula, and no random half of it shows a relation (in-sample, its halves' smallest
     * eigenvalue comes near the bound; held out it does not).
     */
    @Test
    void realSetsShowTheirFormulasAndNoOthers() {
        assertEquals(1, LinearRelations.find(io.scorestream.data.RealDatasets.load("birdstrikes")).count());
        assertEquals(4, LinearRelations.find(io.scorestream.data.RealDatasets.load("segment")).count());
        DMatrixRMaj macro = io.scorestream.data.RealDatasets.load("macrodata");
        SplittableRandom rng = new SplittableRandom(1);
        for (int split = 0; split < 24; split++) {
            int n = macro.numRows / 2, d = macro.numCols;
            int[] order = java.util.stream.IntStream.range(0, macro.numRows).toArray();
            for (int i = order.length - 1; i > 0; i--) { int k = rng.nextInt(i + 1), t = order[i]; order[i] = order[k]; order[k] = t; }
            DMatrixRMaj half = new DMatrixRMaj(n, d);
            for (int i = 0; i < n; i++) System.arraycopy(macro.data, order[i] * d, half.data, i * d, d);
            assertTrue(LinearRelations.find(half).isEmpty(), "split " + split + ": " + LinearRelations.find(half).describe(List.of()));
        }
    }

    /** Six columns of rank two: four relations, and moving a row onto them twice moves it once. */
    @Test
    void manyRelationsAreOneProjection() {
        SplittableRandom rng = new SplittableRandom(8);
        int n = 1000;
        DMatrixRMaj rows = new DMatrixRMaj(n, 6);
        double[][] mix = {{1, 0}, {0, 1}, {1, 1}, {2, -1}, {0.5, 3}, {-1, 4}};
        for (int i = 0; i < n; i++) {
            double u = gaussian(rng), v = gaussian(rng);
            for (int j = 0; j < 6; j++) rows.data[i * 6 + j] = mix[j][0] * u + mix[j][1] * v;
        }
        LinearRelations found = LinearRelations.find(rows);
        assertEquals(4, found.count());
        double[] row = new double[6], work = new double[4];
        for (int j = 0; j < 6; j++) row[j] = gaussian(rng);
        found.project(row, 0, work);
        double[] again = row.clone();
        found.project(again, 0, work);
        assertArrayEquals(row, again, 1e-12);
        // On the span of the two factors: u and v read off the first two columns give the others.
        for (int j = 2; j < 6; j++) assertEquals(mix[j][0] * row[0] + mix[j][1] * row[1], row[j], 1e-9, "column " + (j + 1));
    }

    @Test
    void theColumnsSectionCarriesTheRelationsAndToDataKeepsThem() throws IOException {
        DMatrixRMaj data = proportions(2000, new SplittableRandom(7));
        Columns columns = Columns.learn(data, ColumnOptions.DEFAULTS).withRelations(LinearRelations.find(data));
        byte[] bytes = ColumnsCodec.toBytes(columns);
        Columns read = ColumnsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 4);
        assertArrayEquals(bytes, ColumnsCodec.toBytes(read));
        assertEquals(1, read.relations().count());
        // Latent rows of the data's own kind, generated as a model would: moved onto the relation, then onto the six decimals.
        DMatrixRMaj latent = new DMatrixRMaj(500, 4);
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < latent.data.length; i++) latent.data[i] = gaussian(rng);
        read.toData(latent);
        for (int i = 0; i < 500; i++) {
            double sum = 0;
            for (int j = 0; j < 4; j++) sum += latent.data[i * 4 + j];
            assertEquals(1.0, sum, 4 * 0.5e-6 + 1e-12, "row " + i);
        }
    }
}
