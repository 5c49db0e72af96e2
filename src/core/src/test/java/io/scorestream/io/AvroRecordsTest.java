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

    private static byte[] bytes(GenericRecord datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(datum.getSchema()).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
