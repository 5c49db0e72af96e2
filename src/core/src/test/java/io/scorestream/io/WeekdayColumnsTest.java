package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WeekdayColumnsTest {
    private static final List<String> NAMES = List.of("Friday", "Monday", "Saturday", "Sunday", "Thursday", "Tuesday", "Wednesday");

    /** Days from 2020-01-01 (a Wednesday) as days since 1970, with their names' indices and a 0 = Sunday number. */
    private static DMatrixRMaj days(int n) {
        DMatrixRMaj rows = new DMatrixRMaj(n, 3);
        for (int i = 0; i < n; i++) {
            LocalDate day = LocalDate.of(2020, 1, 1).plusDays(i);
            rows.set(i, 0, day.toEpochDay());
            rows.set(i, 1, NAMES.indexOf(day.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)));
            rows.set(i, 2, day.getDayOfWeek().getValue() % 7);
        }
        return rows;
    }

    private static RecordSchema columns(List<String> weekdayLabels) {
        return RecordSchema.named(RecordSchema.Format.CSV, List.of("date", "day", "weekday"))
                .withLabels(List.of(List.of(), weekdayLabels, List.of())).withTextForms(List.of("yyyy-MM-dd", "", ""));
    }

    @Test
    void aColumnOfDayNamesBesideDatesIsFoundAndANumberedOneToo() {
        assertEquals(new WeekdayColumns.Link(0, 1, null), WeekdayColumns.find(days(20), columns(NAMES)));
        DMatrixRMaj rows = days(20);
        rows.set(3, 1, 0);   // one row's name off its date: the names are not the date's
        assertEquals(new WeekdayColumns.Link(0, 2, CalendarColumns.Weekdays.SUNDAY_0), WeekdayColumns.find(rows, columns(NAMES)));
        assertNull(WeekdayColumns.find(days(10), columns(NAMES)), "fewer than 14 rows");
        assertNull(WeekdayColumns.find(days(20), RecordSchema.named(RecordSchema.Format.CSV, List.of("date", "day", "weekday"))), "no column of dates");
        assertNull(WeekdayColumns.days(List.of("Mon", "Tue", "Holiday")));
        assertNotNull(WeekdayColumns.days(List.of("FRI", "mon", "Sat")));
    }

    @Test
    void aGeneratedDateMovesToItsDayOfTheWeekWithinTheColumnsRange() {
        RecordSchema columns = WeekdayColumns.marked(columns(NAMES), new WeekdayColumns.Link(0, 1, null));
        WeekdayColumns.Link link = WeekdayColumns.of(columns);
        assertEquals(new WeekdayColumns.Link(0, 1, null), link);
        long wednesday = LocalDate.of(2020, 1, 1).toEpochDay();
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{
                {wednesday + 7, NAMES.indexOf("Friday"), 0},     // two days on
                {wednesday + 7, NAMES.indexOf("Sunday"), 0},     // three back (Sunday the 5th), not four on
                {wednesday, NAMES.indexOf("Monday"), 0},         // two back would leave the range: five on
                {wednesday + 3, NAMES.indexOf("Saturday"), 0}}); // already a Saturday
        assertEquals(3, WeekdayColumns.keep(rows, link, columns, wednesday, wednesday + 100));
        DMatrixRMaj raw = new DMatrixRMaj(new double[][]{{1e15, 0, 0}});
        assertEquals(0, WeekdayColumns.keep(raw, link, columns, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), "a value no date is left alone");
        assertEquals(wednesday + 9, rows.get(0, 0));
        assertEquals(wednesday + 4, rows.get(1, 0));
        assertEquals(wednesday + 5, rows.get(2, 0));
        assertEquals(wednesday + 3, rows.get(3, 0));
        assertTrue(columns.isCategorical(1) && !columns.isTime(1), "the names are still labels");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> columns(NAMES).withTextForms(List.of("yyyy-MM-dd", "weekday-of:1,NAMES", "")));
        assertEquals("bad day-of-the-week form 'weekday-of:1,NAMES' on column 2", e.getMessage());
    }
}
