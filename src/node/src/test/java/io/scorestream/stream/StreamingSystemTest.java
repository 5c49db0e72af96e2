package io.scorestream.stream;

import io.scorestream.node.ScoreStreamService;
import io.scorestream.model.ColumnsCodec;
import io.scorestream.data.Datasets;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.learn.StructurePlanner;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ModelCodec;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ModelTopicCodec;
import io.scorestream.model.ScoreModel;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The learning pipeline against a real in-process Kafka broker. */
class StreamingSystemTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    @TempDir Path dir;

    @Test
    void learnsAMixtureOnlineToTheTwoSampleFloor() throws Exception {
        StreamHarness h = new StreamHarness("learn", 2, dir.resolve("snap"));
        DMatrixRMaj train = Datasets.generate("gmm", 20_000, 1).samples();
        SharedKafka.produce(h.samples, StreamHarness.csv(train));
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.levels", 200, "scorestream.sampler.publish-per-second", 8000))) {
            service.awaitConsumed(20_000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(20_000, WAIT);
            // The sampler keeps publishing from the newest model: read what it publishes from now on.
            DMatrixRMaj generated = consumeFromNow(h.generated, 10_000);

            DMatrixRMaj reference = Datasets.generate("gmm", 10_000, 2).samples();
            double learned = TwoSampleMetrics.compare(generated, reference, 3).classifierAccuracy();
            double floor = TwoSampleMetrics.compare(Datasets.generate("gmm", 10_000, 4).samples(), reference, 3).classifierAccuracy();
            assertTrue(learned - floor < 0.03, String.format("accuracy %.3f vs floor %.3f", learned, floor));
        }
    }

    /** The next n vectors published to a one-partition topic, from its current end. */
    static DMatrixRMaj consumeFromNow(String topic, int n) {
        var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            c.seekToEnd(List.of(tp));
            c.position(tp);
            RecordCodec codec = new RecordCodec(RecordCodec.Format.CSV, -1, 1 << 20);
            List<double[]> rows = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (rows.size() < n && System.nanoTime() < deadline)
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)))
                    if (rows.size() < n) rows.add(((RecordCodec.Good) codec.decode(r.value())).vector());
            assertEquals(n, rows.size(), "generated samples on " + topic);
            DMatrixRMaj out = new DMatrixRMaj(n, rows.get(0).length);
            for (int i = 0; i < n; i++) System.arraycopy(rows.get(i), 0, out.data, i * out.numCols, out.numCols);
            return out;
        }
    }

    @Test
    void theModelTopicRebuildsTheNewestModelExactly() throws Exception {
        StreamHarness h = new StreamHarness("topic", 1, dir.resolve("snap"));
        SharedKafka.produce(h.samples, StreamHarness.csv(Datasets.generate("aniso", 3000, 1).samples()));
        ScoreModel newest;
        try (ScoreStreamService service = h.start(Map.of())) {
            service.awaitConsumed(3000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(3000, WAIT);
            newest = h.latest.get().model();
        }
        ModelTopicCodec.Reader reader = new ModelTopicCodec.Reader();
        int chunks = ModelTopicCodec.encode(newest).size();
        for (ConsumerRecord<byte[], byte[]> r : SharedKafka.consume(h.model, chunks, WAIT)) reader.add(r.value(), h.model);
        ScoreModel rebuilt = reader.newestComplete().orElseThrow();
        assertEquals(newest.info().version(), rebuilt.info().version());
        assertArrayEquals(ModelCodec.encode(newest.withInfo(rebuilt.info())), ModelCodec.encode(rebuilt), "same model, bit for bit");
    }

    @Test
    void oneStreamingPassGivesTheBatchModel() throws Exception {
        StreamHarness h = new StreamHarness("batch", 1, dir.resolve("snap"));
        DMatrixRMaj data = Datasets.generate("aniso", 6000, 1).samples();
        SharedKafka.produce(h.samples, StreamHarness.csv(data));
        ScoreModel streamed;
        try (ScoreStreamService service = h.start(StreamHarness.PLAN_ON_A_RESERVOIR)) {
            service.awaitConsumed(6000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(6000, WAIT);
            streamed = h.latest.get().model();
            assertEquals(6000, streamed.info().samplesAbsorbed());
        }
        assertStreamGaveTheBatchModel(h, StreamHarness.PLAN_ON_A_RESERVOIR, data, streamed);
    }

    /**
     * The batch learner — fit's plan of the first warm-up records (the structure chosen on a random
     * plan-reservoir of them, judged on all of them), every record absorbed, keys = offsets — gives
     * the streamed model (to 1e-8). With a reservoir smaller than the warm-up it also checks that
     * the judged rows changed the plan, so that the equality shows the stream used them.
     */
    static void assertStreamGaveTheBatchModel(StreamHarness h, Map<String, Object> overrides, DMatrixRMaj data, ScoreModel streamed) {
        StreamSettings s = StreamSettings.from(h.config(overrides));
        int d = data.numCols;
        DMatrixRMaj first = new DMatrixRMaj(s.warmUpSamples(), d);
        System.arraycopy(data.data, 0, first.data, 0, first.getNumElements());
        FitOptions options = Partitioner.planOptions(s, d);
        ModelStructure structure = Fitter.plan(first, options, null);
        if (s.planReservoir() < s.warmUpSamples()) {
            DMatrixRMaj reservoir = Fitter.reservoir(first, s.planReservoir(), s.seed());
            ModelStructure alone = StructurePlanner.plan(reservoir, reservoir, structure.columns(), options, null);
            assertFalse(java.util.Arrays.equals(alone.level(0).partition().centres().data, structure.level(0).partition().centres().data),
                    "the cells planned on the reservoir alone are those of the judged warm-up: this data cannot tell whether the stream judged on the warm-up");
        }
        assertArrayEquals(ColumnsCodec.toBytes(structure.columns()), ColumnsCodec.toBytes(streamed.columns()), "the same frozen column transforms and types");
        ScoreLearner batch = new ScoreLearner(structure, s.seed(), s.forgetting(), 1e-4, 0, structure.levelCount(), Partitioner.drawSchedule(s, structure));
        long[] positions = new long[data.numRows];
        for (int i = 0; i < positions.length; i++) positions[i] = IngestStream.position(0, i);
        batch.absorb(data, positions);
        ScoreModel expected = batch.solve();
        for (int j = 0; j < expected.levelCount(); j++)
            for (int c = 0; c < expected.level(j).structure().cells(); c++) {
                double[] want = expected.level(j).coefficients(c).data, got = streamed.level(j).coefficients(c).data;
                for (int i = 0; i < want.length; i++)
                    assertEquals(want[i], got[i], 1e-8 * (1 + Math.abs(want[i])), "level " + j + " cell " + c);
            }
    }

    @Test
    void badRecordsAreDeadLetteredWithTheirReasonAndGoodOnesCountedExactly() throws Exception {
        StreamHarness h = new StreamHarness("bad", 2, dir.resolve("snap"));
        DMatrixRMaj good = Datasets.generate("gmm", 3000, 1).samples();
        List<byte[]> records = new ArrayList<>(StreamHarness.csv(good));
        Map<String, Integer> expected = new HashMap<>();
        Random rng = new Random(7);
        List<byte[]> bad = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[1 + rng.nextInt(40)];
            rng.nextBytes(garbage);
            garbage[0] = (byte) 0xff;   // never valid UTF-8 text, let alone a number
            bad.add(garbage);
        }
        bad.add("1.0".getBytes());                           // wrong dimension
        bad.add("1.0,2.0,3.0".getBytes());                   // wrong dimension
        bad.add("NaN,1.0".getBytes());                       // not finite
        bad.add("1e999,1.0".getBytes());                     // not finite
        bad.add(new byte[0]);                                // empty
        bad.add(("1," + "9".repeat(20_000)).getBytes());     // over the size limit
        int at = 0;
        for (byte[] b : bad) records.add((at += 37) % records.size(), b);
        SharedKafka.produce(h.samples, records);
        try (ScoreStreamService service = h.start(Map.of("scorestream.input.max-record-bytes", 10_000))) {
            service.awaitConsumed(records.size(), WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(3000, WAIT);
            assertEquals(3000, h.latest.get().absorbed(), "every good record once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
        }
        Map<String, Long> counted = h.latest.get().deadLetteredByReason();
        List<ConsumerRecord<byte[], byte[]>> dead = SharedKafka.consume(h.deadLetters, bad.size(), WAIT);
        assertEquals(bad.size(), dead.size());
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            var reason = r.headers().lastHeader(DeadLetters.REASON_HEADER);
            assertNotNull(reason, "reason header");
            String value = new String(reason.value(), StandardCharsets.UTF_8);
            expected.merge(value, 1, Integer::sum);
            assertNotNull(r.headers().lastHeader(DeadLetters.SOURCE_HEADER));
        }
        assertEquals(2, expected.get("wrong-dimension"), expected.toString());
        assertEquals(2, expected.get("non-finite"), expected.toString());
        assertEquals(1, expected.get("empty"), expected.toString());
        assertEquals(1, expected.get("too-large"), expected.toString());
        // The counts by reason (what /metrics exports) match the dead-letter topic's headers exactly, and survive in the snapshot.
        Map<String, Long> headers = new HashMap<>();
        expected.forEach((reason, n) -> headers.put(reason, (long) n));
        assertEquals(headers, counted);
        assertEquals(headers, new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().deadLetteredByReason());
    }

    /**
     * A node restarted on a snapshot of dimension 2 meets 40 records of 3 values first: its codec
     * takes the dimension from the partitioner's snapshot, so those 40 are dead-lettered and the
     * 2-value records after them absorbed. (A vote of its own would have chosen 3: whatever way the
     * two partitions interleave, the first 32 records hold at least 20 of 3 values.)
     */
    @Test
    void aRestartedNodeTakesTheDimensionFromTheSnapshotNotFromItsFirstRecords() throws Exception {
        StreamHarness h = new StreamHarness("adopt", 2, dir.resolve("snap"));
        SharedKafka.produce(h.samples, StreamHarness.csv(Datasets.generate("gmm", 3000, 1).samples()));
        Map<String, Object> learned = Map.of("scorestream.input.dimension", -1);
        try (ScoreStreamService first = h.start(learned)) {
            first.awaitConsumed(3000, WAIT);
            first.drain(WAIT);
            h.awaitAbsorbed(3000, WAIT);
        }
        assertEquals(2, new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().structure().dimension());

        List<byte[]> after = new ArrayList<>(StreamHarness.csv(Datasets.generate("aniso", 40, 2).samples()));   // 3 values
        after.addAll(StreamHarness.csv(Datasets.generate("gmm", 1000, 3).samples()));
        SharedKafka.produceRoundRobin(h.samples, after, 2, 0);   // 20 of 3 values at the head of each partition
        h.latest.set(null);
        try (ScoreStreamService second = h.start(learned)) {
            Partitioner.Progress p = second.awaitConsumed(3000 + after.size(), WAIT);
            assertEquals(4000, p.absorbed(), "the 2-value records after the restart are absorbed");
            assertEquals(40, p.deadLettered());
            assertEquals(Map.of("wrong-dimension", 40L), p.deadLetteredByReason());
            second.drain(WAIT);
            h.awaitAbsorbed(4000, WAIT);
        }
        List<ConsumerRecord<byte[], byte[]>> dead = SharedKafka.consume(h.deadLetters, 40, WAIT);
        assertEquals(40, dead.size());
        for (ConsumerRecord<byte[], byte[]> r : dead)
            assertEquals("expected 2 values, found 3", new String(r.headers().lastHeader(DeadLetters.MESSAGE_HEADER).value(), StandardCharsets.UTF_8));
        assertEquals(4000, new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().absorbed());
    }

    /**
     * On the singleton path, which versions exactly every model-every-samples records, so a model of
     * 5000 comes while most of the 12 000 still wait. The partition-local path versions on a
     * cadence (its learners absorb all 12 000 before the first count); its abrupt stops are
     * ScenariosTest's crash loop and ClusterProcessTest's SIGKILL of a node, on that path.
     */
    @Test
    void anAbruptStopResumesFromTheSnapshotWithNothingLostOrCountedTwice() throws Exception {
        StreamHarness h = new StreamHarness("crash", 2, dir.resolve("snap"));
        DMatrixRMaj data = Datasets.generate("gmm", 12_000, 1).samples();
        SharedKafka.produce(h.samples, StreamHarness.csv(data));
        Map<String, Object> frequent = Map.of("scorestream.learning.model-every-samples", 1000, "scorestream.cluster.record-path", "singleton");
        ScoreStreamService first = h.start(frequent);
        h.awaitAbsorbed(5000, WAIT);
        first.kill();   // no drain: whatever was absorbed after the last snapshot is lost from memory
        long atCrash = h.latest.get().absorbed();
        assertTrue(atCrash < 12_000, "stopped mid-stream");
        h.latest.set(null);
        try (ScoreStreamService second = h.start(frequent)) {
            second.awaitConsumed(12_000, WAIT);
            second.drain(WAIT);
            h.awaitAbsorbed(12_000, WAIT);
            assertEquals(12_000, h.latest.get().absorbed());
        }
        LearnerState state = new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow();
        assertEquals(12_000, state.absorbed());
        for (int level : new int[]{0, 50, 99}) {
            assertEquals(12_000, state.recordsAt(level), 1e-6, "level " + level + ": each record in the statistics exactly once");
        }
    }

    @Test
    void aFailingActorIsRestartedFromTheNewestSnapshot() throws Exception {
        StreamHarness h = new StreamHarness("supervise", 2, dir.resolve("snap"));
        DMatrixRMaj data = Datasets.generate("gmm", 12_000, 1).samples();
        List<byte[]> records = StreamHarness.csv(data);
        SharedKafka.produce(h.samples, records.subList(0, 4000));
        Path aside = dir.resolve("snap-aside");
        // A learner that fails mid-round never reports that round. The restarted learner says so and
        // the partition-local planner builds the round without it at once: a band-timeout far beyond
        // WAIT makes a planner that waited for the lost report fail this test.
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.model-every-samples", 1000, "scorestream.cluster.band-timeout", "10m"))) {
            service.awaitConsumed(4000, WAIT);
            // A model, and so a snapshot, exists (on the partition-local path versions follow the counts a moment later).
            h.awaitAbsorbed(1000, WAIT);
            // The snapshot storage disappears: the next snapshot fails, and the pipeline with it.
            java.nio.file.Files.move(h.snapshots, aside);
            java.nio.file.Files.writeString(h.snapshots, "not a directory");
            // The rest of the records arrive meanwhile: their rounds' snapshots fail (with all 12 000
            // on the topic from the start, a quick machine had learned and published them all before
            // the storage went, and nothing failed).
            SharedKafka.produce(h.samples, records.subList(4000, records.size()));
            Thread.sleep(3000);
            // A model is published only after its snapshot is written, and none can be written now:
            // every version ever announced has its snapshot in the moved-away directory.
            long newestWritten = new SnapshotStore(aside, w -> {}).loadLatest().orElseThrow().modelVersion();
            assertTrue(h.latest.get().model().info().version() <= newestWritten, "no snapshot can be written meanwhile");
            // Storage comes back: a restart loads the newest snapshot and resumes from its offsets.
            java.nio.file.Files.delete(h.snapshots);
            java.nio.file.Files.move(aside, h.snapshots);
            // Records a learner read but had not snapshotted when it failed are read again by its next
            // incarnation: counts reported before a failure may already say 12 000 while the restarted
            // learner waits for its partitions (a drain then would publish less, nothing lost). A
            // model written after storage came back shows the pipeline recovered; only then count.
            long recovered = System.nanoTime() + WAIT.toNanos();
            while (h.latest.get().model().info().version() <= newestWritten && System.nanoTime() < recovered) Thread.sleep(50);
            assertTrue(h.latest.get().model().info().version() > newestWritten, "a model after storage came back within " + WAIT);
            service.awaitConsumed(12_000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(12_000, WAIT);
            assertEquals(12_000, h.latest.get().absorbed(), "nothing lost, nothing twice");
        }
        LearnerState state = new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow();
        assertEquals(state.absorbed(), state.recordsAt(0), 1e-6, "the snapshot's statistics hold each absorbed record once");
    }

    @Test
    void aBrokerThatGoesAwayAndComesBackIsReconnectedTo() throws Exception {
        StreamHarness h = new StreamHarness("outage", 2, dir.resolve("snap"));
        DMatrixRMaj data = Datasets.generate("gmm", 8000, 1).samples();
        DMatrixRMaj firstHalf = new DMatrixRMaj(4000, 2), secondHalf = new DMatrixRMaj(4000, 2);
        System.arraycopy(data.data, 0, firstHalf.data, 0, 8000);
        System.arraycopy(data.data, 8000, secondHalf.data, 0, 8000);
        SharedKafka.produce(h.samples, StreamHarness.csv(firstHalf));
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.model-every-samples", 1000))) {
            service.awaitConsumed(4000, WAIT);
            SharedKafka.broker().stopBroker();
            Thread.sleep(3000);          // the consumer and the dead-letter producer now see no broker
            SharedKafka.broker().restartBroker();
            SharedKafka.produce(h.samples, StreamHarness.csv(secondHalf));
            service.awaitConsumed(8000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(8000, WAIT);
            assertEquals(8000, h.latest.get().absorbed(), "nothing lost, nothing twice");
        }
    }

    /**
     * Forgetting on the partition-local path (auto chooses it: no re-planning): each partition's
     * statistics decay by that partition's own records — among the n_p good records of partition
     * p, the one at p's k-th place weighs λ^(n_p − 1 − k) — and the model is their sum over the
     * partitions: to 1e-8 the model of per-partition batch learners with those weights, merged.
     * Uneven partitions (4 000 and 2 000 records) make it differ from a decay over the whole stream.
     */
    @Test
    void forgettingOnThePartitionLocalPathDecaysEachPartitionByItsOwnRecords() throws Exception {
        StreamHarness h = new StreamHarness("local-forget", 2, dir.resolve("snap"));
        DMatrixRMaj data = Datasets.generate("gmm", 6000, 1).samples();
        int d = data.numCols;
        List<byte[]> records = StreamHarness.csv(data);
        // Records 0..3999 alternate between the partitions; 4000..5999 all go to partition 0.
        SharedKafka.produceRoundRobin(h.samples, records.subList(0, 4000), 2, 0);
        SharedKafka.produceRoundRobin(h.samples, records.subList(4000, 6000), 1, 0);
        double lambda = 0.999;
        StreamSettings s;
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.forgetting", lambda, "scorestream.cluster.record-path", "auto"))) {
            s = service.settings();
            assertEquals(StreamSettings.RecordPath.PARTITION_LOCAL, s.recordPath(), s.describeRecordPath());
            service.awaitConsumed(6000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(6000, WAIT);
        }
        ModelAssembler.ModelUpdated streamed = h.latest.get();
        assertEquals(Map.of(0, 4000L, 1, 2000L), streamed.nextOffsets());
        ModelStructure structure = new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().structure();
        ScoreLearner batch = null;
        for (int p = 0; p < 2; p++) {
            List<Integer> rowsOfP = new ArrayList<>();
            for (int i = 0; i < 6000; i++) if (i < 4000 ? i % 2 == p : p == 0) rowsOfP.add(i);
            DMatrixRMaj rows = new DMatrixRMaj(rowsOfP.size(), d);
            long[] positions = new long[rowsOfP.size()];
            for (int k = 0; k < rowsOfP.size(); k++) {
                System.arraycopy(data.data, rowsOfP.get(k) * d, rows.data, k * d, d);
                positions[k] = IngestStream.position(p, k);
            }
            ScoreLearner partition = new ScoreLearner(structure, s.seed(), lambda, BandRegressor.RIDGE, 0, structure.levelCount(), Partitioner.drawSchedule(s, structure));
            partition.absorb(rows, positions);
            if (batch == null) batch = partition;
            else batch.merge(partition);
        }
        ScoreModel expected = batch.solve(), got = streamed.model();
        for (int j = 0; j < expected.levelCount(); j++)
            for (int c = 0; c < expected.level(j).structure().cells(); c++) {
                double[] want = expected.level(j).coefficients(c).data, have = got.level(j).coefficients(c).data;
                for (int i = 0; i < want.length; i++)
                    assertEquals(want[i], have[i], 1e-8 * (1 + Math.abs(want[i])), "level " + j + " cell " + c);
            }
    }

    @Test
    void followsADriftingStreamWithForgetting() throws Exception {
        StreamHarness h = new StreamHarness("drift", 1, dir.resolve("snap"));
        DMatrixRMaj before = Datasets.generate("gmm", 8000, 1).samples();
        DMatrixRMaj after = Datasets.generate("gmm", 12_000, 2).samples();
        for (int i = 0; i < after.numRows; i++) { after.add(i, 0, 20); after.add(i, 1, -10); }   // the mixture moves
        SharedKafka.produce(h.samples, StreamHarness.csv(before));
        SharedKafka.produce(h.samples, StreamHarness.csv(after));
        Map<String, Object> drifting = Map.of("scorestream.learning.forgetting", 0.9995,
                "scorestream.learning.replan-every-samples", 4000, "scorestream.learning.model-every-samples", 2000);
        try (ScoreStreamService service = h.start(drifting)) {
            service.awaitConsumed(20_000, WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(20_000, WAIT);
            DMatrixRMaj generated = service.samples(4000, 9);
            DMatrixRMaj reference = new DMatrixRMaj(4000, 2);
            System.arraycopy(after.data, (after.numRows - 4000) * 2, reference.data, 0, 8000);
            double acc = TwoSampleMetrics.compare(generated, reference, 1).classifierAccuracy();
            // 12 000 samples after the shift (6 effective windows of 1/(1−γ) = 2000): the old mixture is gone.
            assertTrue(acc < 0.58, "generator follows the shifted mixture: accuracy " + acc);
        }
    }
}
