package io.scorestream.io;

import java.util.ArrayList;
import java.util.List;

/**
 * A field path as its steps: a name (String) in an object or an index (Integer) in an array;
 * {@code a[2].x} is a, 2, x. A bracket that is not an index ({@code x[y}) is part of a name.
 */
record FieldPath(List<Object> steps) {
    static FieldPath parse(String text) {
        List<Object> steps = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        boolean inName = true;   // false right after an index, until a '.' starts the next name
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int close = c == '[' ? indexEnd(text, i) : -1;
            if (close > 0) {
                if (inName) steps.add(name.toString());
                name.setLength(0);
                steps.add(Integer.parseInt(text, i + 1, close, 10));
                inName = false;
                i = close;
            } else if (c == '.') {
                if (inName) steps.add(name.toString());
                name.setLength(0);
                inName = true;
            } else {
                name.append(c);
            }
        }
        if (inName) steps.add(name.toString());
        return new FieldPath(steps);
    }

    /** Where "[digits]" opened at i closes, if it is an index (no leading zero, then the end, '.' or '['), else -1. */
    private static int indexEnd(String text, int open) {
        int j = open + 1;
        while (j < text.length() && j - open <= 9 && Character.isDigit(text.charAt(j)) && text.charAt(j) < 128) j++;
        if (j == open + 1 || j >= text.length() || text.charAt(j) != ']') return -1;
        if (text.charAt(open + 1) == '0' && j > open + 2) return -1;
        if (j + 1 < text.length() && text.charAt(j + 1) != '.' && text.charAt(j + 1) != '[') return -1;
        return j;
    }

    /** The refusal of a selection whose array has no element k but one after it (elements 0..length-1 are written back whole). */
    static IllegalArgumentException gapIn(String array, int k, int length) {
        return new IllegalArgumentException("the array " + array + " has no element " + array + "[" + k + "] among the fields, but one after it: "
                + "an array's elements are written whole, " + array + "[0] to " + array + "[" + (length - 1) + "]");
    }

    /** The problem of a record whose array has more elements than the stream learned (its columns stop at learned). */
    static RecordProblem pastLearned(String array, int found, int learned) {
        String element = array + "[" + learned + "]";
        return new RecordProblem(RecordProblem.Kind.FIELDS_CHANGED, "field " + element + " is not among the stream's columns: the array " + array + " has "
                + found + " elements, " + learned + " learned", element);
    }

    /** The path of the first n steps, as the reader names it. */
    String prefix(int n) {
        StringBuilder out = new StringBuilder();
        for (int s = 0; s < n; s++) {
            if (steps.get(s) instanceof Integer k) out.append('[').append(k).append(']');
            else out.append(s == 0 ? "" : ".").append(steps.get(s));
        }
        return out.toString();
    }

    /** The paths of the objects and arrays this field is inside (not the root). */
    List<String> containers() {
        List<String> out = new ArrayList<>(steps.size());
        for (int n = 1; n < steps.size(); n++) out.add(prefix(n));
        return out;
    }

    boolean endsInIndex() { return steps.size() > 1 && steps.get(steps.size() - 1) instanceof Integer; }

    int lastIndex() { return (Integer) steps.get(steps.size() - 1); }

    String parent() { return prefix(steps.size() - 1); }
}
