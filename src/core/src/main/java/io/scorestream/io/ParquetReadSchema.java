package io.scorestream.io;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Avro schema a Parquet file's rows are read in: parquet-avro's conversion of the file's
 * Parquet types, with two repairs for files that other programs write.
 * <ul>
 * <li>A column name that is not an Avro name (pandas' {@code "Sepal Length"}, a name with a
 * colon or starting with a digit) is read under an Avro name made of it ({@code Sepal_Length}),
 * the original kept as the field's alias, which is how parquet-avro matches the column.</li>
 * <li>A decimal stored as INT32 or INT64 (Spark's and Arrow's small decimals) is judged and
 * written as a bytes decimal of the same precision and scale: parquet-avro makes it an "int" or
 * "long" field (Avro has no integer decimals) yet fills it with BigDecimal values, which an Avro
 * writer of that schema refuses.</li>
 * </ul>
 * Names inside nested groups are kept as they are.
 */
final class ParquetReadSchema {
    /**
     * read: the schema parquet-avro makes records in; schema: the same fields as the records are
     * judged and written (an integer decimal as bytes); renamed: the columns read under another
     * name (original to Avro name), in file order.
     */
    record Read(Schema read, Schema schema, Map<String, String> renamed) {}

    private ParquetReadSchema() {}

    static Read of(MessageType parquet, ParquetConfiguration conf) {
        Map<String, String> renamed = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        List<Type> fields = new ArrayList<>();
        for (Type field : parquet.getFields()) {
            String name = avroName(field.getName(), used);
            if (!name.equals(field.getName())) renamed.put(field.getName(), name);
            fields.add(named(field, name));
        }
        Schema converted = new AvroSchemaConverter(conf).convert(new MessageType(avroName(parquet.getName(), new HashSet<>()), fields));
        List<Schema.Field> read = new ArrayList<>(fields.size()), judged = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            Schema.Field field = converted.getFields().get(i);
            Schema.Field aliased = new Schema.Field(field.name(), field.schema(), field.doc(), field.defaultVal());
            String original = parquet.getFields().get(i).getName();
            if (renamed.containsKey(original)) aliased.addAlias(original);
            read.add(aliased);
            judged.add(new Schema.Field(field.name(), integerDecimal(fields.get(i), field.schema()), field.doc(), field.defaultVal()));
        }
        return new Read(record(converted, read), record(converted, judged), renamed);
    }

    private static Schema record(Schema like, List<Schema.Field> fields) {
        return Schema.createRecord(like.getName(), like.getDoc(), like.getNamespace(), false, fields);
    }

    /**
     * The read schema cut to the top-level fields that hold the given (dotted) paths, for a pass
     * that needs only them (the judgement of the string columns: Parquet reads the other columns'
     * pages not at all); null when a field was renamed, as parquet-avro would look a projected
     * field up in the file by its Avro name.
     */
    static Schema projection(Read read, List<String> paths) {
        Set<String> tops = new HashSet<>();
        for (String path : paths) tops.add(String.valueOf(FieldPath.parse(path).steps().get(0)));
        List<Schema.Field> kept = new ArrayList<>();
        for (Schema.Field field : read.read().getFields()) {
            if (!tops.contains(field.name())) continue;
            if (read.renamed().containsValue(field.name())) return null;
            kept.add(new Schema.Field(field, field.schema()));
        }
        return record(read.read(), kept);
    }

    /** An Avro name made of a column's: letters, digits and '_', not starting with a digit, unique among the record's. */
    static String avroName(String name, Set<String> used) {
        StringBuilder out = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9') ? c : '_');
        }
        if (out.isEmpty() || Character.isDigit(out.charAt(0))) out.insert(0, '_');
        String unique = out.toString();
        for (int k = 2; !used.add(unique); k++) unique = out + "_" + k;
        return unique;
    }

    private static Type named(Type field, String name) {
        if (field.getName().equals(name)) return field;
        if (field.isPrimitive()) {
            PrimitiveType p = field.asPrimitiveType();
            return Types.primitive(p.getPrimitiveTypeName(), p.getRepetition()).length(p.getTypeLength()).as(p.getLogicalTypeAnnotation()).named(name);
        }
        GroupType g = field.asGroupType();
        return Types.buildGroup(g.getRepetition()).as(g.getLogicalTypeAnnotation()).addFields(g.getFields().toArray(new Type[0])).named(name);
    }

    /** A decimal on INT32 or INT64 as a bytes decimal (nullable if the column is); any other field's type as converted. */
    private static Schema integerDecimal(Type field, Schema converted) {
        if (!field.isPrimitive() || !(field.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal)) return converted;
        PrimitiveType.PrimitiveTypeName stored = field.asPrimitiveType().getPrimitiveTypeName();
        if (stored != PrimitiveType.PrimitiveTypeName.INT32 && stored != PrimitiveType.PrimitiveTypeName.INT64) return converted;
        Schema bytes = LogicalTypes.decimal(decimal.getPrecision(), decimal.getScale()).addToSchema(Schema.create(Schema.Type.BYTES));
        return field.isRepetition(Type.Repetition.OPTIONAL) ? Schema.createUnion(Schema.create(Schema.Type.NULL), bytes) : bytes;
    }
}
