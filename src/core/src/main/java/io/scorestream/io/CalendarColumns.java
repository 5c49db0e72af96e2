package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A date written as columns: a year, a month and a day of the month (births by day, flights,
 * weather logs), and perhaps the day of the week. Learned as numbers, such columns came back as
 * dates that do not exist (30 February: 33 of 2 000 generated rows of SSA's births) and a day of
 * the week unrelated to the date (about six in seven). Every generated row is now a date: a day
 * past its month's end is the month's last, and where the data holds a day-of-week column that
 * matches the date in every row, the date moves to the nearest one with the generated day of the
 * week (at most three days; within the year). The day of the week is kept rather than derived: a
 * quantity that follows it (births are fewer at weekends) is learned beside it, not beside the date.
 *
 * <p>The columns are found by their names (a year, a month and a day column, one each; the month
 * and day without a year check against a leap year) and by their values: whole numbers that form a
 * valid date in every row. What was found is kept in the day column's text form
 * ({@code calendar:year,month,weekday,convention}), so model files keep their layout.
 */
public final class CalendarColumns {
    /** The text form's prefix on the day column. */
    public static final String FORM_PREFIX = "calendar:";

    private static final Set<String> YEAR = Set.of("year", "yr", "yyyy", "years");
    private static final Set<String> MONTH = Set.of("month", "mon", "mo", "mm", "mnth");
    private static final Set<String> DAY = Set.of("day", "dd", "mday", "dom", "date", "dateofmonth", "dayofmonth");
    /** The year of a month and day without a year: a leap year, so 29 February is a date. */
    private static final int LEAP_YEAR = 2000;
    /** Rows a day-of-week column must match, and values it must take, to be read as one. */
    private static final int MIN_WEEKDAY_ROWS = 14, MIN_WEEKDAY_VALUES = 3;

    private CalendarColumns() {}

    /** How a day of the week is numbered. */
    public enum Weekdays {
        MONDAY_1("1 = Monday"), SUNDAY_1("1 = Sunday"), SUNDAY_0("0 = Sunday"), MONDAY_0("0 = Monday");

        private final String spelling;

        Weekdays(String spelling) { this.spelling = spelling; }

        /** "1 = Monday", for messages. */
        String spelling() { return spelling; }

        int number(DayOfWeek day) {
            int iso = day.getValue();   // 1 = Monday .. 7 = Sunday
            return switch (this) {
                case MONDAY_1 -> iso;
                case SUNDAY_1 -> iso % 7 + 1;
                case SUNDAY_0 -> iso % 7;
                case MONDAY_0 -> iso - 1;
            };
        }

        /** The day a number stands for, the nearest in range for one past either end. */
        DayOfWeek day(double value) {
            int low = this == MONDAY_1 || this == SUNDAY_1 ? 1 : 0;
            int v = (int) Math.max(low, Math.min(low + 6, Math.round(value)));
            for (DayOfWeek d : DayOfWeek.values()) if (number(d) == v) return d;
            throw new IllegalStateException();
        }
    }

    /** Column indices (−1: none) of a calendar; the day and month always, the year and day of the week where present. */
    public record Calendar(int year, int month, int day, int weekday, Weekdays numbering) {
        String form() { return FORM_PREFIX + year + "," + month + "," + weekday + "," + (numbering == null ? "" : numbering.name()); }

        /** "year, month and date_of_month are a date; day_of_week is its day of the week (1 = Monday)". */
        public String describe(List<String> names) {
            String parts = (year >= 0 ? names.get(year) + ", " : "") + names.get(month) + " and " + names.get(day);
            return parts + (year >= 0 ? " are a date" : " are a day of the year")
                    + (weekday >= 0 ? "; " + names.get(weekday) + " is its day of the week (" + numbering.spelling + ")" : "")
                    + ": every generated row is a date" + (weekday >= 0 ? " on its day of the week" : "");
        }
    }

    /** The calendar among the named columns, or null. */
    public static Calendar find(DMatrixRMaj rows, RecordSchema columns) {
        if (!columns.named() || rows.numRows == 0) return null;
        int year = unique(columns, Role.YEAR), month = unique(columns, Role.MONTH), day = unique(columns, Role.DAY);
        if (month < 0 || day < 0 || year == -2) return null;
        for (int j : new int[]{year, month, day}) if (j >= 0 && !plainWholeNumbers(rows, columns, j)) return null;
        for (int i = 0; i < rows.numRows; i++) {
            double y = year >= 0 ? rows.unsafe_get(i, year) : LEAP_YEAR, m = rows.unsafe_get(i, month), d = rows.unsafe_get(i, day);
            if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > LocalDate.of((int) y, (int) m, 1).lengthOfMonth()) return null;
        }
        if (year < 0) return new Calendar(-1, month, day, -1, null);
        for (int w = 0; w < rows.numCols; w++) {
            if (w == year || w == month || w == day || rows.numRows < MIN_WEEKDAY_ROWS || !plainWholeNumbers(rows, columns, w)) continue;
            for (Weekdays numbering : Weekdays.values())
                if (matches(rows, year, month, day, w, numbering)) return new Calendar(year, month, day, w, numbering);
        }
        return new Calendar(year, month, day, -1, null);
    }

    private enum Role { YEAR, MONTH, DAY }

    /** What a column's name says it holds: a day (date_of_month before month), a month, a year; null for none or a day of the week. */
    private static Role role(String columnName) {
        String name = columnName.toLowerCase(Locale.ROOT), flat = name.replaceAll("[^a-z]", "");
        if (name.contains("week") || name.contains("dow") || name.contains("wday")) return null;
        Set<String> words = new java.util.HashSet<>(List.of(name.split("[^a-z]+")));   // "c_c": a word may repeat
        if (DAY.contains(flat) || words.stream().anyMatch(DAY::contains)) return Role.DAY;
        if (MONTH.contains(flat) || words.stream().anyMatch(MONTH::contains)) return Role.MONTH;
        if (YEAR.contains(flat) || words.stream().anyMatch(YEAR::contains)) return Role.YEAR;
        return null;
    }

    /** The one column whose name says it holds the role; −1 for none, −2 for several. */
    private static int unique(RecordSchema columns, Role wanted) {
        int found = -1;
        for (int j = 0; j < columns.names().size(); j++) {
            if (role(columns.names().get(j)) != wanted) continue;
            if (found >= 0) return -2;
            found = j;
        }
        return found;
    }

    private static boolean plainWholeNumbers(DMatrixRMaj rows, RecordSchema columns, int j) {
        if (columns.isCategorical(j) || !columns.textForms().isEmpty() && !columns.textForms().get(j).isEmpty()) return false;
        for (int i = 0; i < rows.numRows; i++) if (rows.unsafe_get(i, j) != Math.rint(rows.unsafe_get(i, j))) return false;
        return true;
    }

    private static boolean matches(DMatrixRMaj rows, int year, int month, int day, int weekday, Weekdays numbering) {
        java.util.BitSet seen = new java.util.BitSet();
        for (int i = 0; i < rows.numRows; i++) {
            LocalDate date = LocalDate.of((int) rows.unsafe_get(i, year), (int) rows.unsafe_get(i, month), (int) rows.unsafe_get(i, day));
            double w = rows.unsafe_get(i, weekday);
            if (w != numbering.number(date.getDayOfWeek())) return false;
            seen.set((int) w);
        }
        return seen.cardinality() >= MIN_WEEKDAY_VALUES;
    }

    /** The columns with the calendar kept in its day column's text form. */
    public static RecordSchema marked(RecordSchema columns, Calendar calendar) { return columns.withTextForm(calendar.day(), calendar.form()); }

    /** Days from a day of the week to the nearest wanted one: −3 … 3. */
    static int nearestShift(DayOfWeek from, DayOfWeek wanted) {
        int ahead = Math.floorMod(wanted.getValue() - from.getValue(), 7);
        return ahead > 3 ? ahead - 7 : ahead;
    }

    /** The same day of the week the other way: a week less for a shift ahead, a week more for one back. */
    static int otherWay(int shift) { return shift > 0 ? shift - 7 : shift + 7; }

    /** Whether a text form is a calendar's. */
    static boolean isForm(String form) { return form.startsWith(FORM_PREFIX); }

    /** The calendar the columns keep, or null. */
    public static Calendar of(RecordSchema columns) {
        for (int j = 0; j < columns.textForms().size(); j++) {
            String form = columns.textForms().get(j);
            if (!isForm(form)) continue;
            String[] p = form.substring(FORM_PREFIX.length()).split(",", -1);
            if (p.length != 4) throw new IllegalArgumentException("bad calendar form '" + form + "'");
            try {
                int year = Integer.parseInt(p[0]), month = Integer.parseInt(p[1]), weekday = Integer.parseInt(p[2]);
                return new Calendar(year, month, j, weekday, p[3].isEmpty() ? null : Weekdays.valueOf(p[3]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad calendar form '" + form + "'");
            }
        }
        return null;
    }

    /** Checks a calendar form against the columns (the constructor of {@link RecordSchema}). */
    static void check(String form, int column, int columns) {
        String[] p = form.substring(FORM_PREFIX.length()).split(",", -1);
        boolean ok = p.length == 4;
        try {
            for (int k = 0; ok && k < 3; k++) {
                int j = Integer.parseInt(p[k]);
                ok = j >= (k == 1 ? 0 : -1) && j < columns && j != column;
            }
            if (ok && !p[3].isEmpty()) Weekdays.valueOf(p[3]);
            ok &= p[3].isEmpty() == p[2].equals("-1");
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) throw new IllegalArgumentException("bad calendar form '" + form + "' on column " + (column + 1));
    }

    /**
     * Puts every row's year, month and day on a date, on its day of the week where the calendar
     * has one (the values already whole numbers in their columns' ranges); returns the rows moved.
     */
    public static int keep(DMatrixRMaj rows, Calendar c) {
        int moved = 0;
        for (int i = 0; i < rows.numRows; i++) {
            int y = c.year() >= 0 ? (int) Math.max(1, Math.min(9999, Math.round(rows.unsafe_get(i, c.year())))) : LEAP_YEAR;
            int m = (int) Math.max(1, Math.min(12, Math.round(rows.unsafe_get(i, c.month()))));
            int length = LocalDate.of(y, m, 1).lengthOfMonth();
            int d = (int) Math.max(1, Math.min(length, Math.round(rows.unsafe_get(i, c.day()))));
            LocalDate date = LocalDate.of(y, m, d);
            if (c.weekday() >= 0) {
                int shift = nearestShift(date.getDayOfWeek(), c.numbering().day(rows.unsafe_get(i, c.weekday())));
                LocalDate nearest = date.plusDays(shift);
                date = nearest.getYear() == y ? nearest : date.plusDays(otherWay(shift));
            }
            boolean changed = date.getMonthValue() != rows.unsafe_get(i, c.month()) || date.getDayOfMonth() != rows.unsafe_get(i, c.day())
                    || c.year() >= 0 && date.getYear() != rows.unsafe_get(i, c.year());
            if (!changed) continue;
            moved++;
            if (c.year() >= 0) rows.unsafe_set(i, c.year(), date.getYear());
            rows.unsafe_set(i, c.month(), date.getMonthValue());
            rows.unsafe_set(i, c.day(), date.getDayOfMonth());
        }
        return moved;
    }
}
