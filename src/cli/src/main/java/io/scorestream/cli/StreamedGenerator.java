package io.scorestream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scorestream.bench.RealDataSuite;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * ScoreStream as a stream learns it, for the real-data bench ({@code bench-quality --stream}): a
 * split's training rows go to a topic of one partition of an in-process Kafka broker, in order; a
 * node with the default settings (but {@code learning.seed} = {@code fit --seed}, and a warm-up of
 * every training row when there are fewer than the default's) reads and learns them, drains, and
 * its drained model is sampled by {@code sample} as {@code fit}'s is. The row beside {@code fit}'s
 * therefore shows what the streaming path does to a model of the same records.
 *
 * <p>Rows of numbers go as CSV lines. A table with columns of labels goes as a user's feed of such
 * records would: JSON objects of its named fields, each label as its text, no labels configured:
 * the stream learns them from its warm-up (every training row), as it would a feed's; the generated
 * labels are read back by name as {@code fit}'s are.
 */
final class StreamedGenerator implements RealDataSuite.Generator, AutoCloseable {
    static final String LABEL = "ScoreStream streamed (a node on Kafka, sample defaults)";
    private static final Duration WAIT = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Config defaults = ConfigFactory.load();
    private EmbeddedKafka kafka;
    private int runs;

    static RealDataSuite.Method method(StreamedGenerator generator) { return new RealDataSuite.Method(LABEL, generator); }

    @Override
    public DMatrixRMaj generate(DMatrixRMaj train, RecordSchema table, int n, long seed) throws Exception {
        RecordSchema columns = table.hasLabels() ? labelledFeed(table, train.numCols) : table;
        if (kafka == null) kafka = EmbeddedKafka.start();
        String suffix = "quality-" + runs++, topic = "samples-" + suffix;
        int warmUp = Math.min(defaults.getInt("scorestream.learning.warm-up-samples"), train.numRows);
        Map<String, Object> config = BenchNodeConfig.of(kafka.bootstrapServers(), "bench", suffix,
                defaults.getInt("scorestream.learning.levels"), defaults.getInt("scorestream.learning.level-bands"), warmUp, 1_000_000_000);
        config.put("scorestream.learning.seed", seed);
        kafka.createTopic(topic, 1, Map.of());
        if (columns.hasLabels()) {
            config.put("scorestream.input.format", "json");
            config.put("scorestream.input.fields", columns.names());
            BenchStreamCommand.produce(kafka, topic, train.numRows, i -> jsonRecord(train, i, columns));
        } else {
            BenchStreamCommand.produce(kafka, train, topic, "csv");
        }
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
            return CliGenerators.readGenerated(generated, columns);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
    }

    /**
     * The table's columns as a JSON feed's fields (a headerless file's as x1..xd, as fit's bench
     * names them), refused where a feed of this kind could not carry them as the file does: dates
     * and times, one-hot groups, and names a field path would read as nested.
     */
    static RecordSchema labelledFeed(RecordSchema table, int d) {
        RecordSchema columns = table.named() ? table : new RecordSchema(table.format(), table.namesOr(d), table.avroSchema(), table.labels(), table.textForms());
        for (int j = 0; j < d; j++) {
            String name = columns.names().get(j);
            if (columns.isTime(j) || columns.isOneHot(j))
                throw new IllegalArgumentException("--stream: column " + (j + 1) + " (" + name + ") holds " + (columns.isTime(j) ? "dates or times" : "a one-hot category")
                        + ", which a labelled table's JSON feed does not carry here");
            if (name.contains(".") || name.contains("[") || name.contains("\""))
                throw new IllegalArgumentException("--stream: column " + (j + 1) + " is named '" + name + "', which a JSON feed's field list would read as a path");
        }
        return columns;
    }

    /** Row i as a JSON object of the columns' fields: numbers as numbers, labels as their text. */
    static byte[] jsonRecord(DMatrixRMaj rows, int i, RecordSchema columns) {
        ObjectNode record = JSON.createObjectNode();
        for (int j = 0; j < rows.numCols; j++) {
            String name = columns.names().get(j);
            double value = rows.get(i, j);
            if (columns.isCategorical(j)) record.put(name, columns.label(j, value));
            else record.put(name, value);
        }
        try {
            return JSON.writeValueAsBytes(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (kafka != null) kafka.close();
    }
}
