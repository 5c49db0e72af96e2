package io.scorestream.http;

import io.scorestream.sampler.SamplingPlan;

import java.util.List;
import java.util.Map;

/**
 * The parameters of {@code GET /samples?n=N[&seed=S][&sampler=..][&grid=..][&steps=..]...}, checked:
 * n a whole number from 1 to the configured cap, seed (optional) any long; sampler, grid, steps
 * and the grids' constants (c0, c1, kappa, delta, epsilon) as {@code sample}'s options of the
 * same names. plan is null when none of those is given (the node's configured plan). Other
 * parameters are ignored.
 */
public record SampleQuery(int n, long seed, boolean seeded, SamplingPlan plan) {
    static final List<String> PLAN_PARAMETERS = List.of("sampler", "grid", "steps", "c0", "c1", "kappa", "delta", "epsilon");

    public SampleQuery(int n, long seed, boolean seeded) { this(n, seed, seeded, null); }

    /** A parameter that cannot be served; the message is one line for the client. */
    public static final class Invalid extends Exception {
        public Invalid(String message) { super(message, null, false, false); }
    }

    /** Parses the query parameters; seed is drawn from randomSeed when not given. */
    public static SampleQuery parse(Map<String, String> parameters, int maxSamples, long randomSeed) throws Invalid {
        String n = parameters.get("n");
        if (n == null || n.isBlank()) throw new Invalid("missing parameter n: ask for /samples?n=N with 1 <= N <= " + maxSamples);
        long count;
        try {
            count = Long.parseLong(n.trim());
        } catch (NumberFormatException e) {
            throw new Invalid("n must be a whole number from 1 to " + maxSamples + ", got '" + shorten(n) + "'");
        }
        if (count < 1) throw new Invalid("n must be at least 1, got " + count);
        if (count > maxSamples)
            throw new Invalid("n = " + count + " is above the limit of " + maxSamples + " samples per request (scorestream.http.max-samples)");
        SamplingPlan plan = plan(parameters);
        String seed = parameters.get("seed");
        if (seed == null) return new SampleQuery((int) count, randomSeed, false, plan);
        try {
            return new SampleQuery((int) count, Long.parseLong(seed.trim()), true, plan);
        } catch (NumberFormatException e) {
            throw new Invalid("seed must be a whole number (a 64-bit integer), got '" + shorten(seed) + "'");
        }
    }

    private static SamplingPlan plan(Map<String, String> p) throws Invalid {
        if (PLAN_PARAMETERS.stream().noneMatch(p::containsKey)) return null;
        try {
            Integer steps = null;
            if (p.get("steps") != null) {
                try {
                    steps = Integer.valueOf(p.get("steps").trim());
                } catch (NumberFormatException e) {
                    throw new Invalid("steps must be a whole number of at least 2, got '" + shorten(p.get("steps")) + "'");
                }
            }
            return SamplingPlan.of(text(p, "sampler"), text(p, "grid"), steps, number(p, "c0"), number(p, "c1"),
                    number(p, "kappa"), number(p, "delta"), number(p, "epsilon"));
        } catch (IllegalArgumentException e) {
            throw new Invalid(shorten(e.getMessage(), 160));
        }
    }

    private static String text(Map<String, String> p, String name) {
        String v = p.get(name);
        return v == null ? null : v.trim();
    }

    private static Double number(Map<String, String> p, String name) throws Invalid {
        String v = p.get(name);
        if (v == null) return null;
        try {
            double x = Double.parseDouble(v.trim());
            if (!Double.isFinite(x)) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException e) {
            throw new Invalid(name + " must be a finite number, got '" + shorten(v) + "'");
        }
    }

    /** Echoes at most 40 characters of what the client sent, without line breaks. */
    private static String shorten(String s) { return shorten(s, 40); }

    private static String shorten(String s, int max) {
        String oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
