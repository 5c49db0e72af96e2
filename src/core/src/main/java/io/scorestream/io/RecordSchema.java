package io.scorestream.io;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * What a model's columns are called and in which shape its records come and go: the record
 * format, the column names in the order of the model's coordinates (dotted paths such as
 * {@code sensor.temp} for nested fields), and for Avro the writer's schema (JSON text), for
 * Protobuf the message's name and descriptor set ({@link ProtobufRecords#schemaText}, in the same
 * field: a model file keeps its layout), so a generated record can be written in the feed's own shape.
 *
 * <p>A model of bare number rows (CSV lines, JSON arrays) has no names: {@link #named()} is false
 * and its columns are only positions. This is kept apart from the column types and transforms,
 * which describe values, not names.
 *
 * <p>A column of text labels (a species, a region, yes/no) is a <em>categorical</em> column: its
 * labels, sorted, are kept here, and the model sees the label's index 0..K−1 — an integer column
 * whose type and snapping are those of any other. The labels are the record's business, not the
 * model's: read a label in, write one out ({@link #label}, {@link #code}).
 *
 * <p>A column of dates or times ({@code 2012-01-31}, {@code 2012-01-31 14:05}) is a number too: days
 * or seconds since 1970 ({@link TimeFormat}), written back in the column's own form; so is a column
 * of percentages or amounts ({@code 12.5%}, {@code $1,234.50}: {@link NumberForm}).
 *
 * @param labels per column its sorted labels (empty for a numeric column); an empty list when no
 *               column is categorical
 * @param textForms per column the pattern of the text its numbers are written as: a {@link
 *                  TimeFormat} pattern for dates and times, a {@link NumberForm} pattern for
 *                  percentages and amounts, "" for any other column; an empty list when no column
 *                  has one. One list, so that models stored before number forms read as they were.
 * @param dialect how a CSV file of these records is written: the learned file's separator, decimal
 *                mark and character set ({@link CsvDialect#STANDARD} for every other source)
 */
public record RecordSchema(Format format, List<String> names, String avroSchema, List<List<String>> labels, List<String> textForms, CsvDialect dialect) {
    /** How a record is written: a CSV line, a JSON array or object, an Avro binary datum, a Protobuf message. */
    public enum Format {
        CSV, JSON, AVRO, PROTOBUF;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        public static Format parse(String text) {
            for (Format f : values()) if (f.label().equals(text.toLowerCase(Locale.ROOT))) return f;
            throw new IllegalArgumentException("record format must be csv, json, avro or protobuf, got '" + text + "'");
        }
    }

    /** Bare CSV rows without names: what a model had before columns had names. */
    public static final RecordSchema UNNAMED_CSV = new RecordSchema(Format.CSV, List.of(), "");

    /** A schema without categorical columns or columns of text forms. */
    public RecordSchema(Format format, List<String> names, String avroSchema) { this(format, names, avroSchema, List.of(), List.of()); }

    /** A schema without columns of text forms. */
    public RecordSchema(Format format, List<String> names, String avroSchema, List<List<String>> labels) { this(format, names, avroSchema, labels, List.of()); }

    /** A schema whose CSV files are written in the {@link CsvDialect#STANDARD standard} dialect. */
    public RecordSchema(Format format, List<String> names, String avroSchema, List<List<String>> labels, List<String> textForms) {
        this(format, names, avroSchema, labels, textForms, CsvDialect.STANDARD);
    }

    /** The same columns, their labels given (per column, sorted; empty for a numeric column). */
    public RecordSchema withLabels(List<List<String>> columnLabels) { return new RecordSchema(format, names, avroSchema, columnLabels, textForms, dialect); }

    /** The same columns, a CSV file of them written in dialect. */
    public RecordSchema withDialect(CsvDialect other) { return new RecordSchema(format, names, avroSchema, labels, textForms, other); }

    /** The same columns, their text forms given (per column a time or number pattern; "" for another column). */
    public RecordSchema withTextForms(List<String> columnForms) { return new RecordSchema(format, names, avroSchema, labels, columnForms, dialect); }

    /** The same names, labels and text forms in another record format (not Avro or Protobuf, whose schema is the input's). */
    public RecordSchema inFormat(Format other) { return new RecordSchema(other, names, "", labels, textForms, dialect); }

    /** Per column the pattern of its time or number form ("" for neither), as {@link #textForms} holds them. */
    static List<String> textForms(TimeFormat[] times, NumberForm[] numberForms) {
        List<String> forms = new java.util.ArrayList<>(times.length);
        for (int j = 0; j < times.length; j++) forms.add(times[j] != null ? times[j].pattern() : numberForms[j] != null ? numberForms[j].pattern() : "");
        return forms;
    }

    /** Whether the column holds dates or times. */
    public boolean isTime(int column) { return !textForms.isEmpty() && !textForms.get(column).isEmpty() && !NumberForm.isPattern(textForms.get(column)) && !isRowForm(textForms.get(column)); }

    /** Whether a text form says how a column is written with others (a one-hot group, a calendar), not how its own text reads. */
    static boolean isRowForm(String form) { return OneHotColumns.isForm(form) || CalendarColumns.isForm(form) || WeekdayColumns.isForm(form); }

    /** Whether the column is a category read from indicator columns and written back as them ({@link OneHotColumns}). */
    public boolean isOneHot(int column) { return !textForms.isEmpty() && OneHotColumns.isForm(textForms.get(column)); }

    /** Whether any column is a category written one-hot. */
    public boolean hasOneHot() { return textForms.stream().anyMatch(OneHotColumns::isForm); }

    /** Of a one-hot column, per label (sorted) the offset of its indicator column in the written group. */
    public int[] oneHotOffsets(int column) { return OneHotColumns.offsetByLabel(textForms.get(column)); }

    /** The form the column's dates or times are written in (see {@link #isTime}). */
    public TimeFormat timeFormat(int column) { return TimeFormat.ofPattern(textForms.get(column)); }

    /** Whether the column holds numbers written with a percent or currency sign. */
    public boolean hasNumberForm(int column) { return !textForms.isEmpty() && NumberForm.isPattern(textForms.get(column)) && !isRowForm(textForms.get(column)); }

    /** The form the column's percentages or amounts are written in (see {@link #hasNumberForm}). */
    public NumberForm numberForm(int column) { return NumberForm.ofPattern(textForms.get(column)); }

    /** Whether any column is written as text (labels, times, percentages, amounts) rather than as a plain number. */
    public boolean hasText() { return hasLabels() || !textForms.isEmpty(); }

    /** Whether the column is clock times hhmm ({@link TimeFormat#isClockColumn}): a time whose text is a number, written as one wherever a file types its fields. */
    public boolean isClock(int column) { return isTime(column) && timeFormat(column).writtenAsNumber(); }

    /** A column's value as the text a record holds: its label, its date or time, its percentage or amount; null for a plain number. */
    public String text(int column, double value) {
        if (isCategorical(column)) return label(column, value);
        if (isTime(column)) return timeFormat(column).format(value);
        if (hasNumberForm(column)) return numberForm(column).format(value);
        return null;
    }

    /** Whether any column holds labels. */
    public boolean hasLabels() { return !labels.isEmpty(); }

    /** Whether the column holds labels rather than numbers. */
    public boolean isCategorical(int column) { return !labels.isEmpty() && !labels.get(column).isEmpty(); }

    /** Per column holding labels (from 0), how many labels it has. */
    public java.util.Map<Integer, Integer> labelCounts() {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int j = 0; j < labels.size(); j++) if (!labels.get(j).isEmpty()) counts.put(j, labels.get(j).size());
        return counts;
    }

    /** The column's labels, sorted (empty for a numeric column). */
    public List<String> labelsOf(int column) { return labels.isEmpty() ? List.of() : labels.get(column); }

    /**
     * The label a generated value stands for: the nearest index, within 0..K−1 (a value the model
     * put between two labels, or past the last, is the nearest one's).
     */
    public String label(int column, double value) {
        List<String> own = labels.get(column);
        return own.get(nearestIndex(value, own.size()));
    }

    /** The index of count labels that a value stands for: the nearest, within 0..count−1. */
    public static int nearestIndex(double value, int count) {
        return (int) Math.max(0, Math.min(count - 1, Math.round(value)));
    }

    /** The same columns, one column's text form set (the others' kept; "" where none had one). */
    public RecordSchema withTextForm(int column, String form) {
        List<String> forms = new java.util.ArrayList<>(textForms.isEmpty() ? java.util.Collections.nCopies(names.size(), "") : textForms);
        forms.set(column, form);
        return withTextForms(forms);
    }

    /** The index of a label of the column, or −1 for a label the model never saw. */
    public int code(int column, String label) {
        int i = java.util.Collections.binarySearch(labels.get(column), label);
        return i >= 0 ? i : -1;
    }
    public RecordSchema {
        if (format == null) throw new IllegalArgumentException("a record schema needs a format");
        if (dialect == null) dialect = CsvDialect.STANDARD;
        names = List.copyOf(names);
        if (avroSchema == null) avroSchema = "";
        labels = labels == null || labels.stream().allMatch(List::isEmpty) ? List.of() : labels.stream().map(List::copyOf).toList();
        // A headerless file's labels (UCI's .data files) have no names either: one list per column of the dimension (writeWithDimension).
        if (!labels.isEmpty() && !names.isEmpty() && labels.size() != names.size())
            throw new IllegalArgumentException(labels.size() + " label lists for the columns " + names);
        for (List<String> column : labels)
            for (int i = 1; i < column.size(); i++)
                if (column.get(i - 1).compareTo(column.get(i)) >= 0) throw new IllegalArgumentException("labels not sorted and distinct: " + column);
        textForms = textForms == null || textForms.stream().allMatch(String::isEmpty) ? List.of() : List.copyOf(textForms);
        // A headerless CSV's percentages (11.9%) have forms but no names: its forms are one per column of the dimension (writeWithDimension).
        if (!textForms.isEmpty() && !names.isEmpty() && textForms.size() != names.size()) throw new IllegalArgumentException(textForms.size() + " text forms for the columns " + names);
        for (int j = 0; j < textForms.size(); j++) {
            String form = textForms.get(j);
            if (form.isEmpty()) continue;
            if (OneHotColumns.isForm(form)) {   // a category's indicator columns: a permutation of its labels
                OneHotColumns.memberLabels(form);   // a no and a yes, or none
                if (labels.isEmpty() || OneHotColumns.offsetByLabel(form).length != labels.get(j).size())
                    throw new IllegalArgumentException("column " + (names.isEmpty() ? Integer.toString(j + 1) : names.get(j)) + " is written one-hot without its labels");
                continue;
            }
            if (WeekdayColumns.isForm(form)) {   // the day of the week of a column of dates: that column's index
                WeekdayColumns.parse(form, j, textForms.size());
                continue;
            }
            if (CalendarColumns.isForm(form)) {   // a date written as columns: the others' indices
                CalendarColumns.check(form, j, textForms.size());
                continue;
            }
            if (NumberForm.isPattern(form)) NumberForm.ofPattern(form);
            else TimeFormat.ofPattern(form);
            if (!labels.isEmpty() && !labels.get(j).isEmpty()) throw new IllegalArgumentException("column " + (names.isEmpty() ? Integer.toString(j + 1) : names.get(j)) + " holds labels and is written as " + form);
        }
        if (format == Format.AVRO && (names.isEmpty() || avroSchema.isEmpty()))
            throw new IllegalArgumentException("an Avro record schema needs field names and the Avro schema");
        if (format == Format.PROTOBUF && (names.isEmpty() || avroSchema.isEmpty()))
            throw new IllegalArgumentException("a Protobuf record schema needs field names and the message type");
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
        return !names.equals(other.names) || !labels.equals(other.labels) || !readForms().equals(other.readForms());
    }

    /**
     * The text forms a record is read by: the roles a learner marks on columns (a one-hot group, a
     * calendar, a day of the week) left out, since a feed's own columns carry none of them.
     */
    private List<String> readForms() {
        List<String> forms = new java.util.ArrayList<>(textForms.size());
        for (String form : textForms) forms.add(isRowForm(form) ? "" : form);
        return forms.stream().allMatch(String::isEmpty) ? List.of() : forms;
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeUTF(format.label());
        out.writeInt(names.size());
        for (String name : names) out.writeUTF(name);
        writeLong(out, avroSchema);   // an Avro schema can exceed writeUTF's 64 KiB
        out.writeInt(labels.size());
        for (List<String> column : labels) {
            out.writeInt(column.size());
            for (String label : column) writeLong(out, label);
        }
        out.writeInt(textForms.size());
        for (String pattern : textForms) out.writeUTF(pattern);
    }

    /** A string of any length (writeUTF stops at 64 KiB of UTF-8). */
    private static void writeLong(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLong(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (64 << 20)) throw new IOException("bad " + what + " length " + length);
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) throw new java.io.EOFException();
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    public static RecordSchema read(DataInputStream in) throws IOException {
        Format format = Format.parse(in.readUTF());
        int count = in.readInt();
        if (count < 0 || count > 1_000_000) throw new IOException("bad column count " + count);
        String[] names = new String[count];
        for (int i = 0; i < count; i++) names[i] = in.readUTF();
        String avro = readLong(in, "Avro schema");
        int columns = in.readInt();
        if (columns != 0 && count != 0 && columns != count) throw new IOException("bad label column count " + columns + " for " + count + " columns");
        List<List<String>> labels = new java.util.ArrayList<>(columns);
        for (int j = 0; j < columns; j++) {
            int size = in.readInt();
            if (size < 0 || size > 1_000_000) throw new IOException("bad label count " + size);
            String[] own = new String[size];
            for (int i = 0; i < size; i++) own[i] = readLong(in, "label");
            labels.add(List.of(own));
        }
        int formed = in.readInt();
        if (formed < 0 || formed > 1_000_000 || (formed != 0 && count != 0 && formed != count)) throw new IOException("bad text form column count " + formed + " for " + count + " columns");
        List<String> forms = new java.util.ArrayList<>(formed);
        for (int j = 0; j < formed; j++) forms.add(in.readUTF());
        try {
            return new RecordSchema(format, List.of(names), avro, labels, forms);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }

    /**
     * Structures and model records written before columns had names begin with the dimension (a
     * positive int); newer ones write this marker, the schema, then the dimension.
     */
    static final int COLUMNS_FOLLOW = -1;

    /**
     * The marker of a schema whose CSV dialect is not the standard one: the schema, its dialect, then
     * the dimension. Written only then, so that every other model's bytes are as before.
     */
    static final int COLUMNS_AND_DIALECT_FOLLOW = -2;

    /** Writes the schema behind the marker (and its dialect where not standard), then the dimension (see {@link #readWithDimension}). */
    public static void writeWithDimension(DataOutputStream out, RecordSchema schema, int dimension) throws IOException {
        if (schema.named() && schema.names().size() != dimension)
            throw new IllegalArgumentException(schema.names().size() + " column names for dimension " + dimension);
        if (!schema.textForms().isEmpty() && schema.textForms().size() != dimension)
            throw new IllegalArgumentException(schema.textForms().size() + " text forms for dimension " + dimension);
        if (schema.hasLabels() && schema.labels().size() != dimension)
            throw new IllegalArgumentException(schema.labels().size() + " label lists for dimension " + dimension);
        out.writeInt(schema.dialect().isStandard() ? COLUMNS_FOLLOW : COLUMNS_AND_DIALECT_FOLLOW);
        schema.write(out);
        if (!schema.dialect().isStandard()) schema.dialect().write(out);
        out.writeInt(dimension);
    }

    /** The schema and dimension as {@link #writeWithDimension} wrote them, or an unnamed CSV schema from an older writer. */
    public static WithDimension readWithDimension(DataInputStream in) throws IOException {
        int first = in.readInt();
        if (first != COLUMNS_FOLLOW && first != COLUMNS_AND_DIALECT_FOLLOW) return new WithDimension(UNNAMED_CSV, first);
        RecordSchema schema = read(in);
        if (first == COLUMNS_AND_DIALECT_FOLLOW) schema = schema.withDialect(CsvDialect.read(in));
        int d = in.readInt();
        if (schema.named() && schema.names().size() != d) throw new IOException(schema.names().size() + " column names for dimension " + d);
        if (!schema.textForms().isEmpty() && schema.textForms().size() != d) throw new IOException(schema.textForms().size() + " text forms for dimension " + d);
        if (schema.hasLabels() && schema.labels().size() != d) throw new IOException(schema.labels().size() + " label lists for dimension " + d);
        return new WithDimension(schema, d);
    }

    public record WithDimension(RecordSchema schema, int dimension) {}
}
