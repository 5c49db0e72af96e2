package io.scorestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.scorestream.io.InputException;
import io.scorestream.stream.ProtobufEnvelope;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON Lines file's objects as Kafka record values: each one message of the configured type, in
 * an envelope. Objects map to messages as Protobuf's JSON mapping has it (field names or their JSON
 * names, nested objects for messages, arrays for repeated fields, objects for maps, an enum by its
 * value name or number, bytes in base64, "NaN" and "Infinity" for floats), done here with Jackson
 * rather than protobuf-java-util, which would bring Gson and Guava for this alone.
 */
final class ProtobufMessages {
    private ProtobufMessages() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every object of the file, in order, wrapped as the envelope says (schemaId for Confluent's); a line that is no such message an InputException naming it. */
    static List<byte[]> read(Path file, ProtobufEnvelope envelope, int schemaId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
        List<byte[]> out = new ArrayList<>(lines.size());
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replace("\uFEFF", "");
            if (line.isBlank()) continue;
            try {
                out.add(envelope.wrap(message(envelope.message(), JSON.readTree(line), "").toByteArray(), schemaId));
            } catch (IOException e) {
                throw InputException.at(file, n + 1, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
            } catch (IllegalArgumentException e) {
                throw InputException.at(file, n + 1, e.getMessage());
            }
        }
        if (out.isEmpty()) throw InputException.in(file, "holds no JSON object");
        return out;
    }

    private static DynamicMessage message(Descriptor type, JsonNode node, String path) {
        if (!node.isObject()) throw new IllegalArgumentException((path.isEmpty() ? "the line" : "field " + path) + " is not a JSON object (a " + type.getFullName() + " message)");
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path + e.getKey();
            FieldDescriptor f = field(type, e.getKey());
            if (f == null) throw new IllegalArgumentException("field " + at + " is not in the Protobuf message " + type.getFullName());
            JsonNode v = e.getValue();
            if (v.isNull()) continue;   // unset, as Protobuf's JSON mapping has it
            if (f.isMapField()) {
                if (!v.isObject()) throw new IllegalArgumentException("field " + at + " is a map: a JSON object");
                FieldDescriptor key = f.getMessageType().findFieldByName("key"), value = f.getMessageType().findFieldByName("value");
                for (Iterator<Map.Entry<String, JsonNode>> entries = v.fields(); entries.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    b.addRepeatedField(f, DynamicMessage.newBuilder(f.getMessageType())
                            .setField(key, single(key, JSON.getNodeFactory().textNode(entry.getKey()), at + "." + entry.getKey()))
                            .setField(value, single(value, entry.getValue(), at + "." + entry.getKey())).build());
                }
            } else if (f.isRepeated()) {
                if (!v.isArray()) throw new IllegalArgumentException("field " + at + " is repeated: a JSON array");
                for (int k = 0; k < v.size(); k++) b.addRepeatedField(f, single(f, v.get(k), at + "[" + k + "]"));
            } else {
                b.setField(f, single(f, v, at));
            }
        }
        return b.build();
    }

    /** A field by its name in the .proto or its JSON name (lowerCamelCase). */
    private static FieldDescriptor field(Descriptor type, String name) {
        FieldDescriptor f = type.findFieldByName(name);
        if (f != null) return f;
        for (FieldDescriptor g : type.getFields()) if (g.getJsonName().equals(name)) return g;
        return null;
    }

    /** One value of the field's type. */
    private static Object single(FieldDescriptor f, JsonNode v, String at) {
        return switch (f.getJavaType()) {
            case MESSAGE -> message(f.getMessageType(), v, at + ".");
            case BOOLEAN -> {
                if (!v.isBoolean()) throw new IllegalArgumentException("field " + at + " is a bool: true or false, not " + v);
                yield v.booleanValue();
            }
            case STRING -> {
                if (!v.isTextual()) throw new IllegalArgumentException("field " + at + " is a string, not " + v);
                yield v.textValue();
            }
            case BYTE_STRING -> {
                if (!v.isTextual()) throw new IllegalArgumentException("field " + at + " is bytes: base64 text, not " + v);
                yield ByteString.copyFrom(Base64.getDecoder().decode(v.textValue()));
            }
            case ENUM -> {
                EnumValueDescriptor e = v.isIntegralNumber() ? f.getEnumType().findValueByNumber(v.intValue())
                        : v.isTextual() ? f.getEnumType().findValueByName(v.textValue()) : null;
                if (e == null) throw new IllegalArgumentException("field " + at + " is " + v + ", none of " + f.getEnumType().getFullName() + "'s values "
                        + f.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList());
                yield e;
            }
            case FLOAT, DOUBLE -> {
                double d = v.isNumber() ? v.doubleValue() : v.isTextual() ? nonFinite(v.textValue(), at) : notANumber(v, at);
                yield f.getJavaType() == FieldDescriptor.JavaType.FLOAT ? (Object) (float) d : (Object) d;
            }
            default -> integer(f, v, at);
        };
    }

    private static double nonFinite(String text, String at) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text.strip());   // Protobuf's JSON mapping allows a number as a string
        };
    }

    private static double notANumber(JsonNode v, String at) {
        throw new IllegalArgumentException("field " + at + " is a number, not " + v);
    }

    /** An integer field's value: a whole number (or one as a string, as Protobuf's JSON has 64-bit ones) within its type. */
    private static Object integer(FieldDescriptor f, JsonNode v, String at) {
        BigInteger n;
        try {
            n = (v.isNumber() ? v.decimalValue() : new BigDecimal(v.textValue().strip())).toBigIntegerExact();
        } catch (ArithmeticException | NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("field " + at + " is a whole number, not " + v);
        }
        boolean unsigned = switch (f.getType()) {
            case UINT32, FIXED32, UINT64, FIXED64 -> true;
            default -> false;
        };
        int bits = f.getJavaType() == FieldDescriptor.JavaType.INT ? 32 : 64;
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE) : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0)
            throw new IllegalArgumentException("field " + at + " is " + n + ", outside its " + f.getType().name().toLowerCase(java.util.Locale.ROOT) + " range");
        return bits == 32 ? (Object) n.intValue() : (Object) n.longValue();   // the low bits: an unsigned value's as Protobuf holds it
    }
}
