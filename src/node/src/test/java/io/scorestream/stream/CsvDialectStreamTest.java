package io.scorestream.stream;

import io.scorestream.io.CsvDialect;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A feed of CSV lines as producers in much of Europe write them (semicolons, decimal commas), with
 * a time stamp and a site before the readings, through a real broker: every good line absorbed
 * once, the bad ones dead-lettered naming the field, and the generated lines written in the same
 * dialect with a header saying so; restarted with the standard dialect, the stored model is read
 * and written in it.
 */
class CsvDialectStreamTest {
    private static final CsvDialect EUROPEAN = new CsvDialect(';', ',', StandardCharsets.UTF_8);
    @TempDir Path dir;

    /** On both record paths: each restores its stored structure in its own place. */
    @ParameterizedTest
    @ValueSource(strings = {"partition-local", "singleton"})
    void aFeedWithDecimalCommasIsLearnedAndWrittenBackInItsDialect(String recordPath) throws Exception {
        StreamHarness h = new StreamHarness("csv-dialect", 1, dir.resolve("snap-" + recordPath));
        Random rng = new Random(12);
        String[] sites = {"Halle 3", "Hof"};
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int s = rng.nextInt(2);
            records.add(String.format(Locale.GERMANY, "2026-12-07T05:%02d:00Z;%s;%.2f;%.1f", i % 60, sites[s], 12 + 6 * s + rng.nextGaussian(), 40 + 10 * s + 3 * rng.nextGaussian())
                    .getBytes(StandardCharsets.UTF_8));
        }
        Map<Integer, String> bad = new HashMap<>();
        records.add(900, "2026-12-07T05:00:00Z;Hof;warm;40,2".getBytes(StandardCharsets.UTF_8));
        bad.put(900, "malformed:field 3 (temp) is not a number: 'warm'");
        records.add(1800, "2026-12-07T05:00:00Z;Hof;21.5,40.2".getBytes(StandardCharsets.UTF_8));
        bad.put(1800, "malformed:field 3 (temp) is not a number: '21.5,40.2'");   // a line written with commas between its readings
        SharedKafka.produceCompressed(h.samples, records, "snappy");   // a native codec too, as many producers compress
        Map<String, Object> settings = new HashMap<>(StreamHarness.PLAN_ON_A_RESERVOIR);
        settings.put("scorestream.input.csv-delimiter", ";");
        settings.put("scorestream.input.decimal-mark", ",");
        settings.put("scorestream.input.csv-header", List.of("ts", "site", "temp", "humidity"));
        settings.put("scorestream.input.fields", List.of("site", "temp", "humidity"));
        settings.put("scorestream.sampler.publish-per-second", 4000);
        settings.put("scorestream.cluster.record-path", recordPath);
        // The singleton path learns no labels from the warm-up (TextFieldsLeftOutTest): they are given there.
        if (recordPath.equals("singleton")) settings.put("scorestream.input.labels", Map.of("site", List.of(sites)));
        List<ConsumerRecord<byte[], byte[]>> generated;
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(records.size(), NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(3000, NamedRecordsTest.WAIT);
            assertEquals(3000, h.latest.get().absorbed(), "every good line once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
            generated = NamedRecordsTest.consumeFromNow(h.generated, 500);
        }
        NamedRecordsTest.assertDeadLettersAt(h, bad);
        assertEquals(EUROPEAN, h.latest.get().model().recordSchema().dialect(), "the model keeps the feed's dialect");
        assertEquals(List.of("Halle 3", "Hof"), h.latest.get().model().recordSchema().labelsOf(0));
        int commas = 0;
        for (ConsumerRecord<byte[], byte[]> r : generated) {
            assertEquals(";,", NamedRecordsTest.header(r, SamplerActor.CSV_DIALECT_HEADER));
            String line = new String(r.value(), StandardCharsets.UTF_8);
            String[] fields = line.split(";", -1);
            assertEquals(3, fields.length, line);
            assertTrue(List.of("Halle 3", "Hof").contains(fields[0]), line);
            assertFalse(fields[1].contains(".") || fields[2].contains("."), "no decimal point: " + line);
            if (fields[1].contains(",")) commas++;
            double temp = Double.parseDouble(fields[1].replace(',', '.'));
            assertTrue(temp > 0 && temp < 30, line);
        }
        assertTrue(commas > 400, commas + " of 500 temperatures with a decimal comma");

        // Restarted on its snapshot with the settings' dialect removed (the feed's producers now
        // write standard lines): the model stays, its lines are read and written as configured now.
        List<byte[]> standard = new ArrayList<>();
        for (int i = 0; i < 200; i++)
            standard.add(String.format(Locale.ROOT, "2026-12-07T06:%02d:00Z,Hof,%.2f,%.1f", i % 60, 18 + rng.nextGaussian(), 50 + 3 * rng.nextGaussian()).getBytes(StandardCharsets.UTF_8));
        SharedKafka.produce(h.samples, standard);
        settings.remove("scorestream.input.csv-delimiter");
        settings.remove("scorestream.input.decimal-mark");
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(3200 + bad.size(), NamedRecordsTest.WAIT);   // the counts go on from the snapshot's
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(3200, NamedRecordsTest.WAIT);
            assertEquals(3200, h.latest.get().absorbed(), "the standard lines absorbed once, after the European ones");
            assertEquals(bad.size(), h.latest.get().deadLettered());
            generated = NamedRecordsTest.consumeFromNow(h.generated, 200);
        }
        assertEquals(CsvDialect.STANDARD, h.latest.get().model().recordSchema().dialect(), "the restarted model is in the feed's dialect now");
        for (ConsumerRecord<byte[], byte[]> r : generated) {
            assertNull(r.headers().lastHeader(SamplerActor.CSV_DIALECT_HEADER), "a standard line has no dialect header");
            String line = new String(r.value(), StandardCharsets.UTF_8);
            String[] fields = line.split(",", -1);
            assertEquals(3, fields.length, line);
            assertTrue(List.of("Halle 3", "Hof").contains(fields[0]), line);
            double temp = Double.parseDouble(fields[1]);
            assertTrue(temp > 0 && temp < 30, line);
        }
    }
}
