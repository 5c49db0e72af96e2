package io.scorestream.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.stream.Partitioner;
import io.scorestream.node.ScoreStreamService;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fault-injection scenarios on loopback: a real KRaft broker in-process, a {@link Ledger} that
 * counts every record the broker acknowledged, and ScoreStream — a `scorestream run` process
 * killed with SIGKILL, or a node whose broker goes away. Each ends with the final snapshot's
 * counts compared to the ledger: absorbed = good records, dead-lettered = bad records, and every
 * level's statistics holding exactly one row per absorbed record (a duplicate or a loss would
 * show there).
 */
public final class Scenarios {
    static final int PARTITIONS = 2;
    static final int BAD_EVERY = 100;
    private static final Duration CATCH_UP = Duration.ofMinutes(5);

    private Scenarios() {}

    /** What a scenario held: the ledger's counts against the learner's, and what was done to it. */
    public record Outcome(String scenario, String load, String faults, long producedGood, long producedBad, long producerFailures,
                          long absorbed, long deadLettered, long duplicateRows, long missingRows, double seconds, String notes) {
        public boolean held() {
            return absorbed == producedGood && deadLettered == producedBad && duplicateRows == 0 && missingRows == 0 && producerFailures == 0;
        }

        public static String header() {
            return "| scenario | load | faults injected | produced good / bad | absorbed | dead-lettered | duplicate rows | missing rows | held | wall s | notes |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|";
        }

        public String row() {
            return String.format("| %s | %s | %s | %d / %d | %d | %d | %d | %d | %s | %.0f | %s |", scenario, load, faults, producedGood, producedBad,
                    absorbed, deadLettered, duplicateRows, missingRows, held() ? "yes" : "**no**", seconds, notes);
        }
    }

    /**
     * `scorestream run` as a child process, killed with SIGKILL at random moments while records
     * arrive, restarted each time from its snapshot directory; at the end SIGTERM drains it.
     */
    public static Outcome crashLoop(int kills, long records, int rate, Path work, Consumer<String> log) throws Exception {
        return crashLoop(kills, records, rate, "singleton", work, log);
    }

    /** The same on a record path (scorestream.cluster.record-path: singleton or partition-local). */
    public static Outcome crashLoop(int kills, long records, int rate, String recordPath, Path work, Consumer<String> log) throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Ledger ledger = new Ledger(kafka.bootstrapServers(), "samples", BAD_EVERY)) {
            createTopics(kafka);
            Path snapshots = work.resolve("snapshots");
            Thread producing = produceInBackground(ledger, records, rate);
            SplittableRandom random = new SplittableRandom(3);
            Process node = startNode(kafka, snapshots, recordPath, work.resolve("node-0.log"));
            List<Double> killedAt = new ArrayList<>();
            for (int k = 1; k <= kills; k++) {
                Thread.sleep(3000 + random.nextInt(5000));
                node.destroyForcibly();                                 // SIGKILL
                node.waitFor(30, TimeUnit.SECONDS);
                killedAt.add((System.nanoTime() - t0) / 1e9);
                log.accept(String.format("kill %d of %d at %.1f s (%d good records acknowledged so far)", k, kills, killedAt.get(k - 1), ledger.good()));
                node = startNode(kafka, snapshots, recordPath, work.resolve("node-" + k + ".log"));
            }
            producing.join();
            ledger.flush();
            long total = ledger.good() + ledger.bad();
            log.accept("all " + total + " records produced; waiting for the node to catch up");
            ModelTopicWatcher.await(kafka.bootstrapServers(), "scorestream.model", p -> p.absorbed() + p.deadLettered() >= total, CATCH_UP);
            node.destroy();                                             // SIGTERM: drain and final snapshot
            if (!node.waitFor(90, TimeUnit.SECONDS) || node.exitValue() != 0)
                throw new IllegalStateException("the node did not stop cleanly after SIGTERM; see " + work);
            LearnerState last = new SnapshotStore(snapshots, log).loadLatest().orElseThrow();
            return outcome("crash loop", records + " records at " + rate + "/s", kills + " × SIGKILL of `scorestream run` at random moments (" + seconds(killedAt) + ")",
                    ledger, last, t0, "each restart resumed from its newest snapshot");
        }
    }

    /** A node in-process whose broker is stopped mid-stream for a while and started again. */
    public static Outcome brokerLoss(Duration outage, long records, int rate, Path work, Consumer<String> log) throws Exception {
        return brokerLoss(outage, records, rate, "singleton", work, log);
    }

    /** The same on a record path (scorestream.cluster.record-path: singleton or partition-local). */
    public static Outcome brokerLoss(Duration outage, long records, int rate, String recordPath, Path work, Consumer<String> log) throws Exception {
        long t0 = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Ledger ledger = new Ledger(kafka.bootstrapServers(), "samples", BAD_EVERY)) {
            createTopics(kafka);
            Path snapshots = work.resolve("snapshots");
            try (ScoreStreamService node = ScoreStreamService.start(nodeConfig(kafka, snapshots, recordPath), null)) {
                Thread producing = produceInBackground(ledger, records, rate);
                node.awaitConsumed(records / 3, CATCH_UP);
                log.accept("stopping the broker for " + outage.toSeconds() + " s");
                kafka.stopBroker();
                Thread.sleep(outage.toMillis());
                long before = node.progress(Duration.ofSeconds(10)).absorbed();
                kafka.restartBroker();
                long back = System.nanoTime();
                while (node.progress(Duration.ofSeconds(10)).absorbed() == before) Thread.sleep(100);
                double resumeSeconds = (System.nanoTime() - back) / 1e9;
                log.accept(String.format("absorbing again %.1f s after the broker came back", resumeSeconds));
                producing.join();
                ledger.flush();
                node.awaitConsumed(ledger.good() + ledger.bad(), CATCH_UP);
                node.drain(Duration.ofMinutes(2));
                LearnerState last = new SnapshotStore(snapshots, log).loadLatest().orElseThrow();
                return outcome("broker loss", records + " records at " + rate + "/s", "broker stopped " + outage.toSeconds() + " s mid-stream, producer kept sending",
                        ledger, last, t0, String.format("absorbing again %.1f s after the broker returned", resumeSeconds));
            }
        }
    }

    /** One time-series point of a soak: records produced and consumed, heap after a GC. */
    public record Sample(double seconds, long produced, long consumed, double heapMb) {}

    /** The soak's outcome and its time series. */
    public record Soak(Outcome outcome, List<Sample> series, double intervalSeconds) {
        /** No interval without progress while records waited, and the heap after GC no more than 25 % above its first-third peak. */
        public boolean steady() { return stalls(series, intervalSeconds) == 0 && peakHeap(series, false) <= 1.25 * peakHeap(series, true); }
    }

    /**
     * Intervals without progress while records waited. Only whole intervals count: the last one
     * ends when the producer does, often a fraction of a second after the one before, and a
     * batch boundary in that sliver is not a stall (CI failed once on a 0.24 s last interval).
     */
    static int stalls(List<Sample> series, double intervalSeconds) {
        int stalls = 0;
        for (int i = 1; i < series.size(); i++) {
            Sample before = series.get(i - 1), now = series.get(i);
            boolean whole = now.seconds() - before.seconds() >= intervalSeconds;
            if (whole && now.consumed() == before.consumed() && before.produced() > before.consumed()) stalls++;
        }
        return stalls;
    }

    /** The largest heap-after-GC reading in the first (or last) third of the series. */
    static double peakHeap(List<Sample> series, boolean first) {
        int third = Math.max(1, series.size() / 3);
        List<Sample> part = first ? series.subList(0, third) : series.subList(series.size() - third, series.size());
        return part.stream().mapToDouble(Sample::heapMb).max().orElse(0);
    }

    /** A sustained stream at a fixed rate for a while; heap, lag and progress sampled every interval. */
    public static Soak soak(Duration length, int rate, Duration interval, Path work, Consumer<String> log) throws Exception {
        long t0 = System.nanoTime();
        List<Sample> series = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Ledger ledger = new Ledger(kafka.bootstrapServers(), "samples", BAD_EVERY)) {
            createTopics(kafka);
            Path snapshots = work.resolve("snapshots");
            try (ScoreStreamService node = ScoreStreamService.start(nodeConfig(kafka, snapshots), null)) {
                long records = rate * length.toSeconds();
                Thread producing = produceInBackground(ledger, records, rate);
                while (producing.isAlive()) {
                    producing.join(interval.toMillis());
                    Partitioner.Progress p = node.progress(Duration.ofSeconds(30));
                    System.gc();
                    double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
                    Sample s = new Sample((System.nanoTime() - t0) / 1e9, ledger.good() + ledger.bad(), p.absorbed() + p.deadLettered(), heap);
                    series.add(s);
                    log.accept(String.format("%.0f s: produced %d, consumed %d, lag %d, heap %.0f MB", s.seconds(), s.produced(), s.consumed(), s.produced() - s.consumed(), heap));
                }
                ledger.flush();
                node.awaitConsumed(ledger.good() + ledger.bad(), CATCH_UP);
                node.drain(Duration.ofMinutes(2));
                LearnerState last = new SnapshotStore(snapshots, log).loadLatest().orElseThrow();
                return new Soak(outcome("soak", rate + " records/s for " + length.toSeconds() + " s", "none (sustained load)", ledger, last, t0,
                        soakNotes(series, interval.toMillis() / 1e3)), series, interval.toMillis() / 1e3);
            }
        }
    }

    /** Whether consumption stalled (an interval without progress while records were waiting) and how the heap moved. */
    static String soakNotes(List<Sample> series, double intervalSeconds) {
        int stalls = stalls(series, intervalSeconds);
        double early = peakHeap(series, true), late = peakHeap(series, false);
        long maxLag = series.stream().mapToLong(s -> s.produced() - s.consumed()).max().orElse(0);
        return String.format("%d stalled intervals; heap after GC max %.0f MB in the first third, %.0f MB in the last; max lag %d records", stalls, early, late, maxLag);
    }

    private static Outcome outcome(String name, String load, String faults, Ledger ledger, LearnerState last, long t0, String notes) {
        long duplicates = 0, missing = 0;
        for (int j = 0; j < last.statistics().length; j++) {
            // Each record weighs one in every level (its shares over soft cells sum to one).
            long rows = Math.round(last.recordsAt(j));
            duplicates = Math.max(duplicates, rows - last.absorbed());
            missing = Math.max(missing, last.absorbed() - rows);
        }
        return new Outcome(name, load, faults, ledger.good(), ledger.bad(), ledger.failed(), last.absorbed(), last.deadLettered(),
                duplicates, missing + Math.max(0, ledger.good() - last.absorbed()), (System.nanoTime() - t0) / 1e9, notes);
    }

    private static String seconds(List<Double> at) {
        StringBuilder sb = new StringBuilder();
        for (double s : at) sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%.0f", s));
        return sb.append(" s").toString();
    }

    private static void createTopics(EmbeddedKafka kafka) {
        kafka.createTopic("samples", PARTITIONS, Map.of());
        kafka.createTopic("samples.dlq", 1, Map.of());
        kafka.createTopic("scorestream.model", 1, Map.of("cleanup.policy", "compact"));
    }

    private static Thread produceInBackground(Ledger ledger, long records, int rate) {
        Thread t = new Thread(() -> {
            try {
                ledger.produce(records, Duration.ofMillis(records * 1000 / rate));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "scenario-producer");
        t.start();
        return t;
    }

    /** The settings every scenario's node runs with (small levels so that restarts catch up quickly). */
    private static Map<String, Object> settings(EmbeddedKafka kafka, Path snapshots) {
        Map<String, Object> m = new HashMap<>();
        m.put("scorestream.kafka.bootstrap-servers", kafka.bootstrapServers());
        m.put("scorestream.snapshot-dir", snapshots.toString());
        m.put("scorestream.learning.warm-up-samples", 1000);
        m.put("scorestream.learning.levels", 50);
        m.put("scorestream.learning.model-every-samples", 5000);
        m.put("scorestream.learning.model-max-age", "2s");
        m.put("scorestream.http.port", 0);
        m.put("scorestream.restart.min-backoff", "200ms");
        m.put("scorestream.restart.max-backoff", "3s");
        return m;
    }

    private static Config nodeConfig(EmbeddedKafka kafka, Path snapshots) {
        return nodeConfig(kafka, snapshots, "singleton");
    }

    private static Config nodeConfig(EmbeddedKafka kafka, Path snapshots, String recordPath) {
        Map<String, Object> m = settings(kafka, snapshots);
        m.put("scorestream.cluster.record-path", recordPath);
        return ConfigFactory.parseMap(m).withFallback(ConfigFactory.load());
    }

    /** `scorestream run` in a JVM of its own, on this JVM's class path, configured with -D settings. */
    private static Process startNode(EmbeddedKafka kafka, Path snapshots, String recordPath, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path")));
        settings(kafka, snapshots).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dscorestream.cluster.record-path=" + recordPath);
        command.addAll(List.of("io.scorestream.cli.Main", "run"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
