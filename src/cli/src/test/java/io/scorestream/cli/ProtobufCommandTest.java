package io.scorestream.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.scorestream.io.ProtobufRecords;
import io.scorestream.stream.SamplerActor;
import io.scorestream.testing.ProtobufTypes;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.scorestream.testing.ProtobufTypes.READING;
import static io.scorestream.testing.ProtobufTypes.reading;
import static org.junit.jupiter.api.Assertions.*;

/** produce --format protobuf and consume of generated Protobuf records, against the real (shared, embedded) broker. */
class ProtobufCommandTest {
    @TempDir Path dir;

    private Path readings() throws Exception {
        return Files.writeString(dir.resolve("readings.jsonl"), """
                {"sensor": {"temp": 20.5, "humidity": 40}, "kind": "OUTDOOR", "ok": true}
                {"sensor": {"temp": 21, "humidity": 41.5}, "kind": "INDOOR", "ok": false}
                {"sensor": {"temp": -3.25, "humidity": 80}, "kind": "OUTDOOR", "ok": true}
                """);
    }

    private static final List<DynamicMessage> SENT = List.of(reading(20.5, 40.0, "OUTDOOR", true), reading(21, 41.5, "INDOOR", false),
            reading(-3.25, 80.0, "OUTDOOR", true));

    @Test
    void aJsonLinesFilesObjectsAreSentAsMessagesBareOrInConfluentsFrame() throws Exception {
        Path in = readings(), desc = ProtobufTypes.writeDescriptorSet(dir);
        for (String encoding : List.of("bare", "confluent")) {
            String topic = SharedKafka.uniqueTopic("protobuf-produce-" + encoding);
            List<String> args = new ArrayList<>(List.of("produce", "--input", in.toString(), "--topic", topic, "--bootstrap", SharedKafka.bootstrapServers(),
                    "--format", "protobuf", "--protobuf-descriptor", desc.toString(), "--protobuf-message", "sensors.Reading"));
            if (encoding.equals("confluent")) args.addAll(List.of("--protobuf-encoding", "confluent", "--schema-id", "9"));
            CliRun produced = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, produced.exitCode(), produced.err());
            assertEquals(1, produced.errLines().size(), produced.err());
            assertTrue(produced.err().startsWith("scorestream produce: sent 3 records (sensors.Reading messages, " + encoding
                    + (encoding.equals("confluent") ? " with schema id 9)" : ")")), produced.err());
            List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.consume(topic, 3, Duration.ofSeconds(30));
            for (int i = 0; i < 3; i++) {
                byte[] value = records.get(i).value();
                int start = 0;
                if (encoding.equals("confluent")) {   // zero byte, id 9 big-endian, Reading's indexes [1]: count 1 and index 1, zigzag
                    assertArrayEquals(new byte[]{0, 0, 0, 0, 9, 2, 2}, java.util.Arrays.copyOf(value, 7));
                    start = 7;
                }
                assertEquals(SENT.get(i), DynamicMessage.parseFrom(READING, java.util.Arrays.copyOfRange(value, start, value.length)));
            }
        }
    }

    /** Records as a node generates them: bare messages whose headers name their columns, format and type. */
    private static void sendGenerated(String topic, List<DynamicMessage> messages) {
        Map<String, Object> props = Map.of("bootstrap.servers", SharedKafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (DynamicMessage m : messages) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, m.toByteArray());
                r.headers().add(SamplerActor.FORMAT_HEADER, "protobuf".getBytes(StandardCharsets.UTF_8))
                        .add(SamplerActor.COLUMNS_HEADER, "sensor.temp,sensor.humidity,kind".getBytes(StandardCharsets.UTF_8))
                        .add(SamplerActor.MODEL_VERSION_HEADER, "1".getBytes(StandardCharsets.UTF_8))
                        .add(SamplerActor.PROTOBUF_MESSAGE_HEADER, "sensors.Reading".getBytes(StandardCharsets.UTF_8))
                        .add(SamplerActor.PROTOBUF_DESCRIPTOR_HEADER, ProtobufRecords.descriptorSet(READING))
                        .add(SamplerActor.LABELS_HEADER, "{\"kind\":[\"INDOOR\",\"KIND_UNSPECIFIED\",\"OUTDOOR\"]}".getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }
    }

    @Test
    void consumeDecodesGeneratedMessagesByTheirHeadersToCsvAndJsonLines() throws Exception {
        String topic = SharedKafka.uniqueTopic("protobuf-consume");
        sendGenerated(topic, SENT);
        Path csv = dir.resolve("out.csv"), jsonl = dir.resolve("out.jsonl"), parquet = dir.resolve("out.parquet");
        for (Path out : List.of(csv, jsonl, parquet)) {
            CliRun consumed = CliRun.of("consume", "--topic", topic, "--n", "3", "--out", out.toString(), "--from-beginning",
                    "--bootstrap", SharedKafka.bootstrapServers(), "--timeout-seconds", "30");
            assertEquals(0, consumed.exitCode(), consumed.err());
        }
        assertEquals(List.of("sensor.temp,sensor.humidity,kind", "20.5,40,OUTDOOR", "21,41.5,INDOOR", "-3.25,80,OUTDOOR"), Files.readAllLines(csv));
        assertEquals("{\"sensor\":{\"temp\":20.5,\"humidity\":40},\"kind\":\"OUTDOOR\"}", Files.readAllLines(jsonl).get(0));
        assertEquals("PAR1", new String(Files.readAllBytes(parquet), 0, 4, StandardCharsets.US_ASCII), "a Parquet file");
        CliRun piped = CliRun.of("consume", "--topic", topic, "--n", "3", "--out", "-", "--from-beginning",
                "--bootstrap", SharedKafka.bootstrapServers(), "--timeout-seconds", "30");
        assertEquals(2, piped.exitCode(), piped.err());
        assertEquals("scorestream consume: -: the model's records are Protobuf messages, which are not written to files; name a .csv, .jsonl or .parquet file",
                piped.singleErrorLine());
    }

    @Test
    void protobufOptionsThatCannotWorkAreOneLineExitTwoAndNothingIsSent() throws Exception {
        String topic = SharedKafka.uniqueTopic("protobuf-bad-options");
        Path in = readings(), desc = ProtobufTypes.writeDescriptorSet(dir), csv = Files.writeString(dir.resolve("in.csv"), "1,2\n");
        Path wrongKind = Files.writeString(dir.resolve("kinds.jsonl"), "{\"sensor\": {\"temp\": 1}, \"kind\": \"ATTIC\"}\n{\"sensor\": {\"temp\": 2}, \"kind\": \"ATTIC\"}\n");
        Path unknownField = Files.writeString(dir.resolve("pressure.jsonl"), "{\"pressure\": 1013}\n");
        Path scalars = Files.writeString(dir.resolve("scalars.jsonl"), "{\"i32\": 3, \"u64\": \"18446744073709551615\", \"db\": \"NaN\"}\n{\"u32\": -1}\n");
        Path fraction = Files.writeString(dir.resolve("fraction.jsonl"), "{\"i32\": 1.5}\n");
        List<String> proto = List.of("--format", "protobuf", "--protobuf-descriptor", desc.toString(), "--protobuf-message", "sensors.Reading");
        Map<List<String>, String> refused = new LinkedHashMap<>();
        refused.put(List.of("--input", csv.toString(), "--protobuf-message", "sensors.Reading"), "--protobuf-message is for --format protobuf");
        refused.put(List.of("--input", csv.toString(), "--protobuf-descriptor", desc.toString()), "--protobuf-descriptor is for --format protobuf");
        refused.put(List.of("--input", csv.toString(), "--protobuf-encoding", "confluent"), "--protobuf-encoding is for --format protobuf");
        refused.put(List.of("--input", in.toString(), "--format", "protobuf", "--protobuf-message", "sensors.Reading"),
                "--format protobuf needs --protobuf-descriptor (a descriptor set file) and --protobuf-message (the message type's full name)");
        refused.put(concat(List.of("--input", in.toString(), "--protobuf-encoding", "single-object"), proto),
                "--protobuf-encoding: unknown Protobuf encoding 'single-object'; choose bare or confluent");
        refused.put(concat(List.of("--input", in.toString(), "--protobuf-encoding", "confluent"), proto),
                "--protobuf-encoding confluent needs --schema-id (the id every record carries)");
        refused.put(concat(List.of("--input", in.toString(), "--schema-id", "4"), proto), "--schema-id is for --protobuf-encoding confluent");
        refused.put(concat(List.of("--input", in.toString(), "--protobuf-encoding", "confluent", "--schema-id", "-2"), proto), "--schema-id must be 0 or more, got -2");
        refused.put(List.of("--input", in.toString(), "--format", "protobuf", "--protobuf-descriptor", desc.toString(), "--protobuf-message", "Reading"),
                desc + ": has no message Reading (a full name, package first); its messages are "
                        + "[sensors.Other, sensors.Reading, sensors.Reading.Sensor, sensors.Scalars, sensors.Scalars.Nested, sensors.Bird, legacy.Old]");
        refused.put(List.of("--input", in.toString(), "--format", "protobuf", "--protobuf-descriptor", dir.resolve("no.desc").toString(), "--protobuf-message", "sensors.Reading"),
                dir.resolve("no.desc") + ": file not found");
        refused.put(concat(List.of("--input", wrongKind.toString()), proto), wrongKind + ":1: field kind is \"ATTIC\", none of sensors.Kind's values [KIND_UNSPECIFIED, INDOOR, OUTDOOR]");
        refused.put(concat(List.of("--input", unknownField.toString()), proto), unknownField + ":1: field pressure is not in the Protobuf message sensors.Reading");
        refused.put(concat(List.of("--input", csv.toString()), proto), "--format protobuf sends the objects of a JSON Lines file (.jsonl), not in.csv");
        // Integers as Protobuf's JSON mapping has them (64-bit ones may be strings, floats "NaN"), each within its type.
        List<String> scalarType = List.of("--format", "protobuf", "--protobuf-descriptor", desc.toString(), "--protobuf-message", "sensors.Scalars");
        refused.put(concat(List.of("--input", scalars.toString()), scalarType), scalars + ":2: field u32 is -1, outside its uint32 range");
        refused.put(concat(List.of("--input", fraction.toString()), scalarType), fraction + ":1: field i32 is a whole number, not 1.5");
        refused.forEach((options, message) -> {
            List<String> args = new ArrayList<>(List.of("produce", "--topic", topic, "--bootstrap", SharedKafka.bootstrapServers()));
            args.addAll(options);
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("scorestream produce: " + message, r.singleErrorLine());
        });
        assertEquals(0, SharedKafka.recordCount(topic));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
