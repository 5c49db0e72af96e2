package io.scorestream.cli;

import com.typesafe.config.ConfigFactory;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.StructurePlanner;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.Sampler;
import io.scorestream.stream.IngestStream;
import io.scorestream.stream.Partitioner;
import io.scorestream.stream.ScoreStreamService;
import io.scorestream.stream.StreamSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
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
    @Option(names = "--levels", defaultValue = "200", description = "noise levels (default ${DEFAULT-VALUE})") int levels;
    @Option(names = "--bands", defaultValue = "4", description = "band regressor actors (default ${DEFAULT-VALUE})") int bands;
    @Option(names = "--partitions", defaultValue = "2", description = "topic partitions (default ${DEFAULT-VALUE})") int partitions;

    @Override
    public Integer call() throws Exception {
        if (n < 10_000 || d < 1 || levels < 2 || bands < 1 || partitions < 1)
            throw new IllegalArgumentException("need --n >= 10000 and positive --dimension, --levels (>= 2), --bands, --partitions");
        Progress progress = new Progress(spec);
        double[][] means = new double[4][d];
        for (int i = 0; i < 4; i++) means[i][i % d] = 6 * (i + 1);
        DMatrixRMaj data = GaussianMixture.isotropic(new double[]{0.25, 0.25, 0.25, 0.25}, means, 1).sample(n, new SplittableRandom(1), null);
        Path state = Files.createTempDirectory("scorestream-bench-state");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("samples", partitions, Map.of());
            kafka.createTopic("samples.dlq", 1, Map.of());
            kafka.createTopic("scorestream.model", 1, Map.of("cleanup.policy", "compact"));
            produce(kafka, data);
            Map<String, Object> config = new HashMap<>();
            config.put("scorestream.kafka.bootstrap-servers", kafka.bootstrapServers());
            config.put("scorestream.snapshot-dir", state.toString());
            config.put("scorestream.learning.levels", levels);
            config.put("scorestream.learning.level-bands", bands);
            config.put("scorestream.learning.model-every-samples", 1_000_000_000);
            config.put("scorestream.http.port", 0);
            var typesafe = ConfigFactory.parseMap(config).withFallback(ConfigFactory.load());
            StreamSettings settings = StreamSettings.from(typesafe);
            long warm = settings.warmUpSamples(), rest = n - warm - 5_000;
            double streamRate;
            try (ScoreStreamService service = ScoreStreamService.start(typesafe, null)) {
                service.awaitConsumed(warm + 5_000, Duration.ofMinutes(10));   // past planning and start-up
                long t0 = System.nanoTime();
                service.awaitConsumed(n, Duration.ofMinutes(30));
                streamRate = rest / ((System.nanoTime() - t0) / 1e9);
            }
            InMemory memory = inMemory(data, settings, (int) warm);
            double memoryRate = memory.absorbed();
            spec.commandLine().getOut().printf("d=%d levels=%d bands=%d partitions=%d records=%d; in-memory plan: up to %d cells, %d features (degree 2)%n",
                    d, levels, bands, partitions, n, memory.maxCells(), memory.features());
            spec.commandLine().getOut().printf("in-memory learner: %.0f samples/s%n", memoryRate);
            spec.commandLine().getOut().printf("through Kafka and actors: %.0f samples/s (%.0f%% of in-memory)%n", streamRate, 100 * streamRate / memoryRate);
            spec.commandLine().getOut().printf("generated (DDPM on the in-memory model, %d points, %d steps): %.0f samples/s%n",
                    GENERATED, levels - 1, memory.generated());
            progress.line("done");
        } finally {
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Main.OK;
    }

    private static final int GENERATED = 10_000;

    /** Samples per second absorbed by the in-memory learner, and generated from the model it learned. */
    private record InMemory(double absorbed, double generated, int maxCells, int features) {}

    /**
     * The same learner without Kafka or actors: plan on the warm-up rows, absorb the rest in
     * 512-row batches; then solve and time generating {@link #GENERATED} points from the model.
     */
    private static InMemory inMemory(DMatrixRMaj data, StreamSettings s, int warm) {
        DMatrixRMaj plan = new DMatrixRMaj(warm, data.numCols);
        System.arraycopy(data.data, 0, plan.data, 0, plan.getNumElements());
        ModelStructure structure = StructurePlanner.plan(plan, Partitioner.planOptions(s, warm, data.numCols), null);
        ScoreLearner learner = new ScoreLearner(structure, s.seed(), s.forgetting(), 1e-4);
        int batch = s.batchSize(), d = data.numCols;
        DMatrixRMaj rows = new DMatrixRMaj(batch, d);
        long[] positions = new long[batch];
        long t0 = System.nanoTime();
        int done = 0;
        for (int first = warm; first + batch <= data.numRows; first += batch) {
            System.arraycopy(data.data, first * d, rows.data, 0, batch * d);
            for (int i = 0; i < batch; i++) positions[i] = IngestStream.position(0, first + i);
            learner.absorb(rows, positions);
            done += batch;
        }
        double absorbed = done / ((System.nanoTime() - t0) / 1e9);
        ScoreModel model = learner.solve();
        Sampler ddpm = Sampler.named("ddpm");
        ddpm.sample(model, model.schedule(), 1024, 1);   // warm-up
        t0 = System.nanoTime();
        ddpm.sample(model, model.schedule(), GENERATED, 2);
        int cells = 0;
        for (int j = 0; j < structure.levelCount(); j++) cells = Math.max(cells, structure.level(j).cells());
        return new InMemory(absorbed, GENERATED / ((System.nanoTime() - t0) / 1e9), cells, structure.level(0).featureCount());
    }

    private static void produce(EmbeddedKafka kafka, DMatrixRMaj data) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 5),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < data.numRows; i++) {
                sb.setLength(0);
                for (int j = 0; j < data.numCols; j++) sb.append(j == 0 ? "" : ",").append(data.get(i, j));
                p.send(new ProducerRecord<>("samples", sb.toString().getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }
}
