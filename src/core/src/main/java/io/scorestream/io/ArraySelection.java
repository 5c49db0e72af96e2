package io.scorestream.io;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A chosen selection of fields against the columns it became once each array's length was known
 * ({@code embedding} became {@code embedding[0]}, …). A stream learns that length from its first
 * records and keeps only the columns (in its model and snapshot), so after a restart the columns
 * must be checked against the selection and the arrays told apart from the plain fields again.
 */
public final class ArraySelection {
    private ArraySelection() {}

    /**
     * The chosen names that the columns hold as elements (the arrays, in the selection's order), or
     * null when the columns are not the selection with some names replaced by at least one of their
     * elements each, in order.
     */
    public static Set<String> arraysOf(List<String> chosen, List<String> columns) {
        Set<String> arrays = new LinkedHashSet<>();
        int i = 0;
        for (String name : chosen) {
            if (i < columns.size() && columns.get(i).equals(name)) {
                i++;
                continue;
            }
            int start = i;
            while (i < columns.size() && columns.get(i).startsWith(name + "[")) i++;
            if (i == start) return null;
            arrays.add(name);
        }
        return i == columns.size() ? arrays : null;
    }
}
