package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CalendarColumnsTest {
    private static final List<String> BIRTHS = List.of("year", "month", "date_of_month", "day_of_week", "births");

    /** Every day from 2000-01-01 on, its ISO day of the week (1 = Monday) or Sunday-0 numbering, and a count. */
    private static DMatrixRMaj days(int n, boolean sundayZero) {
        DMatrixRMaj rows = new DMatrixRMaj(n, 5);
        LocalDate day = LocalDate.of(2000, 1, 1);
        for (int i = 0; i < n; i++, day = day.plusDays(1)) {
            int iso = day.getDayOfWeek().getValue();
            rows.set(i, 0, day.getYear());
            rows.set(i, 1, day.getMonthValue());
            rows.set(i, 2, day.getDayOfMonth());
            rows.set(i, 3, sundayZero ? iso % 7 : iso);
            rows.set(i, 4, 8000 + 37 * i % 1000);
        }
        return rows;
    }

    @Test
    void aDateWrittenAsColumnsIsFoundWithItsDayOfTheWeek() {
        RecordSchema columns = RecordSchema.named(RecordSchema.Format.CSV, BIRTHS);
        assertEquals(new CalendarColumns.Calendar(0, 1, 2, 3, CalendarColumns.Weekdays.MONDAY_1), CalendarColumns.find(days(60, false), columns));
        assertEquals(new CalendarColumns.Calendar(0, 1, 2, 3, CalendarColumns.Weekdays.SUNDAY_0), CalendarColumns.find(days(60, true), columns));
        assertEquals("year, month and date_of_month are a date; day_of_week is its day of the week (1 = Monday): every generated row is a date on its day of the week",
                CalendarColumns.find(days(60, false), columns).describe(BIRTHS));
    }

    @Test
    void aDayOfTheWeekThatDoesNotFollowTheDateIsNotOne() {
        DMatrixRMaj rows = days(60, false);
        rows.set(10, 3, rows.get(10, 3) % 7 + 1);
        assertEquals(new CalendarColumns.Calendar(0, 1, 2, -1, null), CalendarColumns.find(rows, RecordSchema.named(RecordSchema.Format.CSV, BIRTHS)));
    }

    @Test
    void columnsThatAreNoDateInSomeRowOrNamedTwiceAreNone() {
        DMatrixRMaj rows = days(60, false);
        rows.set(5, 2, 31);   // 6 January becomes 31 January: still a date
        assertNotNull(CalendarColumns.find(rows, RecordSchema.named(RecordSchema.Format.CSV, BIRTHS)));
        rows.set(40, 2, 30);  // a row of February: 30 February
        assertNull(CalendarColumns.find(rows, RecordSchema.named(RecordSchema.Format.CSV, BIRTHS)));
        assertNull(CalendarColumns.find(days(60, false), RecordSchema.named(RecordSchema.Format.CSV, List.of("year", "month", "day", "weekday", "year_2"))),
                "two year columns: which one is the date's is not guessed");
        assertNull(CalendarColumns.find(days(60, false), RecordSchema.unnamed(RecordSchema.Format.CSV)));
        assertNull(CalendarColumns.find(days(60, false), RecordSchema.named(RecordSchema.Format.CSV, List.of("c_c", "a_a", "b", "d", "e"))),
                "names whose words repeat are no calendar, and no error");
    }

    @Test
    void aMonthAndDayWithoutAYearAreKeptOnALeapYear() {
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{{20.5, 5, 1}, {31.2, 9, 30}, {12.0, 2, 29}});
        CalendarColumns.Calendar c = CalendarColumns.find(rows, RecordSchema.named(RecordSchema.Format.CSV, List.of("Ozone", "Month", "Day")));
        assertEquals(new CalendarColumns.Calendar(-1, 1, 2, -1, null), c);
        DMatrixRMaj generated = new DMatrixRMaj(new double[][]{{1, 2, 30}, {2, 4, 31}, {3, 6, 30}, {4, 2, 29}});
        assertEquals(2, CalendarColumns.keep(generated, c));
        assertArrayEquals(new double[]{1, 2, 29, 2, 4, 30, 3, 6, 30, 4, 2, 29}, generated.data);
    }

    @Test
    void aGeneratedRowMovesToTheNearestDateOnItsDayOfTheWeekWithinItsYear() {
        CalendarColumns.Calendar c = new CalendarColumns.Calendar(0, 1, 2, 3, CalendarColumns.Weekdays.MONDAY_1);
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{
                {2001, 2, 30, 3, 1},    // 30 February 2001 -> 28 February (a Wednesday): already day 3
                {2014, 12, 31, 6, 1},   // Wednesday 31 December 2014, asked for a Saturday: 3 days on is 2015, so 4 back
                {2000, 1, 1, 1, 1},     // Saturday 1 January 2000, asked for a Monday: 2 days on
                {2000, 3, 15, 3, 1}});  // Wednesday 15 March 2000: unchanged
        assertEquals(3, CalendarColumns.keep(rows, c));
        assertArrayEquals(new double[]{2001, 2, 28, 3, 1}, row(rows, 0));
        assertArrayEquals(new double[]{2014, 12, 27, 6, 1}, row(rows, 1));
        assertArrayEquals(new double[]{2000, 1, 3, 1, 1}, row(rows, 2));
        assertArrayEquals(new double[]{2000, 3, 15, 3, 1}, row(rows, 3));
    }

    @Test
    void theModelFileKeepsTheCalendarAndABadOneIsRefused() throws IOException {
        RecordSchema columns = RecordSchema.named(RecordSchema.Format.CSV, BIRTHS);
        CalendarColumns.Calendar c = CalendarColumns.find(days(60, true), columns);
        RecordSchema marked = CalendarColumns.marked(columns, c);
        assertFalse(marked.isTime(2) || marked.hasNumberForm(2), "the day column is still a plain number");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        marked.write(new DataOutputStream(bytes));
        RecordSchema read = RecordSchema.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(c, CalendarColumns.of(read));
        assertEquals("", OneHotColumns.expanded(marked).textForms().isEmpty() ? "" : OneHotColumns.expanded(marked).textForms().get(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecordSchema(RecordSchema.Format.CSV, BIRTHS, "", List.of(), List.of("", "", "calendar:0,9,-1,", "", "")));
        assertEquals("bad calendar form 'calendar:0,9,-1,' on column 3", e.getMessage());
    }

    private static double[] row(DMatrixRMaj m, int i) {
        double[] r = new double[m.numCols];
        for (int j = 0; j < r.length; j++) r[j] = m.get(i, j);
        return r;
    }
}
