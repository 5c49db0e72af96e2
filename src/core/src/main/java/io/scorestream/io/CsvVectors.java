package io.scorestream.io;

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
 * Vector samples as CSV: one sample per line, decimal numbers. Written comma-separated; read as
 * other programs write them too ({@link CsvFields}: semicolons or tabs, quoted fields, decimal
 * commas, R's and pandas' row labels).
 *
 * <p>Reading is strict because a silently mis-read file (a dropped column, a NaN) poisons a
 * fit that then takes minutes: every problem becomes an {@link InputException} naming the file,
 * the 1-based line and the reason. A first line that is not numeric is taken as a header;
 * blank lines are skipped wherever they are. Fields are split by hand rather than with a regex
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
     * empty field, NA, N/A, NaN, null or ?) is left out and counted there instead of failing the read.
     */
    public static DMatrixRMaj read(Path file, int expectedDimension, MissingValues missing) {
        return readTable(file, java.util.List.of(), expectedDimension, missing).rows();
    }

    /**
     * A CSV file's rows and column names.
     *
     * @param names    the header's names of the columns read (empty without a header line)
     * @param leftOut  what was not read, for the user ("column 1 (row labels ...) left out"), or null
     * @param labels   per column its sorted labels, the values being their indices (empty for a
     *                 numeric column); an empty list when no column holds labels
     * @param textForms per column the pattern of its dates, times, percentages or amounts, as
     *                 {@link RecordSchema#textForms()}
     * @param dialect  how the file was written (semicolons, decimal commas, Latin-1), for its generated rows
     */
    public record Table(DMatrixRMaj rows, java.util.List<String> names, String leftOut, java.util.List<java.util.List<String>> labels,
                        java.util.List<String> textForms, CsvDialect dialect) {
        public Table(DMatrixRMaj rows, java.util.List<String> names, String leftOut) { this(rows, names, leftOut, java.util.List.of(), java.util.List.of()); }

        public Table(DMatrixRMaj rows, java.util.List<String> names, String leftOut, java.util.List<java.util.List<String>> labels) {
            this(rows, names, leftOut, labels, java.util.List.of());
        }

        public Table(DMatrixRMaj rows, java.util.List<String> names, String leftOut, java.util.List<java.util.List<String>> labels, java.util.List<String> textForms) {
            this(rows, names, leftOut, labels, textForms, CsvDialect.STANDARD);
        }
    }

    /**
     * The columns of file named by fields (all when empty), in that order, as {@link #read(Path, int,
     * MissingValues)} reads them. A first column that the header leaves unnamed (R's write.csv,
     * pandas' to_csv with its index), or one more column than the header names whose first field is
     * quoted or not a number (R's write.table), holds row labels: it is left out and said so in
     * {@link Table#leftOut}. A header must name every
     * other column once; a count that differs from the rows', or a name given twice, is an
     * InputException, as is a field name the header lacks.
     */
    /** As {@link #readTable}, of a workbook the sheet of this name (null: its sheet of the most rows); a sheet named of another file is an InputException. */
    public static Table readTable(Path file, java.util.List<String> fields, int expectedDimension, MissingValues missing, String sheet) {
        if (sheet == null) return readTable(file, fields, expectedDimension, missing);
        if (!Workbooks.isWorkbook(file)) throw InputException.in(file, "--sheet names a workbook's sheet, and this is no .xlsx or .xls workbook");
        return Workbooks.read(file, fields, expectedDimension, missing, sheet);
    }

    public static Table readTable(Path file, java.util.List<String> fields, int expectedDimension, MissingValues missing) {
        if (Files.isDirectory(file)) throw InputException.in(file, "is a directory, not a CSV file");
        if (Workbooks.isWorkbook(file)) return Workbooks.read(file, fields, expectedDimension, missing);
        if (DataFiles.isArff(file)) return ArffFiles.read(file, fields, expectedDimension, missing);
        if (LibsvmFiles.isLibsvm(file)) return LibsvmFiles.read(file, fields, expectedDimension, missing);
        try {
            return readText(file, fields, expectedDimension, missing);
        } catch (InputException notCsv) {
            // A file of another format fails somewhere in its first lines, in words about CSV
            // ("header names 1 columns", "text after its closing quote"): name the format instead.
            String foreign = DataFiles.foreignFormat(file);
            if (foreign != null) throw InputException.in(file, foreign);
            throw notCsv;
        }
    }

    /**
     * A UTF-8 CSV file whose first line names the columns and whose fields' kinds are declared
     * (null: judged as for any CSV file), as {@link ArffFiles} writes an ARFF file's rows: read as
     * {@link #readTable} reads a CSV file, its kinds as declared.
     */
    static Table readDeclared(Path file, java.util.List<String> fields, int expectedDimension, MissingValues missing, DeclaredKind[] declared) {
        try {
            return parse(file, java.nio.charset.StandardCharsets.UTF_8, fields, expectedDimension, missing, declared);
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
    }

    private static Table readText(Path file, java.util.List<String> fields, int expectedDimension, MissingValues missing) {
        try {
            return parse(file, java.nio.charset.StandardCharsets.UTF_8, fields, expectedDimension, missing, null);
        } catch (java.nio.charset.CharacterCodingException e) {
            // Not UTF-8: Latin-1 where that can be (numbers read the same; names and text columns in
            // its letters), and said so; else the line of the first bad bytes (the reader decodes
            // ahead of the line it returns, so it is looked for).
            long line = lineOfFirstBadUtf8(file);
            if (DataFiles.mayBeLatin1(file)) {
                if (missing != null) missing.clear();   // the rows before the bad bytes are read again
                try {
                    Table latin = parse(file, java.nio.charset.StandardCharsets.ISO_8859_1, fields, expectedDimension, missing, null);
                    String read = "read as Latin-1 (ISO-8859-1): not UTF-8 from line " + line;
                    return new Table(latin.rows(), latin.names(), latin.leftOut() == null ? read : read + "; " + latin.leftOut(), latin.labels(), latin.textForms(), latin.dialect());
                } catch (InputException latin) {
                    // Failing on the very line of the bad bytes, as Latin-1 too, on a field that is no
                    // number, the bytes are the problem (a 0xff in a number): say that. Another problem
                    // is the file's own, on that line too: worldcitiespop.txt's line 2, "Aixàs" in Latin-1
                    // beside an empty Population, was "not valid UTF-8 text", not its missing value.
                    if (line <= 0 || !latin.getMessage().startsWith(file + ":" + line + ":") || !latin.notANumber()) throw latin;
                } catch (IOException again) {
                    throw InputException.reading(file, again);
                }
            }
            if (line > 0) throw InputException.at(file, line, "not valid UTF-8 text");
            throw InputException.reading(file, e);
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
    }

    /** As {@link #write(Path, DMatrixRMaj)}, with a header line of the names first (none when empty). */
    public static void write(Path file, DMatrixRMaj rows, java.util.List<String> header) {
        if (!header.isEmpty() && header.size() != rows.numCols)
            throw new IllegalArgumentException(header.size() + " header names for " + rows.numCols + " columns");
        writeRows(file, rows, header.isEmpty() ? null : String.join(String.valueOf(CsvDialect.STANDARD.delimiterOf(file)), header) + "\n", null, CsvDialect.STANDARD);
    }

    /**
     * As {@link #write(Path, DMatrixRMaj, java.util.List)} with the columns' names, a column of labels
     * or times written as its text, in the columns' {@link CsvDialect} (the file they were learned
     * from: semicolons and decimal commas stay so; a {@code .tsv} or {@code .tab} file is tab-separated).
     */
    public static void write(Path file, DMatrixRMaj rows, RecordSchema columns) {
        java.util.List<String> header = columns.names();
        if (!header.isEmpty() && header.size() != rows.numCols)
            throw new IllegalArgumentException(header.size() + " header names for " + rows.numCols + " columns");
        char delimiter = columns.dialect().delimiterOf(file);
        StringBuilder names = new StringBuilder();
        for (String name : header) appendLabel(names.append(names.isEmpty() ? "" : String.valueOf(delimiter)), name, delimiter);
        CsvDialect dialect = columns.dialect();
        // A byte-order mark tells Excel the file is UTF-8, which only text beyond ASCII needs; in a
        // file of ASCII it would only reach other readers (pandas keeps it in the first column's name).
        if (dialect.byteOrderMark() && isAscii(columns)) dialect = new CsvDialect(dialect.delimiter(), dialect.decimalMark(), dialect.charset());
        writeRows(file, rows, header.isEmpty() ? null : names + "\n", columns.hasText() ? columns : null, dialect);
    }

    /** Whether every name, label and text form of the columns is ASCII. */
    private static boolean isAscii(RecordSchema columns) {
        java.util.List<String> texts = new java.util.ArrayList<>(columns.names());
        texts.addAll(columns.textForms());
        columns.labels().forEach(texts::addAll);
        for (String text : texts) for (int i = 0; i < text.length(); i++) if (text.charAt(i) > 127) return false;
        return true;
    }

    /**
     * A label as one CSV field: quoted (quotes doubled) when it holds the delimiter, a quote, a line
     * break or edge spaces, is empty, or is spelled like a missing-value marker (NA: North America,
     * a declared ARFF value), as R writes the string "NA" apart from its missing NA; such a quoted
     * label reads back as the label ({@link #quotedMarker}).
     */
    public static void appendLabel(StringBuilder line, String label, char delimiter) {
        boolean quote = label.isEmpty() || !label.equals(label.strip()) || MissingValues.isMarker(label);
        for (int i = 0; i < label.length() && !quote; i++) {
            char c = label.charAt(i);
            quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) { line.append(label); return; }
        line.append('"').append(label.replace("\"", "\"\"")).append('"');
    }

    /** The 1-based line holding the file's first invalid UTF-8 sequence, or -1 (none found, or unreadable). */
    static long lineOfFirstBadUtf8(Path file) {
        try (java.io.InputStream in = DataFiles.open(file)) {
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

    /**
     * The file in charset, its columns judged on its head when that holds numbers only — the first
     * pass over the whole file is then spared — and on the whole file when a later field proves the
     * head wrong (a word in a column of numbers) or the head holds anything else. Either way the
     * result is the whole file's judgement: a file read to its end on the head's has a number or a
     * missing value in every field, so all its columns are numbers.
     */
    private static Table parse(Path file, java.nio.charset.Charset charset, java.util.List<String> fields, int expectedDimension, MissingValues missing,
                               DeclaredKind[] declared) throws IOException {
        try (BufferedReader reader = DataFiles.openText(file, charset)) {
            return parse(file, reader, charset, fields, expectedDimension, missing, false, declared);
        } catch (HeadMisjudged wrong) {
            if (missing != null) missing.clear();   // the rows before are read again
            try (BufferedReader reader = DataFiles.openText(file, charset)) {
                return parse(file, reader, charset, fields, expectedDimension, missing, true, declared);
            }
        }
    }

    /** A field that the head's judgement did not foresee: the file is read again, judged on all of it. */
    private static final class HeadMisjudged extends RuntimeException {
        HeadMisjudged() {
            super(null, null, false, false);
        }
    }

    /** Data rows that, a number in every field of them, judge the file without the first pass over all of it. */
    static final int HEAD_ROWS = 200;

    /**
     * wholeFile: judge the columns on every row, even when the head holds numbers only. declared:
     * per field its kind as a schema declares it, the first line then being the header and the
     * fields comma-separated ({@link #readDeclared}); null for a CSV file, judged on its own.
     */
    private static Table parse(Path file, BufferedReader reader, java.nio.charset.Charset charset, java.util.List<String> fields, int expectedDimension, MissingValues missing,
                               boolean wholeFile, DeclaredKind[] declared) throws IOException {
        RowBlocks values = new RowBlocks(1 << 20);
        CsvFields split = null;
        Layout layout = null;
        java.util.List<String> header = null;
        int rows = 0;
        long lineNumber = 0;
        double[] row = null;
        LabelCodes labels = null;
        boolean judgedOnHead = false;
        String[] pending = null;    // a categorical column's label on the row being read (null: a numeric column or a missing value)
        boolean dropping = missing != null;
        String line, next = null;   // next: the second line, once read ahead to judge the first
        String comment = null;      // the last of the '#' lines that open the file
        boolean headerFromComment = false;
        long firstContent = -1;     // the first line that is neither blank nor such a comment
        long headerLine = 1;        // the header's line, for its errors: past the comments and blank lines opening the file
        long[] aheadBlank = {0};    // blank lines read ahead of next, counted when next is taken
        long[] joined = {0};        // lines a record spans past its first (a quoted field holding line breaks)
        boolean[] naCodes = null;   // per field: NA is a code of its column of two-letter codes, not a missing value
        boolean byteOrderMark = false;
        while ((line = next != null ? next : reader.readLine()) != null) {
            if (next != null) lineNumber += aheadBlank[0];
            aheadBlank[0] = 0;
            next = null;
            lineNumber += 1 + joined[0];
            joined[0] = 0;
            line = record(reader, line, joined);
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
                byteOrderMark = true;   // Excel's "CSV UTF-8": generated files open with one too (CsvDialect)
            }
            // Blank lines separate blocks of rows (gnuplot's data files, numpy's savetxt of a 3-D
            // array): the rows are read on, as pandas, R and numpy read them; refusing the file
            // at its first blank line lost every row of it.
            if (line.isBlank() || isRule(line)) continue;
            // Lines opening the file with '#' are comments (numpy's savetxt writes its header as one);
            // in such a file a '#' line between the rows is one too (gnuplot's "# longitudinal" above a block).
            if (line.startsWith("#") && (firstContent < 0 || comment != null)) {
                if (firstContent < 0) comment = line;
                continue;
            }
            if (firstContent < 0) firstContent = lineNumber;
            if (split == null && declared != null) split = new CsvFields(',');
            if (split == null) {
                split = CsvFields.of(file, line);
                // Spaces separate fields only if the next line agrees: a header with spaces in its
                // names above rows without ("sepal length" over "5.1") is one column.
                if (split.delimiter == CsvFields.SPACES && (next = aheadOf(reader, aheadBlank)) != null
                        && !sameFieldCount(file, lineNumber, line, next)) split = new CsvFields(',');
                // Every line ending with the delimiter adds no empty last column: so a header ending
                // with one (a name cannot be empty), or two first rows that both do (one alone may
                // just miss its last value).
                if (split.endsWithDelimiter(line)) {
                    CsvFields trailing = split.withTrailingDelimiter();
                    trailing.split(file, lineNumber, line);
                    if (!trailing.allNumeric(line) || ((next != null || (next = aheadOf(reader, aheadBlank)) != null) && split.endsWithDelimiter(next)))
                        split = trailing;
                }
            }
            int count = split.split(file, lineNumber, line);
            if (lineNumber == firstContent && comment != null && split.allNumeric(line)) {
                // The last comment names the columns when it has as many fields as the data and
                // they are not numbers: "# a,b" above rows of two numbers (np.savetxt(header=...)).
                header = namesInComment(file, lineNumber, comment, split.delimiter, count);
                headerFromComment = header != null;
            }
            // A first line that is not all numbers is a header, unless it is numbers with a missing
            // value among them (a headerless file's first row); so is one of quoted numbers above a
            // line that is not all quoted (R's write.csv quotes every name, never a number).
            boolean declaredHeader = declared != null && lineNumber == firstContent;   // a schema's names, whatever they look like
            boolean signedFirstRow = lineNumber == firstContent && !headerFromComment && !declaredHeader && split.numbersWithSigns(line);
            boolean isHeader = declaredHeader || (lineNumber == firstContent && !headerFromComment && !split.allNumeric(line) && !split.numbersWithGaps(line) && !signedFirstRow);
            if (lineNumber == firstContent && !isHeader && !headerFromComment && split.allQuoted()) {
                if (next == null) next = aheadOf(reader, aheadBlank);
                isHeader = next != null && !next.isBlank() && !allQuoted(file, next, split.delimiter);
            }
            boolean labelledFirstRow = isHeader && !declaredHeader && firstRowOfLabelledData(file, charset, split, count, line);
            if (labelledFirstRow) isHeader = false;
            if (labelledFirstRow && comment != null) {
                // So does it above a first row of labels and numbers: gnuplot's energy_circles.dat
                // opens "#Latitude<TAB>Longitude<TAB>Continent…" above "55.0<TAB>85.0<TAB>"ASIA…"", whose
                // columns were left unnamed.
                header = namesInComment(file, lineNumber, comment, split.delimiter, count);
                headerFromComment = header != null;
            }
            if (lineNumber == firstContent && !isHeader && !headerFromComment && !split.allNumeric(line) && split.numbersWithGaps(line)) {
                // Numbers with gaps above a line of names is no row: a line above the header, as
                // scikit-learn's boston_house_prices.csv opens (506,13,,,…), which otherwise stops
                // on its first gap as a missing value, or, with --drop-incomplete, on the header.
                if (next == null) next = aheadOf(reader, aheadBlank);
                if (next != null && namesOnly(file, lineNumber + 1, next, split))
                    throw InputException.at(file, lineNumber, "holds numbers with empty fields (" + abbreviated(line) + ") above a line of names: a line above the header"
                            + " (scikit-learn's files open with their row and column counts so)? Remove it, and the names below are the header");
            }
            if (isHeader && count == 1 && !declaredHeader) {
                // One name above a line of several fields: a title above the table (statistics
                // offices' and spreadsheets' exports), which became a column named by the title
                // ("field 2 (Title of the table) is not a number: 'b'"). Judged by the line's own
                // delimiter, not by runs of spaces (a column of names such as New York).
                if (next == null) next = aheadOf(reader, aheadBlank);
                if (next != null && fieldsOfItsOwn(file, lineNumber + 1, next) >= 2)
                    throw InputException.at(file, lineNumber, "holds one field (" + abbreviated(line) + ") above a line of " + fieldsOfItsOwn(file, lineNumber + 1, next)
                            + ": a title above the table? Remove the lines above the header");
            }
            if (isHeader && count == 1 && !declaredHeader && line.strip().contains("  ")) {
                // Columns aligned by runs of spaces whose values hold single spaces (readr's
                // massey-rating.txt: "UCC PAY LAZ KPK  RT …  Team            Conf" above rows naming
                // "Ohio St"; the EPA's fixed-width epa78.txt): the two lines split into different
                // counts, so the file was read as one column, "every column holds free text or dates
                // (UCC PAY LAZ KPK  RT   COF …)", the whole header named as one column.
                if (next == null) next = aheadOf(reader, aheadBlank);
                int names = spaceFields(file, lineNumber, line), below = next == null ? 0 : spaceFields(file, lineNumber + 1, next);
                if (names >= 2 && below >= 2 && names != below)
                    throw InputException.at(file, lineNumber, "splits on spaces into " + names + " fields (" + abbreviated(line) + ") but the line below into " + below
                            + ": columns aligned by spaces whose values hold spaces (a fixed-width table)? Write it with commas or tabs between the fields");
            }
            if (isHeader) {
                headerLine = lineNumber;
                header = new java.util.ArrayList<>(count);
                for (int f = 0; f < count; f++) header.add(split.text(line, f).strip());
                header = withoutSingleQuotes(header);
                continue;
            }
            if (layout == null) {
                naCodes = new boolean[count];
                TimeFormat[] times = new TimeFormat[count];
                NumberForm[] numberForms = new NumberForm[count];
                FieldKind[] kinds = numbersOnly(count);
                if (header != null) {
                    judgedOnHead = !wholeFile && declared == null && fieldKinds(file, charset, split, count, !headerFromComment, times, numberForms, HEAD_ROWS, null) == null;
                    if (!judgedOnHead) kinds = fieldKinds(file, charset, split, count, !headerFromComment, times, numberForms, Long.MAX_VALUE, declared, declared == null ? naCodes : null);
                    if (declared != null) declare(kinds, times, numberForms, declared);
                } else if (labelledFirstRow) {
                    // A headerless file with text columns (UCI's .data files): judged on every row, as a header's are.
                    kinds = fieldKinds(file, charset, split, count, false, times, numberForms, Long.MAX_VALUE, null, naCodes);
                } else if (signedFirstRow) {
                    // A headerless file's columns are numbers; those written with signs (11.9%) take their form from every row.
                    fieldKinds(file, charset, split, count, false, new TimeFormat[count], numberForms, Long.MAX_VALUE, null);
                }
                layout = Layout.of(file, headerLine, header, count, fields, split.isQuoted(0) || !split.isNumber(line, 0), kinds, times, numberForms, "line " + lineNumber + ": " + abbreviated(line));
                labels = new LabelCodes(layout.categorical());
                if (expectedDimension >= 0 && layout.dimension() != expectedDimension) {
                    if (judgedOnHead) throw new HeadMisjudged();   // the whole file may leave out a column of text
                    throw InputException.at(file, lineNumber,
                            "dimension " + layout.dimension() + " does not match the model's " + expectedDimension);
                }
                row = new double[layout.dimension()];
                pending = new String[row.length];
            } else if (count != layout.fields()) {
                // Split on runs of spaces, a row of another count is most often a fixed-width table's:
                // a value holding a space ("San Jose" in MariaDB's boys.txt) or a blank one (an empty
                // column in its employee.dat), which "expected 4 values, found 5" alone left unsaid. A
                // line of one field is no such row (a column of numbers under NIST's "n = 200" lines).
                throw InputException.at(file, lineNumber, "expected " + layout.fields() + " values, found " + count + (split.delimiter != CsvFields.SPACES || count < 2 ? ""
                        : ", split on runs of spaces (" + abbreviated(line.strip()) + "): a value holding a space, or a blank one, in a fixed-width table?"
                          + " Write it with commas or tabs between the fields"));
            }
            // Every field is read, so that a row with a missing value still fails on one that is not a number.
            int gap = -1;
            for (int j = 0; j < row.length; j++) {
                int f = layout.columns()[j];
                if (layout.times()[j] != null) {
                    row[j] = timeField(file, lineNumber, split, line, f, layout, dropping, layout.times()[j]);
                } else if (layout.numberForms()[j] != null) {
                    row[j] = formedField(file, lineNumber, split, line, f, layout, dropping, layout.numberForms()[j]);
                } else if (labels.isCategorical(j)) {
                    pending[j] = naIsACode(naCodes, f, split, line) ? textOf(split, line, f).strip() : categoricalField(file, lineNumber, split, line, f, layout, dropping);
                    row[j] = pending[j] == null ? Double.NaN : 0;
                } else {
                    try {
                        row[j] = parseField(file, lineNumber, split, line, f, layout, dropping);
                        if (judgedOnHead && split.digitForm(line, f) == CsvFields.CODE) throw new HeadMisjudged();   // a code past the head: its column is text
                    } catch (InputException word) {
                        if (judgedOnHead && word.notANumber()) throw new HeadMisjudged();
                        throw word;
                    }
                }
                if (gap < 0 && Double.isNaN(row[j])) gap = f; // NaN only ever stands for a missing value here
            }
            if (gap >= 0) {
                String name = layout.name(gap);
                missing.dropped(name != null ? name : "column " + (gap + 1));
                continue;
            }
            // Labels are numbered only on rows kept: a label seen on dropped rows alone is none of the column's.
            for (int j = 0; j < row.length; j++) if (pending[j] != null) row[j] = labels.code(j, pending[j]);
            if (values.count() + row.length > Integer.MAX_VALUE - 16) throw InputException.at(file, lineNumber, "too many values for one matrix");
            values.add(row, row.length);
            rows++;
        }
        if (rows == 0) throw Tables.noSamples(file, missing);
        CsvFields.PointGroupingConflict conflict = split.pointGroupingConflict();
        if (conflict != null)   // 1.234 beside 1.234,50 may be 1.234 or 1234: no guess
            throw InputException.in(file, "field " + layout.label(conflict.field()) + " groups thousands with points (" + conflict.grouped() + "), so "
                    + conflict.ambiguous() + " may be a decimal or a whole number: write every value of it with its decimals (1.234,00) or without points (1234)");
        DMatrixRMaj out = new DMatrixRMaj(rows, layout.dimension());
        values.copyTo(out.data);
        return new Table(out, layout.names(), layout.leftOut(), labels.any() ? labels.finish(out) : java.util.List.of(), layout.textForms(),
                CsvDialect.read(split.delimiter, split.readDecimalCommas(), charset, byteOrderMark && charset.equals(StandardCharsets.UTF_8)));
    }

    /** The fields of a line split on the delimiter it shows itself (comma, semicolon, tab, pipe, caret), or 0 (runs of spaces, or a broken quote). */
    private static int fieldsOfItsOwn(Path file, long lineNumber, String line) {
        CsvFields own = CsvFields.of(file, line);
        if (own.delimiter == CsvFields.SPACES) return 0;
        try {
            return own.split(file, lineNumber, line);
        } catch (InputException broken) {
            return 0;
        }
    }

    /** Physical lines one record may span: past them, a quote that never closes is named on its own line. */
    static final int MAX_RECORD_LINES = 100;

    /**
     * The record that starts with line: the line itself, or, when it opens a quoted field that it
     * does not close (RFC 4180 allows line breaks in one: a comment, an address), the line joined
     * with the following ones by '\n' up to the one that closes it, at most
     * {@value #MAX_RECORD_LINES} lines; the lines joined past the first are added to joined[0].
     * Such a file stopped at its first, "a quote that never closes (a field may not span lines)"
     * (data.table's doublequote_newline.csv, {@code 1,"embedded ""field""} over three lines). A quote
     * opens a field only at its start (after a delimiter of any kind, or the line's start), so an
     * inch mark inside a value ({@code 5'11"}) joins nothing; a quote left open for good is still
     * refused on its own line.
     */
    private static String record(BufferedReader reader, String line, long[] joined) throws IOException {
        if (line.indexOf('"') < 0 || !opensAQuote(line)) return line;
        reader.mark(1 << 20);
        StringBuilder text = new StringBuilder(line);
        for (int k = 1; k < MAX_RECORD_LINES; k++) {
            String more = reader.readLine();
            if (more == null || text.length() + more.length() > (1 << 19)) break;
            text.append('\n').append(more);
            if (!opensAQuote(text)) {
                joined[0] += k;
                return text.toString();
            }
        }
        reader.reset();
        return line;
    }

    /** Whether text ends inside a quoted field: a quote at a field's start (past spaces) not closed by a lone quote; "" inside is a quote. */
    private static boolean opensAQuote(CharSequence text) {
        boolean inside = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inside) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') i++;
                    else inside = false;
                }
            } else if (c == '"') {
                int j = i - 1;
                while (j >= 0 && text.charAt(j) == ' ') j--;
                inside = j < 0 || ",;\t|^\n".indexOf(text.charAt(j)) >= 0;
            }
        }
        return inside;
    }

    /**
     * The next line that is not blank, read ahead to judge the one before (its delimiter, whether a
     * header): a blank line between them is no evidence (ABS's exports put one under their title,
     * "Australian Bureau of Statistics", which was then split on its spaces unchecked). Counts the
     * blank lines passed into blanks[0].
     */
    private static String aheadOf(BufferedReader reader, long[] blanks) throws IOException {
        String line;
        while ((line = reader.readLine()) != null && (line.isBlank() || isRule(line))) blanks[0]++;
        return line;
    }

    /**
     * Whether a line is a rule drawn under or around a header ({@code -----------}, {@code ===  ===},
     * {@code ----+----}, as astropy's test5.dat, console tables and fixed-width reports draw them):
     * only dashes, equals signs, pluses, pipes and spaces, with a run of at least three dashes or
     * equals signs. As a header it was the file's one column, "every column holds free text or
     * dates (------)". A lone {@code -} or {@code --} (a missing value), or a row of them
     * ({@code - - -}), is no rule.
     */
    static boolean isRule(String line) {
        int run = 0, longest = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '-' || c == '=') longest = Math.max(longest, ++run);
            else if (c == '+' || c == '|' || c == ' ' || c == '\t') run = 0;
            else return false;
        }
        return longest >= 3;
    }

    /**
     * The columns' names in a comment opening the file ("# a,b", "#Latitude<TAB>Longitude"): its
     * fields past the '#' when they are as many as the first row's and not all numbers; else null
     * (prose, or a comment with a quote that never closes).
     */
    private static java.util.List<String> namesInComment(Path file, long lineNumber, String comment, char delimiter, int count) {
        String names = comment.substring(1).strip();
        CsvFields commentFields = new CsvFields(delimiter);
        try {
            if (names.isEmpty() || commentFields.split(file, lineNumber - 1, names) != count || commentFields.allNumeric(names)) return null;
        } catch (InputException notNames) {
            return null;
        }
        java.util.List<String> header = new java.util.ArrayList<>(count);
        for (int f = 0; f < count; f++) header.add(commentFields.text(names, f).strip());
        return header;
    }

    /**
     * The names without their quotes when every one is in single quotes ({@code 'OBS' 'GPA'}, as
     * statsmodels' spector.dat and some older exporters write a header): the quotes are the
     * header's, not the names', which would otherwise come back quoted in every generated file.
     */
    private static java.util.List<String> withoutSingleQuotes(java.util.List<String> names) {
        for (String name : names) if (name.length() < 3 || name.charAt(0) != '\'' || name.charAt(name.length() - 1) != '\'') return names;
        return new java.util.ArrayList<>(names.stream().map(name -> name.substring(1, name.length() - 1)).toList());
    }

    /** What a field of a file holds, judged on all its rows ({@link #fieldKinds}). */
    enum FieldKind {
        NUMBER,
        /** Text whose values repeat (a species, a region, yes/no): a categorical column. */
        LABEL,
        /** ISO dates or times of one form ({@link TimeFormat}): a column of days or seconds since 1970. */
        TIME,
        /** Text that rarely repeats (a name, an identifier), or dates in a form not read (01/02/2012): left out unless chosen. */
        FREE_TEXT,
        /**
         * No value in any row, every field empty or a missing-value marker (a spreadsheet's year
         * not yet filled in): nothing to learn, and as a column it would leave every row incomplete.
         * Left out and named unless chosen, when it is read as a number (and stops at its first row).
         */
        EMPTY
    }

    private static FieldKind[] numbersOnly(int count) {
        FieldKind[] kinds = new FieldKind[count];
        java.util.Arrays.fill(kinds, FieldKind.NUMBER);
        return kinds;
    }

    /**
     * Which fields hold text: those where most of the data rows that have a value there (not a
     * missing-value marker) have something other than a number (a species, a date, a name). Judged
     * on every row, in a first pass over the file, not on its head: a file sorted by one column
     * shows one value of it, and all different values of another, for hundreds of rows; a column
     * whose first hundreds of values are missing is still judged on the rest; and a numeric column
     * with one bad field stays numeric and fails on that field's line, as it should. A number's
     * syntax is checked, not its value read, and a column's different values are kept only while it
     * may be labels ({@link LabelCodes.Evidence}). Rows of another field count or with a broken
     * quote are skipped here, and the pass ends at bytes that are not text in the charset: the
     * reader reports them, in the file's order.
     *
     * <p>Text is a set of labels when its values repeat ({@link LabelCodes.Evidence}).
     *
     * @param rows the data rows judged: the head's, or all ({@link Long#MAX_VALUE})
     * @param declared per field its declared kind, or null: a field declared text has every value judged as text, numbers too
     * @return what each field holds; null when every field of the rows judged is a number (none is
     *         missing, none is text): that head alone may judge the file ({@link #HEAD_ROWS})
     */
    private static FieldKind[] fieldKinds(Path file, java.nio.charset.Charset charset, CsvFields fileFields, int count, boolean headerLine, TimeFormat[] times,
                                          NumberForm[] numberForms, long rows, DeclaredKind[] declared) throws IOException {
        return fieldKinds(file, charset, fileFields, count, headerLine, times, numberForms, rows, declared, null);
    }

    /** As above; naCodes, if not null, is set true for a column of two-letter codes where NA is one of them ({@link #naIsACode}). */
    private static FieldKind[] fieldKinds(Path file, java.nio.charset.Charset charset, CsvFields fileFields, int count, boolean headerLine, TimeFormat[] times,
                                          NumberForm[] numberForms, long rows, DeclaredKind[] declared, boolean[] naCodes) throws IOException {
        long[] naSpelled = new long[count];   // "na" or "NA" in the case of the column's other values
        boolean[] twoLetters = new boolean[count], lower = new boolean[count], upper = new boolean[count], naLower = new boolean[count], naUpper = new boolean[count];
        java.util.Arrays.fill(twoLetters, true);
        java.util.Arrays.fill(lower, true);
        java.util.Arrays.fill(upper, true);
        long[] numbers = new long[count];
        LabelCodes.Evidence[] words = new LabelCodes.Evidence[count];
        CompactDates[] compact = new CompactDates[count];
        NumberForm.Evidence[] signs = new NumberForm.Evidence[count];
        for (int f = 0; f < count; f++) { words[f] = new LabelCodes.Evidence(); compact[f] = new CompactDates(); signs[f] = new NumberForm.Evidence(); }
        CsvFields split = fileFields.copy();
        long judged = 0;
        boolean plainNumbers = true;   // every field judged a number (none missing, none text)
        boolean[] codes = new boolean[count], digitsOnly = new boolean[count];   // a number with a leading zero; every number digits alone
        java.util.Arrays.fill(digitsOnly, true);
        try (BufferedReader reader = DataFiles.openText(file, charset)) {
            String line;
            long lineNumber = 0;
            boolean header = headerLine, opening = true, comments = false;
            long[] joined = {0};
            while (judged < rows && (line = reader.readLine()) != null) {
                lineNumber += 1 + joined[0];
                joined[0] = 0;
                line = record(reader, line, joined);
                if (line.isBlank() || isRule(line)) continue;
                if (line.startsWith("#") && (opening || comments)) { comments = true; continue; }   // a comment: opening the file, or in a file opened by one
                opening = false;
                if (header) { header = false; continue; }   // the caller found the header on the first such line
                try {
                    if (split.split(file, lineNumber, line) != count) continue;
                } catch (InputException broken) {
                    continue;   // a broken quote: the reader below names it, after any problem on an earlier line
                }
                judged++;
                for (int f = 0; f < count; f++) {
                    if (declared != null && declared[f] == DeclaredKind.TEXT) {   // an ARFF string of digits (an identifier) is text, as its schema says
                        String text = textOf(split, line, f);
                        if (!MissingValues.isMarker(text.strip())) { words[f].add(text); plainNumbers = false; }
                        continue;
                    }
                    if (split.isNumber(line, f)) {
                        numbers[f]++;
                        compact[f].add(split, line, f);
                        if (declared == null && digitsOnly[f]) {
                            int form = split.digitForm(line, f);
                            digitsOnly[f] = form != CsvFields.NOT_DIGITS;
                            if (form == CsvFields.CODE && !codes[f]) { codes[f] = true; plainNumbers = false; }
                        }
                        continue;
                    }
                    plainNumbers = false;
                    String marker = declared != null && declared[f] == DeclaredKind.NOMINAL ? quotedMarker(split, line, f) : null;
                    if (marker != null) { words[f].add(marker); continue; }   // a declared value spelled like a marker (an ARFF file's NA): a label
                    NumberForm.Written written = split.written(line, f);
                    if (written != null) { numbers[f]++; signs[f].add(written); continue; }   // 12.5%, $1,234.50: a number, its form judged below
                    String text = textOf(split, line, f);
                    // A decimal comma in a comma-separated file ("1,5" quoted) is a number written wrongly, not text: the reader names it.
                    if (DecimalSyntax.isNonFiniteWord(text) || (text.indexOf(',') >= 0 && DecimalSyntax.isDecimal(text.replace(',', '.')))) numbers[f]++;
                    else if (!MissingValues.isMarker(text.strip())) {
                        words[f].add(text);
                        if (twoLetters[f]) {   // looked at only while the column may be such codes: most text fails on its first value
                            String t = text.strip();
                            twoLetters[f] = isTwoLetters(t);
                            lower[f] &= twoLetters[f] && Character.isLowerCase(t.charAt(0)) && Character.isLowerCase(t.charAt(1));
                            upper[f] &= twoLetters[f] && Character.isUpperCase(t.charAt(0)) && Character.isUpperCase(t.charAt(1));
                        }
                    } else if (text.strip().equals("na")) { naSpelled[f]++; naLower[f] = true; }
                    else if (text.strip().equals("NA")) { naSpelled[f]++; naUpper[f] = true; }
                }
            }
        } catch (java.nio.charset.CharacterCodingException notText) {
            // judged on the lines before; the reader meets the bytes on their line, after any earlier problem
        }
        if (plainNumbers && rows < Long.MAX_VALUE && java.util.Arrays.stream(compact).noneMatch(CompactDates::possible)) return null;
        // Digits with a leading zero in a column of digits alone are a code, not a quantity (a ZIP
        // code 02134, a FIPS or region code 08 beside AK): judged as text, they are labels written
        // back as written; as numbers "02134" came back 2134, and codes between codes were made up.
        // The file is judged again with those columns' every value as text, as a schema's string is.
        if (declared == null && rows == Long.MAX_VALUE) {
            DeclaredKind[] asText = null;
            for (int f = 0; f < count; f++) {
                if (!codes[f] || !digitsOnly[f]) continue;
                if (asText == null) asText = new DeclaredKind[count];
                asText[f] = DeclaredKind.TEXT;
            }
            if (asText != null) return fieldKinds(file, charset, fileFields, count, headerLine, times, numberForms, rows, asText, naCodes);
        }
        FieldKind[] kinds = new FieldKind[count];
        for (int f = 0; f < count; f++) {
            times[f] = words[f].values() > numbers[f] ? words[f].time() : compact[f].time(numbers[f]);
            numberForms[f] = words[f].values() > numbers[f] ? null : signs[f].form(numbers[f]);
            kinds[f] = judged > 0 && numbers[f] == 0 && words[f].values() == 0 ? FieldKind.EMPTY
                    : words[f].values() <= numbers[f] ? (times[f] != null ? FieldKind.TIME : FieldKind.NUMBER) : times[f] != null ? FieldKind.TIME : words[f].repeats() ? FieldKind.LABEL : FieldKind.FREE_TEXT;
            if (naCodes != null) naCodes[f] = kinds[f] == FieldKind.LABEL && naSpelled[f] > 0 && twoLetters[f] && words[f].values() >= 2 * naSpelled[f]
                    && ((lower[f] && naLower[f] && !naUpper[f]) || (upper[f] && naUpper[f] && !naLower[f]));
        }
        return kinds;
    }

    /**
     * Whether NA in a column of two-letter codes is the code NA, not a missing value: Namibia among
     * country codes (ISO 3166's NA; commons-csv's worldcitiespop.txt, {@code na,windhoek,…}, where
     * its 2 270 rows were counted missing by their country, the 37 with a population lost to the
     * fit), read as the others are.
     * Only in the codes' own case (na among ad, fr; NA among AD, FR), and where the other codes are
     * at least twice as many values as NA.
     */
    private static boolean naIsACode(boolean[] naCodes, int f, CsvFields split, String line) {
        return naCodes != null && naCodes[f] && textOf(split, line, f).strip().equalsIgnoreCase("na");   // the column's case: judged above
    }

    /** Two letters, as a country's or a language's ISO code is written ({@code ad}, {@code FR}). */
    private static boolean isTwoLetters(String text) {
        return text.length() == 2 && Character.isLetter(text.charAt(0)) && Character.isLetter(text.charAt(1));
    }

    /**
     * The judged kinds overruled where a schema declares otherwise: a declared number is read as a
     * number (a word among them stops the read on its line), a nominal as labels, a date that the
     * date forms do not read is left out and named as free text. A field without any value stays
     * empty (left out and named), whatever its declared kind: it has nothing to learn.
     */
    private static void declare(FieldKind[] kinds, TimeFormat[] times, NumberForm[] numberForms, DeclaredKind[] declared) {
        for (int f = 0; f < kinds.length; f++) {
            if (kinds[f] == FieldKind.EMPTY || declared[f] == DeclaredKind.TEXT) continue;
            if (declared[f] == DeclaredKind.DATE && kinds[f] == FieldKind.TIME) continue;
            kinds[f] = declared[f] == DeclaredKind.NUMBER ? FieldKind.NUMBER : declared[f] == DeclaredKind.NOMINAL ? FieldKind.LABEL : FieldKind.FREE_TEXT;
            times[f] = null;
            numberForms[f] = null;
        }
    }

    /**
     * Whether a field's numbers so far are all dates in ISO 8601's basic form, eight digits such as
     * 19580329 ({@link TimeFormat#compactDate}), and whether all the first of a month or of January.
     * The text is looked at only while they are: most columns fail on their first value.
     */
    private static final class CompactDates {
        private boolean dates = true, monthStarts = true, yearStarts = true;
        private long seen;

        void add(CsvFields split, String line, int f) {
            if (!dates) return;
            java.time.LocalDate day = TimeFormat.compactDate(split.text(line, f));
            if (day == null) { dates = false; return; }
            seen++;
            monthStarts &= day.getDayOfMonth() == 1;
            yearStarts &= monthStarts && day.getMonthValue() == 1;
        }

        /** Whether every number seen was such a date (and there was one). */
        boolean possible() { return dates && seen > 0; }

        /** The column's form when all its numbers, at least two, were such dates (months or years when all are their first days), else null. */
        TimeFormat time(long numbers) {
            if (!dates || seen < 2 || seen != numbers) return null;
            TimeFormat days = new TimeFormat(TimeForm.BASIC_DATE, TimeFormat.Unit.DAY);
            return yearStarts ? days.in(TimeFormat.Unit.YEAR) : monthStarts ? days.in(TimeFormat.Unit.MONTH) : days;
        }
    }

    /** A time field's days or seconds since 1970; a missing-value marker as for a number; another text one line naming the form. */
    private static double timeField(Path file, long lineNumber, CsvFields split, String line, int f, Layout layout, boolean dropping, TimeFormat time) {
        String text = labelField(file, lineNumber, split, line, f, layout, dropping);
        if (text == null) return Double.NaN;
        try {
            return time.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw InputException.notANumberAt(file, lineNumber, "field " + layout.label(f) + " is not " + time.describe() + ": '" + text + "'");
        }
    }

    /**
     * A field of a column of percentages or amounts: its number; a missing-value marker as for a
     * number; a value without the column's signs (a plain number among percentages) one line naming
     * the form wanted, as a date in another form is.
     */
    private static double formedField(Path file, long lineNumber, CsvFields split, String line, int f, Layout layout, boolean dropping, NumberForm form) {
        double value = split.numberIn(line, f, form);
        if (Double.isInfinite(value)) throw InputException.at(file, lineNumber, "field " + layout.label(f) + " is not finite: " + split.text(line, f));
        if (!Double.isNaN(value)) return value;
        String text = labelField(file, lineNumber, split, line, f, layout, dropping);
        if (text == null) return Double.NaN;
        throw InputException.notANumberAt(file, lineNumber, "field " + layout.label(f) + " is not " + form.describe() + ": '" + text + "'");
    }

    /**
     * A text field's value: a quoted one exactly as written (RFC 4180: its spaces are its own, so
     * {@code "Professor - Social Science "}, a label with a trailing space as vega-datasets'
     * jobs.json has it, reads back from the CSV that sample or bench-quality writes of it as the
     * same label), an unquoted one without its edge spaces.
     */
    private static String textOf(CsvFields split, String line, int f) {
        String text = split.text(line, f);
        return split.isQuoted(f) ? text : text.strip();
    }

    /** A label column's field: a {@link #quotedMarker} is the label so spelled; otherwise as {@link #labelField}. */
    private static String categoricalField(Path file, long lineNumber, CsvFields split, String line, int f, Layout layout, boolean dropping) {
        String marker = quotedMarker(split, line, f);
        return marker != null ? marker : labelField(file, lineNumber, split, line, f, layout, dropping);
    }

    /**
     * The text of a quoted field spelled like a missing-value marker ({@code "NA"}), else null: in a
     * column of labels it is the label so spelled, as R's write.csv tells the string from its
     * unquoted missing NA (and as {@link #appendLabel} writes one). A quoted empty field is still a
     * missing value.
     */
    private static String quotedMarker(CsvFields split, String line, int f) {
        if (!split.isQuoted(f)) return null;
        String text = split.text(line, f);
        return !text.isEmpty() && MissingValues.isMarker(text.strip()) ? text : null;
    }

    /** A categorical field's label (null for a missing-value marker when dropping; otherwise the marker is an error, as for a number). */
    private static String labelField(Path file, long lineNumber, CsvFields split, String line, int f, Layout layout, boolean dropping) {
        String text = textOf(split, line, f);
        if (!MissingValues.isMarker(text.strip())) return text;
        if (dropping) return null;
        throw missingValue(file, lineNumber, layout.label(f), text);
    }

    /** "field 3 (bill) is '?': a missing value" (or "is empty"), for a marker met when rows are not dropped. */
    private static InputException missingValue(Path file, long lineNumber, String label, String text) {
        return InputException.missingAt(file, lineNumber, "field " + label + (text.isEmpty() ? " is empty" : " is '" + text + "'") + ": a missing value");
    }

    /**
     * Whether a first line that is not all numbers is a headerless file's first row after all: some
     * of its fields are numbers, each of them a number where the rows below hold numbers, and each
     * of its other fields a value that recurs in its column below (or a date or time written as one
     * below it is: {@code 2005-02-10,14.1} above {@code 2005-02-11,13.2}), as UCI's .data files open
     * ({@code T,2,8,3,5,...} in letter-recognition.data, {@code 5.1,3.5,1.4,0.2,Iris-setosa}):
     * taken as a header, such a row's numbers became the columns' names ("header names column 8
     * twice") or the row was lost. A header's names are not values of their own columns, so a
     * header with numeric names (years above yearly values, a country's name above countries)
     * stays a header. A text field need not recur when the row has a number no header names a
     * column with, negative, with an exponent or with four decimals or more ({@code 173.4331817626953,-48.42546081542969,play}
     * in deeplearning4j's coords.csv, a word that never repeats): then text above text suffices. The
     * rows are read until every such field is met again, at least {@link #ROWS_TO_CONFIRM} of them,
     * or to the end.
     */
    private static boolean firstRowOfLabelledData(Path file, java.nio.charset.Charset charset, CsvFields split, int count, String first) throws IOException {
        boolean[] number = new boolean[count];
        String[] text = new String[count];
        TimeFormat[] time = new TimeFormat[count];   // a field that is a date or time: met by one of its form below
        int numbers = 0, words = 0;
        boolean measured = false;   // a number no name is
        for (int f = 0; f < count; f++) {
            String t = textOf(split, first, f);
            if (split.isNumber(first, f)) { number[f] = true; numbers++; measured |= noName(t.strip()); }
            else if (!MissingValues.isMarker(t.strip())) { text[f] = t; words++; time[f] = TimeFormat.detect(t.strip()); }
        }
        if (numbers == 0 || words == 0) return false;
        CsvFields rows = split.copy();
        long[] numeric = new long[count], wordy = new long[count];
        boolean[] met = new boolean[count];
        int unmet = words;
        long judged = 0;
        try (BufferedReader reader = DataFiles.openText(file, charset)) {
            String line;
            long lineNumber = 0;
            boolean firstSeen = false, comments = false;
            long[] joined = {0};
            while ((line = reader.readLine()) != null && (unmet > 0 || judged < ROWS_TO_CONFIRM)) {
                lineNumber += 1 + joined[0];
                joined[0] = 0;
                line = record(reader, line, joined);
                if (line.isBlank() || isRule(line)) continue;
                if (line.startsWith("#") && (!firstSeen || comments)) { comments = true; continue; }   // as fieldKinds skips them
                if (!firstSeen) { firstSeen = true; continue; }   // the first line itself
                try {
                    if (rows.split(file, lineNumber, line) != count) continue;
                } catch (InputException broken) {
                    continue;   // the reader names it on its line
                }
                judged++;
                for (int f = 0; f < count; f++) {
                    if (number[f]) { if (rows.isNumber(line, f)) numeric[f]++; }
                    else if (text[f] != null) {
                        String below = textOf(rows, line, f);
                        if (!rows.isNumber(line, f) && !MissingValues.isMarker(below.strip())) wordy[f]++;
                        if (!met[f] && (text[f].equals(below) || time[f] != null && time[f].matches(below.strip()))) { met[f] = true; unmet--; }
                    }
                }
            }
        } catch (java.nio.charset.CharacterCodingException notText) {
            // judged on the lines before
        }
        if (judged == 0) return false;
        for (int f = 0; f < count; f++) {
            if (number[f] && 2 * numeric[f] < judged) return false;
            if (text[f] != null && !met[f] && (!measured || 2 * wordy[f] < judged)) return false;
        }
        return true;
    }

    /** Whether a number is one no header names a column with: negative, with an exponent, or with four decimals or more. */
    private static boolean noName(String number) {
        int point = number.indexOf('.');
        return number.startsWith("-") || number.indexOf('e') >= 0 || number.indexOf('E') >= 0 || (point >= 0 && number.length() - point - 1 >= 4);
    }

    /** Rows below a would-be header that {@link #firstRowOfLabelledData} reads at least. */
    private static final int ROWS_TO_CONFIRM = 50;

    /** Whether two lines split on spaces into as many fields; a broken quote counts as agreeing (the reader names it on its line). */
    /** The fields of line split on runs of spaces; 0 when a quote there is broken. */
    private static int spaceFields(Path file, long lineNumber, String line) {
        try {
            return new CsvFields(CsvFields.SPACES).split(file, lineNumber, line);
        } catch (InputException broken) {
            return 0;
        }
    }

    private static boolean sameFieldCount(Path file, long lineNumber, String first, String second) {
        try {
            return new CsvFields(CsvFields.SPACES).split(file, lineNumber, first) == new CsvFields(CsvFields.SPACES).split(file, lineNumber + 1, second);
        } catch (InputException broken) {
            return true;
        }
    }

    /** Whether a line's every field is a name: text, neither a number nor a missing-value marker. */
    private static boolean namesOnly(Path file, long lineNumber, String line, CsvFields fileFields) {
        CsvFields fields = new CsvFields(fileFields.delimiter);
        int count;
        try {
            count = fields.split(file, lineNumber, line);
        } catch (InputException broken) {
            return false;
        }
        for (int f = 0; f < count; f++)
            if (fields.isNumber(line, f) || MissingValues.isMarker(fields.text(line, f).strip()) || DecimalSyntax.isNonFiniteWord(fields.text(line, f))) return false;
        return count > 1;
    }

    /** A line's first 40 characters, "…" after when there are more. */
    static String abbreviated(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "…";
    }

    /** Whether every field of line 2 is in quotes. */
    private static boolean allQuoted(Path file, String line, char delimiter) {
        CsvFields fields = new CsvFields(delimiter);
        fields.split(file, 2, line);
        return fields.allQuoted();
    }

    /**
     * Which of a file's fields become which columns: the header's names (null: none), whether
     * field 0 holds row labels, and the fields read, in order.
     */
    private record Layout(java.util.List<String> header, int fields, boolean rowLabels, int[] columns, java.util.List<String> textColumns,
                          java.util.List<String> emptyColumns, boolean[] categorical, TimeFormat[] times, NumberForm[] numberForms, java.util.List<String> renamed) {
        /**
         * @param firstLooksLikeALabel whether the first data row's first field is quoted or not a number
         * @param firstRow             the first data row, "line 2: …", named when its count is not the header's
         * @param kinds                what each field holds ({@link #fieldKinds}): free text is left out of
         *                             the default selection; chosen or not, text is read as labels
         */
        static Layout of(Path file, long headerLine, java.util.List<String> header, int count, java.util.List<String> chosen, boolean firstLooksLikeALabel, FieldKind[] kinds,
                         TimeFormat[] fieldTimes, NumberForm[] fieldForms, String firstRow) {
            boolean labels = false;
            java.util.List<String> renamed = new java.util.ArrayList<>();
            if (header != null) {
                // R's write.table names one column fewer than the rows have (and quotes the labels);
                // write.csv and pandas leave the first name empty. A header one name short above a
                // plain number is more likely a name missing by mistake: that stays an error.
                if (header.size() == count - 1 && firstLooksLikeALabel) { header = new java.util.ArrayList<>(header); header.add(0, ""); labels = true; }
                else if (header.size() == count && count > 1 && header.get(0).isEmpty()) labels = true;
                if (header.size() != count)
                    // The first row is named: the header's line alone sent the user to the wrong line when the
                    // row is what is odd (commons-csv's testCSV246.csv: "# Very Long" under "a,b,c,e,f",
                    // a comment in a file that does not open with one).
                    throw InputException.at(file, headerLine, "header names " + header.size() + " columns but the rows have " + count + " values (" + firstRow + ")");
                for (int f = labels ? 1 : 0; f < count; f++) {
                    if (!header.get(f).isEmpty()) continue;
                    // A spreadsheet's export ends its lines with empty columns under no name ("a,b,c,,"):
                    // with no value in any row they are left out as any empty column is, named by number.
                    if (kinds[f] != FieldKind.EMPTY) throw InputException.at(file, headerLine, "header column " + (f + 1) + " has no name" + headerlessHint(header));
                    if (!(header instanceof java.util.ArrayList<String>)) header = new java.util.ArrayList<>(header);
                    header.set(f, "column " + (f + 1));
                }
                header = unique(header, renamed);
            }
            int[] columns;
            java.util.List<String> textColumns = java.util.List.of(), emptyColumns = java.util.List.of();
            if (chosen.isEmpty()) {
                // Free text (a name, a day/month date) and columns without a value are left out and named; labels and dates are columns.
                int first = labels ? 1 : 0;
                java.util.List<String> names = header;
                columns = java.util.stream.IntStream.range(first, count).filter(f -> kinds[f] != FieldKind.FREE_TEXT && kinds[f] != FieldKind.EMPTY).toArray();
                // A headerless file's free text (a word per row, UCI's .data) is named by its field's number.
                textColumns = java.util.stream.IntStream.range(first, count).filter(f -> kinds[f] == FieldKind.FREE_TEXT)
                        .mapToObj(f -> names == null ? Integer.toString(f + 1) : names.get(f)).toList();
                emptyColumns = java.util.stream.IntStream.range(first, count).filter(f -> kinds[f] == FieldKind.EMPTY)
                        .mapToObj(f -> names == null ? Integer.toString(f + 1) : names.get(f)).toList();
                if (columns.length == 0)
                    throw InputException.in(file, "has no column to learn: every column holds free text or dates" + (textColumns.isEmpty() ? "" : " (" + String.join(", ", textColumns) + ")")
                            + (emptyColumns.isEmpty() ? "" : " or has no value in any row (" + String.join(", ", emptyColumns) + ")"));
            } else {
                if (header == null) throw InputException.in(file, "has no header line, so --fields cannot name its columns");
                columns = new int[chosen.size()];
                for (int j = 0; j < columns.length; j++) {
                    int f = header.indexOf(chosen.get(j));
                    if (f < (labels ? 1 : 0))
                        throw InputException.in(file, "--fields names '" + chosen.get(j) + "', which is not a column of the header ("
                                + String.join(", ", header.subList(labels ? 1 : 0, count)) + ")");
                    if (java.util.Arrays.stream(columns, 0, j).anyMatch(c -> c == f)) throw InputException.in(file, "--fields names '" + chosen.get(j) + "' twice");
                    columns[j] = f;
                }
            }
            boolean[] categorical = new boolean[columns.length];
            TimeFormat[] times = new TimeFormat[columns.length];
            NumberForm[] numberForms = new NumberForm[columns.length];
            for (int j = 0; j < columns.length; j++) {
                times[j] = fieldTimes[columns[j]];
                numberForms[j] = fieldForms[columns[j]];
                categorical[j] = (kinds[columns[j]] == FieldKind.LABEL || kinds[columns[j]] == FieldKind.FREE_TEXT) && times[j] == null;
            }
            return new Layout(header, count, labels, columns, textColumns, emptyColumns, categorical, times, numberForms, java.util.List.copyOf(renamed));
        }

        /**
         * Where a "header" with an unnamed column also holds a number, the likelier reading: a file
         * without a header line whose first row has an empty field (a PostgreSQL dump, commons-csv's
         * psql.csv: {@code 1,abc,"test line 1",,""}). Names are rarely numbers; "" otherwise.
         */
        private static String headerlessHint(java.util.List<String> header) {
            for (String name : header) {
                try {
                    Double.parseDouble(name.strip());
                    return ", and it holds the number " + name.strip() + ": a file without a header line whose first row has an empty field? Add a line of column names above it";
                } catch (NumberFormatException notANumber) {
                    // a name
                }
            }
            return "";
        }

        /**
         * The header with a name it repeats made unique as pandas and R read it (the second
         * {@code smoking75} becomes {@code smoking75.1}, the third {@code smoking75.2}, skipping a
         * name the header already has), each renaming noted in renamed ("smoking75 (column 4) as
         * smoking75.1"): one repeated name refused the whole file before.
         */
        static java.util.List<String> unique(java.util.List<String> header, java.util.List<String> renamed) {
            java.util.Set<String> taken = new java.util.HashSet<>(header);
            if (taken.size() == header.size()) return header;
            java.util.List<String> out = new java.util.ArrayList<>(header.size());
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int f = 0; f < header.size(); f++) {
                String name = header.get(f);
                if (seen.add(name)) { out.add(name); continue; }
                String unique = name;
                for (int k = 1; taken.contains(unique); k++) unique = name + "." + k;
                taken.add(unique);
                seen.add(unique);
                out.add(unique);
                renamed.add(name + " (column " + (f + 1) + ") as " + unique);
            }
            return out;
        }

        /** Per column its time or number pattern ("" for another column), as {@link RecordSchema#textForms()}. */
        java.util.List<String> textForms() { return RecordSchema.textForms(times, numberForms); }

        int dimension() { return columns.length; }

        String name(int field) { return header == null ? null : header.get(field); }

        /** "4 (horsepower)" when the header names the column, else "4". */
        String label(int field) { return header == null ? Integer.toString(field + 1) : (field + 1) + " (" + header.get(field) + ")"; }

        java.util.List<String> names() {
            if (header == null) return java.util.List.of();
            java.util.List<String> names = new java.util.ArrayList<>(columns.length);
            for (int f : columns) names.add(header.get(f));
            return java.util.List.copyOf(names);
        }

        String leftOut() {
            int others = fields - columns.length - (rowLabels ? 1 : 0) - textColumns.size() - emptyColumns.size();
            java.util.List<String> parts = new java.util.ArrayList<>(3);
            if (rowLabels) parts.add("column 1 (row labels: the header leaves it unnamed)");
            if (!textColumns.isEmpty())
                parts.add(textColumns.size() + " column" + (textColumns.size() == 1 ? "" : "s") + " of free text or dates (" + String.join(", ", textColumns) + ")");
            if (!emptyColumns.isEmpty())
                parts.add(emptyColumns.size() + " column" + (emptyColumns.size() == 1 ? "" : "s") + " without a value in any row (" + String.join(", ", emptyColumns) + ")");
            if (others > 0) parts.add(others + " column" + (others == 1 ? "" : "s") + " not named by --fields");
            String left = parts.isEmpty() ? null : String.join(" and ", parts) + " left out";
            if (renamed.isEmpty()) return left;
            String names = "the header repeats a name, read as pandas and R read it: " + String.join(", ", renamed);
            return left == null ? names : left + "; " + names;
        }
    }

    /**
     * One field as a double, exactly as {@link Double#parseDouble} reads it: FastDoubleParser (the
     * copy inside jackson-core) gives the identical double, some ten times faster on 17-digit
     * decimals, without a String per field. NaN for a missing value when dropping; any other field
     * that is not a number is an InputException.
     */
    private static double parseField(Path file, long lineNumber, CsvFields split, String line, int f, Layout layout, boolean dropping) {
        double value = split.number(line, f);
        if (Double.isNaN(value)) {
            String text = split.text(line, f), label = layout.label(f);
            if (MissingValues.isMarker(text)) {
                if (dropping) return Double.NaN;
                if (text.equalsIgnoreCase("nan")) // the message NaN always had, now known as a missing value
                    throw InputException.missingAt(file, lineNumber, "field " + label + " is not finite: " + text);
                throw missingValue(file, lineNumber, label, text);
            }
            if (DecimalSyntax.isNonFiniteWord(text))
                throw InputException.at(file, lineNumber, "field " + label + " is not finite: " + text);
            throw InputException.notANumberAt(file, lineNumber, "field " + label + " is not a number: '" + text + "'");
        }
        // "1e999" is valid decimal syntax but overflows to infinity.
        if (!Double.isFinite(value))
            throw InputException.at(file, lineNumber, "field " + layout.label(f) + " is not finite: " + split.text(line, f));
        return value;
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

    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    /**
     * A whole number without ".0" (integer columns read back as written), any other value as Java's
     * shortest digits, in positional notation where Java would switch to an exponent below 10⁻³ or
     * from 10⁷ on: a share on a 0.0001 grid (vega-datasets' species.csv) is written 0.0007, as its
     * data are, not 7.0E-4. Beyond 10⁻¹⁰ and 10²¹, as Java writes it. Either reads back to the identical double.
     */
    public static void appendNumber(StringBuilder line, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && Double.doubleToRawLongBits(v) != NEGATIVE_ZERO) line.append((long) v);
        else if (Double.isFinite(v) && ((Math.abs(v) < 1e-3 && Math.abs(v) >= 1e-10) || (Math.abs(v) >= 1e7 && Math.abs(v) < 1e21)))
            line.append(java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
        else line.append(v);
    }

    /**
     * Writes the rows with {@link Double#toString}, which reads back to the identical double.
     * Atomic: on failure the target is left as it was. Throws InputException when the file
     * cannot be written (it is the user's output path that is wrong).
     */
    public static void write(Path file, DMatrixRMaj rows) {
        writeRows(file, rows, null, null, CsvDialect.STANDARD);
    }

    /**
     * One row as a CSV line (no line break): numbers as {@link #appendNumber} writes them, a column
     * of labels or times as its text (quoted where needed); columns null when there is no such column.
     */
    static void appendRow(StringBuilder line, double[] data, int from, int count, RecordSchema columns) {
        appendRow(line, data, from, count, columns, ',');
    }

    /** As above, the fields separated by delimiter (a label holding it quoted). */
    static void appendRow(StringBuilder line, double[] data, int from, int count, RecordSchema columns, char delimiter) {
        appendRow(line, data, from, count, columns, delimiter, CsvDialect.STANDARD);
    }

    /** As above, numbers, percentages and amounts with dialect's decimal mark (labels and times as they are). */
    static void appendRow(StringBuilder line, double[] data, int from, int count, RecordSchema columns, char delimiter, CsvDialect dialect) {
        for (int c = 0; c < count; c++) {
            if (c > 0) line.append(delimiter);
            int start = line.length();
            String text = columns == null ? null : columns.text(c, data[from + c]);
            if (text != null) appendLabel(line, text, delimiter);
            else appendNumber(line, data[from + c]);
            if (text == null || columns.hasNumberForm(c)) dialect.markDecimals(line, start);
        }
    }

    /** labelled: the columns whose values are written as text (labels, times), or null. */
    private static void writeRows(Path file, DMatrixRMaj rows, String header, RecordSchema labelled, CsvDialect dialect) {
        for (int i = 0; i < rows.getNumElements(); i++)
            if (!Double.isFinite(rows.data[i]))
                throw new IllegalArgumentException("refusing to write a non-finite value at row "
                        + (i / rows.numCols + 1) + " to " + file);
        try {
            AtomicFiles.write(file, stream -> {
                Writer out = new BufferedWriter(new OutputStreamWriter(stream, dialect.charset()), 1 << 16);
                if (dialect.byteOrderMark()) out.append('\uFEFF');
                if (header != null) out.append(header);
                StringBuilder line = new StringBuilder(rows.numCols * 24);
                char delimiter = dialect.delimiterOf(file);
                for (int r = 0; r < rows.numRows; r++) {
                    line.setLength(0);
                    appendRow(line, rows.data, r * rows.numCols, rows.numCols, labelled, delimiter, dialect);
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
