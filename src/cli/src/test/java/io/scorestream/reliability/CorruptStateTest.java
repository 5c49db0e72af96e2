package io.scorestream.reliability;

import io.scorestream.data.Datasets;
import io.scorestream.kafka.KafkaStateStore;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.LearnerStateCodec;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.model.Framing;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.stream.ModelFollower;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Corrupt state: the newest snapshot, in a directory or in the compacted state topic, is
 * truncated or bit-flipped while the node is down. It is detected, the previous good snapshot is
 * loaded (never a silent wrong model), and the stream still ends with every record absorbed once.
 *
 * <p>The cases run side by side (each its own topics, node and directory): what they assert is
 * which snapshot is loaded and the counts at the end, which no waiting changes.
 */
class CorruptStateTest {
    static final int RECORDS = 6000;
    /**
     * The cases that corrupt the model's own snapshot series run the singleton path, which restarts
     * from it; the partition-local path restarts each partition from its own series instead, and
     * its case is {@link #aBitFlippedNewestPartitionSnapshotFallsBackToThatPartitionsPreviousOne}.
     */
    static final Map<String, Object> FREQUENT = Map.of("scorestream.learning.model-every-samples", 1000, "scorestream.cluster.record-path", "singleton");
    @TempDir Path dir;

    static byte[] truncate(byte[] b) { return Arrays.copyOf(b, b.length / 2); }

    static byte[] flipMiddle(byte[] b) {
        byte[] c = b.clone();
        for (int i = 0; i < 4; i++) c[c.length / 2 + i] ^= (byte) 0x5a;
        return c;
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTruncatedNewestSnapshotFileFallsBackToThePreviousOne() throws Exception {
        corruptNewestFile("trunc", CorruptStateTest::truncate, "corrupt or truncated");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBitFlippedNewestSnapshotFileFallsBackToThePreviousOne() throws Exception {
        corruptNewestFile("flip", CorruptStateTest::flipMiddle, "checksum mismatch");
    }

    void corruptNewestFile(String name, UnaryOperator<byte[]> corrupt, String expectedWarning) throws Exception {
        Harness h = new Harness(SharedKafka.broker(), "corrupt-" + name, 1, dir.resolve("snap"));
        SharedKafka.produce(h.samples, Harness.csv(Datasets.generate("gmm", RECORDS, 1).samples()));
        ScoreStreamService first = h.start(FREQUENT);
        h.awaitAbsorbed(3000, Harness.WAIT);
        first.kill();
        List<Path> files = snapshotFiles(h.snapshots);
        assertTrue(files.size() >= 2, "at least two snapshots written: " + files);
        Path newest = files.get(0);
        LearnerState previous = LearnerStateCodec.decode(Files.readAllBytes(files.get(1)), files.get(1).toString());
        LearnerState intact = LearnerStateCodec.decode(Files.readAllBytes(newest), newest.toString());
        Files.write(newest, corrupt.apply(Files.readAllBytes(newest)));

        // The store itself: the corrupt file is reported by name and the one before it loaded.
        List<String> warnings = new ArrayList<>();
        LearnerState loaded = new SnapshotStore(h.snapshots, warnings::add).loadLatest().orElseThrow();
        assertEquals(previous.modelVersion(), loaded.modelVersion());
        assertEquals(previous.absorbed(), loaded.absorbed());
        assertTrue(loaded.absorbed() < intact.absorbed());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(newest.getFileName().toString()) && warnings.get(0).contains(expectedWarning), warnings.get(0));

        resumeAndCheck(h, previous, FREQUENT);
        LearnerState last = new SnapshotStore(h.snapshots, w -> fail("unexpected warning after the run: " + w)).loadLatest().orElseThrow();
        assertEquals(RECORDS, last.absorbed());
        Harness.assertRowsEverywhere(last, RECORDS);
        System.out.printf("corrupt-state %s: snapshots %d, newest v%d (%d absorbed) corrupted, resumed from v%d (%d absorbed), end %d/%d absorbed%n",
                name, files.size(), intact.modelVersion(), intact.absorbed(), previous.modelVersion(), previous.absorbed(), last.absorbed(), RECORDS);
    }

    /**
     * The partition-local record path keeps one snapshot series per Kafka partition
     * (snapshot-dir/partition-NNNN/): a bit-flipped newest one of a partition is reported by name, the
     * one before it loaded, and the restarted node re-reads that partition from its offset — every
     * record absorbed once in the end.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBitFlippedNewestPartitionSnapshotFallsBackToThatPartitionsPreviousOne() throws Exception {
        Map<String, Object> local = Map.of("scorestream.cluster.record-path", "partition-local", "scorestream.learning.model-max-age", "1s");
        Harness h = new Harness(SharedKafka.broker(), "corrupt-partition", 1, dir.resolve("snap"));
        List<byte[]> records = Harness.csv(Datasets.generate("gmm", RECORDS, 1).samples());
        try (ScoreStreamService first = h.start(local)) {
            SharedKafka.produce(h.samples, records.subList(0, RECORDS / 2));
            h.awaitAbsorbed(RECORDS / 2, Harness.WAIT);   // a snapshot of partition 0 at offset 3000 (written before the model)
            SharedKafka.produce(h.samples, records.subList(RECORDS / 2, RECORDS));
            h.awaitAbsorbed(RECORDS, Harness.WAIT);       // and one at 6000
        }
        Path partition = h.snapshots.resolve("partition-0000");
        List<Path> files = snapshotFiles(partition);
        assertTrue(files.size() >= 2, "at least two snapshots of partition 0: " + files);
        Path newest = files.get(0);
        LearnerState previous = LearnerStateCodec.decode(Files.readAllBytes(files.get(1)), files.get(1).toString());
        Files.write(newest, flipMiddle(Files.readAllBytes(newest)));

        List<String> warnings = new ArrayList<>();
        LearnerState loaded = new SnapshotStore(partition, warnings::add).loadLatest().orElseThrow();
        assertEquals(previous.nextOffsets(), loaded.nextOffsets());
        assertTrue(loaded.absorbed() < RECORDS, "the previous snapshot is a shorter prefix: " + loaded.absorbed());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(newest.getFileName().toString()) && warnings.get(0).contains("checksum mismatch"), warnings.get(0));

        h.latest.set(null);
        ModelAssembler.ModelUpdated end = h.runToEnd(local, RECORDS, RECORDS);
        assertEquals(RECORDS, end.absorbed(), "every record absorbed once");
        assertEquals(Map.of(0, (long) RECORDS), end.nextOffsets());
        LearnerState merged = new SnapshotStore(h.snapshots, w -> fail("unexpected warning in the merged snapshots: " + w)).loadLatest().orElseThrow();
        assertEquals(RECORDS, merged.absorbed());
        Harness.assertRowsEverywhere(merged, RECORDS);
        LearnerState partitionEnd = new SnapshotStore(partition, w -> {}).loadLatest().orElseThrow();
        assertEquals(RECORDS, partitionEnd.absorbed(), "partition 0's own newest snapshot: every record once");
        System.out.printf("corrupt-state partition-local: partition 0's newest snapshot (%s) corrupted, resumed from offset %d (%d absorbed), end %d/%d%n",
                newest.getFileName(), previous.nextOffsets().get(0), previous.absorbed(), end.absorbed(), RECORDS);
    }

    /**
     * The same in the state topic: partition 0's newest snapshot record (keys partition-0000/…) is
     * bit-flipped in a copy of the topic; a node restarted on the copy reports it, loads that
     * partition's previous version, re-reads from its offset, and every record ends up absorbed
     * once — in the model, the merged snapshot and partition 0's own newest snapshot.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBitFlippedNewestPartitionStateRecordFallsBackToThatPartitionsPreviousVersion() throws Exception {
        Harness h = new Harness(SharedKafka.broker(), "corrupt-partition-topic", 1, dir.resolve("unused-partition-topic"));
        List<byte[]> input = Harness.csv(Datasets.generate("gmm", RECORDS, 1).samples());
        Map<String, Object> client = Map.of("bootstrap.servers", SharedKafka.bootstrapServers());
        String state = SharedKafka.uniqueTopic("corrupt-partition-state", 1, Map.of("cleanup.policy", "compact"));
        // model-max-age 1 s, as in the directory case: the models at 3 000 and 6 000 records (and the
        // partition snapshots written before them) come within a second instead of the default 30 s.
        Map<String, Object> local = new java.util.HashMap<>(Map.of("scorestream.cluster.record-path", "partition-local",
                "scorestream.learning.model-every-samples", 1000, "scorestream.learning.model-max-age", "1s", "scorestream.snapshot-topic", state));
        try (ScoreStreamService first = h.start(local)) {
            SharedKafka.produce(h.samples, input.subList(0, RECORDS / 2));
            h.awaitAbsorbed(RECORDS / 2, Harness.WAIT);   // a snapshot of partition 0 at offset 3000 at least
            SharedKafka.produce(h.samples, input.subList(RECORDS / 2, RECORDS));
            h.awaitAbsorbed(RECORDS, Harness.WAIT);       // and one at 6000
        }
        String prefix = "partition-0000/";
        List<ConsumerRecord<byte[], byte[]>> records = Harness.readAll(client, state);
        java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> ofPartition = r -> r.key() != null && r.value() != null && new String(r.key(), StandardCharsets.UTF_8).startsWith(prefix);
        long newestVersion = records.stream().filter(ofPartition).mapToLong(r -> Chunk.parse(r.value()).version()).max().orElseThrow();
        assertEquals(RECORDS, newestVersion, "partition 0's newest snapshot is at its end (its version is its next offset)");
        ConsumerRecord<byte[], byte[]> newest = records.stream().filter(ofPartition).filter(r -> Chunk.parse(r.value()).version() == newestVersion).findFirst().orElseThrow();
        String copy = SharedKafka.uniqueTopic("corrupt-partition-state-copy", 1, Map.of("cleanup.policy", "compact"));
        List<byte[]> keys = new ArrayList<>(), values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            keys.add(r.key());
            values.add(r == newest ? flipMiddle(r.value()) : r.value());
        }
        Harness.produce(client, copy, keys, values);

        List<String> warnings = new ArrayList<>();
        LearnerState loaded = new KafkaStateStore(client, copy, warnings::add, prefix).loadLatest().orElseThrow();
        long resumedAt = loaded.nextOffsets().get(0);
        assertTrue(resumedAt < RECORDS, "the previous version, a shorter prefix: " + resumedAt);
        assertEquals(resumedAt, loaded.absorbed());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("skipping"), warnings.get(0));

        h.latest.set(null);
        local.put("scorestream.snapshot-topic", copy);
        ModelAssembler.ModelUpdated end = h.runToEnd(local, RECORDS, RECORDS);
        assertEquals(RECORDS, end.absorbed(), "every record absorbed once");
        assertEquals(Map.of(0, (long) RECORDS), end.nextOffsets());
        LearnerState merged = new KafkaStateStore(client, copy, w -> {}).loadLatest().orElseThrow();
        assertEquals(RECORDS, merged.absorbed());
        Harness.assertRowsEverywhere(merged, RECORDS);
        LearnerState partitionEnd = new KafkaStateStore(client, copy, w -> {}, prefix).loadLatest().orElseThrow();
        assertEquals(RECORDS, partitionEnd.absorbed(), "partition 0's own newest snapshot: every record once");
        Harness.assertRowsEverywhere(partitionEnd, RECORDS);
        System.out.printf("corrupt-state partition-local topic: partition 0's newest record (offset %d) flipped, resumed from offset %d, end %d/%d; warning: %s%n",
                newestVersion, resumedAt, end.absorbed(), RECORDS, warnings.get(0));
    }

    /**
     * Restarts a node: the first model it writes continues from the previous snapshot, and it ends
     * with every record absorbed once. The first version is read from the model topic's progress
     * records, not from the announced models: the follower announces only the newest complete
     * version it has read, so on a slow machine the first one it announces may be a later one.
     */
    static void resumeAndCheck(Harness h, LearnerState previous, Map<String, Object> overrides) throws Exception {
        h.latest.set(null);
        Map<String, Object> client = Map.of("bootstrap.servers", h.broker.bootstrapServers());
        long before = Harness.readAll(client, h.model).size();   // the first node's records (one partition, not yet compacted)
        ModelAssembler.ModelUpdated end = h.runToEnd(overrides, RECORDS, RECORDS);
        assertEquals(RECORDS, end.absorbed(), "every record absorbed once");
        assertEquals(0, end.deadLettered());
        ModelFollower.Progress firstAfter = Harness.readAll(client, h.model).stream()
                .filter(r -> r.offset() >= before)
                .filter(r -> r.key() != null && ModelFollower.PROGRESS_KEY.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> {
                    try {
                        return ModelFollower.Progress.fromBytes(r.value());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .min(java.util.Comparator.comparingLong(ModelFollower.Progress::version)).orElseThrow();
        // Model versions continue from the loaded snapshot; a start from nothing would begin again at 1.
        assertEquals(previous.modelVersion() + 1, firstAfter.version(), "resumed from the previous snapshot");
        assertTrue(firstAfter.absorbed() > previous.absorbed());
    }

    static List<Path> snapshotFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("snapshot-\\d+\\.bin"))
                    .sorted(java.util.Comparator.comparing(Path::toString).reversed()).toList();
        }
    }

    // ---- the compacted state topic ----

    private static final byte[] CHUNK_MAGIC = "SCSTSTAT".getBytes(StandardCharsets.US_ASCII);

    /** (version, index, count, data) of a state-topic record, or null when it does not read back. */
    record Chunk(long version, int index, int count, byte[] data) {
        static Chunk parse(byte[] value) {
            try {
                DataInputStream in = Framing.read(value, CHUNK_MAGIC, 1, "chunk", "test");
                long v = in.readLong();
                int index = in.readInt(), count = in.readInt(), length = in.readInt();
                return new Chunk(v, index, count, in.readNBytes(length));
            } catch (RuntimeException | IOException e) {
                return null;
            }
        }

        /** Framed exactly as KafkaStateStore frames a chunk: a record that passes the chunk checks. */
        byte[] frame() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Framing.write(out, CHUNK_MAGIC, 1, o -> {
                o.writeLong(version);
                o.writeInt(index);
                o.writeInt(count);
                o.writeInt(data.length);
                o.write(data);
            });
            return out.toByteArray();
        }
    }

    enum TopicCorruption { TRUNCATED_RECORD, FLIPPED_RECORD, GARBAGE_RECORD, WELL_FRAMED_TRUNCATED_SNAPSHOT }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTruncatedNewestStateRecordFallsBackToThePreviousVersion() throws Exception {
        corruptNewestInTopic(TopicCorruption.TRUNCATED_RECORD);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBitFlippedNewestStateRecordFallsBackToThePreviousVersion() throws Exception {
        corruptNewestInTopic(TopicCorruption.FLIPPED_RECORD);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aGarbageRecordUnderTheNewestKeyFallsBackToThePreviousVersion() throws Exception {
        corruptNewestInTopic(TopicCorruption.GARBAGE_RECORD);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aWellFramedChunkHoldingATruncatedSnapshotFallsBackToThePreviousVersion() throws Exception {
        corruptNewestInTopic(TopicCorruption.WELL_FRAMED_TRUNCATED_SNAPSHOT);
    }

    /** A state topic a node wrote snapshots to until it was killed mid-stream, and every record it holds. */
    record KilledRun(String state, List<ConsumerRecord<byte[], byte[]>> records) {}

    private static KilledRun killedRun;

    /**
     * The state topic of one node over RECORDS records (a snapshot every 1 000), killed once it had
     * absorbed 3 000: written once and read by all four topic cases, each of which corrupts a copy
     * of its own (what the cases differ in is the corruption, not the writing).
     */
    static synchronized KilledRun killedRun(Path dir) throws Exception {
        if (killedRun == null) {
            Harness h = new Harness(SharedKafka.broker(), "corrupt-topic-writer", 1, dir.resolve("unused-writer"));
            SharedKafka.produce(h.samples, Harness.csv(Datasets.generate("gmm", RECORDS, 1).samples()));
            String state = SharedKafka.uniqueTopic("corrupt-state", 1, Map.of("cleanup.policy", "compact"));
            ScoreStreamService first = h.start(Map.of("scorestream.learning.model-every-samples", 1000, "scorestream.snapshot-topic", state, "scorestream.cluster.record-path", "singleton"));
            h.awaitAbsorbed(3000, Harness.WAIT);
            first.kill();
            killedRun = new KilledRun(state, Harness.readAll(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), state));
        }
        return killedRun;
    }

    /**
     * Takes the snapshots a node wrote to a state topic, then builds the topic as a torn or damaged
     * write would leave it: a copy of it in which the newest version's record is replaced by a
     * corrupt one (compaction keeps only the newest record per key, so the intact one would be
     * gone). A node restarted on the copy loads the previous version and still absorbs every record
     * once. It reads a samples topic of its own holding the same records at the same offsets as the
     * writer's (a snapshot names partitions and offsets, not the topic).
     */
    void corruptNewestInTopic(TopicCorruption how) throws Exception {
        Harness h = new Harness(SharedKafka.broker(), "corrupt-topic-" + how.name().toLowerCase(), 1, dir.resolve("unused-" + how));
        SharedKafka.produce(h.samples, Harness.csv(Datasets.generate("gmm", RECORDS, 1).samples()));
        Map<String, Object> client = Map.of("bootstrap.servers", SharedKafka.bootstrapServers());
        KilledRun run = killedRun(dir);
        String state = run.state();
        List<ConsumerRecord<byte[], byte[]>> records = run.records();
        long newestVersion = records.stream().map(r -> Chunk.parse(r.value())).mapToLong(Chunk::version).max().orElseThrow();
        List<ConsumerRecord<byte[], byte[]>> newest = records.stream().filter(r -> Chunk.parse(r.value()).version() == newestVersion).toList();
        assertEquals(1, newest.size(), "one chunk per snapshot at this size");
        LearnerState intact = new KafkaStateStore(client, state, w -> {}).loadLatest().orElseThrow();
        assertEquals(newestVersion, intact.modelVersion());

        String copy = SharedKafka.uniqueTopic("corrupt-state-copy", 1, Map.of("cleanup.policy", "compact"));
        List<byte[]> keys = new ArrayList<>(), values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            keys.add(r.key());
            byte[] value = r.value();
            if (r == newest.get(0)) value = switch (how) {
                case TRUNCATED_RECORD -> truncate(value);
                case FLIPPED_RECORD -> flipMiddle(value);
                case GARBAGE_RECORD -> "not a snapshot at all".getBytes(StandardCharsets.UTF_8);
                case WELL_FRAMED_TRUNCATED_SNAPSHOT -> {
                    Chunk c = Chunk.parse(value);
                    yield new Chunk(c.version(), c.index(), c.count(), truncate(c.data())).frame();
                }
            };
            values.add(value);
        }
        Harness.produce(client, copy, keys, values);

        List<String> warnings = new ArrayList<>();
        LearnerState loaded = new KafkaStateStore(client, copy, warnings::add).loadLatest().orElseThrow();
        assertTrue(loaded.modelVersion() < newestVersion, "the corrupt newest version is not loaded");
        assertEquals(newestVersion - 1, loaded.modelVersion(), "the version before it is");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("skipping"), warnings.get(0));

        resumeAndCheck(h, loaded, Map.of("scorestream.learning.model-every-samples", 1000, "scorestream.snapshot-topic", copy, "scorestream.cluster.record-path", "singleton"));
        LearnerState last = new KafkaStateStore(client, copy, w -> {}).loadLatest().orElseThrow();
        assertEquals(RECORDS, last.absorbed());
        Harness.assertRowsEverywhere(last, RECORDS);
        System.out.printf("corrupt-state topic %s: newest v%d (%d absorbed) corrupted, resumed from v%d (%d absorbed), end %d/%d absorbed; warning: %s%n",
                how, newestVersion, intact.absorbed(), loaded.modelVersion(), loaded.absorbed(), last.absorbed(), RECORDS, warnings.get(0));
    }
}
