package io.scorestream.stream;

import io.scorestream.io.ArraySelection;
import io.scorestream.io.AvroRecords;
import io.scorestream.io.BinaryRecords;
import io.scorestream.io.ProtobufRecords;
import io.scorestream.io.JsonRecords;
import io.scorestream.io.RecordSchema;
import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Decoded;
import io.scorestream.stream.RecordCodec.Format;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import com.google.protobuf.Descriptors.Descriptor;
import org.apache.avro.Schema;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The columns a stream's records are read as: how many (the dimension, pinned or learned) and, for
 * named records (JSON objects, Avro datums, Protobuf messages), which and what they are called, as the class comment
 * of {@link RecordCodec} describes. Apart from the codec because they change while the stream runs
 * (the vote, the partitioner's model) and the codec's parsing does not: the codec turns bytes into
 * text or a datum and says what is wrong with them; this chooses and expands the columns, holds
 * what the stream decided, and reads a named record's values with it.
 *
 * <p>Thread-safe: what is decided is held in atomic references, each read once a record, so the
 * thread that hears the partitioner may replace it while stream stages read.
 */
final class RecordColumns {
    private final Format format;
    // > 0: pinned (by the setting, or an Avro schema's or Protobuf message's fields); -1: learned.
    // Volatile: a model whose schema's string fields the warm-up learned as labels adds columns.
    private volatile int configured;
    private final AtomicInteger learned = new AtomicInteger(-1); // -1 while unknown
    private final List<String> configuredFields;                 // empty: every numeric field
    // The selection by name when its columns are learned from the records (JSON fields, each name
    // perhaps an array; Avro fields with an array of numbers), null when they are known at start or
    // are a JSON object's numeric fields.
    private final List<String> chosen;
    private final AtomicReference<JsonRecords> objects = new AtomicReference<>(); // JSON: the columns once known
    private final Schema avroSchema;                              // AVRO only
    private final Descriptor protobuf;                            // PROTOBUF only: the message type
    // AVRO, PROTOBUF: a reader of the columns once known (the binary formats decide their columns alike)
    private final AtomicReference<BinaryRecords> binaryColumns = new AtomicReference<>();
    // A reader reuses its decoder, so each thread has its own: {the columns' reader it copies, the copy}.
    private final ThreadLocal<BinaryRecords[]> binaryReaders = ThreadLocal.withInitial(() -> new BinaryRecords[2]);
    private final ThreadLocal<BinaryRecords> provisionalBinary = new ThreadLocal<>();   // the last record's columns while they are learned
    private final Map<String, List<String>> labels;   // JSON, Avro or Protobuf string field -> its labels, sorted (scorestream.input.labels)
    // The labels read by: those configured and those the stream's model learned from its warm-up's
    // records (adopted with its columns): a JSON field's, a named CSV column's, an Avro or Protobuf string's.
    private final AtomicReference<Map<String, List<String>>> inForce = new AtomicReference<>(Map.of());
    private final AtomicReference<List<List<String>>> csvColumnLabels = new AtomicReference<>(List.of());   // named CSV: per column its labels in force
    // CSV with named columns (scorestream.input.csv-header): the header, per field of a line the
    // column it is read into (-1: not read, any text), and the columns' schema; null for bare numbers.
    private final List<String> csvHeader;
    private final int[] csvSlots;
    private final RecordSchema csvColumns;

    /** See {@link RecordCodec#RecordCodec(Format, int, int, List, Schema, Map)}; a selection or dimension that cannot work fails here, at start. */
    RecordColumns(Format format, int dimension, List<String> fields, Schema avroSchema, Map<String, List<String>> labels) {
        this(format, dimension, fields, avroSchema, null, labels);
    }

    /** protobuf: the message type of {@link Format#PROTOBUF} records, null for another format. */
    RecordColumns(Format format, int dimension, List<String> fields, Schema avroSchema, Descriptor protobuf, Map<String, List<String>> labels) {
        this(format, dimension, fields, avroSchema, protobuf, labels, List.of());
    }

    /**
     * csvHeader: the names of a CSV line's fields in order (scorestream.input.csv-header), empty for
     * lines of numbers only; with it, fields chooses among them (empty: all, each a number).
     */
    RecordColumns(Format format, int dimension, List<String> fields, Schema avroSchema, Descriptor protobuf, Map<String, List<String>> labels,
                  List<String> csvHeader) {
        this.format = format;
        if (!csvHeader.isEmpty()) {
            if (format != Format.CSV) throw new IllegalArgumentException("csv-header is for csv records; " + format.name().toLowerCase(Locale.ROOT) + " records name their own fields");
            this.csvHeader = List.copyOf(csvHeader);
            this.csvSlots = csvSlots(this.csvHeader, fields);
            fields = fields.isEmpty() ? this.csvHeader : fields;
            if (dimension > 0 && dimension != fields.size())
                throw new IllegalArgumentException("dimension = " + dimension + " but the csv columns chosen are " + JsonRecords.brief(fields));
            dimension = fields.size();
            this.csvColumns = RecordSchema.named(RecordSchema.Format.CSV, fields);
        } else {
            this.csvHeader = null;
            this.csvSlots = null;
            this.csvColumns = null;
        }
        this.configuredFields = List.copyOf(fields);
        if ((format == Format.AVRO) != (avroSchema != null))
            throw new IllegalArgumentException(format == Format.AVRO ? "avro records need a schema (scorestream.input.avro-schema)" : "an Avro schema is only for avro records");
        if ((format == Format.PROTOBUF) != (protobuf != null))
            throw new IllegalArgumentException(format == Format.PROTOBUF ? "protobuf records need a message type (scorestream.input.protobuf-message)" : "a Protobuf message type is only for protobuf records");
        this.avroSchema = avroSchema;
        this.protobuf = protobuf;
        this.labels = sortedLabels(fields, labels);
        useLabels(this.labels);
        if (format == Format.CSV && !fields.isEmpty() && csvColumns == null)
            throw new IllegalArgumentException("fields of csv records are names of csv-header, the feed's columns in order: set csv-header to choose among them");
        List<String> chosen = null;
        if (binary()) {
            // Without a choice, the numeric, enum and bool fields and the labelled strings.
            List<String> selection = binarySelection(fields, this.labels.keySet());
            Set<String> strings = Set.copyOf(stringFields());
            for (String field : selection)   // fails here, once, on a bad selection
                if (strings.contains(field) && !this.labels.containsKey(field))
                    throw new IllegalArgumentException("field " + field + " of the " + (format == Format.AVRO ? "Avro schema" : schemaName()) + " is a string: give its labels in scorestream.input.labels");
            if (format == Format.AVRO ? AvroRecords.hasArray(avroSchema, selection) : ProtobufRecords.hasArray(protobuf, selection)) {
                chosen = selection;
            } else {
                binaryColumns.set(binaryRecords(selection));
                List<String> binaryFields = binaryColumns.get().fields();
                if (dimension > 0 && dimension != binaryFields.size())
                    throw new IllegalArgumentException("scorestream.input.dimension = " + dimension + " but the " + schemaName() + "'s fields are " + binaryFields);
                dimension = binaryFields.size();
            }
        }
        if (!fields.isEmpty() && format == Format.JSON) {
            new JsonRecords(fields, false);   // a name chosen twice fails here
            try {
                JsonRecords.tree(fields);   // generated records are written in this shape: refuse at start what cannot be one record
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scorestream.input.fields cannot be written back as a JSON record: " + e.getMessage(), e);
            }
            chosen = configuredFields;   // any name may be an array: the first records say
        }
        if (chosen != null && dimension > 0 && dimension < chosen.size())   // every name is one column at least
            throw new IllegalArgumentException("scorestream.input.dimension = " + dimension + " but the fields " + JsonRecords.brief(chosen)
                    + " are " + chosen.size() + " columns at least");
        if (dimension == 0 || dimension < -1)
            throw new IllegalArgumentException("dimension must be positive or -1 (learn it), got " + dimension);
        this.chosen = chosen == null ? null : List.copyOf(chosen);
        this.configured = dimension;
    }

    /** Per field of a line the column it is read into, or -1; a header naming a field twice, or a field it lacks, fails here. */
    private static int[] csvSlots(List<String> header, List<String> fields) {
        Map<String, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.isBlank()) throw new IllegalArgumentException("csv-header's column " + (i + 1) + " has no name");
            if (position.put(name, i) != null) throw new IllegalArgumentException("csv-header names " + name + " twice");
        }
        int[] slots = new int[header.size()];
        if (fields.isEmpty()) {
            for (int i = 0; i < slots.length; i++) slots[i] = i;
            return slots;
        }
        java.util.Arrays.fill(slots, -1);
        for (int c = 0; c < fields.size(); c++) {
            Integer at = position.get(fields.get(c));
            if (at == null) throw new IllegalArgumentException("field " + fields.get(c) + " is not a column of csv-header " + JsonRecords.brief(header));
            if (slots[at] >= 0) throw new IllegalArgumentException("fields choose " + fields.get(c) + " twice");
            slots[at] = c;
        }
        return slots;
    }

    /** CSV with named columns: per field of a line its column, or -1 (not read); null for lines of numbers only. */
    int[] csvSlots() {
        return csvSlots;
    }

    /** CSV with named columns: the names of a line's fields in order (scorestream.input.csv-header). */
    List<String> csvHeader() {
        return csvHeader;
    }

    /** Avro and Protobuf: the fields chosen, or without a choice the numeric, enum and bool fields and the strings of labels. */
    private List<String> binarySelection(List<String> fields, Set<String> labelled) {
        return format == Format.AVRO ? AvroRecords.selection(avroSchema, fields.isEmpty() ? AvroRecords.defaultSelection(avroSchema, labelled) : fields)
                : ProtobufRecords.selection(protobuf, fields, labelled);
    }

    /** Avro and Protobuf: their columns are the schema's, read from binary records. */
    private boolean binary() {
        return format == Format.AVRO || format == Format.PROTOBUF;
    }

    /** "Avro schema Reading", "Protobuf message sensors.Reading", for messages. */
    private String schemaName() {
        return format == Format.AVRO ? "Avro schema " + avroSchema.getName() : "Protobuf message " + protobuf.getFullName();
    }

    private List<String> stringFields() {
        return format == Format.AVRO ? AvroRecords.stringFields(avroSchema) : ProtobufRecords.stringFields(protobuf);
    }

    /**
     * Each field's labels sorted, checked: JSON fields, or Avro and Protobuf string fields (an enum's
     * labels are its symbols, so ones given for it must be those), none empty or given twice, among
     * the chosen fields when fields are chosen.
     */
    private Map<String, List<String>> sortedLabels(List<String> fields, Map<String, List<String>> given) {
        if (given.isEmpty()) return Map.of();
        if (format == Format.CSV && csvHeader == null)
            throw new IllegalArgumentException("labels are for json and avro records, protobuf messages and csv lines of named fields (csv-header) (scorestream.input.labels)");
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            String field = e.getKey();
            if (!fields.isEmpty() && !fields.contains(field))
                throw new IllegalArgumentException("labels for " + field + ", which the fields " + JsonRecords.brief(fields) + " do not choose");
            java.util.TreeSet<String> sorted = new java.util.TreeSet<>(e.getValue());
            if (sorted.isEmpty()) throw new IllegalArgumentException("labels for " + field + " are empty");
            if (sorted.size() != e.getValue().size()) throw new IllegalArgumentException("labels for " + field + " repeat a label: " + e.getValue());
            if (binary() && !stringFields().contains(field)) {
                if (enumSymbols(field).equals(List.copyOf(sorted))) continue;   // a generated record's header names its enums too
                throw new IllegalArgumentException("labels for " + field + ", which is no string field of the " + schemaName()
                        + " (an enum's labels are its symbols, a boolean's false and true)");
            }
            out.put(field, List.copyOf(sorted));
        }
        return Map.copyOf(out);
    }

    /** An enum field's symbols, sorted (a boolean's false and true); empty for another field (or none). */
    private List<String> enumSymbols(String field) {
        try {
            List<List<String>> labels = binaryRecords(List.of(field), List.of()).labels();
            return labels.isEmpty() ? List.of() : labels.get(0);
        } catch (IllegalArgumentException notOne) {
            return List.of();
        }
    }

    /** The labelled fields among these columns. */
    private Set<String> labelFields(List<String> fields) {
        Map<String, List<String>> labels = inForce.get();
        if (labels.isEmpty()) return Set.of();
        Set<String> out = new HashSet<>(fields);
        out.retainAll(labels.keySet());
        return out;
    }

    /** The schema of JSON columns: their names and, for the labelled ones, their labels. */
    private RecordSchema jsonSchema(List<String> fields) {
        RecordSchema named = RecordSchema.named(RecordSchema.Format.JSON, fields);
        if (inForce.get().isEmpty()) return named;
        return named.withLabels(columnLabels(fields));
    }

    /** Per column its labels in force (empty for a column without). */
    private List<List<String>> columnLabels(List<String> fields) {
        Map<String, List<String>> labels = inForce.get();
        return labels.isEmpty() ? List.of() : fields.stream().map(f -> labels.getOrDefault(f, List.of())).toList();
    }

    /** A reader and writer of Avro or Protobuf columns, its labelled strings' labels given. */
    private BinaryRecords binaryRecords(List<String> fields) {
        return binaryRecords(fields, columnLabels(fields));
    }

    private BinaryRecords binaryRecords(List<String> fields, List<List<String>> columnLabels) {
        return format == Format.AVRO ? new AvroRecords(avroSchema, fields, columnLabels) : new ProtobufRecords(protobuf, fields, columnLabels);
    }

    /** See {@link RecordCodec#dimension()}. */
    int dimension() {
        if (chosen != null && !named()) return -1;
        return configured > 0 ? configured : learned.get();
    }

    int configuredDimension() {
        return configured;
    }

    /** See {@link RecordCodec#columns()}. */
    RecordSchema schema() {
        if (csvColumns != null) return inForce.get().isEmpty() ? csvColumns : csvColumns.withLabels(columnLabels(csvColumns.names()));
        if (binary()) {
            BinaryRecords known = binaryColumns.get();
            if (known == null) return RecordSchema.UNNAMED_CSV;
            return format == Format.AVRO ? new RecordSchema(RecordSchema.Format.AVRO, known.fields(), avroSchema.toString(), known.labels())
                    : ((ProtobufRecords) known).columns();
        }
        JsonRecords named = objects.get();
        if (named != null) return jsonSchema(named.fields());
        return RecordSchema.unnamed(format == Format.CSV ? RecordSchema.Format.CSV : RecordSchema.Format.JSON);
    }

    boolean named() {
        if (csvColumns != null) return true;
        return binary() ? binaryColumns.get() != null : objects.get() != null;
    }

    /** See {@link RecordCodec#learnColumns}. */
    List<String> learnColumns(List<String> fields) {
        if (format == Format.CSV || (binary() && chosen == null))
            throw new IllegalStateException("only JSON objects and Avro or Protobuf arrays learn their columns");
        if (configured > 0 && fields.size() != configured)   // decode dead-letters such records: no vote picks them
            throw new IllegalStateException("columns " + JsonRecords.brief(fields) + " for dimension " + configured);
        if (binary()) {
            if (binaryColumns.compareAndSet(null, binaryRecords(fields))) learned.compareAndSet(-1, fields.size());
            return binaryColumns.get().fields();
        }
        if (objects.compareAndSet(null, jsonReader(fields))) learned.compareAndSet(-1, fields.size());
        return objects.get().fields();
    }

    /** A reader of decided JSON columns: closed to other numeric fields when they are the object's own, else to longer arrays only. */
    private JsonRecords jsonReader(List<String> fields) {
        return chosen == null ? new JsonRecords(fields, true, Set.of(), labelFields(fields))
                : new JsonRecords(fields, false, ArraySelection.arraysOf(chosen, fields), labelFields(fields));
    }

    /** See {@link RecordCodec#adoptColumns}. */
    void adoptColumns(RecordSchema model) {
        // A model writes its generated records in its own format (and a Protobuf model in its message type):
        // fields of the same names in another format would be learned on, and generated, as the old feed.
        // Unnamed models are left alone: a model from before columns had names says CSV whatever it read.
        String records = format == Format.PROTOBUF ? "protobuf " + protobuf.getFullName() : format.name().toLowerCase(Locale.ROOT);
        String theirs = model.format() == RecordSchema.Format.PROTOBUF ? "protobuf " + model.avroSchema().substring(0, Math.max(0, model.avroSchema().indexOf('\n')))
                : model.format().label();
        if (model.named() && !records.equals(theirs))
            throw new IllegalStateException("the records are " + records + " but the stream's model was learned from " + theirs + " " + JsonRecords.brief(model.names())
                    + " (from its snapshot or the first records it accepted): fix scorestream.input (format, protobuf-message) or clear the state");
        if (model.named()) useLabels(adoptedLabels(model));
        // A model that learned some of the schema's string fields as labels reads them as its columns.
        if (binary() && chosen == null && model.named() && configuredFields.isEmpty() && !model.names().equals(binaryColumns.get().fields())) {
            BinaryRecords reader = binaryRecords(binarySelection(List.of(), inForce.get().keySet()));
            if (reader.fields().equals(model.names())) {
                binaryColumns.set(reader);
                configured = reader.fields().size();
            }
        }
        if (chosen != null) {   // the model's columns must be the chosen fields, each array as elements
            if (!model.named() || ArraySelection.arraysOf(chosen, model.names()) == null)
                throw differ(format.name().toLowerCase(Locale.ROOT) + " " + JsonRecords.brief(chosen) + " (an array's name standing for its elements)", model);
            if (binary()) binaryColumns.set(adoptedBinary(model));
            else objects.set(jsonReader(model.names()));
            learned.set(model.names().size());
            return;
        }
        if (format != Format.JSON || !configuredFields.isEmpty()) {
            RecordSchema mine = schema();
            if (mine.conflictsWith(model)) throw differ(shown(mine), model);
            return;
        }
        if (model.named()) {
            objects.set(jsonReader(model.names()));
            learned.set(model.names().size());
        } else {
            objects.set(null);   // the stream's records are bare numbers: an object is a dead letter
        }
    }

    /**
     * The labels a model's columns are read with: the configured ones, and those the model learned
     * from its warm-up for fields without configured labels (a JSON or named CSV field, an Avro
     * string). A column whose configured labels differ from the model's, or that the model learned
     * as a number, was learned under another setting. (An enum's or a bool's labels are the schema's.)
     */
    private Map<String, List<String>> adoptedLabels(RecordSchema model) {
        Map<String, List<String>> out = new TreeMap<>(labels);
        Set<String> strings = binary() ? Set.copyOf(stringFields()) : null;
        for (int j = 0; j < model.names().size(); j++) {
            String field = model.names().get(j);
            if (strings != null && !strings.contains(field)) continue;
            List<String> theirs = model.isCategorical(j) ? model.labels().get(j) : List.of();
            List<String> mine = labels.get(field);
            if (mine != null && !mine.equals(theirs))
                throw differ(shown(model) + " with " + field + "'s labels " + JsonRecords.brief(mine) + " (scorestream.input.labels)", model);
            if (!theirs.isEmpty()) out.put(field, theirs);
        }
        return Map.copyOf(out);
    }

    /** The labels read by from now on, and a named CSV line's per column (looked up once, not per record). */
    private void useLabels(Map<String, List<String>> labels) {
        inForce.set(labels);
        if (csvColumns != null) csvColumnLabels.set(labels.isEmpty() ? List.of() : columnLabels(csvColumns.names()));
    }

    /** A named CSV column's labels in force (empty for a column of numbers). */
    List<String> csvLabels(int column) {
        List<List<String>> labels = csvColumnLabels.get();
        return labels.isEmpty() ? List.of() : labels.get(column);
    }

    /** Where a field's labels come from, for an unknown-label dead letter. */
    String labelsSource(String field) {
        return learnedLabels(field) ? " (learned from the stream's first records)" : " (scorestream.input.labels)";
    }

    /** Whether the field's labels were learned from the stream's records, not configured. */
    private boolean learnedLabels(String field) {
        return !labels.containsKey(field);
    }

    /** The reader of a model's Avro or Protobuf columns; one whose labels are not the configured ones (or the enums') was learned under another setting. */
    private BinaryRecords adoptedBinary(RecordSchema model) {
        BinaryRecords reader = binaryRecords(model.names());
        if (!reader.labels().equals(model.labels())) throw differ(shown(model) + " with labels " + labels, model);
        return reader;
    }

    /** "json [a, b]" as RecordSchema#describe, the names cut short: an embedding's 768 would make a 10 kB line. */
    private static String shown(RecordSchema columns) {
        return columns.format().label() + (columns.named() ? " " + JsonRecords.brief(columns.names()) : " (unnamed)");
    }

    private static IllegalStateException differ(String mine, RecordSchema model) {
        return new IllegalStateException("the records' fields " + mine + " differ from the stream's model's " + shown(model)
                + " (from its snapshot or the first records it accepted): fix scorestream.input (format, fields, avro-schema, protobuf-message) or clear the state");
    }

    /** See {@link RecordCodec#learn}. */
    int learn(int dimension) {
        requirePositive(dimension);
        if (configured > 0) return configured;
        learned.compareAndSet(-1, dimension);
        return learned.get();
    }

    /** See {@link RecordCodec#adopt}. */
    void adopt(int dimension) {
        requirePositive(dimension);
        if (configured > 0) {
            if (configured != dimension)
                throw new IllegalStateException("scorestream.input.dimension = " + configured + " but the stream's model has dimension " + dimension
                        + " (from its snapshot or the first records it accepted): fix the setting or clear the state");
            return;
        }
        learned.set(dimension);
    }

    private static void requirePositive(int dimension) {
        if (dimension < 1) throw new IllegalArgumentException("a dimension must be positive, got " + dimension);
    }

    /**
     * What the default selection of a JSON object's columns leaves out of this one, for the log
     * ("1 field that is not a number (species: text) left out"), the fields with configured labels
     * not named; null when the fields are chosen (input.fields) or every field is taken.
     */
    String fieldsLeftOut(String text) {
        if (chosen != null) return null;
        try {
            return JsonRecords.fieldsLeftOut(text, inForce.get().keySet());
        } catch (RuntimeException e) {   // a record the vote took parses; this only words a log line
            return null;
        }
    }

    /**
     * An Avro datum's string fields' texts by path (those not null or empty), what the warm-up's
     * survey of labels judges; writer: its schema version (null: the configured schema's).
     */
    Map<String, String> avroTexts(byte[] value, int start, Schema writer) throws java.io.IOException {
        var reader = new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(writer == null ? avroSchema : writer, avroSchema);
        var record = reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, start, value.length - start, null));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String field : stringFields()) {
            String text = AvroRecords.textAt(record, field);
            if (text != null && !text.isEmpty()) out.put(field, text);
        }
        return out;
    }

    /** A JSON object's values; a problem with a field is a RecordProblem naming it. */
    Decoded readObject(String text) {
        JsonRecords named = objects.get();
        if (named != null) return read(named, text, null);
        if (chosen != null) {   // this record's own columns of the chosen fields, for the vote to choose among
            List<String> fields = JsonRecords.expandArrays(chosen, text);
            Bad wrong = checkColumns(fields);
            return wrong != null ? wrong : read(new JsonRecords(fields, false, Set.of(), labelFields(fields)), text, fields);
        }
        int expected = dimension();
        if (expected > 0)
            return new Bad(Reason.MALFORMED, "a JSON object where the stream's records are arrays of " + expected + " numbers");
        // Columns unknown: this record's own numeric (and labelled) fields, for the vote to choose among.
        Map<String, List<String>> labels = inForce.get();
        List<String> fields = labels.isEmpty() ? JsonRecords.numericFields(text) : JsonRecords.numericAndLabelFields(text, labels.keySet());
        return read(new JsonRecords(fields, true, Set.of(), labelFields(fields)), text, fields);
    }

    /**
     * One object's values by reader; a label as its index among the field's labels, or the record
     * an UNKNOWN_LABEL dead letter. provisional: this record's own columns, for the vote (else null).
     */
    private Decoded read(JsonRecords reader, String text, List<String> provisional) {
        if (!reader.hasLabels()) return new Good(reader.read(text), provisional != null, provisional);
        String[] found = new String[reader.fields().size()];
        return labelled(reader.fields(), reader.read(text, found), found, provisional);
    }

    /**
     * The values of the Avro datum or Protobuf message at start by reader, as {@link #read(JsonRecords,
     * String, List)} a JSON object's: a string field's label as its index. writer: an Avro datum's
     * other schema version (null: the configured schema's, and always for Protobuf).
     */
    private Decoded read(BinaryRecords reader, byte[] value, int start, Schema writer, List<String> provisional) {
        String[] found = reader.hasText() ? new String[reader.fields().size()] : null;
        double[] values = writer != null ? ((AvroRecords) reader).read(value, start, found, writer) : reader.read(value, start, found);
        return found == null ? new Good(values, provisional != null, provisional) : labelled(reader.fields(), values, found, provisional);
    }

    /** The values with each label found (found[j], null for a number) as its index among the field's configured labels, or an UNKNOWN_LABEL dead letter. */
    private Decoded labelled(List<String> fields, double[] values, String[] found, List<String> provisional) {
        for (int j = 0; j < found.length; j++) {
            if (found[j] == null) continue;
            String field = fields.get(j);
            List<String> known = inForce.get().get(field);
            int index = java.util.Collections.binarySearch(known, found[j]);
            if (index < 0)
                return new Bad(Reason.UNKNOWN_LABEL, "field " + field + " is " + RecordCodec.quote(found[j]) + ", none of its " + known.size()
                        + " labels " + JsonRecords.brief(known) + labelsSource(field));
            values[j] = index;
        }
        return new Good(values, provisional != null, provisional);
    }

    /** The dead letter of a JSON record that is not an object where the stream's records are objects; null where bare numbers may do. */
    Bad notAnObject() {
        JsonRecords known = objects.get();   // read once: the partitioner may replace it meanwhile
        if (known == null && chosen == null) return null;
        return new Bad(Reason.MALFORMED, "not a JSON object: the stream's records are objects with fields " + JsonRecords.brief(known != null ? known.fields() : chosen));
    }

    /**
     * The values of the Avro datum or Protobuf message that starts at start (after its envelope's
     * header); a problem with a field is a RecordProblem naming it, a datum not of the schema
     * another exception. writer: see {@link #read(BinaryRecords, byte[], int, Schema, List)}.
     */
    Decoded readBinary(byte[] value, int start, Schema writer) {
        BinaryRecords known = binaryColumns.get();
        return known == null ? readProvisionalBinary(value, start, writer) : read(binaryReader(known), value, start, writer, null);
    }

    /** A binary record while its array's length is learned: its own columns of the chosen fields, for the vote. */
    private Decoded readProvisionalBinary(byte[] value, int start, Schema writer) {
        List<String> fields = format == Format.AVRO ? AvroRecords.expandArrays(avroSchema, chosen, value, start, writer)
                : ProtobufRecords.expandArrays(protobuf, chosen, value, start);
        Bad wrong = checkColumns(fields);
        if (wrong != null) return wrong;
        BinaryRecords last = provisionalBinary.get();   // the columns of most records are the same: one reader for them
        if (last == null || !last.fields().equals(fields)) provisionalBinary.set(last = binaryRecords(fields));
        return read(last, value, start, writer, fields);
    }

    /** A provisional record's columns against a pinned dimension: of another number, a dead letter now, so no vote can choose them. */
    private Bad checkColumns(List<String> fields) {
        return configured > 0 && fields.size() != configured ? RecordCodec.wrongDimension(configured, fields.size()) : null;
    }

    /** This thread's copy of the columns' reader (a reader is not thread-safe), made again when the columns change. */
    private BinaryRecords binaryReader(BinaryRecords known) {
        BinaryRecords[] mine = binaryReaders.get();
        if (mine[0] != known) {
            mine[1] = known.copy();
            mine[0] = known;
        }
        return mine[1];
    }
}
