package io.scorestream.io;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.scorestream.testing.ProtobufTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static io.scorestream.testing.ProtobufTypes.READING;
import static io.scorestream.testing.ProtobufTypes.reading;
import static org.junit.jupiter.api.Assertions.*;

/** Protobuf messages as columns: types, paths, blocks, labels, presence, and what is refused. */
class ProtobufRecordsTest {
    @TempDir Path dir;

    private static final Descriptor SCALARS = ProtobufTypes.message("sensors.Scalars");

    private static RecordProblem problem(ProtobufRecords r, byte[] value) {
        return assertThrows(RecordProblem.class, () -> r.read(value, 0, null));
    }

    @Test
    void everyScalarTypeIsReadAsItsNumberUnsignedOnesUnsignedAndWrittenBackRounded() {
        List<String> names = List.of("i32", "i64", "u32", "u64", "s32", "s64", "f32", "f64", "sf32", "sf64", "fl", "db");
        DynamicMessage.Builder b = DynamicMessage.newBuilder(SCALARS);
        Object[] values = {-5, -6_000_000_000L, -1 /* 2^32 - 1 */, -1L /* 2^64 - 1 */, -7, -8L, -2 /* 2^32 - 2 */, 9L, -10, -11L, 1.5f, -2.25};
        for (int i = 0; i < names.size(); i++) b.setField(SCALARS.findFieldByName(names.get(i)), values[i]);
        ProtobufRecords r = new ProtobufRecords(SCALARS, List.of(), List.of());
        assertEquals(names, r.fields(), "every number by default, in the file's order");
        double[] read = r.read(b.build().toByteArray(), 0, null);
        assertArrayEquals(new double[]{-5, -6e9, 4294967295.0, 0x1p64, -7, -8, 4294967294.0, 9, -10, -11, 1.5, -2.25}, read, 0.0);

        double[] generated = {-5.4, -6e9 + 0.6, 4294967295.0, 0x1p64, -7.5, -8.2, 7.7, 9.4, -10.4, -11.6, 1.5, -2.25};
        DynamicMessage back = parse(SCALARS, r.write(generated));
        assertEquals(-5, back.getField(SCALARS.findFieldByName("i32")));
        assertEquals(-5_999_999_999L, back.getField(SCALARS.findFieldByName("i64")));
        assertEquals(-1, back.getField(SCALARS.findFieldByName("u32")), "2^32 - 1 as the uint32's bits");
        assertEquals(-1L, back.getField(SCALARS.findFieldByName("u64")), "held within the uint64");
        assertEquals(-7, back.getField(SCALARS.findFieldByName("s32")), "rounded as Math.round rounds: -7.5 to -7");
        assertEquals(8, back.getField(SCALARS.findFieldByName("f32")));
        assertEquals(-12L, back.getField(SCALARS.findFieldByName("sf64")));
        assertEquals(1.5f, back.getField(SCALARS.findFieldByName("fl")));
        assertArrayEquals(new double[]{-5, -5_999_999_999.0, 4294967295.0, 0x1p64, -7, -8, 8, 9, -10, -12, 1.5, -2.25},
                r.read(r.write(generated), 0, null), 0.0);
    }

    @Test
    void nestedFieldsRepeatedBlocksEnumsAndBoolsAreColumns() {
        ProtobufRecords r = new ProtobufRecords(READING, List.of("sensor.temp", "sensor.humidity", "kind", "ok", "embedding[0]", "embedding[1]"), List.of());
        assertEquals(List.of(List.of(), List.of(), List.of("INDOOR", "KIND_UNSPECIFIED", "OUTDOOR"), List.of("false", "true"), List.of(), List.of()), r.labels());
        double[] v = r.read(reading(21.5, 40.0, "OUTDOOR", true, 0.5f, -1f).toByteArray(), 0, null);
        assertArrayEquals(new double[]{21.5, 40.0, 2, 1, 0.5, -1}, v, 0.0, "an enum by its name's place among the sorted names");

        DynamicMessage back = parse(READING, r.write(new double[]{19.0, 35.5, 0.2, 0.7, 0.25, 3}));
        assertEquals(reading(19.0, 35.5, "INDOOR", true, 0.25f, 3f), back, "the same message type with the learned fields set");
    }

    @Test
    void theDefaultSelectionIsNumbersEnumsBoolsAndRepeatedNumbersLeavingOutMapsOneofsBytesAndStrings() {
        assertEquals(List.of("sensor.temp", "sensor.humidity", "kind", "ok", "embedding"), ProtobufRecords.defaultSelection(READING, Set.of()));
        assertEquals(List.of("sensor.temp", "sensor.humidity", "kind", "ok", "embedding", "site"), ProtobufRecords.defaultSelection(READING, Set.of("site")));
        assertTrue(ProtobufRecords.hasArray(READING, List.of("kind", "embedding")));
        assertEquals(List.of("site"), ProtobufRecords.stringFields(READING));
        assertEquals(List.of("kind", "embedding[0]", "embedding[1]", "embedding[2]"),
                ProtobufRecords.expandArrays(READING, List.of("kind", "embedding"), reading(1, 2.0, null, false, 1, 2, 3).toByteArray(), 0));
        RecordProblem empty = assertThrows(RecordProblem.class, () -> ProtobufRecords.expandArrays(READING, List.of("embedding"), reading(1, 2.0, null, false).toByteArray(), 0));
        assertEquals(RecordProblem.Kind.MISSING_FIELD, empty.kind());
        assertEquals("embedding[0]", empty.field());
    }

    @Test
    void aFieldWithPresenceLeftUnsetIsMissingAndOneWithoutReadsAsZero() {
        ProtobufRecords r = new ProtobufRecords(READING, List.of("sensor.temp", "sensor.humidity"), List.of());
        RecordProblem noHumidity = problem(r, reading(20, null, null, false).toByteArray());
        assertEquals(RecordProblem.Kind.MISSING_FIELD, noHumidity.kind());
        assertEquals("field sensor.humidity is missing (it has presence: unset is not 0)", noHumidity.getMessage());
        RecordProblem noSensor = problem(r, DynamicMessage.newBuilder(READING).setField(READING.findFieldByName("ok"), true).build().toByteArray());
        assertEquals("field sensor.temp is missing: sensor is not set", noSensor.getMessage());
        // proto3 temp has no presence: 0 is not written, and reads back as 0.
        assertArrayEquals(new double[]{0, 40}, r.read(reading(0, 40.0, null, false).toByteArray(), 0, null), 0.0);
        assertEquals(List.of("sensor.temp", "kind", "ok"), ProtobufRecords.withoutPresence(READING, List.of("sensor.temp", "sensor.humidity", "kind", "ok", "embedding")));

        Descriptor old = ProtobufTypes.message("legacy.Old");   // proto2: every optional field has presence
        assertEquals(List.of(), ProtobufRecords.withoutPresence(old, List.of("level", "count")));
        ProtobufRecords legacy = new ProtobufRecords(old, List.of(), List.of());
        RecordProblem noCount = problem(legacy, DynamicMessage.newBuilder(old).setField(old.findFieldByName("level"), 0.0).build().toByteArray());
        assertEquals("count", noCount.field());
    }

    @Test
    void badRecordsAreProblemsNamingWhatIsWrong() {
        ProtobufRecords r = new ProtobufRecords(READING, List.of("sensor.temp", "embedding[0]", "embedding[1]"), List.of());
        RecordProblem nan = problem(r, reading(Double.NaN, null, null, false, 1, 2).toByteArray());
        assertEquals(RecordProblem.Kind.NON_FINITE, nan.kind());
        assertEquals("field sensor.temp is not finite: NaN", nan.getMessage());
        assertEquals("field embedding[1] is not finite: Infinity", problem(r, reading(1, null, null, false, 1, Float.POSITIVE_INFINITY).toByteArray()).getMessage());

        RecordProblem shorter = problem(r, reading(1, null, null, false, 1).toByteArray());
        assertEquals(RecordProblem.Kind.MISSING_FIELD, shorter.kind());
        assertEquals("field embedding[1] is missing: the repeated field embedding has 1 elements, 2 learned", shorter.getMessage());
        assertEquals(RecordProblem.Kind.FIELDS_CHANGED, problem(r, reading(1, null, null, false, 1, 2, 3).toByteArray()).kind());

        byte[] whole = reading(1, 2.0, "INDOOR", true, 1, 2).toByteArray();
        RecordProblem truncated = problem(r, java.util.Arrays.copyOf(whole, whole.length - 3));
        assertEquals(RecordProblem.Kind.MALFORMED, truncated.kind());
        assertTrue(truncated.getMessage().startsWith("not a sensors.Reading message: "), truncated.getMessage());
        assertEquals(RecordProblem.Kind.MALFORMED, problem(r, new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}).kind(), "no valid tag");
        // Text that happens to parse as Protobuf ("h" is field 13 as a varint, "i" its value): a field the message does not have, and nothing else.
        RecordProblem text = problem(r, "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(RecordProblem.Kind.MALFORMED, text.kind());
        assertTrue(text.getMessage().contains("it holds only fields the message does not have"), text.getMessage());
    }

    @Test
    void aStringIsAColumnOnlyWithItsLabelsAndWritesThemBack() {
        ProtobufRecords r = new ProtobufRecords(READING, List.of("site", "sensor.temp"), List.of(List.of("north", "south"), List.of()));
        assertTrue(r.hasText());
        String[] texts = new String[2];
        DynamicMessage m = DynamicMessage.newBuilder(reading(3, null, null, false)).setField(READING.findFieldByName("site"), "south").build();
        assertArrayEquals(new double[]{0, 3}, r.read(m.toByteArray(), 0, texts), 0.0);
        assertEquals("south", texts[0]);
        assertEquals("south", parse(READING, r.write(new double[]{0.9, 3})).getField(READING.findFieldByName("site")));
    }

    @Test
    void selectionsThatCanBeNoColumnsAreRefusedNamingTheField() {
        java.util.Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("nope", "field nope is not in the Protobuf message sensors.Reading");
        refused.put("raw", "field raw of the Protobuf message is bytes, not a number, an enum, a bool or a string");
        refused.put("extra", "field extra: extra is a map, which is no column");
        refused.put("a", "field a: a is in the oneof choice, which is no column");
        refused.put("sensor", "field sensor of the Protobuf message is the message sensors.Reading.Sensor, not a number, an enum, a bool or a string");
        refused.put("kind[0]", "field kind[0]: kind of the Protobuf message is enum, not a repeated number field");
        refused.put("sensor.temp.x", "field sensor.temp.x: sensor.temp is not a message");
        refused.forEach((field, message) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> ProtobufRecords.selection(READING, List.of(field), Set.of())).getMessage()));
        assertEquals("field embedding of the Protobuf message is repeated: its elements are the columns (embedding[0], embedding[1], ...)",
                assertThrows(IllegalArgumentException.class, () -> new ProtobufRecords(READING, List.of("embedding"), List.of())).getMessage());
    }

    @Test
    void theMessageTypeComesFromADescriptorSetAndSurvivesAModel() throws Exception {
        Path desc = ProtobufTypes.writeDescriptorSet(dir);
        Descriptor reading = ProtobufRecords.descriptor(desc, "sensors.Reading");
        assertEquals(List.of(1), List.of(reading.getIndex()));
        assertEquals("sensors.Scalars.Nested", ProtobufRecords.descriptor(desc, "sensors.Scalars.Nested").getFullName());
        assertEquals(desc + ": has no message sensors.Nope (a full name, package first); its messages are "
                        + "[sensors.Other, sensors.Reading, sensors.Reading.Sensor, sensors.Scalars, sensors.Scalars.Nested, sensors.Bird, legacy.Old]",
                assertThrows(InputException.class, () -> ProtobufRecords.descriptor(desc, "sensors.Nope")).getMessage());
        Path proto = Files.writeString(dir.resolve("sensors.proto"), "syntax = \"proto3\";\nmessage Reading { double temp = 1; }\n");
        assertTrue(assertThrows(InputException.class, () -> ProtobufRecords.descriptor(proto, "Reading")).getMessage()
                .startsWith(proto + ": is not a Protobuf descriptor set"));
        assertEquals(dir.resolve("none.desc") + ": file not found",
                assertThrows(InputException.class, () -> ProtobufRecords.descriptor(dir.resolve("none.desc"), "sensors.Reading")).getMessage());

        // A model keeps the type as text; its writer writes the same messages.
        RecordSchema columns = new ProtobufRecords(reading, List.of("sensor.temp", "kind"), List.of()).columns();
        assertEquals(RecordSchema.Format.PROTOBUF, columns.format());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        columns.write(new java.io.DataOutputStream(bytes));
        RecordSchema stored = RecordSchema.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(columns, stored);
        byte[] written = new RecordWriter(stored).write(new double[]{12.5, 2});
        assertEquals(reading(12.5, null, "OUTDOOR", false), parse(READING, written));
    }

    private static DynamicMessage parse(Descriptor type, byte[] bytes) {
        try {
            return DynamicMessage.parseFrom(type, bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
