package io.scorestream.cli;

import io.scorestream.io.AtomicFiles;
import io.scorestream.io.AvroRecords;
import io.scorestream.io.ProtobufRecords;
import io.scorestream.stream.AvroEnvelope;
import io.scorestream.stream.ProtobufEnvelope;
import io.scorestream.io.RecordSchema;
import io.scorestream.stream.SamplerActor;
import io.scorestream.io.InputException;
import io.scorestream.stream.RecordCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Reads vectors from a Kafka topic into a CSV file. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Read n decodable records from a Kafka topic (all partitions) and write them in their own shape: generated records",
                "keep their field names (CSV with a header, JSON Lines, Avro; the --out extension may pick another of these; Protobuf ones go to CSV, JSON Lines or Parquet).",
                "Undecodable records are skipped and counted. No consumer-group offsets are committed."})
final class ConsumeCommand implements Callable<Integer> {
    /** Records larger than this are skipped as too large (the broker's own limit is usually far lower). */
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    @Spec CommandSpec spec;

    @Mixin KafkaClientOptions kafka;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to read.")
    String topic;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Number of vectors to read (positive).")
    int n;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "file to write: CSV with a header (tab-separated for .tsv or .tab), JSON Lines (.jsonl), one JSON array (.json), Avro (.avro) or Parquet (.parquet; numbers as DOUBLE unless the records are Avro) by its extension, else the records' own format; - for standard output (CSV or JSON Lines)")
    Path out;

    @Option(names = "--timeout-seconds", defaultValue = "30", paramLabel = "S",
            description = "Give up (exit 2, no file) if n vectors have not arrived by then (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--from-beginning",
            description = "Start at the oldest record of each partition instead of waiting for new ones.")
    boolean fromBeginning;

    @Override
    public Integer call() {
        if (n < 1) throw new ParameterException(spec.commandLine(), "--n must be a positive number of records, got " + n);
        if (timeoutSeconds < 1)
            throw new ParameterException(spec.commandLine(), "--timeout-seconds must be positive, got " + timeoutSeconds);
        kafka.format(spec);                      // a bad --format is one line now, not when the first bare record arrives
        RecordCodec codec = null;                // from the first record: its ScoreStream headers, else --format
        RecordSchema columns = null;
        Properties settings = new Properties();
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutSeconds * 1000L));
        settings.putAll(kafka.clientProperties(spec)); // the user's settings win
        if (!StandardOutput.isNamedBy(out)) AtomicFiles.checkWritable(out); // before waiting up to the timeout for records
        String where = "topic '" + topic + "' at " + settings.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);

        Progress progress = new Progress(spec);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        long deadline = System.nanoTime() + timeout.toNanos();
        double[][] vectors = new double[n][];
        int good = 0;
        Map<RecordCodec.Reason, Integer> skipped = new EnumMap<>(RecordCodec.Reason.class);
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw KafkaClientOptions.explain(e, "cannot create a Kafka consumer");
        }
        try (consumer) {
            // Assigned, not subscribed: no group to join (no rebalance wait, no group ACL needed).
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) throw new InputException("no " + where);
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) consumer.seekToBeginning(partitions);
            else consumer.seekToEnd(partitions);
            // Seeks are lazy; resolving them now makes "new records" mean records sent from now on.
            for (TopicPartition partition : partitions) consumer.position(partition, timeout);

            while (good < n) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) break;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofNanos(Math.min(remaining, 500_000_000L)))) {
                    if (good == n) break;
                    if (codec == null) {
                        columns = columnsOf(record);
                        codec = codecFor(columns, labelsOf(record));
                    }
                    RecordCodec.Decoded decoded = codec.decode(record.value());
                    if (decoded instanceof RecordCodec.Good g) {
                        // here the first good record fixes the dimension (or the columns, named records' being learned too)
                        if (g.provisional() && g.fields() != null) codec.learnColumns(g.fields());
                        else if (g.provisional()) codec.learn(g.vector().length);
                        vectors[good++] = g.vector();
                    }
                    else if (decoded instanceof RecordCodec.Bad b) skipped.merge(b.reason(), 1, Integer::sum);
                }
            }
        } catch (KafkaException e) {
            throw KafkaClientOptions.explain(e, "cannot read " + where);
        }

        String skippedText = skipped.isEmpty() ? "" : ", skipped " + describe(skipped);
        if (good < n)
            throw new InputException("only " + good + " of " + n + " records arrived from " + where
                    + " within " + timeoutSeconds + " s" + skippedText + "; no file written");
        int dimension = codec.dimension();
        DMatrixRMaj rows = new DMatrixRMaj(n, dimension);
        for (int r = 0; r < n; r++) System.arraycopy(vectors[r], 0, rows.data, r * dimension, dimension);
        if (codec.columns().hasLabels()) columns = columns.withLabels(codec.columns().labels());   // labels written back as labels
        StandardOutput.write(out, rows, StandardOutput.shapeFor(out, columns), spec.commandLine().getOut());
        progress.line("read " + n + " records of dimension " + dimension + " from " + where + skippedText + "; wrote " + StandardOutput.describe(out));
        return Main.OK;
    }

    /**
     * What a record's columns are: generated records say it in their headers (names, format, Avro
     * schema); other records are bare numbers of --format.
     */
    private RecordSchema columnsOf(ConsumerRecord<byte[], byte[]> record) {
        String format = header(record, SamplerActor.FORMAT_HEADER), names = header(record, SamplerActor.COLUMNS_HEADER);
        if (format == null || names == null)
            return RecordSchema.unnamed(kafka.format(spec) == RecordCodec.Format.JSON ? RecordSchema.Format.JSON : RecordSchema.Format.CSV);
        RecordSchema.Format f = RecordSchema.Format.parse(format);
        String schema = f == RecordSchema.Format.PROTOBUF ? protobufType(record) : header(record, SamplerActor.AVRO_SCHEMA_HEADER);
        RecordSchema columns = new RecordSchema(f, List.of(names.split(",")), schema == null ? "" : schema);
        String dialect = header(record, SamplerActor.CSV_DIALECT_HEADER);
        if (dialect == null || f != RecordSchema.Format.CSV) return columns;
        try {
            return columns.withDialect(new io.scorestream.io.CsvDialect(dialect.charAt(0), dialect.charAt(1), java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new InputException("the record's " + SamplerActor.CSV_DIALECT_HEADER + " header is not a delimiter and a decimal mark: '" + dialect + "'");
        }
    }

    /** A generated Protobuf record's message type, by the name and descriptor set its headers carry, as a model keeps it. */
    private static String protobufType(ConsumerRecord<byte[], byte[]> record) {
        String message = header(record, SamplerActor.PROTOBUF_MESSAGE_HEADER);
        var descriptor = record.headers().lastHeader(SamplerActor.PROTOBUF_DESCRIPTOR_HEADER);
        if (message == null || descriptor == null)
            throw new InputException("the record says it is Protobuf but lacks its " + SamplerActor.PROTOBUF_MESSAGE_HEADER + " or " + SamplerActor.PROTOBUF_DESCRIPTOR_HEADER + " header");
        try {
            return ProtobufRecords.schemaText(ProtobufRecords.descriptor(descriptor.value(), message));
        } catch (IllegalArgumentException e) {
            throw new InputException("the record's " + SamplerActor.PROTOBUF_DESCRIPTOR_HEADER + " header " + e.getMessage());
        }
    }

    private RecordCodec codecFor(RecordSchema columns, Map<String, List<String>> labels) {
        RecordCodec.Format format = RecordCodec.Format.valueOf(columns.format().name());
        if (format == RecordCodec.Format.PROTOBUF)   // generated messages are bare: the headers say their type
            return new RecordCodec(-1, MAX_RECORD_BYTES, columns.names(), labels,
                    new ProtobufEnvelope(ProtobufEnvelope.Encoding.BARE, ProtobufRecords.parseSchemaText(columns.avroSchema()), AvroEnvelope.ANY_ID));
        if (format == RecordCodec.Format.CSV && !columns.dialect().isStandard()) return RecordCodec.csv(-1, MAX_RECORD_BYTES, List.of(), List.of(), Map.of(), columns.dialect());
        if (format == RecordCodec.Format.CSV || !columns.named()) return new RecordCodec(format, -1, MAX_RECORD_BYTES);
        return new RecordCodec(format, -1, MAX_RECORD_BYTES, columns.names(),
                format == RecordCodec.Format.AVRO ? AvroRecords.parseSchema(columns.avroSchema()) : null, labels);
    }

    /** The labelled columns' labels a generated record's header gives (none when it has no such header). */
    private static Map<String, List<String>> labelsOf(ConsumerRecord<byte[], byte[]> record) {
        String labels = header(record, SamplerActor.LABELS_HEADER);
        if (labels == null) return Map.of();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(labels, new com.fasterxml.jackson.core.type.TypeReference<Map<String, List<String>>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException("the record's " + SamplerActor.LABELS_HEADER + " header is not a JSON object of label lists: " + e.getOriginalMessage());
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** "3 undecodable (2 malformed, 1 wrong-dimension)". */
    private static String describe(Map<RecordCodec.Reason, Integer> skipped) {
        int total = skipped.values().stream().mapToInt(Integer::intValue).sum();
        return total + " undecodable (" + skipped.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().headerValue())
                .collect(Collectors.joining(", ")) + ")";
    }
}
