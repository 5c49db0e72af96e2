package io.scorestream.io;

import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.ejml.data.DMatrixRMaj;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sample files with their column names, for {@code fit}, {@code sample} and {@code consume}: CSV
 * (a header line names the columns), JSON Lines ({@code .jsonl}, {@code .ndjson}: one object per
 * line, every numeric field of the first line, an array's elements included, unless fields are
 * chosen), Avro data files
 * ({@code .avro}, the schema inside) and Parquet files ({@code .parquet}, read as Avro records:
 * {@link ParquetFiles}). The extension says which.
 */
public final class Tables {
    private Tables() {}

    /**
     * Rows and what their columns are called (unnamed for a CSV without header); leftOut says
     * which of the file's columns were not read (a CSV's row labels), or is null.
     */
    public record Table(DMatrixRMaj rows, RecordSchema columns, String leftOut) {
        public Table(DMatrixRMaj rows, RecordSchema columns) { this(rows, columns, null); }
    }

    public static RecordSchema.Format formatOf(Path file) {
        if (ParquetFiles.isParquet(file)) return RecordSchema.Format.AVRO;   // its columns are read as Avro fields
        String name = DataFiles.formatName(file);
        // GeoJSON's own extension too (geopandas' test data, any web map's layer): a .geojson file
        // was read as CSV and refused on its line 2, "field 1: text after its closing quote".
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json") || name.endsWith(".geojson")) return RecordSchema.Format.JSON;
        if (isLineProtocol(file)) return RecordSchema.Format.JSON;   // each point read as the JSON object of its tags and fields
        if (name.endsWith(".avro")) return RecordSchema.Format.AVRO;
        return RecordSchema.Format.CSV;
    }

    /** A file of InfluxDB line protocol (.lp, as Telegraf's file output writes its metrics): read point by point as JSON objects ({@link InfluxLines}). */
    public static boolean isLineProtocol(Path file) {
        return DataFiles.formatName(file).endsWith(".lp");
    }

    /**
     * The shape a file of these columns is written in: the file's extension when it names one
     * (.csv, .tsv/.tab, .jsonl/.ndjson, .json, .avro; .parquet keeps the columns, see {@link #write(Path, DMatrixRMaj,
     * RecordSchema, boolean[])}), else the columns' own format. An Avro file needs columns
     * learned from Avro (their schema), JSON columns that make one record (no array with a gap):
     * otherwise an InputException.
     */
    public static RecordSchema outputShape(Path file, RecordSchema columns) {
        if (isParquetName(file)) return columns;   // any columns: a Parquet file of their names and types (ParquetOutput)
        if (ArffOutput.isArffName(file)) return columns;   // any columns: an ARFF file of their names, labels and numbers (ArffOutput)
        if (WorkbookOutput.isXlsxName(file)) return columns;   // any columns: a sheet of their names, numbers and text (WorkbookOutput)
        if (WorkbookOutput.isXlsName(file)) throw InputException.in(file, "workbooks are written as .xlsx (an .xls sheet holds 65 536 rows): name a .xlsx file");
        if (isLineProtocol(file))   // which labels were tags, and the measurement's name, are not kept
            throw InputException.in(file, "line protocol is read, not written: name a .jsonl file (Telegraf reads it with data_format = \"json_v2\") or a .csv file");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean named = name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".tab") || name.endsWith(".jsonl") || name.endsWith(".ndjson")
                || name.endsWith(".json") || name.endsWith(".geojson") || name.endsWith(".avro");
        RecordSchema.Format format = named ? formatOf(file) : columns.format();
        if (format == RecordSchema.Format.PROTOBUF)   // a message is no file format: its fields go to text
            throw InputException.in(file, "the model's records are Protobuf messages, which are not written to files; name a .csv, .jsonl or .parquet file");
        if (format == RecordSchema.Format.JSON && columns.named()) {
            try {
                JsonRecords.tree(columns.names());   // array elements with a gap cannot be one record: say so before any work
            } catch (IllegalArgumentException e) {
                throw InputException.in(file, "the columns cannot be written as JSON records: " + e.getMessage() + " (a .csv file takes any columns)");
            }
        }
        if (format == columns.format()) return columns;
        if (format == RecordSchema.Format.AVRO)
            throw InputException.in(file, "an Avro file needs a model learned from Avro records (their schema); this one's columns are " + columns.describe());
        return columns.inFormat(format);
    }

    /** fields: the columns to take, by the CSV header's names or the records' field paths (empty: every column of a CSV but its row labels, every numeric field of a record). */
    public static Table read(Path file, List<String> fields) {
        return read(file, fields, null);
    }

    /**
     * As {@link #read(Path, List)}; with a {@code missing} counter, rows with a missing value (an
     * empty CSV field or NA/NaN/null; a null or absent field of a record) are left out and counted
     * instead of failing the read.
     */
    public static Table read(Path file, List<String> fields, MissingValues missing) {
        return read(file, fields, missing, null);
    }

    /** As {@link #read(Path, List, MissingValues)}; of a workbook the sheet of this name (null: its sheet of the most rows). */
    public static Table read(Path file, List<String> fields, MissingValues missing, String sheet) {
        return read(file, fields, missing, sheet, null);
    }

    /**
     * As {@link #read(Path, List, MissingValues, String)}; of a file of InfluxDB line protocol the
     * points of this measurement (null: of the measurement with the most points; {@link LineProtocolMeasurements}).
     */
    public static Table read(Path file, List<String> fields, MissingValues missing, String sheet, String measurement) {
        if (sheet != null && !Workbooks.isWorkbook(file))
            throw InputException.in(file, "--sheet names a workbook's sheet, and this is no .xlsx or .xls workbook");
        if (measurement != null && !isLineProtocol(file))
            throw InputException.in(file, "--measurement names the measurement of InfluxDB line protocol's points, and this is no .lp file");
        return withWeekdays(withClockTimes(readAsWritten(file, fields, missing, sheet, measurement)));
    }

    /**
     * The table with each column of numbers that are clock times written hhmm ({@link
     * TimeFormat#isClockColumn}: 754, 2003, never a minute past 59) learned as minutes since
     * midnight and written back hhmm: as integers, 16 % of the airline data's generated departure
     * times were no time (1595). CSV and JSON files only.
     */
    static Table withClockTimes(Table table) {
        RecordSchema columns = table.columns();
        // Avro's and Parquet's fields are typed, and a model of them writes its numbers into those
        // types as learned: minutes would be written where the file had hhmm. Text formats only.
        if (columns.format() == RecordSchema.Format.AVRO) return table;
        DMatrixRMaj rows = table.rows();
        int d = rows.numCols;
        List<String> forms = columns.textForms().isEmpty() ? new java.util.ArrayList<>(java.util.Collections.nCopies(d, "")) : new java.util.ArrayList<>(columns.textForms());
        boolean changed = false;
        double[] values = new double[rows.numRows];
        for (int j = 0; j < d; j++) {
            if (!forms.get(j).isEmpty() || columns.isCategorical(j)) continue;
            for (int i = 0; i < values.length; i++) values[i] = rows.get(i, j);
            if (!TimeFormat.isClockColumn(values)) continue;
            for (int i = 0; i < values.length; i++) rows.set(i, j, TimeFormat.minutesOf(values[i]));
            forms.set(j, TimeFormat.clockTimes().pattern());
            changed = true;
        }
        return changed ? new Table(rows, columns.withTextForms(forms), table.leftOut()) : table;
    }

    /**
     * The table with each column of dates in days keeping the days of the week its rows fall on,
     * where they never fall on the others ({@link TimeFormat#learnWeekdays}): the dates of trading
     * days generated on weekends in a quarter of the rows were at once not real.
     */
    static Table withWeekdays(Table table) {
        RecordSchema columns = table.columns();
        if (columns.textForms().isEmpty()) return table;
        List<String> forms = new java.util.ArrayList<>(columns.textForms());
        boolean changed = false;
        DMatrixRMaj rows = table.rows();
        double[] values = new double[rows.numRows];
        for (int j = 0; j < forms.size(); j++) {
            if (!columns.isTime(j)) continue;
            TimeFormat written = columns.timeFormat(j);
            for (int i = 0; i < values.length; i++) values[i] = rows.get(i, j);
            TimeFormat kept = written.learnWeekdays(values);
            if (kept != written) { forms.set(j, kept.pattern()); changed = true; }
        }
        return changed ? new Table(rows, columns.withTextForms(forms), table.leftOut()) : table;
    }

    private static Table readAsWritten(Path file, List<String> fields, MissingValues missing, String sheet, String measurement) {
        if (Files.isDirectory(file)) throw InputException.in(file, "is a directory, not a data file");
        if (ParquetFiles.isParquet(file)) return ParquetFiles.read(file, fields, missing);
        return switch (formatOf(file)) {
            case CSV -> {
                CsvVectors.Table csv = sheet != null ? Workbooks.read(file, fields, -1, missing, sheet) : CsvVectors.readTable(file, fields, -1, missing);
                List<String> names = csv.names();
                // Without names and forms this is RecordSchema.UNNAMED_CSV; a headerless file of percentages keeps its forms.
                yield new Table(csv.rows(), RecordSchema.named(RecordSchema.Format.CSV, names).withLabels(csv.labels()).withTextForms(csv.textForms())
                        .withDialect(csv.dialect()), csv.leftOut());
            }
            case JSON -> readJsonLines(file, fields, missing, measurement);
            case AVRO -> readAvro(file, fields, missing);
            case PROTOBUF -> throw new IllegalStateException("no data file is read as Protobuf");   // formatOf never says it
        };
    }

    static InputException noSamples(Path file, MissingValues missing) {
        if (missing != null && missing.droppedRows() > 0)
            return InputException.in(file, "no samples: all " + missing.droppedRows() + " rows have a missing value (first missing: " + missing.byColumn() + ")");
        return InputException.in(file, "no samples");
    }

    /** What fit says of the records an envelope carries no row in (deletes among change events): "3 records carry no row, left out (the first: …)". */
    static String rowlessNote(long rowless, String first) {
        return rowless + (rowless == 1 ? " record carries" : " records carry") + " no row, left out (the first: " + first + ")";
    }

    /** A record's null or absent field: left out and counted when dropping, else a missing-value error. */
    static boolean isMissing(RecordProblem p) {
        return p.kind() == RecordProblem.Kind.NULL_FIELD || p.kind() == RecordProblem.Kind.MISSING_FIELD;
    }

    /**
     * JSON Lines (one object per line), or one JSON array of such objects (a {@code .json} file as
     * pandas' {@code to_json(orient="records")} and many APIs write it): told by the first character.
     */
    private static Table readJsonLines(Path file, List<String> fields, MissingValues missing, String measurement) {
        if (JsonArrayRows.isArrayRows(file)) {   // rows as arrays: a headerless table
            CsvVectors.Table rows = JsonArrayRows.read(file, fields, missing);
            return new Table(rows.rows(), RecordSchema.named(RecordSchema.Format.JSON, rows.names()).withLabels(rows.labels()).withTextForms(rows.textForms()), rows.leftOut());
        }
        LineProtocolMeasurements measurements = isLineProtocol(file) ? LineProtocolMeasurements.of(file, measurement) : null;
        JsonFieldKinds kinds = new JsonFieldKinds();
        try {
            eachJsonRecord(file, measurements, kinds::add);   // a first pass: the fields are judged on every record
        } catch (InputException broken) {
            // judged on the records before it: the reader meets it in the file's order
        }
        JsonRows out = new JsonRows(file, fields, missing, kinds);
        eachJsonRecord(file, measurements, out::add);
        Table table = out.table();
        String others = measurements == null ? null : measurements.note();
        if (others != null) table = new Table(table.rows(), table.columns(), table.leftOut() == null ? others : table.leftOut() + "; " + others);
        Wrapper wrapper = wrapperOf(file);
        if (wrapper == null) return table;
        String said = "the records are the objects of its field " + wrapper.field()
                + (wrapper.others().isEmpty() ? "" : " (the file's own " + String.join(", ", wrapper.others()) + " left out)");
        return new Table(table.rows(), table.columns(), table.leftOut() == null ? said : table.leftOut() + "; " + said);
    }

    /**
     * A file that is one JSON object holding its records in one array of objects, as GeoJSON's
     * FeatureCollection holds them in "features" (vega-datasets' earthquakes.json, every USGS
     * feed) and many web APIs in "data" or "results": the array's field, and the object's other
     * fields (the file's own: "type", "metadata", "bbox"), which are no record's.
     */
    private record Wrapper(String field, List<String> others) {}

    /**
     * The file's {@link Wrapper}, or null: JSON Lines (the first object is followed by another), a
     * JSON array, an object with no array of objects or with more than one, or text that is no JSON
     * (the reader proper names the problem).
     */
    private static Wrapper wrapperOf(Path file) {
        Fields fields = fieldsOf(file);
        return fields == null || fields.arrays().size() != 1 ? null : new Wrapper(fields.arrays().get(0), fields.others());
    }

    /** A file that is one JSON object: the names of its fields that are arrays of objects, and of its others. */
    private record Fields(List<String> arrays, List<String> others) {}

    /** The file's {@link Fields}, or null: not one JSON object (JSON Lines, an array, text that is no JSON). */
    private static Fields fieldsOf(Path file) {
        try (BufferedReader reader = DataFiles.openText(file)) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') reader.reset();
            try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.core.JsonFactory().createParser(reader)) {
                if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) return null;
                List<String> found = new ArrayList<>();
                List<String> others = new ArrayList<>();
                com.fasterxml.jackson.core.JsonToken token;
                while ((token = parser.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
                    boolean ofObjects = false;
                    if (value == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                        com.fasterxml.jackson.core.JsonToken element = parser.nextToken();
                        ofObjects = element == com.fasterxml.jackson.core.JsonToken.START_OBJECT;
                        while (element != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                            if (element == null) return null;
                            parser.skipChildren();
                            element = parser.nextToken();
                        }
                    } else {
                        parser.skipChildren();
                    }
                    if (ofObjects) found.add(name);   // more than one: which holds the records is not told (wrapperOf)
                    else others.add(name);
                }
                if (token != com.fasterxml.jackson.core.JsonToken.END_OBJECT || parser.nextToken() != null) return null;
                return new Fields(found, others);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Takes a file's JSON records one by one. */
    private interface JsonSink {
        /** One record's text, from the given line of the file. */
        void add(long line, String text);
    }

    /**
     * Every record of a file of JSON Lines or of one JSON array, in order (of line protocol, the
     * points of the measurement read); a problem with the file's text is an InputException naming its line.
     */
    private static void eachJsonRecord(Path file, LineProtocolMeasurements measurements, JsonSink out) {
        boolean lineProtocol = isLineProtocol(file);
        try (BufferedReader reader = DataFiles.openText(file)) {
            if (opensAnArray(reader)) {
                readJsonArray(file, reader, out);
                return;
            }
            Wrapper wrapper = wrapperOf(file);
            if (wrapper != null) {
                readWrappedArray(file, reader, wrapper.field(), out);
                return;
            }
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (number == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
                // A blank line between records separates nothing, as in a CSV file (gnuplot's
                // blocks): the records after it were refused with the file, "blank line before the end of the data".
                if (line.isBlank()) continue;
                if (lineProtocol) {
                    if (InfluxLines.isComment(line) || !measurements.reads(line)) continue;
                    try {
                        line = InfluxLines.toJson(line);
                    } catch (RecordProblem notAPoint) {
                        throw InputException.at(file, number, notAPoint.getMessage());
                    }
                    out.add(number, line);
                    continue;
                }
                // A line that only opens an object is no JSON Lines record: the file is one object
                // over many lines, without an array of records in it (vega's annual-precip.json, a
                // raster), which was "the object has no numeric field" of its line 1.
                if (number <= 2 && line.strip().equals("{")) {
                    // Several arrays of objects (a graph's "nodes" and "links", as d3 and networkx
                    // write one: observable's miserables.json) were named "holding no array of records".
                    Fields fields = fieldsOf(file);
                    if (fields != null && fields.arrays().size() > 1)
                        throw InputException.at(file, number, "the file is one JSON object holding " + fields.arrays().size() + " arrays of objects ("
                                + String.join(", ", fields.arrays()) + "): which holds the records is not told; write that one alone as a JSON array or JSON Lines (jq '." + fields.arrays().get(0) + "')");
                    throw InputException.at(file, number, "the file is one JSON object over many lines, holding no array of records: "
                            + "records are one object a line (JSON Lines), a JSON array of objects, or one object whose array of objects holds them (GeoJSON's features)");
                }
                out.add(number, line);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw InputException.at(file, Math.max(1, CsvVectors.lineOfFirstBadUtf8(file)), "not valid UTF-8 text");
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
    }

    /** Whether the text's first character past spaces and a byte-order mark is '['; the reader is left where it was. */
    private static boolean opensAnArray(BufferedReader reader) throws IOException {
        reader.mark(1 << 16);
        int c;
        do c = reader.read(); while (c == '\uFEFF' || (c >= 0 && Character.isWhitespace(c)));
        reader.reset();
        return c == '[';
    }

    /** The objects of one JSON array, each read as a line of JSON Lines would be; a problem names the line its object starts on. */
    private static void readJsonArray(Path file, BufferedReader reader, JsonSink out) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try (com.fasterxml.jackson.core.JsonParser parser = mapper.getFactory().createParser(reader)) {
            parser.nextToken();   // the array's '['
            readElements(file, mapper, parser, out);
            if (parser.nextToken() != null) throw InputException.at(file, parser.currentTokenLocation().getLineNr(), "text after the JSON array's closing ']'");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw InputException.at(file, e.getLocation() == null ? 1 : e.getLocation().getLineNr(), "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The objects of the array in the given field of the file's one object ({@link Wrapper}), each read as a line of JSON Lines would be. */
    private static void readWrappedArray(Path file, BufferedReader reader, String field, JsonSink out) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        reader.mark(1);
        if (reader.read() != '\uFEFF') reader.reset();
        try (com.fasterxml.jackson.core.JsonParser parser = mapper.getFactory().createParser(reader)) {
            parser.nextToken();   // the object's '{'
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(field)) {
                    readElements(file, mapper, parser, out);
                    return;
                }
                parser.skipChildren();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw InputException.at(file, e.getLocation() == null ? 1 : e.getLocation().getLineNr(), "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The objects of a JSON array whose '[' the parser is on, up to its ']'; a problem names the line its object starts on. */
    private static void readElements(Path file, com.fasterxml.jackson.databind.ObjectMapper mapper, com.fasterxml.jackson.core.JsonParser parser, JsonSink out) throws IOException {
        com.fasterxml.jackson.core.JsonToken token;
        while ((token = parser.nextToken()) == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            long line = parser.currentTokenLocation().getLineNr();
            out.add(line, mapper.readTree(parser).toString());
        }
        if (token == null) throw InputException.at(file, parser.currentTokenLocation().getLineNr(), "the JSON array is not closed");
        if (token != com.fasterxml.jackson.core.JsonToken.END_ARRAY)
            // The element is shown, not its token: rows as arrays (anscombes-quartet's [[10,8.04],…],
            // pandas' orient="values") were "not an object: [", and JSON Lines of arrays, read as one
            // array for their opening '[', "not an object: null" (a number's token has no text).
            throw InputException.at(file, parser.currentTokenLocation().getLineNr(), "an element of the JSON array is not an object but "
                    + (token == com.fasterxml.jackson.core.JsonToken.START_ARRAY ? "an array" : token.isNumeric() ? "a number" : token == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? "a string" : "a value")
                    + " (" + CsvVectors.abbreviated(mapper.readTree(parser).toString()) + "): records are JSON objects, one a line (JSON Lines) or in one array, or rows that are all arrays");
    }

    /** The rows of a file of JSON records, record by record, its fields judged on the whole file ({@link JsonFieldKinds}). */
    private static final class JsonRows implements JsonSink {
        private final Path file;
        private final List<String> fields;
        private final MissingValues missing;
        private final List<double[]> rows = new ArrayList<>();
        private final JsonFieldKinds kinds;
        private JsonRecords records;
        private LabelCodes labels;
        private TimeFormat[] times;   // per column, the form of a field of dates or times (else null)
        private boolean[] numericText;   // per column, whether its numbers are written as strings ("12.5")
        private NumberForm[] numberForms;   // per column, the percent or currency signs its strings are written with (else null)
        private String[] pending;
        private String leftOut;
        private long rowless;   // records whose envelope carries no row (JsonEnvelope): left out, counted
        private String firstRowless;

        /** kinds: every record of the file judged. */
        JsonRows(Path file, List<String> fields, MissingValues missing, JsonFieldKinds kinds) {
            this.file = file;
            this.fields = fields;
            this.missing = missing;
            this.kinds = kinds;
        }

        @Override
        public void add(long line, String text) {
            if (records == null && kinds.first() == null) {   // no record judged yet: every one so far carried no row (a broken one is judged first)
                try {
                    JsonEnvelope.rowOf(text);
                } catch (RecordProblem p) {
                    if (p.kind() == RecordProblem.Kind.NO_ROW) {
                        noRow(p);
                        return;
                    }
                }
            }
            if (records == null) fixColumns();
            read(line, text);
        }

        private void noRow(RecordProblem p) {
            if (rowless++ == 0) firstRowless = p.getMessage();
        }

        /** The reader of the judged fields, at the first record. */
        private void fixColumns() {
            java.util.Map<String, TimeFormat> timeFields = new java.util.HashMap<>();
            List<String> rare = new ArrayList<>();
            java.util.Set<String> numeric = new java.util.HashSet<>();
            java.util.Map<String, NumberForm> forms = new java.util.HashMap<>();
            try {
                records = kinds.reader(fields, timeFields, rare, numeric, forms);
            } catch (RecordProblem p) {
                throw InputException.at(file, kinds.firstLine(), p.getMessage());
            }
            boolean[] labelled = new boolean[records.fields().size()];
            times = new TimeFormat[labelled.length];
            numericText = new boolean[labelled.length];
            numberForms = new NumberForm[labelled.length];
            for (int j = 0; j < labelled.length; j++) {
                times[j] = timeFields.get(records.fields().get(j));
                numericText[j] = numeric.contains(records.fields().get(j));
                numberForms[j] = forms.get(records.fields().get(j));
                labelled[j] = records.isLabel(j) && times[j] == null && !numericText[j];
            }
            labels = new LabelCodes(labelled);
            pending = new String[labelled.length];
            if (fields.isEmpty()) {
                java.util.Set<String> named = new java.util.HashSet<>(records.fields());
                named.addAll(rare);   // named below, once
                leftOut = JsonRecords.fieldsLeftOut(kinds.first(), named);
                if (!rare.isEmpty()) {
                    String few = rare.size() + " numeric field" + (rare.size() == 1 ? "" : "s") + " in fewer than half of the " + kinds.records()
                            + " records (" + JsonRecords.brief(rare).replaceAll("^\\[|]$", "") + ") left out";
                    leftOut = leftOut == null ? few : leftOut + "; " + few;
                }
            }
        }

        private void read(long line, String text) {
            try {
                java.util.Arrays.fill(pending, null);
                double[] row = records.read(text, pending);
                // An empty string is a missing value, as an empty CSV field is (FEC's "" for a candidate of no
                // status, vega-datasets' political-contributions.json): as a label it would be written to
                // CSV as an empty field, which reads back as missing.
                for (int j = 0; j < row.length; j++)
                    if (pending[j] != null && pending[j].isEmpty())
                        throw new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + records.fields().get(j) + " is empty", records.fields().get(j));
                // Labels are numbered only on rows kept: a label seen on dropped rows alone is none of the column's.
                for (int j = 0; j < row.length; j++)
                    if (pending[j] != null) row[j] = times[j] != null ? time(line, j, pending[j]) : numericText[j] ? number(line, j, pending[j]) : labels.code(j, pending[j]);
                rows.add(row);
            } catch (RecordProblem p) {
                if (p.kind() == RecordProblem.Kind.NO_ROW) {   // a delete in a change-data-capture dump: nothing wrong, nothing to learn
                    noRow(p);
                    return;
                }
                if (!isMissing(p)) throw InputException.at(file, line, p.getMessage());
                if (missing == null) throw InputException.missingAt(file, line, p.getMessage());
                missing.dropped(p.field() != null ? p.field() : "a field");
            }
        }

        /**
         * A number written as a string, in the column's form where it has one (12.5%); a later string
         * that is none, or not in that form, stops the read at its line, as a stray word in a CSV column does.
         */
        private double number(long line, int column, String text) {
            NumberForm form = numberForms[column];
            double v = form != null ? form.valueOf(text) : DecimalSyntax.numberOf(text);
            if (Double.isNaN(v) || !DecimalSyntax.learnable(v))
                throw InputException.at(file, line, "field " + records.fields().get(column) + " is not " + (form != null ? form.describe() : "a number") + ": " + JsonRecords.quote(text));
            return v;
        }

        private double time(long line, int column, String text) {
            try {
                return times[column].parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw InputException.at(file, line, "field " + records.fields().get(column) + " is not " + times[column].describe() + ": " + JsonRecords.quote(text));
            }
        }

        Table table() {
            if (rows.isEmpty() && rowless > 0) throw InputException.in(file, "no samples: " + rowlessNote(rowless, firstRowless));
            if (rows.isEmpty()) throw noSamples(file, missing);
            DMatrixRMaj matrix = matrix(rows);
            List<List<String>> labelled = labels.any() ? labels.finish(matrix) : List.of();
            RecordSchema columns = RecordSchema.named(RecordSchema.Format.JSON, records.fields()).withLabels(labelled);
            return new Table(matrix, columns.withTextForms(RecordSchema.textForms(times, numberForms)), withEnvelope(leftOut));
        }

        /** The note of what was left out, with what the records' envelope is and how many carried no row. */
        private String withEnvelope(String note) {
            String envelope = JsonEnvelope.describe(kinds.first());
            if (envelope != null) note = note == null ? envelope : envelope + "; " + note;
            if (rowless == 0) return note;
            String said = rowlessNote(rowless, firstRowless);
            return note == null ? said : note + "; " + said;
        }
    }

    private static Table readAvro(Path file, List<String> fields, MissingValues missing) {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            Schema schema = reader.getSchema();
            AvroFileRows.Judgement judgement = AvroFileRows.needsJudgement(schema, fields)
                    ? judgeAvro(file) : AvroFileRows.judge(schema, List.of());   // a first pass only where strings are to be judged
            AvroFileRows out = new AvroFileRows(file, schema, fields, missing, judgement);
            for (GenericRecord record : reader) out.add(record);
            return out.table();
        } catch (IOException | org.apache.avro.AvroRuntimeException e) {
            throw InputException.notAvro(file, e);
        }
    }

    /** The first pass over an Avro data file: its string fields judged on every record. */
    private static AvroFileRows.Judgement judgeAvro(Path file) throws IOException {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            return AvroFileRows.judge(reader.getSchema(), reader);
        }
    }

    static DMatrixRMaj matrix(List<double[]> rows) {
        int d = rows.get(0).length;
        DMatrixRMaj out = new DMatrixRMaj(rows.size(), d);
        for (int r = 0; r < rows.size(); r++) System.arraycopy(rows.get(r), 0, out.data, r * d, d);
        return out;
    }

    /**
     * Writes rows in the columns' shape: CSV with a header (none when unnamed), JSON Lines (objects
     * of the named fields, arrays when unnamed) or an Avro data file of the learned fields. Atomic.
     * A {@code .json} file holds one JSON array of those records, not JSON Lines: what pandas'
     * {@code read_json} and {@code JSON.parse} expect of that name (and what {@link #read} reads back).
     */
    public static void write(Path file, DMatrixRMaj rows, RecordSchema columns) {
        write(file, rows, columns, null);
    }

    /**
     * As {@link #write(Path, DMatrixRMaj, RecordSchema)}; a file named {@code .parquet} is an Apache
     * Parquet file ({@link ParquetOutput}), whose columns marked in wholeNumbers (null: none) are
     * INT64 rather than DOUBLE where the columns are not Avro fields with types of their own.
     */
    public static void write(Path file, DMatrixRMaj rows, RecordSchema columns, boolean[] wholeNumbers) {
        for (int i = 0; i < rows.getNumElements(); i++)
            if (!Double.isFinite(rows.data[i]))
                throw new IllegalArgumentException("refusing to write a non-finite value at row " + (i / rows.numCols + 1) + " to " + file);
        if (isParquetName(file)) {
            try {
                AtomicFiles.write(file, stream -> ParquetOutput.write(stream, rows, columns, wholeNumbers));
            } catch (IOException e) {
                throw InputException.writing(file, e);
            }
            return;
        }
        if (WorkbookOutput.isXlsxName(file)) {
            try {
                AtomicFiles.write(file, stream -> WorkbookOutput.write(stream, rows, columns, file));
            } catch (IOException e) {
                throw InputException.writing(file, e);
            }
            return;
        }
        if (ArffOutput.isArffName(file)) {
            String name = file.getFileName().toString();
            try {
                AtomicFiles.write(file, stream -> ArffOutput.write(stream, rows, columns, name.substring(0, name.length() - ".arff".length())));
            } catch (IOException e) {
                throw InputException.writing(file, e);
            }
            return;
        }
        if (columns.format() == RecordSchema.Format.CSV) {
            CsvVectors.write(file, rows, columns);
            return;
        }
        try {
            AtomicFiles.write(file, stream -> {
                if (columns.format() == RecordSchema.Format.AVRO) writeAvro(stream, rows, columns);
                else writeJson(stream, rows, columns, isJsonDocument(file));
            });
        } catch (IOException e) {
            throw InputException.writing(file, e);
        }
    }

    /** Rows as CSV text, with a header line when the columns are named (what {@code /samples} answers). */
    public static String csvText(DMatrixRMaj rows, RecordSchema columns) {
        StringBuilder out = new StringBuilder(rows.numRows * rows.numCols * 20 + 64);
        if (columns.named()) out.append(String.join(",", columns.names())).append('\n');
        for (int i = 0; i < rows.numRows; i++) {
            for (int j = 0; j < rows.numCols; j++) {
                if (j > 0) out.append(',');
                double v = rows.data[i * rows.numCols + j];
                String text = columns.text(j, v);
                if (text != null) CsvVectors.appendLabel(out, text, ',');
                else out.append(v);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Rows as one JSON array: of objects of the named fields, or of number arrays when unnamed. */
    public static String jsonText(DMatrixRMaj rows, RecordSchema columns) {
        StringBuilder out = new StringBuilder(rows.numRows * rows.numCols * 28 + 2).append('[');
        Map<String, Object> layout = columns.named() ? JsonRecords.tree(columns.names()) : null;
        double[] row = new double[rows.numCols];
        for (int r = 0; r < rows.numRows; r++) {
            if (r > 0) out.append(',');
            System.arraycopy(rows.data, r * rows.numCols, row, 0, row.length);
            if (layout != null) JsonRecords.write(out, layout, row, columns);
            else JsonRecords.writeArray(out, row, columns);
        }
        return out.append(']').toString();
    }

    /** An output file named {@code .parquet}: written as Parquet (an input is also told by its magic bytes, {@link ParquetFiles#isParquet}). */
    static boolean isParquetName(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /** A file named {@code .json} or {@code .geojson} (not {@code .jsonl} or {@code .ndjson}): one JSON document. */
    static boolean isJsonDocument(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".geojson");
    }

    /** One record per line: JSON Lines, or, as one document, the lines as the elements of an array. */
    private static void writeJson(java.io.OutputStream stream, DMatrixRMaj rows, RecordSchema columns, boolean document) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        Map<String, Object> layout = columns.named() ? JsonRecords.tree(columns.names()) : null;
        StringBuilder line = new StringBuilder();
        double[] row = new double[rows.numCols];
        if (document) out.append('[');
        for (int r = 0; r < rows.numRows; r++) {
            System.arraycopy(rows.data, r * rows.numCols, row, 0, row.length);
            line.setLength(0);
            if (layout != null) JsonRecords.write(line, layout, row, columns);
            else JsonRecords.writeArray(line, row, columns);
            if (document && r > 0) out.append(",\n");
            out.append(line);
            if (!document) out.append('\n');
        }
        if (document) out.append("]\n");
        out.flush();
    }

    private static void writeAvro(java.io.OutputStream stream, DMatrixRMaj rows, RecordSchema columns) throws IOException {
        AvroRecords records = AvroRecords.of(columns);
        Schema schema = records.writtenSchema();
        DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<>(schema));
        out.create(schema, stream);
        double[] row = new double[rows.numCols];
        for (int r = 0; r < rows.numRows; r++) {
            System.arraycopy(rows.data, r * rows.numCols, row, 0, row.length);
            out.append(records.record(row));
        }
        out.flush();
    }
}
