package io.scorestream.cli;

import io.scorestream.io.RecordWriter;
import io.scorestream.io.Tables;
import io.scorestream.io.RecordSchema;
import io.scorestream.io.InputException;
import io.scorestream.io.ProtobufRecords;
import io.scorestream.stream.AvroEnvelope;
import io.scorestream.stream.ProtobufEnvelope;
import io.scorestream.stream.RecordCodec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Sends the rows of a CSV or JSON Lines file to a Kafka topic, one record per row. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Send each row of a CSV or JSON Lines file as one record (null key) to a Kafka topic, and wait until all are acknowledged.",
                "A JSON Lines file (.jsonl, .ndjson) is sent line by line as it is (JSON objects); a CSV file with a header, with --format json,",
                "as JSON objects of the header's names; an Avro data file (.avro), with --format avro, as one datum of its schema a record",
                "(--avro-encoding: bare, Avro's single-object encoding, or Confluent's wire format with --schema-id); with --format protobuf,",
                "each object of a JSON Lines file as one message of --protobuf-message (--protobuf-encoding: bare or confluent)."})
final class ProduceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin KafkaClientOptions kafka;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV file of vectors, one per row (a header line names them), or a JSON Lines file of objects.")
    Path input;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to send to (it must exist).")
    String topic;

    @Option(names = "--timeout-seconds", defaultValue = "60", paramLabel = "S",
            description = "How long to wait for the broker and the topic (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--avro-encoding", paramLabel = "bare|single-object|confluent",
            description = "With --format avro: what precedes each datum: bare (default), single-object (Avro's single-object encoding) "
                    + "or confluent (Confluent's wire format: a zero byte and --schema-id); as a node reads it with scorestream.input.avro-encoding.")
    String avroEncoding;

    @Option(names = "--schema-id", paramLabel = "ID",
            description = "With --avro-encoding or --protobuf-encoding confluent: the schema registry id written before every record (0 or more).")
    Integer schemaId;

    @Option(names = "--protobuf-descriptor", paramLabel = "FILE",
            description = "With --format protobuf: the descriptor set of the message type (protoc --include_imports --descriptor_set_out=FILE).")
    Path protobufDescriptor;

    @Option(names = "--protobuf-message", paramLabel = "NAME",
            description = "With --format protobuf: the message type's full name (sensors.Reading); the input's fields are its fields.")
    String protobufMessage;

    @Option(names = "--protobuf-encoding", paramLabel = "bare|confluent",
            description = "With --format protobuf: what precedes each message: bare (default) or confluent (Confluent's wire format: a zero byte, "
                    + "--schema-id and the message indexes); as a node reads it with scorestream.input.protobuf-encoding.")
    String protobufEncoding;

    /** The SLF4J simple logger's level for the Kafka clients (read when a client creates its loggers). */
    static final String KAFKA_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.apache.kafka";

    /**
     * In a process of its own (not in-process, where other clients share the loggers) this command
     * reports a failure itself, in one line: the Kafka clients' warnings (a missing topic, a broker
     * not answering: one per retry) would only repeat it. Call before any Kafka client exists.
     */
    static void quietKafkaClients() {
        if (System.getProperty(KAFKA_LOG_LEVEL) == null) System.setProperty(KAFKA_LOG_LEVEL, "error");
    }

    /** Asks the broker whether the topic exists, so that a missing one is one clear line at once rather than a wait for metadata. */
    private void requireTopic(Properties settings, String where) {
        Properties admin = new Properties();
        admin.putAll(settings);
        admin.keySet().removeIf(k -> !AdminClientConfig.configNames().contains(String.valueOf(k)));   // producer-only settings would be warned about
        try (Admin a = Admin.create(admin)) {
            a.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutSeconds * 1000)).allTopicNames()
                    .get(timeoutSeconds + 5L, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) throw new InputException("no such " + where + " (create it first)");
            if (e.getCause() instanceof KafkaException k) throw KafkaClientOptions.explain(k, "cannot reach " + where);
            throw new IllegalStateException("cannot describe " + where, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new InputException("cannot reach " + where + ": no answer within " + timeoutSeconds + " s (is the broker reachable?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up " + where, e);
        } catch (KafkaException e) {
            throw KafkaClientOptions.explain(e, "cannot create a Kafka admin client");
        }
    }

    @Override
    public Integer call() {
        if (timeoutSeconds < 1)
            throw new ParameterException(spec.commandLine(), "--timeout-seconds must be positive, got " + timeoutSeconds);
        AvroEnvelope.Encoding encoding = avroEncoding();
        ProtobufEnvelope protobuf = protobufEnvelope();
        RecordCodec codec = encoding != null || protobuf != null ? null : new RecordCodec(kafka.format(spec), -1, Integer.MAX_VALUE);
        Properties props = kafka.clientProperties(spec);
        // The whole file is read and checked before the first record is sent, so a bad row
        // never leaves half a file on the topic.
        int id = schemaId == null ? AvroEnvelope.ANY_ID : schemaId;
        if (protobuf != null) return send(ProtobufMessages.read(input, protobuf, id), props, new Progress(spec),
                "(" + protobuf.message().getFullName() + " messages, " + protobuf.encoding().configName() + (schemaId != null ? " with schema id " + schemaId : "") + ")");
        Tables.Table table = Tables.read(input, List.of());
        DMatrixRMaj rows = table.rows();
        List<byte[]> values = encoding != null ? AvroDatums.read(input, encoding, id) : values(table, codec);

        Progress progress = new Progress(spec);
        if (table.leftOut() != null) progress.line(table.leftOut());
        String shape = encoding != null ? "avro datums, " + encoding.configName() + (schemaId != null ? " with schema id " + schemaId : "")
                : Tables.isLineProtocol(input) ? "line protocol points of " + table.columns().names()
                : table.columns().format() == RecordSchema.Format.JSON ? "json objects " + table.columns().names()
                : codec.format() == RecordCodec.Format.JSON && table.columns().named() ? "json objects " + table.columns().names()
                : codec.format().name().toLowerCase(java.util.Locale.ROOT);
        return send(values, props, progress, "of dimension " + rows.numCols + " (" + shape + ")");
    }

    /** Sends the values, each one record (null key), waits until all are acknowledged, and says what went: "sent N records " + what. */
    private int send(List<byte[]> values, Properties props, Progress progress, String what) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");   // across a broker restart no batch refused for good (KAFKA-15591; README)
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutSeconds * 1000L));
        settings.putAll(props); // the user's settings win
        String where = "topic '" + topic + "' at " + settings.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw KafkaClientOptions.explain(e, "cannot create a Kafka producer");
        }
        boolean sent = false;
        try {
            // Fails fast, with a clear message, when the topic does not exist or the broker is unreachable.
            requireTopic(settings, where);
            if (producer.partitionsFor(topic).isEmpty()) throw new InputException("no partitions for " + where);
            List<Future<RecordMetadata>> acks = new ArrayList<>(values.size());
            for (byte[] value : values) acks.add(producer.send(new ProducerRecord<>(topic, value)));
            producer.flush();
            for (Future<RecordMetadata> ack : acks) ack.get();
            sent = true;
        } catch (KafkaException e) {
            throw KafkaClientOptions.explain(e, "cannot send to " + where);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException k) throw KafkaClientOptions.explain(k, "cannot send to " + where);
            throw new IllegalStateException("send to " + where + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + where, e);
        } finally {
            // After a failure, do not wait for records that will not be acknowledged.
            producer.close(sent ? Duration.ofSeconds(timeoutSeconds) : Duration.ZERO);
        }
        progress.line("sent " + values.size() + " records " + what + " to " + where);
        return Main.OK;
    }

    /** --format avro's envelope (null for csv and json), its options checked against each other and the input. */
    private AvroEnvelope.Encoding avroEncoding() {
        String format = kafka.format.trim().toLowerCase(java.util.Locale.ROOT);
        boolean avro = format.equals("avro");
        if (!avro && !format.equals("csv") && !format.equals("json") && !format.equals("protobuf"))
            throw new ParameterException(spec.commandLine(), "unknown --format '" + kafka.format + "'; choose csv, json, avro (the records of an .avro file) or protobuf");
        if (!avro) {
            if (avroEncoding != null) throw new ParameterException(spec.commandLine(), "--avro-encoding is for --format avro");
            if (schemaId != null && !format.equals("protobuf")) throw new ParameterException(spec.commandLine(), "--schema-id is for --format avro or protobuf");
            return null;
        }
        if (!input.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".avro"))
            throw new ParameterException(spec.commandLine(), "--format avro sends the records of an Avro data file (.avro), not " + input.getFileName());
        AvroEnvelope.Encoding encoding;
        try {
            encoding = AvroEnvelope.Encoding.parse(avroEncoding == null ? "bare" : avroEncoding);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--avro-encoding: " + e.getMessage());
        }
        checkSchemaId(encoding == AvroEnvelope.Encoding.CONFLUENT, "--avro-encoding");
        return encoding;
    }

    /** --schema-id goes with a confluent encoding (named by its option) and only with it, and is not negative. */
    private void checkSchemaId(boolean confluent, String encodingOption) {
        if (confluent != (schemaId != null))
            throw new ParameterException(spec.commandLine(), schemaId == null ? encodingOption + " confluent needs --schema-id (the id every record carries)"
                    : "--schema-id is for " + encodingOption + " confluent");
        if (schemaId != null && schemaId < 0) throw new ParameterException(spec.commandLine(), "--schema-id must be 0 or more, got " + schemaId);
    }

    /** --format protobuf's envelope of the message type (null for another format), its options checked against each other. */
    private ProtobufEnvelope protobufEnvelope() {
        boolean protobuf = kafka.format.trim().equalsIgnoreCase("protobuf");
        if (!protobuf) {
            String set = protobufDescriptor != null ? "--protobuf-descriptor" : protobufMessage != null ? "--protobuf-message" : protobufEncoding != null ? "--protobuf-encoding" : null;
            if (set != null) throw new ParameterException(spec.commandLine(), set + " is for --format protobuf");
            return null;
        }
        String name = input.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".jsonl") && !name.endsWith(".ndjson"))
            throw new ParameterException(spec.commandLine(), "--format protobuf sends the objects of a JSON Lines file (.jsonl), not " + input.getFileName());
        if (protobufDescriptor == null || protobufMessage == null)
            throw new ParameterException(spec.commandLine(), "--format protobuf needs --protobuf-descriptor (a descriptor set file) and --protobuf-message (the message type's full name)");
        ProtobufEnvelope.Encoding encoding;
        try {
            encoding = ProtobufEnvelope.Encoding.parse(protobufEncoding == null ? "bare" : protobufEncoding);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--protobuf-encoding: " + e.getMessage());
        }
        checkSchemaId(encoding == ProtobufEnvelope.Encoding.CONFLUENT, "--protobuf-encoding");
        // A descriptor file that is missing or not a descriptor set, or a name it lacks: an InputException naming the file.
        return new ProtobufEnvelope(encoding, ProtobufRecords.descriptor(protobufDescriptor, protobufMessage.trim()),
                encoding == ProtobufEnvelope.Encoding.CONFLUENT ? schemaId : AvroEnvelope.ANY_ID);
    }

    /** The records to send: a JSON Lines file's lines as they are, a headed CSV's rows as named objects when json, else bare numbers. */
    private List<byte[]> values(Tables.Table table, RecordCodec codec) {
        List<byte[]> out = new ArrayList<>(table.rows().numRows);
        if (table.columns().format() == RecordSchema.Format.JSON) {
            try {
                boolean points = Tables.isLineProtocol(input);   // a .lp file's points go as they are, for input.format = influx; its comments stay
                for (String line : java.nio.file.Files.readAllLines(input, java.nio.charset.StandardCharsets.UTF_8))
                    if (!line.isBlank() && !(points && io.scorestream.io.InfluxLines.isComment(line)))
                        out.add(line.strip().replace("\uFEFF", "").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw InputException.reading(input, e);
            }
            return out;
        }
        // Columns of labels go as their labels (a CSV line or a JSON object), never as the indices they are read into.
        RecordWriter named = codec.format() == RecordCodec.Format.JSON && table.columns().named()
                ? new RecordWriter(table.columns().inFormat(RecordSchema.Format.JSON))
                // A feed's lines are standard CSV whatever the file's dialect: a node reads ';' and ',' only where told to.
                : table.columns().hasLabels() && codec.format() == RecordCodec.Format.CSV ? new RecordWriter(table.columns().withDialect(io.scorestream.io.CsvDialect.STANDARD)) : null;
        DMatrixRMaj rows = table.rows();
        for (int r = 0; r < rows.numRows; r++) {
            double[] row = Arrays.copyOfRange(rows.data, r * rows.numCols, (r + 1) * rows.numCols);
            out.add(named != null ? named.write(row) : codec.encode(row));
        }
        return out;
    }
}
