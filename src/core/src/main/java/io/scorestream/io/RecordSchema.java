package io.scorestream.io;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * What a model's columns are called and in which shape its records come and go: the record
 * format, the column names in the order of the model's coordinates (dotted paths such as
 * {@code sensor.temp} for nested fields), and for Avro the writer's schema (JSON text), so a
 * generated record can be written in the feed's own shape.
 *
 * <p>A model of bare number rows (CSV lines, JSON arrays) has no names: {@link #named()} is false
 * and its columns are only positions. This is kept apart from the column types and transforms,
 * which describe values, not names.
 */
public record RecordSchema(Format format, List<String> names, String avroSchema) {
    /** How a record is written: a CSV line, a JSON array or object, an Avro binary datum. */
    public enum Format {
        CSV, JSON, AVRO;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        public static Format parse(String text) {
            for (Format f : values()) if (f.label().equals(text.toLowerCase(Locale.ROOT))) return f;
            throw new IllegalArgumentException("record format must be csv, json or avro, got '" + text + "'");
        }
    }

    /** Bare CSV rows without names: what a model had before columns had names. */
    public static final RecordSchema UNNAMED_CSV = new RecordSchema(Format.CSV, List.of(), "");

    public RecordSchema {
        if (format == null) throw new IllegalArgumentException("a record schema needs a format");
        names = List.copyOf(names);
        if (avroSchema == null) avroSchema = "";
        if (format == Format.AVRO && (names.isEmpty() || avroSchema.isEmpty()))
            throw new IllegalArgumentException("an Avro record schema needs field names and the Avro schema");
        if (names.stream().distinct().count() != names.size())
            throw new IllegalArgumentException("column names repeat: " + names);
        for (String name : names)
            if (name.isEmpty()) throw new IllegalArgumentException("a column name is empty: " + names);
    }

    public static RecordSchema unnamed(Format format) {
        return format == Format.CSV ? UNNAMED_CSV : new RecordSchema(format, List.of(), "");
    }

    public static RecordSchema named(Format format, List<String> names) {
        return new RecordSchema(format, names, "");
    }

    public boolean named() { return !names.isEmpty(); }

    /** The names, or "x1".."xd" for an unnamed model of dimension d (CSV headers, JSON output). */
    public List<String> namesOr(int dimension) {
        if (named()) return names;
        return java.util.stream.IntStream.rangeClosed(1, dimension).mapToObj(i -> "x" + i).toList();
    }

    /** "json [temp, humidity, co2]" or "csv (unnamed)", for messages. */
    public String describe() {
        return format.label() + (named() ? " " + names : " (unnamed)");
    }

    /** True when a feed of other's shape may not be absorbed into statistics gathered on this one's. */
    public boolean conflictsWith(RecordSchema other) {
        return !names.equals(other.names);
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeUTF(format.label());
        out.writeInt(names.size());
        for (String name : names) out.writeUTF(name);
        // An Avro schema can exceed writeUTF's 64 KiB; write its UTF-8 bytes with a length.
        byte[] avro = avroSchema.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(avro.length);
        out.write(avro);
    }

    public static RecordSchema read(DataInputStream in) throws IOException {
        Format format = Format.parse(in.readUTF());
        int count = in.readInt();
        if (count < 0 || count > 1_000_000) throw new IOException("bad column count " + count);
        String[] names = new String[count];
        for (int i = 0; i < count; i++) names[i] = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > (64 << 20)) throw new IOException("bad Avro schema length " + length);
        byte[] avro = in.readNBytes(length);
        if (avro.length != length) throw new java.io.EOFException();
        return new RecordSchema(format, List.of(names), new String(avro, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Structures and model records written before columns had names begin with the dimension (a
     * positive int); newer ones write this marker, the schema, then the dimension.
     */
    static final int COLUMNS_FOLLOW = -1;

    /** Writes the schema behind the marker, then the dimension (see {@link #readWithDimension}). */
    public static void writeWithDimension(DataOutputStream out, RecordSchema schema, int dimension) throws IOException {
        if (schema.named() && schema.names().size() != dimension)
            throw new IllegalArgumentException(schema.names().size() + " column names for dimension " + dimension);
        out.writeInt(COLUMNS_FOLLOW);
        schema.write(out);
        out.writeInt(dimension);
    }

    /** The schema and dimension as {@link #writeWithDimension} wrote them, or an unnamed CSV schema from an older writer. */
    public static WithDimension readWithDimension(DataInputStream in) throws IOException {
        int first = in.readInt();
        if (first != COLUMNS_FOLLOW) return new WithDimension(UNNAMED_CSV, first);
        RecordSchema schema = read(in);
        int d = in.readInt();
        if (schema.named() && schema.names().size() != d) throw new IOException(schema.names().size() + " column names for dimension " + d);
        return new WithDimension(schema, d);
    }

    public record WithDimension(RecordSchema schema, int dimension) {}
}
