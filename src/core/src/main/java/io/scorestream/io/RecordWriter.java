package io.scorestream.io;


import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One generated row as one record in a model's own shape ({@link RecordSchema}): a CSV line of
 * numbers, a JSON object of the learned fields (a JSON array when the columns have no names), an
 * Avro datum of the input schema's learned fields, or a Protobuf message of the input's type with them set. Values are written with Double.toString, which
 * reads back to the identical double (Avro int and long fields are rounded).
 *
 * <p>Not thread-safe (an Avro writer reuses its encoder).
 */
public final class RecordWriter {
    private final RecordSchema columns;
    private final Map<String, Object> layout;   // JSON objects only
    private final AvroRecords avro;             // Avro only
    private final ProtobufRecords protobuf;     // Protobuf only
    private final StringBuilder text = new StringBuilder();

    public RecordWriter(RecordSchema columns) {
        this.columns = columns;
        this.layout = columns.format() == RecordSchema.Format.JSON && columns.named() ? JsonRecords.tree(columns.names()) : null;
        this.avro = columns.format() == RecordSchema.Format.AVRO
                ? AvroRecords.of(columns) : null;
        this.protobuf = columns.format() == RecordSchema.Format.PROTOBUF ? ProtobufRecords.of(columns) : null;
    }

    public RecordSchema columns() { return columns; }

    /** The Protobuf message type records are written as (its full name); Protobuf only. */
    public String writtenMessage() { return protobuf.message().getFullName(); }

    /** The descriptor set of that message type, for a reader without the .proto; Protobuf only. */
    public byte[] writtenDescriptorSet() { return ProtobufRecords.descriptorSet(protobuf.message()); }

    /** The Avro schema records are written with (the input's, pruned to the learned fields); Avro only. */
    public String writtenSchema() { return avro.writtenSchema().toString(); }

    public byte[] write(double[] row) {
        if (row.length == 0) throw new IllegalArgumentException("cannot encode an empty vector");
        if (columns.named() && row.length != columns.names().size())
            throw new IllegalArgumentException(row.length + " values for the columns " + columns.names());
        if (avro != null) return avro.write(row);
        if (protobuf != null) return protobuf.write(row);
        if (columns.format() == RecordSchema.Format.CSV && !columns.dialect().isStandard()) return inDialect(row);
        if (layout == null && columns.hasText()) return labelled(row);
        if (layout == null) return numbers(row, columns.format() == RecordSchema.Format.JSON);
        text.setLength(0);
        JsonRecords.write(text, layout, row, columns);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A CSV line of a named model with text columns: each label or time in place of the number it is learned as. */
    private byte[] labelled(double[] row) {
        for (int i = 0; i < row.length; i++)
            if (!Double.isFinite(row[i])) throw new IllegalArgumentException("cannot encode non-finite value " + row[i] + " at index " + i);
        text.setLength(0);
        CsvVectors.appendRow(text, row, 0, row.length, columns);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A CSV line in the columns' dialect (21,5;40,2): a feed's in much of Europe. */
    private byte[] inDialect(double[] row) {
        for (int i = 0; i < row.length; i++)
            if (!Double.isFinite(row[i])) throw new IllegalArgumentException("cannot encode non-finite value " + row[i] + " at index " + i);
        text.setLength(0);
        CsvVectors.appendRow(text, row, 0, row.length, columns, columns.dialect().delimiter(), columns.dialect());
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Bare numbers: a CSV line, or a JSON array when json. */
    public static byte[] numbers(double[] row, boolean json) {
        if (row.length == 0) throw new IllegalArgumentException("cannot encode an empty vector");
        StringBuilder out = new StringBuilder(row.length * 24 + 2);
        if (json) out.append('[');
        for (int i = 0; i < row.length; i++) {
            if (!Double.isFinite(row[i])) throw new IllegalArgumentException("cannot encode non-finite value " + row[i] + " at index " + i);
            if (i > 0) out.append(',');
            CsvVectors.appendNumber(out, row[i]);   // whole numbers without ".0": integer columns read back as written
        }
        if (json) out.append(']');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The header line of a CSV of these columns ("x1,x2" when unnamed). */
    public static String csvHeader(RecordSchema columns, int dimension) {
        List<String> names = columns.namesOr(dimension);
        return String.join(",", names);
    }
}
