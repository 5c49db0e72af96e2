package io.scorestream.cli;

import com.typesafe.config.ConfigFactory;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.report.Report;
import io.scorestream.report.ReportOptions;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.node.ScoreStreamService;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The embedded default: an in-process Kafka broker (KRaft, loopback, temporary data), a synthetic
 * feed of named JSON sensor records ({"device", "ts", "temp", "humidity"}) whose mixture shifts once half-way, and the learner following it online, with progress
 * (absorbed, model version, two-sample accuracy against the current truth) every few seconds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run ScoreStream end to end on an in-process Kafka broker with a drifting synthetic stream.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "60", description = "how long to stream (default ${DEFAULT-VALUE})") int seconds;
    @Option(names = "--rate", defaultValue = "4000", description = "samples produced per second (default ${DEFAULT-VALUE})") int rate;
    @Option(names = "--target", defaultValue = "0.03", description = "stop early once accuracy after the shift is within this of the floor "
            + "(looked at from a quarter of --seconds, at most 10 s, after the shift; default ${DEFAULT-VALUE})") double target;
    @Option(names = "--report", defaultValue = "demo-report", paramLabel = "DIR",
            description = "directory for the final model's report (index.html and figures; default ${DEFAULT-VALUE})") Path report;

    private static final int REPORT_REFERENCE_ROWS = 4000;
    private static final long REPORT_SEED = 2;
    // (temp, humidity) of four kinds of room, then of four others after the shift.
    private static final GaussianMixture BEFORE = GaussianMixture.isotropic(new double[]{0.1, 0.2, 0.3, 0.4},
            new double[][]{{15, 35}, {23, 35}, {15, 43}, {23, 43}}, 1.0);
    private static final GaussianMixture AFTER = GaussianMixture.isotropic(new double[]{0.4, 0.3, 0.2, 0.1},
            new double[][]{{19, 31}, {27, 35}, {19, 47}, {29, 43}}, 1.0);
    /** The feed's fields the model learns; device and ts are in every record too, and ignored. */
    static final List<String> FIELDS = List.of("temp", "humidity");
    /** Bad records of the feed, one in a hundred, in turn: a null, a string and a missing reading. */
    private static final String[] BAD = {"{\"device\":\"s%02d\",\"ts\":%d,\"temp\":null,\"humidity\":40.0}",
            "{\"device\":\"s%02d\",\"ts\":%d,\"temp\":21.5,\"humidity\":\"n/a\"}", "{\"device\":\"s%02d\",\"ts\":%d,\"temp\":21.5}"};

    /** The exit code after Ctrl-C (SIGINT) or SIGTERM: 128 + the signal's number, as shells report it. */
    static final int INTERRUPTED = 130;

    @Override
    public Integer call() throws Exception {
        if (seconds < 5 || rate < 100) throw new IllegalArgumentException("--seconds must be >= 5 and --rate >= 100");
        if (!(target > 0 && target < 0.5)) throw new IllegalArgumentException("--target is a distance from the two-sample floor: above 0 and below 0.5, got " + target);
        Report.checkOutputDirectory(report);
        Progress progress = new Progress(spec);
        // Broker data and state both live under one temporary directory, removed on every way out:
        // the end of the run, an exception (finally), SIGINT/SIGTERM (the handlers below end the run
        // early; a second signal removes it and halts), any other JVM exit (the shutdown hook).
        Path temp = Files.createTempDirectory("scorestream-demo-");
        Thread removeOnExit = new Thread(() -> deleteRecursively(temp), "demo-temp-cleanup");
        Runtime.getRuntime().addShutdownHook(removeOnExit);
        CountDownLatch interrupted = new CountDownLatch(1);
        Map<Signal, SignalHandler> previous = new HashMap<>();   // put back at the end (the demo may run inside a longer-lived JVM)
        for (String name : new String[] {"INT", "TERM"}) {
            previous.put(new Signal(name), Signal.handle(new Signal(name), signal -> {
                if (interrupted.getCount() > 0) {
                    progress.line("SIG" + signal.getName() + ": stopping; the temporary data in " + temp + " will be removed (again to stop at once)");
                    interrupted.countDown();
                    return;
                }
                deleteRecursively(temp);
                progress.line("removed the temporary broker data and state in " + temp + "; stopping at once");
                Runtime.getRuntime().halt(INTERRUPTED);
            }));
        }
        ModelAssembler.ModelUpdated last = null;
        boolean shifted = false;
        try (EmbeddedKafka kafka = EmbeddedKafka.startIn(temp)) {
            Path state = Files.createDirectories(temp.resolve("state"));
            progress.line("Kafka (KRaft, in-process) at " + kafka.bootstrapServers() + "; broker data and state in " + temp + " (removed on exit)");
            kafka.createTopic("samples", 2, Map.of());
            kafka.createTopic("samples.dlq", 1, Map.of());
            kafka.createTopic("generated", 1, Map.of());
            kafka.createTopic("scorestream.model", 1, Map.of("cleanup.policy", "compact"));
            Map<String, Object> config = new HashMap<>();
            config.put("scorestream.kafka.bootstrap-servers", kafka.bootstrapServers());
            config.put("scorestream.snapshot-dir", state.toString());
            config.put("scorestream.learning.warm-up-samples", 2000);
            config.put("scorestream.learning.model-every-samples", 4000);
            config.put("scorestream.learning.forgetting", 0.9997);
            config.put("scorestream.learning.replan-every-samples", 8000);
            config.put("scorestream.learning.recent-window", 4096);
            config.put("scorestream.sampler.publish-per-second", 100);
            config.put("scorestream.http.port", 0);
            config.put("scorestream.input.format", "json");
            config.put("scorestream.input.fields", FIELDS);
            AtomicReference<ModelAssembler.ModelUpdated> latest = new AtomicReference<>();
            try (ScoreStreamService service = ScoreStreamService.start(ConfigFactory.parseMap(config).withFallback(ConfigFactory.load()), latest::set)) {
                String http = "http://127.0.0.1:" + service.healthPort();
                progress.line("HTTP at " + http + ": /health /ready /model /samples?n=N /metrics");
                shifted = run(kafka, service, latest, progress, interrupted);
                if (interrupted.getCount() == 0) return INTERRUPTED;   // the finally blocks stop the node and the broker and remove the data
                progress.line("draining and writing the final snapshot");
                service.drain(Duration.ofSeconds(120));
                last = latest.get();
                if (last != null) progress.line(String.format("final: model v%d of %s, %d samples absorbed, %d dead-lettered %s",
                        last.model().info().version(), last.model().recordSchema().describe(), last.absorbed(), last.deadLettered(), last.deadLetteredByReason()));
            }
        } finally {
            deleteRecursively(temp);
            progress.line(Files.exists(temp) ? "could not remove all of the temporary data in " + temp : "removed the temporary broker data and state in " + temp);
            previous.forEach(Signal::handle);
            try {
                Runtime.getRuntime().removeShutdownHook(removeOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs anyway, harmlessly
            }
        }
        if (last == null) {
            progress.line("no model was made, so no report");
            return Main.OK;
        }
        writeReport(last, shifted, progress);
        return Main.OK;
    }

    /** The final model against the mixture the stream ended on: figures, eval metrics and the score error. */
    private void writeReport(ModelAssembler.ModelUpdated last, boolean shifted, Progress progress) {
        GaussianMixture truth = shifted ? AFTER : BEFORE;
        String mixture = shifted ? "shifted" : "initial";
        DMatrixRMaj reference = truth.sample(REPORT_REFERENCE_ROWS, new SplittableRandom(REPORT_SEED), null);
        progress.line("writing the report of model v" + last.model().info().version() + " against the " + mixture + " mixture to " + report);
        Report.Result result = Report.write(last.model(), reference, truth, report, ReportOptions.defaults(),
                new Report.Sources(String.format("demo stream, model v%d (%d samples absorbed)", last.model().info().version(), last.absorbed()),
                        REPORT_REFERENCE_ROWS + " fresh samples of the " + mixture + " mixture",
                        "the demo's " + mixture + " mixture"),
                progress::line);
        progress.line("report: " + result.directory().resolve(Report.INDEX));
    }

    /** Streams until the target or --seconds; true when the mixture has shifted by then. */
    private boolean run(EmbeddedKafka kafka, ScoreStreamService service, AtomicReference<ModelAssembler.ModelUpdated> latest, Progress progress,
                        CountDownLatch interrupted) throws InterruptedException {
        AtomicLong produced = new AtomicLong();
        AtomicBoolean shifted = new AtomicBoolean(), stop = new AtomicBoolean();
        Thread producer = new Thread(() -> produce(kafka, produced, shifted, stop), "demo-producer");
        producer.start();
        long start = System.nanoTime(), shiftAt = start + seconds * 500_000_000L, end = start + seconds * 1_000_000_000L;
        // A short demo looks more often (every tenth of its time, 1 to 3 s) and gives the learner a
        // quarter of its time after the shift (at most 10 s) before the target may stop it.
        long every = Math.max(1_000, Math.min(3_000, seconds * 100L)), settle = Math.min(10_000_000_000L, seconds * 250_000_000L);
        try {
            while (System.nanoTime() < end) {
                if (interrupted.await(every, TimeUnit.MILLISECONDS)) break;
                if (!shifted.get() && System.nanoTime() > shiftAt) {
                    shifted.set(true);
                    progress.line("the stream's mixture shifts now");
                }
                ModelAssembler.ModelUpdated m = latest.get();
                if (m == null) {
                    progress.line(String.format("produced %d, warming up", produced.get()));
                    continue;
                }
                GaussianMixture truth = shifted.get() ? AFTER : BEFORE;
                DMatrixRMaj generated = service.samples(2000, System.nanoTime());
                DMatrixRMaj reference = truth.sample(2000, new SplittableRandom(System.nanoTime()), null);
                double acc = TwoSampleMetrics.compare(generated, reference, 1).classifierAccuracy();
                double floor = TwoSampleMetrics.compare(truth.sample(2000, new SplittableRandom(System.nanoTime() + 1), null), reference, 1).classifierAccuracy();
                progress.line(String.format("produced %d, absorbed %d, dead-lettered %d, model v%d: two-sample accuracy %.3f (floor %.3f) vs the %s mixture",
                        produced.get(), m.absorbed(), m.deadLettered(), m.model().info().version(), acc, floor, shifted.get() ? "shifted" : "initial"));
                if (shifted.get() && acc - floor < target && System.nanoTime() - shiftAt > settle) {
                    progress.line("target reached after the shift");
                    break;
                }
            }
        } finally {
            stop.set(true);
            producer.join();
        }
        return shifted.get();
    }

    /** The synthetic feed: rate JSON sensor records per second, 1% of them bad (a null, a string, a missing reading) to show the dead-letter path. */
    private void produce(EmbeddedKafka kafka, AtomicLong produced, AtomicBoolean shifted, AtomicBoolean stop) {
        Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5);
        SplittableRandom rng = new SplittableRandom(1);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long next = System.nanoTime();
            while (!stop.get()) {
                GaussianMixture truth = shifted.get() ? AFTER : BEFORE;
                DMatrixRMaj batch = truth.sample(rate / 10, rng, null);
                for (int i = 0; i < batch.numRows; i++) {
                    long n = produced.get() + i;
                    int device = (int) (n % 24);
                    long ts = System.currentTimeMillis();
                    String value = rng.nextInt(100) == 0 ? String.format(BAD[(int) (n % BAD.length)], device, ts)
                            : String.format("{\"device\":\"s%02d\",\"ts\":%d,\"temp\":%s,\"humidity\":%s}", device, ts, batch.get(i, 0), batch.get(i, 1));
                    p.send(new ProducerRecord<>("samples", value.getBytes(StandardCharsets.UTF_8)));
                }
                produced.addAndGet(batch.numRows);
                next += 100_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // best effort: a temp directory
        }
    }
}
