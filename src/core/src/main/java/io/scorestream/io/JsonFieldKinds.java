package io.scorestream.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a file's JSON fields are, judged record by record as a CSV file's columns are: a field that
 * is a number in at least half of the records is a column (a null is a missing value: a film
 * without a rating), one that is text in at least half and whose values repeat holds labels
 * ({@link LabelCodes.Evidence}), or dates or times; other fields are left out. Fed every record of
 * the file in a first pass, so that a file sorted by one field, or whose field is null in its first
 * hundreds of records, is judged on all of it. Holds no record: per field a count and the
 * evidence of its text.
 */
final class JsonFieldKinds {
    private final Map<String, long[]> numbers = new HashMap<>();   // field -> records where it is a number
    private final Map<String, LabelCodes.Evidence> evidence = new HashMap<>();
    private final Map<String, long[]> numericTexts = new HashMap<>();   // field -> records where it is a string of a number ("12.5", "12.5%")
    private final Map<String, NumberForm.Evidence> signs = new HashMap<>();   // field -> the percent or currency signs of its numbers
    private final StringBuilder plain = new StringBuilder();
    private final Set<String> order = new LinkedHashSet<>();   // every field, in the order first seen
    private long judged;       // records read (a broken one is not: the reader reports it on its line)
    private String first;      // the first record's text, as given
    private long firstLine;

    /** One record's text, from the given line of the file. */
    void add(long line, String record) {
        Map<String, String> values;
        try {
            values = JsonRecords.scalarFields(record);
        } catch (RecordProblem broken) {
            if (first == null && broken.kind() != RecordProblem.Kind.NO_ROW) {   // a change event without a row is no first record
                first = record;
                firstLine = line;
            }
            return;
        }
        if (first == null) {
            first = record;
            firstLine = line;
        }
        judged++;
        values.forEach((field, value) -> {
            order.add(field);
            if (value == JsonRecords.NULL_FIELD || (value != null && value.isEmpty())) return;   // its place in the order only: "" is a missing value, as null is
            if (value == null) numbers.computeIfAbsent(field, k -> new long[1])[0]++;
            else {
                evidence.computeIfAbsent(field, k -> new LabelCodes.Evidence()).add(value);
                if (!Double.isNaN(DecimalSyntax.numberOf(value)) && !isCode(value)) numericTexts.computeIfAbsent(field, k -> new long[1])[0]++;
                else {
                    NumberForm.Written written = NumberForm.read(value, 0, value.length(), true, false, plain);
                    if (written == null) return;
                    numericTexts.computeIfAbsent(field, k -> new long[1])[0]++;
                    signs.computeIfAbsent(field, k -> new NumberForm.Evidence()).add(written);
                }
            }
        });
    }

    /** The first record's text (null before any), and its line. */
    String first() { return first; }

    long firstLine() { return firstLine; }

    /** How many records were judged. */
    long records() { return judged; }

    /**
     * The reader the records fix: without a choice, the fields that are numbers in at least half of
     * them, and those that are text in at least half whose values repeat (labels) or are dates or
     * times, in the order they first appear — so a field that is null in the first records is still
     * a column, and a record without one has a missing value; other fields are ignored. A chosen
     * name of an array stands for its elements (in the first record), a chosen field whose values
     * are mostly text holds labels or times. Expanded once, here at the edge, so the reader and the
     * model see element paths only.
     *
     * @param times   filled with the form of each field of dates or times
     * @param rare    filled with the numeric fields seen in fewer than half of the records, for the user
     * @param numeric filled with the fields whose text is a number in every record that has it
     *                ({@code "count": "12"}, as Socrata's exports and many converters write numbers):
     *                read as text like labels, learned as the numbers ({@link #writesNumbersAsText})
     * @param forms   filled with the form of each such field most of whose numbers are written with
     *                a percent or currency sign ({@code "12.5%"}, {@code "$1,234.50"})
     */
    JsonRecords reader(List<String> fields, Map<String, TimeFormat> times, List<String> rare, Set<String> numeric, Map<String, NumberForm> forms) {
        if (fields.isEmpty()) {
            long half = (judged + 1) / 2;
            Set<String> labelFields = new HashSet<>();
            evidence.forEach((field, seen) -> {
                if (seen.values() < half) return;
                if (seen.time() != null) times.put(field, seen.time());   // dates or times: read as text, learned as a number
                else if (writesNumbersAsText(field, seen)) addNumeric(field, seen, numeric, forms);
                if (seen.time() != null || seen.repeats() || numeric.contains(field)) labelFields.add(field);
            });
            List<String> columns = new ArrayList<>();
            for (String field : order) {
                long n = numberCount(field);
                if (labelFields.contains(field) || (n > 0 && n >= half)) columns.add(field);
                // A rare field is left out and named; a rare array element is no such field but an array of
                // another length, a changed field set wherever it is met (mostly text: named as text).
                else if (n > 0 && !field.endsWith("]") && (!evidence.containsKey(field) || evidence.get(field).values() < half)) rare.add(field);
            }
            // A field that is a number in fewer than half of the records is no column; when no other
            // is one (country-json's country-by-avg-male-height: height null in 156 of 244), the file
            // was refused as "the object has no numeric field", as if none held a number.
            if (columns.isEmpty() && !rare.isEmpty())
                throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "no field is a number in at least half of the " + judged + " records: "
                        + rare.get(0) + " is one in " + numberCount(rare.get(0)) + " (--fields " + rare.get(0) + " learns it, and --drop-incomplete leaves out the records without it)");
            if (columns.isEmpty()) throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "the object has no numeric field");
            Set<String> ignored = new HashSet<>(order);
            ignored.removeIf(field -> field.endsWith("]") || columns.contains(field));
            return new JsonRecords(columns, true, Set.of(), labelFields, ignored);
        }
        // Closed to longer arrays of a chosen name: a later record's extra elements are refused, not dropped.
        List<String> columns = JsonRecords.expandArrays(fields, first);
        Set<String> labelFields = new HashSet<>();
        for (String field : columns) {
            LabelCodes.Evidence seen = evidence.get(field);
            if (seen == null || seen.values() <= numberCount(field)) continue;   // mostly numbers: a stray word stops the reader at its line
            labelFields.add(field);
            if (seen.time() != null) times.put(field, seen.time());
            else if (writesNumbersAsText(field, seen)) addNumeric(field, seen, numeric, forms);
        }
        return new JsonRecords(columns, false, ArraySelection.arraysOf(fields, columns), labelFields);
    }

    /**
     * Whether every text value of the field is a number (vega-datasets' budget.json writes each
     * year's amounts so, "90,411,787" with its thousands grouped): such a field was labels in text order (0, 1, 10, 11, …,
     * 2) or free text, left out.
     */
    private boolean writesNumbersAsText(String field, LabelCodes.Evidence seen) {
        long[] n = numericTexts.get(field);
        return n != null && n[0] == seen.values();
    }

    /** A field of numbers written as text into numeric, and its form into forms when most of them have a percent or currency sign. */
    private void addNumeric(String field, LabelCodes.Evidence seen, Set<String> numeric, Map<String, NumberForm> forms) {
        numeric.add(field);
        NumberForm.Evidence signed = signs.get(field);
        NumberForm form = signed == null ? null : signed.form(seen.values());
        if (form != null) forms.put(field, form);
    }

    /** Digits with a leading zero ("02134", "007"): a code written as text, a ZIP code or an identifier, not an amount. */
    private static boolean isCode(String value) {
        int i = value.startsWith("+") || value.startsWith("-") ? 1 : 0;
        return value.length() > i + 1 && value.charAt(i) == '0' && Character.isDigit(value.charAt(i + 1));
    }

    private long numberCount(String field) {
        long[] n = numbers.get(field);
        return n == null ? 0 : n[0];
    }
}
