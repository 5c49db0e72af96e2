package io.scorestream.io;

import com.fasterxml.jackson.core.io.doubleparser.JavaDoubleParser;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The fields of CSV lines as other programs write them: comma-, semicolon- or tab-separated,
 * fields optionally in double quotes (RFC 4180: a quote inside a quoted field is doubled) or in
 * single quotes around text without another (Weka's, {@link #bounds}), and
 * in a file not separated by commas a decimal comma ({@code 3,14}, as spreadsheets in much of
 * Europe write numbers). One instance splits every line of one file, reusing its arrays.
 *
 * <p>The delimiter is read off the file's first line: a semicolon wherever one separates fields
 * (commas are then decimal marks), else a comma, else a tab, else runs of spaces (numpy's
 * {@code savetxt} and R's {@code write.table} by default, many UCI {@code .data} files: leading
 * and repeated spaces separate nothing); a {@code .tsv} or {@code .tab} file is tab-separated. A
 * quoted field may span lines (the reader joins them into one record), up to
 * {@link CsvVectors#MAX_RECORD_LINES}: a quote open past them is far likelier a broken file.
 */
final class CsvFields {
    final char delimiter;
    private int count;
    private int[] starts = new int[16], ends = new int[16];
    private boolean[] escaped = new boolean[16];   // quoted with a doubled quote inside: text() must unescape
    private boolean[] quoted = new boolean[16];
    private final StringBuilder decimal = new StringBuilder(32);
    private boolean decimalCommas;   // a number was read with a decimal comma (3,14): generated rows are written so too (CsvDialect)
    private long lineNumber;         // of the line split last, for the examples below
    // Per field, the first number read with points grouping its thousands (1.234,50) and the first
    // one a point could group (1.234): both in one column cannot be read one way (pointGroupingConflict).
    private final java.util.Map<Integer, String> pointGrouped = new java.util.HashMap<>(), pointAmbiguous = new java.util.HashMap<>();

    /**
     * Whether a line that ends with the delimiter has no last, empty field: set where the file's
     * first line ends with one (some exporters end every line so), so that "1,2,3," is three values.
     */
    private final boolean trailingDelimiter;

    CsvFields(char delimiter) { this(delimiter, false); }

    CsvFields(char delimiter, boolean trailingDelimiter) {
        this.delimiter = delimiter;
        this.trailingDelimiter = trailingDelimiter;
    }

    /**
     * Whether line ends with this file's delimiter (past spaces), as some exporters end every line.
     * The spaces passed are not the delimiter: a tab ending every line of a tab-separated file
     * (gnuplot's immigration.dat) is the delimiter, which stripTrailing() took for a space, so the
     * header's empty last field was "header column 25 has no name".
     */
    boolean endsWithDelimiter(String line) {
        if (delimiter == SPACES) return false;
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) != delimiter && Character.isWhitespace(line.charAt(end - 1))) end--;
        return end > 0 && line.charAt(end - 1) == delimiter;
    }

    /** A splitter of this file's lines with arrays of its own. */
    CsvFields copy() { return new CsvFields(delimiter, trailingDelimiter); }

    /** These fields, where a delimiter ending a line adds no field ({@link #trailingDelimiter}). */
    CsvFields withTrailingDelimiter() { return new CsvFields(delimiter, true); }

    /** The delimiter of file, judged by its name and first line. */
    static CsvFields of(Path file, String firstLine) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tsv") || name.endsWith(".tab")) return new CsvFields('\t');
        int commas = 0, semicolons = 0, tabs = 0, pipes = 0, carets = 0;
        boolean quoted = false;
        for (int i = 0; i < firstLine.length(); i++) {
            char c = firstLine.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == ',') commas++;
            else if (!quoted && c == ';') semicolons++;
            else if (!quoted && c == '\t') tabs++;
            else if (!quoted && c == '|') pipes++;
            else if (!quoted && c == '^') carets++;
        }
        // Pipes or carets where the first line has none of the usual delimiters (databases' and
        // mainframes' exports; OpenTravelData's optd_por_public.csv, iata_code^icao_code^…): the
        // file was one column, "every column holds free text" naming the whole header as one.
        if (semicolons == 0 && commas == 0 && tabs == 0 && (pipes > 0 || carets > 0)) return new CsvFields(pipes >= carets ? '|' : '^');
        if (semicolons == 0 && commas == 0 && tabs == 0 && firstLine.strip().indexOf(' ') > 0) return new CsvFields(SPACES);
        return new CsvFields(semicolons > 0 ? ';' : commas > 0 ? ',' : tabs > 0 ? '\t' : ',');
    }

    /** The delimiter of a file whose fields are separated by runs of spaces and tabs. */
    static final char SPACES = ' ';

    /** Splits line into fields (their bounds without quotes and surrounding spaces); returns their number. */
    int split(Path file, long lineNumber, String line) {
        count = 0;
        this.lineNumber = lineNumber;
        if (delimiter == SPACES) return splitOnSpaces(file, lineNumber, line);
        int length = line.length(), at = 0;
        while (true) {
            if (count == starts.length) grow();
            while (at < length && isSpace(line.charAt(at)) && line.charAt(at) != delimiter) at++;
            int end;
            if (at < length && line.charAt(at) == '"') {
                int close = quotedField(file, lineNumber, line, at);
                end = close + 1;
                while (end < length && isSpace(line.charAt(end)) && line.charAt(end) != delimiter) end++;
                if (end < length && line.charAt(end) != delimiter)
                    throw InputException.at(file, lineNumber, "field " + (count + 1) + ": text after its closing quote");
            } else {
                end = line.indexOf(delimiter, at);
                if (end < 0) end = length;
                int last = end;
                while (last > at && isSpace(line.charAt(last - 1)) && line.charAt(last - 1) != delimiter) last--;
                bounds(line, at, last);
                escaped[count] = false;
                quoted[count] = false;
            }
            count++;
            if (end >= length) return count;
            at = end + 1;
            if (at == length) {   // a delimiter ends the line: one more, empty field, unless the file's lines all end so
                if (trailingDelimiter) return count;
                if (count == starts.length) grow();
                starts[count] = ends[count] = length;
                escaped[count] = false;
                quoted[count++] = false;
                return count;
            }
        }
    }

    /** {@link #split} where runs of spaces and tabs separate the fields: none is empty, a field in quotes may hold spaces. */
    private int splitOnSpaces(Path file, long lineNumber, String line) {
        int length = line.length(), at = 0;
        while (true) {
            while (at < length && isSpace(line.charAt(at))) at++;
            if (at >= length) return count;
            if (count == starts.length) grow();
            if (line.charAt(at) == '"') {
                int close = quotedField(file, lineNumber, line, at);
                if (close + 1 < length && !isSpace(line.charAt(close + 1)))
                    throw InputException.at(file, lineNumber, "field " + (count + 1) + ": text after its closing quote");
                count++;
                at = close + 1;
            } else {
                int end = at;
                while (end < length && !isSpace(line.charAt(end))) end++;
                bounds(line, at, end);
                escaped[count] = false;
                quoted[count++] = false;
                at = end;
            }
        }
    }

    /**
     * Records field count as the text from at to last, without the single quotes around it when it
     * is in them and holds no other ({@code 'n'}, {@code '40-49'}, {@code 'no checking'}: Weka
     * quotes text so in its CSV files and ARFF data rows, and statsmodels' spector.dat its names):
     * the quotes are the file's, not the value's, which would otherwise be a label {@code 'n'} in
     * every generated row, and {@code '3'} no number.
     */
    private void bounds(String line, int at, int last) {
        if (last - at >= 2 && line.charAt(at) == '\'' && line.charAt(last - 1) == '\'' && line.indexOf('\'', at + 1) == last - 1) {
            at++;
            last--;
        }
        starts[count] = at;
        ends[count] = last;
    }

    /** Records field count as the quoted text whose opening quote is at; returns its closing quote's index. */
    private int quotedField(Path file, long lineNumber, String line, int at) {
        int close = at + 1, length = line.length();
        boolean doubled = false;
        while (true) {
            close = line.indexOf('"', close);
            if (close < 0) throw InputException.at(file, lineNumber, "field " + (count + 1) + ": a quote that never closes (within " + CsvVectors.MAX_RECORD_LINES + " lines)");
            if (close + 1 < length && line.charAt(close + 1) == '"') { doubled = true; close += 2; continue; }
            break;
        }
        starts[count] = at + 1;
        ends[count] = close;
        escaped[count] = doubled;
        quoted[count] = true;
        return close;
    }

    /** Field f's text, quotes removed and doubled quotes undone. */
    String text(String line, int f) {
        String raw = line.substring(starts[f], ends[f]);
        return escaped[f] ? raw.replace("\"\"", "\"") : raw;
    }

    /**
     * Whether field f is a number ScoreStream reads ({@link DecimalSyntax}, or with a decimal comma
     * where commas do not separate fields): its syntax only, which is what {@link #number} accepts,
     * so that a column is judged on every row without reading each number.
     */
    boolean isNumber(String line, int f) {
        return DecimalSyntax.isDecimal(line, starts[f], ends[f]) || withDecimalComma(line, f) || withoutGrouping(line, f) || withPointGrouping(line, f);
    }

    /**
     * Whether field f is digits alone (no sign, point or exponent), and whether with a leading
     * zero ("02134", "007", as a ZIP code, a FIPS code or an administrative code is written):
     * {@link #DIGITS}, {@link #CODE} or {@link #NOT_DIGITS}. Reads the field's characters in place.
     */
    int digitForm(String line, int f) {
        int from = starts[f], to = ends[f];
        if (from >= to) return NOT_DIGITS;
        for (int i = from; i < to; i++) if (line.charAt(i) < '0' || line.charAt(i) > '9') return NOT_DIGITS;
        return to - from >= 2 && line.charAt(from) == '0' ? CODE : DIGITS;
    }

    static final int NOT_DIGITS = 0, DIGITS = 1, CODE = 2;

    /** Field f as a double, exactly as {@link Double#parseDouble} reads it, or NaN when it is not such a number. */
    double number(String line, int f) {
        if (DecimalSyntax.isDecimal(line, starts[f], ends[f])) {
            if (delimiter != ',' && couldGroupByPoints(line, f)) pointAmbiguous.putIfAbsent(f, "'" + text(line, f) + "' on line " + lineNumber);
            return JavaDoubleParser.parseDouble(line, starts[f], ends[f] - starts[f]);
        }
        if (withDecimalComma(line, f) || withoutGrouping(line, f))
            return JavaDoubleParser.parseDouble(decimal, 0, decimal.length());
        if (withPointGrouping(line, f)) {
            pointGrouped.putIfAbsent(f, "'" + text(line, f) + "' on line " + lineNumber);
            return JavaDoubleParser.parseDouble(decimal, 0, decimal.length());
        }
        return Double.NaN;
    }

    /**
     * Field f without the points grouping its thousands, its decimal comma as a point, into {@link
     * #decimal}, where commas do not separate the fields ({@code 1.234,50}, {@code 1.234.567}, as
     * spreadsheets in much of Europe write amounts). A number with one point and no comma is no
     * such number ({@code 1.234} is 1.234, as everywhere): {@link #couldGroupByPoints}.
     */
    private boolean withPointGrouping(String line, int f) {
        if (delimiter == ',' || !DecimalSyntax.ungroupedByPoints(line, starts[f], ends[f], decimal)) return false;
        decimalCommas = true;   // the file's numbers are Europe's: generated ones are written with decimal commas
        return true;
    }

    /** Whether field f, a plain decimal, has one point with three digits after it (1.234), which points grouping thousands would read as 1234. */
    private boolean couldGroupByPoints(String line, int f) {
        int from = starts[f], to = ends[f];
        if (from < to && (line.charAt(from) == '-' || line.charAt(from) == '+')) from++;
        int point = to - 4;
        if (point <= from || point - from > 3 || line.charAt(point) != '.' || line.charAt(from) == '0') return false;
        for (int i = from; i < to; i++) if (i != point && (line.charAt(i) < '0' || line.charAt(i) > '9')) return false;
        return true;
    }

    /** A field read both with points grouping thousands and with a point a grouping could be: each's first value and line. */
    record PointGroupingConflict(int field, String grouped, String ambiguous) {}

    /** The first field whose numbers cannot be read one way ({@link PointGroupingConflict}), or null. */
    PointGroupingConflict pointGroupingConflict() {
        for (var grouped : new java.util.TreeMap<>(pointGrouped).entrySet()) {
            String ambiguous = pointAmbiguous.get(grouped.getKey());
            if (ambiguous != null) return new PointGroupingConflict(grouped.getKey(), grouped.getValue(), ambiguous);
        }
        return null;
    }

    /**
     * Field f without its thousands separators into {@link #decimal}, if commas separate the
     * file's fields, the field is in quotes and its commas group its whole part by threes
     * ({@code "100,000"}, {@code "-1,234,567.5"}), as spreadsheets and R's {@code format} write
     * counts: such a comma cannot be a decimal mark, which a comma-separated file does not take.
     */
    private boolean withoutGrouping(String line, int f) {
        return delimiter == ',' && quoted[f] && DecimalSyntax.ungrouped(line, starts[f], ends[f], decimal);
    }


    /**
     * Field f's form when it is a number with a percent or currency sign ({@link NumberForm}: 12.5%,
     * "$1,234.50"), its number then in {@link #decimal}; null for any other field. Its number is read
     * as a plain field's is: thousands grouped where {@link #withoutGrouping} takes them, a decimal
     * comma where {@link #withDecimalPoint} does.
     */
    NumberForm.Written written(String line, int f) {
        NumberForm.Written w = NumberForm.read(line, starts[f], ends[f], delimiter == ',' && quoted[f], delimiter != ',', decimal);
        // Where commas do not separate fields, a comma in a number is its decimal mark and grouping is by points (1.234,50 €).
        if (w != null && delimiter != ',' && (w.grouped() || line.lastIndexOf(',', ends[f] - 1) >= starts[f])) decimalCommas = true;
        return w;
    }

    /** Whether a number of the lines split so far had a decimal comma ({@code 3,14}, {@code 12,50 €}). */
    boolean readDecimalCommas() { return decimalCommas; }

    /** Field f's number when it is written in form (its signs), else NaN. */
    double numberIn(String line, int f, NumberForm form) {
        NumberForm.Written w = written(line, f);
        if (w == null && form.signless()) return number(line, f);   // a plain number among negatives in parentheses
        return w != null && w.isOf(form) ? JavaDoubleParser.parseDouble(decimal, 0, decimal.length()) : Double.NaN;
    }

    /** Whether field f is a number with a decimal comma, then in {@link #decimal} with a point. */
    private boolean withDecimalComma(String line, int f) {
        if (!withDecimalPoint(line, f) || !DecimalSyntax.isDecimal(decimal, 0, decimal.length())) return false;
        decimalCommas = true;
        return true;
    }

    /** Field f with its one comma as a point into {@link #decimal}, if the delimiter is not a comma and the field has one comma and no point. */
    private boolean withDecimalPoint(String line, int f) {
        if (delimiter == ',') return false;
        int comma = -1;
        for (int i = starts[f]; i < ends[f]; i++) {
            char c = line.charAt(i);
            if (c == '.') return false;
            if (c == ',') {
                if (comma >= 0) return false;
                comma = i;
            }
        }
        if (comma < 0) return false;
        decimal.setLength(0);
        decimal.append(line, starts[f], ends[f]).setCharAt(comma - starts[f], '.');
        return true;
    }

    /** Whether field f of the last split line was in quotes. */
    boolean isQuoted(int f) { return quoted[f]; }

    /** Whether every field of the last split line was in quotes. */
    boolean allQuoted() {
        for (int f = 0; f < count; f++) if (!quoted[f]) return false;
        return count > 0;
    }

    /** Whether every field of the last split line is a number or a non-finite word (bad data, not a header). */
    boolean allNumeric(String line) {
        for (int f = 0; f < count; f++)
            if (!isNumber(line, f) && !DecimalSyntax.isNonFiniteWord(text(line, f))) return false;
        return true;
    }

    /**
     * Whether every field of the last split line is a number, a non-finite word or a number with
     * a percent or currency sign or in accounting's parentheses, and at least one is the last
     * ({@code 11.9%,27.2%}): a headerless file's first row, not names, which hold no such sign.
     */
    boolean numbersWithSigns(String line) {
        boolean signed = false;
        for (int f = 0; f < count; f++) {
            if (isNumber(line, f) || DecimalSyntax.isNonFiniteWord(text(line, f))) continue;
            if (written(line, f) == null) return false;
            signed = true;
        }
        return signed;
    }

    /**
     * A row of numbers with missing values in it, not names: the first field a number, every
     * other a number, a non-finite word or a missing marker (empty, NA, ?). A header whose first
     * field is empty (pandas' index, R's row names) does not qualify, even above numeric names.
     */
    boolean numbersWithGaps(String line) {
        if (!isNumber(line, 0)) return false;
        for (int f = 1; f < count; f++) {
            String t = text(line, f);
            if (!isNumber(line, f) && !DecimalSyntax.isNonFiniteWord(t) && !MissingValues.isMarker(t)) return false;
        }
        return true;
    }

    private void grow() {
        starts = java.util.Arrays.copyOf(starts, 2 * starts.length);
        ends = java.util.Arrays.copyOf(ends, 2 * ends.length);
        escaped = java.util.Arrays.copyOf(escaped, 2 * escaped.length);
        quoted = java.util.Arrays.copyOf(quoted, 2 * quoted.length);
    }

    private static boolean isSpace(char c) { return c == ' ' || c == '\t'; }
}
