package io.scorestream.io;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ISO dates and times as numbers (days or seconds since 1970) and back in their own form; a CSV column of them read, written and refused. */
class TimeFormatTest {
    @Test
    void eachFormIsToldAndRoundTripsToItsStep() {
        assertEquals("yyyy-MM-dd", TimeFormat.detect("2012-01-31").pattern());
        assertEquals("yyyy-MM-dd HH:mm", TimeFormat.detect("2012-01-31 14:05").pattern());
        assertEquals("yyyy-MM-dd HH:mm:ss", TimeFormat.detect("2012-01-31 14:05:09").pattern());
        assertEquals("yyyy-MM-dd'T'HH:mm", TimeFormat.detect("2012-01-31T14:05").pattern());
        assertEquals("yyyy-MM-dd'T'HH:mm:ss", TimeFormat.detect("2012-01-31T14:05:09").pattern());
        assertEquals("yyyy-MM-dd'T'HH:mm:ss'Z'", TimeFormat.detect("2012-01-31T14:05:09Z").pattern());
        assertEquals("yyyy/MM/dd HH:mm:ss", TimeFormat.detect("2015/01/01 01:00:00").pattern());
        assertEquals("MMM d yyyy", TimeFormat.detect("Jan 1 2000").pattern());
        // 31.01.2012 is a date since dotted dates are read (no country writes the month first with dots).
        for (String notOne : new String[]{"01/31/2012", "2012-13-01", "2012-02-30", "Adelie", "2012", "2012-01-31x", "Foo 1 2000"})
            assertNull(TimeFormat.detect(notOne), notOne);
        TimeFormat days = TimeFormat.detect("2012-01-31"), seconds = TimeFormat.detect("2012-01-31T14:05:09Z"), minutes = TimeFormat.detect("2012-01-31 14:05");
        assertEquals(LocalDate.of(2012, 1, 31).toEpochDay(), days.parse("2012-01-31"));
        assertEquals(LocalDateTime.of(2012, 1, 31, 14, 5, 9).toEpochSecond(ZoneOffset.UTC), seconds.parse("2012-01-31T14:05:09Z"));
        // A generated value is written at the nearest day, minute or second.
        assertEquals("2012-02-01", days.format(days.parse("2012-01-31") + 0.6));
        assertEquals("2012-01-31 14:06", minutes.format(minutes.parse("2012-01-31 14:05") + 31));
        assertEquals("2012-01-31T14:05:10Z", seconds.format(seconds.parse("2012-01-31T14:05:09Z") + 0.7));
        // Months and years: the first of each, learned as a count, and a date that is not one refused.
        TimeFormat months = days.in(TimeFormat.Unit.MONTH), years = TimeFormat.detect("Jan 1 2000").in(TimeFormat.Unit.YEAR);
        assertEquals((2012 - 1970) * 12 + 2, months.parse("2012-03-01"));
        assertEquals("2012-04-01", months.format(months.parse("2012-03-01") + 0.7));
        assertThrows(java.time.format.DateTimeParseException.class, () -> months.parse("2012-03-02"));
        assertEquals(2001, years.parse("Jan 1 2001"));
        assertEquals("Jan 1 2002", years.format(2001.6));
        assertEquals(years, TimeFormat.ofPattern(years.pattern()));
        assertEquals("MMM d yyyy@year", years.pattern());
        // Far outside what the form can write: the nearest end, never an exception.
        assertEquals("9999-12-31", days.format(1e12));
        assertEquals("0000-01-01 00:00", minutes.format(-1e18));
        assertEquals("a time like 2012-01-31 14:05", minutes.describe());
        assertEquals("first days of months like 2012-01-01, learned as months since 1970-01", months.describeColumn());
    }

    /** A day before a month's name (10 Feb 2005, 10 February 2005, 10-Feb-2005) is a date; a month by either name; written back as the column writes it. */
    @Test
    void dayFirstMonthNamesAreTold() {
        TimeFormat spaced = TimeFormat.detect("10 Feb 2005"), dashed = TimeFormat.detect("10-Feb-2005"), full = TimeFormat.detect("10 February 2005");
        assertEquals("d MMM yyyy", spaced.pattern());
        assertEquals("d-MMM-yyyy", dashed.pattern());
        assertEquals(spaced, full, "a full name is read by the same form");
        long day = LocalDate.of(2005, 2, 10).toEpochDay();
        assertEquals(day, spaced.parse("10 Feb 2005"));
        assertEquals(day, spaced.parse("10 February 2005"));
        assertEquals(day, dashed.parse("10-Feb-2005"));
        assertEquals(LocalDate.of(2005, 5, 1).toEpochDay(), spaced.parse("1 May 2005"));
        assertEquals("1 Mar 2005", spaced.format(LocalDate.of(2005, 3, 1).toEpochDay()));
        assertEquals("1 March 2005", spaced.written(false, true).format(LocalDate.of(2005, 3, 1).toEpochDay()));
        assertEquals("01 March 2005", spaced.written(true, true).format(LocalDate.of(2005, 3, 1).toEpochDay()));
        assertEquals("01-Mar-2005", dashed.written(true, false).format(LocalDate.of(2005, 3, 1).toEpochDay()));
        assertEquals(spaced.written(true, true), TimeFormat.ofPattern("dd MMMM yyyy"));
        for (String notOne : new String[]{"30 Feb 2005", "10 Foo 2005", "10 Feb 05", "Feb 2005", "10 Febr 2005"})
            assertNull(TimeFormat.detect(notOne), notOne);
    }

    /**
     * Forms real files write that were left out as free text: fractions of a second after a space and
     * to the microsecond (pandas), a year and a month (1949-01), dotted dates day first (10.02.2005),
     * a month's name before the day and a comma (Feb 10, 2005; February 10, 2005), and a time of day
     * (13:45), learned in minutes since midnight as clock times hhmm are but written as text.
     */
    @Test
    void pandasFractionsMonthsDottedAndCommaDatesAreTold() {
        TimeFormat millis = TimeFormat.detect("2005-02-10 13:45:00.123"), micros = TimeFormat.detect("2005-02-10 13:45:00.123456");
        assertEquals("yyyy-MM-dd HH:mm:ss.SSS", millis.pattern());
        assertEquals("yyyy-MM-dd HH:mm:ss.SSSSSS", micros.pattern());
        assertEquals("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", TimeFormat.detect("2005-02-10T13:45:00.123456Z").pattern());
        double t = LocalDateTime.of(2005, 2, 10, 13, 45).toEpochSecond(ZoneOffset.UTC);
        assertEquals(t + 0.123456, micros.parse("2005-02-10 13:45:00.123456"), 1e-6);
        assertEquals("2005-02-10 13:45:00.123456", micros.format(t + 0.1234561));
        assertEquals("2005-02-10 13:45:00.124", millis.format(t + 0.1236));
        TimeFormat utc = TimeFormat.detect("2005-02-10 13:45:00+00:00");
        assertEquals("yyyy-MM-dd HH:mm:ssxxx", utc.pattern());
        assertEquals(t, utc.parse("2005-02-10 13:45:00+00:00"), 0);
        assertEquals("2005-02-10 13:45:01+00:00", utc.format(t + 0.6));
        assertEquals("yyyy-MM-dd HH:mm:ss.SSSSSSxxx", TimeFormat.detect("2005-02-10 13:45:00.123456+00:00").pattern());
        assertEquals("yyyy-MM-dd'T'HH:mm:ssxxx", TimeFormat.detect("2005-02-10T13:45:00+00:00").pattern());
        assertEquals(utc, TimeFormat.ofPattern(utc.pattern()), "a model's stored pattern names it again");
        assertFalse(NumberForm.isPattern(utc.pattern()), "and not a number's form");
        // Another offset: the instant is learned, and a generated time is written at the column's offset.
        TimeFormat paris = TimeFormat.detect("2005-02-10T13:45:00+01:00");
        assertEquals(ZoneOffset.ofHours(1), paris.offset());
        assertEquals(t - 3600, paris.parse("2005-02-10T13:45:00+01:00"), 0, "13:45 at +01:00 is 12:45 UTC");
        assertEquals(t, paris.parse("2005-02-10T14:45:00+01:00"), 0);
        assertEquals(t - 3600, paris.parse("2005-02-10T14:45:00+02:00"), 0, "a value at another offset (summer time) is read as its instant");
        assertEquals("2005-02-10T14:45:00+01:00", paris.format(t));
        assertEquals("yyyy-MM-dd'T'HH:mm:ssxxx@second@@@+01:00", paris.pattern());
        assertEquals(paris, TimeFormat.ofPattern(paris.pattern()), "a model's stored pattern names the offset again");
        assertFalse(NumberForm.isPattern(paris.pattern()));
        TimeFormat india = TimeFormat.detect("2005-02-10T13:45:00.123456+05:30"), newYork = TimeFormat.detect("2005-02-10 13:45:00.123-05:00");
        assertEquals("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx@second@@@+05:30", india.pattern());
        assertEquals("2005-02-10T13:45:00.123456+05:30", india.format(india.parse("2005-02-10T13:45:00.123456+05:30")));
        assertEquals("2005-02-10 08:45:00.123-05:00", newYork.format(t + 0.123), "13:45:00.123 UTC at -05:00");
        assertEquals(utc, TimeFormat.detect("2005-02-10 13:45:00+00:00"), "+00:00 stores the pattern it always did");
        assertThrows(IllegalArgumentException.class, () -> TimeFormat.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx@second@@@+25:00"));
        assertThrows(IllegalArgumentException.class, () -> new TimeFormat(TimeForm.ISO_SECONDS_T, TimeFormat.Unit.SECOND, List.of(), TimeFormat.ALL_WEEKDAYS, ZoneOffset.ofHours(1)),
                "a form that writes no offset has none");
        TimeFormat month = TimeFormat.detect("1949-01");
        assertEquals("yyyy-MM", month.pattern());
        assertEquals(LocalDate.of(1949, 1, 1).toEpochDay(), month.parse("1949-01"));
        TimeFormat months = month.in(TimeFormat.Unit.MONTH);
        assertEquals((1949 - 1970) * 12 + 1, months.parse("1949-02"));
        assertEquals("1949-03", months.format((1949 - 1970) * 12 + 2.3));
        TimeFormat dotted = TimeFormat.detect("10.02.2005");
        assertEquals("d.M.yyyy", dotted.pattern());
        assertEquals(LocalDate.of(2005, 2, 10).toEpochDay(), dotted.parse("10.02.2005"));
        assertEquals("1.3.2005", dotted.format(LocalDate.of(2005, 3, 1).toEpochDay()));
        assertEquals("01.03.2005", dotted.written(true, false).format(LocalDate.of(2005, 3, 1).toEpochDay()));
        TimeFormat comma = TimeFormat.detect("Feb 10, 2005");
        assertEquals("MMM d, yyyy", comma.pattern());
        assertEquals(comma, TimeFormat.detect("February 10, 2005"), "a full name is read by the same form");
        assertEquals("March 1, 2005", comma.written(false, true).format(LocalDate.of(2005, 3, 1).toEpochDay()));
        TimeFormat ofDay = TimeFormat.detect("13:45");
        assertEquals("H:mm", ofDay.pattern());
        assertEquals(TimeFormat.Unit.MINUTE_OF_DAY, ofDay.unit());
        assertEquals(13 * 60 + 45, ofDay.parse("13:45"));
        assertEquals(9 * 60 + 5, ofDay.parse("09:05"));
        assertEquals("9:05", ofDay.format(9 * 60 + 5.3));
        assertEquals("09:05", ofDay.written(true, false).format(9 * 60 + 5.3));
        assertEquals("23:59", ofDay.format(1e6), "the day's last minute at most");
        assertFalse(ofDay.writtenAsNumber(), "text, unlike clock times hhmm");
        assertTrue(TimeFormat.clockTimes().writtenAsNumber());
        assertEquals(ofDay.written(true, false), TimeFormat.ofPattern("HH:mm"));
        TimeFormat seconds = TimeFormat.detect("13:45:07");
        assertEquals("H:mm:ss", seconds.pattern());
        assertEquals(13 * 60 + 45 + 7 / 60.0, seconds.parse("13:45:07"), 1e-12);
        assertEquals("09:05:07", seconds.written(true, false).format(9 * 60 + 5 + 7.2 / 60));
        assertEquals("23:59:59", seconds.format(1e6));
        for (String notOne : new String[]{"2005-13", "1.234.567", "31.02.2005", "3.14", "Feb 10 2005,", "2005-02-10 13:45:00.12", "10/02.2005", "24:00", "3:7", "12:345", "13:45:7", "13:61:00"})
            assertNull(TimeFormat.detect(notOne), notOne);
    }

    /**
     * More forms real files write that were left out as free text: a day of the week before the date
     * (Thu, 10 Feb 2005; HTTP's Thu, 10 Feb 2005 13:45:00 GMT), dotted dates year first (2005.02.10)
     * and gretl's year and month (1923:06).
     */
    @Test
    void weekdayDatesYearFirstDotsAndGretlMonthsAreTold() {
        long day = LocalDate.of(2005, 2, 10).toEpochDay(), march = LocalDate.of(2005, 3, 1).toEpochDay();
        TimeFormat weekday = TimeFormat.detect("Thu, 10 Feb 2005");
        assertEquals("EEE, d MMM yyyy", weekday.pattern());
        assertEquals(day, weekday.parse("Thu, 10 Feb 2005"));
        assertEquals(LocalDate.of(2005, 2, 3).toEpochDay(), weekday.parse("Thu, 03 Feb 2005"));
        assertEquals("Tue, 1 Mar 2005", weekday.format(march), "written with the date's own day of the week");
        assertEquals("Tue, 01 Mar 2005", weekday.written(true, false).format(march));
        assertEquals(weekday.written(true, false), TimeFormat.ofPattern("EEE, dd MMM yyyy"));
        TimeFormat http = TimeFormat.detect("Thu, 10 Feb 2005 13:45:00 GMT");
        assertEquals("EEE, dd MMM yyyy HH:mm:ss 'GMT'", http.pattern());
        double t = LocalDateTime.of(2005, 2, 10, 13, 45).toEpochSecond(ZoneOffset.UTC);
        assertEquals(t, http.parse("Thu, 10 Feb 2005 13:45:00 GMT"), 0);
        assertEquals("Tue, 01 Mar 2005 00:00:01 GMT", http.format(march * 86_400 + 0.8));
        TimeFormat yearDots = TimeFormat.detect("2005.02.10");
        assertEquals("yyyy.MM.dd", yearDots.pattern());
        assertEquals(day, yearDots.parse("2005.02.10"));
        assertEquals("2005.03.01", yearDots.format(march));
        TimeFormat gretl = TimeFormat.detect("1923:06");
        assertEquals("yyyy:MM", gretl.pattern());
        assertEquals(LocalDate.of(1923, 6, 1).toEpochDay(), gretl.parse("1923:06"));
        TimeFormat months = gretl.in(TimeFormat.Unit.MONTH);
        assertEquals((1923 - 1970) * 12 + 5, months.parse("1923:06"));
        assertEquals("1923:07", months.format((1923 - 1970) * 12 + 5.7));
        assertEquals(months, TimeFormat.ofPattern(months.pattern()));
        for (String notOne : new String[]{"Fri, 10 Feb 2005", "Thu, 30 Feb 2005", "Thu 10 Feb 2005", "Thu, 10 Feb 2005 13:45:00 CET", "Thu, 10 Feb 2005 13:45:00 +0100",
                "2005.2.10", "2005.13.01", "2005.02.10.1", "1923:13", "1923:6", "12:34:5"})
            assertNull(TimeFormat.detect(notOne), notOne);
    }

    /** A year's quarter (1974Q1) is its first day, learned in months and written back as the quarter; a month's name with dashes (Jan-1-1995) a date. */
    @Test
    void quartersAndMonthNamesWithDashesAreTold() {
        TimeFormat quarter = TimeFormat.detect("1974Q1"), dashed = TimeFormat.detect("Jan-1-1995");
        assertEquals("yyyy'Q'Q", quarter.pattern());
        assertEquals("MMM-d-yyyy", dashed.pattern());
        assertEquals(LocalDate.of(1974, 4, 1).toEpochDay(), quarter.parse("1974Q2"));
        TimeFormat months = quarter.in(TimeFormat.Unit.MONTH);
        assertEquals((1974 - 1970) * 12 + 9, months.parse("1974Q4"));
        assertEquals("1974Q4", months.format((1974 - 1970) * 12 + 10.2));   // November: the fourth quarter
        assertEquals("1975Q1", months.format((1975 - 1970) * 12 + 0.4));
        assertEquals(months, TimeFormat.ofPattern(months.pattern()));
        assertEquals("quarters like 2012Q1, learned as months since 1970-01", months.describeColumn());
        assertEquals("Feb-1-1995", dashed.in(TimeFormat.Unit.MONTH).format((1995 - 1970) * 12 + 1));
        for (String notOne : new String[]{"1974Q5", "1974Q0", "974Q1", "1974-Q1", "3974Q1", "Q11974", "Jan-32-1995", "Foo-1-1995"})
            assertNull(TimeFormat.detect(notOne), notOne);
    }

    /** Times that are dates at their month's time of day: stored with that clock, parsed at any of its hours, written at the month's. */
    @Test
    void datesWrittenAsTimesKeepTheirMonthsHour() {
        java.util.List<Integer> clock = java.util.List.of(28800, 28800, 28800, 25200, 25200, 25200, 25200, 25200, 25200, 25200, 28800, 28800);
        TimeFormat months = TimeFormat.detect("1854-04-01T07:00:00.000Z").dates(TimeFormat.Unit.MONTH, clock);
        assertEquals("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'@month@" + String.join(",", clock.stream().map(String::valueOf).toList()), months.pattern());
        assertEquals(months, TimeFormat.ofPattern(months.pattern()));
        assertFalse(NumberForm.isPattern(months.pattern()), "its clock's digits make no number form");
        assertEquals((1854 - 1970) * 12 + 3, months.parse("1854-04-01T07:00:00.000Z"));
        assertEquals((1854 - 1970) * 12 + 10, months.parse("1854-11-01T07:00:00.000Z"));   // either hour: summer time moves within a month
        assertThrows(java.time.format.DateTimeParseException.class, () -> months.parse("1854-04-01T09:00:00.000Z"));
        assertEquals("1854-11-01T08:00:00.000Z", months.format((1854 - 1970) * 12 + 10.3));
        assertEquals("1855-06-01T07:00:00.000Z", months.format((1855 - 1970) * 12 + 5));
        assertThrows(IllegalArgumentException.class, () -> TimeFormat.detect("2012-01-31").dates(TimeFormat.Unit.DAY, clock));
    }

    /** A column of monthly dates (the first of each) is learned in months, so a generated date is the first of one. */
    @Test
    void monthlyDatesAreLearnedAsMonths(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path p = dir.resolve("m.csv");
        StringBuilder text = new StringBuilder("month,x\n");
        for (int i = 0; i < 40; i++) text.append(LocalDate.of(2000, 1, 1).plusMonths(i)).append(',').append(i).append('\n');
        Files.writeString(p, text);
        Tables.Table t = Tables.read(p, java.util.List.of());
        assertEquals("yyyy-MM-dd@month", t.columns().textForms().get(0));
        assertEquals((2000 - 1970) * 12, t.rows().get(0, 0), 0.0);
        assertEquals("2003-04-01", t.columns().text(0, 399.4));
    }

    @Test
    void aCsvColumnOfTimesIsReadAsSecondsWrittenBackAndAWrongOneIsOneLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path p = dir.resolve("log.csv");
        StringBuilder text = new StringBuilder("at,value\n");
        for (int i = 0; i < 30; i++) text.append(String.format("2024-03-%02d 0%d:%02d,%d%n", 1 + i % 28, i % 10, (7 * i) % 60, i));
        Files.writeString(p, text);
        Tables.Table t = Tables.read(p, java.util.List.of());
        assertTrue(t.columns().isTime(0));
        assertEquals("yyyy-MM-dd HH:mm", t.columns().timeFormat(0).pattern());
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
        assertEquals(t.columns().textForms(), fromJson.columns().textForms());
        assertArrayEquals(t.rows().data, fromJson.rows().data, 0.0);
        // A later JSON record in another form: one line naming its line, the field and the form wanted.
        Path badJson = dir.resolve("bad.jsonl");
        Files.writeString(badJson, Files.readString(json) + "{\"at\":\"31/03/2024 10:00\",\"value\":31}\n");
        assertEquals(badJson + ":31: field at is not a time like 2012-01-31 14:05: '31/03/2024 10:00'",
                assertThrows(InputException.class, () -> Tables.read(badJson, java.util.List.of())).getMessage());
    }

    /** Days since 1970-01-01 of the dates from first on, every one of the ISO days of the week in days (1 Monday … 7 Sunday). */
    private static double[] datesOn(LocalDate first, int count, int... days) {
        double[] out = new double[count];
        LocalDate d = first;
        for (int i = 0; i < count; d = d.plusDays(1)) {
            int day = d.getDayOfWeek().getValue();
            if (java.util.Arrays.stream(days).anyMatch(k -> k == day)) out[i++] = d.toEpochDay();
        }
        return out;
    }

    @Test
    void aColumnOfTradingDaysKeepsItsWeekdaysAndWritesNoWeekend() {
        TimeFormat days = TimeFormat.detect("2012-01-31");
        TimeFormat trading = days.learnWeekdays(datesOn(LocalDate.of(2003, 1, 2), TimeFormat.WEEKDAY_EVIDENCE_ROWS, 1, 2, 3, 4, 5));
        assertEquals(0b0011111, trading.weekdays());
        assertEquals("yyyy-MM-dd@day@@12345", trading.pattern());
        assertEquals(trading, TimeFormat.ofPattern(trading.pattern()));
        // Saturday 2003-01-04 is written as Friday, Sunday as Monday; a weekday as itself.
        assertEquals("2003-01-03", trading.format(LocalDate.of(2003, 1, 4).toEpochDay()));
        assertEquals("2003-01-06", trading.format(LocalDate.of(2003, 1, 5).toEpochDay() + 0.2));
        assertEquals("2003-01-08", trading.format(LocalDate.of(2003, 1, 8).toEpochDay()));
        assertTrue(trading.describeColumn().endsWith("written on Mon, Tue, Wed, Thu, Fri only (no row falls on another day of the week)"), trading.describeColumn());
        // Weekly rows on Mondays: any generated day goes to the nearest Monday (Friday 3 days on, Thursday 3 back: the earlier).
        TimeFormat mondays = days.learnWeekdays(datesOn(LocalDate.of(2010, 1, 1), 100, 1));
        assertEquals("2010-01-04", mondays.format(LocalDate.of(2010, 1, 7).toEpochDay()));
        assertEquals("2010-01-11", mondays.format(LocalDate.of(2010, 1, 8).toEpochDay()));
    }

    @Test
    void weekdaysAreKeptOnlyOnEnoughRowsOverEnoughWeeksOfDays() {
        TimeFormat days = TimeFormat.detect("2012-01-31");
        // One row short of the evidence, or every day of the week present: unchanged.
        assertSame(days, days.learnWeekdays(datesOn(LocalDate.of(2003, 1, 2), TimeFormat.WEEKDAY_EVIDENCE_ROWS - 1, 1, 2, 3, 4, 5)));
        assertSame(days, days.learnWeekdays(datesOn(LocalDate.of(2003, 1, 2), 400, 1, 2, 3, 4, 5, 6, 7)));
        // 70 rows within four weeks (several a day) span too few weeks to say a day of the week is never taken.
        double[] crowded = new double[80];
        for (int i = 0; i < crowded.length; i++) crowded[i] = LocalDate.of(2003, 1, 6).toEpochDay() + (i % 5) + 7 * (i % 4);
        assertSame(days, days.learnWeekdays(crowded));
        // Missing values are skipped; months and years have no days of the week.
        double[] withGaps = datesOn(LocalDate.of(2003, 1, 2), 100, 1, 2, 3, 4, 5);
        withGaps[3] = Double.NaN;
        assertEquals(0b0011111, days.learnWeekdays(withGaps).weekdays());
        TimeFormat months = days.in(TimeFormat.Unit.MONTH);
        assertSame(months, months.learnWeekdays(datesOn(LocalDate.of(2003, 1, 2), 100, 1, 2, 3, 4, 5)));
        // A model file's pattern with a day that is none is refused; an old pattern keeps every day.
        assertThrows(IllegalArgumentException.class, () -> TimeFormat.ofPattern("yyyy-MM-dd@day@@128"));
        assertEquals(TimeFormat.ALL_WEEKDAYS, TimeFormat.ofPattern("yyyy-MM-dd").weekdays());
        assertThrows(IllegalArgumentException.class, () -> new TimeFormat(TimeForm.ISO_DATE, TimeFormat.Unit.MONTH, java.util.List.of(), 0b11111));
    }

    /** n clock times hhmm drawn over the day, minutes a multiple of step. */
    private static double[] clockTimes(int n, int step, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int minutes = step * rng.nextInt(24 * 60 / step);
            out[i] = minutes / 60 * 100 + minutes % 60;
        }
        return out;
    }

    @Test
    void integersThatAreClockTimesAreLearnedAsMinutesAndWrittenBackHhmm() {
        assertTrue(TimeFormat.isClockColumn(clockTimes(200, 1, 1)));
        assertTrue(TimeFormat.isClockColumn(clockTimes(200, 5, 2)), "scheduled times every five minutes");
        TimeFormat clock = TimeFormat.clockTimes();
        assertEquals("Hmm", clock.pattern());
        assertEquals(clock, TimeFormat.ofPattern("Hmm"));
        assertEquals(474, clock.parse("754"));
        assertEquals(474, TimeFormat.minutesOf(754));
        assertTrue(Double.isNaN(TimeFormat.minutesOf(Double.NaN)));
        assertThrows(java.time.format.DateTimeParseException.class, () -> clock.parse("1575"));
        assertThrows(java.time.format.DateTimeParseException.class, () -> clock.parse("noon"));
        // A generated value: the nearest minute, inside the day.
        assertEquals("754", clock.format(473.6));
        assertEquals("0", clock.format(-20));
        assertEquals("2359", clock.format(5000));
        assertEquals("clock times written as integers hhmm like 754, learned as minutes since midnight", clock.describeColumn());
        assertNull(TimeFormat.detect("754"), "never told from one value");
    }

    @Test
    void integersThatCouldBeSomethingElseAreNoClock() {
        double[] times = clockTimes(200, 1, 3);
        double[] late = times.clone();
        late[17] = 1575;                                  // one minute past 59
        assertFalse(TimeFormat.isClockColumn(late));
        double[] beyond = times.clone();
        beyond[3] = 2401;                                 // past the day
        assertFalse(TimeFormat.isClockColumn(beyond));
        double[] fraction = times.clone();
        fraction[5] = 754.5;
        assertFalse(TimeFormat.isClockColumn(fraction));
        // Too few values past the first hour, round hundreds and fifties, or two hours only: no evidence.
        double[] few = java.util.Arrays.copyOf(times, 60);
        assertFalse(TimeFormat.isClockColumn(few));
        double[] hundreds = new double[200], fifties = new double[200], twoHours = new double[200];
        for (int i = 0; i < 200; i++) {
            hundreds[i] = 100 * (i % 24);
            fifties[i] = 50 * (i % 48);
            twoHours[i] = 1000 + 100 * (i % 2) + i % 60;
        }
        assertFalse(TimeFormat.isClockColumn(hundreds));
        assertFalse(TimeFormat.isClockColumn(fifties));
        assertFalse(TimeFormat.isClockColumn(twoHours));
        // Missing values are skipped.
        double[] gaps = times.clone();
        gaps[0] = Double.NaN;
        assertTrue(TimeFormat.isClockColumn(gaps));
    }
}
