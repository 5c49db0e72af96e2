package io.scorestream.learn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurtailmentTest {
    @Test
    void aCandidateGoesOnWhileItsGainHalfWayCanStillReachItsBar() {
        // The bar half way is s · (margin/√2 − z/2), z = 1.2816.
        assertTrue(Curtailment.canStillPass(-0.64 * 0.01, 0.01, 0), "the cubic, a little behind");
        assertFalse(Curtailment.canStillPass(-0.65 * 0.01, 0.01, 0));
        assertTrue(Curtailment.canStillPass(0.27 * 0.01, 0.01, 1.28), "full rank must already be ahead");
        assertFalse(Curtailment.canStillPass(0.26 * 0.01, 0.01, 1.28));
        assertFalse(Curtailment.canStillPass(-0.0086, 0.0122, 1.28), "hourly-delay's full rank after two quarters, 0.0086 behind");
        assertTrue(Curtailment.canStillPass(0.53 * 0.01, 0.01, 1.645));
        assertFalse(Curtailment.canStillPass(0.51 * 0.01, 0.01, 1.645));
        assertFalse(Curtailment.canStillPass(Double.NaN, 0.01, 0), "a candidate that could not be fitted");
        assertTrue(Curtailment.canStillPass(Double.POSITIVE_INFINITY, 0, 1.645));
        assertFalse(Curtailment.canStillPass(Double.NEGATIVE_INFINITY, 0, 0));
    }

    /**
     * The rule's claim, simulated: a candidate that stands exactly at the bar half way, its second
     * half's rows drawn with that half's mean gain and spread, ends above margin standard errors of
     * all rows one time in ten; a candidate a little ahead of it, more often.
     */
    @Test
    void atTheBarHalfWayTheChanceOfEndingAboveTheMarginIsTenPerCent() {
        int half = 2000, runs = 4000;
        double spread = 1;   // per-row paired differences: the half's error is spread/√half
        for (double margin : new double[]{0, 1.28, 1.645}) {
            double halfError = spread / Math.sqrt(half);
            double bar = halfError * (margin / Math.sqrt(2) - 1.2816 / 2);
            assertTrue(Curtailment.canStillPass(bar + 1e-12, halfError, margin));
            assertFalse(Curtailment.canStillPass(bar - 1e-6, halfError, margin));
            SplittableRandom rng = new SplittableRandom(5);
            int passed = 0;
            for (int run = 0; run < runs; run++) {
                double sum = bar * half, squares = 0;
                for (int i = 0; i < half; i++) {
                    double x = bar + spread * rng.nextGaussian();
                    sum += x;
                    squares += (x - bar) * (x - bar);
                }
                int n = 2 * half;
                double mean = sum / n, error = Math.sqrt((squares + half * spread * spread) / n / (n - 1));
                if (mean > margin * error) passed++;
            }
            assertEquals(0.10, passed / (double) runs, 0.015, "margin " + margin);
        }
    }

    /**
     * A bar on the gain itself (a larger file's count must gain a fiftieth of the held-out rows' own
     * kernel term): half way a candidate goes on while it stands at least z/2 half-errors below that
     * bar, where it would still end above it one time in ten; the margin's own bar still holds.
     */
    @Test
    void aLeastGainStopsACandidateThatCanNoLongerReachIt() {
        double halfError = 1e-5, least = 6.6e-4;
        assertFalse(Curtailment.canStillPass(5.5e-5, 1.4e-5, 1.645, least), "a 15-column mixture's 128 cells half way: significant, a twelfth of the least gain");
        assertTrue(Curtailment.canStillPass(5.5e-5, 1.4e-5, 1.645, 0), "without the least gain it would go on");
        assertTrue(Curtailment.canStillPass(2.1e-4, 2.5e-5, 1.645, 7.1e-5), "the sensor log's 128 cells: three times the least gain");
        double bar = least - 1.2816 / 2 * halfError;
        assertTrue(Curtailment.canStillPass(bar + 1e-12, halfError, 1.645, least));
        assertFalse(Curtailment.canStillPass(bar - 1e-9, halfError, 1.645, least));
        assertFalse(Curtailment.canStillPass(0.5 * halfError, halfError, 1.645, 0), "below the margin's bar whatever the least gain");
        // Simulated: at the bar half way, the whole gain (about the half's, error halfError/2) ends at or above least one time in ten.
        SplittableRandom rng = new SplittableRandom(9);
        int runs = 20_000, reached = 0;
        for (int run = 0; run < runs; run++) if ((bar + bar + halfError * rng.nextGaussian()) / 2 >= least) reached++;
        assertEquals(0.10, reached / (double) runs, 0.01);
    }
}
