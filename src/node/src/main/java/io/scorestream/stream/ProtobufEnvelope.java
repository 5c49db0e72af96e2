package io.scorestream.stream;

import com.google.protobuf.Descriptors.Descriptor;
import io.scorestream.io.RecordProblem;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What comes before the Protobuf message in one Kafka record value: nothing (bare), or Confluent's
 * wire format as {@code KafkaProtobufSerializer} writes it: a zero "magic" byte, the schema
 * registry's id as a 4-byte big-endian int, then the <i>message indexes</i>, the message type's
 * place in its .proto file (a zigzag varint count, then that many zigzag varint indexes: [0] is the
 * file's first message, [1, 0] the first message nested in its second; the single byte 0 stands for
 * [0]), then the message.
 *
 * <p>Checked against the configured message, never used to fetch another: a record of another
 * message type (other indexes) or, when {@code protobuf-schema-id} pins one, of another id, is a
 * {@code wrong-schema} dead letter naming both. No schema registry is asked.
 */
public final class ProtobufEnvelope {
    public enum Encoding {
        BARE, CONFLUENT;

        /** The configuration's spelling: bare, confluent. */
        public String configName() { return name().toLowerCase(Locale.ROOT); }

        /** From the configuration's (or an option's) spelling; another one is an IllegalArgumentException listing them. */
        public static Encoding parse(String value) {
            for (Encoding e : values()) if (e.configName().equals(value.trim().toLowerCase(Locale.ROOT))) return e;
            throw new IllegalArgumentException("unknown Protobuf encoding '" + value + "'; choose bare or confluent");
        }
    }

    private static final int HEADER = 5;   // magic byte and schema id, before the indexes
    private static final int MAX_DEPTH = 100;   // Protobuf's own nesting limit: more indexes is no frame

    private final Encoding encoding;
    private final Descriptor message;
    private final List<Integer> indexes;   // the configured message's place in its file
    private final int schemaId;             // CONFLUENT: the id records must carry, or AvroEnvelope.ANY_ID

    public ProtobufEnvelope(Encoding encoding, Descriptor message, int schemaId) {
        if (schemaId < AvroEnvelope.ANY_ID) throw new IllegalArgumentException("a schema id is 0 or more, got " + schemaId);
        if (schemaId != AvroEnvelope.ANY_ID && encoding != Encoding.CONFLUENT)
            throw new IllegalArgumentException("a schema id is for the confluent encoding, not " + encoding.configName());
        this.encoding = encoding;
        this.message = message;
        this.indexes = indexesOf(message);
        this.schemaId = schemaId;
    }

    public Encoding encoding() { return encoding; }

    public Descriptor message() { return message; }

    /** The message's place in its file: its index among its parent's messages, from the file's top down. */
    static List<Integer> indexesOf(Descriptor message) {
        List<Integer> out = new ArrayList<>();
        for (Descriptor d = message; d != null; d = d.getContainingType()) out.add(0, d.getIndex());
        return List.copyOf(out);
    }

    /**
     * Where the message starts in the record value; a frame that is missing, cut short, of another
     * message type or (pinned) of another schema id is a {@link RecordProblem} ({@code WRONG_SCHEMA}).
     */
    public int messageStart(byte[] value) {
        if (encoding == Encoding.BARE) return 0;
        if (value.length < HEADER + 1 || value[0] != 0)
            throw wrong("not in Confluent's wire format (a zero byte, a 4-byte schema id, the message indexes; this record starts with " + AvroEnvelope.hex(value, 4) + ")");
        int id = ((value[1] & 0xFF) << 24) | ((value[2] & 0xFF) << 16) | ((value[3] & 0xFF) << 8) | (value[4] & 0xFF);
        if (schemaId != AvroEnvelope.ANY_ID && id != schemaId)
            throw wrong("written with schema id " + id + "; scorestream.input.protobuf-schema-id is " + schemaId);
        int[] at = {HEADER};
        int count = zigzag(value, at);
        List<Integer> found = new ArrayList<>();
        if (count == 0) found.add(0);   // the shortcut for the file's first message
        if (count < 0 || count > MAX_DEPTH) throw wrong("its Confluent message indexes are no list (a count of " + count + ")");
        for (int i = 0; i < count; i++) found.add(zigzag(value, at));
        if (!found.equals(indexes))
            throw wrong("written for message " + found + " of its .proto file" + nameOf(found) + ", not the configured "
                    + message.getFullName() + " " + indexes + " (schema id " + id + ")");
        return at[0];
    }

    /** The record value of a message: the frame (schemaId for Confluent's), then the message. */
    public byte[] wrap(byte[] bytes, int id) {
        if (encoding == Encoding.BARE) return bytes;
        if (id < 0) throw new IllegalArgumentException("Confluent's wire format needs a schema id (0 or more), got " + id);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8);
        out.write(0);
        for (int i = 0; i < 4; i++) out.write(id >>> (24 - 8 * i));
        if (indexes.equals(List.of(0))) {
            out.write(0);   // the serializer's own shortcut
        } else {
            writeZigzag(out, indexes.size());
            for (int index : indexes) writeZigzag(out, index);
        }
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    /** " (sensors.Other)" when the indexes name a message of the configured message's file, else "". */
    private String nameOf(List<Integer> found) {
        List<Descriptor> level = message.getFile().getMessageTypes();
        Descriptor d = null;
        for (int index : found) {
            if (index < 0 || index >= level.size()) return "";
            d = level.get(index);
            level = d.getNestedTypes();
        }
        return d == null ? "" : " (" + d.getFullName() + ")";
    }

    /** A zigzag varint at at[0], which moves past it; one cut short or longer than an int's is no frame. */
    private static int zigzag(byte[] value, int[] at) {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at[0] >= value.length) throw wrong("its Confluent message indexes are cut short");
            byte b = value[at[0]++];
            raw |= (b & 0x7F) << shift;
            if (b >= 0) return (raw >>> 1) ^ -(raw & 1);
        }
        throw wrong("its Confluent message indexes hold a varint longer than an int's");
    }

    private static void writeZigzag(ByteArrayOutputStream out, int v) {
        int raw = (v << 1) ^ (v >> 31);
        while ((raw & ~0x7F) != 0) {
            out.write((raw & 0x7F) | 0x80);
            raw >>>= 7;
        }
        out.write(raw);
    }

    private static RecordProblem wrong(String message) {
        return new RecordProblem(RecordProblem.Kind.WRONG_SCHEMA, message);
    }
}
