package io.scorestream.http;

import org.junit.jupiter.api.Test;

import io.scorestream.sampler.SamplingPlan;
import io.scorestream.schedule.GridSpec;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every malformed /samples parameter is refused with a one-line message naming what is wrong. */
class SampleQueryTest {
    private static SampleQuery parse(Map<String, String> p) throws SampleQuery.Invalid { return SampleQuery.parse(p, 1000, 42); }

    private static String refused(Map<String, String> p) {
        SampleQuery.Invalid e = assertThrows(SampleQuery.Invalid.class, () -> parse(p));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void acceptsNAndOptionalSeed() throws Exception {
        assertEquals(new SampleQuery(10, 42, false), parse(Map.of("n", "10")));
        assertEquals(new SampleQuery(1000, -7, true), parse(Map.of("n", "1000", "seed", "-7", "other", "ignored")));
        assertEquals(new SampleQuery(3, Long.MAX_VALUE, true), parse(Map.of("n", " 3 ", "seed", Long.toString(Long.MAX_VALUE))));
    }

    @Test
    void refusesMalformedParameters() {
        assertTrue(refused(Map.of()).contains("missing parameter n"));
        assertTrue(refused(Map.of("n", "")).contains("missing parameter n"));
        assertTrue(refused(Map.of("n", "ten")).contains("'ten'"));
        assertTrue(refused(Map.of("n", "1.5")).contains("whole number"));
        assertTrue(refused(Map.of("n", "0")).contains("at least 1"));
        assertTrue(refused(Map.of("n", "-3")).contains("at least 1"));
        assertTrue(refused(Map.of("n", "99999999999999999999999")).contains("whole number"));
        assertTrue(refused(Map.of("n", "10", "seed", "abc")).contains("seed"));
        assertTrue(refused(Map.of("n", "10", "seed", "1e3")).contains("seed"));
        assertTrue(refused(Map.of("n", "x".repeat(500))).length() < 200, "echoes the bad value shortened");
        assertTrue(refused(Map.of("n", "1\n2")).contains("'1?2'"));
    }

    @Test
    void samplerAndGridAsSampleHasThem() throws Exception {
        assertNull(parse(Map.of("n", "10")).plan(), "none given: the node's configured plan");
        SampleQuery q = parse(Map.of("n", "10", "sampler", "ddpm", "grid", "lcw", "steps", "60", "c0", "2.5", "c1", "11"));
        assertEquals(new SamplingPlan("ddpm", GridSpec.of("lcw").withSteps(60).withLcw(2.5, 11)), q.plan());
        assertEquals(new SamplingPlan("ve", GridSpec.of("gkl").withKappa(0.2).withEpsilon(0.05)),
                parse(Map.of("n", "5", "sampler", "ve", "grid", "gkl", "kappa", "0.2", "epsilon", "0.05")).plan());
        assertEquals(new SamplingPlan(SamplingPlan.DEFAULT_SAMPLER, GridSpec.of("cks").withDelta(1e-4)),
                parse(Map.of("n", "5", "grid", "cks", "delta", "1e-4")).plan());
        assertEquals(new SamplingPlan("ddpm", GridSpec.of("model")), parse(Map.of("n", "5", "sampler", "ddpm")).plan());
        assertTrue(parse(Map.of("n", "5", "grid", "measured")).plan().measured(), "the grid measured on the node's model");
    }

    @Test
    void refusesSamplerAndGridItCannotUse() {
        assertTrue(refused(Map.of("n", "10", "sampler", "heun")).contains("unknown sampler 'heun'"));
        assertTrue(refused(Map.of("n", "10", "grid", "karras")).contains("unknown grid 'karras'"));
        assertTrue(refused(Map.of("n", "10", "steps", "many")).contains("steps must be a whole number"));
        assertTrue(refused(Map.of("n", "10", "steps", "1")).contains("at least 2"));
        assertTrue(refused(Map.of("n", "10", "grid", "lcw", "steps", "20")).contains("T >= 36"));
        assertTrue(refused(Map.of("n", "10", "grid", "gkl", "c0", "2")).contains("c0 applies to the lcw grid only"));
        assertTrue(refused(Map.of("n", "10", "grid", "cks", "kappa", "NaN")).contains("kappa must be a finite number"));
        assertTrue(refused(Map.of("n", "10", "grid", "cks", "kappa", "0.1", "steps", "40")).contains("not both"));
        assertTrue(refused(Map.of("n", "10", "grid", "measured", "steps", "40")).contains("not both"));
        assertTrue(refused(Map.of("n", "10", "grid", "measured", "sampler", "ddpm")).contains("dpm3m-sde's"));
        assertTrue(refused(Map.of("n", "10", "sampler", "x".repeat(500))).length() < 200, "echoes the bad value shortened");
    }

    @Test
    void refusesAboveTheCap() {
        String message = refused(Map.of("n", "1001"));
        assertTrue(message.contains("1001") && message.contains("limit of 1000") && message.contains("scorestream.http.max-samples"), message);
        assertTrue(refused(Map.of("n", Long.toString(Long.MAX_VALUE))).contains("limit of 1000"));
    }
}
