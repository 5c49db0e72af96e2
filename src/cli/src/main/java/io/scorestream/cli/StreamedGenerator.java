package io.scorestream.cli;

import com.typesafe.config.ConfigFactory;
import io.scorestream.bench.RealDataSuite;
import io.scorestream.io.CsvVectors;
import io.scorestream.io.RecordSchema;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.model.ModelCodec;
import io.scorestream.model.ScoreModel;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.stream.ModelAssembler;
import org.ejml.data.DMatrixRMaj;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * ScoreStream as a stream learns it, for the real-data bench ({@code bench-quality --stream}): a
 * split's training rows go to a topic of one partition of an in-process Kafka broker as CSV lines,
 * in order; a node with the default settings (but {@code learning.seed} = {@code fit --seed}, and a
 * warm-up of every training row when there are fewer than the default's) reads and learns them,
 * drains, and its drained model is sampled by {@code sample} as {@code fit}'s is. The row beside
 * {@code fit}'s therefore shows what the streaming path does to a model of the same records.
 */
final class StreamedGenerator implements RealDataSuite.Generator, AutoCloseable {
    static final String LABEL = "ScoreStream streamed (a node on Kafka, sample defaults)";
    private static final Duration WAIT = Duration.ofMinutes(10);

    private EmbeddedKafka kafka;
    private int runs;

    static RealDataSuite.Method method(StreamedGenerator generator) { return new RealDataSuite.Method(LABEL, generator); }

    @Override
    public DMatrixRMaj generate(DMatrixRMaj train, RecordSchema columns, int n, long seed) throws Exception {
        if (columns.hasLabels()) throw new IllegalArgumentException("--stream: tables with columns of labels are not streamed here");
        if (kafka == null) kafka = EmbeddedKafka.start();
        String suffix = "quality-" + runs++;
        com.typesafe.config.Config defaults = ConfigFactory.load();
        int warmUp = Math.min(defaults.getInt("scorestream.learning.warm-up-samples"), train.numRows);
        Map<String, Object> config = BenchNodeConfig.of(kafka.bootstrapServers(), "bench", suffix,
                defaults.getInt("scorestream.learning.levels"), defaults.getInt("scorestream.learning.level-bands"), warmUp, 1_000_000_000);
        config.put("scorestream.learning.seed", seed);
        kafka.createTopic("samples-" + suffix, 1, Map.of());
        BenchStreamCommand.produce(kafka, train, "samples-" + suffix, "csv");
        AtomicReference<ScoreModel> drained = new AtomicReference<>();
        try (ScoreStreamService node = ScoreStreamService.start(ConfigFactory.parseMap(config).withFallback(defaults),
                (ModelAssembler.ModelUpdated m) -> drained.set(m.model()))) {
            node.awaitConsumed(train.numRows, WAIT);
            node.drain(WAIT);
        }
        ScoreModel model = drained.get();
        if (model == null || model.info().samplesAbsorbed() < train.numRows)
            throw new IllegalStateException("the node's drained model holds " + (model == null ? "no" : model.info().samplesAbsorbed()) + " of " + train.numRows + " records");
        Path dir = Files.createTempDirectory("scorestream-stream-bench");
        try {
            Path file = dir.resolve("model.bin"), generated = dir.resolve("generated.csv");
            Files.write(file, ModelCodec.encode(model));
            CliGenerators.inProcess("sample", "--model", file.toString(), "--n", Integer.toString(n), "--out", generated.toString(),
                    "--seed", Long.toString(seed + 3));
            return CsvVectors.read(generated);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
    }

    @Override
    public void close() {
        if (kafka != null) kafka.close();
    }
}
