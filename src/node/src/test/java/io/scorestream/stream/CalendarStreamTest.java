package io.scorestream.stream;

import io.scorestream.io.CalendarColumns;
import io.scorestream.io.RecordSchema;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Births by day as a CSV feed of year, month, day, day-of-week and count columns, through a real
 * broker. A stream's planner marks the date roles `fit` marks (one method for both), so every
 * generated record is a date on its day of the week; before, the stream generated dates such as
 * 30 February and a day of the week unrelated to the date, in about six records of seven.
 */
class CalendarStreamTest {
    private static final List<String> HEADER = List.of("year", "month", "date_of_month", "day_of_week", "births");
    @TempDir Path dir;

    @Test
    void everyGeneratedRecordIsADateOnItsDayOfTheWeek() throws Exception {
        StreamHarness h = new StreamHarness("calendar", 1, dir.resolve("snap"));
        List<byte[]> records = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(4);
        for (LocalDate day = LocalDate.of(2000, 1, 1); day.getYear() < 2010; day = day.plusDays(1)) {
            int weekday = day.getDayOfWeek().getValue();
            long births = Math.round(11000 + 300 * rng.nextGaussian() - (weekday >= 6 ? 3000 : 0) + 200 * Math.sin(day.getDayOfYear() / 58.0));
            records.add((day.getYear() + "," + day.getMonthValue() + "," + day.getDayOfMonth() + "," + weekday + "," + births).getBytes(StandardCharsets.UTF_8));
        }
        SharedKafka.produce(h.samples, records);
        try (ScoreStreamService service = h.start(Map.of("scorestream.input.csv-header", HEADER, "scorestream.sampler.publish-per-second", 8000))) {
            service.awaitConsumed(records.size(), NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(records.size(), NamedRecordsTest.WAIT);
            assertEquals(records.size(), h.latest.get().absorbed(), "every record once");
            RecordSchema schema = h.latest.get().model().recordSchema();
            assertEquals(HEADER, schema.names());

            List<ConsumerRecord<byte[], byte[]>> generated = NamedRecordsTest.consumeFromNow(h.generated, 2000);
            int notDates = 0, offTheirDay = 0;
            double weekend = 0, weekendRows = 0, week = 0, weekRows = 0;
            String example = "";
            for (ConsumerRecord<byte[], byte[]> r : generated) {
                String line = new String(r.value(), StandardCharsets.UTF_8);
                String[] f = line.split(",");
                int weekday = Integer.parseInt(f[3]);
                try {
                    if (LocalDate.of(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])).getDayOfWeek().getValue() != weekday) {
                        offTheirDay++;
                        example = line;
                    }
                } catch (DateTimeException e) {
                    notDates++;
                    example = line;
                }
                if (weekday >= 6) { weekend += Double.parseDouble(f[4]); weekendRows++; } else { week += Double.parseDouble(f[4]); weekRows++; }
            }
            System.out.printf("calendar stream: %d generated records, %d no date, %d off their day of the week; births on weekdays less at weekends %.0f%n",
                    generated.size(), notDates, offTheirDay, week / weekRows - weekend / weekendRows);
            assertEquals(0, notDates, "generated records that are no date, such as '" + example + "'");
            assertEquals(0, offTheirDay, "generated records off their day of the week, such as '" + example + "'");
            assertTrue(schema.textForms().size() == HEADER.size() && schema.textForms().get(2).startsWith(CalendarColumns.FORM_PREFIX),
                    "the day column's mark: " + schema.textForms());
            // 3 000 fewer births at weekends in the data; the day of the week is kept and the date moved
            // to it, so the count still follows it (a day derived from the date would give a gap near 0).
            assertTrue(week / weekRows - weekend / weekendRows > 1500, "births at weekends against weekdays: " + (week / weekRows - weekend / weekendRows));
        }
    }
}
