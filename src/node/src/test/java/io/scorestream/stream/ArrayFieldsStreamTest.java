package io.scorestream.stream;

import io.scorestream.data.Datasets;
import io.scorestream.io.RecordSchema;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.scorestream.stream.NamedRecordsTest.WAIT;
import static io.scorestream.stream.NamedRecordsTest.assertEmbeddingFeed;
import static io.scorestream.stream.NamedRecordsTest.assertDeadLettersAt;
import static io.scorestream.stream.NamedRecordsTest.consumeFromNow;
import static io.scorestream.stream.NamedRecordsTest.header;
import static io.scorestream.stream.NamedRecordsTest.insertAmong;
import static org.junit.jupiter.api.Assertions.*;

/**
 * An array named as a whole through a real broker: an Avro schema's array of numbers with no
 * fields configured, and JSON with {@code input.fields = [embedding]}. The first records' vote
 * learns the length, every good record is counted once, an array too short or too long is a dead
 * letter with its reason, generated records carry the array, and after a restart (both formats)
 * the length comes from the state, not from the records the node meets first.
 */
class ArrayFieldsStreamTest {
    static final String EMBEDDED = """
            {"type": "record", "name": "Doc", "namespace": "com.example.search", "fields": [
              {"name": "id", "type": "string"}, {"name": "embedding", "type": {"type": "array", "items": "double"}}]}""";
    static final List<String> COLUMNS = List.of("embedding[0]", "embedding[1]");
    @TempDir Path dir;

    static byte[] doc(Schema schema, String id, double... embedding) throws IOException {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", id);
        List<Double> values = new ArrayList<>();
        for (double v : embedding) values.add(v);
        r.put("embedding", values);
        return NamedRecordsTest.datum(schema, r);
    }

    /** On both record paths, whose state (the singleton's snapshot, the planner's) each keeps the columns. */
    @ParameterizedTest
    @ValueSource(strings = {"partition-local", "singleton"})
    void avroArraysWithoutConfiguredFieldsAreLearnedAndTheLengthSurvivesARestart(String recordPath) throws Exception {
        StreamHarness h = new StreamHarness("avro-arrays", 1, dir.resolve("snap"));
        Path schemaFile = dir.resolve("doc.avsc");
        Files.writeString(schemaFile, EMBEDDED);
        Schema schema = new Schema.Parser().parse(EMBEDDED);
        DMatrixRMaj good = Datasets.generate("gmm", 3000, 1).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < good.numRows; i++) records.add(doc(schema, "doc-" + i, good.get(i, 0), good.get(i, 1)));
        Map<Integer, String> bad = new LinkedHashMap<>();   // offset -> "reason:message part"
        records.add(500, doc(schema, "short", 0.5));
        bad.put(500, "missing-field:field embedding[1] is missing");
        records.add(900, doc(schema, "long", 0.5, 0.5, 0.5));
        bad.put(900, "fields-changed:field embedding[2] is not among the stream's columns");
        records.add(1300, new byte[]{2, 'x'});
        bad.put(1300, "wrong-schema:not a Doc record");
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = Map.of("scorestream.input.format", "avro", "scorestream.input.avro-schema", schemaFile.toString(),
                "scorestream.sampler.publish-per-second", 8000, "scorestream.cluster.record-path", recordPath);
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(records.size(), WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(3000, WAIT);
            assertEquals(3000, h.latest.get().absorbed(), "every good record once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
            RecordSchema columns = h.latest.get().model().recordSchema();
            assertEquals(RecordSchema.Format.AVRO, columns.format());
            assertEquals(COLUMNS, columns.names());
            GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(new Schema.Parser().parse(
                    "{\"type\":\"record\",\"name\":\"Doc\",\"namespace\":\"com.example.search\",\"fields\":[{\"name\":\"embedding\",\"type\":{\"type\":\"array\",\"items\":\"double\"}}]}"));
            for (ConsumerRecord<byte[], byte[]> generated : consumeFromNow(h.generated, 20)) {
                var decoder = DecoderFactory.get().binaryDecoder(generated.value(), null);
                GenericRecord r = reader.read(null, decoder);
                assertTrue(decoder.isEnd(), "one whole datum of the pruned schema");
                assertEquals(2, ((List<?>) r.get("embedding")).size(), r.toString());
                assertEquals("embedding[0],embedding[1]", header(generated, SamplerActor.COLUMNS_HEADER));
            }
            assertEquals(COLUMNS, new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().structure().recordSchema().names());
            assertDeadLettersAt(h, bad);
        }
        assertTheLengthSurvivesARestart(h, settings, records.size(), (id, embedding) -> doc(schema, id, embedding), bad.values());
    }

    /** One record of the feed's format: an id and an embedding. */
    interface Doc {
        byte[] of(String id, double... embedding) throws IOException;
    }

    /**
     * Restarts the node on the state of a feed of 3000 good 2-element records (and the bad ones,
     * "reason:message part"): it meets 40 arrays of 3 first, which a vote of its own would learn,
     * but the state says 2, so they are fields-changed, and the 1000 good records after them are
     * counted once, beside the 3000 from before.
     */
    static void assertTheLengthSurvivesARestart(StreamHarness h, Map<String, Object> settings, int produced, Doc doc, Collection<String> bad) throws Exception {
        List<byte[]> after = new ArrayList<>();
        for (int i = 0; i < 40; i++) after.add(doc.of("three-" + i, 1, 2, 3));
        DMatrixRMaj more = Datasets.generate("gmm", 1000, 3).samples();
        for (int i = 0; i < more.numRows; i++) after.add(doc.of("more-" + i, more.get(i, 0), more.get(i, 1)));
        SharedKafka.produce(h.samples, after);
        Map<String, Long> byReason = new HashMap<>(Map.of("fields-changed", 40L));
        for (String b : bad) byReason.merge(b.substring(0, b.indexOf(':')), 1L, Long::sum);
        h.latest.set(null);
        try (ScoreStreamService second = h.start(settings)) {
            Partitioner.Progress p = second.awaitConsumed(produced + after.size(), WAIT);
            assertEquals(4000, p.absorbed(), "every good record once, the 2-element records after the restart too");
            assertEquals(byReason, p.deadLetteredByReason());
        }
    }

    /**
     * On both record paths: the partition-local planner's warm-up reader learns the length as the
     * singleton path's vote does, and after a restart both read with the length in their state.
     */
    @ParameterizedTest
    @ValueSource(strings = {"partition-local", "singleton"})
    void jsonArraysChosenByNameAreExpandedToTheirElements(String recordPath) throws Exception {
        StreamHarness h = new StreamHarness("json-array-name", 1, dir.resolve("snap"));
        DMatrixRMaj good = Datasets.generate("gmm", 3000, 1).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < good.numRows; i++)
            records.add(("{\"id\":\"doc-" + i + "\",\"rank\":" + i + ",\"embedding\":[" + good.get(i, 0) + "," + good.get(i, 1) + "]}").getBytes(StandardCharsets.UTF_8));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"id\":\"short\",\"embedding\":[0.5]}", "missing-field:field embedding[1] is missing");
        bad.put("{\"id\":\"long\",\"embedding\":[0.5,0.5,0.5]}", "fields-changed:field embedding[2] is not among the stream's columns: the array embedding has 3 elements, 2 learned");
        bad.put("{\"id\":\"null\",\"embedding\":[0.5,null]}", "null-field:field embedding[1] is null");
        bad.put("{\"id\":\"none\"}", "missing-field:field embedding[0] is missing");
        bad.put("[0.5,0.5]", "malformed:not a JSON object: the stream's records are objects with fields [embedding[0], embedding[1]]");
        insertAmong(records, bad.keySet(), 500);
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = Map.of("scorestream.input.format", "json", "scorestream.input.fields", List.of("embedding"),
                "scorestream.cluster.record-path", recordPath, "scorestream.sampler.publish-per-second", 8000);
        assertEmbeddingFeed(h, records, bad, settings);
        assertTheLengthSurvivesARestart(h, settings, records.size(),
                (id, embedding) -> ("{\"id\":\"" + id + "\",\"embedding\":" + Arrays.toString(embedding) + "}").getBytes(StandardCharsets.UTF_8), bad.values());
    }
}
