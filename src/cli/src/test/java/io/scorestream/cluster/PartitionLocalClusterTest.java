package io.scorestream.cluster;

import io.scorestream.data.Datasets;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.kafka.KafkaStateStore;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.Fitter;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.stream.IngestStream;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.stream.Partitioner;
import io.scorestream.stream.StreamSettings;
import io.scorestream.testing.SharedKafka;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.function.Predicate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.scorestream.cluster.ClusterTest.PARTITIONS;
import static io.scorestream.cluster.ClusterTest.WAIT;
import static io.scorestream.cluster.ClusterTest.WARM_UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partition-local record path (scorestream.cluster.record-path = partition-local): each node
 * absorbs the partitions Kafka gives it into statistics of its own, snapshotted per partition with
 * its offset, and the planner singleton merges them into the model. Real broker, real actor
 * systems on loopback, as {@link ClusterTest}.
 */
class PartitionLocalClusterTest {
    static final Map<String, Object> PARTITION_LOCAL = Map.of("scorestream.cluster.record-path", "partition-local");
    @TempDir Path dir;

    /**
     * Three nodes, bad records among the good: a model version comes every model-every-samples
     * absorbed records (counted by the planner from the learners' counts; model-max-age is far
     * off), and the last model is the batch model of the good records (planned on the first
     * warm-up records in position order, every record absorbed once) to 1e-8, and every bad record
     * is counted once.
     */
    @Test
    void threeNodesInOnePassVersionEveryNRecordsAndGiveTheBatchModel() throws Exception {
        ClusterTest.Deployment cluster = new ClusterTest.Deployment("local-batch", dir);
        long every = 1500;
        int chunk = 500;
        Map<String, Object> settings = new java.util.HashMap<>(PARTITION_LOCAL);
        settings.put("scorestream.learning.model-every-samples", every);
        settings.put("scorestream.learning.model-max-age", "10m");
        // The structure chosen on a random half of the warm-up and judged on all of it, as fit plans its rows.
        settings.put("scorestream.learning.plan-reservoir", WARM_UP / 2);
        DMatrixRMaj data = Datasets.generate("aniso", 8000, 1).samples();
        List<byte[]> records = ClusterTest.csv(data);
        for (int i = 3000; i < records.size(); i += 250) records.set(i, "not,a,number".getBytes(StandardCharsets.UTF_8));
        int bad = (int) records.stream().filter(r -> r[0] == 'n').count();
        int[] port = EmbeddedKafka.freePorts(3);
        List<ScoreStreamService> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) nodes.add(cluster.start(port[i], port[0], settings));
            ClusterTest.awaitMembers(nodes.get(0), 3);
            SharedKafka.produceRoundRobin(cluster.samples, records.subList(0, WARM_UP), PARTITIONS, 0);
            ClusterTest.awaitProgress(nodes.get(0), WARM_UP);
            ModelAssembler.ModelUpdated version = cluster.awaitVersionAfter(0);
            assertTrue(version.absorbed() >= every && version.absorbed() <= WARM_UP, "the first version, of the warm-up: " + version.absorbed());
            // The rest in chunks, each absorbed before the next: whenever every records have come since
            // the last version, the next one comes (by count alone), with at least every more and at most every + chunk.
            for (int from = WARM_UP; from < records.size(); from += chunk) {
                SharedKafka.produceRoundRobin(cluster.samples, records.subList(from, from + chunk), PARTITIONS, from);
                long good = awaitConsumed(nodes.get(0), from + chunk).absorbed();
                if (good - version.absorbed() < every) continue;
                ModelAssembler.ModelUpdated next = cluster.awaitVersionAfter(version.model().info().version());
                long since = next.absorbed() - version.absorbed();
                assertTrue(since >= every && since <= every + chunk, "v" + next.model().info().version() + " came " + since + " records after the last");
                version = next;
            }
            List<ModelAssembler.ModelUpdated> versions = cluster.versions();
            assertTrue(versions.size() >= (records.size() - every) / (every + chunk), versions.size() + " versions before the drain");
            for (int k = 1; k < versions.size(); k++)
                assertTrue(versions.get(k).absorbed() - versions.get(k - 1).absorbed() >= every, "no version before every records: " + versions.get(k).absorbed() + " after " + versions.get(k - 1).absorbed());
            Partitioner.Progress p = awaitConsumed(nodes.get(0), records.size());
            assertEquals(records.size() - bad, p.absorbed(), "every good record absorbed once");
            assertEquals(bad, p.deadLettered(), "every bad record dead-lettered once");
            assertEquals(3, ClusterTest.consumerGroupMembers(cluster.samples + "-group"), "one reader per node in the consumer group");
            nodes.get(0).drain(WAIT);
            ModelAssembler.ModelUpdated last = cluster.awaitModel(records.size() - bad);
            assertEquals(records.size() - bad, last.absorbed());
            assertEquals(bad, last.deadLettered());
            assertEquals(Map.of(0, 8000L / 3 + 1, 1, 8000L / 3 + 1, 2, 8000L / 3), last.nextOffsets(), "the model's offsets are the partitions' ends");

            StreamSettings s = nodes.get(0).settings();
            int d = data.numCols;
            // The first warm-up records are those of offsets [0, WARM_UP / 3) of each partition; in position order, partition by partition.
            DMatrixRMaj first = new DMatrixRMaj(WARM_UP, d);
            long[] positions = new long[records.size()];
            for (int i = 0; i < records.size(); i++) positions[i] = IngestStream.position(i % PARTITIONS, i / PARTITIONS);
            Integer[] order = new Integer[WARM_UP];
            for (int i = 0; i < WARM_UP; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Long.compare(positions[a], positions[b]));
            for (int i = 0; i < WARM_UP; i++) System.arraycopy(data.data, order[i] * d, first.data, i * d, d);
            ModelStructure planned = Fitter.plan(first, Partitioner.planOptions(s, d), null);
            ScoreLearner batch = new ScoreLearner(planned, s.seed(), s.forgetting(), 1e-4, 0, planned.levelCount(), Partitioner.drawSchedule(s, planned));
            List<Integer> good = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) if (records.get(i)[0] != 'n') good.add(i);
            DMatrixRMaj rows = new DMatrixRMaj(good.size(), d);
            long[] goodPositions = new long[good.size()];
            for (int k = 0; k < good.size(); k++) {
                System.arraycopy(data.data, good.get(k) * d, rows.data, k * d, d);
                goodPositions[k] = positions[good.get(k)];
            }
            batch.absorb(rows, goodPositions);
            ScoreModel expected = batch.solve(), streamed = last.model();
            for (int j = 0; j < expected.levelCount(); j++)
                for (int c = 0; c < expected.level(j).structure().cells(); c++) {
                    double[] want = expected.level(j).coefficients(c).data, got = streamed.level(j).coefficients(c).data;
                    for (int i = 0; i < want.length; i++)
                        assertEquals(want[i], got[i], 1e-8 * (1 + Math.abs(want[i])), "level " + j + " cell " + c);
                }
        } finally {
            nodes.forEach(ScoreStreamService::close);
        }
    }

    /**
     * Records flow the whole time while a second node joins (the consumer group gives it some of
     * the first node's partitions) and then leaves (they come back): each partition resumes from
     * its snapshot, and at the end every good record is absorbed once — in the counts, in the
     * model and in every level's statistics (its total weight: one per record).
     */
    @Test
    void partitionsMoveBetweenNodesWhileRecordsFlowAndEachRecordIsAbsorbedOnce() throws Exception {
        ClusterTest.Deployment cluster = new ClusterTest.Deployment("local-rebalance", dir);
        int n = 12_000;
        List<byte[]> records = ClusterTest.csv(Datasets.generate("gmm", n, 1).samples());
        for (int i = WARM_UP + 100; i < n; i += 500) records.set(i, "1.0,oops".getBytes(StandardCharsets.UTF_8));
        int bad = (int) records.stream().filter(r -> new String(r, StandardCharsets.UTF_8).contains("oops")).count();
        int[] port = EmbeddedKafka.freePorts(2);
        List<ScoreStreamService> nodes = new ArrayList<>();
        try {
            nodes.add(cluster.start(port[0], port[0], PARTITION_LOCAL));
            SharedKafka.produceRoundRobin(cluster.samples, records.subList(0, WARM_UP), PARTITIONS, 0);
            ClusterTest.awaitProgress(nodes.get(0), WARM_UP);
            // The rest flows in 100-record steps, about 20 s in all, while the membership changes.
            CompletableFuture<Void> flowing = CompletableFuture.runAsync(() -> {
                for (int from = WARM_UP; from < n; from += 100) {
                    SharedKafka.produceRoundRobin(cluster.samples, records.subList(from, Math.min(n, from + 100)), PARTITIONS, from);
                    try { Thread.sleep(200); } catch (InterruptedException e) { throw new IllegalStateException(e); }
                }
            });
            nodes.add(cluster.start(port[1], port[0], PARTITION_LOCAL));
            ClusterTest.awaitMembers(nodes.get(0), 2);
            awaitGroupMembers(cluster.samples + "-group", 2);
            Set<Integer> moved = awaitPartitions(nodes.get(1), owned -> !owned.isEmpty());
            Set<Integer> kept = nodes.get(0).localPartitions(WAIT);
            assertTrue(Collections.disjoint(moved, kept) && kept.size() + moved.size() == PARTITIONS, "the partitions are split: " + kept + " and " + moved);
            long before = nodes.get(0).progress(WAIT).absorbed();
            awaitConsumed(nodes.get(0), before + 1000);   // the two nodes share the partitions and records still flow
            assertTrue(!flowing.isDone(), "records were still flowing when the second node left");
            nodes.remove(1).close();                      // leaves: its partitions go back to the first node
            awaitPartitions(nodes.get(0), owned -> owned.size() == PARTITIONS);
            assertTrue(!flowing.isDone(), "records were still flowing when the partitions came back");
            flowing.get();
            Partitioner.Progress p = awaitConsumed(nodes.get(0), n);
            assertEquals(n - bad, p.absorbed(), "every good record absorbed once");
            assertEquals(bad, p.deadLettered(), "every bad record dead-lettered once");

            nodes.get(0).drain(WAIT);
            ModelAssembler.ModelUpdated last = cluster.awaitModel(n - bad);
            assertEquals(n - bad, last.absorbed());
            assertEquals(bad, last.deadLettered());
            assertEquals(n, last.nextOffsets().values().stream().mapToLong(Long::longValue).sum(), "the model's offsets cover every record");
            LearnerState merged = new KafkaStateStore(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), cluster.state, w -> {}).loadLatest().orElseThrow();
            assertEquals(n - bad, merged.absorbed());
            for (int level : new int[] {0, 50, 99})
                assertEquals(n - bad, merged.recordsAt(level), 1e-6, "level " + level + ": each record in the statistics exactly once");
        } finally {
            nodes.forEach(ScoreStreamService::close);
        }
    }

    /** Waits until absorbed plus dead-lettered records reach n. */
    static Partitioner.Progress awaitConsumed(ScoreStreamService node, long n) throws InterruptedException {
        return node.awaitConsumed(n, WAIT);
    }

    static Set<Integer> awaitPartitions(ScoreStreamService node, Predicate<Set<Integer>> until) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Set<Integer> owned = node.localPartitions(WAIT);
            if (until.test(owned)) return owned;
            if (System.nanoTime() > deadline) throw new AssertionError(node.address() + " owns " + owned);
            Thread.sleep(100);
        }
    }

    static void awaitGroupMembers(String group, int members) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ClusterTest.consumerGroupMembers(group) != members) {
            if (System.nanoTime() > deadline) throw new AssertionError("the consumer group never had " + members + " members");
            Thread.sleep(100);
        }
    }
}
