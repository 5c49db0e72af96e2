package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * A day of the week written beside a column of dates: a name (observable's pizza sales,
 * {@code 2020-01-01, Wednesday}) or a number (UCI's bike sharing, {@code weekday} 0–6 beside
 * {@code dteday}). Learned apart, the generated name matched the generated date in about one row
 * in seven. As with a date written as columns ({@link CalendarColumns}), the day of the week is kept
 * and the date moves to the nearest date on it (at most three days), so a quantity that follows the
 * day of the week stays with it.
 *
 * <p>Found by values, not names: a column of English day names (Monday or Mon, any case) or whole
 * numbers in one of four numberings that is the date's day of the week in every row, over at least
 * 14 rows and three days. Kept in that column's text form ({@code weekday-of:D,NUMBERING}).
 */
public final class WeekdayColumns {
    /** The text form's prefix on the day-of-the-week column. */
    public static final String FORM_PREFIX = "weekday-of:";
    /** The numbering of a column of day names. */
    private static final String NAMES = "NAMES";
    private static final int MIN_ROWS = 14, MIN_DAYS = 3;
    /** Days from 1970 within LocalDate's years (±999 999 999 years is far wider; this is ±2.7 million years). */
    private static final double MAX_DAYS = 1e9;

    private WeekdayColumns() {}

    /** Column weekday is the day of the week of column date (in days since 1970), numbered so (null: by English names). */
    public record Link(int date, int weekday, CalendarColumns.Weekdays numbering) {
        String form() { return FORM_PREFIX + date + "," + (numbering == null ? NAMES : numbering.name()); }

        public String describe(List<String> names) {
            return names.get(weekday) + " is the day of the week of " + names.get(date)
                    + (numbering == null ? "" : " (" + numbering.spelling() + ")") + ": every generated date is on its day of the week";
        }
    }

    /** The first day-of-the-week column of a column of dates, or null. */
    public static Link find(DMatrixRMaj rows, RecordSchema columns) {
        if (!columns.named() || rows.numRows < MIN_ROWS) return null;
        for (int d = 0; d < rows.numCols; d++) {
            if (!columns.isTime(d) || columns.timeFormat(d).unit() != TimeFormat.Unit.DAY) continue;
            for (int w = 0; w < rows.numCols; w++) {
                if (w == d || !columns.textForms().isEmpty() && !columns.textForms().get(w).isEmpty()) continue;
                if (columns.isCategorical(w)) {
                    DayOfWeek[] days = days(columns.labelsOf(w));
                    if (days != null && matches(rows, d, w, null, days)) return new Link(d, w, null);
                } else {
                    for (CalendarColumns.Weekdays numbering : CalendarColumns.Weekdays.values())
                        if (matches(rows, d, w, numbering, null)) return new Link(d, w, numbering);
                }
            }
        }
        return null;
    }

    /** Per label its day of the week, or null unless every label is an English day's name or its three letters. */
    static DayOfWeek[] days(List<String> labels) {
        DayOfWeek[] days = new DayOfWeek[labels.size()];
        for (int i = 0; i < days.length; i++) {
            String label = labels.get(i).strip();
            for (DayOfWeek day : DayOfWeek.values())
                if (label.equalsIgnoreCase(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH)) || label.equalsIgnoreCase(day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)))
                    days[i] = day;
            if (days[i] == null) return null;
        }
        return days;
    }

    private static boolean matches(DMatrixRMaj rows, int date, int weekday, CalendarColumns.Weekdays numbering, DayOfWeek[] days) {
        java.util.EnumSet<DayOfWeek> seen = java.util.EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < rows.numRows; i++) {
            double t = rows.unsafe_get(i, date), w = rows.unsafe_get(i, weekday);
            if (t != Math.rint(t) || w != Math.rint(w) || !(Math.abs(t) < MAX_DAYS)) return false;
            DayOfWeek day = LocalDate.ofEpochDay((long) t).getDayOfWeek();
            if (days != null ? days[(int) w] != day : w != numbering.number(day)) return false;
            seen.add(day);
        }
        return seen.size() >= MIN_DAYS;
    }

    /** The columns with the link kept in the day-of-the-week column's text form. */
    public static RecordSchema marked(RecordSchema columns, Link link) { return columns.withTextForm(link.weekday(), link.form()); }

    static boolean isForm(String form) { return form.startsWith(FORM_PREFIX); }

    /** The link the columns keep, or null. */
    public static Link of(RecordSchema columns) {
        for (int j = 0; j < columns.textForms().size(); j++)
            if (isForm(columns.textForms().get(j))) return parse(columns.textForms().get(j), j, columns.textForms().size());
        return null;
    }

    /** The form's link, checked against the columns' count; an IllegalArgumentException for a bad one. */
    static Link parse(String form, int column, int columns) {
        String[] p = form.substring(FORM_PREFIX.length()).split(",", -1);
        try {
            int date = Integer.parseInt(p[0]);
            if (p.length != 2 || date < 0 || date >= columns || date == column) throw new IllegalArgumentException();
            return new Link(date, column, p[1].equals(NAMES) ? null : CalendarColumns.Weekdays.valueOf(p[1]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad day-of-the-week form '" + form + "' on column " + (column + 1));
        }
    }

    /**
     * Moves every row's date to the nearest date on its day of the week (at most three days), the
     * other way where that would leave the column's range [lower, upper]; returns the rows moved.
     */
    public static int keep(DMatrixRMaj rows, Link link, RecordSchema columns, double lower, double upper) {
        DayOfWeek[] days = link.numbering() == null ? days(columns.labelsOf(link.weekday())) : null;
        int moved = 0;
        for (int i = 0; i < rows.numRows; i++) {
            if (!(Math.abs(rows.unsafe_get(i, link.date())) < MAX_DAYS)) continue;   // no date (raw values, --column-types none)
            long day = Math.round(rows.unsafe_get(i, link.date()));
            double w = rows.unsafe_get(i, link.weekday());
            DayOfWeek wanted = days != null ? days[RecordSchema.nearestIndex(w, days.length)] : link.numbering().day(w);
            int shift = CalendarColumns.nearestShift(LocalDate.ofEpochDay(day).getDayOfWeek(), wanted);
            if (day + shift < lower || day + shift > upper) shift = CalendarColumns.otherWay(shift);
            if (shift == 0 || day + shift < lower || day + shift > upper) continue;
            rows.unsafe_set(i, link.date(), day + shift);
            moved++;
        }
        return moved;
    }
}
