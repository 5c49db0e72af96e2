package io.scorestream.io;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.*;

/** ISO dates and times as numbers (days or seconds since 1970) and back in their own form; a CSV column of them read, written and refused. */
class TimeFormatTest {
    @Test
    void eachFormIsToldAndRoundTripsToItsStep() {
        assertEquals(TimeFormat.DATE, TimeFormat.detect("2012-01-31"));
        assertEquals(TimeFormat.MINUTES_SPACE, TimeFormat.detect("2012-01-31 14:05"));
        assertEquals(TimeFormat.SECONDS_SPACE, TimeFormat.detect("2012-01-31 14:05:09"));
        assertEquals(TimeFormat.MINUTES_T, TimeFormat.detect("2012-01-31T14:05"));
        assertEquals(TimeFormat.SECONDS_T, TimeFormat.detect("2012-01-31T14:05:09"));
        assertEquals(TimeFormat.SECONDS_T_Z, TimeFormat.detect("2012-01-31T14:05:09Z"));
        for (String notOne : new String[]{"01/31/2012", "31.01.2012", "2012-13-01", "2012-02-30", "Adelie", "2012", "2012-01-31x"})
            assertNull(TimeFormat.detect(notOne), notOne);
        assertEquals(LocalDate.of(2012, 1, 31).toEpochDay(), TimeFormat.DATE.parse("2012-01-31"));
        assertEquals(LocalDateTime.of(2012, 1, 31, 14, 5, 9).toEpochSecond(ZoneOffset.UTC), TimeFormat.SECONDS_T_Z.parse("2012-01-31T14:05:09Z"));
        // A generated value is written at the nearest day, minute or second.
        assertEquals("2012-02-01", TimeFormat.DATE.format(TimeFormat.DATE.parse("2012-01-31") + 0.6));
        assertEquals("2012-01-31 14:06", TimeFormat.MINUTES_SPACE.format(TimeFormat.MINUTES_SPACE.parse("2012-01-31 14:05") + 31));
        assertEquals("2012-01-31T14:05:10Z", TimeFormat.SECONDS_T_Z.format(TimeFormat.SECONDS_T_Z.parse("2012-01-31T14:05:09Z") + 0.7));
        // Far outside what the form can write: the nearest end, never an exception.
        assertEquals("9999-12-31", TimeFormat.DATE.format(1e12));
        assertEquals("0000-01-01 00:00", TimeFormat.MINUTES_SPACE.format(-1e18));
        assertEquals("a time like 2012-01-31 14:05", TimeFormat.MINUTES_SPACE.describe());
    }

    @Test
    void aCsvColumnOfTimesIsReadAsSecondsWrittenBackAndAWrongOneIsOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path p = dir.resolve("log.csv");
        StringBuilder text = new StringBuilder("at,value\n");
        for (int i = 0; i < 30; i++) text.append(String.format("2024-03-%02d 0%d:%02d,%d%n", 1 + i % 28, i % 10, (7 * i) % 60, i));
        Files.writeString(p, text);
        Tables.Table t = Tables.read(p, java.util.List.of());
        assertTrue(t.columns().isTime(0));
        assertEquals(TimeFormat.MINUTES_SPACE, t.columns().timeFormat(0));
        assertEquals(LocalDateTime.of(2024, 3, 1, 0, 0).toEpochSecond(ZoneOffset.UTC), t.rows().get(0, 0), 0.0);
        Path out = dir.resolve("out.csv");
        Tables.write(out, t.rows(), t.columns());
        assertEquals(text.toString(), Files.readString(out), "written back as read");
        // A later row in another form: the line, the column and the form wanted.
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, text + "2024-03-31T10:00,31\n");
        assertEquals(bad + ":32: field 1 (at) is not a time like 2012-01-31 14:05: '2024-03-31T10:00'",
                assertThrows(InputException.class, () -> Tables.read(bad, java.util.List.of())).getMessage());
        // JSON Lines: the same field of text is a column of seconds, written back as text.
        Path json = dir.resolve("log.jsonl");
        Tables.write(json, t.rows(), Tables.outputShape(json, t.columns()));
        assertEquals("{\"at\":\"2024-03-01 00:00\",\"value\":0}", Files.readAllLines(json).get(0));
        Tables.Table fromJson = Tables.read(json, java.util.List.of());
        assertEquals(t.columns().times(), fromJson.columns().times());
        assertArrayEquals(t.rows().data, fromJson.rows().data, 0.0);
    }
}
