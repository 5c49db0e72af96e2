package io.scorestream.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON objects as vectors: the selected fields, in the selection's order. A field is named by its
 * path: dotted for nested objects ({@code sensor.temp}), with the index for an array's element
 * ({@code embedding[0]}, {@code m[0][1]}, {@code a[2].x}), so an embedding's array is one column per
 * element. Fields that are not selected are ignored whatever their type. A selected field that is
 * missing, null, not a number (nor a string of one, {@code "21.5"}) or not finite is a
 * {@link RecordProblem} naming it.
 *
 * <p>One streaming pass per record (no tree), because this runs on every record of a feed; a
 * selected array of numbers is read in one loop, without a path per element.
 * Thread-safe: a reader holds only its immutable selection.
 */
public final class JsonRecords {
    // NaN and Infinity parse only so that they are reported as non-finite, which is what they are.
    // FastDoubleParser gives the double Double.parseDouble gives (as the CSV reader relies on), in a
    // fraction of the time: a 768-number embedding is mostly number parsing.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    /** Longer lists of names are cut in messages: a 768-element embedding would make one line of 10 kB. */
    private static final int NAMES_SHOWN = 10;

    private final List<String> fields;
    private final Map<String, Integer> index = new HashMap<>();
    private final Set<String> containers = new HashSet<>();       // every object or array path holding a selected field
    private final Map<String, int[]> flatArrays = new HashMap<>(); // array path -> column of each element (-1: not selected)
    private final boolean closed;
    private final Set<String> ignored;   // numeric fields a closed set lets be (judged rare and named when the set was chosen)
    // Every array of a whole array, the array itself and those nested in it (m, m[0], m[1]) -> the
    // number of elements learned: a record is read against the learned shape at every level.
    private final Map<String, Integer> learnedLengths;
    private final boolean[] labelled;   // per column: read as a label's text (a string, true/false), not a number
    private final boolean anyLabelled;  // asked once a record

    /**
     * @param fields the columns, in order
     * @param closed true when the set was learned from the records (not configured): then a record
     *               with a numeric field outside it has a changed field set, a {@link RecordProblem.Kind#FIELDS_CHANGED}
     */
    public JsonRecords(List<String> fields, boolean closed) {
        this(fields, closed, Set.of());
    }

    /**
     * @param wholeArrays arrays chosen by their name whose length was learned ({@code embedding} as
     *                    {@code embedding[0]}, …): one with more elements than that is a
     *                    {@link RecordProblem.Kind#FIELDS_CHANGED} naming the first element past it,
     *                    and so is an array nested in one ({@code m[0]} of {@code m}) with more
     *                    elements than the first records' had
     */
    public JsonRecords(List<String> fields, boolean closed, Set<String> wholeArrays) {
        this(fields, closed, wholeArrays, Set.of());
    }

    /**
     * @param labelFields the fields that hold labels (a string, true or false; a number is read as
     *                    its text): {@link #read(String, String[])} hands their text to the caller,
     *                    who numbers them ({@link RecordSchema#code}) — a label is the schema's business
     */
    public JsonRecords(List<String> fields, boolean closed, Set<String> wholeArrays, Set<String> labelFields) {
        this(fields, closed, wholeArrays, labelFields, Set.of());
    }

    /** @param ignored numeric fields outside a closed set that are no change of it (a file's rare fields, named to the user) */
    public JsonRecords(List<String> fields, boolean closed, Set<String> wholeArrays, Set<String> labelFields, Set<String> ignored) {
        if (fields.isEmpty()) throw new IllegalArgumentException("no fields selected");
        this.fields = List.copyOf(fields);
        for (int i = 0; i < this.fields.size(); i++)
            if (index.put(this.fields.get(i), i) != null) throw new IllegalArgumentException("field " + this.fields.get(i) + " selected twice");
        for (String field : this.fields) containers.addAll(FieldPath.parse(field).containers());
        indexFlatArrays();
        this.closed = closed;
        this.ignored = Set.copyOf(ignored);
        this.learnedLengths = learnedLengths(this.fields, wholeArrays);
        this.labelled = new boolean[this.fields.size()];
        for (String label : labelFields) {
            Integer i = index.get(label);
            if (i == null) throw new IllegalArgumentException("label field " + label + " is not among the fields " + brief(this.fields));
            labelled[i] = true;
        }
        this.anyLabelled = !labelFields.isEmpty();
    }

    /** Whether a column is read as a label. */
    public boolean isLabel(int column) { return labelled[column]; }

    /** Whether any column is read as a label. */
    public boolean hasLabels() { return anyLabelled; }

    /** Each array at or inside a whole array, with one more than the highest element index the columns hold in it. */
    private static Map<String, Integer> learnedLengths(List<String> fields, Set<String> wholeArrays) {
        Map<String, Integer> out = new HashMap<>();
        if (wholeArrays.isEmpty()) return out;
        for (String field : fields) {
            FieldPath path = FieldPath.parse(field);
            for (int s = 1; s < path.steps().size(); s++) {
                if (!(path.steps().get(s) instanceof Integer k)) continue;
                String array = path.prefix(s);
                if (wholeArrays.stream().anyMatch(whole -> array.equals(whole) || array.startsWith(whole + "[")))
                    out.merge(array, k + 1, Math::max);
            }
        }
        return out;
    }

    public List<String> fields() { return fields; }

    /** The selected fields' values of one JSON object (no field holds labels). */
    public double[] read(String text) {
        if (hasLabels()) throw new IllegalStateException("fields " + fields + " hold labels: read(text, labels)");
        return read(text, null);
    }

    /**
     * The selected fields' values of one JSON object; a label field's text goes to labels[column]
     * (its value left 0 for the caller to number), others' entries are left as they were.
     */
    public double[] read(String text, String[] labels) {
        double[] values = new double[fields.size()];
        boolean[] seen = new boolean[fields.size()];
        List<String> extra = closed ? new ArrayList<>(0) : null;
        walk(text, (path, parser, token) -> {
            Integer i = index.get(path);
            if (i == null) {
                int[] elements = token == JsonToken.START_ARRAY ? flatArrays.get(path) : null;
                if (elements != null) {
                    readFlatArray(path, parser, elements, values, seen, extra);
                    return true;   // read to its end already
                }
                RecordProblem longer = pastLearned(path, parser, token);
                if (longer != null) throw longer;
                if (extra != null && isNumber(token) && !ignored.contains(path)) extra.add(path);
                // skip what holds no column; a learned set must see every numeric field
                return token.isStructStart() && !closed && !containers.contains(path);
            }
            seen[i] = true;
            if (labelled[i]) labels[i] = labelText(path, parser, token);
            else values[i] = value(path, parser, token);
            return token.isStructStart();
        });
        for (int i = 0; i < seen.length; i++)
            if (!seen[i]) throw new RecordProblem(RecordProblem.Kind.MISSING_FIELD, "field " + fields.get(i) + " is missing", fields.get(i));
        if (extra != null && !extra.isEmpty())
            throw new RecordProblem(RecordProblem.Kind.FIELDS_CHANGED, "numeric field(s) " + brief(extra) + " are not among the stream's columns " + brief(fields)
                    + " (set input.fields to choose the columns)");
        return values;
    }

    /**
     * The elements of an array whose selected elements are all numbers directly in it (an
     * embedding): element k is column elements[k]; past the parser's START_ARRAY up to its END_ARRAY.
     */
    private void readFlatArray(String path, JsonParser parser, int[] elements, double[] values, boolean[] seen, List<String> extra) throws IOException {
        JsonToken token;
        int k = 0;
        for (; (token = parser.nextToken()) != JsonToken.END_ARRAY; k++) {
            int column = k < elements.length ? elements[k] : -1;
            if (column >= 0) {
                seen[column] = true;
                values[column] = value(fields.get(column), parser, token);
            } else if (extra != null && token.isStructStart()) {
                walkValue(parser, token, path + "[" + k + "]", (p, x, t) -> {   // rare: a learned set must see every numeric field
                    if (isNumber(t)) extra.add(p);
                    return false;
                });
            } else {
                if (extra != null && isNumber(token)) extra.add(path + "[" + k + "]");
                if (token.isStructStart()) parser.skipChildren();
            }
        }
        if (k > elements.length && learnedLengths.containsKey(path)) throw FieldPath.pastLearned(path, k, elements.length);
    }

    /**
     * The problem of a value that is an element past the learned length of an array in a whole
     * array ({@code m[2]} where m had 2, {@code m[0][2]} of a nested array read by the general walk),
     * the array's length counted by reading on to its end; null for any other value. A flat array's
     * elements are counted by {@link #readFlatArray} instead.
     */
    private RecordProblem pastLearned(String path, JsonParser parser, JsonToken token) throws IOException {
        if (learnedLengths.isEmpty() || !path.endsWith("]")) return null;
        int open = path.lastIndexOf('[');
        Integer learned = open > 0 ? learnedLengths.get(path.substring(0, open)) : null;
        if (learned == null) return null;
        int k = 0;
        for (int i = open + 1; i < path.length() - 1; i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') return null;   // a field's name with brackets in it, not an element
            k = k * 10 + (c - '0');
        }
        if (k < learned) return null;
        int found = k + 1;
        if (token.isStructStart()) parser.skipChildren();
        for (JsonToken t; (t = parser.nextToken()) != JsonToken.END_ARRAY; found++)
            if (t.isStructStart()) parser.skipChildren();
        return FieldPath.pastLearned(path.substring(0, open), found, learned);
    }

    /** Arrays whose selected elements are all numbers directly in them ({@code a[0]}, not {@code a[0].x}): read by {@link #readFlatArray}. */
    private void indexFlatArrays() {
        Map<String, List<int[]>> byArray = new HashMap<>();   // array path -> (element index, column) pairs
        for (int column = 0; column < fields.size(); column++) {
            FieldPath path = FieldPath.parse(fields.get(column));
            if (path.endsInIndex()) byArray.computeIfAbsent(path.parent(), k -> new ArrayList<>()).add(new int[]{path.lastIndex(), column});
        }
        for (Map.Entry<String, List<int[]>> e : byArray.entrySet()) {
            String array = e.getKey();
            // an element that is itself a container of selected fields (a[0][1], a[0].x) needs the general walk
            if (containers.stream().anyMatch(c -> c.startsWith(array + "[") && !c.equals(array))) continue;
            int length = e.getValue().stream().mapToInt(p -> p[0]).max().orElse(-1) + 1;
            int[] columns = new int[length];
            Arrays.fill(columns, -1);
            for (int[] p : e.getValue()) columns[p[0]] = p[1];
            flatArrays.put(array, columns);
        }
    }

    /** Every numeric field of one JSON object, as paths in document order (the default selection); an array's numbers are elements. */
    public static List<String> numericFields(String text) {
        List<String> out = new ArrayList<>();
        walk(text, (path, parser, token) -> {
            if (isNumber(token)) out.add(path);
            return false;
        });
        if (out.isEmpty()) throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "the object has no numeric field");
        return out;
    }

    /**
     * What the default selection ({@link #numericFields}) leaves out of one JSON object, for the
     * user, as a CSV file's text columns are named: "2 fields that are not numbers (device: text,
     * ok: true/false) left out", an array of such values named once; null when every field is a number.
     */
    public static String fieldsLeftOut(String text) {
        return fieldsLeftOut(text, Set.of());
    }

    /** As {@link #fieldsLeftOut(String)}, the fields taken (columns of labels) not named. */
    public static String fieldsLeftOut(String text, Set<String> taken) {
        Map<String, String> out = new LinkedHashMap<>();
        walk(text, (path, parser, token) -> {
            if (taken.contains(path)) return false;
            String kind = switch (token) {
                case VALUE_STRING -> "text";
                case VALUE_TRUE, VALUE_FALSE -> "true/false";
                case VALUE_NULL -> "null";
                default -> null;
            };
            if (kind != null) out.putIfAbsent(path.replaceAll("(\\[\\d+])+$", ""), kind);
            return false;
        });
        if (out.isEmpty()) return null;
        List<String> named = new ArrayList<>();
        out.forEach((field, kind) -> named.add(field + ": " + kind));
        return out.size() + " field" + (out.size() == 1 ? " that is not a number (" : "s that are not numbers (") + String.join(", ", named) + ") left out";
    }

    /**
     * The chosen fields with every one that names an array of the record (its first) replaced by
     * the array's numeric elements in document order: {@code embedding} selects
     * {@code embedding[0]}, {@code embedding[1]}, …. Other names stay as they are (a number, or a
     * problem {@link #read} reports naming it); an array without a number is a
     * {@link RecordProblem.Kind#NON_NUMERIC} naming it.
     */
    public static List<String> expandArrays(List<String> fields, String text) {
        Set<String> chosen = Set.copyOf(fields);
        Map<String, List<String>> elements = new HashMap<>();   // chosen array -> its numeric elements
        walk(text, new Visitor() {
            String array;   // the chosen array being walked, or null
            String prefix;

            @Override
            public boolean visit(String path, JsonParser parser, JsonToken token) {
                if (array != null && !path.startsWith(prefix)) array = null;   // past its end
                if (array == null && token == JsonToken.START_ARRAY && chosen.contains(path)) {
                    array = path;
                    prefix = path + "[";
                    elements.put(path, new ArrayList<>());
                } else if (array != null && isNumber(token)) {
                    elements.get(array).add(path);
                }
                return false;
            }
        });
        List<String> out = new ArrayList<>(fields.size());
        for (String field : fields) {
            List<String> numbers = elements.get(field);
            if (numbers == null) out.add(field);
            else if (numbers.isEmpty()) throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + field + " is an array without a number", field);
            else out.addAll(numbers);
        }
        return out;
    }

    /** The fields as one JSON object (nested paths as nested objects and arrays), in the order given; Double.toString reads back exactly. */
    public static String write(List<String> fields, double[] values) {
        StringBuilder out = new StringBuilder(values.length * 28 + 2);
        write(out, tree(fields), values);
        return out.toString();
    }

    /**
     * Nested layout of the field paths: name → column index (Integer), a nested layout (Map) or an
     * array (List of the same, element k at k). Fields that cannot be one record (a path used as an
     * object and as an array, an array whose elements are not 0..n-1 without a gap, a field inside
     * another) are an IllegalArgumentException naming them.
     */
    public static Map<String, Object> tree(List<String> fields) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) place(root, FieldPath.parse(fields.get(i)), i, fields.get(i));
        requireNoGap(root, "");
        return root;
    }

    private static void place(Map<String, Object> root, FieldPath path, int column, String field) {
        Object node = root;
        for (int s = 0; s < path.steps().size(); s++) {
            Object step = path.steps().get(s);
            boolean last = s == path.steps().size() - 1;
            Object fresh = last ? (Object) column : path.steps().get(s + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<String, Object>();
            Object child = child(node, step, fresh);
            if (last && child != fresh)
                throw new IllegalArgumentException(child instanceof Integer ? "field " + field + " appears twice" : "field " + field + " holds other fields");
            if (!last && child instanceof Integer) throw new IllegalArgumentException("field " + field + " is inside the number " + path.prefix(s + 1));
            if (!last && (child instanceof List) != (fresh instanceof List))
                throw new IllegalArgumentException("field " + field + " makes " + path.prefix(s + 1) + (fresh instanceof List ? " an array" : " an object")
                        + ", but another field makes it " + (child instanceof List ? "an array" : "an object"));
            node = child;
        }
    }

    /** The child of an object (step a name) or array (step an index), made from fresh if there is none; {@link #place} checked the node's kind. */
    @SuppressWarnings("unchecked")
    private static Object child(Object node, Object step, Object fresh) {
        if (step instanceof String name) return ((Map<String, Object>) node).computeIfAbsent(name, k -> fresh);
        List<Object> array = (List<Object>) node;
        int k = (Integer) step;
        while (array.size() <= k) array.add(null);
        if (array.get(k) == null) array.set(k, fresh);
        return array.get(k);
    }

    /** An array is written whole: every element 0..n-1 must be a column (or hold some). */
    private static void requireNoGap(Object node, String path) {
        if (node instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> e : object.entrySet()) requireNoGap(e.getValue(), path.isEmpty() ? (String) e.getKey() : path + "." + e.getKey());
        } else if (node instanceof List<?> array) {
            for (int k = 0; k < array.size(); k++) {
                if (array.get(k) == null) throw FieldPath.gapIn(path, k, array.size());
                requireNoGap(array.get(k), path + "[" + k + "]");
            }
        }
    }

    /** Appends one object of the layout's values. */
    public static void write(StringBuilder out, Map<String, Object> layout, double[] values) {
        write(out, layout, values, null);
    }

    /**
     * As {@link #write(StringBuilder, Map, double[])}; a categorical column of schema (null: none)
     * is written as its label, a JSON string, or a JSON boolean when its labels are false and true.
     */
    public static void write(StringBuilder out, Map<String, Object> layout, double[] values, RecordSchema schema) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : layout.entrySet()) {
            if (!first) out.append(',');
            first = false;
            appendString(out, e.getKey());
            out.append(':');
            appendValue(out, e.getValue(), values, e.getKey(), schema);
        }
        out.append('}');
    }

    /**
     * Whether a categorical column's labels are JSON's booleans: false and true, or one of them
     * alone (world-countries' "independent", true in every record kept, was written as the string
     * "true" while "landlocked", false and true, was written bare).
     */
    static boolean isBoolean(List<String> labels) {
        return !labels.isEmpty() && BOOLEAN_LABELS.containsAll(labels);
    }

    private static final List<String> BOOLEAN_LABELS = List.of("false", "true");

    /**
     * One row of unnamed columns as a JSON array, each value as a named field's is written: a
     * label or a time as its text, a whole number without ".0" (a headerless table's generated
     * rows were arrays of label indices, {@code [11.0,8.42,1.0]} for {@code [11,8.42,"b"]}).
     */
    public static void writeArray(StringBuilder out, double[] values, RecordSchema schema) {
        out.append('[');
        for (int j = 0; j < values.length; j++) {
            if (j > 0) out.append(',');
            appendValue(out, j, values, null, schema);
        }
        out.append(']');
    }

    /** A layout node: a column's number, an object or an array; name: the node's field name, for a message (null in an array). */
    private static void appendValue(StringBuilder out, Object node, double[] values, String name, RecordSchema schema) {
        if (node instanceof Integer i) {
            double v = values[i];
            if (!Double.isFinite(v))
                throw new IllegalArgumentException("cannot write non-finite value " + v + (name != null ? " of field " + name : " of column " + (i + 1)));
            String text = schema == null ? null : schema.text(i, v);
            if (text != null) {
                // Booleans, and clock times hhmm (a number in the file read: 754), are written bare.
                if (schema.isCategorical(i) && isBoolean(schema.labelsOf(i))) out.append(text);
                else if (schema.isClock(i)) out.append(text);
                else appendString(out, text);
            } else {
                CsvVectors.appendNumber(out, v);
            }
        } else if (node instanceof List<?> array) {
            out.append('[');
            for (int k = 0; k < array.size(); k++) {
                if (k > 0) out.append(',');
                appendValue(out, array.get(k), values, null, schema);
            }
            out.append(']');
        } else {
            @SuppressWarnings("unchecked") Map<String, Object> nested = (Map<String, Object>) node;
            write(out, nested, values, schema);
        }
    }

    /** "[a, b]", or the first names and how many there are in all when there are many: a list of names for a one-line message. */
    public static String brief(List<String> names) {
        if (names.size() <= NAMES_SHOWN) return names.toString();
        return "[" + String.join(", ", names.subList(0, NAMES_SHOWN)) + ", ... (" + names.size() + " in all)]";
    }

    /** A JSON string of the text, escaped. */
    static void appendQuoted(StringBuilder out, String s) { appendString(out, s); }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        out.append('"');
    }

    private static boolean isNumber(JsonToken token) {
        return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
    }

    private static double value(String path, JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double v = parser.getDoubleValue();
                if (!Double.isFinite(v)) throw new RecordProblem(RecordProblem.Kind.NON_FINITE, "field " + path + " is not finite: " + parser.getText());
                return v;
            }
            case VALUE_NULL -> throw new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + path + " is null", path);
            case VALUE_STRING -> {
                return numberInText(path, parser.getText());
            }
            case START_OBJECT -> throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is an object, not a number");
            case START_ARRAY -> throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is an array, not a number (its elements are fields "
                    + path + "[0], " + path + "[1], ...)");
            default -> throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is not a number: " + parser.getText());
        }
    }

    /**
     * A numeric field's number written as a JSON string ({@code "temp": "21.5"}, {@code "1,024"}), as
     * a file's field of such strings is read ({@link DecimalSyntax#numberOf}): many producers quote
     * every value. Any other text is no number, and a non-finite word none that is finite.
     */
    private static double numberInText(String path, String text) {
        double v = DecimalSyntax.numberOf(text);
        if (Double.isInfinite(v) || DecimalSyntax.isNonFiniteWord(text))
            throw new RecordProblem(RecordProblem.Kind.NON_FINITE, "field " + path + " is not finite: " + quote(text));
        if (Double.isNaN(v)) throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is not a number: " + quote(text));
        return v;
    }

    /** A label field's value as text: a string as it is, true/false and numbers as written; null is a missing value. */
    private static String labelText(String path, JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING, VALUE_TRUE, VALUE_FALSE, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
            case VALUE_NULL -> throw new RecordProblem(RecordProblem.Kind.NULL_FIELD, "field " + path + " is null", path);
            default -> throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is " + (token == JsonToken.START_ARRAY ? "an array" : "an object") + ", not a label");
        };
    }

    /**
     * Every numeric field of one JSON object (an array's numbers as elements) mapped to null, every
     * scalar text or true/false field (not inside an array) mapped to its text, and every null one
     * to {@link #NULL_FIELD}, in document order: what a file's default selection is judged on,
     * record by record (a null keeps its field's place in the order).
     */
    public static Map<String, String> scalarFields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        walk(text, (path, parser, token) -> {
            if (isNumber(token)) out.put(path, null);
            else if (token == JsonToken.VALUE_NULL) out.put(path, NULL_FIELD);
            else if ((token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) && !path.endsWith("]"))
                out.put(path, parser.getText());
            return false;
        });
        return out;
    }

    /** What {@link #scalarFields} maps a null field to (compared by identity). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    public static final String NULL_FIELD = new String("null");

    /** The object's numeric fields and the given label fields, in document order (the default selection with labels). */
    public static List<String> numericAndLabelFields(String text, Set<String> labelFields) {
        List<String> out = new ArrayList<>();
        walk(text, (path, parser, token) -> {
            if (isNumber(token) || (labelFields.contains(path) && !token.isStructStart())) out.add(path);
            return false;
        });
        if (out.isEmpty()) throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "the object has no numeric field");
        return out;
    }

    static String quote(String text) {
        String shown = text.length() <= 40 ? text : text.substring(0, 40) + "...";
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** Sees every value of the object with its path; returns true to skip the value's contents (an object or array). */
    private interface Visitor {
        boolean visit(String path, JsonParser parser, JsonToken token) throws IOException;
    }

    /** Every reader of a record goes through here, so each sees the row its envelope carries, if it has one ({@link JsonEnvelope}). */
    private static void walk(String text, Visitor visitor) {
        text = JsonEnvelope.rowOf(text);
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT)
                throw new RecordProblem(RecordProblem.Kind.MALFORMED, "not a JSON object");
            walkValue(parser, JsonToken.START_OBJECT, "", visitor);
            if (parser.nextToken() != null) throw new RecordProblem(RecordProblem.Kind.MALFORMED, "text after the closing '}'");
        } catch (JsonProcessingException e) {
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "not a JSON object: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "cannot parse JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Visits the contents of the object or array the parser is at (its start token given) up to its
     * end: an object's values as path.name ("name" when path is empty, the record itself), an
     * array's as path[k]. Iterative, one level of the stack per open object or array.
     */
    private static void walkValue(JsonParser parser, JsonToken start, String path, Visitor visitor) throws IOException {
        String[] paths = new String[8];
        int[] nextIndex = new int[8];   // an array's next element index; -1 in an object
        int depth = 0;
        paths[0] = path;
        nextIndex[0] = start == JsonToken.START_ARRAY ? 0 : -1;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                if (depth == 0) return;
                depth--;
                continue;
            }
            String at;
            JsonToken value;
            if (nextIndex[depth] < 0) {
                if (token != JsonToken.FIELD_NAME) throw new RecordProblem(RecordProblem.Kind.MALFORMED, "unexpected " + token);
                at = paths[depth].isEmpty() ? parser.currentName() : paths[depth] + "." + parser.currentName();
                value = parser.nextToken();
            } else {
                at = paths[depth] + "[" + nextIndex[depth]++ + "]";
                value = token;
            }
            boolean skip = visitor.visit(at, parser, value);
            if (value.isStructStart() && !skip) {
                if (++depth == paths.length) {
                    paths = Arrays.copyOf(paths, depth * 2);
                    nextIndex = Arrays.copyOf(nextIndex, depth * 2);
                }
                paths[depth] = at;
                nextIndex[depth] = value == JsonToken.START_ARRAY ? 0 : -1;
            } else if (value.isStructStart()) {
                parser.skipChildren();
            }
        }
        throw new RecordProblem(RecordProblem.Kind.MALFORMED, "the JSON object is not closed");
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        String line = message.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
