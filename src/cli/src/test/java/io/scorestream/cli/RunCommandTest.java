package io.scorestream.cli;

import io.scorestream.data.Datasets;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.testing.SharedKafka;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** `scorestream run` as a real process: SIGTERM drains the stream and writes a final snapshot. */
class RunCommandTest {
    @TempDir Path dir;

    @Test
    void sigtermDrainsAndWritesAFinalSnapshot() throws Exception {
        String topic = SharedKafka.uniqueTopic("run-samples");
        DMatrixRMaj data = Datasets.generate("gmm", 3000, 1).samples();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < data.numRows; i++) values.add((data.get(i, 0) + "," + data.get(i, 1)).getBytes(StandardCharsets.UTF_8));
        SharedKafka.produce(topic, values);
        Path snapshots = dir.resolve("state"), stderr = dir.resolve("stderr.txt"), refusedStderr = dir.resolve("refused-stderr.txt");
        // Both JVMs start at once (each waits seconds for its class path): the refused one touches
        // neither the topic nor a snapshot directory (its own, checked absent), so the live one is alone on them.
        Path refusedSnapshots = dir.resolve("refused-state");
        Process run = runProcess(topic, refusedSnapshots, refusedStderr, "--config", dir.resolve("none.conf").toString());
        int httpPort = io.scorestream.kafka.EmbeddedKafka.freePorts(1)[0];
        Process live = runProcess(topic, snapshots, stderr, Map.of(), List.of("-Dscorestream.http.port=" + httpPort));
        try {
            try {
                // A --config file that does not exist: exit 2 at once, naming it.
                assertTrue(run.waitFor(60, TimeUnit.SECONDS), "exits: " + read(refusedStderr));
                assertEquals(2, run.exitValue(), read(refusedStderr));
            } finally {
                if (run.isAlive()) run.destroyForcibly();
            }
            assertTrue(read(refusedStderr).contains("none.conf"), read(refusedStderr));
            assertFalse(java.nio.file.Files.exists(refusedSnapshots), "the refused run wrote no snapshot directory");

            // Every one of the 3000 records absorbed (the node's /metrics), not a fixed wait; no model is due before the drain.
            assertEquals(3000, io.scorestream.testing.NodeConfig.awaitAbsorbedOverHttp(httpPort, 3000, java.time.Duration.ofSeconds(60)), read(stderr));
            // No snapshot of learned state before SIGTERM (on the partition-local path, the default, the
            // planner's stored plan is written at the first plan; it holds no record).
            assertEquals(List.of(), io.scorestream.testing.NodeConfig.learnedStateFiles(snapshots), "no snapshot before SIGTERM");
            live.destroy();              // SIGTERM
            assertTrue(live.waitFor(60, TimeUnit.SECONDS), "exits after draining: " + read(stderr));
        } finally {
            if (live.isAlive()) live.destroyForcibly();
        }
        LearnerState state = new SnapshotStore(snapshots, w -> {}).loadLatest().orElseThrow(() -> new AssertionError("no final snapshot: " + read(stderr)));
        assertEquals(3000, state.absorbed(), read(stderr));
        assertTrue(read(stderr).contains("model v1: 3000 samples absorbed"), read(stderr));
    }

    @Test
    void aBrokenOrInvalidConfigurationIsExitTwoNamingTheProblem() throws Exception {
        Path broken = dir.resolve("broken.conf"), invalid = dir.resolve("invalid.conf"), mistyped = dir.resolve("mistyped.conf");
        Files.writeString(broken, "scorestream { kafka { bootstrap-servers = \n");
        Files.writeString(invalid, "scorestream.input.format = xml\nscorestream.http.enabled = false\n");
        Files.writeString(mistyped, "scorestream.learning.batch-size = lots\nscorestream.http.enabled = false\n");
        String line = CliRun.of("run", "--config", broken.toString()).singleErrorLine();
        assertTrue(line.contains("broken.conf") && line.contains("invalid configuration"), line);
        line = CliRun.of("run", "--config", invalid.toString()).singleErrorLine();
        assertTrue(line.contains("input.format must be csv, json, avro, protobuf or influx, got xml"), line);
        line = CliRun.of("run", "--config", mistyped.toString()).singleErrorLine();
        assertTrue(line.contains("batch-size"), line);
        Path path = dir.resolve("path.conf"), replan = dir.resolve("replan.conf");
        Files.writeString(path, "scorestream.cluster.record-path = sideways\nscorestream.http.enabled = false\n");
        Files.writeString(replan, "scorestream.cluster.record-path = partition-local\nscorestream.learning.replan-every-samples = 5000\nscorestream.http.enabled = false\n");
        line = CliRun.of("run", "--config", path.toString()).singleErrorLine();
        assertTrue(line.contains("cluster.record-path must be auto, singleton or partition-local, got sideways"), line);
        line = CliRun.of("run", "--config", replan.toString()).singleErrorLine();
        assertTrue(line.contains("replan-every-samples must be 0 with cluster.record-path = partition-local"), line);
        // A csv feed's named fields: one the header lacks is named at start, with the header.
        Path csvColumns = dir.resolve("csv-columns.conf");
        Files.writeString(csvColumns, "scorestream.input { csv-header = [ts, device, temp], fields = [temp, humidity] }\nscorestream.http.enabled = false\n");
        line = CliRun.of("run", "--config", csvColumns.toString()).singleErrorLine();
        assertTrue(line.contains("field humidity is not a column of csv-header [ts, device, temp]"), line);
    }

    /**
     * The record path is chosen once at start-up and printed: by default (auto) partition-local with
     * the default settings, singleton with re-planning; SCORESTREAM_RECORD_PATH wins over auto;
     * partition-local by the variable with re-planning is exit 2 naming both.
     */
    @Test
    void theRecordPathIsChosenAtStartUpAndTheEnvironmentVariableWins() throws Exception {
        String topic = SharedKafka.uniqueTopic("run-path-samples");
        record Case(String name, Map<String, String> env, List<String> properties, String printed) {}
        List<Case> cases = List.of(
                new Case("default", Map.of(), List.of("-Dscorestream.learning.forgetting=0.999"), "record path partition-local (auto: replan-every-samples = 0)"),
                new Case("replan", Map.of(), List.of("-Dscorestream.learning.replan-every-samples=5000"), "record path singleton (auto: replan-every-samples > 0)"),
                new Case("env", Map.of("SCORESTREAM_RECORD_PATH", "singleton"), List.of(), "record path singleton (set by cluster.record-path)"));
        List<Process> running = new ArrayList<>();
        // The refused start below runs beside the three (its own topic, state and output), not after them.
        Path refused = dir.resolve("refused.txt");
        Process bad = runProcess(topic + "-refused", dir.resolve("state-refused"), refused, Map.of("SCORESTREAM_RECORD_PATH", "partition-local"),
                List.of("-Dscorestream.learning.replan-every-samples=5000"));
        try {
            for (Case c : cases)
                running.add(runProcess(topic + "-" + c.name(), dir.resolve("state-" + c.name()), dir.resolve(c.name() + ".txt"), c.env(), c.properties()));
            for (int i = 0; i < cases.size(); i++) {
                Path out = dir.resolve(cases.get(i).name() + ".txt");
                long deadline = System.nanoTime() + 90_000_000_000L;
                while (!read(out).contains("consuming") && running.get(i).isAlive() && System.nanoTime() < deadline) Thread.sleep(200);
                String started = read(out).lines().filter(l -> l.contains("consuming")).findFirst().orElseThrow(() -> new AssertionError(read(out)));
                assertTrue(started.contains("; " + cases.get(i).printed() + " ["), cases.get(i).name() + ": " + started);
            }
        } finally {
            running.forEach(Process::destroyForcibly);
        }
        try {
            assertTrue(bad.waitFor(60, TimeUnit.SECONDS), read(refused));
            assertEquals(2, bad.exitValue(), read(refused));
        } finally {
            bad.destroyForcibly();
        }
        assertTrue(read(refused).contains("replan-every-samples must be 0 with cluster.record-path = partition-local"), read(refused));
    }

    private Process runProcess(String topic, Path snapshots, Path stderr, String... extraArgs) throws java.io.IOException {
        return runProcess(topic, snapshots, stderr, Map.of(), List.of(), extraArgs);
    }

    /** `scorestream run` in its own JVM on the shared broker, output to stderr; no model is due before a drain. */
    private Process runProcess(String topic, Path snapshots, Path stderr, Map<String, String> env, List<String> properties, String... extraArgs) throws java.io.IOException {
        List<String> command = io.scorestream.testing.ChildJvm.command();
        command.addAll(List.of(
                "-Dscorestream.kafka.bootstrap-servers=" + SharedKafka.broker().bootstrapServers(),
                "-Dscorestream.kafka.group-id=" + topic, "-Dscorestream.topics.samples=" + topic,
                "-Dscorestream.topics.dead-letter=" + SharedKafka.uniqueTopic("run-dlq"),
                "-Dscorestream.topics.model=" + SharedKafka.uniqueTopic("run-model"),
                "-Dscorestream.snapshot-dir=" + snapshots, "-Dscorestream.learning.warm-up-samples=1000",
                "-Dscorestream.learning.levels=50", "-Dscorestream.learning.model-every-samples=1000000",
                "-Dscorestream.http.port=0"));
        command.addAll(properties);
        command.addAll(List.of("io.scorestream.cli.Main", "run"));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(stderr.toFile());
        builder.environment().remove("SCORESTREAM_RECORD_PATH");
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (Exception e) {
            return e.toString();
        }
    }
}
