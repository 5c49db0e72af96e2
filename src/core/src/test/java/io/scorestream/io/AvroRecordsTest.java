package io.scorestream.io;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Avro data of a flat numeric record (an embedding's schema) are read without the generic reader;
 * the values and the problems must be the generic reader's.
 */
class AvroRecordsTest {
    private static final Schema FLAT = AvroRecords.parseSchema("""
            {"type": "record", "name": "Reading", "fields": [
              {"name": "count", "type": "int"}, {"name": "ticks", "type": "long"},
              {"name": "level", "type": "float"}, {"name": "x", "type": "double"}, {"name": "y", "type": "double"}]}""");

    @Test
    void aFlatRecordReadsTheValuesTheGenericReaderGives() throws IOException {
        Random random = new Random(3);
        for (List<String> selection : List.of(List.<String>of(), List.of("y", "count", "level"), List.of("ticks"))) {
            AvroRecords records = new AvroRecords(FLAT, selection);
            for (int i = 0; i < 200; i++) {
                GenericRecord datum = new GenericData.Record(FLAT);
                datum.put("count", random.nextInt());
                datum.put("ticks", random.nextLong());
                datum.put("level", (float) random.nextGaussian() * (i % 7 == 0 ? 1e30f : 1f));
                datum.put("x", random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
                datum.put("y", i == 0 ? -0.0 : random.nextDouble());
                byte[] bytes = bytes(datum);
                GenericRecord generic = new GenericDatumReader<GenericRecord>(FLAT).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
                double[] expected = records.fields().stream().mapToDouble(f -> ((Number) generic.get(f)).doubleValue()).toArray();
                double[] read = records.read(bytes);
                assertArrayEquals(expected, read, selection + " #" + i);
                for (int j = 0; j < read.length; j++)   // bit for bit, -0.0 included
                    assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(read[j]), selection + " #" + i);
            }
        }
    }

    @Test
    void aFlatRecordsProblemsAreTheRecordsOwn() throws IOException {
        AvroRecords records = new AvroRecords(FLAT, List.of("x", "y"));
        GenericRecord datum = new GenericData.Record(FLAT);
        datum.put("count", 1);
        datum.put("ticks", 2L);
        datum.put("level", 3f);
        datum.put("x", 4.0);
        datum.put("y", Double.NaN);
        RecordProblem nan = assertThrows(RecordProblem.class, () -> records.read(bytes(datum)));
        assertEquals(RecordProblem.Kind.NON_FINITE, nan.kind());
        assertEquals("field y is not finite: NaN", nan.getMessage());

        datum.put("y", 5.0);
        byte[] good = bytes(datum);
        assertArrayEquals(new double[]{4, 5}, records.read(good));
        RecordProblem cut = assertThrows(RecordProblem.class, () -> records.read(Arrays.copyOf(good, good.length - 3)));
        assertEquals(RecordProblem.Kind.WRONG_SCHEMA, cut.kind());
        assertTrue(cut.getMessage().startsWith("not a Reading record of the configured schema (EOFException"), cut.getMessage());
        RecordProblem longer = assertThrows(RecordProblem.class, () -> records.read(Arrays.copyOf(good, good.length + 1)));
        assertEquals(RecordProblem.Kind.WRONG_SCHEMA, longer.kind());
        assertTrue(longer.getMessage().startsWith("bytes left over after a Reading record"), longer.getMessage());
        assertArrayEquals(new double[]{4, 5}, records.read(good), "a bad record leaves the reader as it was");
    }

    private static final Schema EMBEDDING = AvroRecords.parseSchema("""
            {"type": "record", "name": "Embedded", "fields": [
              {"name": "id", "type": "string"},
              {"name": "embedding", "type": {"type": "array", "items": "float"}},
              {"name": "score", "type": "double"}]}""");

    private static GenericRecord embedded(String id, List<Float> embedding, double score) {
        GenericRecord datum = new GenericData.Record(EMBEDDING);
        datum.put("id", id);
        datum.put("embedding", embedding == null ? null : new GenericData.Array<>(EMBEDDING.getField("embedding").schema(), embedding));
        datum.put("score", score);
        return datum;
    }

    @Test
    void anArrayOfNumbersIsABlockOfColumnsAsLongAsInTheFirstRecord() throws IOException {
        GenericRecord first = embedded("a", List.of(0.1f, -2.5f, 3e-7f, 1e20f), 0.75);
        List<String> columns = List.of("embedding[0]", "embedding[1]", "embedding[2]", "embedding[3]", "score");
        assertEquals(columns, AvroRecords.expandArrays(EMBEDDING, List.of(), first));
        assertEquals(List.of("score", "embedding[0]", "embedding[1]", "embedding[2]", "embedding[3]"),
                AvroRecords.expandArrays(EMBEDDING, List.of("score", "embedding"), first));
        IllegalArgumentException unlearned = assertThrows(IllegalArgumentException.class, () -> new AvroRecords(EMBEDDING, List.of()));
        assertTrue(unlearned.getMessage().contains("field embedding is an array"), unlearned.getMessage());

        AvroRecords records = new AvroRecords(EMBEDDING, columns);
        assertArrayEquals(new double[]{0.1f, -2.5f, 3e-7f, 1e20f, 0.75}, records.read(bytes(first)));   // the floats Avro gives, widened exactly

        // Written back: the array whole, of the schema's element type, and read again the same.
        Schema written = records.writtenSchema();
        assertEquals(List.of("embedding", "score"), written.getFields().stream().map(Schema.Field::name).toList());
        assertEquals(Schema.createArray(Schema.create(Schema.Type.FLOAT)), written.getField("embedding").schema());
        double[] values = {1.5, -0.25, 2.0 / 3, 4, 9.5};
        byte[] datum = records.write(values);
        GenericRecord back = new GenericDatumReader<GenericRecord>(written).read(null, DecoderFactory.get().binaryDecoder(datum, null));
        assertEquals(List.of(1.5f, -0.25f, (float) (2.0 / 3), 4f), back.get("embedding"));
        assertEquals(9.5, back.get("score"));
        AvroRecords rereader = new AvroRecords(written, AvroRecords.expandArrays(written, List.of(), back));
        assertEquals(columns, rereader.fields());
        assertArrayEquals(new double[]{1.5, -0.25, (float) (2.0 / 3), 4, 9.5}, rereader.read(datum));
    }

    @Test
    void anArrayOfAnotherLengthOrWithANullElementIsAProblemNamingTheElement() throws IOException {
        Schema nullable = AvroRecords.parseSchema("""
                {"type": "record", "name": "Embedded", "fields": [
                  {"name": "embedding", "type": ["null", {"type": "array", "items": ["null", "double"]}]}, {"name": "score", "type": "double"}]}""");
        GenericRecord first = new GenericData.Record(nullable);
        first.put("embedding", Arrays.asList(1.0, 2.0, 3.0));
        first.put("score", 0.5);
        AvroRecords records = new AvroRecords(nullable, AvroRecords.expandArrays(nullable, List.of(), first));
        assertEquals(List.of("embedding[0]", "embedding[1]", "embedding[2]", "score"), records.fields());
        assertArrayEquals(new double[]{1, 2, 3, 0.5}, records.read(bytes(first)));

        first.put("embedding", Arrays.asList(1.0, 2.0));
        RecordProblem shorter = assertThrows(RecordProblem.class, () -> records.read(bytes(first)));
        assertEquals(RecordProblem.Kind.MISSING_FIELD, shorter.kind());
        assertEquals("embedding[2]", shorter.field());
        assertEquals("field embedding[2] is missing: the array embedding has 2 elements, 3 learned", shorter.getMessage());

        first.put("embedding", Arrays.asList(1.0, 2.0, 3.0, 4.0));
        RecordProblem longer = assertThrows(RecordProblem.class, () -> records.read(bytes(first)));
        assertEquals(RecordProblem.Kind.FIELDS_CHANGED, longer.kind());
        assertEquals("embedding[3]", longer.field());
        assertTrue(longer.getMessage().startsWith("field embedding[3] is not among the stream's columns"), longer.getMessage());

        first.put("embedding", Arrays.asList(1.0, null, 3.0));
        RecordProblem nullElement = assertThrows(RecordProblem.class, () -> records.read(bytes(first)));
        assertEquals(RecordProblem.Kind.NULL_FIELD, nullElement.kind());
        assertEquals("embedding[1]", nullElement.field());

        first.put("embedding", null);
        RecordProblem nullArray = assertThrows(RecordProblem.class, () -> records.read(bytes(first)));
        assertEquals(RecordProblem.Kind.NULL_FIELD, nullArray.kind());
        assertEquals("embedding[0]", nullArray.field());

        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> new AvroRecords(nullable, List.of("embedding[0]", "embedding[2]")));
        assertTrue(gap.getMessage().contains("has no element embedding[1]"), gap.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> AvroRecords.expandArrays(nullable, List.of(), first));
        assertEquals("the array embedding is null in the first record: its length (the number of columns) is learned from it", empty.getMessage());
    }

    @Test
    void aStreamLearnsTheLengthFromADatumAndASelectionIsCheckedByNameBeforeAnyRecord() throws IOException {
        assertEquals(List.of("embedding", "score"), AvroRecords.selection(EMBEDDING, List.of()));
        assertEquals(List.of("score", "embedding"), AvroRecords.selection(EMBEDDING, List.of("score", "embedding")));
        assertTrue(AvroRecords.hasArray(EMBEDDING, List.of("embedding", "score")));
        assertFalse(AvroRecords.hasArray(EMBEDDING, List.of("embedding[0]", "score")));
        assertEquals("field nope is not in the Avro schema Embedded",
                assertThrows(IllegalArgumentException.class, () -> AvroRecords.selection(EMBEDDING, List.of("nope"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AvroRecords.selection(EMBEDDING, List.of("embedding[1]"))).getMessage()
                .startsWith("the array embedding has no element embedding[0] among the fields"));

        byte[] datum = bytes(embedded("a", List.of(1f, 2f), 0.5));
        assertEquals(List.of("embedding[0]", "embedding[1]", "score"), AvroRecords.expandArrays(EMBEDDING, List.of(), datum));
        RecordProblem empty = assertThrows(RecordProblem.class, () -> AvroRecords.expandArrays(EMBEDDING, List.of(), bytes(embedded("b", List.of(), 0.5))));
        assertEquals(RecordProblem.Kind.MISSING_FIELD, empty.kind());
        assertEquals("field embedding[0] is missing: the array embedding is empty", empty.getMessage());
        RecordProblem other = assertThrows(RecordProblem.class, () -> AvroRecords.expandArrays(EMBEDDING, List.of(), new byte[]{2, 'x'}));
        assertEquals(RecordProblem.Kind.WRONG_SCHEMA, other.kind());
    }

    private static byte[] bytes(GenericRecord datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(datum.getSchema()).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
