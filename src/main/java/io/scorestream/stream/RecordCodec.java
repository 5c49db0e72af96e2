package io.scorestream.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decodes and validates one record value into a vector — CSV text ("1.5,-2,3e-1") or a JSON array
 * of numbers — and encodes vectors the same way. {@link #decode} never throws: a bad record comes
 * back as {@link Bad} with a reason (the dead-letter header) and a message that names the problem.
 * Immutable apart from the learned dimension, and safe to share between stream stages.
 */
public final class RecordCodec {
    public enum Format { CSV, JSON }

    public enum Reason {
        EMPTY, TOO_LARGE, ENCODING, MALFORMED, WRONG_DIMENSION, NON_FINITE;

        /** The dead-letter header value, e.g. "wrong-dimension". */
        public String header() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    public sealed interface Decoded permits Good, Bad {}

    public record Good(double[] vector) implements Decoded {}

    public record Bad(Reason reason, String message) implements Decoded {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

    private final Format format;
    private final int maxBytes;
    private volatile int dimension;

    /** dimension −1 takes the dimension of the first good record. */
    public RecordCodec(Format format, int dimension, int maxBytes) {
        if (dimension == 0 || dimension < -1) throw new IllegalArgumentException("dimension must be positive or -1, got " + dimension);
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        this.format = format;
        this.dimension = dimension;
        this.maxBytes = maxBytes;
    }

    public int dimension() { return dimension; }

    public Decoded decode(byte[] value) {
        if (value == null || value.length == 0) return new Bad(Reason.EMPTY, "empty record");
        if (value.length > maxBytes) return new Bad(Reason.TOO_LARGE, "record of " + value.length + " bytes exceeds the limit of " + maxBytes);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return new Bad(Reason.ENCODING, "record is not valid UTF-8");
        }
        if (text.isBlank()) return new Bad(Reason.EMPTY, "blank record");
        Decoded parsed = format == Format.CSV ? parseCsv(text.strip()) : parseJson(text);
        if (!(parsed instanceof Good good)) return parsed;
        double[] v = good.vector();
        for (int i = 0; i < v.length; i++)
            if (!Double.isFinite(v[i])) return new Bad(Reason.NON_FINITE, "value " + (i + 1) + " is not finite: " + v[i]);
        int expected = dimension;
        if (expected == -1) {
            synchronized (this) {
                if (dimension == -1) dimension = v.length;
                expected = dimension;
            }
        }
        if (v.length != expected) return new Bad(Reason.WRONG_DIMENSION, "dimension " + v.length + ", expected " + expected);
        return good;
    }

    private static Decoded parseCsv(String text) {
        String[] fields = text.split(",", -1);
        double[] v = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i].strip();
            try {
                v[i] = parseNumber(f);
            } catch (NumberFormatException e) {
                return new Bad(Reason.MALFORMED, "field " + (i + 1) + " is not a number: '" + abbreviate(f) + "'");
            }
        }
        return new Good(v);
    }

    /** Decimal numbers only (no hex floats or 'd'/'f' suffixes, which Double.parseDouble accepts). */
    private static double parseNumber(String f) {
        if (f.isEmpty()) throw new NumberFormatException();
        char last = f.charAt(f.length() - 1);
        if (Character.isLetter(last) && !f.equalsIgnoreCase("nan") && !f.endsWith("Infinity")) throw new NumberFormatException();
        if (f.contains("x") || f.contains("X")) throw new NumberFormatException();
        return Double.parseDouble(f);
    }

    private static Decoded parseJson(String text) {
        try (JsonParser p = JSON.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_ARRAY) return new Bad(Reason.MALFORMED, "not a JSON array");
            double[] v = new double[8];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) return new Bad(Reason.MALFORMED, "unterminated JSON array");
                if (!t.isNumeric()) return new Bad(Reason.MALFORMED, "element " + (n + 1) + " is not a number");
                if (n == v.length) v = Arrays.copyOf(v, 2 * n);
                v[n++] = p.getDoubleValue();
            }
            if (p.nextToken() != null) return new Bad(Reason.MALFORMED, "text after the JSON array");
            return new Good(Arrays.copyOf(v, n));
        } catch (Exception e) {
            return new Bad(Reason.MALFORMED, "invalid JSON: " + abbreviate(e.getMessage()));
        }
    }

    public byte[] encode(double[] vector) {
        StringBuilder sb = new StringBuilder(vector.length * 20);
        sb.append(format == Format.JSON ? "[" : "");
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(vector[i]);
        }
        sb.append(format == Format.JSON ? "]" : "");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        String line = s.replaceAll("\\s+", " ");
        return line.length() <= 40 ? line : line.substring(0, 40) + "…";
    }
}
