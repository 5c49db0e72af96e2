package io.scorestream.reliability;

import io.scorestream.data.Datasets;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.stream.DeadLetters;
import io.scorestream.stream.Partitioner;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every way a dead letter can fail to be written, against the real broker: a topic whose record
 * limit is below the producer's (the letter is cut to a small head and sent again), a topic that
 * refuses the records (compacted, so keyless records are invalid), a topic that does not exist
 * (auto-creation is off). None wedges the reader: the node reports the stall on /ready and in its
 * metrics within scorestream.http.stall-after, and recovers once the fault is cleared, with every
 * record counted once.
 */
class DeadLetterFaultsTest {
    static final Duration STALL_AFTER = Duration.ofSeconds(3);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir Path dir;

    static Map<String, Object> client() { return Map.of("bootstrap.servers", SharedKafka.bootstrapServers()); }

    @Test
    void aTopicWithASmallerRecordLimitGetsTheHeadOfTheRecord() throws Exception {
        final int good = 1500, big = 50_000;
        String dlq = Harness.topic(SharedKafka.broker(), "small-dlq", 1, Map.of("max.message.bytes", "8192"));
        Harness h = new Harness(SharedKafka.broker(), "small", 1, dir.resolve("snap"));
        List<byte[]> values = new ArrayList<>(Harness.csv(Datasets.generate("gmm", good, 3).samples()));
        Random rng = new Random(8192);
        for (int i = 0; i < 3; i++) values.add(i * 500, letters(rng, big));   // malformed, and too large for the topic
        values.add(700, letters(rng, 5000));                                   // malformed, fits
        Harness.produce(client(), h.samples, null, values);
        try (ScoreStreamService service = h.start(Map.of("scorestream.topics.dead-letter", dlq))) {
            Partitioner.Progress p = service.awaitConsumed(values.size(), Harness.WAIT);
            assertEquals(good, p.absorbed());
            assertEquals(4, p.deadLettered());
            assertEquals(0, service.metrics().restarts().count(), "the reader never restarted");
        }
        List<ConsumerRecord<byte[], byte[]>> dead = Harness.readAll(client(), dlq);
        assertEquals(4, dead.size());
        int cut = 0;
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            byte[] original = values.get(Integer.parseInt(header(r, DeadLetters.SOURCE_HEADER).replaceAll(".*/", "")));
            assertEquals("malformed", header(r, DeadLetters.REASON_HEADER));
            if (original.length == 5000) {
                assertArrayEquals(original, r.value(), "a letter that fits is whole");
                assertNull(header(r, DeadLetters.TRUNCATED_HEADER));
                continue;
            }
            cut++;
            assertEquals("true", header(r, DeadLetters.TRUNCATED_HEADER));
            assertEquals(Integer.toString(big), header(r, DeadLetters.ORIGINAL_BYTES_HEADER));
            assertTrue(r.value().length >= 512 && r.value().length <= 1024, "kept " + r.value().length + " bytes");
            assertArrayEquals(Arrays.copyOf(original, r.value().length), r.value(), "the head of the record");
        }
        assertEquals(3, cut);
        System.out.printf("dead-letter topic with max.message.bytes 8192: %d of %d records of %d bytes cut to their head and sent again; reader restarts 0%n", cut, 3, big);
    }

    @ParameterizedTest
    @ValueSource(strings = {"singleton", "partition-local"})
    void aDeadLetterTopicThatRefusesRecordsStallsTheNodeVisiblyUntilItIsFixed(String recordPath) throws Exception {
        // A compacted topic refuses records without a key, and dead letters keep the bad record's (null) key.
        String dlq = Harness.topic(SharedKafka.broker(), "compacted-dlq", 1, Map.of("cleanup.policy", "compact"));
        stallAndRecover("refused-" + recordPath, recordPath, dlq, true, () -> {
            try (Admin admin = Admin.create(client())) {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, dlq),
                        List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET)))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aMissingDeadLetterTopicStallsTheNodeVisiblyUntilItIsCreated() throws Exception {
        String dlq = "missing-dlq-" + Long.toHexString(System.nanoTime());   // the shared broker does not create topics on demand
        // The send waits up to max.block.ms (10 s here) for the topic to appear, so a topic created
        // sooner is written without the reader restarting.
        stallAndRecover("missing", "singleton", dlq, false, () -> SharedKafka.broker().createTopic(dlq, 1, Map.of()));
    }

    /**
     * A node learns 2 000 records and has a model (/ready 200); then 5 bad records and 1 000 good
     * ones arrive while the dead-letter topic cannot take them. /ready must turn 503 naming the
     * stall, the metrics must show it, and once fix has run everything must be counted once; a
     * refused send fails the stream, so the reader restarts (restartsExpected).
     */
    private void stallAndRecover(String name, String recordPath, String dlq, boolean restartsExpected, Runnable fix) throws Exception {
        final int first = 2000, bad = 5, after = 1000;
        Harness h = new Harness(SharedKafka.broker(), name, 1, dir.resolve("snap"));
        Harness.produce(client(), h.samples, null, Harness.csv(Datasets.generate("gmm", first, 4).samples()));
        // model-max-age 1 s: the model holding all of the first records comes within a second on either
        // path; on model-every-samples alone the last records before the fault would wait out the
        // default 30 s (the singleton's models land on batch boundaries, 1 000 records apart).
        Map<String, Object> config = Map.of("scorestream.topics.dead-letter", dlq, "scorestream.http.stall-after", STALL_AFTER.toMillis() + "ms",
                "scorestream.learning.model-every-samples", 1000, "scorestream.learning.model-max-age", "1s", "scorestream.cluster.record-path", recordPath);
        try (ScoreStreamService service = h.start(config)) {
            int port = service.healthPort();
            h.awaitAbsorbed(first, Harness.WAIT);
            assertEquals(200, awaitReady(port, 200, Harness.WAIT).statusCode());
            List<byte[]> more = new ArrayList<>();
            for (int i = 0; i < bad; i++) more.add(("not,a,sample," + i).getBytes(StandardCharsets.UTF_8));
            more.addAll(Harness.csv(Datasets.generate("gmm", after, 5).samples()));
            long faultAt = System.nanoTime();
            Harness.produce(client(), h.samples, null, more);

            HttpResponse<String> stalled = awaitReady(port, 503, Harness.WAIT);
            double reportedAfter = (System.nanoTime() - faultAt) / 1e9;
            assertTrue(stalled.body().startsWith("not ready: ingestion stalled: no record taken for "), stalled.body());
            assertTrue(stalled.body().contains("records wait"), stalled.body());
            assertTrue(reportedAfter < STALL_AFTER.toSeconds() + 15, "stall reported after " + reportedAfter + " s");
            String metrics = get(port, "/metrics").body();
            assertEquals(1.0, metric(metrics, "scorestream_ingest_stalled"), 0.0);
            assertTrue(metric(metrics, "scorestream_ingest_stalled_seconds") >= STALL_AFTER.toSeconds());
            assertTrue(metric(metrics, "scorestream_records_waiting") > 0);
            assertAlertRulesUseOnlyTheseMetrics(metrics);
            String dashboard = get(port, "/dashboard/data").body();
            assertTrue(dashboard.contains("\"stall\":\"ingestion stalled: "), dashboard.substring(0, Math.min(400, dashboard.length())));

            long fixedAt = System.nanoTime();
            fix.run();
            Partitioner.Progress p = service.awaitConsumed(first + bad + after, Harness.WAIT);
            assertEquals(first + after, p.absorbed(), "every good record once");
            assertEquals(bad, p.deadLettered());
            HttpResponse<String> ready = awaitReady(port, 200, Harness.WAIT);
            double recoveredAfter = (System.nanoTime() - fixedAt) / 1e9;
            metrics = get(port, "/metrics").body();
            assertEquals(0.0, metric(metrics, "scorestream_ingest_stalled"), 0.0);
            double restarts = metric(metrics, "scorestream_reader_restarts_total");
            if (restartsExpected) assertTrue(restarts >= 1, "the reader restarted while the topic refused the records");
            service.drain(Harness.WAIT);
            System.out.printf("dead-letter topic %s: stall reported on /ready %.1f s after the bad records were produced (stall-after %d s): '%s'; "
                            + "%d reader restarts; ready again %.1f s after the fix; absorbed %d, dead-lettered %d%n",
                    name, reportedAfter, STALL_AFTER.toSeconds(), stalled.body().strip(), (long) restarts, recoveredAfter, p.absorbed(), p.deadLettered());
            assertEquals("ready\n", ready.body());
        }
        assertEquals(bad, Harness.readAll(client(), dlq).size(), "each bad record dead-lettered once");
        LearnerState state = new SnapshotStore(h.snapshots, w -> fail(w)).loadLatest().orElseThrow();
        Harness.assertRowsEverywhere(state, first + after);
    }

    /** Every metric name conf/prometheus-alerts.yml uses is one this node exports. */
    static void assertAlertRulesUseOnlyTheseMetrics(String exposition) throws Exception {
        String rules = Files.readString(Path.of("conf/prometheus-alerts.yml"));
        Matcher m = Pattern.compile("scorestream_[a-z_]+").matcher(rules.replaceAll("(?m)#.*$", ""));
        int names = 0;
        while (m.find()) {
            names++;
            assertTrue(Pattern.compile("(?m)^" + m.group() + "[ {]").matcher(exposition).find(), "the alert rules use " + m.group() + ", which /metrics does not show");
        }
        assertTrue(names >= 5);
    }

    static double metric(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(exposition);
        assertTrue(m.find(), name + " missing from /metrics");
        return Double.parseDouble(m.group(1));
    }

    static HttpResponse<String> awaitReady(int port, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> r = get(port, "/ready");
        while (r.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = get(port, "/ready");
        }
        assertEquals(status, r.statusCode(), r.body());
        return r;
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static byte[] letters(Random r, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) out[i] = (byte) ('a' + r.nextInt(26));
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
