package io.scorestream.stream;

import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A JSON feed's text fields that a stream leaves out are named, as a warning (seen at the default
 * log levels), when its columns are learned, with how to learn them: on the singleton record path
 * a stream learns a field of text labels only from {@code scorestream.input.labels} (its
 * ingestors decode records before any plan), and a stream that dropped {@code species} without a
 * word looked like a model of the whole record.
 */
class TextFieldsLeftOutTest {
    static final String LEFT_OUT = "2 fields that are not numbers (species: text, tagged: true/false) left out" + IngestStream.SINGLETON_LABELS;
    @TempDir Path dir;

    static byte[] bird(int i) {
        String[] species = {"Adelie", "Chinstrap", "Gentoo"};
        return String.format("{\"species\":\"%s\",\"bill\":%.1f,\"mass\":%d,\"tagged\":%b}", species[i % 3], 38 + 5 * (i % 3) + (i % 7) * 0.3,
                3500 + 400 * (i % 3) + (i * 37) % 300, i % 2 == 0).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theVoteNamesTheFieldsItLeavesOut() {
        List<String> log = new ArrayList<>();
        RecordCodec codec = new RecordCodec(RecordCodec.Format.JSON, -1, 1 << 20);
        DimensionVote<byte[]> vote = new DimensionVote<>(codec, 4, 100, Long.MAX_VALUE, new DimensionVote.Items<>() {
            @Override public double[] vector(byte[] item) { return codec.decode(item) instanceof RecordCodec.Good g ? g.vector() : null; }
            @Override public List<String> fields(byte[] item) { return codec.decode(item) instanceof RecordCodec.Good g ? g.fields() : null; }
            @Override public byte[] asBad(byte[] item, RecordCodec.Bad bad) { return item; }
            @Override public String leftOut(byte[] item) { return codec.fieldsLeftOut(item) + IngestStream.SINGLETON_LABELS; }
        }, log::add, line -> log.add("WARN " + line));
        for (int i = 0; i < 4; i++) vote.offer(bird(i));
        assertEquals(List.of("bill", "mass"), codec.columns().names());
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("input fields [bill, mass] from a vote of the first 4 records"), log.get(0));
        assertEquals("WARN input fields [bill, mass] learned; of such a record " + LEFT_OUT, log.get(1));

        RecordCodec labelled = new RecordCodec(RecordCodec.Format.JSON, -1, 1 << 20, List.of(), null, Map.of("species", List.of("Adelie", "Chinstrap", "Gentoo")));
        assertEquals("1 field that is not a number (tagged: true/false) left out", labelled.fieldsLeftOut(bird(0)), "species is taken");
        assertNull(new RecordCodec(RecordCodec.Format.JSON, -1, 1 << 20, List.of("bill", "mass"), null).fieldsLeftOut(bird(0)), "fields chosen: nothing to say");
        assertNull(new RecordCodec(RecordCodec.Format.CSV, -1, 1 << 20).fieldsLeftOut("1,2".getBytes(StandardCharsets.UTF_8)));
    }

    /** An Avro schema's string fields without labels are named at start, from the schema, with what becomes of them on the record path: the ones given labels are learned, chosen fields say nothing. */
    @Test
    void anAvroSchemasStringFieldsWithoutLabelsAreNamedAtStart() throws Exception {
        Path schema = java.nio.file.Files.writeString(dir.resolve("bird.avsc"), """
                {"type": "record", "name": "Bird", "fields": [
                  {"name": "id", "type": "string"}, {"name": "species", "type": ["null", "string"]}, {"name": "mass", "type": "double"}]}""");
        Map<String, Object> avro = Map.of("scorestream.input.format", "avro", "scorestream.input.avro-schema", schema.toString());
        Map<String, Object> singleton = new java.util.HashMap<>(avro);
        singleton.put("scorestream.cluster.record-path", "singleton");
        assertEquals("avro string fields [id, species] are left out: on the singleton record path a stream learns a string field as a column of labels only when "
                + "scorestream.input.labels gives its labels", io.scorestream.testing.NodeConfig.settings(dir, singleton).leftOutNotice());
        assertTrue(io.scorestream.testing.NodeConfig.settings(dir, avro).leftOutNotice().startsWith("avro string fields [id, species] have no labels given: the warm-up learns"),
                "the partition-local path (the default) learns them (LearnedLabelsStreamTest)");
        Map<String, Object> labelled = new java.util.HashMap<>(singleton);
        labelled.put("scorestream.input.labels", Map.of("species", List.of("Adelie", "Gentoo")));
        assertTrue(io.scorestream.testing.NodeConfig.settings(dir, labelled).leftOutNotice().startsWith("avro string fields [id] are left out"));
        Map<String, Object> chosen = new java.util.HashMap<>(avro);
        chosen.put("scorestream.input.fields", List.of("mass"));
        assertNull(io.scorestream.testing.NodeConfig.settings(dir, chosen).leftOutNotice());
        assertNull(io.scorestream.testing.NodeConfig.settings(dir, Map.of()).leftOutNotice(), "csv: nothing to say");
    }

    /**
     * On the singleton record path, through a real broker, where the vote decides the columns (the
     * partition-local path learns such fields as labels: {@link LearnedLabelsStreamTest}).
     */
    @Test
    void aSingletonPathNodeSaysWhichFieldsItLeavesOut() throws Exception {
        StreamHarness h = new StreamHarness("text-left-out", 1, dir.resolve("singleton"));
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) records.add(bird(i));
        SharedKafka.produce(h.samples, records);
        String log = stderrOf(() -> {
            try (ScoreStreamService service = h.start(Map.of("scorestream.input.format", "json", "scorestream.learning.warm-up-samples", 200,
                    "scorestream.cluster.record-path", "singleton"))) {
                service.awaitConsumed(300, Duration.ofSeconds(120));
                service.drain(Duration.ofSeconds(120));
            }
        });
        assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("input fields [bill, mass] learned; of such a record " + LEFT_OUT)),
                "at the default log levels: " + log.lines().filter(l -> l.contains("input fields")).toList());
        assertEquals(List.of("bill", "mass"), h.latest.get().model().recordSchema().names());
    }

    /**
     * A named CSV feed whose every line holds free text in a column read as a number: no record can
     * be learned, so no model is planned and nothing is dead-lettered; the planner says so once, with
     * the first record's reason, rather than wait without a word.
     */
    @Test
    void aFeedNoRecordOfWhichCanBeLearnedIsSaid() throws Exception {
        StreamHarness h = new StreamHarness("unlearnable", 1, dir.resolve("unlearnable"));
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) records.add(("bird-" + i + "," + (3500 + i) + "," + (38 + i % 5)).getBytes(StandardCharsets.UTF_8));
        SharedKafka.produce(h.samples, records);
        // How many were read when it is said depends on the consumer's polls: 200 at least.
        String needle = " records read cannot be learned and 0 can: no model is planned until 200 can (learning.warm-up-samples), "
                + "and the partitions' readers dead-letter the others once it is; the first: malformed: field 1 (id) is not a number: 'bird-0'";
        String log = stderrOf(() -> {
            try (ScoreStreamService service = h.start(Map.of("scorestream.input.csv-header", List.of("id", "mass", "bill"),
                    "scorestream.learning.warm-up-samples", 200))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline && !capturedSoFar().contains(needle)) Thread.sleep(200);
            }
        });
        assertTrue(log.contains(needle), log.lines().filter(l -> l.contains("WARN")).toList().toString());
        assertNull(h.latest.get(), "no model");
    }

    private static final ThreadLocal<ByteArrayOutputStream> CAPTURING = new ThreadLocal<>();

    /** What stderrOf has captured so far on this thread's run. */
    private static String capturedSoFar() {
        ByteArrayOutputStream captured = CAPTURING.get();
        synchronized (captured) { return captured.toString(StandardCharsets.UTF_8); }
    }

    /** Something a test runs. */
    interface Run {
        void run() throws Exception;
    }

    /** What the run writes to stderr (where the default logger writes), written through as well. */
    static String stderrOf(Run run) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new OutputStream() {
            @Override public void write(int b) { original.write(b); synchronized (captured) { captured.write(b); } }
            @Override public void write(byte[] b, int off, int len) { original.write(b, off, len); synchronized (captured) { captured.write(b, off, len); } }
        }, true, StandardCharsets.UTF_8));
        CAPTURING.set(captured);
        try {
            run.run();
        } finally {
            System.setErr(original);
            CAPTURING.remove();
        }
        synchronized (captured) { return captured.toString(StandardCharsets.UTF_8); }
    }
}
