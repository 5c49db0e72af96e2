package io.scorestream.stream;

import io.scorestream.data.Datasets;
import io.scorestream.io.RecordSchema;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A CSV sensor feed whose lines carry a time stamp and a device name before the readings, through a
 * real broker: with scorestream.input.csv-header naming the fields and fields choosing the readings,
 * every good line is absorbed once, the bad ones are dead-lettered naming the field, and the
 * generated lines hold the readings alone, named in their header, at the two-sample floor's reach.
 */
class CsvColumnsStreamTest {
    private static final int GOOD = 4000;
    private static final List<String> HEADER = List.of("ts", "device", "temp", "humidity");
    @TempDir Path dir;

    private static byte[] line(DMatrixRMaj rows, int i) {
        return String.format("2026-12-05T%02d:%02d:%02dZ,\"hall %d, north\",%s,%s", i / 3600 % 24, i / 60 % 60, i % 60, i % 7,
                rows.get(i, 0), rows.get(i, 1)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readingsAmongATimeStampAndADeviceAreLearnedAndGeneratedAlone() throws Exception {
        StreamHarness h = new StreamHarness("csv-columns", 1, dir.resolve("snap"));
        DMatrixRMaj data = Datasets.generate("gmm", GOOD, 1).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) records.add(line(data, i));
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("2026-12-05T10:00:00Z,hall 1,warm,0.5", "malformed:field 3 (temp) is not a number: 'warm'");
        bad.put("2026-12-05T10:00:01Z,hall 1,0.5,NaN", "non-finite:field 4 (humidity) is not finite: 'NaN'");
        bad.put("2026-12-05T10:00:02Z,0.5,0.5", "wrong-dimension:expected 4 fields (csv-header [ts, device, temp, humidity]), found 3");
        NamedRecordsTest.insertAmong(records, bad.keySet(), 700);
        SharedKafka.produce(h.samples, records);
        List<String> fields = List.of("temp", "humidity");
        try (ScoreStreamService service = h.start(Map.of("scorestream.input.csv-header", HEADER, "scorestream.input.fields", fields,
                "scorestream.sampler.publish-per-second", 8000))) {
            service.awaitConsumed(records.size(), NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(GOOD, NamedRecordsTest.WAIT);
            assertEquals(GOOD, h.latest.get().absorbed(), "every good line once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
            assertEquals(RecordSchema.named(RecordSchema.Format.CSV, fields), h.latest.get().model().recordSchema());

            List<ConsumerRecord<byte[], byte[]>> generated = NamedRecordsTest.consumeFromNow(h.generated, 3000);
            DMatrixRMaj rows = new DMatrixRMaj(generated.size(), 2);
            for (int i = 0; i < generated.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = generated.get(i);
                assertEquals("temp,humidity", NamedRecordsTest.header(r, SamplerActor.COLUMNS_HEADER));
                String[] values = new String(r.value(), StandardCharsets.UTF_8).split(",");
                assertEquals(2, values.length, "the readings alone: " + new String(r.value(), StandardCharsets.UTF_8));
                rows.set(i, 0, Double.parseDouble(values[0]));
                rows.set(i, 1, Double.parseDouble(values[1]));
            }
            DMatrixRMaj reference = Datasets.generate("gmm", generated.size(), 2).samples();
            double accuracy = TwoSampleMetrics.compare(rows, reference, 3).classifierAccuracy();
            double floor = TwoSampleMetrics.compare(Datasets.generate("gmm", generated.size(), 3).samples(), reference, 3).classifierAccuracy();
            System.out.printf("csv columns stream: %d generated lines, C2ST %.3f against a floor of %.3f%n", rows.numRows, accuracy, floor);
            assertTrue(accuracy - floor < 0.03, String.format("generated readings: C2ST %.3f against a floor of %.3f", accuracy, floor));
        }
        NamedRecordsTest.assertDeadLettersAsProduced(h, bad);
    }
}
