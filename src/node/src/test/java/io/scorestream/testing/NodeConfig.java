package io.scorestream.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scorestream.stream.ModelAssembler;
import org.ejml.data.DMatrixRMaj;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** What every test that starts a ScoreStream node needs: its topics in config, records as CSV, waiting for a model. */
public final class NodeConfig {
    private NodeConfig() {}

    /** Broker, consumer group, topics and snapshot directory; quick restarts; HTTP on a free port. */
    public static Map<String, Object> base(String bootstrapServers, String samples, String deadLetters, String generated,
                                           String model, Path snapshots) {
        Map<String, Object> m = new HashMap<>();
        m.put("scorestream.kafka.bootstrap-servers", bootstrapServers);
        m.put("scorestream.kafka.group-id", samples + "-group");
        m.put("scorestream.topics.samples", samples);
        m.put("scorestream.topics.dead-letter", deadLetters);
        m.put("scorestream.topics.generated", generated);
        m.put("scorestream.topics.model", model);
        m.put("scorestream.snapshot-dir", snapshots.toString());
        m.put("scorestream.restart.min-backoff", "200ms");
        m.put("scorestream.restart.max-backoff", "2s");
        m.put("scorestream.http.port", 0);
        return m;
    }

    /** A node's settings with these overrides, read as a node reads them, with no broker behind them (the settings tests). */
    public static io.scorestream.stream.StreamSettings settings(Path dir, Map<String, Object> overrides) {
        Map<String, Object> m = base("localhost:9", "samples", "dlq", "generated", "model", dir);
        m.putAll(overrides);
        return io.scorestream.stream.StreamSettings.from(of(m));
    }

    /** The settings over {@link #QUICK_CLUSTER_TICKS} over the application's own configuration (reference.conf, application.conf). */
    public static Config of(Map<String, Object> settings) {
        return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.parseMap(QUICK_CLUSTER_TICKS)).withFallback(ConfigFactory.load());
    }

    /**
     * Two Akka cluster ticks shortened from their 1 s defaults, for tests only: under every node
     * {@link #of} configures, and in ClusterProcessTest's `scorestream run` child processes.
     * A node's close runs Akka's coordinated shutdown, which waits for the cluster leader to move the
     * node Leaving, Exiting, then Removed (once per leader-actions tick) and for the singleton
     * managers' hand-over retries: about 1.0 s of every close at the defaults, 0.4 s with these, and
     * the tests close a node dozens of times. The nodes do the same things in the same order; only
     * the leader and the singleton managers look more often. A test's own setting of either key wins.
     *
     * <p>Not used for the child processes whose printed "model vN" lines a test reads after
     * stopping them by signal (RunCommandTest, ChildProcessTest): with these ticks that line was once
     * lost, because a drain then returned when its model was handed to the producer, before the
     * follower had read it back. A drain now waits for the announcement (DrainAnnouncesTest); those
     * tests keep the default ticks all the same, as they ran when that was found.
     */
    public static final Map<String, Object> QUICK_CLUSTER_TICKS = Map.of(
            "akka.cluster.leader-actions-interval", "100ms",
            "akka.cluster.singleton.hand-over-retry-interval", "100ms");

    /** {@link #QUICK_CLUSTER_TICKS} as lines of a HOCON configuration file. */
    public static String quickClusterTicksHocon() {
        StringBuilder out = new StringBuilder();
        QUICK_CLUSTER_TICKS.forEach((key, value) -> out.append(key).append(" = ").append(value).append('\n'));
        return out.toString();
    }

    /** One CSV record (UTF-8, no newline) per row. */
    public static List<byte[]> csv(DMatrixRMaj rows) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < rows.numRows; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < rows.numCols; j++) {
                if (j > 0) sb.append(',');
                sb.append(rows.get(i, j));
            }
            out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The files under a node's snapshot directory that hold learned state (none when it does not
     * exist): all but the partition-local planner's stored plan (plan/), written at the first plan,
     * which holds no record.
     */
    public static List<Path> learnedStateFiles(Path snapshots) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(snapshots)) return List.of();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(snapshots)) {
            return files.filter(java.nio.file.Files::isRegularFile).filter(f -> !snapshots.relativize(f).startsWith("plan")).toList();
        }
    }

    /** Waits until the newest model has absorbed at least n samples; returns how many it has. */
    public static long awaitAbsorbed(Supplier<ModelAssembler.ModelUpdated> latest, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ModelAssembler.ModelUpdated m = latest.get();
            if (m != null && m.absorbed() >= n) return m.absorbed();
            Thread.sleep(50);
        }
        ModelAssembler.ModelUpdated m = latest.get();
        throw new AssertionError("absorbed " + (m == null ? 0 : m.absorbed()) + " of " + n + " within " + timeout);
    }

    /**
     * Polls scorestream_records_absorbed_total on the /metrics of a node (e.g. a child process) on
     * that HTTP port until it reaches n or the timeout passes; the last value read (-1: none).
     */
    public static long awaitAbsorbedOverHttp(int httpPort, long n, Duration timeout) throws InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        java.util.regex.Pattern absorbed = java.util.regex.Pattern.compile("(?m)^scorestream_records_absorbed_total (\\S+)$");
        long deadline = System.nanoTime() + timeout.toNanos(), last = -1;
        while (last < n && System.nanoTime() < deadline) {
            try {
                java.util.regex.Matcher m = absorbed.matcher(http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                if (m.find()) last = (long) Double.parseDouble(m.group(1));
            } catch (java.io.IOException notListeningYet) {
                // the node's HTTP server is not up yet
            }
            if (last < n) Thread.sleep(200);
        }
        return last;
    }
}
