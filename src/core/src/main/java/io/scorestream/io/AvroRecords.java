package io.scorestream.io;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro binary records (a bare datum, as most producers put on Kafka) of a record schema given as a
 * file, as vectors of the selected fields (dotted paths into nested records); default: every
 * numeric field (int, long, float, double, or a union of one of them with null).
 *
 * <p>Output goes the other way: a datum of the same schema pruned to the learned fields, each value
 * in its field's Avro type (int and long rounded). A record that does not decode with the schema, or
 * leaves bytes over, is {@link RecordProblem.Kind#WRONG_SCHEMA}.
 *
 * <p>Not thread-safe (reused decoder and record): one per thread, see {@link #copy()}.
 */
public final class AvroRecords {
    private final Schema schema, written;
    private final List<String> fields;
    private final Map<String, Integer> columnOf = new HashMap<>();   // field path -> its value's index
    // A flat record of int, long, float and double fields (an embedding's schema) is read straight
    // from the decoder: the generic reader boxed every value, 768 Doubles a record at d = 768.
    private final Schema.Type[] flatTypes;   // each field's type, in the schema's order; null: not flat
    private final int[] flatColumn;          // each field's index among the values, -1 if not selected
    private final List<Schema.Field[]> paths = new ArrayList<>();
    private final GenericDatumReader<GenericRecord> reader;
    private final GenericDatumWriter<GenericRecord> writer;
    private BinaryDecoder decoder;
    private BinaryEncoder encoder;
    private GenericRecord reused;

    /** fields empty: every numeric field of the schema. */
    public AvroRecords(Schema schema, List<String> fields) {
        if (schema.getType() != Schema.Type.RECORD) throw new IllegalArgumentException("the Avro schema must be a record, not " + schema.getType());
        this.schema = schema;
        this.fields = fields.isEmpty() ? numericFields(schema) : List.copyOf(fields);
        if (this.fields.isEmpty()) throw new IllegalArgumentException("the Avro schema " + schema.getFullName() + " has no numeric field");
        for (int i = 0; i < this.fields.size(); i++) {
            paths.add(resolve(schema, this.fields.get(i)));
            columnOf.putIfAbsent(this.fields.get(i), i);
        }
        this.flatColumn = flatColumns(schema, this.fields);
        this.flatTypes = flatColumn == null ? null : schema.getFields().stream().map(f -> f.schema().getType()).toArray(Schema.Type[]::new);
        this.written = prune(schema, "", this.fields);
        this.reader = new GenericDatumReader<>(schema);
        this.writer = new GenericDatumWriter<>(written);
    }

    /** Reads a schema file (.avsc); a bad one is an InputException naming it. */
    public static Schema parseSchema(Path file) {
        try {
            return new Schema.Parser().parse(Files.readString(file));
        } catch (IOException e) {
            throw InputException.reading(file, e);
        } catch (RuntimeException e) {
            throw InputException.in(file, "is not an Avro schema: " + e.getMessage());
        }
    }

    public static Schema parseSchema(String json) {
        return new Schema.Parser().parse(json);
    }

    /** Another reader of the same schema and fields, for another thread. */
    public AvroRecords copy() { return new AvroRecords(schema, fields); }

    public List<String> fields() { return fields; }

    public Schema schema() { return schema; }

    /** The schema generated records are written with: the input schema with only the learned fields. */
    public Schema writtenSchema() { return written; }

    public double[] read(byte[] datum) {
        if (flatTypes != null) return readFlat(datum);
        GenericRecord record;
        try {
            decoder = DecoderFactory.get().binaryDecoder(datum, decoder);
            record = reader.read(reused, decoder);
            if (!decoder.isEnd()) throw bytesLeftOver();
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException | ClassCastException e) {
            throw notOfTheSchema(e);
        }
        reused = record;
        double[] values = new double[fields.size()];
        for (int i = 0; i < values.length; i++) values[i] = value(record, i);
        return values;
    }

    private RecordProblem bytesLeftOver() {
        return new RecordProblem(RecordProblem.Kind.WRONG_SCHEMA, "bytes left over after a " + schema.getName() + " record: written with another schema?");
    }

    private RecordProblem notOfTheSchema(Exception e) {
        return new RecordProblem(RecordProblem.Kind.WRONG_SCHEMA, "not a " + schema.getName() + " record of the configured schema (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")");
    }

    /** {@link #read} of a flat record: the same values and the same problems, without a GenericRecord. */
    private double[] readFlat(byte[] datum) {
        double[] values = new double[fields.size()];
        try {
            decoder = DecoderFactory.get().binaryDecoder(datum, decoder);
            for (int f = 0; f < flatTypes.length; f++) {
                double v = switch (flatTypes[f]) {
                    case INT -> decoder.readInt();
                    case LONG -> decoder.readLong();
                    case FLOAT -> decoder.readFloat();
                    default -> decoder.readDouble();
                };
                if (flatColumn[f] >= 0) values[flatColumn[f]] = v;
            }
            if (!decoder.isEnd()) throw bytesLeftOver();
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw notOfTheSchema(e);
        }
        for (int i = 0; i < values.length; i++)
            if (!Double.isFinite(values[i])) throw new RecordProblem(RecordProblem.Kind.NON_FINITE, "field " + fields.get(i) + " is not finite: " + values[i]);
        return values;
    }

    /**
     * For a record whose every field is a plain int, long, float or double (no union, no nested
     * record, no logical type) and a selection without repeats: each field's index among the
     * values, -1 where not selected; else null (the generic reader).
     */
    private static int[] flatColumns(Schema schema, List<String> fields) {
        for (Schema.Field f : schema.getFields())
            if (!isNumeric(f.schema())) return null;
        int[] column = new int[schema.getFields().size()];
        java.util.Arrays.fill(column, -1);
        for (int i = 0; i < fields.size(); i++) {
            Schema.Field f = schema.getField(fields.get(i));
            if (f == null || column[f.pos()] >= 0) return null;
            column[f.pos()] = i;
        }
        return column;
    }

    private double value(GenericRecord record, int column) {
        Object v = record;
        for (Schema.Field f : paths.get(column)) {
            if (!(v instanceof GenericRecord r)) throw new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + fields.get(column) + " is null", fields.get(column));
            v = r.get(f.pos());
        }
        String name = fields.get(column);
        if (v == null) throw new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + name + " is null", name);
        if (!(v instanceof Number n)) throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + name + " is not a number: " + JsonRecords.quote(String.valueOf(v)));
        double d = n.doubleValue();
        if (!Double.isFinite(d)) throw new RecordProblem(RecordProblem.Kind.NON_FINITE, "field " + name + " is not finite: " + d);
        return d;
    }

    /** One datum of {@link #writtenSchema()} holding the values, each in its field's type. */
    public byte[] write(double[] values) {
        GenericRecord record = fill(written, "", values);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(values.length * 9 + 8);
        try {
            encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    /** The values as a record of the written schema (for data files). */
    public GenericRecord record(double[] values) { return fill(written, "", values); }

    private GenericRecord fill(Schema s, String prefix, double[] values) {
        GenericData.Record out = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
            String path = prefix + f.name();
            Schema type = nonNull(f.schema());
            if (type.getType() == Schema.Type.RECORD) out.put(f.pos(), fill(type, path + ".", values));
            else out.put(f.pos(), typed(type, values[columnOf.get(path)], path));   // indexOf was d² a record at d = 768
        }
        return out;
    }

    private static Object typed(Schema type, double v, String path) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("cannot write non-finite value " + v + " of field " + path);
        return switch (type.getType()) {
            case INT -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v)));
            case LONG -> Math.round(v);
            case FLOAT -> (float) v;
            default -> v;
        };
    }

    private static List<String> numericFields(Schema schema) {
        List<String> out = new ArrayList<>();
        collect(schema, "", out);
        return out;
    }

    private static void collect(Schema record, String prefix, List<String> out) {
        for (Schema.Field f : record.getFields()) {
            Schema type = nonNull(f.schema());
            if (type.getType() == Schema.Type.RECORD) collect(type, prefix + f.name() + ".", out);
            else if (isNumeric(type)) out.add(prefix + f.name());
        }
    }

    private static boolean isNumeric(Schema type) {
        return switch (type.getType()) {
            case INT, LONG, FLOAT, DOUBLE -> type.getLogicalType() == null;
            default -> false;
        };
    }

    /** The type of a field, seen through a union with null. */
    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) return s;
        Schema only = null;
        for (Schema t : s.getTypes()) {
            if (t.getType() == Schema.Type.NULL) continue;
            if (only != null) return s;   // a real union: not a column
            only = t;
        }
        return only == null ? s : only;
    }

    private static Schema.Field[] resolve(Schema schema, String path) {
        String[] parts = path.split("\\.");
        Schema.Field[] out = new Schema.Field[parts.length];
        Schema s = schema;
        for (int i = 0; i < parts.length; i++) {
            if (s.getType() != Schema.Type.RECORD) throw new IllegalArgumentException("field " + path + ": " + String.join(".", List.of(parts).subList(0, i)) + " is not a record");
            Schema.Field f = s.getField(parts[i]);
            if (f == null) throw new IllegalArgumentException("field " + path + " is not in the Avro schema " + schema.getFullName());
            out[i] = f;
            s = nonNull(f.schema());
        }
        if (!isNumeric(s)) throw new IllegalArgumentException("field " + path + " of the Avro schema is " + s.getType() + ", not a number");
        return out;
    }

    /** The record schema with only the selected fields (nested records kept, pruned alike), names and namespaces as in the input. */
    private static Schema prune(Schema record, String prefix, List<String> fields) {
        List<Schema.Field> kept = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            String path = prefix + f.name();
            Schema type = nonNull(f.schema());
            if (type.getType() == Schema.Type.RECORD) {
                if (fields.stream().anyMatch(x -> x.startsWith(path + ".")))
                    kept.add(new Schema.Field(f.name(), prune(type, path + ".", fields), f.doc()));
            } else if (fields.contains(path)) {
                kept.add(new Schema.Field(f.name(), type, f.doc()));
            }
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, kept);
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
