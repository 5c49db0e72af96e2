package io.scorestream.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * libsvm's and svmlight's sparse text files, in which the LIBSVM data sets and scikit-learn's
 * {@code dump_svmlight_file} ship: per line a label, then {@code index:value} pairs for the
 * features that are not 0 ({@code +1 3:0.52 11:-1 # a remark}), svmlight's {@code qid:7} among them.
 * Told by their text ({@link #isLibsvm}), whatever their name (heart_scale has none). Read as the
 * dense table they stand for: a column {@code label}, a column {@code qid} when any row has one,
 * and a column {@code x1} … {@code xK} for every index up to the largest (from {@code x0} when an
 * index 0 occurs, scikit-learn's zero-based files), 0 where a row lists none; written as a
 * temporary CSV file that the CSV reader reads, so that types, labels and messages are its own.
 * Messages name the libsvm file and its own line.
 */
final class LibsvmFiles {
    /** Most feature columns read: text collections in this format have tens of thousands, which no dense table holds. */
    static final int MAX_COLUMNS = 4096;

    private LibsvmFiles() {}

    /** Whether the file's first line that is neither blank nor a # comment is a label and index:value pairs. */
    static boolean isLibsvm(Path file) {
        try (BufferedReader in = DataFiles.openText(file, StandardCharsets.ISO_8859_1)) {
            String line;
            for (int read = 0; read < 1000 && (line = in.readLine()) != null; read++) {
                if (line.length() > 1 << 16) return false;   // a binary file's first "line"
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) continue;
                return isSparseIndexValueRow(text);
            }
            return false;
        } catch (IOException e) {
            return false;   // the CSV reader names the problem
        }
    }

    /** The file's rows and columns, as {@link CsvVectors#readTable} reads a CSV file's. */
    static CsvVectors.Table read(Path file, List<String> fields, int expectedDimension, MissingValues missing) {
        Shape shape;
        try {
            shape = shape(file);
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
        return CsvTranslation.read(file, (in, out) -> translate(in, out, shape), fields, expectedDimension, missing);
    }

    /** What the first pass finds: the smallest and largest feature index, and whether any row has a qid. */
    private record Shape(int first, int last, boolean qid) {
        int columns() { return last < first ? 0 : last - first + 1; }
    }

    /** Every row checked (a label, then distinct index:value pairs), and the columns the table needs. */
    private static Shape shape(Path file) throws IOException {
        int first = Integer.MAX_VALUE, last = -1;
        boolean qid = false;
        long lineNumber = 0;
        try (BufferedReader in = DataFiles.openText(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                String[] tokens = tokens(line);
                if (tokens == null) continue;
                boolean pairs = SPARSE_LABEL.matcher(tokens[0]).matches();
                for (int t = 1; t < tokens.length && pairs; t++) pairs = SPARSE_PAIR.matcher(tokens[t]).matches();
                if (!pairs)   // a label alone is a row of zeros
                    throw InputException.at(file, lineNumber, "is not a label and index:value pairs (" + CsvVectors.abbreviated(line.strip()) + "), as a libsvm file's lines are");
                if (tokens[0].indexOf(',') >= 0)
                    throw InputException.at(file, lineNumber, "has several labels (" + tokens[0] + "): multi-label rows are not read; keep one label a row");
                java.util.Set<Integer> seen = new java.util.HashSet<>();
                for (int t = 1; t < tokens.length; t++) {
                    String index = tokens[t].substring(0, tokens[t].indexOf(':'));
                    if (index.equals("qid")) { qid = true; continue; }
                    int j;
                    try {
                        j = Integer.parseInt(index);
                    } catch (NumberFormatException e) {
                        throw InputException.at(file, lineNumber, "index " + index + " is too large");
                    }
                    if (!seen.add(j)) throw InputException.at(file, lineNumber, "lists index " + j + " twice");
                    first = Math.min(first, j);
                    last = Math.max(last, j);
                }
            }
        }
        if (first > 1) first = 1;   // indices count from 1 unless a 0 says otherwise
        Shape shape = new Shape(first, last, qid);
        if (shape.columns() > MAX_COLUMNS)
            throw InputException.in(file, "has feature indices up to " + last + ", more columns than the " + MAX_COLUMNS + " a dense table is read with: select the features first");
        return shape;
    }

    /** A line's fields without its # remark; null for a blank or comment line. */
    private static String[] tokens(String line) {
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
        return text.isEmpty() ? null : text.split("\\s+");
    }

    /** The rows written as a dense CSV file under a header; the libsvm line of each CSV line (index 1: the header's, the first row's). */
    private static long[] translate(BufferedReader in, Writer out, Shape shape) throws IOException {
        StringBuilder header = new StringBuilder("label");
        if (shape.qid()) header.append(",qid");
        for (int j = shape.first(); j <= shape.last(); j++) header.append(",x").append(j);
        out.append(header).append('\n');
        String[] values = new String[shape.columns()];
        long[] lines = new long[1024];
        int csvLine = 1;
        long lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            String[] tokens = tokens(line);
            if (tokens == null) continue;
            Arrays.fill(values, "0");
            String qid = "0";
            for (int t = 1; t < tokens.length; t++) {
                int colon = tokens[t].indexOf(':');
                String index = tokens[t].substring(0, colon), value = tokens[t].substring(colon + 1);
                if (index.equals("qid")) qid = value;
                else values[Integer.parseInt(index) - shape.first()] = unsigned(value);
            }
            out.append(unsigned(tokens[0]));
            if (shape.qid()) out.append(',').append(qid);
            for (String v : values) out.append(',').append(v);
            out.append('\n');
            if (++csvLine == lines.length) lines = Arrays.copyOf(lines, 2 * lines.length);
            lines[csvLine] = lineNumber;
        }
        if (csvLine > 1) lines[1] = lines[2];
        return Arrays.copyOf(lines, csvLine + 1);
    }

    /** A number without a leading + (libsvm's "+1" labels), as a CSV field of numbers is written. */
    private static String unsigned(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }

    /** libsvm's "1.0 3:2.5 11:-5.2 # remark": a number, then only index:number pairs (svmlight's qid:3 among them). */
    private static boolean isSparseIndexValueRow(String line) {
        int hash = line.indexOf('#');
        String[] tokens = (hash >= 0 ? line.substring(0, hash) : line).strip().split("\\s+");
        if (tokens.length < 2 || !SPARSE_LABEL.matcher(tokens[0]).matches()) return false;
        boolean allClockTimes = true;   // "3 12:30 13:45" is a number and two times of day, not pairs
        for (int t = 1; t < tokens.length; t++) {
            if (!SPARSE_PAIR.matcher(tokens[t]).matches()) return false;
            allClockTimes &= CLOCK_TIME.matcher(tokens[t]).matches();
        }
        return !allClockTimes;
    }

    private static final java.util.regex.Pattern SPARSE_LABEL = java.util.regex.Pattern.compile("[-+]?[0-9.]+([eE][-+]?[0-9]+)?(,[-+]?[0-9.]+)*");
    private static final java.util.regex.Pattern CLOCK_TIME = java.util.regex.Pattern.compile("[0-9]{1,2}:[0-5][0-9]");
    private static final java.util.regex.Pattern SPARSE_PAIR = java.util.regex.Pattern.compile("([0-9]+|qid):[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
}
