package io.scorestream.io;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
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
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Avro binary records (a bare datum, as most producers put on Kafka) of a record schema given as a
 * file, as vectors of the selected fields (dotted paths into nested records); default: every
 * numeric field (int, long, float, double, or a union of one of them with null).
 *
 * <p>An array of numbers (an embedding) is a block of columns, one per element, named as in JSON:
 * {@code embedding[0]}, {@code embedding[1]}, …. Avro arrays have no fixed length, so the length is
 * learned from a first record: {@link #expandArrays} gives the selection with each array's elements,
 * and a later record whose array is shorter or longer, or has a null element, is a
 * {@link RecordProblem} naming the element.
 *
 * <p>Numbers are int, long, float and double fields, and decimals (bytes or fixed of the decimal
 * logical type, read at their scale, written back at it); a date, time or timestamp is its int or
 * long, a column only when chosen ({@link #timeFields}).
 *
 * <p>An enum field is a column of labels, its symbols; a boolean one of false and true. A string field is one too when chosen (a
 * file's repeated strings, a stream's labelled ones): {@link #read(byte[], String[])} hands its text
 * to the caller, who numbers it — the labels are the file's or the setting's, as JSON's are — and
 * the labels it was learned with, given, write it back ({@link #of(RecordSchema)}).
 *
 * <p>Output goes the other way: a datum of the same schema pruned to the learned fields, each value
 * in its field's Avro type (int and long rounded; a label as its symbol or string). A record that does not decode with the schema, or
 * leaves bytes over, is {@link RecordProblem.Kind#WRONG_SCHEMA}.
 *
 * <p>Not thread-safe (reused decoder and record): one per thread, see {@link #copy()}.
 */
public final class AvroRecords implements BinaryRecords {
    private final Schema schema, written;
    private final List<String> fields;
    private final Map<String, Integer> columnOf = new HashMap<>();   // field path -> its value's index
    // A flat record of int, long, float and double fields (an embedding's schema) is read straight
    // from the decoder: the generic reader boxed every value, 768 Doubles a record at d = 768.
    private final Schema.Type[] flatTypes;   // each field's type, in the schema's order; null: not flat
    private final int[] flatColumn;          // each field's index among the values, -1 if not selected
    private final List<Schema.Field[]> paths = new ArrayList<>();
    private final int[] elementOf;           // each column's index in its array, -1 for a field that is not an element
    private final String[] arrayOf;          // each element column's array path (null for other fields): no string built per record
    private final Map<String, Integer> arrayLength = new HashMap<>();   // array path -> the number of its elements selected
    // An enum field is a column of labels: its symbols sorted (RecordSchema's order), and each
    // symbol's position there by its position in the schema (what a datum holds). Null for a number.
    // A string field's labels are given (empty while a file's are being learned).
    private final List<List<String>> labels;
    private final int[][] sortedIndex;
    private final List<List<String>> given;   // per column the labels given (for copy()), or empty
    private final boolean[] text;             // per column: a string field, read as text for the caller to number
    private final boolean anyText;            // asked once a record
    private final Schema[] decimal;           // per column the decimal's schema (bytes or fixed), null for any other type
    private final boolean rowOnly;            // a change event whose columns are all its after image's: one without it carries no row
    private final int afterPosition;          // the after image's field position, where rowOnly
    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();
    private final GenericDatumReader<GenericRecord> reader;
    private final GenericDatumWriter<GenericRecord> writer;
    private BinaryDecoder decoder;
    private final java.util.Map<Schema, GenericDatumReader<GenericRecord>> resolving = new java.util.HashMap<>();   // by writer schema
    private BinaryEncoder encoder;
    private GenericRecord reused;

    /** fields empty: the {@link #defaultSelection} (one with an array of numbers needs {@link #expandArrays} first: its length is in the records). */
    public AvroRecords(Schema schema, List<String> fields) {
        this(schema, fields, List.of());
    }

    /**
     * @param columnLabels per column its labels, sorted, as {@link RecordSchema#labels()} holds them
     *                     (empty: none given): a string field's are what it is written back as
     */
    public AvroRecords(Schema schema, List<String> fields, List<List<String>> columnLabels) {
        if (schema.getType() != Schema.Type.RECORD) throw new IllegalArgumentException("the Avro schema must be a record, not " + schema.getType());
        this.schema = schema;
        this.fields = fields.isEmpty() ? numericFields(schema) : List.copyOf(fields);
        if (this.fields.isEmpty()) throw new IllegalArgumentException("the Avro schema " + schema.getFullName() + " has no numeric field");
        this.elementOf = new int[this.fields.size()];
        this.arrayOf = new String[this.fields.size()];
        for (int i = 0; i < this.fields.size(); i++) {
            FieldPath path = FieldPath.parse(this.fields.get(i));
            paths.add(resolve(schema, this.fields.get(i), path));
            columnOf.putIfAbsent(this.fields.get(i), i);
            elementOf[i] = path.endsInIndex() ? path.lastIndex() : -1;
            arrayOf[i] = path.endsInIndex() ? path.parent() : null;
            if (path.endsInIndex()) arrayLength.merge(path.parent(), path.lastIndex() + 1, Math::max);
        }
        for (Map.Entry<String, Integer> array : arrayLength.entrySet())
            for (int k = 0; k < array.getValue(); k++)
                if (!columnOf.containsKey(array.getKey() + "[" + k + "]"))   // written back whole: a gap would shift the elements read after it
                    throw FieldPath.gapIn(array.getKey(), k, array.getValue());
        if (!columnLabels.isEmpty() && columnLabels.size() != this.fields.size())
            throw new IllegalArgumentException(columnLabels.size() + " label lists for the fields " + this.fields);
        this.rowOnly = isChangeEvent(schema) && this.fields.stream().allMatch(f -> f.startsWith(AFTER + ".") || f.startsWith(AFTER + "["));
        this.afterPosition = rowOnly ? schema.getField(AFTER).pos() : -1;
        this.given = List.copyOf(columnLabels);
        this.labels = new ArrayList<>(this.fields.size());
        this.sortedIndex = new int[this.fields.size()][];
        this.text = new boolean[this.fields.size()];
        this.decimal = new Schema[this.fields.size()];
        for (int i = 0; i < this.fields.size(); i++) {
            Schema.Field[] path = paths.get(i);
            Schema leaf = nonNull(path[path.length - 1].schema());
            Schema type = elementOf[i] >= 0 ? null : leaf;   // an array's element is a number, never labels
            Schema number = elementOf[i] >= 0 ? nonNull(leaf.getElementType()) : leaf;
            if (number.getLogicalType() instanceof LogicalTypes.Decimal) decimal[i] = number;
            text[i] = type != null && type.getType() == Schema.Type.STRING;
            if (text[i]) { labels.add(given.isEmpty() ? List.of() : given.get(i)); continue; }
            if (type != null && type.getType() == Schema.Type.BOOLEAN) { labels.add(FALSE_TRUE); continue; }   // its index is its value
            if (type == null || type.getType() != Schema.Type.ENUM) { labels.add(List.of()); continue; }
            List<String> sorted = new ArrayList<>(type.getEnumSymbols());
            java.util.Collections.sort(sorted);
            labels.add(List.copyOf(sorted));
            sortedIndex[i] = type.getEnumSymbols().stream().mapToInt(symbol -> java.util.Collections.binarySearch(sorted, symbol)).toArray();
        }
        boolean anyText = false;
        for (boolean t : text) anyText |= t;
        this.anyText = anyText;
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

    /**
     * The selection with each array of numbers replaced by its elements, as many as the first
     * record's array has: fields empty, every numeric field and array of the schema (the default
     * selection); else each chosen name of an array ({@code embedding} selects {@code embedding[0]},
     * {@code embedding[1]}, …), other names as they are. An array that is null or empty in the
     * first record is an IllegalArgumentException naming it: its length cannot be learned.
     */
    public static List<String> expandArrays(Schema schema, List<String> fields, GenericRecord first) {
        return expand(schema, fields, first, (array, value) -> new IllegalArgumentException("the array " + array + " is " + (value == null ? "null" : "empty")
                + " in the first record: its length (the number of columns) is learned from it"));
    }

    /**
     * {@link #expandArrays(Schema, List, GenericRecord)} of one datum of a stream: one that is not a
     * record of the schema, or whose array is null or empty (its length cannot be learned from it),
     * is a {@link RecordProblem} naming the array, a bad record rather than a bad selection.
     */
    public static List<String> expandArrays(Schema schema, List<String> fields, byte[] datum) {
        return expandArrays(schema, fields, datum, 0);
    }

    /** {@link #expandArrays(Schema, List, byte[])} of the datum that starts at offset (after an envelope's header) and runs to the end. */
    public static List<String> expandArrays(Schema schema, List<String> fields, byte[] datum, int offset) {
        return expandArrays(schema, fields, datum, offset, null);
    }

    /**
     * {@link #expandArrays(Schema, List, byte[], int)} of a datum written with writer, another
     * version of the schema (null: the schema itself), resolved to the schema.
     */
    public static List<String> expandArrays(Schema schema, List<String> fields, byte[] datum, int offset, Schema writer) {
        GenericRecord record;
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(datum, offset, datum.length - offset, null);
            record = new GenericDatumReader<GenericRecord>(writer == null ? schema : writer, schema).read(null, decoder);
            if (!decoder.isEnd()) throw bytesLeftOver(schema);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException | ClassCastException e) {
            throw notOfTheSchema(schema, e);
        }
        return expand(schema, fields, record, (array, value) -> value == null
                ? new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + array + " is null: an array's length (its number of columns) is learned from the records", array)
                : new RecordProblem(RecordProblem.Kind.MISSING_FIELD, "field " + array + "[0] is missing: the array " + array + " is empty", array + "[0]"));
    }

    /**
     * The selection by name: the fields as given, or when none are, the schema's numeric fields
     * and arrays of numbers ({@code embedding}), in the schema's order. A selection that could be
     * no record's columns (a name the schema lacks or that is no number, elements with a gap) is
     * an IllegalArgumentException, as the constructor's, before any record is read.
     */
    public static List<String> selection(Schema schema, List<String> fields) {
        if (schema.getType() != Schema.Type.RECORD) throw new IllegalArgumentException("the Avro schema must be a record, not " + schema.getType());
        List<String> names = fields.isEmpty() ? defaultSelection(schema, Set.of()) : fields;
        List<String> oneElementEach = new ArrayList<>(names.size());
        for (String name : names) oneElementEach.add(isArray(schema, name) ? name + "[0]" : name);
        new AvroRecords(schema, oneElementEach);   // checks every name, an array by its first element
        return names;
    }

    /**
     * The default selection, by name: every numeric and enum field and array of numbers of the
     * schema, and of its string fields those given (columns of labels), in the schema's order.
     */
    public static List<String> defaultSelection(Schema schema, Set<String> strings) {
        List<String> out = new ArrayList<>();
        if (isChangeEvent(schema)) collect(nonNull(schema.getField(AFTER).schema()), AFTER + ".", out, true, strings);
        else collect(schema, "", out, true, strings);
        return out;
    }

    /** Every string field of the schema (a union of string and null too, nested ones by dotted path; a change event's row's), in the schema's order. */
    public static List<String> stringFields(Schema schema) {
        List<String> out = new ArrayList<>();
        if (isChangeEvent(schema)) leaves(nonNull(schema.getField(AFTER).schema()), AFTER + ".", type -> type.getType() == Schema.Type.STRING, (path, type) -> path, out);
        else leaves(schema, "", type -> type.getType() == Schema.Type.STRING, (path, type) -> path, out);
        return out;
    }

    /** A change event's field holding the row it makes ({@link #isChangeEvent}). */
    static final String AFTER = "after";

    /**
     * Whether the schema is a Debezium change event's envelope, as its Avro converter writes them:
     * a before and an after image of one row record (each a union with null), an op of text and a
     * source. Its columns by default are the after image's fields ({@code after.amount}), not the
     * before image's, which a create leaves null (every record was a null-field dead letter), nor
     * the source's offsets; and a record without an after image (a delete) carries no row
     * ({@link RecordProblem.Kind#NO_ROW}).
     */
    public static boolean isChangeEvent(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) return false;
        Schema.Field before = schema.getField("before"), after = schema.getField(AFTER), op = schema.getField("op");
        return before != null && after != null && op != null && schema.getField("source") != null
                && nonNull(after.schema()).getType() == Schema.Type.RECORD && nonNull(after.schema()).equals(nonNull(before.schema()))
                && nonNull(op.schema()).getType() == Schema.Type.STRING;
    }

    /** Each field (nested ones by dotted path) whose type, seen through a union with null, is one to keep, as named. */
    private static void leaves(Schema record, String prefix, java.util.function.Predicate<Schema> keep,
                               BiFunction<String, Schema, String> name, List<String> out) {
        for (Schema.Field f : record.getFields()) {
            Schema type = nonNull(f.schema());
            if (type.getType() == Schema.Type.RECORD) leaves(type, prefix + f.name() + ".", keep, name, out);
            else if (keep.test(type)) out.add(name.apply(prefix + f.name(), type));
        }
    }

    /** The text of a string field of a record, by its dotted path; null when it (or a record on its way) is null. */
    public static String textAt(GenericRecord record, String path) {
        Object v = valueAt(record, FieldPath.parse(path));
        return v == null ? null : v.toString();
    }

    /** True when a name of the selection is an array of numbers of the schema, whose length is learned from the records. */
    public static boolean hasArray(Schema schema, List<String> selection) {
        return selection.stream().anyMatch(name -> isArray(schema, name));
    }

    private static boolean isArray(Schema schema, String name) {
        FieldPath path = FieldPath.parse(name);
        Schema type = path.endsInIndex() ? null : typeAt(schema, path);
        return type != null && isNumericArray(type);
    }

    private static List<String> expand(Schema schema, List<String> fields, GenericRecord first, BiFunction<String, Object, RuntimeException> noLength) {
        List<String> names = fields.isEmpty() ? defaultSelection(schema, Set.of()) : fields;
        List<String> out = new ArrayList<>(names.size());
        for (String field : names) {
            if (isArray(schema, field)) addElements(field, valueAt(first, FieldPath.parse(field)), out, noLength);
            else out.add(field);
        }
        return out;
    }

    /** The type of the field at a path of names, seen through a union with null; null if there is none. */
    private static Schema typeAt(Schema schema, FieldPath path) {
        Schema s = schema;
        for (Object step : path.steps()) {
            if (s.getType() != Schema.Type.RECORD || !(step instanceof String name) || s.getField(name) == null) return null;
            s = nonNull(s.getField(name).schema());
        }
        return s;
    }

    private static Object valueAt(GenericRecord record, FieldPath path) {
        Object v = record;
        for (Object step : path.steps()) v = v instanceof GenericRecord r ? r.get((String) step) : null;
        return v;
    }

    private static void addElements(String array, Object value, List<String> out, BiFunction<String, Object, RuntimeException> noLength) {
        if (!(value instanceof List<?> elements) || elements.isEmpty()) throw noLength.apply(array, value);
        for (int k = 0; k < elements.size(); k++) out.add(array + "[" + k + "]");
    }

    public static Schema parseSchema(String json) {
        return new Schema.Parser().parse(json);
    }

    /** The reader and writer of a model's Avro columns: its schema, fields and labels. */
    public static AvroRecords of(RecordSchema columns) {
        return new AvroRecords(parseSchema(columns.avroSchema()), columns.names(), columns.labels());
    }

    /** Another reader of the same schema, fields and labels, for another thread. */
    @Override
    public AvroRecords copy() { return new AvroRecords(schema, fields, given); }

    /** Whether a column is a string field, read as text ({@link #read(byte[], String[])}). */
    public boolean isText(int column) { return text[column]; }

    /** Whether any column is a string field. */
    public boolean hasText() { return anyText; }

    public List<String> fields() { return fields; }

    public Schema schema() { return schema; }

    /** Per column the sorted symbols of an enum field or the given labels of a string field (a column of labels), empty for a number; see {@link RecordSchema#labels()}. */
    public List<List<String>> labels() { return labels.stream().allMatch(List::isEmpty) ? List.of() : labels; }

    /** The schema generated records are written with: the input schema with only the learned fields. */
    public Schema writtenSchema() { return written; }

    /** The selected fields' values of one datum (no field is a string). */
    public double[] read(byte[] datum) {
        return read(datum, 0);
    }

    /** {@link #read(byte[])} of the datum that starts at offset (after an envelope's header) and runs to the end of the bytes. */
    public double[] read(byte[] datum, int offset) {
        if (anyText) throw new IllegalStateException("fields " + fields + " hold strings: read(datum, offset, texts)");
        return read(datum, offset, null);
    }

    /** {@link #read(byte[], int, String[])} of a whole datum. */
    public double[] read(byte[] datum, String[] texts) {
        return read(datum, 0, texts);
    }

    /**
     * The selected fields' values of the datum that starts at offset; a string field's text goes
     * to texts[column] (its value left 0 for the caller to number), others' entries are left as
     * they were.
     */
    public double[] read(byte[] datum, int offset, String[] texts) {
        if (flatTypes != null) return readFlat(datum, offset, texts);
        return readRecord(reader, datum, offset, texts);
    }

    /**
     * {@link #read(byte[], int, String[])} of a datum written with writer, another version of the
     * schema (null: the schema itself), resolved to the schema by Avro's schema resolution: a field
     * the writer lacks takes the schema's default, one the schema lacks is skipped.
     */
    public double[] read(byte[] datum, int offset, String[] texts, Schema writer) {
        if (writer == null) return read(datum, offset, texts);
        return readRecord(resolving.computeIfAbsent(writer, w -> new GenericDatumReader<>(w, schema)), datum, offset, texts);
    }

    private double[] readRecord(GenericDatumReader<GenericRecord> reader, byte[] datum, int offset, String[] texts) {
        GenericRecord record;
        try {
            decoder = DecoderFactory.get().binaryDecoder(datum, offset, datum.length - offset, decoder);
            record = reader.read(reused, decoder);
            if (!decoder.isEnd()) throw bytesLeftOver(schema);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException | ClassCastException e) {
            throw notOfTheSchema(schema, e);
        }
        reused = record;
        if (rowOnly && record.get(afterPosition) == null) throw noRow(record);
        double[] values = new double[fields.size()];
        for (int i = 0; i < values.length; i++) {
            if (text[i]) texts[i] = field(record, i).toString();
            else values[i] = value(record, i);
        }
        return values;
    }

    /** A change event that carries no row: a delete (op d), a truncate (t) or a message (m). */
    static RecordProblem noRow(GenericRecord event) {
        Object op = event.get("op");
        return JsonEnvelope.withoutRow(op == null ? null : op.toString());
    }

    private static RecordProblem bytesLeftOver(Schema schema) {
        return new RecordProblem(RecordProblem.Kind.WRONG_SCHEMA, "bytes left over after a " + schema.getName() + " record: written with another schema?");
    }

    private static RecordProblem notOfTheSchema(Schema schema, Exception e) {
        return new RecordProblem(RecordProblem.Kind.WRONG_SCHEMA, "not a " + schema.getName() + " record of the configured schema (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")");
    }

    /** {@link #read} of a flat record: the same values and the same problems, without a GenericRecord. */
    private double[] readFlat(byte[] datum, int offset, String[] texts) {
        double[] values = new double[fields.size()];
        try {
            decoder = DecoderFactory.get().binaryDecoder(datum, offset, datum.length - offset, decoder);
            for (int f = 0; f < flatTypes.length; f++) {
                if (flatTypes[f] == Schema.Type.STRING) {
                    if (flatColumn[f] >= 0) texts[flatColumn[f]] = decoder.readString();
                    else decoder.skipString();
                    continue;
                }
                double v = switch (flatTypes[f]) {
                    case ENUM -> flatColumn[f] >= 0 ? sortedPosition(sortedIndex[flatColumn[f]], decoder.readEnum()) : decoder.readEnum();
                    case BOOLEAN -> decoder.readBoolean() ? 1 : 0;
                    case INT -> decoder.readInt();
                    case LONG -> decoder.readLong();
                    case FLOAT -> decoder.readFloat();
                    default -> decoder.readDouble();
                };
                if (flatColumn[f] >= 0) values[flatColumn[f]] = v;
            }
            if (!decoder.isEnd()) throw bytesLeftOver(schema);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw notOfTheSchema(schema, e);
        }
        for (int i = 0; i < values.length; i++)
            if (!Double.isFinite(values[i])) throw new RecordProblem(RecordProblem.Kind.NON_FINITE, "field " + fields.get(i) + " is not finite: " + values[i]);
        return values;
    }

    /** An enum symbol's position among the sorted symbols, by its position in the schema as read; one past the symbols is another schema's datum. */
    private static int sortedPosition(int[] sortedIndex, int read) {
        if (read < 0 || read >= sortedIndex.length) throw new AvroRuntimeException("enum index " + read + " of " + sortedIndex.length + " symbols");
        return sortedIndex[read];
    }

    /**
     * For a record whose every field is a plain int, long, float, double, enum or string (no union, no nested
     * record, no logical type) and a selection without repeats: each field's index among the
     * values, -1 where not selected; else null (the generic reader).
     */
    private static int[] flatColumns(Schema schema, List<String> fields) {
        for (Schema.Field f : schema.getFields())
            switch (f.schema().getType()) {
                case INT, LONG, FLOAT, DOUBLE, ENUM, STRING, BOOLEAN -> { }   // a date's int is read as any int
                default -> { return null; }                          // bytes and fixed decimals among them
            }
        int[] column = new int[schema.getFields().size()];
        java.util.Arrays.fill(column, -1);
        for (int i = 0; i < fields.size(); i++) {
            Schema.Field f = schema.getField(fields.get(i));
            if (f == null || column[f.pos()] >= 0) return null;
            column[f.pos()] = i;
        }
        return column;
    }

    /** The column's value as the record holds it (an element of its array); a null one is a problem naming it. */
    private Object field(GenericRecord record, int column) {
        Object v = record;
        for (Schema.Field f : paths.get(column)) {
            if (!(v instanceof GenericRecord r)) throw new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + fields.get(column) + " is null", fields.get(column));
            v = r.get(f.pos());
        }
        String name = fields.get(column);
        if (elementOf[column] >= 0) v = element(name, arrayOf[column], v, elementOf[column]);
        if (v == null) throw new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + name + " is null", name);
        return v;
    }

    private double value(GenericRecord record, int column) {
        Object v = field(record, column);
        String name = fields.get(column);
        if (sortedIndex[column] != null && v instanceof GenericData.EnumSymbol symbol)
            return java.util.Collections.binarySearch(labels.get(column), symbol.toString());
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (decimal[column] != null) return decimalValue(v, column);
        if (!(v instanceof Number n)) throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + name + " is not a number: " + JsonRecords.quote(String.valueOf(v)));
        double d = n.doubleValue();
        if (!Double.isFinite(d)) throw new RecordProblem(RecordProblem.Kind.NON_FINITE, "field " + name + " is not finite: " + d);
        return d;
    }

    /** A decimal's value: its unscaled bytes (big-endian two's complement, as Avro's spec has them) at its scale. */
    private double decimalValue(Object v, int column) {
        Schema type = decimal[column];
        LogicalTypes.Decimal logical = (LogicalTypes.Decimal) type.getLogicalType();
        java.math.BigDecimal d = v instanceof java.nio.ByteBuffer bytes ? DECIMALS.fromBytes(bytes.duplicate(), type, logical)
                : DECIMALS.fromFixed((org.apache.avro.generic.GenericFixed) v, type, logical);
        return d.doubleValue();
    }

    /** Element k of the array value v (the array at path array) of the column named element; an array of another length than learned is a problem naming the element. */
    private Object element(String element, String array, Object v, int k) {
        if (!(v instanceof List<?> elements)) throw new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + element + " is null (the array " + array + " is)", element);
        int learned = arrayLength.get(array);
        if (k >= elements.size())
            throw new RecordProblem(RecordProblem.Kind.MISSING_FIELD, "field " + element + " is missing: the array " + array + " has " + elements.size()
                    + " elements, " + learned + " learned", element);
        if (k == learned - 1 && elements.size() > learned) throw FieldPath.pastLearned(array, elements.size(), learned);
        return elements.get(k);
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
            else if (type.getType() == Schema.Type.ARRAY) out.put(f.pos(), fillArray(type, path, values));
            else if (type.getType() == Schema.Type.ENUM) out.put(f.pos(), new GenericData.EnumSymbol(type, label(values[columnOf.get(path)], path)));
            else if (type.getType() == Schema.Type.BOOLEAN) out.put(f.pos(), label(values[columnOf.get(path)], path).equals("true"));
            else if (type.getType() == Schema.Type.STRING) out.put(f.pos(), label(values[columnOf.get(path)], path));
            else out.put(f.pos(), typed(type, values[columnOf.get(path)], path));   // indexOf was d² a record at d = 768
        }
        return out;
    }

    private GenericData.Array<Object> fillArray(Schema type, String path, double[] values) {
        int length = arrayLength.get(path);
        GenericData.Array<Object> out = new GenericData.Array<>(length, type);
        for (int k = 0; k < length; k++) {
            String element = path + "[" + k + "]";
            out.add(typed(type.getElementType(), values[columnOf.get(element)], element));
        }
        return out;
    }

    /** The label (an enum's symbol, a string) a generated value stands for: the nearest index among the sorted labels. */
    private String label(double v, String path) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("cannot write non-finite value " + v + " of field " + path);
        List<String> sorted = labels.get(columnOf.get(path));
        if (sorted.isEmpty()) throw new IllegalArgumentException("field " + path + " is a string without labels: there is nothing to write");
        return sorted.get(RecordSchema.nearestIndex(v, sorted.size()));
    }

    private static Object typed(Schema type, double v, String path) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("cannot write non-finite value " + v + " of field " + path);
        type = nonNull(type);
        return switch (type.getType()) {
            case INT -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v)));
            case LONG -> Math.round(v);
            case FLOAT -> (float) v;
            case BYTES -> DECIMALS.toBytes(decimal(type, v), type, type.getLogicalType());
            case FIXED -> DECIMALS.toFixed(decimal(type, v), type, type.getLogicalType());
            default -> v;
        };
    }

    /**
     * The value at the decimal's scale (half to even), held within its precision: a value the
     * types did not bound (column types none) is written as the nearest the field can hold.
     */
    private static java.math.BigDecimal decimal(Schema type, double v) {
        LogicalTypes.Decimal logical = (LogicalTypes.Decimal) type.getLogicalType();
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(v).setScale(logical.getScale(), java.math.RoundingMode.HALF_EVEN);
        if (d.precision() <= logical.getPrecision()) return d;
        java.math.BigDecimal largest = java.math.BigDecimal.ONE.movePointRight(logical.getPrecision()).subtract(java.math.BigDecimal.ONE).movePointLeft(logical.getScale());
        return d.signum() < 0 ? largest.negate() : largest;
    }

    private static List<String> numericFields(Schema schema) {
        List<String> out = new ArrayList<>();
        if (isChangeEvent(schema)) collect(nonNull(schema.getField(AFTER).schema()), AFTER + ".", out, false, Set.of());
        else collect(schema, "", out, false, Set.of());
        return out;
    }

    /**
     * The numeric and enum fields of a record schema and the given string fields, and its arrays of
     * numbers by name when arrayNames (else an array is an error: its length is in the records).
     */
    private static void collect(Schema record, String prefix, List<String> out, boolean arrayNames, Set<String> strings) {
        for (Schema.Field f : record.getFields()) {
            Schema type = nonNull(f.schema());
            String path = prefix + f.name();
            if (type.getType() == Schema.Type.RECORD) collect(type, path + ".", out, arrayNames, strings);
            else if ((isNumeric(type) && !isTime(type)) || isLabels(type)) out.add(path);
            else if (type.getType() == Schema.Type.STRING && strings.contains(path)) out.add(path);
            else if (isNumericArray(type) && !arrayNames)
                throw new IllegalArgumentException("field " + path + " is an array: its length is learned from the first record; "
                        + "name its elements to choose the columns (" + path + "[0], " + path + "[1], ...)");
            else if (isNumericArray(type)) out.add(path);
        }
    }

    private static boolean isNumericArray(Schema type) {
        return type.getType() == Schema.Type.ARRAY && isNumeric(nonNull(type.getElementType()));
    }

    /**
     * A number as the schema says: int, long, float, double (a date, time or timestamp too: an int or
     * long in its unit), or bytes and fixed of the decimal logical type.
     */
    private static boolean isNumeric(Schema type) {
        return switch (type.getType()) {
            case INT, LONG, FLOAT, DOUBLE -> true;
            case BYTES, FIXED -> type.getLogicalType() instanceof LogicalTypes.Decimal;
            default -> false;
        };
    }

    /** An enum or a boolean: a column of labels its type names (a boolean's are false and true, its index its value). */
    private static boolean isLabels(Schema type) {
        return type.getType() == Schema.Type.ENUM || type.getType() == Schema.Type.BOOLEAN;
    }

    private static final List<String> FALSE_TRUE = List.of("false", "true");

    /**
     * A date, time or timestamp (an int or long with a logical type): a column when chosen, not by
     * default, since a feed's event time is a position in the stream, not a quantity of its records.
     */
    private static boolean isTime(Schema type) {
        return (type.getType() == Schema.Type.INT || type.getType() == Schema.Type.LONG) && type.getLogicalType() != null;
    }

    /** Every date, time and timestamp field (dotted paths), each with its logical type: what the default selection leaves out. */
    public static List<String> timeFields(Schema schema) {
        List<String> out = new ArrayList<>();
        leaves(schema, "", AvroRecords::isTime, (path, type) -> path + ": " + type.getLogicalType().getName(), out);
        return out;
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

    /** The fields down to the path's number, or down to its array of numbers when the path ends in an element's index. */
    private static Schema.Field[] resolve(Schema schema, String path, FieldPath steps) {
        int names = steps.steps().size() - (steps.endsInIndex() ? 1 : 0);
        Schema.Field[] out = new Schema.Field[names];
        Schema s = schema;
        for (int i = 0; i < names; i++) {
            if (!(steps.steps().get(i) instanceof String name))
                throw new IllegalArgumentException("field " + path + ": only an array of numbers is a block of columns, " + steps.prefix(i) + " is not one");
            if (s.getType() != Schema.Type.RECORD) throw new IllegalArgumentException("field " + path + ": " + steps.prefix(i) + " is not a record");
            Schema.Field f = s.getField(name);
            if (f == null) throw new IllegalArgumentException("field " + path + " is not in the Avro schema " + schema.getFullName());
            out[i] = f;
            s = nonNull(f.schema());
        }
        if (steps.endsInIndex() && !isNumericArray(s))
            throw new IllegalArgumentException("field " + path + ": " + steps.parent() + " of the Avro schema is " + s.getType() + ", not an array of numbers");
        if (!steps.endsInIndex() && isNumericArray(s))
            throw new IllegalArgumentException("field " + path + " of the Avro schema is an array: its elements are the columns (" + path + "[0], " + path + "[1], ...)");
        if (!steps.endsInIndex() && !isNumeric(s) && !isLabels(s) && s.getType() != Schema.Type.STRING)
            throw new IllegalArgumentException("field " + path + " of the Avro schema is " + s.getType() + ", not a number, an enum, a boolean or a string");
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
            } else if (type.getType() == Schema.Type.ARRAY && fields.contains(path + "[0]")) {
                kept.add(new Schema.Field(f.name(), Schema.createArray(nonNull(type.getElementType())), f.doc()));
            }
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, kept);
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
