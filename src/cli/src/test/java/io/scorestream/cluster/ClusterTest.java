package io.scorestream.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scorestream.data.Datasets;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.kafka.KafkaStateStore;
import io.scorestream.learn.LearnerState;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ScoreModel;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.stream.Partitioner;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three cluster nodes — separate actor systems on loopback, Akka remoting between them, one Kafka
 * consumer group, bands spread by Cluster Sharding, the partitioner a singleton — learning one
 * stream together from the shared in-process broker.
 */
class ClusterTest {
    static final Duration WAIT = Duration.ofSeconds(180);
    static final int PARTITIONS = 3, WARM_UP = 2000;
    @TempDir Path dir;

    /** The topics and settings of one deployment (one consumer group, one state topic). */
    static final class Deployment {
        final String name, samples, model, state, deadLetters, generated;
        final AtomicReference<ModelAssembler.ModelUpdated> latest = new AtomicReference<>();
        /** Every model announced on any node of this deployment, as announced (a version once per node). */
        final List<ModelAssembler.ModelUpdated> announced = java.util.Collections.synchronizedList(new ArrayList<>());
        final Path snapshots;

        Deployment(String name, Path dir) {
            this.name = name;
            this.samples = SharedKafka.uniqueTopic(name + "-samples", PARTITIONS, Map.of());
            this.model = SharedKafka.uniqueTopic(name + "-model", 1, Map.of("cleanup.policy", "compact"));
            this.state = SharedKafka.uniqueTopic(name + "-state", 1, Map.of("cleanup.policy", "compact"));
            this.deadLetters = SharedKafka.uniqueTopic(name + "-dlq");
            this.generated = SharedKafka.uniqueTopic(name + "-generated");
            this.snapshots = dir.resolve(name);
        }

        Config config(int port, int seedPort, Map<String, Object> overrides) {
            Map<String, Object> m = new HashMap<>();
            m.put("scorestream.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
            m.put("scorestream.kafka.group-id", samples + "-group");
            m.put("scorestream.topics.samples", samples);
            m.put("scorestream.topics.dead-letter", deadLetters);
            m.put("scorestream.topics.generated", generated);
            m.put("scorestream.topics.model", model);
            m.put("scorestream.snapshot-topic", state);
            m.put("scorestream.learning.warm-up-samples", WARM_UP);
            m.put("scorestream.learning.recent-window", 4000);
            m.put("scorestream.learning.model-every-samples", 4000);
            m.put("scorestream.learning.model-max-age", "2s");
            m.put("scorestream.learning.levels", 100);
            m.put("scorestream.learning.level-bands", 6);
            m.put("scorestream.restart.min-backoff", "200ms");
            m.put("scorestream.restart.max-backoff", "2s");
            m.put("scorestream.cluster.band-timeout", "15s");
            m.put("scorestream.cluster.batch-timeout", "15s");
            m.put("scorestream.http.port", 0);
            m.put("akka.actor.serialize-messages", "on");
            m.put("akka.remote.artery.canonical.port", port);
            m.put("akka.cluster.seed-nodes", List.of("akka://scorestream@127.0.0.1:" + seedPort));
            m.put("akka.cluster.split-brain-resolver.stable-after", "3s");
            m.putAll(overrides);
            return io.scorestream.testing.NodeConfig.of(m);
        }

        ScoreStreamService start(int port, int seedPort, Map<String, Object> overrides) {
            return ScoreStreamService.start(config(port, seedPort, overrides), m -> {
                announced.add(m);
                latest.set(m);
            });
        }

        /** Waits until the newest model announced on these nodes has absorbed n samples. */
        ModelAssembler.ModelUpdated awaitModel(long n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                ModelAssembler.ModelUpdated m = latest.get();
                if (m != null && m.absorbed() >= n) return m;
                Thread.sleep(100);
            }
            throw new AssertionError("no model with " + n + " samples: " + (latest.get() == null ? "none" : latest.get().absorbed()));
        }

        /** Waits for a model of a version above the given one, announced on any node. */
        ModelAssembler.ModelUpdated awaitVersionAfter(long version) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (announced) {
                    for (ModelAssembler.ModelUpdated m : announced) if (m.model().info().version() > version) return m;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no model version after v" + version + " within " + WAIT);
        }

        /** The distinct versions announced so far, in version order. */
        List<ModelAssembler.ModelUpdated> versions() {
            java.util.TreeMap<Long, ModelAssembler.ModelUpdated> byVersion = new java.util.TreeMap<>();
            synchronized (announced) {
                for (ModelAssembler.ModelUpdated m : announced) byVersion.putIfAbsent(m.model().info().version(), m);
            }
            return List.copyOf(byVersion.values());
        }
    }

    /**
     * On the singleton path, whose bands Cluster Sharding spreads over the nodes (checked). Its
     * partition-local counterpart, where there are no bands, is
     * PartitionLocalClusterTest.threeNodesInOnePassVersionEveryNRecordsAndGiveTheBatchModel (three
     * nodes against the batch learner on the same records).
     */
    @Test
    void threeNodesLearnTheModelOneNodeLearns() throws Exception {
        DMatrixRMaj data = Datasets.generate("aniso", 8000, 1).samples();
        List<byte[]> records = csv(data);
        Map<String, Object> singleton = Map.of("scorestream.cluster.record-path", "singleton");

        Deployment single = new Deployment("one-node", dir);
        int[] port = EmbeddedKafka.freePorts(4);
        ScoreModel alone;
        try (ScoreStreamService node = single.start(port[3], port[3], singleton)) {
            alone = learnInTwoSteps(single, records, List.of(node));
        }

        Deployment cluster = new Deployment("three-nodes", dir);
        List<ScoreStreamService> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) nodes.add(cluster.start(port[i], port[0], singleton));
            awaitMembers(nodes.get(0), 3);
            ScoreModel together = learnInTwoSteps(cluster, records, nodes);

            // The work really was spread: every node hosts bands (and read part of the topic, checked before the drain).
            // Sharding rebalances towards the nodes that joined last at its own pace (every 10 s): wait for it.
            for (ScoreStreamService n : nodes) awaitBands(n);

            assertEquals(8000, together.info().samplesAbsorbed());
            for (int j = 0; j < alone.levelCount(); j++)
                for (int c = 0; c < alone.level(j).structure().cells(); c++) {
                    double[] want = alone.level(j).coefficients(c).data, got = together.level(j).coefficients(c).data;
                    for (int i = 0; i < want.length; i++)
                        assertEquals(want[i], got[i], 1e-8 * (1 + Math.abs(want[i])), "level " + j + " cell " + c);
                }
        } finally {
            nodes.forEach(ScoreStreamService::close);
        }
    }

    /**
     * The first warm-up records alone, then the rest: every deployment plans on exactly the same
     * records, so one node and three learn the same model. Returns the model of all records.
     */
    private static ScoreModel learnInTwoSteps(Deployment d, List<byte[]> records, List<ScoreStreamService> nodes) throws Exception {
        SharedKafka.produceRoundRobin(d.samples, records.subList(0, WARM_UP), PARTITIONS, 0);
        awaitProgress(nodes.get(0), WARM_UP);
        SharedKafka.produceRoundRobin(d.samples, records.subList(WARM_UP, records.size()), PARTITIONS, WARM_UP);
        awaitProgress(nodes.get(0), records.size());
        assertEquals(nodes.size(), consumerGroupMembers(d.samples + "-group"), "one reader per node in the consumer group");
        nodes.get(0).drain(WAIT);
        return d.awaitModel(records.size()).model();
    }

    /**
     * On the singleton path the leaving node's bands move to the others; on the partition-local path
     * its partitions do (Kafka's group gives them to the remaining readers, which resume each from
     * its snapshot). Either way every record ends up in the counts, the model and the statistics once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"singleton", "partition-local"})
    void aNodeLeavingMidStreamHandsItsWorkOverAndNothingIsLostOrCountedTwice(String recordPath) throws Exception {
        Deployment cluster = new Deployment("leave-" + recordPath, dir);
        boolean local = recordPath.equals("partition-local");
        Map<String, Object> path = Map.of("scorestream.cluster.record-path", recordPath);
        DMatrixRMaj data = Datasets.generate("gmm", 12_000, 1).samples();
        List<byte[]> records = csv(data);
        int[] port = EmbeddedKafka.freePorts(3);
        List<ScoreStreamService> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) nodes.add(cluster.start(port[i], port[0], path));
            awaitMembers(nodes.get(0), 3);
            SharedKafka.produceRoundRobin(cluster.samples, records.subList(0, 6000), PARTITIONS, 0);
            awaitProgress(nodes.get(0), 4000);
            Set<String> leaving = new TreeSet<>();
            if (local) PartitionLocalClusterTest.awaitPartitions(nodes.get(2), owned -> !owned.isEmpty()).forEach(q -> leaving.add("partition " + q));
            else {
                awaitBands(nodes.get(2));
                leaving.addAll(nodes.get(2).localBands(WAIT));
            }
            assertTrue(!leaving.isEmpty(), "node 3 hosts bands (singleton path) or partitions (partition-local) before it leaves");
            nodes.remove(2).close();          // leaves the cluster: its bands (or partitions) move to the others
            SharedKafka.produceRoundRobin(cluster.samples, records.subList(6000, 12_000), PARTITIONS, 6000);
            Partitioner.Progress p = awaitProgress(nodes.get(0), 12_000);
            assertEquals(12_000, p.absorbed(), "every record absorbed once");
            Set<String> hosted = new TreeSet<>();
            for (ScoreStreamService n : nodes) {
                if (local) n.localPartitions(WAIT).forEach(q -> hosted.add("partition " + q));
                else hosted.addAll(n.localBands(WAIT));
            }
            assertTrue(hosted.containsAll(leaving), "the leaving node's work " + leaving + " now lives on the others: " + hosted);

            nodes.get(0).drain(WAIT);
            ModelAssembler.ModelUpdated last = cluster.awaitModel(12_000);
            assertEquals(12_000, last.absorbed());
            LearnerState state = new KafkaStateStore(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), cluster.state, w -> {}).loadLatest().orElseThrow();
            assertEquals(12_000, state.absorbed());
            for (int level : new int[] {0, 50, 99}) {
                assertEquals(12_000, state.recordsAt(level), 1e-6, "level " + level + ": each record in the statistics exactly once");
            }
            DMatrixRMaj generated = nodes.get(1).samples(10_000, 3);   // any node serves the newest model
            DMatrixRMaj reference = Datasets.generate("gmm", 10_000, 2).samples();
            double learned = TwoSampleMetrics.compare(generated, reference, 3).classifierAccuracy();
            double floor = TwoSampleMetrics.compare(Datasets.generate("gmm", 10_000, 4).samples(), reference, 3).classifierAccuracy();
            assertTrue(learned - floor < 0.03, String.format("accuracy %.3f vs floor %.3f", learned, floor));
        } finally {
            nodes.forEach(ScoreStreamService::close);
        }
    }

    @Test
    void nodesWithoutSeedNodesFindEachOtherThroughClusterBootstrap() throws Exception {
        Deployment cluster = new Deployment("bootstrap", dir);
        int[] port = EmbeddedKafka.freePorts(4);   // remoting and management (HTTP) for two nodes
        List<Map<String, Object>> endpoints = List.of(Map.of("host", "127.0.0.1", "port", port[2]), Map.of("host", "127.0.0.1", "port", port[3]));
        List<ScoreStreamService> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Map<String, Object> m = new HashMap<>();
                m.put("scorestream.cluster.bootstrap", true);
                m.put("akka.discovery.method", "config");
                m.put("akka.discovery.config.services.scorestream.endpoints", endpoints);
                m.put("akka.management.http.hostname", "127.0.0.1");
                m.put("akka.management.http.port", port[2 + i]);
                m.put("akka.management.cluster.bootstrap.contact-point-discovery.service-name", "scorestream");
                m.put("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr", 2);
                m.put("akka.management.cluster.bootstrap.contact-point-discovery.stable-margin", "1s");
                // Both contact points are on one host with different ports (on Kubernetes, one pod IP each).
                m.put("akka.management.cluster.bootstrap.contact-point.filter-on-fallback-port", false);
                Config c = ConfigFactory.parseMap(m).withFallback(cluster.config(port[i], port[0], Map.of()))
                        .withValue("akka.cluster.seed-nodes", ConfigFactory.parseString("s = []").getValue("s"));
                nodes.add(ScoreStreamService.start(c, cluster.latest::set));
            }
            awaitMembers(nodes.get(0), 2);
            awaitMembers(nodes.get(1), 2);
        } finally {
            nodes.forEach(ScoreStreamService::close);
        }
    }

    static Partitioner.Progress awaitProgress(ScoreStreamService node, long absorbed) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Partitioner.Progress p = null;
        while (System.nanoTime() < deadline) {
            try {
                p = node.progress(Duration.ofSeconds(5));
                if (p.absorbed() >= absorbed && p.warmingUp() == 0) return p;
            } catch (IllegalStateException notYet) {
                // the singleton may be starting or moving
            }
            Thread.sleep(100);
        }
        throw new AssertionError("absorbed " + (p == null ? "?" : p.absorbed()) + " of " + absorbed + " within " + WAIT + "; newest progress: " + p);
    }

    static void awaitBands(ScoreStreamService node) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.localBands(WAIT).isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError(node.address() + " hosts no band after " + WAIT);
            Thread.sleep(500);
        }
    }

    static void awaitMembers(ScoreStreamService node, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.membersUp() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError(node.membersUp() + " of " + n + " members up");
            Thread.sleep(100);
        }
    }

    static int consumerGroupMembers(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members().size();
        }
    }

    static List<byte[]> csv(DMatrixRMaj rows) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < rows.numRows; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < rows.numCols; j++) sb.append(j > 0 ? "," : "").append(rows.get(i, j));
            out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
