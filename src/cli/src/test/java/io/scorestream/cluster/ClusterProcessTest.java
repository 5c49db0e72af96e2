package io.scorestream.cluster;

import io.scorestream.data.Datasets;
import io.scorestream.kafka.KafkaStateStore;
import io.scorestream.learn.LearnerState;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ModelTopicCodec;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.Sampler;
import io.scorestream.stream.ModelFollower;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three `scorestream run` processes, each a JVM of its own configured by conf/cluster.conf, form
 * a cluster on loopback over the shared broker. The node running the partitioner singleton (the
 * oldest) is killed with SIGKILL mid-stream: the others down it, take over its bands and the
 * singleton, recover the state from the compacted snapshot topic, re-read Kafka from its offsets,
 * and finish with every record absorbed exactly once and a model at the two-sample floor.
 *
 * <p>The two record paths run side by side (each its own topics, ports and log directory): most of
 * their half minute each is waiting for JVMs to start, a cluster to form and a node to be downed,
 * and what they assert is counts and the model's two-sample accuracy, which no waiting changes.
 */
class ClusterProcessTest {
    static final Duration WAIT = Duration.ofSeconds(240);
    static final int PARTITIONS = 3;
    @TempDir Path dir;

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void killingTheSingletonsNodeLosesNothingAndCountsNothingTwice() throws Exception {
        killTheOldestNodeMidStream("singleton");
    }

    /**
     * The same on the partition-local record path: the killed node held the planner singleton and
     * a third of the partitions; Kafka gives those to the others, which resume each from its own
     * snapshot, and the planner restarts on another node from the stored structure.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void killingANodeOnThePartitionLocalPathLosesNothingAndCountsNothingTwice() throws Exception {
        killTheOldestNodeMidStream("partition-local");
    }

    private void killTheOldestNodeMidStream(String recordPath) throws Exception {
        String samples = SharedKafka.uniqueTopic("proc-samples", PARTITIONS, Map.of());
        String model = SharedKafka.uniqueTopic("proc-model", 1, Map.of("cleanup.policy", "compact"));
        String state = SharedKafka.uniqueTopic("proc-state", 1, Map.of("cleanup.policy", "compact"));
        List<byte[]> records = ClusterTest.csv(Datasets.generate("gmm", 12_000, 1).samples());
        int[] port = io.scorestream.kafka.EmbeddedKafka.freePorts(3);
        List<Process> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Path conf = dir.resolve("node" + i + ".conf");
                Files.writeString(conf, nodeConfig(port[i], port[0], samples, model, state) + "scorestream.cluster.record-path = " + recordPath + "\n");
                nodes.add(start(conf, logFile(recordPath, i)));
                // The first node is the oldest member, so the partitioner (or planner) singleton runs
                // there: the other two start once it consumes, side by side (which of them is older
                // does not matter to the test).
                if (i == 0) awaitLog(logFile(recordPath, 0), "consuming");
            }
            for (int i = 1; i < 3; i++) awaitLog(logFile(recordPath, i), "consuming");
            SharedKafka.produceRoundRobin(samples, records.subList(0, 6000), PARTITIONS, 0);
            awaitProgress(model, 4000);
            nodes.get(0).destroyForcibly();               // SIGKILL: no drain, no leaving, no hand-over
            assertTrue(nodes.get(0).waitFor(30, TimeUnit.SECONDS));
            SharedKafka.produceRoundRobin(samples, records.subList(6000, 12_000), PARTITIONS, 6000);
            ModelFollower.Progress last = awaitProgress(model, 12_000);
            assertEquals(12_000, last.absorbed(), "every record absorbed, none twice");
            for (int i = 1; i < 3; i++) {
                nodes.get(i).destroy();                   // SIGTERM: drain and leave
                assertTrue(nodes.get(i).waitFor(90, TimeUnit.SECONDS), "node " + i + " stops after SIGTERM");
                assertEquals(0, nodes.get(i).exitValue(), "node " + i + ":\n" + log(recordPath, i) + "\nnode 1 (stopped first):\n" + log(recordPath, 1));
            }
        } finally {
            nodes.forEach(Process::destroyForcibly);
        }
        LearnerState snapshot = new KafkaStateStore(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), state, w -> {}).loadLatest().orElseThrow();
        assertEquals(12_000, snapshot.absorbed());
        for (int level : new int[] {0, 25, 49}) {
            assertEquals(12_000, snapshot.recordsAt(level), 1e-6, "level " + level + ": each record in the statistics exactly once");
        }
        ScoreModel learned = readModel(model);
        DMatrixRMaj generated = Sampler.named("ddpm").sample(learned, learned.schedule(), 10_000, 3);
        learned.toData(generated);
        DMatrixRMaj reference = Datasets.generate("gmm", 10_000, 2).samples();
        double accuracy = TwoSampleMetrics.compare(generated, reference, 3).classifierAccuracy();
        double floor = TwoSampleMetrics.compare(Datasets.generate("gmm", 10_000, 4).samples(), reference, 3).classifierAccuracy();
        assertTrue(accuracy - floor < 0.03, String.format("accuracy %.3f vs floor %.3f", accuracy, floor));
    }

    /** Each node's output per record path, kept under target/ after the run for a look at what happened. */
    private static Path logFile(String recordPath, int node) throws java.io.IOException {
        Path logs = Files.createDirectories(Path.of("target", "cluster-process-test", recordPath));
        return logs.resolve("node" + node + ".log");
    }

    private static String log(String recordPath, int node) throws Exception { return Files.readString(logFile(recordPath, node)); }

    static String nodeConfig(int port, int seedPort, String samples, String model, String state) {
        Path clusterConf = Path.of("conf/cluster.conf").toAbsolutePath();
        return "include file(\"" + clusterConf + "\")\n"
                + "akka.remote.artery.canonical.port = " + port + "\n"
                + "akka.cluster.seed-nodes = [\"akka://scorestream@127.0.0.1:" + seedPort + "\"]\n"
                + "akka.cluster.split-brain-resolver.stable-after = 3s\n"
                + io.scorestream.testing.NodeConfig.quickClusterTicksHocon()
                + "scorestream {\n"
                + "  kafka.bootstrap-servers = \"" + SharedKafka.bootstrapServers() + "\"\n"
                + "  kafka.group-id = \"" + samples + "-group\"\n"
                + "  topics { samples = \"" + samples + "\", model = \"" + model + "\", dead-letter = \"" + samples + "-dlq\", generated = \"" + samples + "-generated\" }\n"
                + "  snapshot-topic = \"" + state + "\"\n"
                + "  http.port = 0\n"
                + "  learning { warm-up-samples = 2000, levels = 50, level-bands = 6, model-every-samples = 2000, model-max-age = 2s }\n"
                + "  cluster { band-timeout = 15s, batch-timeout = 15s }\n"
                + "  restart { min-backoff = 200ms, max-backoff = 2s }\n"
                + "}\n";
    }

    private Process start(Path conf, Path log) throws java.io.IOException {
        List<String> command = io.scorestream.testing.ChildJvm.command("-Xmx512m", "-Dorg.slf4j.simpleLogger.log.io.scorestream=info");
        command.addAll(List.of("io.scorestream.cli.Main", "run", "--config", conf.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitLog(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' in " + log + ": " + (Files.exists(log) ? Files.readString(log) : ""));
            Thread.sleep(200);
        }
    }

    /** Follows the model topic's progress records until one reports at least n absorbed. */
    static ModelFollower.Progress awaitProgress(String modelTopic, long n) {
        return io.scorestream.bench.ModelTopicWatcher.await(SharedKafka.bootstrapServers(), modelTopic, p -> p.absorbed() >= n, WAIT);
    }

    static ScoreModel readModel(String modelTopic) throws Exception {
        ModelTopicCodec.Reader reader = new ModelTopicCodec.Reader();
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            TopicPartition tp = new TopicPartition(modelTopic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end)
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)))
                    if (!ModelFollower.PROGRESS_KEY.equals(new String(r.key(), StandardCharsets.UTF_8))) reader.add(r.value(), modelTopic);
        }
        return reader.newestComplete().orElseThrow();
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", SharedKafka.bootstrapServers(), "enable.auto.commit", "false",
                "max.partition.fetch.bytes", String.valueOf(4 << 20)), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
