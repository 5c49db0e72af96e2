package io.scorestream.schedule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class NoiseScheduleTest {

    @Test
    void geometricHasEqualRatiosAndExactEnds() {
        GeometricSchedule g = new GeometricSchedule(50, 1e-4, 8);
        assertEquals(1e-4, g.time(0), 1e-18);
        assertEquals(8, g.time(49), 1e-12);
        double ratio = g.time(1) / g.time(0);
        for (int j = 1; j < 50; j++) assertEquals(ratio, g.time(j) / g.time(j - 1), 1e-9);
    }

    @Test
    void processQuantitiesAgreeWithOneAnother() {
        GeometricSchedule g = new GeometricSchedule(20, 1e-6, 5);
        for (int j = 0; j < g.size(); j++) {
            double a = g.alpha(j), s = g.sigma(j);
            assertEquals(1, a * a + s * s, 1e-12, "variance preserving");
            assertEquals(a * a, g.alphaBar(j), 1e-15);
            assertEquals(s * s / (a * a), g.veVariance(j), 1e-9 * (1 + g.veVariance(j)), "τ = s²/a²");
        }
    }

    @Test
    void lcwFollowsItsRecursion() {
        int steps = 100;
        LcwSchedule lcw = new LcwSchedule(steps);
        double c = 10 * Math.log(steps) / steps;
        assertEquals(Math.pow(steps, -2), lcw.alphaBar(steps - 1), 1e-15, "ᾱ_T = T^{−c₀}");
        for (int j = steps - 1; j >= 1; j--) {
            double next = lcw.alphaBar(j);
            double expected = next + c * next * (1 - next);
            // compare 1 − ᾱ relatively: near 1 the absolute difference says nothing
            double want = 1 - expected, got = -Math.expm1(-2 * lcw.time(j - 1));
            assertEquals(want, got, 1e-9 * want + 1e-15, "level " + (j - 1));
        }
        assertTrue(lcw.time(0) > 0, "the last level still has noise");
    }

    @Test
    void lcwNeedsItsConstantsRatio() {
        assertThrows(IllegalArgumentException.class, () -> new LcwSchedule(1));
        // c1·log T / T ≥ 1 would push ᾱ past 1: refused with the smallest T that works
        var e = assertThrows(IllegalArgumentException.class, () -> new LcwSchedule(35));
        assertTrue(e.getMessage().contains("T >= 36"), e.getMessage());
        assertEquals(36, new LcwSchedule(36).size());
        assertEquals(36, LcwSchedule.minimumSteps(10));
    }

    @Test
    void lcwWithOtherConstantsFollowsTheSameRecursion() {
        int steps = 80;
        double c0 = 3, c1 = 12, c = c1 * Math.log(steps) / steps;
        GridSpec spec = GridSpec.of("lcw").withSteps(steps).withLcw(c0, c1);
        NoiseSchedule lcw = spec.on(new GeometricSchedule(10, 1e-3, 5), 4);
        assertEquals(Math.pow(steps, -c0), lcw.alphaBar(steps - 1), 1e-15);
        for (int j = steps - 1; j >= 1; j--) {
            double next = lcw.alphaBar(j), want = 1 - (next + c * next * (1 - next));
            assertEquals(want, -Math.expm1(-2 * lcw.time(j - 1)), 1e-9 * want + 1e-15, "level " + (j - 1));
        }
    }

    @Test
    void modelGridTakesEvenlySpacedLevelsWithBothEnds() {
        GeometricSchedule levels = new GeometricSchedule(200, 2e-6, 10);
        NoiseSchedule sub = GridSpec.of("model").withSteps(50).on(levels, 3);
        assertEquals(50, sub.size());
        assertEquals(levels.time(0), sub.time(0), 0.0);
        assertEquals(levels.time(199), sub.time(49), 0.0);
        for (int j = 0; j < 50; j++) assertEquals(levels.time((int) Math.round(j * 199.0 / 49)), sub.time(j), 0.0, "a trained level, bit for bit");
        assertSame(levels, GridSpec.of("model").on(levels, 3), "no count: the levels themselves");
        assertSame(levels, GridSpec.of("model").withSteps(200).on(levels, 3), "as many as there are: the levels themselves");
    }

    /** More steps than trained levels: the same geometric grid made finer, both ends kept, every trained level on it where the ratio divides. */
    @Test
    void modelGridWithMoreStepsThanLevelsIsRefinedGeometrically() {
        GeometricSchedule levels = new GeometricSchedule(30, 2e-6, 10);
        NoiseSchedule fine = GridSpec.of("model").withSteps(200).on(levels, 3);
        assertEquals(200, fine.size());
        assertEquals(levels.time(0), fine.time(0), 1e-18);
        assertEquals(levels.time(29), fine.time(199), 1e-12);
        for (int j = 1; j < 200; j++)
            assertEquals(Math.log(fine.time(1) / fine.time(0)), Math.log(fine.time(j) / fine.time(j - 1)), 1e-9, "a constant ratio at step " + j);
        NoiseSchedule twice = GridSpec.of("model").withSteps(59).on(levels, 3);
        for (int j = 0; j < 30; j++) assertEquals(levels.time(j), twice.time(2 * j), 1e-12 * levels.time(j), "trained level " + j + " on the twice-finer grid");
    }

    @Test
    void gklAndCksFromAStepCountUseTheirPaperEndsAndAtMostThatManyLevels() {
        GeometricSchedule levels = new GeometricSchedule(200, 2e-6, 10);
        int d = 8;
        double eps = GridSpec.DEFAULT_EPSILON;
        for (int steps : new int[]{25, 100, 400}) {
            NoiseSchedule gkl = GridSpec.of("gkl").withSteps(steps).on(levels, d);
            assertTrue(gkl.size() <= steps && gkl.size() >= steps - 3, "gkl: " + gkl.size() + " for " + steps);
            // τ₁ = ε²σ₀²/(2√d) with σ₀ = 1; τ_max = (E|x|² + d)/ε² with E|x|² = d (standardised)
            assertEquals(eps * eps / (2 * Math.sqrt(d)), gkl.veVariance(0), 1e-12);
            assertEquals(2.0 * d / (eps * eps), gkl.veVariance(gkl.size() - 1), 1e-6);
            NoiseSchedule cks = GridSpec.of("cks").withSteps(steps).on(levels, d);
            assertTrue(cks.size() <= steps && cks.size() >= steps - 3, "cks: " + cks.size() + " for " + steps);
            assertEquals(GridSpec.DEFAULT_DELTA, cks.time(0), 1e-18);
            assertEquals(Math.log(Math.sqrt(d) / eps), cks.maxTime(), 1e-12, "T = log(R/ε), R = √d");
        }
        NoiseSchedule fixed = GridSpec.of("gkl").withKappa(0.2).on(levels, d);
        assertEquals(GklSchedule.forData(eps, 1, d, d, 0.2), fixed, "an explicit κ is used as given");
    }

    @Test
    void gridSpecRejectsWhatNoGridCanUse() {
        assertThrows(IllegalArgumentException.class, () -> GridSpec.of("karras"));
        assertThrows(IllegalArgumentException.class, () -> GridSpec.of("gkl").withKappa(1.0));
        assertThrows(IllegalArgumentException.class, () -> GridSpec.of("cks").withDelta(0));
        assertThrows(IllegalArgumentException.class, () -> GridSpec.of("gkl").withEpsilon(1.5));
        assertThrows(IllegalArgumentException.class, () -> GridSpec.of("model").withSteps(1));
    }

    @Test
    void gklFollowsItsRecursionTopDown() {
        double kappa = 0.1;
        GklSchedule gkl = new GklSchedule(1e-4, 1e3, kappa);
        int n = gkl.size();
        assertEquals(1e3, gkl.veVariance(n - 1), 1e-6);
        assertEquals(1e-4, gkl.veVariance(0), 1e-12);
        for (int k = n - 1; k >= 2; k--) {
            double u = gkl.veVariance(k) + 1;
            double expected = u * Math.max(Math.exp(-2 * kappa), Math.pow(u, -kappa)) - 1;
            assertEquals(expected, gkl.veVariance(k - 1), 1e-9 * (1 + expected), "level " + (k - 1));
        }
        // above t = 1 the steps are uniform κ in OU time
        assertEquals(kappa, gkl.time(n - 1) - gkl.time(n - 2), 1e-9);
    }

    @Test
    void gklPaperEndpoints() {
        GklSchedule g = GklSchedule.forData(0.1, 1.0, 4, 10, 0.2);
        assertEquals(0.01 / (2 * 2), g.veVariance(0), 1e-12);
        assertEquals((10 + 4) / 0.01, g.veVariance(g.size() - 1), 1e-6);
    }

    @Test
    void cksUniformThenGeometric() {
        double kappa = 0.25, horizon = 3, delta = 1e-3;
        CksSchedule cks = new CksSchedule(horizon, kappa, delta);
        int n = cks.size();
        assertEquals(horizon, cks.time(n - 1), 1e-12);
        assertEquals(delta, cks.time(0), 1e-15);
        int one = -1;
        for (int j = 0; j < n; j++) if (Math.abs(cks.time(j) - 1) < 1e-12) one = j;
        assertTrue(one > 0, "t = 1 is a level");
        for (int j = one + 1; j < n; j++) assertEquals(kappa, cks.time(j) - cks.time(j - 1), 1e-12, "uniform part");
        for (int j = 2; j <= one; j++) assertEquals(1 + kappa, cks.time(j) / cks.time(j - 1), 1e-9, "geometric part: t = (1+κ)^{−ℓ}");
    }

    @Test
    void rejectsNonIncreasingTimes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TimeGrid("x", new double[]{0.1, 0.1}));
        assertTrue(e.getMessage().contains("increase"), e.getMessage());
    }
}
