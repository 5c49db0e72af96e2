package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Dates and times as real files write them that fit left out as free text: the day before a month's
 * name (10 Feb 2005, 10 February 2005, 10-Feb-2005, the day in one digit or two), a month's name
 * before the day and a comma (Feb 10, 2005), dotted dates day first (10.02.2005), a year and a month
 * (1949-01), times to the millisecond or microsecond after a space (pandas) and times of day (13:45,
 * 9:05, 13:45:07). Each is now a column
 * of dates or times, and every generated value is written as the column writes them: a month's name
 * short or in full (a column starting in May, whose name is both, included), a day below 10 padded
 * or not, the fraction's digits; times written with an offset from UTC at the column's offset.
 */
class DateFormsCommandTest {
    private static void roundTrip(Path dir, String name, String pattern, LocalDate first, String regex) throws IOException {
        DateTimeFormatter written = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        StringBuilder text = new StringBuilder("date,value\n");
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++)
            text.append(first.plusDays(i).format(written)).append(',').append(Math.round((10 + 2 * rng.nextGaussian()) * 100) / 100.0).append('\n');
        Path data = Files.writeString(dir.resolve(name + ".csv"), text), model = dir.resolve(name + ".bin"), out = dir.resolve(name + "-g.csv");
        CliRun fit = CliRun.fit(data, model, 15);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("column 1 (date): dates like " + LocalDate.of(2012, 1, 31).format(written)), name + ": " + fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "500", "--out", out.toString(), "--seed", "2");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("date,value", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String date = line.substring(0, line.indexOf(','));
            assertTrue(date.matches(regex), name + ": '" + date + "' is not written as the column writes its dates");
            LocalDate day = LocalDate.parse(date, written);
            assertFalse(day.isBefore(first) || day.isAfter(first.plusDays(199)), name + ": " + day + " outside the data's range");
        }
    }

    /** fit and sample of a column of these texts: a time column, every generated value matching regex. */
    private static void roundTripTexts(Path dir, String name, List<String> values, String regex) throws IOException {
        StringBuilder text = new StringBuilder("when,value\n");
        SplittableRandom rng = new SplittableRandom(5);
        for (String v : values) text.append(v.contains(",") ? '"' + v + '"' : v).append(',').append(Math.round((10 + 2 * rng.nextGaussian()) * 100) / 100.0).append('\n');
        Path data = Files.writeString(dir.resolve(name + ".csv"), text), model = dir.resolve(name + ".bin"), out = dir.resolve(name + "-g.csv");
        CliRun fit = CliRun.fit(data, model, 15);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("column 1 (when): "), name + ": " + fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "300", "--out", out.toString(), "--seed", "2");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        for (String line : lines.subList(1, lines.size())) {
            String when = line.substring(0, line.lastIndexOf(','));
            if (when.startsWith("\"")) when = when.substring(1, when.length() - 1);
            assertTrue(when.matches(regex), name + ": '" + when + "' is not written as the column writes its values");
        }
    }

    @Test
    void pandasFractionsMonthsDottedAndCommaDatesAreColumnsOfTimes(@TempDir Path dir) throws IOException {
        java.util.List<String> micros = new java.util.ArrayList<>(), months = new java.util.ArrayList<>(), dotted = new java.util.ArrayList<>(), comma = new java.util.ArrayList<>();
        java.time.LocalDateTime t = java.time.LocalDateTime.of(2005, 2, 10, 13, 45, 0, 123_456_000);
        for (int i = 0; i < 200; i++) {
            micros.add(t.plusNanos(i * 3_600_123_457_000L).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")));
            if (i < 144) months.add(String.format("%04d-%02d", 1949 + i / 12, i % 12 + 1));
            dotted.add(LocalDate.of(2005, 2, 10).plusDays(i).format(DateTimeFormatter.ofPattern("dd.MM.yyyy")));
            comma.add(LocalDate.of(2005, 2, 10).plusDays(i).format(DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH)));
        }
        roundTripTexts(dir, "micros", micros, "2005-0[2-3]-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        roundTripTexts(dir, "months", months, "19(49|5\\d|60)-(0[1-9]|1[0-2])");
        roundTripTexts(dir, "dotted", dotted, "\\d\\d\\.\\d\\d\\.2005");
        roundTripTexts(dir, "comma", comma, "(February|March|April|May|June|July|August|September) [1-9]\\d?, 2005");
        java.util.List<String> padded = new java.util.ArrayList<>(), plain = new java.util.ArrayList<>(), seconds = new java.util.ArrayList<>();
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            int minutes = (int) Math.floorMod(Math.round(13 * 60 + 180 * rng.nextGaussian()), 1440L);
            padded.add(String.format("%02d:%02d", minutes / 60, minutes % 60));
            plain.add(String.format("%d:%02d", minutes / 60, minutes % 60));
            seconds.add(String.format("%02d:%02d:%02d", minutes / 60, minutes % 60, rng.nextInt(60)));
        }
        roundTripTexts(dir, "time-padded", padded, "([01]\\d|2[0-3]):[0-5]\\d");
        roundTripTexts(dir, "time-plain", plain, "(1?\\d|2[0-3]):[0-5]\\d");
        roundTripTexts(dir, "time-seconds", seconds, "([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d");
    }

    /**
     * Times written with an offset from UTC other than +00:00 (Python's isoformat of an aware time,
     * Java's OffsetDateTime), in CSV and in JSON Lines: learned as instants, every generated one
     * written at the column's offset and inside the data's range of instants. A column moving from
     * +01:00 to +02:00 with summer time is read as its instants (none left out) and written at +01:00.
     */
    @Test
    void timesWithAnOffsetAreInstantsWrittenAtTheColumnsOffset(@TempDir Path dir) throws IOException {
        java.util.List<String> india = new java.util.ArrayList<>(), berlin = new java.util.ArrayList<>();
        java.time.OffsetDateTime first = java.time.OffsetDateTime.parse("2005-02-10T13:45:00.123456+05:30");
        java.time.ZoneId zone = java.time.ZoneId.of("Europe/Berlin");
        DateTimeFormatter micros = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx"), seconds = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");
        java.time.Instant spring = java.time.LocalDateTime.of(2005, 3, 1, 9, 0).atZone(zone).toInstant();
        for (int i = 0; i < 200; i++) {
            india.add(first.plusSeconds(i * 3_607L).format(micros));
            berlin.add(spring.plusSeconds(i * 27_000L).atZone(zone).toOffsetDateTime().format(seconds));
        }
        assertTrue(berlin.get(0).endsWith("+01:00") && berlin.get(199).endsWith("+02:00"), "the data cross summer time: " + berlin.get(199));
        roundTripTexts(dir, "india", india, "2005-0[23]-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+05:30");
        roundTripTexts(dir, "berlin", berlin, "2005-0[345]-\\d\\d \\d\\d:\\d\\d:\\d\\d\\+01:00");
        for (String name : List.of("india", "berlin")) {
            List<String> data = name.equals("india") ? india : berlin;
            java.time.Instant low = java.time.OffsetDateTime.parse(data.get(0), name.equals("india") ? micros : seconds).toInstant();
            java.time.Instant high = java.time.OffsetDateTime.parse(data.get(199), name.equals("india") ? micros : seconds).toInstant();
            for (String line : Files.readAllLines(dir.resolve(name + "-g.csv")).subList(1, 301)) {
                java.time.Instant at = java.time.OffsetDateTime.parse(line.substring(0, line.lastIndexOf(',')), name.equals("india") ? micros : seconds).toInstant();
                assertFalse(at.isBefore(low) || at.isAfter(high), name + ": " + at + " outside the data's instants");
            }
        }
        // JSON Lines: the same column as a record's field, written back as one.
        StringBuilder lines = new StringBuilder();
        SplittableRandom rng = new SplittableRandom(7);
        for (String when : india) lines.append("{\"ts\": \"").append(when).append("\", \"v\": ").append(Math.round(1000 + 100 * rng.nextGaussian()) / 100.0).append("}\n");
        Path json = Files.writeString(dir.resolve("india.jsonl"), lines), model = dir.resolve("india-json.bin"), out = dir.resolve("india-g.jsonl");
        CliRun fit = CliRun.fit(json, model, 15);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("column 1 (ts): times like 2012-01-31T19:35:09.000000+05:30, learned as seconds since 1970-01-01 UTC at any offset, written at +05:30"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "100", "--out", out.toString(), "--seed", "2");
        assertEquals(0, sample.exitCode(), sample.err());
        for (String record : Files.readAllLines(out))
            assertTrue(record.matches("\\{\"ts\":\"2005-0[23]-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+05:30\",\"v\":[0-9.]+}"), record);
    }

    /** Dates with their day of the week (quoted in CSV), HTTP's dates, dotted dates year first and gretl's months: each generated one on its column's form, and a day of the week its own. */
    @Test
    void weekdayDatesYearFirstDotsAndGretlMonthsAreColumnsOfTimes(@TempDir Path dir) throws IOException {
        java.util.List<String> weekday = new java.util.ArrayList<>(), http = new java.util.ArrayList<>(), yearDots = new java.util.ArrayList<>(), gretl = new java.util.ArrayList<>();
        DateTimeFormatter rfc = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy", Locale.ENGLISH), httpForm = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
        for (int i = 0; i < 200; i++) {
            LocalDate d = LocalDate.of(2005, 2, 1).plusDays(i);
            weekday.add(d.format(rfc));
            http.add(d.atTime(13, 45).plusSeconds(i * 37L).format(httpForm));
            yearDots.add(d.format(DateTimeFormatter.ofPattern("yyyy.MM.dd")));
            if (i < 144) gretl.add(String.format("%04d:%02d", 1923 + i / 12, i % 12 + 1));
        }
        roundTripTexts(dir, "weekday", weekday, "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d [A-Z][a-z]{2} 2005");
        for (String line : Files.readAllLines(dir.resolve("weekday-g.csv")).subList(1, 301)) {
            String date = line.substring(1, line.lastIndexOf('"'));
            assertEquals(date, LocalDate.parse(date, rfc).format(rfc), "a day of the week its date's own");
        }
        roundTripTexts(dir, "http", http, "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d [A-Z][a-z]{2} 2005 \\d\\d:\\d\\d:\\d\\d GMT");
        roundTripTexts(dir, "year-dots", yearDots, "2005\\.(0[2-9])\\.\\d\\d");
        roundTripTexts(dir, "gretl", gretl, "19(2[3-9]|3[0-4]):(0[1-9]|1[0-2])");
    }

    @Test
    void eachIsAColumnOfDatesWrittenAsTheDataWritesThem(@TempDir Path dir) throws IOException {
        roundTrip(dir, "short", "d MMM yyyy", LocalDate.of(2005, 2, 10), "[1-9]\\d? [A-Z][a-z]{2} 2005");
        roundTrip(dir, "full-padded-from-may", "dd MMMM yyyy", LocalDate.of(2005, 5, 1), "\\d\\d (May|June|July|August|September|October|November) 2005");
        roundTrip(dir, "dashed-padded", "dd-MMM-yyyy", LocalDate.of(2004, 12, 1), "\\d\\d-[A-Z][a-z]{2}-200[45]");
    }
}
