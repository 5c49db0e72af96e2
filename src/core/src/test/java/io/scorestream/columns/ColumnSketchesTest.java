package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The sketches are updated column by column in blocks of rows: the result must be row order's. */
class ColumnSketchesTest {

    @Test
    void blockedUpdatesGiveRowOrdersMomentsAndExactSketches() {
        int n = 1000, d = 5;   // several blocks of rows, and fewer rows than k: the sketches are exact
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj rows = new DMatrixRMaj(n, d);
        for (int i = 0; i < rows.data.length; i++) rows.data[i] = rng.nextGaussian() * (1 + i % d) + i % 7;
        ColumnSketches s = new ColumnSketches(d);
        DMatrixRMaj first = new DMatrixRMaj(300, d), rest = new DMatrixRMaj(n - 300, d);
        System.arraycopy(rows.data, 0, first.data, 0, first.data.length);
        System.arraycopy(rows.data, first.data.length, rest.data, 0, rest.data.length);
        s.update(first);
        s.update(rest);
        assertEquals(n, s.count());
        for (int j = 0; j < d; j++) {
            // Welford's update in row order, as the sketches did it row by row.
            double mean = 0, squares = 0;
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                double x = rows.data[i * d + j];
                column[i] = x;
                double delta = x - mean;
                mean += delta / (i + 1);
                squares += delta * (x - mean);
            }
            assertEquals(mean, s.mean(j), 0.0, "column " + j);
            assertEquals(Math.sqrt(squares / (n - 1)), s.standardDeviation(j), 0.0, "column " + j);
            Arrays.sort(column);
            assertEquals(column[0], s.sketch(j).getMinItem(), 0.0);
            assertEquals(column[n - 1], s.sketch(j).getMaxItem(), 0.0);
            assertEquals(column[499], s.sketch(j).getQuantile(0.5), 0.0, "an exact sketch's median is a value of the column");
        }
    }

    /**
     * Beyond 65 535 rows KLL compacts, flipping coins: a file's sketches are still the same on every
     * run (they were not: 100 000 rows gave 510 or 512 knots from one fit to the next), and still
     * a sketch's accuracy (each decile within 0.3 % of its rank).
     */
    @Test
    void aFilesSketchesBeyondExactAreTheSameOnEveryRun() {
        int n = 100_000;
        SplittableRandom rng = new SplittableRandom(5);
        DMatrixRMaj rows = new DMatrixRMaj(n, 2);
        for (int i = 0; i < rows.data.length; i++) rows.data[i] = Math.exp(rng.nextGaussian());
        ColumnSketches first = ColumnSketches.of(rows);
        assertTrue(first.sketch(0).isEstimationMode(), "compacted: coins were flipped");
        for (int run = 0; run < 3; run++) {
            // Another sketch's updates in between draw from the library's coins too.
            new ColumnSketches(2, 8).update(rows);
            ColumnSketches again = ColumnSketches.of(rows);
            for (int j = 0; j < 2; j++) assertArrayEquals(first.sketch(j).toByteArray(), again.sketch(j).toByteArray(), "column " + j);
        }
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) sorted[i] = rows.get(i, 0);
        Arrays.sort(sorted);
        for (int q = 1; q < 10; q++) {
            double rank = first.sketch(0).getRank(sorted[q * n / 10]);
            assertEquals(q / 10.0, rank, 0.003, "decile " + q);
        }
    }
}
