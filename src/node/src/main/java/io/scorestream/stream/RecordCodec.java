package io.scorestream.stream;

import io.scorestream.io.InfluxLines;

import com.fasterxml.jackson.core.io.doubleparser.JavaDoubleParser;
import io.scorestream.io.DecimalSyntax;
import io.scorestream.io.OneHotColumns;
import io.scorestream.io.RecordProblem;
import io.scorestream.io.RecordWriter;
import io.scorestream.io.RecordSchema;
import org.apache.avro.Schema;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns one Kafka record value into a vector, or says exactly why it cannot.
 *
 * <p>A stream must survive any bytes a producer sends, so {@link #decode} never throws: a bad
 * record becomes a {@link Bad} with a {@link Reason} (for a dead-letter header and counters)
 * and a message naming the problem (for a person reading the dead-letter topic).
 *
 * <p>Formats: {@link Format#CSV} is one line of comma-separated decimals (spaces around fields,
 * double quotes around a field and one trailing newline allowed), the syntax of a comma-separated
 * row of {@code CsvVectors};
 * {@link Format#JSON} is a JSON array of numbers or a JSON object; {@link Format#AVRO} is one Avro
 * binary datum of the configured schema, bare or in an {@link AvroEnvelope} (Avro's single-object
 * encoding, Confluent's wire format); {@link Format#PROTOBUF} is one Protobuf message of the configured
 * type, bare or in Confluent's wire format ({@link ProtobufEnvelope}), read as Avro's are.
 *
 * <p>Named columns: of a JSON object the codec takes the configured fields ({@code input.fields},
 * dotted paths for nested objects, {@code embedding[0]} for an array's element, {@code embedding}
 * for all of them), or, when none are configured, every numeric field. Of an Avro datum it takes the
 * configured fields or every numeric field and array of numbers of the schema. Where the columns
 * depend on the records (a JSON object's numeric fields, a named array's length: any configured
 * JSON name may be an array, an Avro one is when the schema says so), each record decodes
 * provisionally with its own columns (in {@link Good#fields()}) until the stream's vote fixes them
 * ({@link #learnColumns}) or the partitioner's model does ({@link #adoptColumns}); from then on a
 * record without one of them (an array too short) is a dead letter naming the field, and one with a
 * numeric field outside a learned set (an array too long) is {@link Reason#FIELDS_CHANGED}.
 * {@link #columns()} says what the columns are called, for the model.
 *
 * <p>The dimension: a configured one (&gt; 0) is pinned. With -1 ("learn it") the codec starts
 * with no dimension and returns every parsed, finite vector, of any length, as a
 * {@linkplain Good#provisional() provisional} {@link Good}; whoever decides the dimension then
 * tells the codec: the stream's {@link DimensionVote} ({@link #learn}, only while none is known) or
 * the partitioner, the authority once it has one ({@link #adopt}, replacing whatever was learned).
 * From then on a vector of another length is {@link Reason#WRONG_DIMENSION}. A provisional vector
 * is not checked: its reader must check it against the dimension decided later.
 *
 * <p>Thread-safe: one codec may be shared by parallel stream stages and the thread that hears the
 * partitioner's answer.
 */
public final class RecordCodec {
    public enum Format { CSV, JSON, AVRO, PROTOBUF }

    public sealed interface Decoded permits Good, Bad {}

    /**
     * A vector; provisional: decoded while the dimension was unknown, so its length is not checked
     * yet; fields: the columns of a provisional named record (a JSON object, an Avro datum with an
     * array), null otherwise, for the vote.
     */
    public record Good(double[] vector, boolean provisional, List<String> fields) implements Decoded {
        /** A vector of the codec's (known) dimension. */
        public Good(double[] vector) {
            this(vector, false, null);
        }

        public Good(double[] vector, boolean provisional) {
            this(vector, provisional, null);
        }
    }

    public record Bad(Reason reason, String message) implements Decoded {}

    public enum Reason {
        // New reasons go at the end: batches carry the ordinal.
        EMPTY, TOO_LARGE, ENCODING, MALFORMED, WRONG_DIMENSION, NON_FINITE,
        MISSING_FIELD, NULL_FIELD, NON_NUMERIC, FIELDS_CHANGED, WRONG_SCHEMA,
        /** A label field's value is none of its configured labels (scorestream.input.labels). */
        UNKNOWN_LABEL,
        /** Indicator fields the model reads as one category hold two 1s, none, or another value. */
        NOT_ONE_HOT,
        /** A change event or a Kafka Connect record that carries no row: a delete, a truncate, a tombstone in Connect's envelope. */
        NO_ROW,
        /** An InfluxDB line protocol point of a measurement other than the one learned (scorestream.input.measurement). */
        OTHER_MEASUREMENT;

        static Reason of(RecordProblem.Kind kind) {
            return switch (kind) {
                case MALFORMED -> MALFORMED;
                case MISSING_FIELD -> MISSING_FIELD;
                case NULL_FIELD -> NULL_FIELD;
                case NON_NUMERIC -> NON_NUMERIC;
                case NON_FINITE -> NON_FINITE;
                case FIELDS_CHANGED -> FIELDS_CHANGED;
                case WRONG_SCHEMA -> WRONG_SCHEMA;
                case NO_ROW -> NO_ROW;
            };
        }

        /** The form used in record headers and metrics: "wrong-dimension". */
        public String headerValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Text quoted from a bad record is cut to this many characters, so messages stay one short line. */
    private static final int QUOTE_LIMIT = 40;

    // Non-numeric tokens are accepted by the parser only so that NaN and Infinity are reported
    // as NON_FINITE (what they are) rather than as a syntax error.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)   // the same doubles as Double.parseDouble, faster (JsonRecords)
            .build();

    private final Format format;
    private final boolean lineProtocol;   // JSON objects written as InfluxDB line protocol points
    private final String measurement;     // of line protocol: the measurement whose points are read (null: any)
    private final io.scorestream.io.CsvDialect csvDialect;   // CSV: the lines' delimiter and decimal mark
    private final char delimiter;           // CSV: between fields
    private final boolean decimalCommas;    // CSV: 21,5 is 21.5
    private final int maxBytes;
    private final RecordColumns columns;   // what the records are read as: decided while the stream runs
    // The model's columns where it reads a category written one-hot as one column of labels, else null:
    // each record is read as written, then its indicator fields become the category's label index.
    private final java.util.concurrent.atomic.AtomicReference<RecordSchema> oneHot = new java.util.concurrent.atomic.AtomicReference<>();
    private final AvroEnvelope envelope;   // AVRO: what precedes each datum
    private final ProtobufEnvelope protobufEnvelope;   // PROTOBUF: what precedes each message

    /**
     * @param dimension the number of values every vector must have, or -1 to learn it (see the
     *                  class comment)
     * @param maxBytes  larger record values are rejected as TOO_LARGE before being parsed
     */
    public RecordCodec(Format format, int dimension, int maxBytes) {
        this(format, dimension, maxBytes, List.of(), null);
    }

    /**
     * @param fields the columns to take from JSON objects or Avro records (empty: every numeric
     *               field); the name of an array of numbers stands for its elements, as many as the
     *               stream's first records have
     * @param avroSchema the records' schema, for {@link Format#AVRO} only
     */
    public RecordCodec(Format format, int dimension, int maxBytes, List<String> fields, Schema avroSchema) {
        this(format, dimension, maxBytes, fields, avroSchema, java.util.Map.of());
    }

    /**
     * @param labels per JSON field (or Avro string field) of text labels the labels it may hold (scorestream.input.labels):
     *               a column of their indices in sorted order; another label is {@link Reason#UNKNOWN_LABEL}
     */
    public RecordCodec(Format format, int dimension, int maxBytes, List<String> fields, Schema avroSchema, java.util.Map<String, List<String>> labels) {
        this(format, dimension, maxBytes, fields, avroSchema, labels, avroSchema == null ? null : new AvroEnvelope(AvroEnvelope.Encoding.BARE, avroSchema, AvroEnvelope.ANY_ID));
    }

    /**
     * @param envelope what comes before each Avro datum (scorestream.input.avro-encoding): checked,
     *                 then skipped; null for CSV and JSON
     */
    public RecordCodec(Format format, int dimension, int maxBytes, List<String> fields, Schema avroSchema, java.util.Map<String, List<String>> labels,
                       AvroEnvelope envelope) {
        this(format, dimension, maxBytes, fields, avroSchema, labels, envelope, null);
    }

    /**
     * A codec of {@link Format#CSV} lines with named fields, of which it reads the chosen ones.
     *
     * @param csvHeader the names of a line's fields in order (scorestream.input.csv-header): a feed's
     *                  lines carry no header, so the configuration says what each field is
     * @param fields    the columns to learn among them (empty: every field, each a number); the
     *                  others are skipped unread (a time stamp, a device name)
     */
    public RecordCodec(int dimension, int maxBytes, List<String> csvHeader, List<String> fields) {
        this(dimension, maxBytes, csvHeader, fields, java.util.Map.of());
    }

    /** As {@link #RecordCodec(int, int, List, List)}, with per column of text labels the labels it may hold (scorestream.input.labels). */
    public RecordCodec(int dimension, int maxBytes, List<String> csvHeader, List<String> fields, java.util.Map<String, List<String>> labels) {
        this(Format.CSV, dimension, maxBytes, fields, null, labels, null, null, csvHeader);
    }

    /**
     * A codec of {@link Format#PROTOBUF} records: messages of the envelope's message type, in it
     * (scorestream.input.protobuf-encoding); fields and labels as for Avro records.
     */
    public RecordCodec(int dimension, int maxBytes, List<String> fields, java.util.Map<String, List<String>> labels, ProtobufEnvelope envelope) {
        this(Format.PROTOBUF, dimension, maxBytes, fields, null, labels, null, Objects.requireNonNull(envelope, "protobuf records need an envelope (bare at least)"));
    }

    private RecordCodec(Format format, int dimension, int maxBytes, List<String> fields, Schema avroSchema, java.util.Map<String, List<String>> labels,
                        AvroEnvelope envelope, ProtobufEnvelope protobufEnvelope) {
        this(format, dimension, maxBytes, fields, avroSchema, labels, envelope, protobufEnvelope, List.of());
    }

    private RecordCodec(Format format, int dimension, int maxBytes, List<String> fields, Schema avroSchema, java.util.Map<String, List<String>> labels,
                        AvroEnvelope envelope, ProtobufEnvelope protobufEnvelope, List<String> csvHeader) {
        this(format, dimension, maxBytes, fields, avroSchema, labels, envelope, protobufEnvelope, csvHeader, false, io.scorestream.io.CsvDialect.STANDARD, null);
    }

    /**
     * A codec of {@link Format#CSV} lines in a dialect (scorestream.input.csv-delimiter and
     * decimal-mark: {@code 21,5;40,2} as producers in much of Europe write them); csvHeader empty
     * for lines of numbers only. Its columns carry the dialect, so generated lines are written in it.
     */
    public static RecordCodec csv(int dimension, int maxBytes, List<String> csvHeader, List<String> fields, java.util.Map<String, List<String>> labels,
                                  io.scorestream.io.CsvDialect dialect) {
        return new RecordCodec(Format.CSV, dimension, maxBytes, fields, null, labels, null, null, csvHeader, false, dialect, null);
    }

    /**
     * Records of InfluxDB line protocol (scorestream.input.format = influx, as Telegraf writes its
     * metrics): each point read as the JSON object of its tags and fields ({@link InfluxLines}), and
     * from there as a JSON feed's records are; fields and labels as for JSON.
     */
    public static RecordCodec lineProtocol(int dimension, int maxBytes, List<String> fields, java.util.Map<String, List<String>> labels) {
        return lineProtocol(dimension, maxBytes, fields, labels, null);
    }

    /** As above, reading only the points of this measurement (null: any); another's is an {@link Reason#OTHER_MEASUREMENT}. */
    public static RecordCodec lineProtocol(int dimension, int maxBytes, List<String> fields, java.util.Map<String, List<String>> labels, String measurement) {
        return new RecordCodec(Format.JSON, dimension, maxBytes, fields, null, labels, null, null, List.of(), true, io.scorestream.io.CsvDialect.STANDARD, measurement);
    }

    private RecordCodec(Format format, int dimension, int maxBytes, List<String> fields, Schema avroSchema, java.util.Map<String, List<String>> labels,
                        AvroEnvelope envelope, ProtobufEnvelope protobufEnvelope, List<String> csvHeader, boolean lineProtocol, io.scorestream.io.CsvDialect csvDialect,
                        String measurement) {
        this.lineProtocol = lineProtocol;
        if (measurement != null && !lineProtocol) throw new IllegalArgumentException("a measurement is for InfluxDB line protocol's points only");
        this.measurement = measurement;
        this.csvDialect = Objects.requireNonNull(csvDialect, "csvDialect");
        if (format != Format.CSV && !csvDialect.isStandard()) throw new IllegalArgumentException("a CSV dialect is for csv records only");
        this.delimiter = csvDialect.delimiter();
        this.decimalCommas = csvDialect.decimalMark() == ',';
        this.format = Objects.requireNonNull(format, "format");
        if ((format == Format.AVRO) != (envelope != null))
            throw new IllegalArgumentException(format == Format.AVRO ? "avro records need an envelope (bare at least)" : "an Avro envelope is only for avro records");
        this.envelope = envelope;
        this.protobufEnvelope = protobufEnvelope;
        this.columns = new RecordColumns(format, dimension, fields, avroSchema, protobufEnvelope == null ? null : protobufEnvelope.message(), labels, csvHeader);
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        this.maxBytes = maxBytes;
    }

    public Format format() {
        return format;
    }

    /**
     * The dimension of the vectors {@link #decode} returns (a record's own fields but for a category the
     * model reads one-hot, one value), or -1 while it is still to be learned (with the columns, when they are).
     */
    public int dimension() {
        RecordSchema categories = oneHot.get();   // the vectors decode returns: a category one value
        return categories != null ? categories.labels().size() : columns.dimension();
    }

    /**
     * What the columns are called and the records' format: named for JSON objects and Avro once
     * the fields are known, unnamed for bare numbers (and while an Avro stream's array length is
     * still to be learned: no batch has rows then).
     */
    public RecordSchema columns() {
        RecordSchema schema = columns.schema();
        return csvDialect.isStandard() ? schema : schema.withDialect(csvDialect);
    }

    /** True once records are read by field name (configured, learned or adopted fields, or Avro). */
    public boolean named() {
        return columns.named();
    }

    /**
     * Takes the columns decided by the stream's vote (a JSON object's numeric fields, or the
     * chosen fields with each array's elements) if none are known yet; returns the columns in
     * force afterwards (another set if the partitioner got there first).
     */
    public List<String> learnColumns(List<String> fields) {
        return columns.learnColumns(fields);
    }

    /**
     * Takes the stream's columns from the partitioner, the authority. Configured fields (or an Avro
     * schema's) that differ, or named columns where the model has none, are an
     * IllegalStateException naming both: the setting or the state must be fixed.
     */
    public void adoptColumns(RecordSchema model) {
        // A model of one-hot categories names the feed's own fields in its written form.
        columns.adoptColumns(model.hasOneHot() ? OneHotColumns.expanded(model) : model);
        oneHot.set(model.hasOneHot() ? model : null);
    }

    /** The configured dimension: &gt; 0 when pinned, -1 when it is to be learned. */
    public int configuredDimension() {
        return columns.configuredDimension();
    }

    /**
     * Takes the dimension decided from the records (a vote) if none is known yet; returns the
     * dimension in force afterwards, which is another one if the configuration or the partitioner
     * got there first.
     */
    public int learn(int dimension) {
        return columns.learn(dimension);
    }

    /**
     * Takes the stream's dimension from the partitioner, the authority, replacing whatever this
     * codec learned by itself. A pinned dimension cannot change: a different one is an
     * IllegalStateException.
     */
    public void adopt(int dimension) {
        RecordSchema categories = oneHot.get();
        columns.adopt(categories != null && dimension == categories.labels().size() ? OneHotColumns.width(categories) : dimension);
    }

    /**
     * The record, or the first value it holds that the statistics cannot square, named: for the
     * named records, whose values the core readers take as any finite double (a CSV line's and a
     * JSON array's parsers here refuse such values themselves, with the text as written).
     */
    private Decoded learnable(Decoded decoded) {
        if (!(decoded instanceof Good good)) return decoded;
        double[] v = good.vector();
        for (int i = 0; i < v.length; i++) {
            if (DecimalSyntax.learnable(v[i])) continue;
            List<String> names = good.fields() != null && !good.fields().isEmpty() ? good.fields() : named() ? columns().names() : null;
            String which = names != null && i < names.size() ? "field " + names.get(i) : (format == Format.JSON ? "element " : "field ") + (i + 1);
            return new Bad(Reason.NON_FINITE, which + " " + DecimalSyntax.whyNotLearnable(v[i], Double.toString(v[i])));
        }
        return good;
    }

    /**
     * Never throws; a null value (a Kafka tombstone) is EMPTY. A value beyond ±{@link
     * DecimalSyntax#LARGEST}, whose square overflows the statistics, is NON_FINITE like an infinity.
     */
    public Decoded decode(byte[] value) {
        Decoded decoded = decodeWritten(value);
        RecordSchema categories = oneHot.get();
        if (categories == null || !(decoded instanceof Good good)) return decoded;
        try {
            return new Good(OneHotColumns.collapseRecord(good.vector(), categories), good.provisional(), good.fields());
        } catch (IllegalArgumentException e) {
            return new Bad(Reason.NOT_ONE_HOT, e.getMessage());
        }
    }

    /** The record's values as the feed writes them (a one-hot category as its indicator fields). */
    private Decoded decodeWritten(byte[] value) {
        if (value == null || value.length == 0) return new Bad(Reason.EMPTY, "empty record");
        if (value.length > maxBytes)
            return new Bad(Reason.TOO_LARGE, "record of " + value.length + " bytes exceeds the limit of " + maxBytes);
        if (format == Format.AVRO) {
            int start;
            try {
                start = envelope.datumStart(value);
            } catch (RecordProblem p) {
                return new Bad(Reason.of(p.kind()), p.getMessage());
            }
            try {
                return learnable(columns.readBinary(value, start, envelope.writerOf(value)));
            } catch (RecordProblem p) {
                return new Bad(Reason.of(p.kind()), p.kind() == RecordProblem.Kind.WRONG_SCHEMA ? p.getMessage() + envelope.hint(value) : p.getMessage());
            } catch (RuntimeException e) {
                return new Bad(Reason.WRONG_SCHEMA, "cannot decode: " + e + envelope.hint(value));
            }
        }
        if (format == Format.PROTOBUF) {
            try {
                return learnable(columns.readBinary(value, protobufEnvelope.messageStart(value), null));
            } catch (RecordProblem p) {
                return new Bad(Reason.of(p.kind()), p.getMessage());
            } catch (RuntimeException e) {   // a reader bug must not stop the stream; the record is still reported
                return new Bad(Reason.MALFORMED, "cannot decode: " + e);
            }
        }
        String text;
        try {
            text = strictUtf8(format == Format.JSON ? withoutRegistryHeader(value) : value);
        } catch (MalformedInputException e) {
            return new Bad(Reason.ENCODING, "not valid UTF-8 (bad byte sequence of length " + e.getInputLength() + ")");
        } catch (CharacterCodingException e) {
            return new Bad(Reason.ENCODING, "not valid UTF-8");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        if (text.isBlank()) return new Bad(Reason.EMPTY, "record has only whitespace");
        Decoded decoded = decodeText(text);
        return lineProtocol && measurement == null ? withMeasurementHint(decoded, text) : decoded;
    }

    /** A record's text (UTF-8 checked, not blank) decoded. */
    private Decoded decodeText(String text) {
        try {
            if (lineProtocol) {
                // A line that is no point is told so first; a point of another measurement then.
                String point = InfluxLines.toJson(text);
                Bad other = otherMeasurement(text);
                if (other != null) return other;
                text = point;
            }
            if (format == Format.JSON && firstNonSpace(text) == '{') return learnable(columns.readObject(text));
            Bad objectsOnly = format == Format.JSON ? columns.notAnObject() : null;
            if (objectsOnly != null) return objectsOnly;
            int[] slots = columns.csvSlots();
            if (slots != null) return new Good(parseNamedCsv(text, slots, columns.csvHeader(), columns.dimension()));
            double[] vector = format == Format.CSV ? parseCsv(text, columns.dimension(), delimiter, decimalCommas) : parseJson(text);
            return checkDimension(vector);
        } catch (RecordProblem p) {
            return new Bad(Reason.of(p.kind()), p.getMessage());
        } catch (BadRecord e) {
            return e.bad.reason() == Reason.MALFORMED ? withFormatHint(e.bad, text) : e.bad;
        } catch (RuntimeException e) {
            // A parser bug must not stop the stream; the record is still reported, not lost.
            return new Bad(Reason.MALFORMED, "cannot parse: " + e);
        }
    }

    /**
     * For the log when a JSON object's columns are learned: the fields of this record the stream
     * leaves out and what they hold ("1 field that is not a number (id: text) left out"); null for
     * other formats, chosen fields, or a record with nothing left out.
     */
    public String fieldsLeftOut(byte[] value) {
        String text = objectText(value);
        return text == null ? null : columns.fieldsLeftOut(text);
    }

    /** A JSON record's text (after a registry's header), when it may be an object; null for another format or record. */
    public String objectText(byte[] value) {
        if (format != Format.JSON || value == null) return null;
        String text = new String(withoutRegistryHeader(value), StandardCharsets.UTF_8).strip();
        if (lineProtocol) {
            try {
                String point = InfluxLines.toJson(text);
                if (otherMeasurement(text) != null) return null;   // not this stream's: no column is judged on it
                text = point;
            } catch (RecordProblem notAPoint) {
                return null;
            }
        }
        return text.isEmpty() || text.charAt(0) != '{' ? null : text;
    }

    /**
     * Telegraf sends every input's points to one topic by default: where no measurement is set, a
     * point whose fields are not the stream's says which measurement it is of and how to choose one.
     */
    private static Decoded withMeasurementHint(Decoded decoded, String line) {
        if (!(decoded instanceof Bad bad) || (bad.reason() != Reason.FIELDS_CHANGED && bad.reason() != Reason.MISSING_FIELD)) return decoded;
        String of = InfluxLines.measurement(line);
        if (of == null) return decoded;
        return new Bad(bad.reason(), bad.message() + " (a point of measurement " + of
                + "; on a topic of several measurements scorestream.input.measurement names the one to learn)");
    }

    /** Of line protocol read for one measurement, a point of another as its dead letter (null: this stream's point, or any where none is set). */
    private Bad otherMeasurement(String text) {
        if (measurement == null) return null;
        String of = InfluxLines.measurement(text);
        if (of == null || of.equals(measurement)) return null;
        return new Bad(Reason.OTHER_MEASUREMENT, "a point of measurement " + of + "; this stream learns " + measurement
                + "'s (scorestream.input.measurement)");
    }

    /** The vector in this codec's format (UTF-8 text, an Avro datum or a bare Protobuf message of the learned fields): the inverse of {@link #decode}. */
    public byte[] encode(double[] vector) {
        if (named() || !csvDialect.isStandard()) return new RecordWriter(columns()).write(vector);
        return RecordWriter.numbers(vector, format == Format.JSON);
    }

    /**
     * A JSON record as Confluent's JSON Schema serializer frames it (a zero byte, the registry's
     * 4-byte schema id, then the JSON text), without the frame. JSON text never starts with a zero
     * byte (RFC 8259 allows only spaces, tabs and line ends before a value), so the frame cannot be
     * mistaken for a record's text; the id is not checked (no registry is asked).
     */
    static byte[] withoutRegistryHeader(byte[] value) {
        if (value.length <= 5 || value[0] != 0) return value;
        byte first = value[5];
        boolean json = first == '{' || first == '[' || first == ' ' || first == '\t' || first == '\n' || first == '\r';
        return json ? java.util.Arrays.copyOfRange(value, 5, value.length) : value;
    }

    private static char firstNonSpace(String text) {
        for (int i = 0; i < text.length(); i++)
            if (!Character.isWhitespace(text.charAt(i))) return text.charAt(i);
        return ' ';
    }

    private Decoded checkDimension(double[] vector) {
        int expected = columns.dimension();
        if (expected == -1) return new Good(vector, true);
        if (vector.length != expected) return wrongDimension(expected, vector.length);
        return new Good(vector);
    }

    /** What a vector of another length than the stream's is: "expected 2 values, found 3". */
    public static Bad wrongDimension(int expected, int found) {
        return new Bad(Reason.WRONG_DIMENSION, "expected " + expected + " values, found " + found);
    }

    /**
     * A malformed record that reads as the other format says so: a producer sending JSON to a CSV
     * deployment (or the reverse) otherwise gets only "field 1 is not a number: '{"x":1.0'".
     */
    private Bad withFormatHint(Bad bad, String text) {
        String other;
        if (format == Format.CSV) {
            char first = text.strip().charAt(0);
            if (first != '{' && first != '[') return bad;
            other = first == '{' ? "a JSON object" : "JSON";
        } else {
            try {
                parseCsv(text, -1, ',', false);
            } catch (BadRecord notCsv) {
                return bad;
            }
            other = "CSV";
        }
        return new Bad(bad.reason(), bad.message() + " (the record looks like " + other + ", but scorestream.input.format is "
                + format.name().toLowerCase(Locale.ROOT) + ")");
    }

    private static String strictUtf8(byte[] value) throws CharacterCodingException {
        // The usual record is ASCII, which the JDK's own decoding copies in one pass into a compact
        // String; U+FFFD in its result means a bad byte (or a real U+FFFD), which the strict decoder
        // below then reports or accepts. The decoder alone made a 2-byte-per-char buffer and then
        // the String, about 45 kB a record at d = 768.
        String fast = new String(value, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) return fast;
        // String(bytes, UTF_8) would silently replace bad bytes with U+FFFD; a decoder reports them.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(value));
        return chars.toString();
    }

    /**
     * expected: the stream's dimension if known (the values' array is then made at its size once),
     * else -1; delimiter between the fields, decimalCommas where a comma is the decimal mark.
     */
    private static double[] parseCsv(String text, int expected, char delimiter, boolean decimalCommas) {
        int end = lineEnd(text);
        double[] values = new double[expected > 0 ? expected : 8];
        int count = 0;
        int start = 0;
        boolean quotes = text.indexOf('"') >= 0;
        while (true) {
            // A field in double quotes (RFC 4180, as csv writers quote every field when told to): its
            // number is inside them, and a comma there does not end it.
            int open = quotes ? firstNonSpace(text, start, end) : -1, close = -1;
            if (open >= 0 && text.charAt(open) == '"') {
                close = text.indexOf('"', open + 1);
                if (close < 0 || close >= end) throw bad(Reason.MALFORMED, "field " + (count + 1) + ": a quote that never closes");
            }
            int comma = text.indexOf(delimiter, close >= 0 ? close : start);
            int fieldEnd = comma < 0 || comma > end ? end : comma;
            if (count == values.length) values = Arrays.copyOf(values, count * 2);
            if (close >= 0) {
                if (firstNonSpace(text, close + 1, fieldEnd) < fieldEnd)
                    throw bad(Reason.MALFORMED, "field " + (count + 1) + ": text after its closing quote");
                values[count] = parseField(text, open + 1, close, count + 1, null, decimalCommas);
            } else {
                values[count] = parseField(text, start, fieldEnd, count + 1, null, decimalCommas);
            }
            count++;
            if (fieldEnd == end) break;
            start = comma + 1;
        }
        return count == values.length ? values : Arrays.copyOf(values, count);
    }

    /**
     * The chosen fields of a CSV line of named fields, each into its column (slots[i]: field i's
     * column, -1 for a field not read). A field not read may hold any text, in double quotes with
     * commas and doubled quotes inside (RFC 4180); a line of another number of fields than the
     * header names is {@link Reason#WRONG_DIMENSION}, naming both counts. A column of labels holds
     * its label's index, or the line is {@link Reason#UNKNOWN_LABEL}.
     */
    private double[] parseNamedCsv(String text, int[] slots, List<String> header, int dimension) {
        int end = lineEnd(text);
        double[] values = new double[dimension];
        int field = 0, start = 0;
        while (true) {
            long at = nextCsvField(text, start, end, field, header, delimiter);
            int close = (int) (at >> 32), fieldEnd = (int) at;
            if (field < slots.length && slots[field] >= 0) {
                String name = header.get(field);
                int from = close >= 0 ? firstNonSpace(text, start, end) + 1 : start, to = close >= 0 ? close : fieldEnd;
                List<String> labels = columns.csvLabels(slots[field]);
                values[slots[field]] = labels.isEmpty() ? parseField(text, from, to, field + 1, name, decimalCommas) : labelIndex(text, from, to, close >= 0, field + 1, name, labels);
            }
            field++;
            if (fieldEnd == end) break;
            start = fieldEnd + 1;
        }
        if (field != slots.length)
            throw bad(Reason.WRONG_DIMENSION, "expected " + slots.length + " fields (csv-header " + io.scorestream.io.JsonRecords.brief(header) + "), found " + field);
        return values;
    }

    /** A CSV field's label as its index among the column's labels; another label is UNKNOWN_LABEL naming them. */
    private double labelIndex(String text, int from, int to, boolean quoted, int fieldNumber, String name, List<String> labels) {
        String label = csvText(text, from, to, quoted);
        if (label.isEmpty()) throw bad(Reason.MALFORMED, which(fieldNumber, name) + " is empty");
        int index = java.util.Collections.binarySearch(labels, label);
        if (index < 0) throw bad(Reason.UNKNOWN_LABEL, which(fieldNumber, name) + " is " + quote(label) + ", none of its " + labels.size() + " labels "
                + io.scorestream.io.JsonRecords.brief(labels) + columns.labelsSource(name));
        return index;
    }

    /** A CSV field's text: trimmed, and inside quotes with each doubled quote one. */
    private static String csvText(String text, int from, int to, boolean quoted) {
        if (quoted) return text.substring(from, to).replace("\"\"", "\"");
        while (from < to && isSpace(text.charAt(from))) from++;
        while (to > from && isSpace(text.charAt(to - 1))) to--;
        return text.substring(from, to);
    }

    /**
     * Where the CSV field that starts at start ends: its closing quote (-1 when unquoted; its opening
     * one is its first non-space) in the high half, the comma after it (or end) in the low half, so
     * that a line's fields are read without an allocation each; a quote that never closes, or text
     * after a closing quote, is MALFORMED naming the field.
     */
    private static long nextCsvField(String text, int start, int end, int field, List<String> header, char delimiter) {
        int open = firstNonSpace(text, start, end), close = -1, fieldEnd;
        if (open < end && text.charAt(open) == '"') {
            close = open + 1;
            while (close < end && (text.charAt(close) != '"' || (close + 1 < end && text.charAt(close + 1) == '"'))) close += text.charAt(close) == '"' ? 2 : 1;
            if (close >= end) throw bad(Reason.MALFORMED, "field " + (field + 1) + " (" + nameOf(header, field) + "): a quote that never closes");
            int comma = text.indexOf(delimiter, close);
            fieldEnd = comma < 0 || comma > end ? end : comma;
            if (firstNonSpace(text, close + 1, fieldEnd) < fieldEnd)
                throw bad(Reason.MALFORMED, "field " + (field + 1) + " (" + nameOf(header, field) + "): text after its closing quote");
        } else {
            int comma = text.indexOf(delimiter, start);
            fieldEnd = comma < 0 || comma > end ? end : comma;
        }
        return ((long) close << 32) | (fieldEnd & 0xFFFF_FFFFL);
    }

    /**
     * A Protobuf message's string fields' texts by path, those set and not empty: what the warm-up's
     * survey of labels judges; null for another format or a record that does not parse.
     */
    public java.util.Map<String, String> protobufTexts(byte[] value) {
        if (format != Format.PROTOBUF || value == null) return null;
        try {
            return io.scorestream.io.ProtobufRecords.texts(protobufEnvelope.message(), value, protobufEnvelope.messageStart(value));
        } catch (RuntimeException notAMessage) {
            return null;
        }
    }

    /**
     * An Avro record's string fields' texts by path, those not null or empty: what the warm-up's
     * survey of labels judges; null for another format or a record that does not decode.
     */
    public java.util.Map<String, String> avroTexts(byte[] value) {
        if (format != Format.AVRO || value == null) return null;
        try {
            return columns.avroTexts(value, envelope.datumStart(value), envelope.writerOf(value));
        } catch (RuntimeException | IOException notADatum) {
            return null;
        }
    }

    /**
     * A CSV line of named fields (csv-header) as its fields' text by name, those that are not
     * numbers or empty: what the warm-up's survey of labels judges ({@link io.scorestream.io.LabelSurvey});
     * null for another format, or a line that does not split into the header's fields.
     */
    public java.util.Map<String, String> csvTexts(byte[] value) {
        List<String> header = columns.csvHeader();
        if (header == null || value == null) return null;
        String text = new String(value, StandardCharsets.UTF_8);
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        try {
            int end = lineEnd(text), field = 0, start = 0;
            while (true) {
                long at = nextCsvField(text, start, end, field, header, delimiter);
                int close = (int) (at >> 32), fieldEnd = (int) at;
                if (field >= header.size()) return null;
                String written = close >= 0 ? csvText(text, firstNonSpace(text, start, end) + 1, close, true) : csvText(text, start, fieldEnd, false);
                String number = decimalCommas ? written.replace(',', '.') : written;
                if (!written.isEmpty() && Double.isNaN(DecimalSyntax.numberOf(number))) out.put(header.get(field), written);
                field++;
                if (fieldEnd == end) break;
                start = fieldEnd + 1;
            }
            return field == header.size() ? out : null;
        } catch (BadRecord malformed) {
            return null;
        }
    }

    private static String which(int fieldNumber, String name) {
        return name == null ? "field " + fieldNumber : "field " + fieldNumber + " (" + name + ")";
    }

    private static String nameOf(List<String> header, int field) {
        return field < header.size() ? header.get(field) : "beyond csv-header";
    }

    /** The end of a record's one line: before a final line end; a line end inside it is MALFORMED. */
    private static int lineEnd(String text) {
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\n') end--;
        if (end > 0 && text.charAt(end - 1) == '\r') end--;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') throw bad(Reason.MALFORMED, "more than one line");
        }
        return end;
    }

    /** The first index in [from, to) that is not a space or tab, or to. */
    private static int firstNonSpace(String text, int from, int to) {
        while (from < to && isSpace(text.charAt(from))) from++;
        return from;
    }

    /** name: the field's name in csv-header, or null; messages say "field 3" or "field 3 (temp)", built only when one is thrown. */
    private static double parseField(String text, int start, int end, int fieldNumber, String name, boolean decimalCommas) {
        while (start < end && isSpace(text.charAt(start))) start++;
        while (end > start && isSpace(text.charAt(end - 1))) end--;
        if (start == end) throw bad(Reason.MALFORMED, which(fieldNumber, name) + " is empty");
        int comma = decimalCommas ? text.indexOf(',', start) : -1;
        if (comma >= 0 && comma < end) {   // 21,5 is 21.5; a field that is no number is named as written
            String written = text.substring(start, end), point = written.replace(',', '.');
            if (DecimalSyntax.isDecimal(point, 0, point.length())) return parseField(point, 0, point.length(), fieldNumber, name, false);
            throw bad(Reason.MALFORMED, which(fieldNumber, name) + " is not a number: " + quote(written));
        }
        if (!DecimalSyntax.isDecimal(text, start, end)) {
            String field = text.substring(start, end);
            if (DecimalSyntax.isNonFiniteWord(field))
                throw bad(Reason.NON_FINITE, which(fieldNumber, name) + " is not finite: " + quote(field));
            throw bad(Reason.MALFORMED, which(fieldNumber, name) + " is not a number: " + quote(field));
        }
        // The double Double.parseDouble gives, without a String per field (as CsvVectors reads).
        double value = JavaDoubleParser.parseDouble(text, start, end - start);
        if (!DecimalSyntax.learnable(value)) // "1e999" is decimal syntax but overflows; 1e300 squares to it
            throw bad(Reason.NON_FINITE, which(fieldNumber, name) + " " + DecimalSyntax.whyNotLearnable(value, quote(text.substring(start, end))));
        return value;
    }

    private static double[] parseJson(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY)
                throw bad(Reason.MALFORMED, "not a JSON array");
            double[] values = new double[8];
            int count = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                int element = count + 1;
                if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT)
                    throw bad(Reason.MALFORMED, "element " + element + " is not a number: " + describe(parser, token));
                double value = parser.getDoubleValue();
                if (!DecimalSyntax.learnable(value))
                    throw bad(Reason.NON_FINITE, "element " + element + " " + DecimalSyntax.whyNotLearnable(value, quote(parser.getText())));
                if (count == values.length) values = Arrays.copyOf(values, count * 2);
                values[count++] = value;
            }
            if (parser.nextToken() != null) throw bad(Reason.MALFORMED, "text after the closing ']'");
            if (count == 0) throw bad(Reason.MALFORMED, "empty array");
            return Arrays.copyOf(values, count);
        } catch (JsonProcessingException e) {
            throw bad(Reason.MALFORMED, "not a JSON array of numbers: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) { // reading a String does no I/O, but the API declares it
            throw bad(Reason.MALFORMED, "cannot parse JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String describe(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_ARRAY -> "a nested array";
            case START_OBJECT -> "an object";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> parser.getText();
            case VALUE_STRING -> quote(parser.getText());
            default -> String.valueOf(token);
        };
    }


    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    static String quote(String text) {
        String shown = text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
        // Control characters would break the one-line message (and a header viewer).
        StringBuilder out = new StringBuilder(shown.length() + 2).append('\'');
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) out.append(String.format("\\u%04x", c));
            else out.appendCodePoint(c);
        });
        return out.append('\'').toString();
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        String line = message.strip().lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }

    private static BadRecord bad(Reason reason, String message) {
        return new BadRecord(new Bad(reason, message));
    }

    /** Carries a Bad out of the parsing helpers; never escapes {@link #decode}. */
    private static final class BadRecord extends RuntimeException {
        final Bad bad;

        BadRecord(Bad bad) {
            super(bad.message(), null, false, false); // no stack trace: this is control flow, not a bug
            this.bad = bad;
        }
    }
}
