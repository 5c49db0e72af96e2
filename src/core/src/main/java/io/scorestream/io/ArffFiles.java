package io.scorestream.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Weka's ARFF files, as UCI and OpenML ship data sets ({@code .arff}, {@code .arff.gz}; told by
 * their text, {@link DataFiles#isArff}), read as the CSV they nearly are: the @attribute names
 * become a header line above the @data rows, in a temporary CSV file that the CSV reader reads
 * with each column's declared kind ({@link DeclaredKind}), so that labels, dates, missing values
 * and every message are the CSV reader's, not a second copy of them. Messages name the ARFF file
 * and its own line.
 *
 * <p>What is ARFF's own is done here: {@code %} comments, quoted names and values with backslash
 * escapes, a nominal value not declared (an error on its line), sparse rows
 * ({@code {0 1.5, 3 X}}: an attribute not listed is 0, a nominal one its first declared value),
 * and instance weights ({@code {2}} after a row's values), which are ignored and said so: every
 * row counts once. A nominal column's labels are the declared values its rows hold (one met once
 * is a label; one never met is not learned).
 */
final class ArffFiles {
    private ArffFiles() {}

    /** The file's rows and columns, as {@link CsvVectors#readTable} reads a CSV file's. */
    static CsvVectors.Table read(Path file, List<String> fields, int expectedDimension, MissingValues missing) {
        try {
            return read(file, StandardCharsets.UTF_8, fields, expectedDimension, missing, null);
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            // Older ARFF files (Weka's own data among them) are Latin-1: read so and said, as a CSV file is.
            long line = CsvVectors.lineOfFirstBadUtf8(file);
            if (!DataFiles.mayBeLatin1(file)) throw InputException.at(file, Math.max(1, line), "not valid UTF-8 text");
            if (missing != null) missing.clear();
            try {
                return read(file, StandardCharsets.ISO_8859_1, fields, expectedDimension, missing, "read as Latin-1 (ISO-8859-1): not UTF-8 from line " + line);
            } catch (IOException e) {
                throw InputException.reading(file, e);
            }
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
    }

    private static CsvVectors.Table read(Path file, Charset charset, List<String> fields, int expectedDimension, MissingValues missing, String note) throws IOException {
        Path csv = Files.createTempFile("scorestream-arff-", ".csv");
        try {
            Translation written;
            try (BufferedReader in = DataFiles.openText(file, charset); Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                written = translate(file, in, out);
            }
            CsvVectors.Table table;
            try {
                table = CsvVectors.readDeclared(csv, fields, expectedDimension, missing, written.kinds());
            } catch (InputException e) {
                throw e.translatedFrom(csv, file, written.arffLines());
            }
            List<String> notes = new ArrayList<>();
            if (note != null) notes.add(note);
            if (table.leftOut() != null) notes.add(table.leftOut());
            if (written.weighted() > 0)
                notes.add("instance weights ({w} after a row's values) on " + written.weighted() + " row" + (written.weighted() == 1 ? "" : "s") + " ignored: every row counts once");
            return new CsvVectors.Table(table.rows(), table.names(), notes.isEmpty() ? null : String.join("; ", notes), table.labels(), table.textForms());
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /**
     * What translating wrote: the declared kinds of its columns, the ARFF line of each CSV line
     * (index 1 the header, from the @data line), and how many rows carried a weight.
     */
    private record Translation(DeclaredKind[] kinds, long[] arffLines, long weighted) {}

    /** The header read and the @data rows written as CSV with a header line of the names. */
    private static Translation translate(Path file, BufferedReader in, Writer out) throws IOException {
        List<ArffAttribute> attributes = new ArrayList<>();
        long lineNumber = 0;
        String line;
        boolean data = false;
        while (!data && (line = in.readLine()) != null) {
            lineNumber++;
            String text = lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1).strip() : line.strip();
            if (text.isEmpty() || text.startsWith("%")) continue;
            String keyword = text.split("\\s", 2)[0].toLowerCase(Locale.ROOT);
            switch (keyword) {
                case "@relation" -> { }
                case "@attribute" -> attributes.add(declared(file, lineNumber, attributes, new ArffText(file, lineNumber, text.substring(keyword.length()))));
                case "@data" -> data = true;
                default -> throw InputException.at(file, lineNumber, "expected @attribute or @data in an ARFF header, found '" + CsvVectors.abbreviated(text) + "'");
            }
        }
        if (!data) throw InputException.at(file, Math.max(1, lineNumber), "the ARFF header ends without a @data line (the rows follow it)");
        if (attributes.isEmpty()) throw InputException.at(file, lineNumber, "@data with no @attribute above it");
        StringBuilder row = new StringBuilder();
        out.append(quotedNames(attributes)).append('\n');
        long[] arffLines = new long[1024];
        arffLines[1] = lineNumber;
        int csvLine = 1;
        long weighted = 0;
        ArffRows rows = new ArffRows(file, attributes);
        while ((line = in.readLine()) != null) {
            lineNumber++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("%")) continue;   // Weka allows both among the rows; the CSV reader would not
            row.setLength(0);
            if (rows.write(lineNumber, text, row)) weighted++;
            out.append(row).append('\n');
            if (++csvLine == arffLines.length) arffLines = Arrays.copyOf(arffLines, 2 * arffLines.length);
            arffLines[csvLine] = lineNumber;
        }
        out.flush();
        DeclaredKind[] kinds = attributes.stream().map(ArffAttribute::kind).toArray(DeclaredKind[]::new);
        return new Translation(kinds, arffLines, weighted);
    }

    /** The header line: every name in double quotes, so that names that look like numbers are still names. */
    private static String quotedNames(List<ArffAttribute> attributes) {
        StringBuilder names = new StringBuilder();
        for (ArffAttribute a : attributes) names.append(names.isEmpty() ? "" : ",").append('"').append(a.name().replace("\"", "\"\"")).append('"');
        return names.toString();
    }

    /** The attribute declared on the line, refused when an earlier one has its name (the CSV header could not name both). */
    private static ArffAttribute declared(Path file, long lineNumber, List<ArffAttribute> before, ArffText text) {
        ArffAttribute attribute = ArffAttribute.parse(file, lineNumber, text);
        for (ArffAttribute other : before)
            if (other.name().equals(attribute.name()))
                throw InputException.at(file, lineNumber, "@attribute " + attribute.name() + " is declared twice (first on line " + other.line() + ")");
        return attribute;
    }
}
