package io.scorestream.io;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which text fields of a stream's records hold labels (a JSON object's fields, a CSV line's named
 * columns), judged on its first records as {@code fit} judges a file's ({@link JsonFieldKinds}): a
 * field that is text (or true/false) in nearly every record ({@link #PRESENT}), whose values repeat as a
 * closed set of labels does ({@link LabelCodes.Evidence#repeats()}, and few seen once: {@link #MOST_UNSEEN}), and that is neither dates or
 * times nor numbers written as text, nor one value only. A stream has no schema to say so, and its
 * records arrive one by one: the survey is given the warm-up's text fields, keeps per field only
 * the evidence of its text (never a record), and its labels, fixed with the model's plan, are every
 * value the warm-up held, sorted.
 *
 * <p>Not thread-safe: one reader feeds it.
 */
public final class LabelSurvey {
    private final Predicate<String> surveyed;
    private final Map<String, LabelCodes.Evidence> evidence = new LinkedHashMap<>();   // in the order first seen
    private final Map<String, long[]> numericTexts = new HashMap<>();
    private long records;

    /** surveyed: the fields that may hold labels (not those whose labels are given, nor those the stream does not choose). */
    public LabelSurvey(Predicate<String> surveyed) {
        this.surveyed = surveyed;
    }

    /** One record's text; one that is no JSON object is not counted (its owner dead-letters it). */
    public void add(String text) {
        Map<String, String> texts = texts(text);
        if (texts != null) add(texts);
    }

    /**
     * A JSON object's fields of text and true/false (not inside an array), each mapped to its text,
     * what the survey judges of a record; null for a record that is no JSON object. A reader that
     * chooses the records to survey only once it has read more of them keeps these, not the records.
     */
    public static Map<String, String> texts(String text) {
        Map<String, String> fields;
        try {
            fields = JsonRecords.scalarFields(text);
        } catch (RecordProblem notAnObject) {
            return null;
        }
        fields.values().removeIf(value -> value == null || value == JsonRecords.NULL_FIELD || value.isEmpty());
        return fields;
    }

    /** One record's {@link #texts}. */
    public void add(Map<String, String> texts) {
        records++;
        texts.forEach((field, value) -> {
            if (!surveyed.test(field)) return;
            evidence.computeIfAbsent(field, f -> new LabelCodes.Evidence()).add(value);
            if (!Double.isNaN(DecimalSyntax.numberOf(value))) numericTexts.computeIfAbsent(field, f -> new long[1])[0]++;
        });
    }

    /** The records surveyed (JSON objects). */
    public long records() {
        return records;
    }

    /**
     * The share of the records a field of labels must hold text in. A stream dead-letters a record
     * without one of its columns (as it does one without a numeric field), so a field that 1 record
     * in 100 leaves out, or null, stays out rather than cost those records; {@code fit}, which reads
     * a missing value as one, takes a field that half of a file's records hold.
     */
    public static final double PRESENT = 0.99;

    /**
     * The largest chance that a record brings a label the warm-up did not see (Good and Turing: the
     * share of values seen once). A stream's labels are fixed, and such a record is a dead letter,
     * so where {@code fit} takes a closed set up to one new value in ten ({@link
     * LabelCodes#MOST_UNSEEN}) a stream takes one in a hundred at most.
     */
    public static final double MOST_UNSEEN = 0.01;

    /** Per field of labels its labels, sorted, in the order the fields were first seen; empty when no field holds labels. */
    public Map<String, List<String>> labels() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        evidence.forEach((field, seen) -> {
            if (seen.values() < PRESENT * records || !seen.repeats() || seen.unseenChance() > MOST_UNSEEN || seen.time() != null) return;
            List<String> labels = seen.labels();
            if (labels.size() < 2) return;   // one value in every record: a constant says nothing, and fixed it would make any other value a dead letter
            long[] numeric = numericTexts.get(field);
            if (numeric != null && numeric[0] == seen.values()) return;   // "12", "7": numbers written as text, not labels
            out.put(field, labels);
        });
        return out;
    }
}
