package io.scorestream.cli;

import io.scorestream.io.CsvVectors;
import io.scorestream.stream.RecordCodec;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** produce and consume against the real (shared, embedded) broker. */
class ProduceConsumeCommandTest {
    @TempDir Path dir;

    private static DMatrixRMaj randomRows(int rows, int cols, long seed) {
        Random random = new Random(seed);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        return m;
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "json"})
    void whatIsProducedIsConsumedBackExactly(String format) {
        String topic = SharedKafka.uniqueTopic("roundtrip-" + format);
        Path in = dir.resolve("in.csv"), out = dir.resolve("out.csv");
        DMatrixRMaj data = randomRows(57, 3, 7);
        CsvVectors.write(in, data);

        CliRun produced = run("produce", "--input", in.toString(), "--topic", topic,
                "--bootstrap", SharedKafka.bootstrapServers(), "--format", format);
        assertEquals(0, produced.exitCode(), produced.err());
        assertEquals("", produced.out());
        assertEquals(1, produced.errLines().size(), produced.err());
        assertTrue(produced.err().startsWith("scorestream produce: sent 57 records of dimension 3"), produced.err());

        // The records themselves are in the requested format, one vector each.
        List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.consume(topic, 57, Duration.ofSeconds(30));
        assertEquals(57, records.size());
        String first = new String(records.get(0).value(), StandardCharsets.UTF_8);
        assertEquals(format.equals("json"), first.startsWith("["), first);
        assertNull(records.get(0).key());

        CliRun consumed = run("consume", "--topic", topic, "--n", "57", "--out", out.toString(), "--from-beginning",
                "--bootstrap", SharedKafka.bootstrapServers(), "--format", format, "--timeout-seconds", "30");
        assertEquals(0, consumed.exitCode(), consumed.err());
        assertEquals(1, consumed.errLines().size(), consumed.err());
        DMatrixRMaj back = CsvVectors.read(out);
        assertEquals(57, back.numRows);
        assertEquals(3, back.numCols);
        assertArrayEquals(data.data, back.data, 0.0);
        // The same records to standard output (--out -), in their own format (no extension to say another).
        CliRun piped = run("consume", "--topic", topic, "--n", "57", "--out", "-", "--from-beginning",
                "--bootstrap", SharedKafka.bootstrapServers(), "--format", format, "--timeout-seconds", "30");
        assertEquals(0, piped.exitCode(), piped.err());
        assertTrue(piped.err().contains("; wrote standard output"), piped.err());
        List<String> lines = piped.out().lines().toList();
        assertEquals(57, lines.size());
        assertEquals(format.equals("json"), lines.get(0).startsWith("["), lines.get(0));
        for (int r = 0; r < 57; r++) {
            String[] values = lines.get(r).replace("[", "").replace("]", "").split(",");
            for (int j = 0; j < 3; j++) assertEquals(data.data[r * 3 + j], Double.parseDouble(values[j]), 0.0, "row " + r);
        }
        // And to a Parquet file, named by its extension: the same numbers, read back as fit reads it.
        Path parquet = dir.resolve(format + ".parquet");
        CliRun columnar = run("consume", "--topic", topic, "--n", "57", "--out", parquet.toString(), "--from-beginning",
                "--bootstrap", SharedKafka.bootstrapServers(), "--format", format, "--timeout-seconds", "30");
        assertEquals(0, columnar.exitCode(), columnar.err());
        assertArrayEquals(data.data, io.scorestream.io.Tables.read(parquet, List.of()).rows().data, 0.0);
    }

    @Test
    void consumeSkipsAndCountsUndecodableRecords() {
        String topic = SharedKafka.uniqueTopic("skips");
        RecordCodec csv = new RecordCodec(RecordCodec.Format.CSV, -1, 1 << 20);
        SharedKafka.produce(topic, List.of(
                "oops".getBytes(StandardCharsets.UTF_8),
                csv.encode(new double[]{1, 2}),
                csv.encode(new double[]{1, 2, 3}),
                new byte[0],
                csv.encode(new double[]{3, 4})));
        Path out = dir.resolve("out.csv");
        CliRun consumed = run("consume", "--topic", topic, "--n", "2", "--out", out.toString(), "--from-beginning",
                "--bootstrap", SharedKafka.bootstrapServers());
        assertEquals(0, consumed.exitCode(), consumed.err());
        assertTrue(consumed.err().contains("skipped 3 undecodable (1 empty, 1 malformed, 1 wrong-dimension)"), consumed.err());
        assertArrayEquals(new double[]{1, 2, 3, 4}, CsvVectors.read(out).data, 0.0);
    }

    @Test
    void tooFewRecordsBeforeTheTimeoutIsExitTwoAndNoFile() {
        String topic = SharedKafka.uniqueTopic("too-few");
        RecordCodec csv = new RecordCodec(RecordCodec.Format.CSV, -1, 1 << 20);
        SharedKafka.produce(topic, List.of(csv.encode(new double[]{1}), csv.encode(new double[]{2}), csv.encode(new double[]{3})));
        Path out = dir.resolve("out.csv");
        String line = run("consume", "--topic", topic, "--n", "5", "--out", out.toString(), "--from-beginning",
                "--timeout-seconds", "2", "--bootstrap", SharedKafka.bootstrapServers()).singleErrorLine();
        assertTrue(line.startsWith("scorestream consume: only 3 of 5 records arrived"), line);
        assertFalse(Files.exists(out));
    }

    @Test
    void withoutFromBeginningOnlyNewRecordsCount() {
        String topic = SharedKafka.uniqueTopic("latest");
        RecordCodec csv = new RecordCodec(RecordCodec.Format.CSV, -1, 1 << 20);
        SharedKafka.produce(topic, List.of(csv.encode(new double[]{1})));
        Path out = dir.resolve("out.csv");
        String line = run("consume", "--topic", topic, "--n", "1", "--out", out.toString(),
                "--timeout-seconds", "1", "--bootstrap", SharedKafka.bootstrapServers()).singleErrorLine();
        assertTrue(line.contains("only 0 of 1 records arrived"), line);
        assertFalse(Files.exists(out));
    }

    @Test
    void aBadCsvFileIsExitTwoAndNothingIsSent() throws IOException {
        String topic = SharedKafka.uniqueTopic("bad-csv");
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, "1,2\n3,4\n5,abc\n");
        String line = run("produce", "--input", in.toString(), "--topic", topic,
                "--bootstrap", SharedKafka.bootstrapServers()).singleErrorLine();
        assertEquals("scorestream produce: " + in + ":3: field 2 is not a number: 'abc'", line);
        assertEquals(0, SharedKafka.recordCount(topic));
    }

    @Test
    void aKafkaPropertyWithoutEqualsIsExitTwo() throws IOException {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "1,2\n");
        String produce = run("produce", "--input", in.toString(), "--topic", "t", "--kafka-property", "acks").singleErrorLine();
        assertEquals("scorestream produce: --kafka-property 'acks' has no '='; expected KEY=VALUE, e.g. security.protocol=SSL", produce);
        String consume = run("consume", "--topic", "t", "--n", "1", "--out", dir.resolve("o.csv").toString(),
                "--kafka-property", "=x").singleErrorLine();
        assertTrue(consume.startsWith("scorestream consume: --kafka-property has no key"), consume);
    }

    @Test
    void kafkaPropertiesReachTheClient() throws IOException {
        // An invalid value for a real setting shows it was passed through to Kafka.
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "1,2\n");
        String line = run("produce", "--input", in.toString(), "--topic", "t",
                "--bootstrap", SharedKafka.bootstrapServers(), "--kafka-property", "acks=sometimes").singleErrorLine();
        assertTrue(line.startsWith("scorestream produce: cannot create a Kafka producer: invalid Kafka client setting:"), line);
        assertTrue(line.contains("acks"), line);
    }

    @Test
    void unknownFormatAndMissingTopicsAreExitTwo() throws IOException {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "1,2\n");
        String format = run("produce", "--input", in.toString(), "--topic", "t", "--format", "xml").singleErrorLine();
        assertEquals("scorestream produce: unknown --format 'xml'; choose csv, json, avro (the records of an .avro file) or protobuf", format);
        String consumeFormat = run("consume", "--topic", "t", "--n", "1", "--out", dir.resolve("o.csv").toString(), "--format", "avro").singleErrorLine();
        assertEquals("scorestream consume: unknown --format 'avro'; choose csv or json", consumeFormat);

        String produce = run("produce", "--input", in.toString(), "--topic", "no-such-topic", "--timeout-seconds", "1",
                "--bootstrap", SharedKafka.bootstrapServers()).singleErrorLine();
        assertTrue(produce.contains("no-such-topic"), produce);
        String consume = run("consume", "--topic", "no-such-topic", "--n", "1", "--out", dir.resolve("o.csv").toString(),
                "--timeout-seconds", "1", "--bootstrap", SharedKafka.bootstrapServers()).singleErrorLine();
        assertTrue(consume.contains("no-such-topic"), consume);
    }

    private static final org.apache.avro.Schema READING = new org.apache.avro.Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "fields": [
              {"name": "device", "type": "string"}, {"name": "temp", "type": "double"}, {"name": "battery", "type": "int"}]}""");

    /** An Avro data file of n readings, temp = i / 4 and battery = 80 + i % 20. */
    private Path avroFile(int n) throws IOException {
        Path file = dir.resolve("readings.avro");
        try (var writer = new org.apache.avro.file.DataFileWriter<org.apache.avro.generic.GenericRecord>(
                new org.apache.avro.generic.GenericDatumWriter<>(READING))) {
            writer.create(READING, file.toFile());
            for (int i = 0; i < n; i++) {
                var r = new org.apache.avro.generic.GenericData.Record(READING);
                r.put("device", "d" + i % 3);
                r.put("temp", i / 4.0);
                r.put("battery", 80 + i % 20);
                writer.append(r);
            }
        }
        return file;
    }

    /**
     * An Avro file's records go as datums of its schema in the envelope asked for: bare, Avro's
     * single-object encoding (read back here by Avro's own decoder) or Confluent's wire format (a
     * zero byte, the id, the datum); and a stream codec with the same envelope reads every one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bare", "single-object", "confluent"})
    void anAvroFileIsSentAsDatumsInItsEnvelope(String encoding) throws Exception {
        String topic = SharedKafka.uniqueTopic("avro-" + encoding);
        Path in = avroFile(23);
        List<String> args = new java.util.ArrayList<>(List.of("produce", "--input", in.toString(), "--topic", topic,
                "--bootstrap", SharedKafka.bootstrapServers(), "--format", "avro"));
        if (!encoding.equals("bare")) args.addAll(List.of("--avro-encoding", encoding));
        if (encoding.equals("confluent")) args.addAll(List.of("--schema-id", "7"));
        CliRun produced = run(args.toArray(String[]::new));
        assertEquals(0, produced.exitCode(), produced.err());
        // The dimension as fit reads the file: its device, a string of three repeated values, is a column of labels.
        assertTrue(produced.err().contains("sent 23 records of dimension 3 (avro datums, " + encoding
                + (encoding.equals("confluent") ? " with schema id 7)" : ")")), produced.err());

        List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.consume(topic, 23, Duration.ofSeconds(30));
        assertEquals(23, records.size());
        var envelope = new io.scorestream.stream.AvroEnvelope(io.scorestream.stream.AvroEnvelope.Encoding.parse(encoding), READING,
                encoding.equals("confluent") ? 7 : -1);
        RecordCodec codec = new RecordCodec(RecordCodec.Format.AVRO, -1, 1 << 20, List.of(), READING, java.util.Map.of(), envelope);
        var reader = new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(READING);
        var singleObject = new org.apache.avro.message.BinaryMessageDecoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), READING);
        for (int i = 0; i < 23; i++) {
            byte[] value = records.get(i).value();
            org.apache.avro.generic.GenericRecord r = switch (encoding) {
                case "bare" -> reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, null));
                case "single-object" -> singleObject.decode(value);
                default -> {
                    assertEquals(0, value[0], "the magic byte");
                    assertEquals(7, java.nio.ByteBuffer.wrap(value, 1, 4).getInt(), "the schema id, big-endian");
                    yield reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
                }
            };
            assertEquals("d" + i % 3, r.get("device").toString(), "the whole datum, strings too");
            assertEquals(i / 4.0, r.get("temp"));
            var good = assertInstanceOf(RecordCodec.Good.class, codec.decode(value));
            assertArrayEquals(new double[]{i / 4.0, 80 + i % 20}, good.vector(), 0.0);
        }
    }

    @Test
    void avroOptionsThatCannotWorkAreExitTwoAndNothingIsSent() throws Exception {
        String topic = SharedKafka.uniqueTopic("avro-bad-options");
        Path avro = avroFile(5), csv = dir.resolve("in.csv");
        Files.writeString(csv, "1,2\n");
        String b = SharedKafka.bootstrapServers();
        java.util.Map<List<String>, String> refused = java.util.Map.of(
                List.of("--input", csv.toString(), "--avro-encoding", "confluent"), "--avro-encoding is for --format avro",
                List.of("--input", csv.toString(), "--schema-id", "3"), "--schema-id is for --format avro or protobuf",
                List.of("--input", csv.toString(), "--format", "avro"), "--format avro sends the records of an Avro data file (.avro), not in.csv",
                List.of("--input", avro.toString(), "--format", "avro", "--avro-encoding", "confluent"),
                "--avro-encoding confluent needs --schema-id (the id every record carries)",
                List.of("--input", avro.toString(), "--format", "avro", "--avro-encoding", "single-object", "--schema-id", "3"),
                "--schema-id is for --avro-encoding confluent",
                List.of("--input", avro.toString(), "--format", "avro", "--avro-encoding", "protobuf"),
                "--avro-encoding: unknown Avro encoding 'protobuf'; choose bare, single-object or confluent",
                List.of("--input", avro.toString(), "--format", "avro", "--avro-encoding", "confluent", "--schema-id", "-1"),
                "--schema-id must be 0 or more, got -1");
        refused.forEach((options, message) -> {
            List<String> args = new java.util.ArrayList<>(List.of("produce", "--topic", topic, "--bootstrap", b));
            args.addAll(options);
            CliRun r = run(args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("scorestream produce: " + message, r.singleErrorLine());
        });
        assertEquals(0, SharedKafka.recordCount(topic));
    }

    /**
     * Generated lines of a feed in a European dialect carry it in their scorestream.csv-dialect
     * header: consume reads them as their numbers and writes a .csv file the same way, JSON Lines
     * with JSON numbers.
     */
    @Test
    void consumeReadsGeneratedLinesInTheirDialect() throws IOException {
        String topic = SharedKafka.uniqueTopic("dialect");
        java.util.Map<String, Object> props = java.util.Map.of("bootstrap.servers", SharedKafka.bootstrapServers());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(props,
                new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                var record = new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>(topic, ("2" + i + ",5;40,25").getBytes(StandardCharsets.UTF_8));
                record.headers().add(io.scorestream.stream.SamplerActor.FORMAT_HEADER, "csv".getBytes(StandardCharsets.UTF_8))
                        .add(io.scorestream.stream.SamplerActor.COLUMNS_HEADER, "temp,humidity".getBytes(StandardCharsets.UTF_8))
                        .add(io.scorestream.stream.SamplerActor.CSV_DIALECT_HEADER, ";,".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
        Path csv = dir.resolve("gen.csv"), jsonl = dir.resolve("gen.jsonl");
        CliRun consumed = run("consume", "--topic", topic, "--n", "5", "--out", csv.toString(), "--from-beginning",
                "--bootstrap", SharedKafka.bootstrapServers(), "--timeout-seconds", "30");
        assertEquals(0, consumed.exitCode(), consumed.err());
        assertEquals(List.of("temp;humidity", "20,5;40,25", "21,5;40,25", "22,5;40,25", "23,5;40,25", "24,5;40,25"), Files.readAllLines(csv));
        assertEquals(0, run("consume", "--topic", topic, "--n", "5", "--out", jsonl.toString(), "--from-beginning",
                "--bootstrap", SharedKafka.bootstrapServers(), "--timeout-seconds", "30").exitCode());
        assertEquals("{\"temp\":20.5,\"humidity\":40.25}", Files.readAllLines(jsonl).get(0));
    }

    /** A .lp file's points go as they are (for a node with input.format = influx), its comment lines not. */
    @Test
    void produceSendsALineProtocolFilesPointsAsTheyAre() throws IOException {
        String topic = SharedKafka.uniqueTopic("influx");
        Path lp = dir.resolve("weather.lp");
        Files.write(lp, List.of("# telegraf", "weather,site=yard temp=21.5,humidity=40i 1700000000000000000", "", "weather,site=roof temp=18.25,humidity=55i 1700000001000000000"));
        CliRun sent = run("produce", "--input", lp.toString(), "--topic", topic, "--bootstrap", SharedKafka.bootstrapServers());
        assertEquals(0, sent.exitCode(), sent.err());
        assertTrue(sent.err().contains("sent 2 records of dimension 2 (line protocol points of [temp, humidity])"), sent.err());
        List<String> values = SharedKafka.consume(topic, 2, Duration.ofSeconds(30)).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("weather,site=yard temp=21.5,humidity=40i 1700000000000000000", "weather,site=roof temp=18.25,humidity=55i 1700000001000000000"), values);
    }

    /** A European spreadsheet's file goes to a feed as standard CSV lines: a node reads semicolons and decimal commas only where told to. */
    @Test
    void produceSendsAEuropeanFilesRowsAsStandardLines() throws IOException {
        String topic = SharedKafka.uniqueTopic("eu-file");
        Path eu = dir.resolve("messungen.csv");
        Files.write(eu, List.of("Ort;Temperatur", "Basel;11,25", "Basel;12,5", "Bern;-0,5", "Bern;3"), StandardCharsets.ISO_8859_1);
        CliRun sent = run("produce", "--input", eu.toString(), "--topic", topic, "--bootstrap", SharedKafka.bootstrapServers());
        assertEquals(0, sent.exitCode(), sent.err());
        List<String> values = SharedKafka.consume(topic, 4, Duration.ofSeconds(30)).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("Basel,11.25", "Basel,12.5", "Bern,-0.5", "Bern,3"), values);
    }
}
