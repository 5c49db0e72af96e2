package io.scorestream.cli;

import com.typesafe.config.ConfigFactory;
import io.scorestream.bench.RemoteBytes;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.bench.CostGrowth;
import io.scorestream.data.Datasets;
import io.scorestream.io.AvroRecords;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.Sampler;
import io.scorestream.stream.IngestStream;
import io.scorestream.stream.Partitioner;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.stream.StreamSettings;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * End-to-end absorption rate: N records through an in-process Kafka broker into the actors, beside
 * the in-memory learner (same structure, same records, no Kafka, no actors) in the same run.
 */
@Command(name = "bench-stream", mixinStandardHelpOptions = true,
        description = "Samples per second absorbed through Kafka and the actors, against the in-memory learner.")
final class BenchStreamCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--n", defaultValue = "100000", description = "records (default ${DEFAULT-VALUE})") int n;
    @Option(names = "--dimension", defaultValue = "10", description = "d (default ${DEFAULT-VALUE})") int d;
    @Option(names = "--kind", paramLabel = "KIND",
            description = "stream this generate-data kind (its own d) instead of the default four-component mixture in --dimension d") String kind;
    @Option(names = "--levels", paramLabel = "L", description = "noise levels (default: a node's learning.levels, 30)") Integer levelOption;
    private int levels;
    @Option(names = "--bands", defaultValue = "4", description = "band regressor actors (default ${DEFAULT-VALUE})") int bands;
    @Option(names = "--partitions", defaultValue = "2", description = "topic partitions (default ${DEFAULT-VALUE})") int partitions;
    @Option(names = "--nodes", defaultValue = "1", split = ",",
            description = "cluster sizes to measure, e.g. 1,2,3: that many nodes (actor systems on loopback, one JVM) share the stream (default ${DEFAULT-VALUE})")
    int[] nodes;
    @Option(names = "--records", defaultValue = "csv", split = ",", paramLabel = "csv|json-object|avro",
            description = "record shapes on the topic, measured one after the other in this JVM: csv lines of numbers, JSON sensor objects {\"device\":…,\"ts\":…,\"x1\":…} read with input.fields = [x1..xd], "
                    + "or avro: one Avro binary datum a record of a schema with double fields x1..xd (input.format = avro; default ${DEFAULT-VALUE})")
    List<String> records;
    @Option(names = "--record-paths", defaultValue = "singleton", split = ",", paramLabel = "singleton|partition-local",
            description = "record paths to measure at every cluster size, one after the other (scorestream.cluster.record-path; default ${DEFAULT-VALUE})")
    List<String> recordPaths;
    @Option(names = "--model-every", defaultValue = "0", paramLabel = "N",
            description = "publish a model version every N absorbed records inside the timed span, as a node does (learning.model-every-samples; default ${DEFAULT-VALUE}: none, the record path and learning alone)")
    int modelEvery;
    @Option(names = "--generated", defaultValue = "10000", paramLabel = "N",
            description = "points generated (DDPM) from the in-memory model to time generation; 0: not timed (default ${DEFAULT-VALUE})")
    int generated;

    @Override
    public Integer call() throws Exception {
        for (String shape : records)
            if (!shape.equals("csv") && !shape.equals("json-object") && !shape.equals("avro"))
                throw new IllegalArgumentException("--records must be csv, json-object or avro, got '" + shape + "'");
        if (generated < 0) throw new IllegalArgumentException("--generated must be 0 (not timed) or more, got " + generated);
        if (modelEvery < 0) throw new IllegalArgumentException("--model-every must be 0 (no versions) or more, got " + modelEvery);
        levels = levelOption != null ? levelOption : ConfigFactory.load().getInt("scorestream.learning.levels");
        if (n < 10_000 || d < 1 || levels < 2 || bands < 1 || partitions < 1 || java.util.Arrays.stream(nodes).anyMatch(k -> k < 1 || k > 8))
            throw new IllegalArgumentException("need --n >= 10000, positive --dimension, --levels (>= 2), --bands, --partitions, and --nodes in 1..8");
        for (String path : recordPaths)
            if (!path.equals("singleton") && !path.equals("partition-local"))
                throw new IllegalArgumentException("--record-paths takes singleton and partition-local, got '" + path + "'");
        Progress progress = new Progress(spec);
        if (kind != null && !Datasets.kinds().contains(kind))
            throw new IllegalArgumentException("unknown kind '" + kind + "'; known kinds: " + String.join(", ", Datasets.kinds()));
        DMatrixRMaj data = kind == null ? CostGrowth.mixture(d, n, 1) : Datasets.generate(kind, n, 1).samples();
        d = data.numCols;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            StreamSettings settings = null;
            List<String> runs = new ArrayList<>();
            List<Measured> measured = new ArrayList<>();
            for (int size : nodes)
                for (String path : recordPaths)
                    for (String shape : records) {
                        int r = runs.size();
                        // By default no model version in the timed span on either path (neither count nor age
                        // triggers one): both time the record path and the learning. --model-every adds what a
                        // node's versions cost (snapshots, the model topic, the statistics each node ships).
                        Map<String, Object> config = BenchNodeConfig.of(kafka.bootstrapServers(), "bench", String.valueOf(r), levels, bands,
                                warmUp(n), modelEvery > 0 ? modelEvery : 1_000_000_000);
                        config.put("scorestream.cluster.record-path", path);
                        config.put("akka.remote.artery.advanced.instruments", List.of(RemoteBytes.class.getName()));
                        if (shape.equals("json-object")) {
                            config.put("scorestream.input.format", "json");
                            config.put("scorestream.input.fields", columns(d));
                        } else if (shape.equals("avro")) {
                            config.put("scorestream.input.format", "avro");
                            config.put("scorestream.input.avro-schema", avroSchemaFile(d).toString());
                        }
                        kafka.createTopic("samples-" + r, partitions, Map.of());
                        settings = StreamSettings.from(ConfigFactory.parseMap(config).withFallback(ConfigFactory.load()));
                        Measured m = streamRate(kafka, data, config, size, settings.warmUpSamples(), "samples-" + r, shape, r == 0);
                        String run = size + " node(s), " + path + " path, " + shape + " records";
                        runs.add(run);
                        measured.add(m);
                        progress.line(String.format("%s: %.0f samples/s, %.1f CPU µs/record, %.1f bytes between nodes/record, %d versions in %d timed records",
                                run, m.rate(), m.cpuMicros(), m.bytesPerRecord(), m.versions(), m.timedRecords()));
                    }
            InMemory memory = inMemory(data, settings, settings.warmUpSamples(), generated, measured.get(0).planned());
            double memoryRate = memory.absorbed();
            spec.commandLine().getOut().printf("d=%d levels=%d bands=%d partitions=%d records=%d (%s); the first stream's plan (the in-memory learner's too): up to %d cells, %d features (degree 2)%n",
                    d, levels, bands, partitions, n, String.join(", ", records), memory.maxCells(), memory.features());
            spec.commandLine().getOut().printf("in-memory learner: %.0f samples/s, %.1f CPU µs/record (whole JVM, its cluster closed)%n", memoryRate, memory.cpuMicros());
            for (int r = 0; r < runs.size(); r++) {
                Measured m = measured.get(r);
                spec.commandLine().getOut().printf("through Kafka and actors, %s: %.0f samples/s (%.0f%% of in-memory), %.1f CPU µs/record (whole JVM), %.1f bytes between nodes/record; timed: %d records in %.2f s (%s to %s UTC)%n",
                        runs.get(r), m.rate(), 100 * m.rate() / memoryRate, m.cpuMicros(), m.bytesPerRecord(), m.timedRecords(), m.timedSeconds(), m.timedFrom(), m.timedTo());
                if (modelEvery > 0)
                    spec.commandLine().getOut().printf("  model versions published in the timed span: %d (bytes between nodes over the span / versions: %.1f MB)%n",
                            m.versions(), m.versions() == 0 ? Double.NaN : m.bytesPerRecord() * m.timedRecords() / m.versions() / 1e6);
                spec.commandLine().getOut().printf("  its producer (this JVM, done before the nodes started): %.1f s, %.1f CPU µs/record on the producing thread, %.0f bytes/record on the topic%n",
                        m.produceSeconds(), m.produceCpuMicros(), m.recordBytes());
            }
            if (generated > 0)
                spec.commandLine().getOut().printf("generated (DDPM on the in-memory model, %d points, %d steps): %.0f samples/s%n",
                        generated, levels - 1, memory.generated());
            progress.line("done");
        }
        return Main.OK;
    }

    /**
     * Over the timed span: records/s, CPU µs of this whole JVM per record, bytes Akka remoting sent
     * between the nodes per record, the span's records, seconds and clock times (to find it in a
     * profile of the run); and what producing every record
     * took (wall seconds, CPU µs per record of the producing thread: formatting and handing to the client;
     * the mean record value's bytes); the model versions whose records end inside the span.
     */
    record Measured(double rate, double cpuMicros, double bytesPerRecord, long timedRecords, double timedSeconds,
                    java.time.LocalTime timedFrom, java.time.LocalTime timedTo, double produceSeconds, double produceCpuMicros, double recordBytes,
                    long versions, ModelStructure planned) {}

    /** The stream's warm-up: the default, but at most half the records, so that --n 10 000 leaves records to time. */
    static int warmUp(int n) {
        return Math.min(ConfigFactory.load().getInt("scorestream.learning.warm-up-samples"), n / 2);
    }

    /**
     * Records after the warm-up left out of the timed span (planning, start-up, compilation): 5000,
     * or half of those after the warm-up when there are fewer than 10 000 (with 5000 left out of
     * --n 10000 at d = 768 only 904 records, a quarter of a second, were timed).
     */
    static long untimed(int n, long warm) {
        return Math.min(5_000, (n - warm) / 2);
    }

    /**
     * Produces the records, then starts a cluster of that many nodes and times the absorption of
     * everything after the warm-up and the {@link #untimed} records after it; with wantPlan, the
     * nodes' plan too (drained after the span for a model where none came within it).
     */
    private static Measured streamRate(EmbeddedKafka kafka, DMatrixRMaj data, Map<String, Object> config, int nodes, long warm, String topic, String shape,
                                       boolean wantPlan) throws Exception {
        int[] ports = EmbeddedKafka.freePorts(nodes);
        java.util.List<ScoreStreamService> cluster = new java.util.ArrayList<>();
        // Every record is on the topic before a node starts, so the timed span measures the stream alone:
        // with the producer still running, a stream as fast as it (Avro's at d = 768) had read every
        // record before the span began, and the span timed nothing.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long p0 = System.nanoTime(), pc0 = threads.getCurrentThreadCpuTime();
        long bytes = produce(kafka, data, topic, shape);
        double produceSeconds = (System.nanoTime() - p0) / 1e9, produceCpuMicros = (threads.getCurrentThreadCpuTime() - pc0) / 1e3 / data.numRows;
        // The records each model version the first node hears of holds: a version is in the span if
        // its count is, whenever it arrives (the model topic can bring it after the span ends).
        java.util.concurrent.ConcurrentSkipListSet<Long> versions = new java.util.concurrent.ConcurrentSkipListSet<>();
        java.util.concurrent.atomic.AtomicReference<ModelStructure> planned = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            for (int i = 0; i < nodes; i++) {
                Map<String, Object> node = new HashMap<>(config);
                node.put("akka.remote.artery.canonical.port", ports[i]);
                node.put("akka.cluster.seed-nodes", java.util.List.of("akka://scorestream@127.0.0.1:" + ports[0]));
                java.util.function.Consumer<io.scorestream.stream.ModelAssembler.ModelUpdated> onModel = i > 0 ? null : m -> {
                    versions.add(m.absorbed());
                    planned.compareAndSet(null, m.model().structure());
                };
                cluster.add(ScoreStreamService.start(ConfigFactory.parseMap(node).withFallback(ConfigFactory.load()), onModel));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (cluster.get(0).membersUp() < nodes && System.nanoTime() < deadline) Thread.sleep(100);
            int n = data.numRows;
            long skip = warm + untimed(n, warm);
            Partitioner.Progress before = cluster.get(0).awaitConsumed(skip, Duration.ofMinutes(10));
            long first = before.absorbed() + before.deadLettered();   // skip, or up to one poll's records more
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            RemoteBytes.reset();
            java.time.LocalTime from = java.time.LocalTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            long t0 = System.nanoTime(), cpu0 = os.getProcessCpuTime();
            cluster.get(0).awaitConsumed(n, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - t0) / 1e9, counted = n - first;
            // The last version of the span reaches the model topic after an assembly that a loaded
            // machine can stretch to many seconds (5 s once counted none): wait for it, when the
            // run publishes versions at all.
            long every = ((Number) config.get("scorestream.learning.model-every-samples")).longValue();
            long settle = System.nanoTime() + Duration.ofSeconds(every < n ? 120 : 0).toNanos();
            while ((versions.isEmpty() || versions.last() < n - every) && System.nanoTime() < settle) Thread.sleep(100);
            double cpuMicros = (os.getProcessCpuTime() - cpu0) / 1e3 / counted, bytesBetween = RemoteBytes.bytes() / counted;
            java.time.LocalTime to = java.time.LocalTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            long inSpan = versions.subSet(first, false, (long) n, true).size();
            // After the span, for the first run only: a model of the nodes' plan, which the in-memory
            // learner then absorbs on (planning it again took as long as the stream itself at d = 64).
            if (wantPlan && planned.get() == null) cluster.get(0).drain(Duration.ofMinutes(2));
            return new Measured(counted / seconds, cpuMicros, bytesBetween, n - first, seconds, from, to, produceSeconds, produceCpuMicros,
                    (double) bytes / n, inSpan, planned.get());
        } finally {
            cluster.forEach(ScoreStreamService::close);
        }
    }

    /** Samples per second absorbed by the in-memory learner, and generated from the model it learned. */
    record InMemory(double absorbed, double cpuMicros, double generated, int maxCells, int features) {}

    /**
     * The same learner without Kafka or actors: on the structure given (the first measured
     * stream's plan; null: planned here on the warm-up rows), absorb the rows after the warm-up in
     * 512-row batches; then solve and time generating that many points from the model (0: none).
     */
    static InMemory inMemory(DMatrixRMaj data, StreamSettings s, int warm, int generated, ModelStructure given) {
        ModelStructure structure = given;
        if (structure == null) {
            DMatrixRMaj plan = new DMatrixRMaj(warm, data.numCols);
            System.arraycopy(data.data, 0, plan.data, 0, plan.getNumElements());
            structure = Partitioner.plan(s, plan, null);
        }
        ScoreLearner learner = new ScoreLearner(structure, s.seed(), s.forgetting(), 1e-4);
        int batch = s.batchSize(), d = data.numCols;
        DMatrixRMaj rows = new DMatrixRMaj(batch, d);
        long[] positions = new long[batch];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime(), cpu0 = os.getProcessCpuTime();
        int done = 0;
        for (int first = warm; first + batch <= data.numRows; first += batch) {
            System.arraycopy(data.data, first * d, rows.data, 0, batch * d);
            for (int i = 0; i < batch; i++) positions[i] = IngestStream.position(0, first + i);
            learner.absorb(rows, positions);
            done += batch;
        }
        double absorbed = done / ((System.nanoTime() - t0) / 1e9), cpuMicros = (os.getProcessCpuTime() - cpu0) / 1e3 / done;
        int cells = 0;
        for (int j = 0; j < structure.levelCount(); j++) cells = Math.max(cells, structure.level(j).cells());
        if (generated == 0) return new InMemory(absorbed, cpuMicros, Double.NaN, cells, structure.level(0).featureCount());
        ScoreModel model = learner.solve();
        Sampler ddpm = Sampler.named("ddpm");
        ddpm.sample(model, model.schedule(), 1024, 1);   // warm-up
        t0 = System.nanoTime();
        ddpm.sample(model, model.schedule(), generated, 2);
        return new InMemory(absorbed, cpuMicros, generated / ((System.nanoTime() - t0) / 1e9), cells, structure.level(0).featureCount());
    }

    static java.util.List<String> columns(int d) {
        return java.util.stream.IntStream.rangeClosed(1, d).mapToObj(i -> "x" + i).toList();
    }

    /**
     * The schema of the avro records: a record of d double fields x1..xd, in a file (deleted on exit)
     * because that is how a deployment names it (scorestream.input.avro-schema).
     */
    static Path avroSchemaFile(int d) throws IOException {
        Path file = Files.createTempFile("bench-stream-", ".avsc");
        file.toFile().deleteOnExit();
        Files.writeString(file, avroSchema(d).toString(true));
        return file;
    }

    /** Counts the records the producer could not write, and keeps the first error. */
    private static final class SendFailures implements org.apache.kafka.clients.producer.Callback {
        final java.util.concurrent.atomic.AtomicReference<Exception> first = new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.concurrent.atomic.LongAdder count = new java.util.concurrent.atomic.LongAdder();

        @Override public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
            if (e == null) return;
            first.compareAndSet(null, e);
            count.increment();
        }
    }

    static Schema avroSchema(int d) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Vector").namespace("io.scorestream.bench").fields();
        for (String name : columns(d)) fields = fields.requiredDouble(name);
        return fields.endRecord();
    }

    /**
     * Records as CSV lines, as JSON sensor objects with a device name and a timestamp beside the
     * readings, or as Avro data of {@link #avroSchemaFile}'s schema; returns the bytes of all values.
     */
    static long produce(EmbeddedKafka kafka, DMatrixRMaj data, String topic, String shape) {
        AvroRecords avro = shape.equals("avro") ? new AvroRecords(avroSchema(data.numCols), List.of()) : null;
        StringBuilder sb = new StringBuilder();
        double[] row = new double[data.numCols];
        return produce(kafka, topic, data.numRows, i -> {
            if (avro != null) {
                System.arraycopy(data.data, i * data.numCols, row, 0, data.numCols);
                return avro.write(row);
            }
            sb.setLength(0);
            if (shape.equals("json-object")) {
                sb.append("{\"device\":\"d").append(i % 64).append("\",\"ts\":").append(1_732_960_000_000L + i);
                for (int j = 0; j < data.numCols; j++) sb.append(",\"x").append(j + 1).append("\":").append(data.get(i, j));
                sb.append('}');
            } else {
                for (int j = 0; j < data.numCols; j++) sb.append(j == 0 ? "" : ",").append(data.get(i, j));
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /** Records 0..count−1, each value made by record, to the topic in order; returns the bytes of all values. */
    static long produce(EmbeddedKafka kafka, String topic, int count, java.util.function.IntFunction<byte[]> record) {
        long bytes = 0;
        SendFailures failed = new SendFailures();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5,
                // The in-process broker on a loaded machine took more than the default 2 minutes for some batches,
                // and the idempotent client then looped on "out of order sequence number" for good (seen at
                // load 25-35): without idempotence a retried batch may land twice, which only adds records.
                "delivery.timeout.ms", 900_000, "enable.idempotence", false),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                byte[] value = record.apply(i);
                bytes += value.length;
                p.send(new ProducerRecord<>(topic, value), failed);
            }
            p.flush();
        }
        // A record the broker never took would leave the run waiting for it for ever (seen at load 12-35:
        // batches expired after the client's delivery timeout); say so and stop instead.
        if (failed.first.get() != null)
            throw new java.io.UncheckedIOException(failed.count.sum() + " of " + count + " records could not be written to " + topic + ": " + failed.first.get(),
                    new IOException(failed.first.get()));
        return bytes;
    }
}
