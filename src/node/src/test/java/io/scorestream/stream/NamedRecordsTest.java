package io.scorestream.stream;

import io.scorestream.node.ScoreStreamService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorestream.data.Datasets;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ModelTopicCodec;
import io.scorestream.io.RecordSchema;
import io.scorestream.model.ScoreModel;
import io.scorestream.testing.SharedKafka;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Feeds of named records through a real broker: JSON sensor objects and Avro records learned
 * online to the two-sample floor, generated records read back with the feed's field names and
 * types, and every bad named record dead-lettered with a reason that names the field.
 */
class NamedRecordsTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    /** A JSON sensor record whose readings are the row, nested under "sensor", beside fields that are not learned. */
    static byte[] sensorJson(DMatrixRMaj rows, int i) {
        return String.format("{\"device\":\"a%d\",\"ts\":%d,\"sensor\":{\"temp\":%s,\"humidity\":%s},\"ok\":true}",
                i % 17, 1_732_960_000L + i, rows.get(i, 0), rows.get(i, 1)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonSensorObjectsAreLearnedOnlineAndGeneratedRecordsCarryTheirNames() throws Exception {
        StreamHarness h = new StreamHarness("json-objects", 2, dir.resolve("snap"));
        DMatrixRMaj train = Datasets.generate("gmm", 20_000, 1).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < train.numRows; i++) records.add(sensorJson(train, i));
        SharedKafka.produce(h.samples, records);
        List<String> fields = List.of("sensor.temp", "sensor.humidity");
        RecordSchema expected = RecordSchema.named(RecordSchema.Format.JSON, fields);
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.levels", 200, "scorestream.sampler.publish-per-second", 8000,
                "scorestream.input.format", "json", "scorestream.input.fields", fields))) {
            service.awaitConsumed(20_000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(20_000, WAIT);
            List<ConsumerRecord<byte[], byte[]>> generated = consumeFromNow(h.generated, 10_000);
            DMatrixRMaj rows = new DMatrixRMaj(generated.size(), 2);
            for (int i = 0; i < generated.size(); i++) {
                JsonNode record = JSON.readTree(generated.get(i).value());
                assertEquals(List.of("sensor"), names(record), "top-level fields");
                assertEquals(List.of("temp", "humidity"), names(record.get("sensor")), "nested fields");
                assertTrue(record.get("sensor").get("temp").isDouble() && record.get("sensor").get("humidity").isDouble());
                rows.set(i, 0, record.get("sensor").get("temp").doubleValue());
                rows.set(i, 1, record.get("sensor").get("humidity").doubleValue());
                assertEquals("sensor.temp,sensor.humidity", header(generated.get(i), SamplerActor.COLUMNS_HEADER));
                assertEquals("json", header(generated.get(i), SamplerActor.FORMAT_HEADER));
                assertTrue(Long.parseLong(header(generated.get(i), SamplerActor.MODEL_VERSION_HEADER)) >= 1);
            }
            assertWithinFloor(rows);
            // The model knows its columns: the published model, the model topic and the snapshot.
            assertEquals(expected, h.latest.get().model().recordSchema());
            assertEquals(expected, newestOnModelTopic(h.model).recordSchema());
            assertEquals(expected, new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().structure().recordSchema());
            assertEquals(fields, io.scorestream.http.ModelDescription.of(h.latest.get()).columns());
        }
    }

    static final String READING = """
            {"type": "record", "name": "Reading", "namespace": "com.example.sensors", "fields": [
              {"name": "device", "type": "string"},
              {"name": "temp", "type": "double"},
              {"name": "humidity", "type": ["null", "double"]},
              {"name": "battery", "type": "int"}
            ]}""";

    @Test
    void avroRecordsAreLearnedOnlineAndGeneratedRecordsHaveTheSchemasLearnedFields() throws Exception {
        StreamHarness h = new StreamHarness("avro", 2, dir.resolve("snap"));
        Path schemaFile = dir.resolve("reading.avsc");
        Files.writeString(schemaFile, READING);
        Schema schema = new Schema.Parser().parse(READING);
        DMatrixRMaj train = Datasets.generate("gmm", 20_000, 1).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < train.numRows; i++) {
            GenericRecord r = new GenericData.Record(schema);
            r.put("device", "a" + (i % 17));
            r.put("temp", train.get(i, 0));
            r.put("humidity", train.get(i, 1));
            r.put("battery", 80 + i % 20);
            records.add(datum(schema, r));
        }
        SharedKafka.produce(h.samples, records);
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.levels", 200, "scorestream.sampler.publish-per-second", 8000,
                "scorestream.input.format", "avro", "scorestream.input.avro-schema", schemaFile.toString(),
                "scorestream.input.fields", List.of("temp", "humidity")))) {
            service.awaitConsumed(20_000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(20_000, WAIT);
            List<ConsumerRecord<byte[], byte[]>> generated = consumeFromNow(h.generated, 10_000);
            // The records are datums of the input schema pruned to the learned fields: same name, namespace, field types.
            Schema written = new Schema.Parser().parse("""
                    {"type": "record", "name": "Reading", "namespace": "com.example.sensors", "fields": [
                      {"name": "temp", "type": "double"}, {"name": "humidity", "type": "double"}]}""");
            GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(written);
            DMatrixRMaj rows = new DMatrixRMaj(generated.size(), 2);
            for (int i = 0; i < generated.size(); i++) {
                var decoder = DecoderFactory.get().binaryDecoder(generated.get(i).value(), null);
                GenericRecord r = reader.read(null, decoder);
                assertTrue(decoder.isEnd(), "one whole datum per record");
                rows.set(i, 0, (Double) r.get("temp"));
                rows.set(i, 1, (Double) r.get("humidity"));
                assertEquals("avro", header(generated.get(i), SamplerActor.FORMAT_HEADER));
            }
            assertWithinFloor(rows);
            RecordSchema columns = h.latest.get().model().recordSchema();
            assertEquals(RecordSchema.Format.AVRO, columns.format());
            assertEquals(List.of("temp", "humidity"), columns.names());
            assertEquals(schema, new Schema.Parser().parse(columns.avroSchema()), "the model keeps the feed's schema");
        }
    }

    @Test
    void badNamedRecordsAreDeadLetteredWithAReasonNamingTheFieldAndCountedExactly() throws Exception {
        StreamHarness h = new StreamHarness("json-bad", 2, dir.resolve("snap"));
        DMatrixRMaj good = Datasets.generate("gmm", 3000, 1).samples();
        Function<Integer, String> base = i -> "\"device\":\"a" + i + "\",\"status\":\"ok\"";
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < good.numRows; i++)
            records.add(("{" + base.apply(i) + ",\"temp\":" + good.get(i, 0) + ",\"humidity\":" + good.get(i, 1) + "}").getBytes(StandardCharsets.UTF_8));
        // Default selection: the vote of the first records fixes [temp, humidity]; these come later.
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"device\":\"b1\",\"temp\":21.5}", "missing-field:field humidity is missing");
        bad.put("{\"device\":\"b2\",\"temp\":null,\"humidity\":40.1}", "null-field:field temp is null");
        bad.put("{\"device\":\"b3\",\"temp\":\"warm\",\"humidity\":40.1}", "non-numeric:field temp is not a number");
        bad.put("{\"device\":\"b4\",\"temp\":21.5,\"humidity\":NaN}", "non-finite:field humidity is not finite");
        bad.put("{\"device\":\"b5\",\"temp\":21.5,\"humidity\":40.1,\"pressure\":1013}", "fields-changed:[pressure]");
        bad.put("[21.5,40.1]", "malformed:not a JSON object");
        insertAmong(records, bad.keySet(), 311);
        SharedKafka.produce(h.samples, records);
        try (ScoreStreamService service = h.start(Map.of("scorestream.input.format", "json"))) {
            service.awaitConsumed(records.size(), WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(3000, WAIT);
            assertEquals(3000, h.latest.get().absorbed(), "every good record once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
            assertEquals(RecordSchema.named(RecordSchema.Format.JSON, List.of("temp", "humidity")), h.latest.get().model().recordSchema());
        }
        assertDeadLettersAsProduced(h, bad);
    }

    /**
     * An embedding feed: each record's array is learned element by element (default selection, the
     * vote's), generated records carry the array again, and an array of another length is a dead
     * letter naming the element, not counted.
     */
    @Test
    void embeddingArraysAreLearnedByElementAndWrongLengthsDeadLettered() throws Exception {
        StreamHarness h = new StreamHarness("json-arrays", 1, dir.resolve("snap"));
        DMatrixRMaj good = Datasets.generate("gmm", 3000, 1).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < good.numRows; i++)
            records.add(("{\"id\":\"doc-" + i + "\",\"embedding\":[" + good.get(i, 0) + "," + good.get(i, 1) + "],\"model\":\"e5\"}").getBytes(StandardCharsets.UTF_8));
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"id\":\"short\",\"embedding\":[0.5],\"model\":\"e5\"}", "missing-field:field embedding[1] is missing");
        bad.put("{\"id\":\"long\",\"embedding\":[0.5,0.5,0.5],\"model\":\"e5\"}", "fields-changed:numeric field(s) [embedding[2]]");
        bad.put("{\"id\":\"null\",\"embedding\":[0.5,null],\"model\":\"e5\"}", "null-field:field embedding[1] is null");
        insertAmong(records, bad.keySet(), 700);
        SharedKafka.produce(h.samples, records);
        assertEmbeddingFeed(h, records, bad, Map.of("scorestream.input.format", "json"));
    }

    /**
     * Runs a JSON feed of 3000 good records of a 2-element embedding (and bad ones): every good one
     * counted once, the columns the array's elements, generated records the array alone, the bad
     * ones dead-lettered as wanted.
     */
    static void assertEmbeddingFeed(StreamHarness h, List<byte[]> records, Map<String, String> bad, Map<String, Object> settings) throws Exception {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("scorestream.sampler.publish-per-second", 8000);
        try (ScoreStreamService service = h.start(all)) {
            service.awaitConsumed(records.size(), WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(3000, WAIT);
            assertEquals(3000, h.latest.get().absorbed(), "every good record once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
            assertEquals(RecordSchema.named(RecordSchema.Format.JSON, List.of("embedding[0]", "embedding[1]")), h.latest.get().model().recordSchema());
            for (ConsumerRecord<byte[], byte[]> generated : consumeFromNow(h.generated, 20)) {
                JsonNode record = JSON.readTree(generated.value());
                assertEquals(List.of("embedding"), names(record), "the array, and no other field");
                assertTrue(record.get("embedding").isArray() && record.get("embedding").size() == 2, record.toString());
                assertTrue(record.get("embedding").get(0).isNumber() && record.get("embedding").get(1).isNumber(), record.toString());
                assertEquals("embedding[0],embedding[1]", header(generated, SamplerActor.COLUMNS_HEADER));
            }
            // /samples too, as JSON: the rows in the feed's shape.
            JsonNode rows = JSON.readTree(HttpEndpointsTest.get(service.healthPort(), "/samples?n=5&seed=1", "application/json").body());
            assertEquals(5, rows.size(), rows.toString());
            for (JsonNode row : rows) {
                assertEquals(List.of("embedding"), names(row), row.toString());
                assertEquals(2, row.get("embedding").size(), row.toString());
            }
        }
        assertDeadLettersAsProduced(h, bad);
    }

    /** Puts the bad records among the good ones, the first after 200 + spacing good ones (after the vote on the columns), then every spacing. */
    static void insertAmong(List<byte[]> records, java.util.Collection<String> bad, int spacing) {
        int at = 200;
        for (String b : bad) records.add(at += spacing, b.getBytes(StandardCharsets.UTF_8));
    }

    /** The dead-letter topic holds exactly the bad records, each with the reason and message wanted ("reason:message part"), counted by reason. */
    static void assertDeadLettersAsProduced(StreamHarness h, Map<String, String> bad) {
        List<ConsumerRecord<byte[], byte[]>> dead = SharedKafka.consume(h.deadLetters, bad.size(), WAIT);
        assertEquals(bad.size(), dead.size());
        Map<String, Long> byReason = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String want = bad.get(new String(r.value(), StandardCharsets.UTF_8));
            assertNotNull(want, "a dead letter that was produced as bad");
            String reason = header(r, DeadLetters.REASON_HEADER), message = header(r, DeadLetters.MESSAGE_HEADER);
            assertEquals(want.substring(0, want.indexOf(':')), reason, message);
            assertTrue(message.contains(want.substring(want.indexOf(':') + 1)), reason + ": " + message);
            byReason.merge(reason, 1L, Long::sum);
        }
        assertEquals(byReason, h.latest.get().deadLetteredByReason(), "counted by reason exactly");
    }

    @Test
    void badAvroRecordsAreDeadLetteredWithTheirReason() throws Exception {
        StreamHarness h = new StreamHarness("avro-bad", 1, dir.resolve("snap"));
        Path schemaFile = dir.resolve("reading.avsc");
        Files.writeString(schemaFile, READING);
        Schema schema = new Schema.Parser().parse(READING);
        DMatrixRMaj good = Datasets.generate("gmm", 3000, 1).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < good.numRows; i++) records.add(reading(schema, "a", good.get(i, 0), good.get(i, 1)));
        Schema other = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Note\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"text\",\"type\":\"string\"}]}");
        GenericRecord note = new GenericData.Record(other);
        note.put("id", "x");
        note.put("text", "y");
        Map<Integer, String> bad = new HashMap<>();
        records.add(500, reading(schema, "b", 20.0, null));
        bad.put(500, "null-field:field humidity is null");
        records.add(900, reading(schema, "c", Double.NaN, 40.0));
        bad.put(900, "non-finite:field temp is not finite");
        records.add(1300, datum(other, note));
        bad.put(1300, "wrong-schema:not a Reading record");
        byte[] longer = reading(schema, "d", 20.0, 40.0);
        records.add(1700, java.util.Arrays.copyOf(longer, longer.length + 3));
        bad.put(1700, "wrong-schema:bytes left over");
        List<String> columns = assertLearnedOnceAndDeadLettered(h, Map.of("scorestream.input.format", "avro", "scorestream.input.avro-schema", schemaFile.toString()),
                records, 3000, bad);
        // Default selection: every numeric field of the schema, the int battery too.
        assertEquals(List.of("temp", "humidity", "battery"), columns);
    }

    /**
     * Sends the records, runs a node with the settings until it has read them all, and checks that
     * the good ones were absorbed once and the bad ones dead-lettered as {@link #assertDeadLettersAt}
     * says; returns the model's column names.
     */
    static List<String> assertLearnedOnceAndDeadLettered(StreamHarness h, Map<String, Object> settings, List<byte[]> records, int good,
                                                         Map<Integer, String> bad) throws Exception {
        SharedKafka.produce(h.samples, records);
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(records.size(), WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(good, WAIT);
            assertEquals(good, h.latest.get().absorbed(), "every good record once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
        }
        assertDeadLettersAt(h, bad);
        return h.latest.get().model().recordSchema().names();
    }

    /** The dead-letter topic holds exactly the records produced bad, by offset ("reason:message part"), counted by reason. */
    static void assertDeadLettersAt(StreamHarness h, Map<Integer, String> bad) {
        List<ConsumerRecord<byte[], byte[]>> dead = SharedKafka.consume(h.deadLetters, bad.size(), WAIT);
        assertEquals(bad.size(), dead.size());
        Map<String, Long> byReason = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String source = header(r, DeadLetters.SOURCE_HEADER);
            long offset = Long.parseLong(source.substring(source.lastIndexOf('/') + 1));
            String want = bad.get((int) offset);
            assertNotNull(want, "dead letter at offset " + offset);
            String reason = header(r, DeadLetters.REASON_HEADER), message = header(r, DeadLetters.MESSAGE_HEADER);
            assertEquals(want.substring(0, want.indexOf(':')), reason, message);
            assertTrue(message.contains(want.substring(want.indexOf(':') + 1)), reason + ": " + message);
            byReason.merge(reason, 1L, Long::sum);
        }
        assertEquals(byReason, h.latest.get().deadLetteredByReason(), "counted by reason exactly");
    }

    static byte[] reading(Schema schema, String device, double temp, Double humidity) throws IOException {
        GenericRecord r = new GenericData.Record(schema);
        r.put("device", device);
        r.put("temp", temp);
        r.put("humidity", humidity);
        r.put("battery", 80 + (int) Math.abs(temp * 7) % 20);
        return datum(schema, r);
    }

    static byte[] datum(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static void assertWithinFloor(DMatrixRMaj generated) {
        DMatrixRMaj reference = Datasets.generate("gmm", 10_000, 2).samples();
        double learned = TwoSampleMetrics.compare(generated, reference, 3).classifierAccuracy();
        double floor = TwoSampleMetrics.compare(Datasets.generate("gmm", 10_000, 4).samples(), reference, 3).classifierAccuracy();
        System.out.printf("named records: accuracy %.3f vs floor %.3f%n", learned, floor);
        assertTrue(learned - floor < 0.03, String.format("accuracy %.3f vs floor %.3f", learned, floor));
    }

    static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        assertNotNull(h, name + " header");
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    static ScoreModel newestOnModelTopic(String topic) {
        ModelTopicCodec.Reader reader = new ModelTopicCodec.Reader();
        long count = SharedKafka.recordCount(topic);
        for (ConsumerRecord<byte[], byte[]> r : SharedKafka.consume(topic, (int) count, WAIT))
            if (r.key() != null && isModelChunk(new String(r.key(), StandardCharsets.UTF_8))) reader.add(r.value(), topic);
        return reader.newestComplete().orElseThrow();
    }

    private static boolean isModelChunk(String key) {
        return key.startsWith("level-") || key.equals(ModelTopicCodec.COLUMNS_KEY) || key.equals(ModelTopicCodec.SPLIT_KEY);
    }

    /** The next n records published to a one-partition topic, from its current end. */
    static List<ConsumerRecord<byte[], byte[]>> consumeFromNow(String topic, int n) {
        var tp = new TopicPartition(topic, 0);
        try (var c = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            c.seekToEnd(List.of(tp));
            c.position(tp);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < n && System.nanoTime() < deadline)
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)))
                    if (out.size() < n) out.add(r);
            assertEquals(n, out.size(), "generated records on " + topic);
            return out;
        }
    }
}
