package io.scorestream.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Protobuf messages (the bytes of one message, as a producer's serializer writes them after its
 * envelope) of a message type given by a descriptor set ({@code protoc --include_imports
 * --descriptor_set_out}), read as {@link DynamicMessage}: no generated classes, no protoc here.
 *
 * <p>Columns are chosen as Avro's are ({@link AvroRecords}): dotted paths through nested messages
 * ({@code sensor.temp}), a repeated number field as a block of columns ({@code embedding[0]}, …)
 * whose length the stream learns from its first records, an enum as a column of its value names
 * (sorted), a bool as one of false and true, a string only with labels given (the caller numbers
 * its text). Numbers are every integer type (unsigned ones read as unsigned), float and double.
 * Maps, oneofs, bytes, repeated messages and repeated non-numbers are no columns: chosen, they are
 * refused at start; by default they are left out.
 *
 * <p>Presence: a field with presence (proto2's, proto3's {@code optional}, a message field on the
 * way to a chosen one) that a record does not set is a {@link RecordProblem.Kind#MISSING_FIELD}
 * naming it. A proto3 number without {@code optional} has no presence: unset, it reads as 0, and
 * nothing tells it from a sent 0 ({@link #withoutPresence} names such fields, to be said at start).
 *
 * <p>Output: one message of the same type with the learned fields set (integers rounded and held
 * within their type, an enum as its value, a bool), the rest unset.
 */
public final class ProtobufRecords implements BinaryRecords {
    private final Descriptor message;
    private final List<String> fields;
    private final List<List<String>> given;      // per column the labels given (for copy()), or empty
    private final List<FieldDescriptor[]> paths = new ArrayList<>();   // per column the fields from the root to its own
    private final List<FieldPath> parsed = new ArrayList<>();          // per column its path, parsed once
    private final int[] elementOf;               // per column its index in its repeated field, -1 for a plain field
    private final String[] arrayOf;              // per element column its repeated field's path: no string built per record
    private final Map<String, Integer> columnOf = new HashMap<>();
    private final Map<String, Integer> arrayLength = new HashMap<>();  // repeated field path -> elements selected
    private final Set<String> containers = new HashSet<>();            // message paths holding a column, for writing
    private final List<List<String>> labels;
    private final boolean[] text;
    private final boolean anyText;

    /**
     * @param fields       the columns (an empty list: every number, enum and bool field, when none is repeated)
     * @param columnLabels per column its labels, sorted (empty: none given): a string field's are what it is written back as
     */
    public ProtobufRecords(Descriptor message, List<String> fields, List<List<String>> columnLabels) {
        this.message = message;
        this.fields = fields.isEmpty() ? defaultSelection(message, Set.of()) : List.copyOf(fields);
        if (this.fields.isEmpty()) throw new IllegalArgumentException("the Protobuf message " + message.getFullName() + " has no number, enum or bool field");
        if (!columnLabels.isEmpty() && columnLabels.size() != this.fields.size())
            throw new IllegalArgumentException(columnLabels.size() + " label lists for the fields " + this.fields);
        this.given = List.copyOf(columnLabels);
        this.elementOf = new int[this.fields.size()];
        this.arrayOf = new String[this.fields.size()];
        this.text = new boolean[this.fields.size()];
        this.labels = new ArrayList<>(this.fields.size());
        boolean anyText = false;
        for (int i = 0; i < this.fields.size(); i++) {
            String name = this.fields.get(i);
            FieldPath path = FieldPath.parse(name);
            FieldDescriptor[] steps = resolve(message, name, path);
            paths.add(steps);
            parsed.add(path);
            if (columnOf.putIfAbsent(name, i) != null) throw new IllegalArgumentException("field " + name + " is chosen twice");
            elementOf[i] = path.endsInIndex() ? path.lastIndex() : -1;
            arrayOf[i] = path.endsInIndex() ? path.parent() : null;
            if (path.endsInIndex()) arrayLength.merge(arrayOf[i], path.lastIndex() + 1, Math::max);
            containers.addAll(path.containers());
            FieldDescriptor leaf = steps[steps.length - 1];
            text[i] = elementOf[i] < 0 && leaf.getJavaType() == FieldDescriptor.JavaType.STRING;
            anyText |= text[i];
            labels.add(text[i] ? (given.isEmpty() ? List.of() : given.get(i)) : elementOf[i] >= 0 ? List.of() : ownLabels(leaf));
        }
        for (Map.Entry<String, Integer> array : arrayLength.entrySet())
            for (int k = 0; k < array.getValue(); k++)
                if (!columnOf.containsKey(array.getKey() + "[" + k + "]"))   // written back whole: a gap would shift the elements after it
                    throw FieldPath.gapIn(array.getKey(), k, array.getValue());
        this.anyText = anyText;
    }

    /** An enum's value names sorted, a bool's false and true; empty for a number or a string. */
    private static List<String> ownLabels(FieldDescriptor leaf) {
        if (leaf.getJavaType() == FieldDescriptor.JavaType.BOOLEAN) return FALSE_TRUE;
        if (leaf.getJavaType() != FieldDescriptor.JavaType.ENUM) return List.of();
        List<String> sorted = new ArrayList<>();
        for (EnumValueDescriptor v : leaf.getEnumType().getValues()) if (!sorted.contains(v.getName())) sorted.add(v.getName());
        Collections.sort(sorted);
        return List.copyOf(sorted);
    }

    private static final List<String> FALSE_TRUE = List.of("false", "true");

    // ---- the message type: from a descriptor set file, and as a model keeps it ----

    /**
     * The message named messageName (its full name, {@code sensors.Reading}) of the descriptor set
     * in file; a file missing or not a descriptor set, or a name it lacks, an InputException naming the file.
     */
    public static Descriptor descriptor(Path file, String messageName) {
        try {
            return descriptor(Files.readAllBytes(file), messageName);
        } catch (IOException e) {
            throw InputException.reading(file, e);
        } catch (IllegalArgumentException e) {
            throw InputException.in(file, e.getMessage());
        }
    }

    /** {@link #descriptor(Path, String)} of a descriptor set's bytes; a problem is an IllegalArgumentException. */
    public static Descriptor descriptor(byte[] descriptorSet, String messageName) {
        FileDescriptorSet set;
        try {
            set = FileDescriptorSet.parseFrom(descriptorSet);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("is not a Protobuf descriptor set (protoc --include_imports --descriptor_set_out=FILE writes one): " + e.getMessage());
        }
        if (set.getFileCount() == 0 || set.getFileList().stream().anyMatch(f -> f.getName().isEmpty()))
            throw new IllegalArgumentException("is not a Protobuf descriptor set (protoc --include_imports --descriptor_set_out=FILE writes one): it names no .proto file");
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        for (FileDescriptorProto f : set.getFileList()) protos.put(f.getName(), f);
        Map<String, FileDescriptor> built = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (String file : protos.keySet()) {
            for (Descriptor d : build(file, protos, built).getMessageTypes()) {
                Descriptor found = find(d, messageName, names);
                if (found != null) return found;
            }
        }
        throw new IllegalArgumentException("has no message " + messageName + " (a full name, package first); its messages are " + names);
    }

    private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> built) {
        FileDescriptor done = built.get(name);
        if (done != null) return done;
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) throw new IllegalArgumentException("lacks " + name + ", which another file imports (write it with protoc --include_imports)");
        built.put(name, null);   // an import cycle meets this and fails below
        FileDescriptor[] deps = new FileDescriptor[proto.getDependencyCount()];
        for (int i = 0; i < deps.length; i++) {
            deps[i] = build(proto.getDependency(i), protos, built);
            if (deps[i] == null) throw new IllegalArgumentException(name + " imports " + proto.getDependency(i) + " in a cycle");
        }
        try {
            FileDescriptor file = FileDescriptor.buildFrom(proto, deps);
            built.put(name, file);
            return file;
        } catch (DescriptorValidationException e) {
            throw new IllegalArgumentException("holds an invalid " + name + ": " + e.getMessage());
        }
    }

    private static Descriptor find(Descriptor d, String name, List<String> seen) {
        if (d.getOptions().getMapEntry()) return null;   // a map's entry type, no message of its own
        if (d.getFullName().equals(name)) return d;
        seen.add(d.getFullName());
        for (Descriptor nested : d.getNestedTypes()) {
            Descriptor found = find(nested, name, seen);
            if (found != null) return found;
        }
        return null;
    }

    /**
     * The message type as a model keeps it ({@link RecordSchema#avroSchema()}'s text for Protobuf):
     * its full name, a line end, then the descriptor set of its file and its imports in base64.
     */
    public static String schemaText(Descriptor message) {
        return message.getFullName() + "\n" + Base64.getEncoder().encodeToString(descriptorSet(message));
    }

    /** The descriptor set of the message's file and everything it imports, imports first. */
    public static byte[] descriptorSet(Descriptor message) {
        Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
        addFile(message.getFile(), files);
        return FileDescriptorSet.newBuilder().addAllFile(files.values()).build().toByteArray();
    }

    private static void addFile(FileDescriptor file, Map<String, FileDescriptorProto> out) {
        if (out.containsKey(file.getName())) return;
        for (FileDescriptor dep : file.getDependencies()) addFile(dep, out);
        out.put(file.getName(), file.toProto());
    }

    /** The message type of {@link #schemaText}; text of another shape is an IllegalArgumentException. */
    public static Descriptor parseSchemaText(String text) {
        int end = text.indexOf('\n');
        if (end <= 0) throw new IllegalArgumentException("not a Protobuf message type (its name, a line end, a descriptor set)");
        try {
            return descriptor(Base64.getDecoder().decode(text.substring(end + 1).strip()), text.substring(0, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the stored Protobuf descriptor set " + e.getMessage(), e);
        }
    }

    /** The reader and writer of a model's Protobuf columns: its message type, fields and labels. */
    public static ProtobufRecords of(RecordSchema columns) {
        return new ProtobufRecords(parseSchemaText(columns.avroSchema()), columns.names(), columns.labels());
    }

    // ---- choosing the columns ----

    /**
     * The selection by name: the fields as given, or when none are, the {@link #defaultSelection}.
     * A selection that could be no record's columns (a name the message lacks, a field of a type
     * that is no column) is an IllegalArgumentException naming it, before any record is read.
     */
    public static List<String> selection(Descriptor message, List<String> fields, Set<String> strings) {
        List<String> names = fields.isEmpty() ? defaultSelection(message, strings) : fields;
        List<String> oneElementEach = new ArrayList<>(names.size());
        for (String name : names) oneElementEach.add(isArray(message, name) ? name + "[0]" : name);
        new ProtobufRecords(message, oneElementEach, List.of());   // checks every name, a repeated field by its first element
        return names;
    }

    /**
     * Every number, enum and bool field and repeated number field of the message, nested messages'
     * by dotted path, and of its string fields those given, in the order of the .proto file. Maps,
     * oneofs, bytes, repeated messages and repeated non-numbers are left out.
     */
    public static List<String> defaultSelection(Descriptor message, Set<String> strings) {
        List<String> out = new ArrayList<>();
        collect(message, "", (path, f) -> f.isRepeated() ? isNumber(f)
                : isNumber(f) || isLabels(f) || (f.getJavaType() == FieldDescriptor.JavaType.STRING && strings.contains(path)), out, new HashSet<>());
        return out;
    }

    /** Every string field of the message that could be a column (nested ones by dotted path). */
    public static List<String> stringFields(Descriptor message) {
        List<String> out = new ArrayList<>();
        collect(message, "", (path, f) -> !f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.STRING, out, new HashSet<>());
        return out;
    }

    /**
     * The message's string fields' texts by dotted path (those set and not empty), what a stream's
     * survey of labels judges ({@link LabelSurvey}); bytes that are no such message are a MALFORMED
     * RecordProblem.
     */
    public static Map<String, String> texts(Descriptor message, byte[] value, int offset) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        texts(parse(message, value, offset), "", out, new HashSet<>());
        return out;
    }

    private static void texts(Message record, String prefix, Map<String, String> out, Set<Descriptor> onTheWay) {
        if (!onTheWay.add(record.getDescriptorForType())) return;
        for (FieldDescriptor f : record.getDescriptorForType().getFields()) {
            if (f.isRepeated() || f.isMapField() || f.getRealContainingOneof() != null) continue;
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (record.hasField(f)) texts((Message) record.getField(f), prefix + f.getName() + ".", out, onTheWay);
            } else if (f.getJavaType() == FieldDescriptor.JavaType.STRING) {
                String text = (String) record.getField(f);
                if (!text.isEmpty()) out.put(prefix + f.getName(), text);
            }
        }
        onTheWay.remove(record.getDescriptorForType());
    }

    /** The fields to keep, nested messages' by dotted path, leaving out maps and oneofs (no columns) and repeated messages. */
    private static void collect(Descriptor message, String prefix, java.util.function.BiPredicate<String, FieldDescriptor> keep,
                                List<String> out, Set<Descriptor> onTheWay) {
        if (!onTheWay.add(message)) return;   // a recursive type: its own fields were taken once
        for (FieldDescriptor f : message.getFields()) {
            String path = prefix + f.getName();
            if (f.isMapField() || f.getRealContainingOneof() != null) continue;
            if (!f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) collect(f.getMessageType(), path + ".", keep, out, onTheWay);
            else if (keep.test(path, f)) out.add(path);
        }
        onTheWay.remove(message);
    }

    /** True when a name of the selection is a repeated number field, whose length is learned from the records. */
    public static boolean hasArray(Descriptor message, List<String> selection) {
        return selection.stream().anyMatch(name -> isArray(message, name));
    }

    private static boolean isArray(Descriptor message, String name) {
        FieldPath path = FieldPath.parse(name);
        if (path.endsInIndex()) return false;
        Descriptor d = message;
        FieldDescriptor f = null;
        for (Object step : path.steps()) {
            if (d == null || !(step instanceof String s) || (f = d.findFieldByName(s)) == null) return false;
            d = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated() ? f.getMessageType() : null;
        }
        return f != null && f.isRepeated() && !f.isMapField() && isNumber(f);
    }

    /**
     * The selection with each repeated number field replaced by its elements, as many as this
     * record's field holds; a record that does not parse, or whose field is empty (its length cannot
     * be learned from it), is a {@link RecordProblem} naming the field.
     */
    public static List<String> expandArrays(Descriptor message, List<String> fields, byte[] value, int offset) {
        Message record = parse(message, value, offset);
        List<String> names = fields.isEmpty() ? defaultSelection(message, Set.of()) : fields;
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            if (!isArray(message, name)) {
                out.add(name);
                continue;
            }
            FieldPath path = FieldPath.parse(name + "[0]");
            FieldDescriptor[] steps = resolve(message, name + "[0]", path);
            Message holder = holder(record, steps, name + "[0]", path);
            int count = holder.getRepeatedFieldCount(steps[steps.length - 1]);
            if (count == 0)
                throw new RecordProblem(RecordProblem.Kind.MISSING_FIELD, "field " + name + "[0] is missing: the repeated field " + name
                        + " is empty (its length, the number of columns, is learned from the records)", name + "[0]");
            for (int k = 0; k < count; k++) out.add(name + "[" + k + "]");
        }
        return out;
    }

    /** The chosen plain fields that have no presence (proto3 numbers without optional): unset, they read as 0. */
    public static List<String> withoutPresence(Descriptor message, List<String> selection) {
        List<String> out = new ArrayList<>();
        for (String name : selection) {
            if (isArray(message, name)) continue;
            FieldDescriptor[] steps = resolve(message, name, FieldPath.parse(name));
            FieldDescriptor leaf = steps[steps.length - 1];
            if (!leaf.isRepeated() && !leaf.hasPresence()) out.add(name);
        }
        return out;
    }

    // ---- reading ----

    @Override
    public double[] read(byte[] value, int offset, String[] texts) {
        Message record = parse(message, value, offset);
        double[] values = new double[fields.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = field(record, i);
            if (text[i]) texts[i] = (String) v;
            else values[i] = number(v, i);
        }
        return values;
    }

    /** The message at offset; bytes that are no message of the type (cut short, garbage) are a MALFORMED RecordProblem. */
    private static Message parse(Descriptor message, byte[] value, int offset) {
        DynamicMessage record;
        try {
            record = DynamicMessage.parseFrom(message, CodedInputStream.newInstance(value, offset, value.length - offset));
        } catch (IOException e) {   // InvalidProtocolBufferException: cut short, a bad tag, a bad UTF-8 string
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "not a " + message.getFullName() + " message: " + firstLine(e.getMessage()));
        }
        // Unknown fields are a newer writer's and are skipped; a record holding nothing but them is
        // more likely bytes of something else that happen to parse (Protobuf's wire format is lenient).
        if (record.getAllFields().isEmpty() && !record.getUnknownFields().asMap().isEmpty())
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "not a " + message.getFullName() + " message: it holds only fields the message does not have (numbers "
                    + record.getUnknownFields().asMap().keySet() + ")");
        return record;
    }

    /** The message holding the path's last field; a message on the way that is not set is a problem naming the field. */
    private static Message holder(Message record, FieldDescriptor[] steps, String name, FieldPath path) {
        Message m = record;
        for (int s = 0; s < steps.length - 1; s++) {
            if (!m.hasField(steps[s]))
                throw new RecordProblem(RecordProblem.Kind.MISSING_FIELD, "field " + name + " is missing: " + path.prefix(s + 1) + " is not set", name);
            m = (Message) m.getField(steps[s]);
        }
        return m;
    }

    /** The column's value as the message holds it; a field with presence that is not set is a problem naming it. */
    private Object field(Message record, int column) {
        String name = fields.get(column);
        FieldPath path = parsed.get(column);
        FieldDescriptor[] steps = paths.get(column);
        FieldDescriptor leaf = steps[steps.length - 1];
        Message m = holder(record, steps, name, path);
        if (elementOf[column] >= 0) {
            String array = arrayOf[column];
            int count = m.getRepeatedFieldCount(leaf), learned = arrayLength.get(array), k = elementOf[column];
            if (k >= count)
                throw new RecordProblem(RecordProblem.Kind.MISSING_FIELD, "field " + name + " is missing: the repeated field " + array + " has " + count
                        + " elements, " + learned + " learned", name);
            if (k == learned - 1 && count > learned) throw FieldPath.pastLearned(array, count, learned);
            return m.getRepeatedField(leaf, k);
        }
        if (leaf.hasPresence() && !m.hasField(leaf))
            throw new RecordProblem(RecordProblem.Kind.MISSING_FIELD, "field " + name + " is missing (it has presence: unset is not 0)", name);
        return m.getField(leaf);
    }

    private double number(Object v, int column) {
        FieldDescriptor leaf = paths.get(column)[paths.get(column).length - 1];
        String name = fields.get(column);
        if (v instanceof EnumValueDescriptor e) {
            int index = Collections.binarySearch(labels.get(column), e.getName());
            if (index < 0 || e.getType() != leaf.getEnumType() || leaf.getEnumType().findValueByNumber(e.getNumber()) == null)
                throw new RecordProblem(RecordProblem.Kind.WRONG_SCHEMA, "field " + name + " holds enum number " + e.getNumber() + ", none of "
                        + leaf.getEnumType().getFullName() + "'s values: written with another version of the enum?", name);
            return index;
        }
        if (v instanceof Boolean b) return b ? 1 : 0;
        double d = switch (leaf.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedLong((Integer) v);
            case UINT64, FIXED64 -> unsigned((Long) v);
            default -> ((Number) v).doubleValue();
        };
        if (!Double.isFinite(d)) throw new RecordProblem(RecordProblem.Kind.NON_FINITE, "field " + name + " is not finite: " + d, name);
        return d;
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    // ---- writing ----

    @Override
    public byte[] write(double[] values) {
        if (values.length != fields.size()) throw new IllegalArgumentException(values.length + " values for the fields " + fields);
        return fill(message, "", values).toByteArray();
    }

    private DynamicMessage fill(Descriptor type, String prefix, double[] values) {
        DynamicMessage.Builder out = DynamicMessage.newBuilder(type);
        for (FieldDescriptor f : type.getFields()) {
            String path = prefix + f.getName();
            Integer column = columnOf.get(path);
            if (column != null) {
                out.setField(f, typed(f, values[column], path));
            } else if (f.isRepeated() && arrayLength.containsKey(path)) {
                for (int k = 0; k < arrayLength.get(path); k++) out.addRepeatedField(f, typed(f, values[columnOf.get(path + "[" + k + "]")], path + "[" + k + "]"));
            } else if (!f.isRepeated() && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && containers.contains(path)) {
                out.setField(f, fill(f.getMessageType(), path + ".", values));
            }
        }
        return out.build();
    }

    private Object typed(FieldDescriptor f, double v, String path) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("cannot write non-finite value " + v + " of field " + path);
        return switch (f.getType()) {
            case DOUBLE -> v;
            case FLOAT -> (float) v;
            case INT32, SINT32, SFIXED32 -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v)));
            case UINT32, FIXED32 -> (int) (long) Math.max(0, Math.min(0xFFFF_FFFFL, Math.round(v)));
            case INT64, SINT64, SFIXED64 -> Math.round(v);
            case UINT64, FIXED64 -> v <= 0 ? 0L : v >= 0x1p64 ? -1L : new BigDecimal(Math.rint(v)).toBigInteger().longValue();   // the low 64 bits: unsigned
            case BOOL -> label(v, path).equals("true");
            case ENUM -> f.getEnumType().findValueByName(label(v, path));
            case STRING -> label(v, path);
            default -> throw new IllegalStateException("field " + path + " of type " + f.getType() + " is no column");
        };
    }

    /** The label (an enum's value name, a bool, a string) a generated value stands for: the nearest index among the sorted labels. */
    private String label(double v, String path) {
        List<String> sorted = labels.get(columnOf.get(path));
        if (sorted.isEmpty()) throw new IllegalArgumentException("field " + path + " is a string without labels: there is nothing to write");
        return sorted.get(RecordSchema.nearestIndex(v, sorted.size()));
    }

    // ---- the rest ----

    @Override
    public ProtobufRecords copy() { return new ProtobufRecords(message, fields, given); }

    @Override
    public List<String> fields() { return fields; }

    @Override
    public List<List<String>> labels() { return labels.stream().allMatch(List::isEmpty) ? List.of() : labels; }

    @Override
    public boolean hasText() { return anyText; }

    public Descriptor message() { return message; }

    /** The model's record schema of these columns. */
    public RecordSchema columns() {
        return new RecordSchema(RecordSchema.Format.PROTOBUF, fields, schemaText(message), labels());
    }

    private static boolean isNumber(FieldDescriptor f) {
        return switch (f.getJavaType()) {
            case INT, LONG, FLOAT, DOUBLE -> true;
            default -> false;
        };
    }

    private static boolean isLabels(FieldDescriptor f) {
        return f.getJavaType() == FieldDescriptor.JavaType.ENUM || f.getJavaType() == FieldDescriptor.JavaType.BOOLEAN;
    }

    /** The fields down to the path's own (its repeated field when the path ends in an index); a path that is no column is an IllegalArgumentException naming it. */
    private static FieldDescriptor[] resolve(Descriptor message, String name, FieldPath path) {
        int names = path.steps().size() - (path.endsInIndex() ? 1 : 0);
        FieldDescriptor[] out = new FieldDescriptor[names];
        Descriptor d = message;
        for (int i = 0; i < names; i++) {
            if (!(path.steps().get(i) instanceof String step))
                throw new IllegalArgumentException("field " + name + ": only a repeated number field is a block of columns, " + path.prefix(i) + " is not one");
            if (d == null) throw new IllegalArgumentException("field " + name + ": " + path.prefix(i) + " is not a message");
            FieldDescriptor f = d.findFieldByName(step);
            if (f == null) throw new IllegalArgumentException("field " + name + " is not in the Protobuf message " + message.getFullName());
            String at = path.prefix(i + 1);
            if (f.isMapField()) throw new IllegalArgumentException("field " + name + ": " + at + " is a map, which is no column");
            if (f.getRealContainingOneof() != null)
                throw new IllegalArgumentException("field " + name + ": " + at + " is in the oneof " + f.getRealContainingOneof().getName() + ", which is no column");
            out[i] = f;
            d = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated() ? f.getMessageType() : null;
        }
        FieldDescriptor leaf = out[names - 1];
        if (path.endsInIndex() && !(leaf.isRepeated() && isNumber(leaf)))
            throw new IllegalArgumentException("field " + name + ": " + path.parent() + " of the Protobuf message is " + describe(leaf) + ", not a repeated number field");
        if (!path.endsInIndex() && leaf.isRepeated() && isNumber(leaf))
            throw new IllegalArgumentException("field " + name + " of the Protobuf message is repeated: its elements are the columns (" + name + "[0], " + name + "[1], ...)");
        if (!path.endsInIndex() && (leaf.isRepeated() || !(isNumber(leaf) || isLabels(leaf) || leaf.getJavaType() == FieldDescriptor.JavaType.STRING)))
            throw new IllegalArgumentException("field " + name + " of the Protobuf message is " + describe(leaf) + ", not a number, an enum, a bool or a string");
        return out;
    }

    private static String describe(FieldDescriptor f) {
        String type = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? "the message " + f.getMessageType().getFullName()
                : f.getType().name().toLowerCase(java.util.Locale.ROOT);
        return (f.isRepeated() ? "a repeated " : "") + type;
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        String line = message.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
