package io.scorestream.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON objects as vectors: the selected fields (dotted paths such as {@code sensor.temp} for nested
 * objects), in the selection's order. Fields that are not selected are ignored whatever their
 * type; arrays inside a record are never columns. A selected field that is missing, null, not a
 * number or not finite is a {@link RecordProblem} naming it.
 *
 * <p>One streaming pass per record (no tree), because this runs on every record of a feed.
 * Thread-safe: a reader holds only its immutable selection.
 */
public final class JsonRecords {
    // NaN and Infinity parse only so that they are reported as non-finite, which is what they are.
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final List<String> fields;
    private final Map<String, Integer> index = new HashMap<>();
    private final boolean closed;

    /**
     * @param fields the columns, in order
     * @param closed true when the set was learned from the records (not configured): then a record
     *               with a numeric field outside it has a changed field set, a {@link RecordProblem.Kind#FIELDS_CHANGED}
     */
    public JsonRecords(List<String> fields, boolean closed) {
        if (fields.isEmpty()) throw new IllegalArgumentException("no fields selected");
        this.fields = List.copyOf(fields);
        for (int i = 0; i < this.fields.size(); i++)
            if (index.put(this.fields.get(i), i) != null) throw new IllegalArgumentException("field " + this.fields.get(i) + " selected twice");
        this.closed = closed;
    }

    public List<String> fields() { return fields; }

    /** The selected fields' values of one JSON object. */
    public double[] read(String text) {
        double[] values = new double[fields.size()];
        boolean[] seen = new boolean[fields.size()];
        List<String> extra = closed ? new ArrayList<>(0) : null;
        walk(text, (path, parser, token) -> {
            Integer i = index.get(path);
            if (i == null) {
                if (extra != null && isNumber(token)) extra.add(path);
                // skip what holds no column (arrays never do); a learned set must see every numeric field
                return token == JsonToken.START_ARRAY || (token == JsonToken.START_OBJECT && !closed && !hasSelectedBelow(path));
            }
            seen[i] = true;
            values[i] = value(path, parser, token);
            return token.isStructStart();
        });
        for (int i = 0; i < seen.length; i++)
            if (!seen[i]) throw new RecordProblem(RecordProblem.Kind.MISSING_FIELD, "field " + fields.get(i) + " is missing", fields.get(i));
        if (extra != null && !extra.isEmpty())
            throw new RecordProblem(RecordProblem.Kind.FIELDS_CHANGED, "numeric field(s) " + extra + " are not among the stream's columns " + fields
                    + " (set input.fields to choose the columns)");
        return values;
    }

    /** Every numeric field of one JSON object, as dotted paths in document order (the default selection). */
    public static List<String> numericFields(String text) {
        List<String> out = new ArrayList<>();
        walk(text, (path, parser, token) -> {
            if (isNumber(token)) out.add(path);
            return token == JsonToken.START_ARRAY;   // arrays are never columns
        });
        if (out.isEmpty()) throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "the object has no numeric field");
        return out;
    }

    /** The fields as one JSON object (nested paths as nested objects), in the order given; Double.toString reads back exactly. */
    public static String write(List<String> fields, double[] values) {
        StringBuilder out = new StringBuilder(values.length * 28 + 2);
        write(out, tree(fields), values);
        return out.toString();
    }

    /** Nested layout of dotted paths: name → column index (Integer) or a nested layout (Map). */
    public static Map<String, Object> tree(List<String> fields) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String[] parts = fields.get(i).split("\\.");
            Map<String, Object> node = root;
            for (int p = 0; p < parts.length - 1; p++) {
                Object child = node.computeIfAbsent(parts[p], k -> new LinkedHashMap<String, Object>());
                if (!(child instanceof Map)) throw new IllegalArgumentException("field " + fields.get(i) + " is inside the number " + parts[p]);
                @SuppressWarnings("unchecked") Map<String, Object> next = (Map<String, Object>) child;
                node = next;
            }
            if (node.put(parts[parts.length - 1], i) != null) throw new IllegalArgumentException("field " + fields.get(i) + " holds other fields");
        }
        return root;
    }

    /** Appends one object of the layout's values. */
    public static void write(StringBuilder out, Map<String, Object> layout, double[] values) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : layout.entrySet()) {
            if (!first) out.append(',');
            first = false;
            appendString(out, e.getKey());
            out.append(':');
            if (e.getValue() instanceof Integer i) {
                double v = values[i];
                if (!Double.isFinite(v)) throw new IllegalArgumentException("cannot write non-finite value " + v + " of field " + e.getKey());
                CsvVectors.appendNumber(out, v);
            } else {
                @SuppressWarnings("unchecked") Map<String, Object> nested = (Map<String, Object>) e.getValue();
                write(out, nested, values);
            }
        }
        out.append('}');
    }

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

    private boolean hasSelectedBelow(String path) {
        String prefix = path + ".";
        for (String f : fields) if (f.startsWith(prefix)) return true;
        return false;
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
            case VALUE_STRING -> throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is not a number: " + quote(parser.getText()));
            case START_OBJECT -> throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is an object, not a number");
            case START_ARRAY -> throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is an array, not a number");
            default -> throw new RecordProblem(RecordProblem.Kind.NON_NUMERIC, "field " + path + " is not a number: " + parser.getText());
        }
    }

    static String quote(String text) {
        String shown = text.length() <= 40 ? text : text.substring(0, 40) + "...";
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** Sees every value of the object with its dotted path; returns true to skip the value's contents (an object or array). */
    private interface Visitor {
        boolean visit(String path, JsonParser parser, JsonToken token) throws IOException;
    }

    private static void walk(String text, Visitor visitor) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT)
                throw new RecordProblem(RecordProblem.Kind.MALFORMED, "not a JSON object");
            String[] prefixes = new String[8];
            int depth = 0;
            prefixes[0] = "";
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.END_OBJECT) {
                    if (depth == 0) break;
                    depth--;
                    continue;
                }
                if (token != JsonToken.FIELD_NAME) throw new RecordProblem(RecordProblem.Kind.MALFORMED, "unexpected " + token);
                String name = parser.currentName();
                String path = depth == 0 ? name : prefixes[depth] + "." + name;
                JsonToken value = parser.nextToken();
                boolean skip = visitor.visit(path, parser, value);
                if (value == JsonToken.START_OBJECT && !skip) {
                    if (++depth == prefixes.length) prefixes = Arrays.copyOf(prefixes, depth * 2);
                    prefixes[depth] = path;
                } else if (value.isStructStart()) {
                    parser.skipChildren();
                }
            }
            if (token == null) throw new RecordProblem(RecordProblem.Kind.MALFORMED, "the JSON object is not closed");
            if (parser.nextToken() != null) throw new RecordProblem(RecordProblem.Kind.MALFORMED, "text after the closing '}'");
        } catch (JsonProcessingException e) {
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "not a JSON object: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "cannot parse JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        String line = message.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
