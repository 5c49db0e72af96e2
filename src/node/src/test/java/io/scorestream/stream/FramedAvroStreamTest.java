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

    /** An older version of the schema: temp a float (promoted to double), battery's place, and a field the reader no longer has. */
    static final Schema V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "namespace": "com.example.sensors", "fields": [
              {"name": "device", "type": "string"}, {"name": "firmware", "type": "string"},
              {"name": "battery", "type": "int"}, {"name": "temp", "type": "float"},
              {"name": "humidity", "type": ["null", "double"]}]}""");
    /** A newer version: a field the reader does not know yet, which resolution skips. */
    static final Schema V3 = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "namespace": "com.example.sensors", "fields": [
              {"name": "device", "type": "string"}, {"name": "temp", "type": "double"},
              {"name": "humidity", "type": ["null", "double"]}, {"name": "pressure", "type": "double", "default": 1013.0},
              {"name": "battery", "type": "int"}]}""");
    /** A version the reader cannot resolve: battery, which the reader needs and has no default for, is missing. */
    static final Schema NO_BATTERY = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "namespace": "com.example.sensors", "fields": [
              {"name": "device", "type": "string"}, {"name": "temp", "type": "double"}, {"name": "humidity", "type": ["null", "double"]}]}""");

    static GenericRecord version(Schema schema, double temp, double humidity) {
        GenericRecord r = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            switch (f.name()) {
                case "device" -> r.put("device", "a");
                case "firmware" -> r.put("firmware", "1.0.3");
                case "temp" -> r.put("temp", f.schema().getType() == Schema.Type.FLOAT ? (Object) (float) temp : (Object) temp);
                case "humidity" -> r.put("humidity", humidity);
                case "pressure" -> r.put("pressure", 990 + temp);
                case "battery" -> r.put("battery", 80 + (int) Math.abs(temp * 7) % 20);
                default -> throw new IllegalArgumentException(f.name());
            }
        }
        return r;
    }

    private Path schemaFile(String name, Schema schema) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, schema.toString(true));
        return file;
    }

    /**
     * A feed whose producers moved through three versions of the schema: every version the
     * configuration names is read and resolved to the configured one (each of the 3 000 records
     * learned once); a version it does not name is a dead letter saying so.
     */
    @Test
    void recordsOfEveryNamedSchemaVersionAreResolvedAndLearnedOnce() throws Exception {
        StreamHarness h = new StreamHarness("avro-versions", 1, dir.resolve("snap"));
        DMatrixRMaj good = Datasets.generate("gmm", 3000, 3).samples();
        Schema[] versions = {V1, SCHEMA, V3};
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < good.numRows; i++) {
            Schema v = versions[i * 3 / good.numRows];   // a thousand records of each version, oldest first
            records.add(singleObject(v, version(v, good.get(i, 0), good.get(i, 1))));
        }
        Map<Integer, String> bad = new HashMap<>();
        records.add(2500, singleObject(NO_BATTERY, version(NO_BATTERY, 20.0, 40.0)));
        bad.put(2500, "wrong-schema:written with another schema: its single-object fingerprint is");
        String writers = schemaFile("v1.avsc", V1) + "," + schemaFile("v3.avsc", V3);
        assertEquals(List.of("temp", "humidity", "battery"), NamedRecordsTest.assertLearnedOnceAndDeadLettered(h,
                settings("single-object", "scorestream.input.avro-writer-schemas", List.of(writers.split(","))), records, 3000, bad));
    }

    @Test
    void envelopeSettingsThatCannotWorkAreRefusedAtStart() throws Exception {
        StreamHarness h = new StreamHarness("avro-envelope-conf", 1, dir.resolve("snap"));
        String v1 = schemaFile("v1.avsc", V1).toString(), v3 = schemaFile("v3.avsc", V3).toString();
        String noBattery = schemaFile("no-battery.avsc", NO_BATTERY).toString(), missing = dir.resolve("v9.avsc").toString();
        Map<Map<String, Object>, String> refused = new java.util.LinkedHashMap<>();
        refused.put(settings("protobuf"),
                "scorestream.input.avro-encoding: unknown Avro encoding 'protobuf'; choose bare, single-object or confluent");
        refused.put(settings("single-object", "scorestream.input.avro-schema-id", 4),
                "scorestream.input.avro-schema-id is for avro-encoding = confluent (Confluent's wire format carries the id), not single-object");
        refused.put(settings("confluent", "scorestream.input.avro-schema-id", -5),
                "scorestream.input.avro-schema-id must be -1 (any) or a schema registry id (0 or more), got -5");
        refused.put(Map.of("scorestream.input.avro-encoding", "confluent"),
                "scorestream.input.avro-encoding is only for input.format = avro");
        refused.put(Map.of("scorestream.input.avro-writer-schemas", List.of(v1)),
                "scorestream.input.avro-writer-schemas is only for input.format = avro");
        refused.put(settings("bare", "scorestream.input.avro-writer-schemas", List.of(v1)),
                "scorestream.input.avro-writer-schemas: a bare datum does not say which schema wrote it: other writer schemas are for avro-encoding = single-object or confluent");
        refused.put(settings("single-object", "scorestream.input.avro-writer-schemas", List.of("5=" + v1)),
                "scorestream.input.avro-writer-schemas: '5=" + v1 + "': single-object records name their schema by its fingerprint; give the file without an id");
        refused.put(settings("confluent", "scorestream.input.avro-writer-schemas", List.of(v1)),
                "scorestream.input.avro-writer-schemas: '" + v1 + "': Confluent's records name their schema by its registry id; write ID=" + v1);
        refused.put(settings("confluent", "scorestream.input.avro-writer-schemas", List.of("5=" + v1, "5 = " + v3)),
                "scorestream.input.avro-writer-schemas: " + v3 + ": that schema id 5 is named twice");
        refused.put(settings("single-object", "scorestream.input.avro-writer-schemas", List.of(noBattery)),
                "scorestream.input.avro-writer-schemas: " + noBattery + " cannot be read as the configured schema Reading: "
                        + "it has no field battery, which the configured schema gives no default at /fields/3");
        refused.put(settings("single-object", "scorestream.input.avro-writer-schemas", List.of(missing)),
                "scorestream.input.avro-writer-schemas: " + missing + ": file not found");
        refused.forEach((overrides, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamSettings.from(h.config(overrides)), message);
            assertEquals(message, e.getMessage());
        });
    }
}
