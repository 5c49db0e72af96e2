package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Repeated row values: found exactly, left out of what a learner absorbs, and generated at their share. */
class RepeatedRowsTest {
    /** Value A three times, B twice (once as −0.0), three values once: 5 of 8 rows repeat. */
    static DMatrixRMaj rows() {
        return new DMatrixRMaj(new double[][]{
                {1, 2}, {0.5, 7}, {1, 2}, {3, 0.0}, {9, 9}, {1, 2}, {3, -0.0}, {1, 2.000000001}});
    }

    @Test
    void findsEachValueHeldMoreThanOnceWithItsCountAndShare() {
        RepeatedRows r = RepeatedRows.find(rows());
        assertEquals(2, r.size());
        assertArrayEquals(new double[]{1, 2, 3, 0}, r.values(), 0.0, "most frequent first; −0.0 is 0.0");
        assertArrayEquals(new long[]{3, 2}, r.counts());
        assertEquals(5.0 / 8, r.share(), 1e-15);
        assertTrue(r.contains(new double[]{7, 3, -0.0}, 1));
        assertFalse(r.contains(new double[]{1, 2.000000001}, 0), "equality is exact");
        assertTrue(RepeatedRows.find(new DMatrixRMaj(new double[][]{{1, 2}, {2, 1}, {3, 3}})).isEmpty());
    }

    @Test
    void aLearnerSeesTheRowsOffTheValuesAtTheirOwnPositions() {
        RepeatedRows r = RepeatedRows.find(rows());
        RepeatedRows.Rows kept = r.outside(rows(), null, 100);
        assertArrayEquals(new long[]{101, 104, 107}, kept.positions());
        assertArrayEquals(new double[]{0.5, 7, 9, 9, 1, 2.000000001}, kept.rows().data, 0.0);
        long[] positions = {5, 8, 13, 21, 34, 55, 89, 144};
        assertArrayEquals(new long[]{8, 34, 144}, r.outside(rows(), positions, 0).positions());
        RepeatedRows.Rows all = RepeatedRows.none(2).outside(rows(), positions, 0);
        assertSame(positions, all.positions());
    }

    /** Over many random latent rows the copies come at the share, each value at its count's part of it. */
    @Test
    void generatedRowsAreCopiesAtTheShareEachValueByItsCount() {
        RepeatedRows r = RepeatedRows.find(rows());
        int n = 200_000, d = 2;
        SplittableRandom rng = new SplittableRandom(3);
        double[] latent = new double[d];
        int[] copies = new int[r.size()];
        for (int i = 0; i < n; i++) {
            latent[0] = rng.nextGaussian();
            latent[1] = rng.nextGaussian();
            int k = r.copyFor(latent, 0);
            if (k >= 0) copies[k]++;
        }
        // Binomial standard deviations: 4 of them bound each share (a failure by chance is below 1e-4).
        double[] want = {5.0 / 8 * 3 / 5, 5.0 / 8 * 2 / 5};
        for (int k = 0; k < want.length; k++)
            assertEquals(want[k], copies[k] / (double) n, 4 * Math.sqrt(want[k] * (1 - want[k]) / n), "value " + k);
        double[] row = {0, 0};
        r.copy(1, row, 0);
        assertArrayEquals(new double[]{3, 0}, row, 0.0);
    }

    @Test
    void refusesInconsistentParts() {
        assertThrows(IllegalArgumentException.class, () -> new RepeatedRows(2, new double[]{1, 2}, new long[]{1}, 0.1), "a count of one");
        assertThrows(IllegalArgumentException.class, () -> new RepeatedRows(2, new double[]{1, 2, 3}, new long[]{2}, 0.1), "three values for one row of two");
        assertThrows(IllegalArgumentException.class, () -> new RepeatedRows(2, new double[]{1, 2}, new long[]{2}, 0), "values with no share");
        assertThrows(IllegalArgumentException.class, () -> new RepeatedRows(2, new double[]{1, Double.NaN}, new long[]{2}, 0.5), "NaN");
    }
}
