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
}
