package io.scorestream.io;

import com.fasterxml.jackson.core.io.doubleparser.JavaDoubleParser;
import org.ejml.data.DMatrixRMaj;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Vector samples as CSV: one sample per line, comma-separated decimal numbers.
 *
 * <p>Reading is strict because a silently mis-read file (a dropped column, a NaN) poisons a
 * fit that then takes minutes: every problem becomes an {@link InputException} naming the file,
 * the 1-based line and the reason. A first line that is not numeric is taken as a header;
 * blank lines are allowed only at the end. Fields are split by hand rather than with a regex
 * because this runs on files of 10⁶ numbers and more.
 */
public final class CsvVectors {
    private CsvVectors() {}

    public static DMatrixRMaj read(Path file) {
        return read(file, -1);
    }

    /** As {@link #read(Path)}, and fails unless every row has {@code expectedDimension} values. */
    public static DMatrixRMaj read(Path file, int expectedDimension) {
        return read(file, expectedDimension, null);
    }

    /**
     * As {@link #read(Path, int)}; with a {@code missing} counter, a row with a missing value (an
     * empty field, NA, N/A, NaN or null) is left out and counted there instead of failing the read.
     */
    public static DMatrixRMaj read(Path file, int expectedDimension, MissingValues missing) {
        if (Files.isDirectory(file)) throw InputException.in(file, "is a directory, not a CSV file");
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file, reader, expectedDimension, missing);
        } catch (java.nio.charset.CharacterCodingException e) {
            // The reader decodes ahead of the line it returns, so find the line of the bad bytes.
            long line = lineOfFirstBadUtf8(file);
            if (line > 0) throw InputException.at(file, line, "not valid UTF-8 text");
            throw InputException.reading(file, e);
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
    }

    /**
     * The names in the file's header line, or an empty list when its first line is numeric (no
     * header). A header must name every column once: a count that differs from the rows' or a
     * name given twice is an InputException.
     */
    public static java.util.List<String> header(Path file, int dimension) {
        String first;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = reader.readLine();
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
        if (first == null) return java.util.List.of();
        if (!first.isEmpty() && first.charAt(0) == '\uFEFF') first = first.substring(1);
        if (first.isBlank() || looksNumeric(first)) return java.util.List.of();
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String name : first.split(",", -1)) {
            String n = name.strip();
            if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) n = n.substring(1, n.length() - 1);
            if (n.isEmpty()) throw InputException.at(file, 1, "header column " + (names.size() + 1) + " has no name");
            if (names.contains(n)) throw InputException.at(file, 1, "header names column " + n + " twice");
            names.add(n);
        }
        if (names.size() != dimension)
            throw InputException.at(file, 1, "header names " + names.size() + " columns but the rows have " + dimension + " values");
        return names;
    }

    /** As {@link #write(Path, DMatrixRMaj)}, with a header line of the names first (none when empty). */
    public static void write(Path file, DMatrixRMaj rows, java.util.List<String> header) {
        if (!header.isEmpty() && header.size() != rows.numCols)
            throw new IllegalArgumentException(header.size() + " header names for " + rows.numCols + " columns");
        writeRows(file, rows, header.isEmpty() ? null : String.join(",", header) + "\n");
    }

    /** The 1-based line holding the file's first invalid UTF-8 sequence, or -1 (none found, or unreadable). */
    static long lineOfFirstBadUtf8(Path file) {
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long number = 1;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b == -1) {   // '\n' is never part of a multi-byte UTF-8 sequence
                    try {
                        StandardCharsets.UTF_8.newDecoder()
                                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                                .decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
                    } catch (java.nio.charset.CharacterCodingException bad) {
                        return number;
                    }
                    if (b == -1) return -1;
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static DMatrixRMaj parse(Path file, BufferedReader reader, int expectedDimension, MissingValues missing) throws IOException {
        RowBlocks values = new RowBlocks(1 << 20);
        int dimension = -1;
        int rows = 0;
        long lineNumber = 0;
        long firstBlankLine = -1;
        double[] row = new double[16];
        String[] names = null; // the header's, to name a column with a missing value
        boolean dropping = missing != null;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
            if (line.isBlank()) {
                if (firstBlankLine < 0) firstBlankLine = lineNumber;
                continue;
            }
            if (firstBlankLine >= 0)
                throw InputException.at(file, firstBlankLine, "blank line before the end of the data");
            if (lineNumber == 1 && !looksNumeric(line)) { // header
                names = line.split(",", -1);
                continue;
            }
            int fields = splitInto(file, lineNumber, line, row, names, dropping);
            if (fields < 0) { // row buffer too small: only possible while learning the dimension
                row = new double[-fields];
                fields = splitInto(file, lineNumber, line, row, names, dropping);
            }
            if (dimension < 0) {
                dimension = fields;
                if (expectedDimension >= 0 && dimension != expectedDimension)
                    throw InputException.at(file, lineNumber,
                            "dimension " + dimension + " does not match the model's " + expectedDimension);
            } else if (fields != dimension) {
                throw InputException.at(file, lineNumber, "expected " + dimension + " values, found " + fields);
            }
            int gap = dropping ? firstNaN(row, dimension) : -1; // NaN only ever stands for a missing value here
            if (gap >= 0) {
                String name = columnName(names, gap + 1);
                missing.dropped(name != null ? name : "column " + (gap + 1));
                continue;
            }
            if (values.count() + dimension > Integer.MAX_VALUE - 16) throw InputException.at(file, lineNumber, "too many values for one matrix");
            values.add(row, dimension);
            rows++;
        }
        if (rows == 0) throw Tables.noSamples(file, missing);
        DMatrixRMaj out = new DMatrixRMaj(rows, dimension);
        values.copyTo(out.data);
        return out;
    }

    /**
     * The values read so far in blocks (of 2²⁰ when reading), so that the matrix is the only
     * full-size copy: a doubling array would hold up to three times the data's size at its last
     * growth (1.8 GB at 100 000 × 768).
     */
    static final class RowBlocks {
        private final int block;
        private final java.util.List<double[]> full = new java.util.ArrayList<>();
        private double[] current;
        private int used;
        private long count;

        RowBlocks(int block) {
            this.block = block;
            current = new double[Math.min(block, 1024)];
        }

        long count() { return count; }

        void add(double[] row, int length) {
            int from = 0;
            while (from < length) {
                if (used == current.length) {
                    if (current.length < block) {
                        current = Arrays.copyOf(current, Math.min(block, 2 * current.length));
                    } else {
                        full.add(current);
                        current = new double[block];
                        used = 0;
                    }
                }
                int n = Math.min(length - from, current.length - used);
                System.arraycopy(row, from, current, used, n);
                used += n;
                from += n;
            }
            count += length;
        }

        void copyTo(double[] out) {
            int at = 0;
            for (double[] block : full) {
                System.arraycopy(block, 0, out, at, block.length);
                at += block.length;
            }
            System.arraycopy(current, 0, out, at, used);
        }
    }

    /**
     * Parses the comma-separated fields of one line into row; returns the number of fields, or
     * minus the number of fields when row is too small to hold them.
     */
    private static int splitInto(Path file, long lineNumber, String line, double[] row, String[] names, boolean dropping) {
        int fields = 0;
        int start = 0;
        int length = line.length();
        boolean overflow = false;
        while (true) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            if (fields < row.length) {
                row[fields] = parseField(file, lineNumber, fields + 1, line, start, end, names, dropping);
            } else {
                parseField(file, lineNumber, fields + 1, line, start, end, names, dropping);
                overflow = true;
            }
            fields++;
            if (comma < 0) break;
            start = comma + 1;
        }
        return overflow ? -fields : fields;
    }

    /**
     * One field as a double, exactly as {@link Double#parseDouble} reads it: FastDoubleParser (the
     * copy inside jackson-core) gives the identical double, some ten times faster on 17-digit
     * decimals, without a String per field.
     */
    private static double parseField(Path file, long lineNumber, int fieldNumber, String line, int start, int end,
                                     String[] names, boolean dropping) {
        while (start < end && isSpace(line.charAt(start))) start++;
        while (end > start && isSpace(line.charAt(end - 1))) end--;
        if (!DecimalSyntax.isDecimal(line, start, end)) {
            String text = line.substring(start, end);
            if (MissingValues.isMarker(text)) {
                if (dropping) return Double.NaN;
                if (text.equalsIgnoreCase("nan")) // the message NaN always had, now known as a missing value
                    throw InputException.missingAt(file, lineNumber, "field " + fieldNumber + " is not finite: " + text);
                throw InputException.missingAt(file, lineNumber, "field " + columnLabel(names, fieldNumber)
                        + (text.isEmpty() ? " is empty" : " is '" + text + "'") + ": a missing value");
            }
            if (DecimalSyntax.isNonFiniteWord(text))
                throw InputException.at(file, lineNumber, "field " + fieldNumber + " is not finite: " + text);
            throw InputException.at(file, lineNumber, "field " + fieldNumber + " is not a number: '" + text + "'");
        }
        double value = JavaDoubleParser.parseDouble(line, start, end - start);
        // "1e999" is valid decimal syntax but overflows to infinity.
        if (!Double.isFinite(value))
            throw InputException.at(file, lineNumber, "field " + fieldNumber + " is not finite: " + line.substring(start, end));
        return value;
    }

    /** "4 (horsepower)" when the header names the column, else "4". */
    private static String columnLabel(String[] names, int fieldNumber) {
        String name = columnName(names, fieldNumber);
        return name == null ? Integer.toString(fieldNumber) : fieldNumber + " (" + name + ")";
    }

    /** The header's name of a column (1-based), or null. */
    private static String columnName(String[] names, int fieldNumber) {
        if (names == null || fieldNumber > names.length) return null;
        String n = names[fieldNumber - 1].strip();
        if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) n = n.substring(1, n.length() - 1);
        return n.isEmpty() ? null : n;
    }

    private static int firstNaN(double[] row, int length) {
        for (int j = 0; j < length; j++) if (Double.isNaN(row[j])) return j;
        return -1;
    }

    /** True when every field of the line is a number, counting NaN/Infinity as numbers (they are bad data, not a header). */
    private static boolean looksNumeric(String line) {
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? line.length() : comma;
            int s = start, e = end;
            while (s < e && isSpace(line.charAt(s))) s++;
            while (e > s && isSpace(line.charAt(e - 1))) e--;
            if (!DecimalSyntax.isDecimal(line, s, e) && !DecimalSyntax.isNonFiniteWord(line.substring(s, e))) return false;
            if (comma < 0) return true;
            start = comma + 1;
        }
    }


    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    /** A whole number without ".0" (integer columns read back as written), any other value as Java's shortest form. */
    public static void appendNumber(StringBuilder line, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && Double.doubleToRawLongBits(v) != NEGATIVE_ZERO) line.append((long) v);
        else line.append(v);
    }

    /**
     * Writes the rows with {@link Double#toString}, which reads back to the identical double.
     * Atomic: on failure the target is left as it was. Throws InputException when the file
     * cannot be written (it is the user's output path that is wrong).
     */
    public static void write(Path file, DMatrixRMaj rows) {
        writeRows(file, rows, null);
    }

    private static void writeRows(Path file, DMatrixRMaj rows, String header) {
        for (int i = 0; i < rows.getNumElements(); i++)
            if (!Double.isFinite(rows.data[i]))
                throw new IllegalArgumentException("refusing to write a non-finite value at row "
                        + (i / rows.numCols + 1) + " to " + file);
        try {
            AtomicFiles.write(file, stream -> {
                Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
                if (header != null) out.append(header);
                StringBuilder line = new StringBuilder(rows.numCols * 24);
                for (int r = 0; r < rows.numRows; r++) {
                    line.setLength(0);
                    int base = r * rows.numCols;
                    for (int c = 0; c < rows.numCols; c++) {
                        if (c > 0) line.append(',');
                        appendNumber(line, rows.data[base + c]);
                    }
                    line.append('\n');
                    out.append(line);
                }
                out.flush();
            });
        } catch (IOException e) {
            throw InputException.writing(file, e);
        }
    }
}
