package io.scorestream.io;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.ejml.data.DMatrixRMaj;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of an Avro data file, record by record. Its string fields are judged on the whole file
 * first ({@link #judge}), as a CSV file's text columns are: without a choice, one whose values
 * repeat ({@link LabelCodes.Evidence}) in at least half of the records is a column of labels,
 * another (free text, dates) is left out and named; a chosen string field holds labels. The first
 * record fixes the columns (an array's length). Each record is read through its datum bytes, so a
 * file's record is checked exactly as a stream's is.
 */
final class AvroFileRows {
    /** The string fields that hold labels, and what the default selection leaves out (null: nothing). */
    record Judgement(Set<String> repeated, String leftOut) {}

    /** Decimals as BigDecimal (parquet-avro's integer decimals) or as their bytes (Avro's own records) are both written. */
    private static final org.apache.avro.generic.GenericData DECIMALS = new org.apache.avro.generic.GenericData();
    static {
        DECIMALS.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
    }

    private final Path file;
    private final Schema schema;
    private final List<String> fields;
    private final MissingValues missing;
    private final Judgement judgement;
    private final List<double[]> rows = new ArrayList<>();
    private final GenericDatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private BinaryEncoder encoder;
    private AvroRecords records;
    private LabelCodes labels;
    private String[] texts;
    private long number;   // records read so far
    private long rowless;   // change events that carry no row (deletes): left out, counted
    private String firstRowless;

    /** judgement: of the whole file ({@link #judge}), when no fields are chosen; ignored otherwise. */
    AvroFileRows(Path file, Schema schema, List<String> fields, MissingValues missing, Judgement judgement) {
        this.file = file;
        this.schema = schema;
        this.fields = fields;
        this.missing = missing;
        this.judgement = fields.isEmpty() ? judgement : new Judgement(Set.of(), null);
        this.writer = new GenericDatumWriter<>(schema, DECIMALS);
    }

    /** Whether the default selection needs a first pass: the schema has string fields to judge. */
    static boolean needsJudgement(Schema schema, List<String> fields) {
        return fields.isEmpty() && !AvroRecords.stringFields(schema).isEmpty();
    }

    /** The string fields whose values repeat over all the records, and the fields the default selection leaves out, named. */
    static Judgement judge(Schema schema, Iterable<GenericRecord> all) {
        Map<String, LabelCodes.Evidence> evidence = new LinkedHashMap<>();
        for (String field : AvroRecords.stringFields(schema)) evidence.put(field, new LabelCodes.Evidence());
        long count = 0;
        for (GenericRecord record : all) {
            count++;
            evidence.forEach((field, seen) -> {
                String value = AvroRecords.textAt(record, field);
                if (value != null) seen.add(value);
            });
        }
        long half = (count + 1) / 2;
        Set<String> repeated = new java.util.HashSet<>();
        List<String> free = new ArrayList<>();
        evidence.forEach((field, seen) -> {
            if (seen.values() >= half && seen.repeats()) repeated.add(field);
            else free.add(field);
        });
        List<String> parts = new ArrayList<>();
        if (!free.isEmpty())
            parts.add(free.size() + " string field" + (free.size() == 1 ? "" : "s") + " of free text or dates (" + String.join(", ", free) + ")");
        List<String> times = AvroRecords.timeFields(schema);
        if (!times.isEmpty())
            parts.add(times.size() + " date or time field" + (times.size() == 1 ? "" : "s") + " (" + String.join(", ", times) + "; --fields chooses one)");
        return new Judgement(repeated, parts.isEmpty() ? null : String.join(" and ", parts) + " left out");
    }

    void add(GenericRecord record) throws IOException {
        if (records == null) fixColumns(record);
        read(record);
    }

    /** The columns, fixed on the first record (an array's length is in it). */
    private void fixColumns(GenericRecord first) {
        List<String> chosen = fields.isEmpty() ? AvroRecords.defaultSelection(schema, judgement.repeated()) : fields;
        try {
            records = new AvroRecords(schema, AvroRecords.expandArrays(schema, chosen, first));
        } catch (IllegalArgumentException e) {
            throw InputException.in(file, e.getMessage());
        }
        boolean[] text = new boolean[records.fields().size()];
        for (int j = 0; j < text.length; j++) text[j] = records.isText(j);
        labels = new LabelCodes(text);
        texts = new String[text.length];
    }

    private void read(GenericRecord record) throws IOException {
        number++;
        bytes.reset();
        encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
        writer.write(record, encoder);
        encoder.flush();
        try {
            java.util.Arrays.fill(texts, null);
            double[] row = records.read(bytes.toByteArray(), texts);
            // Labels are numbered only on rows kept: a label seen on dropped rows alone is none of the column's.
            for (int j = 0; j < row.length; j++) if (texts[j] != null) row[j] = labels.code(j, texts[j]);
            rows.add(row);
        } catch (RecordProblem p) {
            if (p.kind() == RecordProblem.Kind.NO_ROW) {   // a delete among change events: nothing wrong, nothing to learn
                if (rowless++ == 0) firstRowless = p.getMessage();
                return;
            }
            if (!Tables.isMissing(p)) throw InputException.in(file, "record " + number + ": " + p.getMessage());
            if (missing == null) throw InputException.missingIn(file, "record " + number + ": " + p.getMessage());
            missing.dropped(p.field() != null ? p.field() : "a field");
        }
    }

    /** The rows read, their columns named, each string column's labels sorted and its rows renumbered to them. */
    Tables.Table table() {
        if (rows.isEmpty()) throw Tables.noSamples(file, missing);
        DMatrixRMaj matrix = Tables.matrix(rows);
        List<List<String>> columnLabels = records.labels();   // the enums' symbols
        if (labels.any()) {
            List<List<String>> strings = labels.finish(matrix);
            List<List<String>> merged = new ArrayList<>(strings.size());
            for (int j = 0; j < strings.size(); j++) merged.add(records.isText(j) ? strings.get(j) : columnLabels.isEmpty() ? List.of() : columnLabels.get(j));
            columnLabels = merged;
        }
        String note = judgement.leftOut();
        if (AvroRecords.isChangeEvent(schema) && fields.isEmpty()) {
            String said = "Debezium change events: each one's row (after) is read"
                    + (rowless == 0 ? "" : "; " + Tables.rowlessNote(rowless, firstRowless));
            note = note == null ? said : said + "; " + note;
        }
        return new Tables.Table(matrix, new RecordSchema(RecordSchema.Format.AVRO, records.fields(), schema.toString(), columnLabels), note);
    }
}
