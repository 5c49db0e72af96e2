package io.scorestream.stream;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.scorestream.io.RecordSchema;
import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import io.scorestream.testing.NodeConfig;
import io.scorestream.testing.ProtobufTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.scorestream.testing.ProtobufTypes.READING;
import static io.scorestream.testing.ProtobufTypes.reading;
import static org.junit.jupiter.api.Assertions.*;

/** Protobuf records through the codec: Confluent's frame and its message indexes, dead letters, columns, settings. */
class ProtobufCodecTest {
    @TempDir Path dir;

    private static final Descriptor OTHER = ProtobufTypes.message("sensors.Other"), NESTED = ProtobufTypes.message("sensors.Scalars.Nested");

    private static RecordCodec codec(ProtobufEnvelope.Encoding encoding, Descriptor type, int id, List<String> fields) {
        return new RecordCodec(-1, 1 << 20, fields, Map.of(), new ProtobufEnvelope(encoding, type, id));
    }

    private static RecordCodec confluent(Descriptor type, List<String> fields) {
        return codec(ProtobufEnvelope.Encoding.CONFLUENT, type, -1, fields);
    }

    private static byte[] concat(int[] frame, byte[] message) {
        byte[] out = Arrays.copyOf(new byte[0], frame.length + message.length);
        for (int i = 0; i < frame.length; i++) out[i] = (byte) frame[i];
        System.arraycopy(message, 0, out, frame.length, message.length);
        return out;
    }

    private static Bad bad(RecordCodec codec, byte[] value, Reason reason) {
        Bad b = assertInstanceOf(Bad.class, codec.decode(value));
        assertEquals(reason, b.reason(), b.message());
        return b;
    }

    private static DynamicMessage other(double x) {
        return DynamicMessage.newBuilder(OTHER).setField(OTHER.findFieldByName("x"), x).build();
    }

    @Test
    void confluentsFrameIsReadWithTheShortcutOrTheIndexListAndWrittenAsItsSerializerDoes() {
        byte[] x = other(2.5).toByteArray();
        RecordCodec first = confluent(OTHER, List.of());
        // [0], the file's first message: the single byte 0 (the serializer's shortcut), or the list itself (count 1, index 0).
        assertArrayEquals(new double[]{2.5}, assertInstanceOf(Good.class, first.decode(concat(new int[]{0, 0, 0, 0, 7, 0}, x))).vector(), 0.0);
        assertArrayEquals(new double[]{2.5}, assertInstanceOf(Good.class, first.decode(concat(new int[]{0, 0, 0, 0, 7, 2, 0}, x))).vector(), 0.0);
        assertArrayEquals(concat(new int[]{0, 0, 0, 1, 2, 0}, x), new ProtobufEnvelope(ProtobufEnvelope.Encoding.CONFLUENT, OTHER, -1).wrap(x, 258));

        // Reading is [1]: zigzag count 1 = 2, zigzag 1 = 2. Scalars.Nested is [2, 0]: count 2 = 4, 2 = 4, 0 = 0.
        byte[] r = reading(20, 40.0, null, false).toByteArray();
        assertArrayEquals(concat(new int[]{0, 0, 0, 0, 7, 2, 2}, r), new ProtobufEnvelope(ProtobufEnvelope.Encoding.CONFLUENT, READING, -1).wrap(r, 7));
        byte[] v = DynamicMessage.newBuilder(NESTED).setField(NESTED.findFieldByName("v"), 1.25).build().toByteArray();
        assertArrayEquals(new double[]{1.25}, assertInstanceOf(Good.class, confluent(NESTED, List.of()).decode(concat(new int[]{0, 0, 0, 0, 7, 4, 4, 0}, v))).vector(), 0.0);

        RecordCodec readings = confluent(READING, List.of("sensor.temp", "sensor.humidity"));
        assertArrayEquals(new double[]{20, 40}, assertInstanceOf(Good.class, readings.decode(concat(new int[]{0, 0, 0, 0, 7, 2, 2}, r))).vector(), 0.0);
        Bad wrongType = bad(readings, concat(new int[]{0, 0, 0, 0, 7, 0}, x), Reason.WRONG_SCHEMA);
        assertEquals("written for message [0] of its .proto file (sensors.Other), not the configured sensors.Reading [1] (schema id 7)", wrongType.message());
        assertTrue(bad(readings, concat(new int[]{0, 0, 0, 0, 7, 4, 2, 0}, r), Reason.WRONG_SCHEMA).message().startsWith("written for message [1, 0] of its .proto file (sensors.Reading.Sensor)"));
        assertEquals("not in Confluent's wire format (a zero byte, a 4-byte schema id, the message indexes; this record starts with 0A 12 09 00)",
                bad(readings, r, Reason.WRONG_SCHEMA).message());
        assertEquals("its Confluent message indexes are cut short", bad(readings, new byte[]{0, 0, 0, 0, 7, 2}, Reason.WRONG_SCHEMA).message());
        assertEquals("its Confluent message indexes are no list (a count of -1)", bad(readings, new byte[]{0, 0, 0, 0, 7, 1, 2}, Reason.WRONG_SCHEMA).message());

        RecordCodec pinned = codec(ProtobufEnvelope.Encoding.CONFLUENT, READING, 7, List.of("sensor.temp"));
        assertInstanceOf(Good.class, pinned.decode(concat(new int[]{0, 0, 0, 0, 7, 2, 2}, r)));
        assertEquals("written with schema id 8; scorestream.input.protobuf-schema-id is 7",
                bad(pinned, concat(new int[]{0, 0, 0, 0, 8, 2, 2}, r), Reason.WRONG_SCHEMA).message());
    }

    @Test
    void badMessagesAreDeadLettersWithTheirReasonAndField() {
        RecordCodec codec = codec(ProtobufEnvelope.Encoding.BARE, READING, -1, List.of("sensor.temp", "sensor.humidity", "kind"));
        assertEquals("field sensor.temp is not finite: NaN", bad(codec, reading(Double.NaN, 1.0, null, false).toByteArray(), Reason.NON_FINITE).message());
        assertEquals("field sensor.humidity is not finite: -Infinity",
                bad(codec, reading(1, Double.NEGATIVE_INFINITY, null, false).toByteArray(), Reason.NON_FINITE).message());
        assertEquals("field sensor.humidity is missing (it has presence: unset is not 0)", bad(codec, reading(1, null, "INDOOR", false).toByteArray(), Reason.MISSING_FIELD).message());
        byte[] whole = reading(1, 2.0, "INDOOR", false).toByteArray();
        assertTrue(bad(codec, Arrays.copyOf(whole, 6), Reason.MALFORMED).message().startsWith("not a sensors.Reading message: "));
        bad(codec, new byte[]{(byte) 0xFF, 1, 2}, Reason.MALFORMED);
        bad(codec, new byte[0], Reason.EMPTY);
        // proto3 temp and kind have no presence: unset, they read as 0 and as the enum's 0 value.
        Good zeros = assertInstanceOf(Good.class, codec.decode(reading(0, 5.0, null, false).toByteArray()));
        assertArrayEquals(new double[]{0, 5, 1 /* KIND_UNSPECIFIED among INDOOR, KIND_UNSPECIFIED, OUTDOOR */}, zeros.vector(), 0.0);
        // An enum number the configured enum does not have (a newer writer's value): not one of its labels.
        byte[] unknownKind = {0x10, 0x09, 0x0A, 0x09, 0x09, 0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F};   // kind = 9, sensor { temp = 1.0 }
        assertTrue(bad(codec(ProtobufEnvelope.Encoding.BARE, READING, -1, List.of("kind")), unknownKind, Reason.WRONG_SCHEMA).message().startsWith("field kind holds enum number 9, none of sensors.Kind's values"));
    }

    @Test
    void aRepeatedFieldsLengthIsLearnedThenAnotherLengthIsADeadLetter() {
        RecordCodec codec = codec(ProtobufEnvelope.Encoding.BARE, READING, -1, List.of("sensor.temp", "embedding"));
        Good first = assertInstanceOf(Good.class, codec.decode(reading(1, null, null, false, 1, 2, 3).toByteArray()));
        assertTrue(first.provisional());
        assertEquals(List.of("sensor.temp", "embedding[0]", "embedding[1]", "embedding[2]"), first.fields());
        assertFalse(codec.named());
        codec.learnColumns(first.fields());
        assertEquals(4, codec.dimension());
        assertEquals(RecordSchema.Format.PROTOBUF, codec.columns().format());
        assertEquals("field embedding[2] is missing: the repeated field embedding has 2 elements, 3 learned",
                bad(codec, reading(1, null, null, false, 1, 2).toByteArray(), Reason.MISSING_FIELD).message());
        bad(codec, reading(1, null, null, false, 1, 2, 3, 4).toByteArray(), Reason.FIELDS_CHANGED);
        bad(codec, reading(1, null, null, false).toByteArray(), Reason.MISSING_FIELD);
    }

    @Test
    void enumsAndBoolsAreLabelColumnsAndEncodeWritesTheMessageBack() throws Exception {
        RecordCodec codec = codec(ProtobufEnvelope.Encoding.BARE, READING, -1, List.of());
        // The default: the numbers, the enum and the bool (the repeated embedding is learned from the records).
        Good g = assertInstanceOf(Good.class, codec.decode(reading(21, 30.0, "OUTDOOR", true, 7).toByteArray()));
        codec.learnColumns(g.fields());
        RecordSchema columns = codec.columns();
        assertEquals(List.of("sensor.temp", "sensor.humidity", "kind", "ok", "embedding[0]"), columns.names());
        assertEquals(List.of("INDOOR", "KIND_UNSPECIFIED", "OUTDOOR"), columns.labelsOf(2));
        assertEquals(List.of("false", "true"), columns.labelsOf(3));
        byte[] out = codec.encode(new double[]{18.4, 33.0, 0.1, 0.0, 2.5});
        assertEquals(reading(18.4, 33.0, "INDOOR", false, 2.5f), DynamicMessage.parseFrom(READING, out));
        assertArrayEquals(new double[]{18.4, 33.0, 0, 0, 2.5}, assertInstanceOf(Good.class, codec.decode(out)).vector(), 0.0);
    }

    @Test
    void aModelOfAnotherMessageTypeOrFormatIsRefusedAndItsOwnIsAdopted() {
        RecordCodec codec = codec(ProtobufEnvelope.Encoding.BARE, OTHER, -1, List.of());
        RecordSchema same = codec.columns();
        codec.adoptColumns(same);
        RecordSchema otherType = new RecordSchema(RecordSchema.Format.PROTOBUF, List.of("x"),
                io.scorestream.io.ProtobufRecords.schemaText(NESTED), List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> codec.adoptColumns(otherType));
        assertEquals("the records are protobuf sensors.Other but the stream's model was learned from protobuf sensors.Scalars.Nested [x] "
                + "(from its snapshot or the first records it accepted): fix scorestream.input (format, protobuf-message) or clear the state", e.getMessage());
        assertThrows(IllegalStateException.class, () -> codec.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, List.of("x"))));
        RecordCodec json = new RecordCodec(RecordCodec.Format.JSON, -1, 1 << 20, List.of("x"), null);
        assertTrue(assertThrows(IllegalStateException.class, () -> json.adoptColumns(same)).getMessage()
                .startsWith("the records are json but the stream's model was learned from protobuf sensors.Other [x]"));
    }

    private StreamSettings settings(Map<String, Object> overrides) {
        Map<String, Object> m = NodeConfig.base("localhost:9", "s", "d", "g", "m", dir.resolve("snap"));
        m.putAll(overrides);
        return StreamSettings.from(NodeConfig.of(m));
    }

    @Test
    void settingsThatCannotWorkAreOneLineAtStart() throws Exception {
        String desc = ProtobufTypes.writeDescriptorSet(dir).toString();
        Path text = Files.writeString(dir.resolve("sensors.proto"), "syntax = \"proto3\";\n");
        Map<String, Object> proto = Map.of("scorestream.input.format", "protobuf", "scorestream.input.protobuf-descriptor", desc,
                "scorestream.input.protobuf-message", "sensors.Reading");
        StreamSettings good = settings(with(proto, "scorestream.input.protobuf-encoding", "confluent", "scorestream.input.protobuf-schema-id", 7));
        assertEquals("protobuf fields without presence (proto3, not optional) read as 0 when a record leaves them unset, "
                + "so a missing value cannot be told from a sent 0: [sensor.temp, kind, ok]", good.presenceNotice());
        assertNull(settings(with(proto, "scorestream.input.fields", List.of("sensor.humidity"))).presenceNotice());

        Map<Map<String, Object>, String> refused = new LinkedHashMap<>();
        refused.put(Map.of("scorestream.input.format", "protobuf"),
                "scorestream.input.protobuf-descriptor must name the descriptor set file (protoc --include_imports --descriptor_set_out=FILE) when input.format = protobuf");
        refused.put(with(proto, "scorestream.input.protobuf-message", ""),
                "scorestream.input.protobuf-message must name the records' message type (its full name, e.g. sensors.Reading) when input.format = protobuf");
        refused.put(with(proto, "scorestream.input.protobuf-descriptor", dir.resolve("none.desc").toString()),
                "scorestream.input.protobuf-descriptor: " + dir.resolve("none.desc") + ": file not found");
        refused.put(with(proto, "scorestream.input.protobuf-message", "Reading"),
                "scorestream.input.protobuf-descriptor: " + desc + ": has no message Reading (a full name, package first); its messages are "
                        + "[sensors.Other, sensors.Reading, sensors.Reading.Sensor, sensors.Scalars, sensors.Scalars.Nested, sensors.Bird, legacy.Old]");
        refused.put(with(proto, "scorestream.input.fields", List.of("sensor.pressure")),
                "scorestream.input: field sensor.pressure is not in the Protobuf message sensors.Reading");
        refused.put(with(proto, "scorestream.input.fields", List.of("extra")), "scorestream.input: field extra: extra is a map, which is no column");
        refused.put(with(proto, "scorestream.input.fields", List.of("site")),
                "scorestream.input: field site of the Protobuf message sensors.Reading is a string: give its labels in scorestream.input.labels");
        refused.put(with(proto, "scorestream.input.protobuf-encoding", "single-object"),
                "scorestream.input.protobuf-encoding: unknown Protobuf encoding 'single-object'; choose bare or confluent");
        refused.put(with(proto, "scorestream.input.protobuf-schema-id", 3),
                "scorestream.input.protobuf-schema-id is for protobuf-encoding = confluent (Confluent's wire format carries the id), not bare");
        refused.put(Map.of("scorestream.input.protobuf-message", "sensors.Reading"), "scorestream.input.protobuf-* settings are only for input.format = protobuf");
        refused.forEach((overrides, message) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> settings(overrides), message).getMessage()));
        String notASet = assertThrows(IllegalArgumentException.class,
                () -> settings(with(proto, "scorestream.input.protobuf-descriptor", text.toString()))).getMessage();
        assertTrue(notASet.startsWith("scorestream.input.protobuf-descriptor: " + text + ": is not a Protobuf descriptor set"), notASet);
        assertFalse(notASet.contains("\n"), notASet);
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... more) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (int i = 0; i < more.length; i += 2) out.put((String) more[i], more[i + 1]);
        return out;
    }
}
