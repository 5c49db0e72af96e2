package io.scorestream.stream;

import io.scorestream.io.RecordProblem;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What comes before the Avro datum in one Kafka record value. Producers that nobody here wrote
 * rarely send a bare datum: Avro's own <i>single-object encoding</i> (the spec's "Single object
 * encoding": {@code C3 01}, the writer schema's 64-bit Rabin fingerprint of its parsing canonical
 * form, little-endian, then the datum; Avro's {@code BinaryMessageEncoder} writes it) and
 * Confluent's wire format (a zero "magic" byte, the schema registry's id as a 4-byte big-endian
 * int, then the datum; what {@code KafkaAvroSerializer} writes) are the usual envelopes.
 *
 * <p>The envelope is checked against the configured schema, never used to fetch another one: a
 * single-object record of another fingerprint, or (when {@code avro-schema-id} pins one) a
 * Confluent record of another id, is a {@code wrong-schema} dead letter naming both. No schema
 * registry is asked for a writer schema: unpinned, every id is read with the configured schema,
 * and a datum it does not fit is a dead letter that names the id.
 *
 * <p>Producers evolve their schemas, so a feed may hold records of several versions. The writer
 * schemas the configuration names ({@code avro-writer-schemas}) are known by fingerprint or by
 * registry id; a record of one is read with it and resolved to the configured schema by Avro's
 * schema resolution, which was checked when the envelope was made.
 */
public final class AvroEnvelope {
    public enum Encoding {
        BARE(0), SINGLE_OBJECT(10), CONFLUENT(5);

        /** Bytes before the datum. */
        final int header;

        Encoding(int header) { this.header = header; }

        /** The configuration's spelling: bare, single-object, confluent. */
        public String configName() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        /** From the configuration's (or an option's) spelling; another one is an IllegalArgumentException listing them. */
        public static Encoding parse(String value) {
            for (Encoding e : values()) if (e.configName().equals(value.trim().toLowerCase(Locale.ROOT))) return e;
            throw new IllegalArgumentException("unknown Avro encoding '" + value + "'; choose bare, single-object or confluent");
        }
    }

    /**
     * Another version of the schema that records may be written with: id the registry id a
     * Confluent record carries ({@link #ANY_ID} for single-object records, known by fingerprint);
     * source where it was read from, for messages.
     */
    public record WriterSchema(int id, Schema schema, String source) {
        /**
         * The configuration's entries: the path of an .avsc file, or {@code ID=path} for Confluent
         * records; an entry that is neither, or a file that is no schema, an IllegalArgumentException
         * naming it.
         */
        public static List<WriterSchema> parseAll(List<String> entries) {
            return entries.stream().map(WriterSchema::parse).toList();
        }

        static WriterSchema parse(String entry) {
            String text = entry.trim();
            int eq = text.indexOf('=');
            int id = ANY_ID;
            if (eq > 0 && text.substring(0, eq).trim().chars().allMatch(Character::isDigit)) {
                try {
                    id = Integer.parseInt(text.substring(0, eq).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + entry + "': the schema id is not an int");
                }
                text = text.substring(eq + 1).trim();
            }
            if (text.isEmpty()) throw new IllegalArgumentException("'" + entry + "' names no schema file");
            try {
                return new WriterSchema(id, io.scorestream.io.AvroRecords.parseSchema(Path.of(text)), text);
            } catch (io.scorestream.io.InputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    /** No schema id pinned: a Confluent record of any id is read with the configured schema. */
    public static final int ANY_ID = -1;

    private static final byte SINGLE_OBJECT_0 = (byte) 0xC3, SINGLE_OBJECT_1 = (byte) 0x01, CONFLUENT_MAGIC = 0;

    private final Encoding encoding;
    private final long fingerprint;   // of the configured schema's parsing canonical form
    private final int schemaId;       // CONFLUENT: the id records must carry, or ANY_ID
    private final Map<Long, Schema> writersByFingerprint = new HashMap<>();   // SINGLE_OBJECT: other versions
    private final Map<Integer, Schema> writersById = new HashMap<>();         // CONFLUENT: other versions

    public AvroEnvelope(Encoding encoding, Schema schema, int schemaId) {
        if (schemaId < ANY_ID) throw new IllegalArgumentException("a schema id is 0 or more, got " + schemaId);
        if (schemaId != ANY_ID && encoding != Encoding.CONFLUENT)
            throw new IllegalArgumentException("a schema id is for the confluent encoding, not " + encoding.configName());
        this.encoding = encoding;
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.schemaId = schemaId;
    }

    public Encoding encoding() { return encoding; }

    /**
     * This envelope, also reading records written with these schemas, each resolved to reader (the
     * configured schema). A bare datum does not say its writer; a single-object writer is known by
     * its fingerprint, so it takes no id; a Confluent one needs its id; a writer that Avro cannot
     * resolve to reader is refused, naming what does not fit.
     */
    public AvroEnvelope withWriters(List<WriterSchema> writers, Schema reader) {
        if (writers.isEmpty()) return this;
        if (encoding == Encoding.BARE)
            throw new IllegalArgumentException("a bare datum does not say which schema wrote it: other writer schemas are for avro-encoding = single-object or confluent");
        AvroEnvelope out = new AvroEnvelope(encoding, reader, schemaId);
        for (WriterSchema w : writers) {
            if (encoding == Encoding.SINGLE_OBJECT && w.id() != ANY_ID)
                throw new IllegalArgumentException("'" + w.id() + "=" + w.source() + "': single-object records name their schema by its fingerprint; give the file without an id");
            if (encoding == Encoding.CONFLUENT && w.id() == ANY_ID)
                throw new IllegalArgumentException("'" + w.source() + "': Confluent's records name their schema by its registry id; write ID=" + w.source());
            SchemaCompatibility.SchemaPairCompatibility fit = SchemaCompatibility.checkReaderWriterCompatibility(reader, w.schema());
            if (fit.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                SchemaCompatibility.Incompatibility first = fit.getResult().getIncompatibilities().get(0);
                String why = first.getType() == SchemaCompatibility.SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE
                        ? "it has no field " + first.getMessage() + ", which the configured schema gives no default"
                        : first.getType().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + first.getMessage() + ")";
                throw new IllegalArgumentException(w.source() + " cannot be read as the configured schema " + reader.getName() + ": "
                        + why + " at " + first.getLocation());
            }
            boolean repeated = encoding == Encoding.SINGLE_OBJECT
                    ? out.writersByFingerprint.put(SchemaNormalization.parsingFingerprint64(w.schema()), w.schema()) != null
                    : out.writersById.put(w.id(), w.schema()) != null;
            if (repeated) throw new IllegalArgumentException(w.source() + ": that schema " + (encoding == Encoding.CONFLUENT ? "id " + w.id() + " " : "") + "is named twice");
        }
        // The configured schema's own records are read without resolution.
        out.writersByFingerprint.remove(fingerprint);
        return out;
    }

    /**
     * The schema a record whose envelope {@link #datumStart} accepted was written with, when it is
     * one of the other versions; null when it is read with the configured schema.
     */
    public Schema writerOf(byte[] value) {
        return switch (encoding) {
            case BARE -> null;
            case SINGLE_OBJECT -> writersByFingerprint.get(fingerprintAt(value));
            case CONFLUENT -> writersById.get(idAt(value));
        };
    }

    /**
     * Where the datum starts in the record value; an envelope that is missing, cut short or of
     * another schema is a {@link RecordProblem} ({@code WRONG_SCHEMA}) saying what was found.
     */
    public int datumStart(byte[] value) {
        switch (encoding) {
            case BARE -> { return 0; }
            case SINGLE_OBJECT -> {
                if (value.length < Encoding.SINGLE_OBJECT.header || value[0] != SINGLE_OBJECT_0 || value[1] != SINGLE_OBJECT_1)
                    throw wrong("not in Avro's single-object encoding (it starts with C3 01 and 8 fingerprint bytes; this record starts with "
                            + hex(value, 4) + ")" + confluentHint(value));
                long found = fingerprintAt(value);
                if (found != fingerprint && !writersByFingerprint.containsKey(found))
                    throw wrong("written with another schema: its single-object fingerprint is " + Long.toHexString(found)
                            + ", the configured schema's " + Long.toHexString(fingerprint)
                            + (writersByFingerprint.isEmpty() ? "" : ", and no schema of scorestream.input.avro-writer-schemas has it"));
                return Encoding.SINGLE_OBJECT.header;
            }
            default -> {
                if (value.length < Encoding.CONFLUENT.header || value[0] != CONFLUENT_MAGIC)
                    throw wrong("not in Confluent's wire format (a zero byte and a 4-byte schema id; this record starts with " + hex(value, 4) + ")"
                            + singleObjectHint(value));
                int id = idAt(value);
                if (schemaId != ANY_ID && id != schemaId && !writersById.containsKey(id))
                    throw wrong("written with schema id " + id + "; scorestream.input.avro-schema-id is " + schemaId
                            + (writersById.isEmpty() ? "" : " and scorestream.input.avro-writer-schemas names ids " + new java.util.TreeSet<>(writersById.keySet())));
                return Encoding.CONFLUENT.header;
            }
        }
    }

    /**
     * What a datum that did not decode may have been sent as, for the dead letter's message: a
     * bare stream meeting the other envelopes says which setting reads them; "" when nothing fits.
     */
    public String hint(byte[] value) {
        if (encoding != Encoding.BARE) return encoding == Encoding.CONFLUENT ? " (schema id " + idAt(value) + ")" : "";
        String singleObject = singleObjectHint(value);
        return !singleObject.isEmpty() ? singleObject : confluentHint(value);
    }

    /** The record value of a datum: the envelope's header, then the datum. */
    public byte[] wrap(byte[] datum, int id) {
        byte[] out = new byte[encoding.header + datum.length];
        switch (encoding) {
            case BARE -> { }
            case SINGLE_OBJECT -> {
                out[0] = SINGLE_OBJECT_0;
                out[1] = SINGLE_OBJECT_1;
                for (int i = 0; i < 8; i++) out[2 + i] = (byte) (fingerprint >>> (8 * i));
            }
            default -> {
                if (id < 0) throw new IllegalArgumentException("Confluent's wire format needs a schema id (0 or more), got " + id);
                out[0] = CONFLUENT_MAGIC;
                for (int i = 0; i < 4; i++) out[1 + i] = (byte) (id >>> (24 - 8 * i));
            }
        }
        System.arraycopy(datum, 0, out, encoding.header, datum.length);
        return out;
    }

    private String singleObjectHint(byte[] value) {
        boolean header = value.length >= Encoding.SINGLE_OBJECT.header && value[0] == SINGLE_OBJECT_0 && value[1] == SINGLE_OBJECT_1;
        if (!header) return "";
        return fingerprintAt(value) == fingerprint
                ? " (it starts with Avro's single-object header of the configured schema: scorestream.input.avro-encoding = single-object reads it)"
                : " (it starts with Avro's single-object header of another schema, fingerprint " + Long.toHexString(fingerprintAt(value)) + ")";
    }

    private static String confluentHint(byte[] value) {
        if (value.length <= Encoding.CONFLUENT.header || value[0] != CONFLUENT_MAGIC) return "";
        // Registry ids are small counters; a zero byte then a huge "id" is more likely a bare datum.
        int id = idAt(value);
        return id >= 0 && id < 1 << 20
                ? " (if it was written by Confluent's serializer, with schema id " + id + ", scorestream.input.avro-encoding = confluent reads it)"
                : "";
    }

    private static long fingerprintAt(byte[] value) {
        long f = 0;
        for (int i = 0; i < 8; i++) f |= (value[2 + i] & 0xFFL) << (8 * i);
        return f;
    }

    private static int idAt(byte[] value) {
        if (value.length < Encoding.CONFLUENT.header) return -1;
        return ((value[1] & 0xFF) << 24) | ((value[2] & 0xFF) << 16) | ((value[3] & 0xFF) << 8) | (value[4] & 0xFF);
    }

    /** The first n bytes in hex ("00 00 00 07"), "nothing" for none: what a record that is no frame starts with. */
    static String hex(byte[] value, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(n, value.length); i++) out.append(i == 0 ? "" : " ").append(String.format("%02X", value[i]));
        return value.length == 0 ? "nothing" : out.toString();
    }

    private static RecordProblem wrong(String message) {
        return new RecordProblem(RecordProblem.Kind.WRONG_SCHEMA, message);
    }
}
