package io.scorestream.reliability;

import io.scorestream.data.Datasets;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The CLI as a user meets it, in a JVM of its own: Ctrl-C (SIGINT) on a running demo removes its
 * temporary broker data and state and says so; produce to a missing topic prints one line.
 */
class ChildProcessTest {
    @TempDir Path dir;

    @Test
    void ctrlCOnTheDemoRemovesItsTemporaryDataAndSaysSo() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp")), log = dir.resolve("demo.txt");
        Process demo = start(log, "-Djava.io.tmpdir=" + tmp, "demo", "--seconds", "120", "--report", dir.resolve("report").toString());
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!read(log).contains("HTTP at") && demo.isAlive() && System.nanoTime() < deadline) Thread.sleep(200);
            assertTrue(read(log).contains("HTTP at"), "the demo started: " + read(log));
            assertTrue(entries(tmp) > 0, "the demo's broker data and state are in its temporary directory");
            Thread.sleep(3000);   // records flowing, snapshots and the broker's logs being written
            signal(demo, "INT");
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo exits after SIGINT: " + read(log));
        } finally {
            if (demo.isAlive()) demo.destroyForcibly();
        }
        String out = read(log);
        assertEquals(130, demo.exitValue(), out);
        assertTrue(out.contains("SIGINT: stopping"), out);
        assertTrue(out.contains("removed the temporary broker data and state in " + tmp), out);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "nothing left in the demo's temporary directory");
        }
        assertFalse(Files.exists(dir.resolve("report").resolve("index.html")), "no report after Ctrl-C");
        System.out.println("demo SIGINT: exit 130, temporary directory empty afterwards; last lines: "
                + out.lines().filter(l -> l.contains("SIGINT") || l.contains("removed")).toList());
    }

    /** As RunCommandTest's SIGTERM case, with Ctrl-C: the node drains, writes its final snapshot and exits 0. */
    @Test
    void ctrlCOnRunDrainsAndWritesAFinalSnapshotAsSigtermDoes() throws Exception {
        Harness h = new Harness(SharedKafka.broker(), "sigint", 1, dir.resolve("state"));
        Harness.produce(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()), h.samples, null,
                Harness.csv(Datasets.generate("gmm", 2000, 1).samples()));
        Path log = dir.resolve("run.txt"), conf = dir.resolve("node.conf");
        StringBuilder settings = new StringBuilder();
        int httpPort = io.scorestream.kafka.EmbeddedKafka.freePorts(1)[0];
        h.config(Map.of("scorestream.learning.model-every-samples", 1_000_000, "scorestream.http.port", httpPort)).getConfig("scorestream").entrySet()
                .forEach(e -> settings.append("scorestream.").append(e.getKey()).append(" = ").append(e.getValue().render()).append('\n'));
        Files.writeString(conf, settings);
        Process run = start(log, "-Xss1m", "run", "--config", conf.toString());
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!read(log).contains("consuming") && run.isAlive() && System.nanoTime() < deadline) Thread.sleep(200);
            assertTrue(read(log).contains("consuming"), read(log));
            // Records being consumed: until all 2000 are absorbed, for at most the 8 s this waited before
            // (the assertions below allow a drain before the last ones); no model is due before the drain.
            io.scorestream.testing.NodeConfig.awaitAbsorbedOverHttp(httpPort, 2000, java.time.Duration.ofSeconds(8));
            // No snapshot of learned state before SIGINT (the partition-local path's stored plan holds no record).
            assertEquals(List.of(), io.scorestream.testing.NodeConfig.learnedStateFiles(h.snapshots), "no snapshot before SIGINT");
            signal(run, "INT");
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "exits after draining: " + read(log));
        } finally {
            if (run.isAlive()) run.destroyForcibly();
        }
        assertEquals(0, run.exitValue(), read(log));
        LearnerState state = new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow(() -> new AssertionError("no final snapshot: " + read(log)));
        // Under load the drain may come before all 2000 are read: the snapshot holds exactly what the drained model announced.
        java.util.regex.Matcher announced = java.util.regex.Pattern.compile("model v1: (\\d+) samples absorbed").matcher(read(log));
        assertTrue(announced.find(), read(log));
        assertEquals(Long.parseLong(announced.group(1)), state.absorbed(), read(log));
        assertTrue(state.absorbed() > 0 && state.absorbed() <= 2000, read(log));
        Harness.assertRowsEverywhere(state, state.absorbed());
    }

    @Test
    void produceToAMissingTopicIsOneLine() throws Exception {
        Path csv = dir.resolve("in.csv"), log = dir.resolve("produce.txt");
        Files.writeString(csv, "1,2\n3,4\n");
        Process produce = start(log, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "produce", "--input", csv.toString(),
                "--topic", "no-such-topic-here", "--bootstrap", SharedKafka.bootstrapServers(), "--timeout-seconds", "5");
        assertTrue(produce.waitFor(60, TimeUnit.SECONDS));
        String out = read(log);
        assertEquals(2, produce.exitValue(), out);
        assertEquals(1, out.strip().lines().count(), "one line: " + out);
        assertEquals("scorestream produce: no such topic 'no-such-topic-here' at " + SharedKafka.bootstrapServers() + " (create it first)", out.strip());
    }

    private Process start(Path log, String jvmOption, String... args) throws IOException {
        List<String> command = io.scorestream.testing.ChildJvm.command("-Xmx1g", jvmOption);
        command.add("io.scorestream.cli.Main");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void signal(Process p, String name) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor());
    }

    static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
