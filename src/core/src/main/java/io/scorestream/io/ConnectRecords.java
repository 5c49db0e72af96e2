package io.scorestream.io;

import io.scorestream.columns.ColumnTypes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generated JSON records in Kafka Connect's envelope, as its {@code JsonConverter} writes records
 * with {@code schemas.enable=true} (the converter's default): {@code {"schema": {...}, "payload":
 * {...}}}. A Connect sink reading with that converter — the JDBC sink above all, which needs a
 * schema to write a row into a table — takes them as they are. The schema is the model's columns
 * as they are written: a struct of the fields (nested ones as structs, an array's elements as an
 * array), a label a {@code string} (a {@code boolean} where the labels are false and true), a date
 * or a number written in its form ({@code "12.5%"}) a {@code string}, a clock time written as a
 * number ({@code 754}) an {@code int32}, a column of whole numbers an {@code int64}, any other a
 * {@code double}. Built once a model; each record is its payload between the schema's text and a
 * closing brace. Records in this envelope are read as their payload again ({@link JsonEnvelope}).
 */
public final class ConnectRecords {
    /** The struct's name, for a sink that names what it makes after it. */
    static final String NAME = "io.scorestream.Generated";
    private final String schema;
    private final byte[] head;

    private ConnectRecords(String schema) {
        this.schema = schema;
        this.head = ("{\"schema\":" + schema + ",\"payload\":").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The envelope of a model's records, written as the feed writes them (a category read one-hot
     * as its indicator fields, whole numbers each).
     *
     * @param columns the model's record schema (JSON)
     * @param types   the model's column types: which columns hold whole numbers
     * @throws IllegalArgumentException where the records are not JSON objects or arrays of numbers
     */
    public static ConnectRecords of(RecordSchema columns, ColumnTypes types) {
        if (columns.format() != RecordSchema.Format.JSON)
            throw new IllegalArgumentException("Kafka Connect's JSON envelope holds JSON records; the model's are " + columns.format().label());
        RecordSchema written = OneHotColumns.expanded(columns);
        List<Boolean> whole = new ArrayList<>();
        for (int j = 0; j < types.dimension(); j++) {
            if (columns.isOneHot(j)) for (int k = 0; k < columns.oneHotOffsets(j).length; k++) whole.add(true);
            else whole.add(types.type(j).isWholeNumbers());
        }
        StringBuilder out = new StringBuilder();
        if (written.named()) {
            struct(out, JsonRecords.tree(written.names()), written, whole, null, true);
        } else {
            if (written.hasText()) throw new IllegalArgumentException("records of unnamed columns with labels or dates (JSON arrays of mixed values) have no Connect schema; name the fields");
            boolean allWhole = whole.stream().allMatch(w -> w);
            out.append("{\"type\":\"array\",\"items\":{\"type\":\"").append(allWhole ? "int64" : "double").append("\",\"optional\":false},\"optional\":false}");
        }
        return new ConnectRecords(out.toString());
    }

    /** The schema's JSON text. */
    public String schema() { return schema; }

    /** One record: the envelope around a payload as {@link RecordWriter} writes it. */
    public byte[] wrap(byte[] payload) {
        byte[] out = new byte[head.length + payload.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** A struct of a layout's fields; field: its name in the struct above (null: the record, or an array's element). */
    private static void struct(StringBuilder out, Map<String, Object> layout, RecordSchema written, List<Boolean> whole, String field, boolean record) {
        out.append("{\"type\":\"struct\",\"fields\":[");
        boolean first = true;
        for (Map.Entry<String, Object> e : layout.entrySet()) {
            if (!first) out.append(',');
            first = false;
            node(out, e.getValue(), written, whole, e.getKey());
        }
        out.append("],\"optional\":false");
        if (record) out.append(",\"name\":\"").append(NAME).append('"');
        if (field != null) appendField(out, field);
        out.append('}');
    }

    /** A layout node's schema: a column's type, a struct or an array (of its first element's schema: a feed's arrays hold one kind). */
    @SuppressWarnings("unchecked")
    private static void node(StringBuilder out, Object node, RecordSchema written, List<Boolean> whole, String field) {
        if (node instanceof Integer column) {
            out.append("{\"type\":\"").append(type(written, column, whole.get(column))).append("\",\"optional\":false");
            if (field != null) appendField(out, field);
            out.append('}');
        } else if (node instanceof List<?> array) {
            out.append("{\"type\":\"array\",\"items\":");
            node(out, array.get(0), written, whole, null);
            out.append(",\"optional\":false");
            if (field != null) appendField(out, field);
            out.append('}');
        } else {
            struct(out, (Map<String, Object>) node, written, whole, field, false);
        }
    }

    private static void appendField(StringBuilder out, String field) {
        out.append(",\"field\":");
        JsonRecords.appendQuoted(out, field);
    }

    /** How a column is written in the payload, as Connect's type. */
    static String type(RecordSchema written, int column, boolean whole) {
        if (written.isCategorical(column)) return JsonRecords.isBoolean(written.labelsOf(column)) ? "boolean" : "string";
        if (written.isClock(column)) return "int32";
        if (written.isTime(column) || written.hasNumberForm(column)) return "string";
        return whole ? "int64" : "double";
    }
}
