package io.scorestream.partition;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The M-step's weighted scatter, four rows a pass over the moment, is the row-at-a-time sum bit
 * for bit: every mixture, and so every model, is the same as before it was blocked.
 */
class ScatterTest {
    /** The reference: each row's terms added into the upper triangle, one row at a time. */
    private static double rowAtATime(DMatrixRMaj points, int[] rows, double[] weights, double[] m, int from, DMatrixRMaj moment) {
        int d = points.numCols;
        double[] diff = new double[d];
        double trace = 0;
        for (int t = 0; t < rows.length; t++) {
            for (int j = 0; j < d; j++) diff[j] = points.data[rows[t] * d + j] - m[from + j];
            for (int a = 0; a < d; a++) {
                double va = weights[t] * diff[a];
                trace += va * diff[a];
                for (int b = a; b < d; b++) moment.data[a * d + b] += va * diff[b];
            }
        }
        return trace;
    }

    @Test
    void fourRowsAPassGiveTheRowAtATimeSumsBitForBit() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int d : new int[]{1, 2, 3, 5, 8, 30, 41}) {
            for (int members : new int[]{0, 1, 3, 4, 7, 257}) {
                int n = 300;
                DMatrixRMaj points = new DMatrixRMaj(n, d);
                for (int i = 0; i < points.data.length; i++) points.data[i] = 3 * rng.nextGaussian() + 1e4 * (i % 7 == 0 ? 1 : 0);
                int[] rows = new int[members];
                double[] weights = new double[members];
                for (int t = 0; t < members; t++) { rows[t] = rng.nextInt(n); weights[t] = rng.nextDouble(); }
                double[] means = new double[2 * d];
                for (int j = 0; j < means.length; j++) means[j] = rng.nextGaussian();
                // A moment that already holds sums (the tied covariance adds every component's into one).
                DMatrixRMaj expected = new DMatrixRMaj(d, d), blocked = new DMatrixRMaj(d, d);
                for (int i = 0; i < expected.data.length; i++) expected.data[i] = blocked.data[i] = rng.nextGaussian();
                double expectedTrace = rowAtATime(points, rows, weights, means, d, expected);
                double trace = GaussianCells.addScatter(points, rows, weights, means, d, blocked, new double[GaussianCells.SCATTER_ROWS][d]);
                assertEquals(expectedTrace, trace, 0, "d " + d + ", " + members + " rows");
                assertArrayEquals(expected.data, blocked.data, 0, "d " + d + ", " + members + " rows");
            }
        }
    }
}
