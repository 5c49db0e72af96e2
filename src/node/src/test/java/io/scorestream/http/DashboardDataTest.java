package io.scorestream.http;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's picture is of the incoming samples' standardised columns, as the metrics
 * measure: a time stamp in seconds beside a column of two modes held all the raw variance, and the
 * picture was that one column, its modes invisible.
 */
class DashboardDataTest {
    @Test
    void samplesAreProjectedOnTheStandardisedColumnsPrincipalDirections() {
        SplittableRandom rng = new SplittableRandom(5);
        DMatrixRMaj incoming = new DMatrixRMaj(2000, 2);
        for (int i = 0; i < incoming.numRows; i++) {
            incoming.set(i, 0, 1.26e9 + 1e7 * rng.nextGaussian());
            incoming.set(i, 1, (rng.nextBoolean() ? 3 : -3) + rng.nextGaussian());
        }
        double[] share = DashboardData.varianceShare(incoming);
        assertEquals(2, share.length);
        // Two uncorrelated columns of unit variance once standardised: about half each (raw: 1 and 0).
        assertTrue(share[0] <= 0.55 && share[1] >= 0.45, share[0] + ", " + share[1]);
        double[][][] xy = DashboardData.project(incoming, incoming);
        double largest = 0;
        for (double[] p : xy[0]) largest = Math.max(largest, Math.max(Math.abs(p[0]), Math.abs(p[1])));
        assertTrue(largest < 10, "coordinates in standard deviations, not seconds: " + largest);
        // The modes at ±3 (±0.95 standard deviations) show along one of the two directions.
        int near = 0;
        for (double[] p : xy[0]) if (Math.abs(Math.abs(p[0]) - 0.95) < 0.3 || Math.abs(Math.abs(p[1]) - 0.95) < 0.3) near++;
        assertTrue(near > 600, near + " of 2000 points near a mode's place");
    }
}
