package io.scorestream.http;

import java.util.Map;

/**
 * The parameters of {@code GET /samples?n=N[&seed=S]}, checked: n a whole number from 1 to the
 * configured cap, seed (optional) any long. Other parameters are ignored.
 */
public record SampleQuery(int n, long seed, boolean seeded) {

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
        String seed = parameters.get("seed");
        if (seed == null) return new SampleQuery((int) count, randomSeed, false);
        try {
            return new SampleQuery((int) count, Long.parseLong(seed.trim()), true);
        } catch (NumberFormatException e) {
            throw new Invalid("seed must be a whole number (a 64-bit integer), got '" + shorten(seed) + "'");
        }
    }

    /** Echoes at most 40 characters of what the client sent, without line breaks. */
    private static String shorten(String s) {
        String oneLine = s.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 40) + "...";
    }
}
