package io.scorestream.stream;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.scorestream.data.Datasets;
import io.scorestream.io.ProtobufRecords;
import io.scorestream.io.RecordSchema;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.ProtobufTypes;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.scorestream.stream.NamedRecordsTest.WAIT;
import static io.scorestream.stream.NamedRecordsTest.header;
import static io.scorestream.testing.ProtobufTypes.READING;
import static io.scorestream.testing.ProtobufTypes.reading;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A Protobuf feed as Confluent's serializer frames it, through a real broker: readings of a nested
 * sensor (temp, humidity) and an enum kind, learned online to the two-sample floor; generated records
 * are Reading messages again, decoded by the type their headers carry; bad records are dead letters
 * with their reasons, and every good record is learned once. One broker run: the suite's budget.
 */
class ProtobufStreamTest {
    @TempDir Path dir;

    private static final int GOOD = 20_000;
    private static final double OUTDOOR_SHARE = 0.7;

    @Test
    void confluentFramedReadingsAreLearnedOnceAndGeneratedAsReadings() throws Exception {
        StreamHarness h = new StreamHarness("protobuf", 1, dir.resolve("snap"));   // one partition: a dead letter's offset is its place below
        ProtobufEnvelope frame = new ProtobufEnvelope(ProtobufEnvelope.Encoding.CONFLUENT, READING, 7);
        DMatrixRMaj train = Datasets.generate("gmm", GOOD, 1).samples();
        SplittableRandom rng = new SplittableRandom(5);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < GOOD; i++)
            records.add(frame.wrap(reading(train.get(i, 0), train.get(i, 1), rng.nextDouble() < OUTDOOR_SHARE ? "OUTDOOR" : "INDOOR", true).toByteArray(), 7));

        Descriptor other = ProtobufTypes.message("sensors.Other");
        byte[] otherMessage = DynamicMessage.newBuilder(other).setField(other.findFieldByName("x"), 1.0).build().toByteArray();
        Map<Integer, String> bad = new HashMap<>();
        records.add(300, new ProtobufEnvelope(ProtobufEnvelope.Encoding.CONFLUENT, other, -1).wrap(otherMessage, 7));
        bad.put(300, "wrong-schema:written for message [0] of its .proto file (sensors.Other), not the configured sensors.Reading [1] (schema id 7)");
        records.add(700, frame.wrap(new byte[]{(byte) 0xFF, (byte) 0xFF}, 7));
        bad.put(700, "malformed:not a sensors.Reading message");
        records.add(1100, frame.wrap(reading(Double.NaN, 40.0, "INDOOR", true).toByteArray(), 7));
        bad.put(1100, "non-finite:field sensor.temp is not finite: NaN");
        records.add(1500, frame.wrap(reading(20.0, null, "INDOOR", true).toByteArray(), 7));
        bad.put(1500, "missing-field:field sensor.humidity is missing");
        records.add(1900, reading(20.0, 40.0, "INDOOR", true).toByteArray());
        bad.put(1900, "wrong-schema:not in Confluent's wire format");
        records.add(2300, frame.wrap(DynamicMessage.newBuilder(READING).setField(READING.findFieldByName("ok"), true).build().toByteArray(), 7));
        bad.put(2300, "missing-field:field sensor.temp is missing: sensor is not set");
        records.add(2700, frame.wrap(reading(20.0, 40.0, "INDOOR", true).toByteArray(), 8));
        bad.put(2700, "wrong-schema:written with schema id 8; scorestream.input.protobuf-schema-id is 7");
        SharedKafka.produce(h.samples, records);

        Map<String, Object> settings = Map.of("scorestream.learning.levels", 200, "scorestream.sampler.publish-per-second", 8000,
                "scorestream.input.format", "protobuf", "scorestream.input.protobuf-descriptor", ProtobufTypes.writeDescriptorSet(dir).toString(),
                "scorestream.input.protobuf-message", "sensors.Reading", "scorestream.input.protobuf-encoding", "confluent",
                "scorestream.input.protobuf-schema-id", 7, "scorestream.input.fields", List.of("sensor.temp", "sensor.humidity", "kind"));
        List<String> names = List.of("sensor.temp", "sensor.humidity", "kind");
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(records.size(), WAIT);
            service.drain(WAIT);
            h.awaitAbsorbed(GOOD, WAIT);
            assertEquals(GOOD, h.latest.get().absorbed(), "every good record once");
            assertEquals(bad.size(), h.latest.get().deadLettered());

            List<ConsumerRecord<byte[], byte[]>> generated = NamedRecordsTest.consumeFromNow(h.generated, 10_000);
            // A reader with no .proto: the type by the name and descriptor set the headers carry.
            ConsumerRecord<byte[], byte[]> first = generated.get(0);
            assertEquals("protobuf", header(first, SamplerActor.FORMAT_HEADER));
            assertEquals("sensors.Reading", header(first, SamplerActor.PROTOBUF_MESSAGE_HEADER));
            assertEquals(String.join(",", names), header(first, SamplerActor.COLUMNS_HEADER));
            Descriptor written = ProtobufRecords.descriptor(first.headers().lastHeader(SamplerActor.PROTOBUF_DESCRIPTOR_HEADER).value(), "sensors.Reading");
            Descriptor sensorType = written.findNestedTypeByName("Sensor");
            FieldDescriptor sensor = written.findFieldByName("sensor"), kind = written.findFieldByName("kind");
            FieldDescriptor temp = sensorType.findFieldByName("temp"), humidity = sensorType.findFieldByName("humidity");
            assertEquals(FieldDescriptor.Type.DOUBLE, temp.getType());
            assertEquals(FieldDescriptor.Type.ENUM, kind.getType());
            DMatrixRMaj rows = new DMatrixRMaj(generated.size(), 2);
            int outdoor = 0;
            for (int i = 0; i < generated.size(); i++) {
                DynamicMessage r = DynamicMessage.parseFrom(written, generated.get(i).value());
                DynamicMessage s = (DynamicMessage) r.getField(sensor);
                assertTrue(r.hasField(sensor) && s.hasField(humidity), "the learned fields are set");
                assertFalse(r.hasField(written.findFieldByName("ok")), "a field not learned is left unset");
                rows.set(i, 0, (Double) s.getField(temp));
                rows.set(i, 1, (Double) s.getField(humidity));
                String k = ((EnumValueDescriptor) r.getField(kind)).getName();
                assertTrue(k.equals("INDOOR") || k.equals("OUTDOOR"), k);
                if (k.equals("OUTDOOR")) outdoor++;
            }
            NamedRecordsTest.assertWithinFloor(rows);
            // 10 000 records: the share's sampling sd is 0.005; 0.04 leaves room for the model's error.
            assertEquals(OUTDOOR_SHARE, outdoor / (double) generated.size(), 0.04, "the enum's shares");

            // The model keeps the format and the message type: published, on the model topic, in the snapshot.
            RecordSchema columns = h.latest.get().model().recordSchema();
            assertEquals(RecordSchema.Format.PROTOBUF, columns.format());
            assertEquals(names, columns.names());
            assertTrue(columns.avroSchema().startsWith("sensors.Reading\n"), "the model keeps the message type");
            assertEquals(columns, NamedRecordsTest.newestOnModelTopic(h.model).recordSchema());
            assertEquals(columns, new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().structure().recordSchema());
        }
        NamedRecordsTest.assertDeadLettersAt(h, bad);
    }
}
