package io.scorestream.bench;

import io.scorestream.baseline.EmBaseline;

import java.util.TreeSet;

/**
 * The numbers of components EM tries in the quality bench, as the user spelled them: k and ranges
 * A..B or A..B:STEP, comma-separated ("1..10,12..40:4"). A sweep of every k to 32 at d = 12 does not
 * finish in a session; a list that steps over the k far below the BIC minimum does.
 */
public record EmCandidates(int[] ks, String spelling) {
    public static EmCandidates upTo(int max) { return new EmCandidates(EmBaseline.upTo(max), "1.." + max); }

    /** @throws IllegalArgumentException naming the part that is not a k, a range or a stepped range */
    public static EmCandidates parse(String text) {
        TreeSet<Integer> ks = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (!p.matches("\\d+(\\.\\.\\d+(:\\d+)?)?"))
                throw new IllegalArgumentException("'" + p + "' is not k, A..B or A..B:STEP");
            String[] range = p.split("\\.\\.|:");
            int from = parseCount(range[0], p), to = range.length > 1 ? parseCount(range[1], p) : from;
            int step = range.length > 2 ? parseCount(range[2], p) : 1;
            if (from < 1) throw new IllegalArgumentException("'" + p + "': k must be at least 1");
            if (to < from) throw new IllegalArgumentException("'" + p + "': the range ends below its start");
            if (step < 1) throw new IllegalArgumentException("'" + p + "': the step must be at least 1");
            for (int k = from; k <= to; k += step) ks.add(k);
        }
        return new EmCandidates(ks.stream().mapToInt(Integer::intValue).toArray(), text.strip());
    }

    private static int parseCount(String digits, String part) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLarge) {
            throw new IllegalArgumentException("'" + part + "': " + digits + " is too large");
        }
    }
}
