package io.scorestream.io;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The rows a reader left out because a value was missing, for {@code fit --drop-incomplete}: an
 * empty CSV field or one of the usual markers (NA, N/A, NaN, null, the UCI repository's ?, a lone - or -- and . or .., a database dump's \N), a null or absent field of a
 * JSON object or Avro record. Without such a counter the readers stop at the first missing value
 * with an {@link InputException} that names the line and column ({@link InputException#missingValue()}).
 */
public final class MissingValues {
    private final Map<String, Long> byColumn = new LinkedHashMap<>();
    private long rows;

    /**
     * True for a CSV field (already trimmed) that marks a missing value rather than a bad number.
     * A lone dash or dot is one too: price tables write {@code -} for a day without a quote
     * (commons-csv's bom.csv, 23-Oct-13's Low), statistical tables for a count not recorded
     * (gnuplot's immigration.dat: Czechoslovakia before 1920), Stata and SAS export a missing
     * number as {@code .}, the World Bank and OECD as {@code ..}; as "not a number: '-'" the file
     * could not be read at all, not even with --drop-incomplete.
     */
    public static boolean isMarker(String field) {
        if (field.length() > "null".length() || (!field.isEmpty() && "nN?-.\\#".indexOf(field.charAt(0)) < 0)) return false;   // cheap: most text is no marker
        String t = field.toLowerCase(Locale.ROOT);
        return t.isEmpty() || t.equals("na") || t.equals("n/a") || t.equals("nan") || t.equals("null") || t.equals("?")
                || t.equals("#n/a")   // Excel's missing value, which its CSV export writes (and pandas reads as one)
                || t.equals("-") || t.equals("--") || t.equals(".") || t.equals("..")
                || field.equals("\\N");   // PostgreSQL's COPY and MySQL's SELECT … INTO OUTFILE write NULL so (commons-csv's CSV-290/psql.tsv)
    }

    /** A row was left out; column names its first missing value. */
    void dropped(String column) {
        rows++;
        byColumn.merge(column, 1L, Long::sum);
    }

    public long droppedRows() { return rows; }

    /** Forgets every row counted: a reader that starts the file again (in another charset) counts each row once. */
    void clear() {
        rows = 0;
        byColumn.clear();
    }

    /** "left out 14 of 406 rows with a missing value (first missing: mpg 8, horsepower 6)". */
    public String describe(long keptRows) {
        String head = "left out " + rows + " of " + (rows + keptRows) + " rows with a missing value";
        if (rows == 0) return head;
        // One column costing most of the file (palmerpenguins' penguins_raw.csv: a Comments column
        // of repeated remarks, NA in 290 of 344 rows, learned as labels) lost 84 % of its rows with
        // nothing saying which option keeps them: the column is named, with --fields.
        Map.Entry<String, Long> worst = null;
        for (Map.Entry<String, Long> e : byColumn.entrySet()) if (worst == null || e.getValue() > worst.getValue()) worst = e;
        String hint = 2 * worst.getValue() > rows + keptRows
                ? "; " + worst.getKey() + " alone cost " + worst.getValue() + " rows: --fields without it keeps them" : "";
        return head + " (first missing: " + byColumn() + ")" + hint;
    }

    /** "mpg 8, horsepower 6": how many left-out rows had their first missing value in each column. */
    String byColumn() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : byColumn.entrySet())
            sb.append(sb.length() > 0 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue());
        return sb.toString();
    }
}
