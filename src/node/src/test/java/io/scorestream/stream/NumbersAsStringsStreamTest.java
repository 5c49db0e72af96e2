package io.scorestream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.scorestream.data.Datasets;
import io.scorestream.io.RecordSchema;
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
 * JSON feeds whose numeric fields are written as strings ({@code "temp": "21.5"}), as many
 * producers quote every value, through a real broker: each such field is read as its number, as
 * {@code fit} reads a file's, and a string that is no number is a dead letter naming the field.
 * Every good record is absorbed once. Such records were dead-lettered as non-numeric
 * ("field temp is not a number: '21.5'").
 */
class NumbersAsStringsStreamTest {
    private static final int GOOD = 3000;
    @TempDir Path dir;

    /** One sensor record: temp written as a string when quoted, humidity a JSON number. */
    private static byte[] sensor(DMatrixRMaj rows, int i, boolean quoted) {
        String temp = Double.toString(rows.get(i, 0));
        return ("{\"device\":\"d" + i % 7 + "\",\"temp\":" + (quoted ? "\"" + temp + "\"" : temp) + ",\"humidity\":" + rows.get(i, 1) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Bad strings in the temp field, each with the dead letter it must give ("reason:message part"). */
    private static Map<String, String> badStrings() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"device\":\"d1\",\"temp\":\"warm\",\"humidity\":40.1}", "non-numeric:field temp is not a number: 'warm'");
        bad.put("{\"device\":\"d1\",\"temp\":\"21.5 C\",\"humidity\":40.1}", "non-numeric:field temp is not a number: '21.5 C'");
        bad.put("{\"device\":\"d1\",\"temp\":\"NaN\",\"humidity\":40.1}", "non-finite:field temp is not finite: 'NaN'");
        bad.put("{\"device\":\"d1\",\"temp\":\"\",\"humidity\":40.1}", "non-numeric:field temp is not a number: ''");
        return bad;
    }

    /**
     * Configured fields, every temp a string from the first record on: all absorbed, and the model
     * learned their numbers (the generated temps, JSON numbers, centre where the data's do).
     */
    @Test
    void configuredFieldsWrittenAsStringsAreLearnedAsTheirNumbers() throws Exception {
        StreamHarness h = new StreamHarness("quoted-configured", 1, dir.resolve("snap"));
        DMatrixRMaj data = Datasets.generate("gmm", GOOD, 1).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) records.add(sensor(data, i, true));
        Map<String, String> bad = badStrings();
        NamedRecordsTest.insertAmong(records, bad.keySet(), 500);
        SharedKafka.produce(h.samples, records);
        List<String> fields = List.of("temp", "humidity");
        try (ScoreStreamService service = h.start(Map.of("scorestream.input.format", "json", "scorestream.input.fields", fields,
                "scorestream.sampler.publish-per-second", 8000))) {
            awaitAll(service, h, records.size(), bad.size());
            assertEquals(RecordSchema.named(RecordSchema.Format.JSON, fields), h.latest.get().model().recordSchema());
            double dataMean = 0, dataSpread = 0, generatedMean = 0;
            for (int i = 0; i < GOOD; i++) dataMean += data.get(i, 0) / GOOD;
            for (int i = 0; i < GOOD; i++) dataSpread += Math.pow(data.get(i, 0) - dataMean, 2) / GOOD;
            List<ConsumerRecord<byte[], byte[]>> generated = NamedRecordsTest.consumeFromNow(h.generated, 2000);
            for (ConsumerRecord<byte[], byte[]> r : generated) {
                JsonNode record = NamedRecordsTest.JSON.readTree(r.value());
                assertTrue(record.get("temp").isNumber(), "written back as a number: " + record);
                generatedMean += record.get("temp").asDouble() / generated.size();
            }
            assertEquals(dataMean, generatedMean, 0.2 * Math.sqrt(dataSpread), "the generated temps centre where the quoted ones do");
        }
        NamedRecordsTest.assertDeadLettersAsProduced(h, bad);
    }

    /**
     * Columns learned by the stream's vote (JSON numbers in most records): a record whose temp is a
     * string, among the records the vote holds and after it, is read as its number, counted once.
     */
    @Test
    void aLearnedNumericFieldWrittenAsAStringIsItsNumber() throws Exception {
        StreamHarness h = new StreamHarness("quoted-learned", 2, dir.resolve("snap"));
        DMatrixRMaj data = Datasets.generate("gmm", GOOD, 2).samples();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) records.add(sensor(data, i, i == 5 || i % 97 == 0 && i > 200));   // record 5 is held by the vote
        Map<String, String> bad = badStrings();
        NamedRecordsTest.insertAmong(records, bad.keySet(), 600);
        SharedKafka.produce(h.samples, records);
        try (ScoreStreamService service = h.start(Map.of("scorestream.input.format", "json"))) {
            awaitAll(service, h, records.size(), bad.size());
            // The device, text that repeats, is learned as labels (on the records of the vote's shape: a record
            // whose temp is "warm" is not one); the temps written as strings are numbers.
            assertEquals(RecordSchema.named(RecordSchema.Format.JSON, List.of("device", "temp", "humidity"))
                    .withLabels(List.of(List.of("d0", "d1", "d2", "d3", "d4", "d5", "d6"), List.of(), List.of())), h.latest.get().model().recordSchema());
        }
        NamedRecordsTest.assertDeadLettersAsProduced(h, bad);
    }

    /** Waits for every record, then checks every good one absorbed exactly once and the bad ones dead-lettered. */
    private static void awaitAll(ScoreStreamService service, StreamHarness h, int records, int bad) throws Exception {
        service.awaitConsumed(records, NamedRecordsTest.WAIT);
        service.drain(NamedRecordsTest.WAIT);
        h.awaitAbsorbed(GOOD, NamedRecordsTest.WAIT);
        assertEquals(GOOD, h.latest.get().absorbed(), "every good record once, quoted numbers included");
        assertEquals(bad, h.latest.get().deadLettered());
    }
}
