package io.scorestream.stream;

import io.scorestream.data.Datasets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.scorestream.stream.NamedRecordsTest.READING;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Avro feeds in the envelopes other producers write, through a real broker: Confluent's wire format
 * (a zero byte, the registry's schema id, the datum) and Avro's single-object encoding (written here
 * by Avro's own encoder). Every good record is learned once; a record in another envelope, of
 * another id or fingerprint, is a wrong-schema dead letter saying what it found.
 */
class FramedAvroStreamTest {
    @TempDir Path dir;

    private static byte[] confluent(int id, byte[] datum) {
        return ByteBuffer.allocate(5 + datum.length).put((byte) 0).putInt(id).put(datum).array();
    }

    private static byte[] singleObject(Schema schema, GenericRecord r) throws Exception {
        ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r);
        return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
    }

    private static GenericRecord reading(Schema schema, double temp, double humidity) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("device", "a");
        r.put("temp", temp);
        r.put("humidity", humidity);
        r.put("battery", 80 + (int) Math.abs(temp * 7) % 20);
        return r;
    }

    private static final Schema SCHEMA = new Schema.Parser().parse(READING);

    /** A datum as a producer wraps it. */
    private interface Envelope {
        byte[] wrap(GenericRecord record) throws Exception;
    }

    /** n readings of a 2-D mixture (seed), each wrapped. */
    private static List<byte[]> goodRecords(int n, long seed, Envelope envelope) throws Exception {
        DMatrixRMaj good = Datasets.generate("gmm", n, seed).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < good.numRows; i++) records.add(envelope.wrap(reading(SCHEMA, good.get(i, 0), good.get(i, 1))));
        return records;
    }

    private Map<String, Object> settings(String encoding, Object... more) throws Exception {
        Path schemaFile = dir.resolve("reading.avsc");
        Files.writeString(schemaFile, READING);
        Map<String, Object> s = new HashMap<>(StreamHarness.PLAN_ON_A_RESERVOIR);
        s.putAll(Map.of("scorestream.input.format", "avro", "scorestream.input.avro-schema", schemaFile.toString(),
                "scorestream.input.avro-encoding", encoding));
        for (int i = 0; i < more.length; i += 2) s.put((String) more[i], more[i + 1]);
        return s;
    }

    @Test
    void confluentRecordsOfThePinnedIdAreLearnedAndOthersDeadLettered() throws Exception {
        StreamHarness h = new StreamHarness("avro-confluent", 1, dir.resolve("snap"));
        List<byte[]> records = goodRecords(3000, 1, r -> confluent(7, NamedRecordsTest.datum(SCHEMA, r)));
        Schema schema = SCHEMA;
        byte[] datum = NamedRecordsTest.datum(schema, reading(schema, 20.0, 40.0));
        Map<Integer, String> bad = new HashMap<>();
        records.add(400, confluent(8, datum));
        bad.put(400, "wrong-schema:written with schema id 8; scorestream.input.avro-schema-id is 7");
        records.add(900, datum);
        bad.put(900, "wrong-schema:not in Confluent's wire format");
        records.add(1300, new byte[]{0, 0, 7});
        bad.put(1300, "wrong-schema:this record starts with 00 00 07)");
        records.add(1700, confluent(7, Arrays.copyOf(datum, datum.length + 2)));
        bad.put(1700, "wrong-schema:bytes left over after a Reading record: written with another schema? (schema id 7)");
        assertEquals(List.of("temp", "humidity", "battery"),
                NamedRecordsTest.assertLearnedOnceAndDeadLettered(h, settings("confluent", "scorestream.input.avro-schema-id", 7), records, 3000, bad));
    }

    @Test
    void singleObjectRecordsAreLearnedAndAnotherSchemasAreDeadLettered() throws Exception {
        StreamHarness h = new StreamHarness("avro-single-object", 1, dir.resolve("snap"));
        List<byte[]> records = goodRecords(2000, 2, r -> singleObject(SCHEMA, r));
        Schema schema = SCHEMA;
        // The same fields in another order: another fingerprint, another writer schema.
        Schema reordered = new Schema.Parser().parse("""
                {"type": "record", "name": "Reading", "namespace": "com.example.sensors", "fields": [
                  {"name": "device", "type": "string"}, {"name": "humidity", "type": ["null", "double"]},
                  {"name": "temp", "type": "double"}, {"name": "battery", "type": "int"}]}""");
        assertNotEquals(schema, reordered);
        Map<Integer, String> bad = new HashMap<>();
        records.add(700, singleObject(reordered, reading(reordered, 20.0, 40.0)));
        bad.put(700, "wrong-schema:written with another schema: its single-object fingerprint is");
        records.add(1500, confluent(3, NamedRecordsTest.datum(schema, reading(schema, 20.0, 40.0))));
        bad.put(1500, "wrong-schema:not in Avro's single-object encoding");
        NamedRecordsTest.assertLearnedOnceAndDeadLettered(h, settings("single-object"), records, 2000, bad);
    }

    @Test
    void envelopeSettingsThatCannotWorkAreRefusedAtStart() throws Exception {
        StreamHarness h = new StreamHarness("avro-envelope-conf", 1, dir.resolve("snap"));
        Map<Map<String, Object>, String> refused = Map.of(
                settings("protobuf"), "scorestream.input.avro-encoding: unknown Avro encoding 'protobuf'; choose bare, single-object or confluent",
                settings("single-object", "scorestream.input.avro-schema-id", 4),
                "scorestream.input.avro-schema-id is for avro-encoding = confluent (Confluent's wire format carries the id), not single-object",
                settings("confluent", "scorestream.input.avro-schema-id", -5), "scorestream.input.avro-schema-id must be -1 (any) or a schema registry id (0 or more), got -5",
                Map.of("scorestream.input.avro-encoding", "confluent"), "scorestream.input.avro-encoding is only for input.format = avro");
        refused.forEach((overrides, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamSettings.from(h.config(overrides)), message);
            assertEquals(message, e.getMessage());
        });
    }
}
