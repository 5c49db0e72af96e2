package io.scorestream.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The row a JSON record carries, where a record is an envelope around it as Kafka Connect and
 * Debezium write them:
 * <ul>
 *   <li>Kafka Connect's {@code JsonConverter} with {@code schemas.enable=true} (its default) writes
 *       every record as {@code {"schema": {...}, "payload": {...}}}: the payload is the row, and the
 *       schema says which of its fields are {@code org.apache.kafka.connect.data.Decimal}s, written
 *       as the base64 of their unscaled two's-complement bytes ({@code "AeJA"} is 1234.56 at scale
 *       2), which are numbers again here.</li>
 *   <li>A Debezium change event ({@code before}, {@code after}, {@code source}, {@code op}, with or
 *       without Connect's envelope around it): the row is the {@code after} image of a create
 *       ({@code op} c), an update (u) or a snapshot read (r). A delete (d), a truncate (t) or a
 *       message (m) carries no row: a {@link RecordProblem.Kind#NO_ROW}, as is a Connect record
 *       whose payload is null, and the JSON text {@code null} (a tombstone as a topic's dump writes it). Debezium's {@code VariableScaleDecimal} (a struct of scale and
 *       value) is a number too.</li>
 * </ul>
 * A dump of a topic by kcat ({@code kcat -C -J}: the topic, partition, offset and the value as a
 * string in {@code payload}) is read through to the value, and that through its own envelope.
 * Without its schema a decimal stays the text it is written as: such a field is no number (a
 * message names it); Debezium's {@code decimal.handling.mode=double} or {@code string} writes
 * numbers instead. Any other record is its own row, unchanged.
 *
 * <p>So the columns of a change-data-capture feed are its table's columns, named as the table
 * names them ({@code amount}, not {@code payload.after.amount}), in {@code fit} and in a stream
 * alike: every reader of JSON records takes the row from here ({@link JsonRecords}). A record whose
 * first field is none of an envelope's costs one look at its first name.
 */
final class JsonEnvelope {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper();
    static final String CONNECT_DECIMAL = "org.apache.kafka.connect.data.Decimal";
    static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
    /** Names an envelope's first field may have (Connect's and Debezium's own orders put one of these first). */
    private static final List<String> FIRST_NAMES = List.of("schema", "payload", "before", "after", "source", "op", "ts_ms", "transaction", "topic");
    /** Every schema met (a feed has one or a few): its decimals. Cleared past this many, so that a feed of ever new schemas cannot grow it. */
    private static final int SCHEMAS_KEPT = 64;
    private static final Map<String, Decimals> SCHEMAS = new ConcurrentHashMap<>();

    private JsonEnvelope() {}

    /** The decimal fields of a Connect schema, by path from its root: their scale (fixed) or -1 (a VariableScaleDecimal, which carries its own). */
    record Decimals(Map<String, Integer> scales) {
        static final Decimals NONE = new Decimals(Map.of());

        /** Those under prefix + ".", by path from there. */
        Decimals under(String prefix) {
            if (scales.isEmpty()) return this;
            Map<String, Integer> out = new HashMap<>();
            scales.forEach((path, scale) -> {
                if (path.startsWith(prefix + ".")) out.put(path.substring(prefix.length() + 1), scale);
            });
            return new Decimals(out);
        }
    }

    /** One value of an object's top level: where its text starts and ends, and its first token. */
    private record Span(int from, int to, JsonToken token, String text) {}

    /**
     * The row the record carries: the record itself, or the text of its envelope's row with its
     * decimals written as numbers.
     *
     * @throws RecordProblem NO_ROW where the envelope carries no row (a delete, a tombstone)
     */
    static String rowOf(String text) {
        // A dump of a topic (kafka-console-consumer's) writes a tombstone as the line null.
        if (text.length() <= 16 && text.strip().equals("null"))
            throw new RecordProblem(RecordProblem.Kind.NO_ROW, "a null record (a Kafka tombstone): no row to learn");
        if (!mayBeEnvelope(text)) return text;
        Map<String, Span> top = topLevel(text);
        if (top == null) return text;
        if (isKcatRecord(top)) return kcatPayload(top);
        if (isConnect(top)) {
            Span schema = top.get("schema"), payload = top.get("payload");
            if (payload.token() == JsonToken.VALUE_NULL)
                throw new RecordProblem(RecordProblem.Kind.NO_ROW, "a Kafka Connect record whose payload is null (a tombstone): no row to learn");
            if (payload.token() != JsonToken.START_OBJECT) return text;   // a Connect record of one number or string: its fields are the record's
            Decimals decimals = schema.token() == JsonToken.START_OBJECT ? decimalsOf(text.substring(schema.from(), schema.to())) : Decimals.NONE;
            String inner = text.substring(payload.from(), payload.to());
            Map<String, Span> event = topLevel(inner);
            if (event != null && isChangeEvent(event)) return afterImage(inner, event, decimals.under("after"));
            return withNumbers(inner, decimals);
        }
        if (isChangeEvent(top)) return afterImage(text, top, Decimals.NONE);
        return text;
    }

    /** What envelope the record is in, for the user ("Debezium change events in Kafka Connect's envelope: ..."), or null: none (or no record). */
    static String describe(String text) {
        if (text == null || !mayBeEnvelope(text)) return null;
        Map<String, Span> top = topLevel(text);
        if (top == null) return null;
        if (isKcatRecord(top)) {
            Span payload = top.get("payload");
            String inner = payload.token() == JsonToken.VALUE_STRING ? describe(payload.text().strip()) : null;
            return "kcat's JSON records (-J): each one's payload is read" + (inner == null ? "" : "; " + inner);
        }
        Span payload = top.get("payload");
        boolean connect = isConnect(top) && payload.token() == JsonToken.START_OBJECT;
        Map<String, Span> event = connect ? topLevel(text.substring(payload.from(), payload.to())) : top;
        boolean change = event != null && isChangeEvent(event);
        if (!connect && !change) return null;
        return (change ? "Debezium change events" + (connect ? " in Kafka Connect's JSON envelope" : "") + ": each one's row (after) is read"
                : "Kafka Connect records (schema and payload): each one's payload is read")
                + (connect ? ", its schema's decimals as numbers"
                : change ? " (without Connect's schema a DECIMAL column is base64 text, no number: Debezium's decimal.handling.mode = string or double writes numbers)" : "");
    }

    /**
     * A record as kcat's JSON output ({@code kcat -C -J}) wraps it: the topic, partition and offset
     * beside the record's value as a string ({@code "payload": "{\"temp\":21.5}"}).
     */
    private static boolean isKcatRecord(Map<String, Span> fields) {
        Span payload = fields.get("payload");
        return fields.containsKey("topic") && fields.containsKey("partition") && fields.containsKey("offset") && payload != null
                && (payload.token() == JsonToken.VALUE_STRING || payload.token() == JsonToken.VALUE_NULL);
    }

    /** The row of a kcat record's value: a JSON object, itself perhaps in an envelope. */
    private static String kcatPayload(Map<String, Span> fields) {
        Span payload = fields.get("payload");
        if (payload.token() == JsonToken.VALUE_NULL)
            throw new RecordProblem(RecordProblem.Kind.NO_ROW, "a kcat record whose payload is null (a tombstone): no row to learn");
        String value = payload.text().strip();
        if (!value.startsWith("{"))
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "a kcat record whose payload is no JSON object: " + JsonRecords.quote(value));
        return rowOf(value);
    }

    /** Kafka Connect's envelope: a schema (an object, or null) and a payload, nothing else. */
    private static boolean isConnect(Map<String, Span> fields) {
        Span schema = fields.get("schema");
        return fields.size() == 2 && schema != null && fields.containsKey("payload")
                && (schema.token() == JsonToken.START_OBJECT || schema.token() == JsonToken.VALUE_NULL);
    }

    /** Debezium's envelope: an op of text beside an after image, and a before image or a source. */
    private static boolean isChangeEvent(Map<String, Span> fields) {
        Span op = fields.get("op");
        return op != null && op.token() == JsonToken.VALUE_STRING && fields.containsKey("after") && (fields.containsKey("before") || fields.containsKey("source"));
    }

    private static String afterImage(String text, Map<String, Span> event, Decimals decimals) {
        String op = event.get("op").text();
        Span after = event.get("after");
        if (after.token() != JsonToken.START_OBJECT || !(op.equals("c") || op.equals("u") || op.equals("r"))) throw withoutRow(op);
        return withNumbers(text.substring(after.from(), after.to()), decimals);
    }

    /** A change event of this op (null: none) that carries no row: a delete, a truncate, a message; JSON's or Avro's ({@link AvroRecords}). */
    static RecordProblem withoutRow(String op) {
        String what = op == null ? "with no after image" : switch (op) {
            case "d" -> "deleting a row (op d)";
            case "t" -> "truncating its table (op t)";
            case "m" -> "carrying a message (op m)";
            default -> "of op " + JsonRecords.quote(op) + " with no after image";
        };
        return new RecordProblem(RecordProblem.Kind.NO_ROW, "a change event " + what + ": no row to learn");
    }

    /**
     * Whether the record's first field has a name an envelope's may have: any other record is its
     * own row, told so without allocating (this runs on every JSON record of a feed).
     */
    private static boolean mayBeEnvelope(String text) {
        int i = skipSpace(text, 0);
        if (i >= text.length() || text.charAt(i) != '{') return false;
        i = skipSpace(text, i + 1);
        if (i + 1 >= text.length() || text.charAt(i) != '"') return false;
        char c = text.charAt(i + 1);   // most records are told by their first letter
        if (c != 's' && c != 'p' && c != 'b' && c != 'a' && c != 'o' && c != 't') return false;   // schema, payload, before, after, op, ts_ms, topic
        for (String name : FIRST_NAMES)
            if (text.startsWith(name, i + 1) && text.startsWith("\"", i + 1 + name.length())) return true;
        return false;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n' || text.charAt(i) == '\r' || text.charAt(i) == '\uFEFF')) i++;
        return i;
    }

    /** The object's fields by name, each value's span; null where the text is no JSON object (its reader names the problem). */
    private static Map<String, Span> topLevel(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return null;
            Map<String, Span> out = new HashMap<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                int from = (int) parser.currentTokenLocation().getCharOffset();
                String scalar = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                if (value.isStructStart()) parser.skipChildren();
                else if (scalar == null) parser.getText();   // read to the value's end
                out.put(name, new Span(from, (int) parser.currentLocation().getCharOffset(), value, scalar));
            }
            return token == JsonToken.END_OBJECT ? out : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The decimals of a Connect schema's text (a feed repeats one schema: each is read once). */
    static Decimals decimalsOf(String schema) {
        Decimals known = SCHEMAS.get(schema);
        if (known != null) return known;
        Map<String, Integer> scales = new HashMap<>();
        try {
            collect(TREES.readTree(schema), "", scales);
        } catch (IOException e) {
            return Decimals.NONE;   // no schema to speak of: its payload's fields are read as they are written
        }
        if (SCHEMAS.size() >= SCHEMAS_KEPT) SCHEMAS.clear();
        Decimals found = scales.isEmpty() ? Decimals.NONE : new Decimals(Map.copyOf(scales));
        SCHEMAS.put(schema, found);
        return found;
    }

    /** A struct schema's decimal fields under path. */
    private static void collect(JsonNode schema, String path, Map<String, Integer> scales) {
        JsonNode fields = schema.get("fields");
        if (fields == null || !fields.isArray()) return;
        for (JsonNode field : fields) {
            JsonNode name = field.get("field");
            if (name == null || !name.isTextual()) continue;
            String at = path.isEmpty() ? name.asText() : path + "." + name.asText();
            String type = field.path("name").asText("");
            if (type.equals(CONNECT_DECIMAL)) {
                JsonNode scale = field.path("parameters").get("scale");
                if (scale != null) {
                    try {
                        scales.put(at, Integer.parseInt(scale.asText()));
                    } catch (NumberFormatException notAScale) {
                        // left as text: the field is named as no number where it is chosen
                    }
                }
            } else if (type.equals(VARIABLE_SCALE_DECIMAL)) {
                scales.put(at, -1);
            } else if ("struct".equals(field.path("type").asText())) {
                collect(field, at, scales);
            }
        }
    }

    /** The row's text with each decimal of the schema written as its number (the text as it is where it holds none). */
    static String withNumbers(String row, Decimals decimals) {
        if (decimals.scales().isEmpty()) return row;
        List<int[]> spans = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(row)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return row;
            replace(parser, "", decimals.scales(), spans, numbers);
        } catch (IOException | RuntimeException e) {
            return row;   // the record's reader names what is wrong with it
        }
        if (spans.isEmpty()) return row;
        StringBuilder out = new StringBuilder(row.length());
        int at = 0;
        for (int i = 0; i < spans.size(); i++) {
            out.append(row, at, spans.get(i)[0]).append(numbers.get(i));
            at = spans.get(i)[1];
        }
        return out.append(row, at, row.length()).toString();
    }

    /** Within an object the parser has just opened (at path): each decimal's span and number. */
    private static void replace(JsonParser parser, String path, Map<String, Integer> scales, List<int[]> spans, List<String> numbers) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String at = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
            JsonToken value = parser.nextToken();
            int from = (int) parser.currentTokenLocation().getCharOffset();
            Integer scale = scales.get(at);
            String number = null;
            if (scale != null && scale >= 0 && value == JsonToken.VALUE_STRING) number = decimal(parser.getText(), scale);
            else if (scale != null && scale < 0 && value == JsonToken.START_OBJECT) number = variableScale(parser);
            else if (value == JsonToken.START_OBJECT) {
                replace(parser, at, scales, spans, numbers);
                continue;
            } else if (value == JsonToken.START_ARRAY) parser.skipChildren();
            else parser.getText();
            if (number != null) {
                spans.add(new int[]{from, (int) parser.currentLocation().getCharOffset()});
                numbers.add(number);
            }
        }
    }

    /** Debezium's VariableScaleDecimal, the parser at its '{': {"scale": 2, "value": "AeJA"} as 1234.56; null (and read past) where it is not one. */
    private static String variableScale(JsonParser parser) throws IOException {
        Integer scale = null;
        String value = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (name.equals("scale") && token == JsonToken.VALUE_NUMBER_INT) scale = parser.getIntValue();
            else if (name.equals("value") && token == JsonToken.VALUE_STRING) value = parser.getText();
            else if (token.isStructStart()) parser.skipChildren();
        }
        return scale == null || value == null ? null : decimal(value, scale);
    }

    /** Connect's decimal: the base64 of the unscaled value's big-endian two's-complement bytes; null where the text is not one. */
    static String decimal(String base64, int scale) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return bytes.length == 0 ? null : new BigDecimal(new BigInteger(bytes), scale).toPlainString();
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
