package io.scorestream.io;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * How a column of dates or times is written, and the number it is learned as. Only forms whose
 * day and month cannot be mistaken are read: ISO 8601's ({@code 2012-01-31}, {@code 2012-01-31
 * 14:05}, {@code 2012-01-31T14:05:09}, a trailing {@code Z}), the same with slashes year first
 * ({@code 2015/01/31 01:00:00}), an English month's name ({@code Jan 31 2012}, {@code Jan-1-1995}),
 * ISO 8601's basic form ({@code 20120131}, in a CSV column of nothing else: {@link #compactDate}),
 * a year's quarter ({@code 1974Q1}, as pandas writes a quarterly period: its first day), Excel's
 * day, month name and two-digit year ({@code 19-Sep-03}), a day before a month's name
 * ({@code 10 Feb 2005}, {@code 10 February 2005}, {@code 10-Feb-2005}) or after it with a comma
 * ({@code Feb 10, 2005}), dotted dates day first ({@code 10.02.2005}: no country writes the month
 * first with dots) or year first ({@code 2005.02.10}), a day of the week before the date
 * ({@code Thu, 10 Feb 2005}, HTTP's {@code Thu, 10 Feb 2005 13:45:00 GMT}), a year and a month
 * ({@code 1949-01}, gretl's {@code 1923:06}) and fractions of a second to the
 * millisecond or microsecond ({@code 2005-02-10 13:45:00.123456}, as pandas writes them); slashed dates ({@code 01/31/2015}) only
 * the way round their whole column shows, never {@code 01/02/2012} from one value. A date is
 * learned as its day number since 1970-01-01, so a column of days is an integer column; a column
 * whose dates are all the first of a month as months since 1970-01 (monthly data: months are not
 * all as long, so days would put generated dates between them),
 * all the first of January as the year; a date with a time as seconds since 1970-01-01T00:00 read
 * as UTC, or the instant a time written with an offset from UTC names (no zone is guessed: what is written is what is read back). A generated value is written
 * back in the column's form at its unit (the nearest day, month, year, minute or second). The
 * forms themselves, and what a column must show to be told each, are {@link TimeForm}.
 *
 * <p>Times that are dates at one time of day ({@code 1854-04-01T07:00:00.000Z}, as JavaScript
 * writes a local midnight into JSON, the hour moving with summer time; pandas' midnight
 * {@code 2012-01-31T00:00:00.000}) are learned as dates, in days, months or years, and written
 * back at their month's time of day: the {@code clock}.
 *
 * @param form how the text is written
 * @param unit what one step of the learned number is
 * <p>A column of dates in days whose rows never fall on some days of the week (trading days: no
 * Saturday or Sunday in a year of prices) keeps those {@link #weekdays}: a generated date on another
 * day is written as the nearest day the column has ({@link #learnWeekdays}).
 *
 * @param clock for a form with a time learned as dates, the time of day (seconds) each month of
 *     the year (January first) is written at; else empty
 * @param weekdays the days of the week a date in days is written on, bit i for ISO day i + 1
 *     (Monday bit 0); {@link #ALL_WEEKDAYS} for any
 * @param offset for a form that writes an offset from UTC ({@link TimeForm#hasOffset}), the one
 *     a generated time is written at: the column's first value's (its texts are read at their
 *     own); else UTC
 */
public record TimeFormat(TimeForm form, Unit unit, List<Integer> clock, int weekdays, ZoneOffset offset) {

    /** One step of the number a column's dates or times are learned as. */
    public enum Unit { DAY, MONTH, YEAR, SECOND, MINUTE_OF_DAY }

    /** Every day of the week. */
    public static final int ALL_WEEKDAYS = 0x7F;
    /**
     * Rows of a column of dates in days before a day of the week it never holds is taken as one it
     * cannot hold: with 70 rows spread over the week a day gets none by chance with probability
     * (6/7)⁷⁰ ≈ 2·10⁻⁵.
     */
    static final int WEEKDAY_EVIDENCE_ROWS = 70;
    /** Weeks the dates must span: a month of daily rows can miss a weekday by its ends alone. */
    static final int WEEKDAY_EVIDENCE_WEEKS = 5;

    public TimeFormat {
        clock = clock == null ? List.of() : List.copyOf(clock);
        offset = offset == null ? ZoneOffset.UTC : offset;
        if (!offset.equals(ZoneOffset.UTC) && !form.hasOffset()) throw new IllegalArgumentException(form.pattern + " writes no offset, not " + offset);
        if (weekdays < 1 || weekdays > ALL_WEEKDAYS) throw new IllegalArgumentException("weekday set " + weekdays + " is not a non-empty set of days");
        if (weekdays != ALL_WEEKDAYS && unit != Unit.DAY) throw new IllegalArgumentException("only dates in days keep days of the week, not " + unit);
        boolean dates = !clock.isEmpty();
        if (dates && (form.dateOnly() || clock.size() != 12)) throw new IllegalArgumentException(form.pattern + " has no clock of " + clock.size());
        if (form.ofDay() != (unit == Unit.MINUTE_OF_DAY) || (form.ofDay() && dates)
                || (!form.ofDay() && (unit == Unit.SECOND) == (form.dateOnly() || dates)))
            throw new IllegalArgumentException(form.pattern + " is not learned in " + unit);
    }

    public TimeFormat(TimeForm form, Unit unit, List<Integer> clock, int weekdays) { this(form, unit, clock, weekdays, ZoneOffset.UTC); }

    public TimeFormat(TimeForm form, Unit unit, List<Integer> clock) { this(form, unit, clock, ALL_WEEKDAYS); }

    public TimeFormat(TimeForm form, Unit unit) { this(form, unit, List.of()); }

    /** The same form keeping only these days of the week (bit i: ISO day i + 1). */
    public TimeFormat onWeekdays(int days) { return new TimeFormat(form, unit, clock, days, offset); }

    /** The same form writing generated times at this offset from UTC. */
    public TimeFormat at(ZoneOffset writtenAt) { return new TimeFormat(form, unit, clock, weekdays, writtenAt); }

    /**
     * The form with the days of the week a column of dates in days holds, where the rows say the
     * others never occur: at least {@value #WEEKDAY_EVIDENCE_ROWS} dates spanning
     * {@value #WEEKDAY_EVIDENCE_WEEKS} weeks, and some day of the week on none of them. Else this.
     *
     * @param days the column's values, days since 1970-01-01 (NaN: missing, skipped)
     */
    public TimeFormat learnWeekdays(double[] days) {
        if (unit != Unit.DAY) return this;
        int rows = 0, seen = 0;
        double first = Double.POSITIVE_INFINITY, last = Double.NEGATIVE_INFINITY;
        for (double v : days) {
            if (Double.isNaN(v)) continue;
            rows++;
            first = Math.min(first, v);
            last = Math.max(last, v);
            seen |= 1 << (dayOfWeek(Math.round(v)) - 1);
        }
        if (rows < WEEKDAY_EVIDENCE_ROWS || last - first < 7.0 * WEEKDAY_EVIDENCE_WEEKS || seen == ALL_WEEKDAYS) return this;
        return onWeekdays(seen);
    }

    /** ISO day of the week (Monday 1 … Sunday 7) of a day since 1970-01-01 (a Thursday). */
    static int dayOfWeek(long epochDay) { return (int) Math.floorMod(epochDay + 3, 7L) + 1; }

    /** The day nearest epochDay that falls on one of the weekdays; at a tie the earlier. */
    long onAWeekday(long epochDay) {
        if (weekdays == ALL_WEEKDAYS) return epochDay;
        for (int distance = 0; distance <= 3; distance++) {
            if ((weekdays & 1 << (dayOfWeek(epochDay - distance) - 1)) != 0) return epochDay - distance;
            if ((weekdays & 1 << (dayOfWeek(epochDay + distance) - 1)) != 0) return epochDay + distance;
        }
        throw new IllegalStateException("no day of the week within three days");   // unreachable: the set is never empty
    }

    /** Times of this form that are dates at the clock's times of day (one per month of the year), learned in the unit. */
    public TimeFormat dates(Unit dateUnit, List<Integer> clockOfMonths) { return new TimeFormat(form, dateUnit, clockOfMonths, ALL_WEEKDAYS, offset); }

    /** Whether it is a form with a time learned as dates ({@link #clock}). */
    boolean clocked() { return !clock.isEmpty(); }

    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay(), LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /** The form a text is written in, in days or seconds, or null when it is none of the forms read. */
    public static TimeFormat detect(String text) {
        if (text.length() < 4 || text.length() > 32) return null;   // cheap: most text is no time (the shortest form, a time of day, has 4 characters; the longest 32)
        for (TimeForm f : TimeForm.values()) {
            if (f.toldOnColumn()) continue;   // told on the whole column only
            TimeFormat t = new TimeFormat(f, f.ofDay() ? Unit.MINUTE_OF_DAY : f.dateOnly() ? Unit.DAY : Unit.SECOND);
            if (t.matches(text)) return f.hasOffset() ? t.at(java.time.OffsetDateTime.parse(text, f.formatter).getOffset()) : t;
        }
        return null;
    }

    /** The same dates with the day in two digits ({@link TimeForm#MONTH_NAME_DATE_PADDED}), for a column whose days below 10 are all written so. */
    public TimeFormat padded() {
        if (form != TimeForm.MONTH_NAME_DATE) throw new IllegalStateException(form.pattern + " has no padded form");
        return written(true, false);
    }

    /** The same dates written as a column writes them: days below 10 in two digits, months' names in full ({@link TimeForm#written}). */
    public TimeFormat written(boolean paddedDay, boolean fullMonth) {
        TimeForm f = form.written(paddedDay, fullMonth);
        return f == form ? this : new TimeFormat(f, unit, clock, weekdays, offset);
    }

    /** The same form learned in months or years: for a column whose dates are all the first of a month, or of January. */
    public TimeFormat in(Unit coarser) { return new TimeFormat(form, coarser, clock, ALL_WEEKDAYS, offset); }

    /**
     * How it is stored in a model: the form's pattern, and the unit where it is not the form's own
     * ({@link #ofPattern} reads it); then the clock, the days of the week kept and the offset where
     * they are not the defaults: form@unit@clock@days@offset, each part empty where it is the default.
     */
    public String pattern() {
        String clockPart = String.join(",", clock.stream().map(String::valueOf).toList());
        StringBuilder days = new StringBuilder();
        if (weekdays != ALL_WEEKDAYS) for (int day = 1; day <= 7; day++) if ((weekdays & 1 << (day - 1)) != 0) days.append(day);
        if (!offset.equals(ZoneOffset.UTC))   // form@second@@@+01:00: written at its offset (a form with an offset has a time: no days kept)
            return form.pattern + "@" + unit.name().toLowerCase(Locale.ROOT) + "@" + clockPart + "@" + days + "@" + offset.getId();
        if (weekdays != ALL_WEEKDAYS)   // form@day@clock@12345: the ISO days of the week kept
            return form.pattern + "@" + unit.name().toLowerCase(Locale.ROOT) + "@" + clockPart + "@" + days;
        if (clocked()) return form.pattern + "@" + unit.name().toLowerCase(Locale.ROOT) + "@" + clockPart;
        return form.pattern + (unit == Unit.MONTH || unit == Unit.YEAR ? "@" + unit.name().toLowerCase(Locale.ROOT) : "");
    }

    /** The format a stored pattern names; read once per pattern (a generated row's time is written through it). */
    public static TimeFormat ofPattern(String pattern) {
        return BY_PATTERN.computeIfAbsent(pattern, TimeFormat::parsePattern);
    }

    private static final java.util.Map<String, TimeFormat> BY_PATTERN = new java.util.concurrent.ConcurrentHashMap<>();

    private static TimeFormat parsePattern(String pattern) {
        String[] parts = pattern.split("@", -1);
        for (TimeForm f : TimeForm.values()) {
            if (!f.pattern.equals(parts[0])) continue;
            Unit unit = parts.length == 1 ? (f.ofDay() ? Unit.MINUTE_OF_DAY : f.dateOnly() ? Unit.DAY : Unit.SECOND) : Unit.valueOf(parts[1].toUpperCase(Locale.ROOT));
            List<Integer> clock = parts.length > 2 && !parts[2].isEmpty() ? java.util.Arrays.stream(parts[2].split(",")).map(Integer::valueOf).toList() : List.of();
            int weekdays = ALL_WEEKDAYS;
            if (parts.length > 3 && !parts[3].isEmpty()) {
                weekdays = 0;
                for (char c : parts[3].toCharArray()) {
                    if (c < '1' || c > '7') throw new IllegalArgumentException("unknown day of the week '" + c + "' in time pattern '" + pattern + "'");
                    weekdays |= 1 << (c - '1');
                }
            }
            ZoneOffset offset = ZoneOffset.UTC;
            if (parts.length > 4) {
                try {
                    offset = ZoneOffset.of(parts[4]);
                } catch (java.time.DateTimeException e) {
                    throw new IllegalArgumentException("unknown offset '" + parts[4] + "' in time pattern '" + pattern + "'");
                }
            }
            return new TimeFormat(f, unit, clock, weekdays, offset);
        }
        throw new IllegalArgumentException("unknown time pattern '" + pattern + "'");
    }

    /** Whether the text is written in this form (and, in months or years, is the first of one). */
    public boolean matches(String text) {
        if (!form.mayBe(text)) return false;
        try {
            parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The date a text in this date-only form names, or null when it is none: one parse, where a column is judged on all its values. */
    static LocalDate dateOf(String text, TimeForm form) {
        if (!form.mayBe(text)) return null;
        try {
            return form.date(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The date and time a text in this form with a time names, or null when it is none: one parse, where a column is judged on all its values. */
    static LocalDateTime dateTimeOf(String text, TimeForm form) {
        if (form.dateOnly() || !form.mayBe(text)) return null;
        try {
            return LocalDateTime.parse(text, form.formatter);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The date eight digits name in ISO 8601's basic form (19580329), of a year from 1000 to 2999,
     * or null: a numeric CSV column whose every value is one is a column of dates, not of integers
     * between which most are no date (19850967). Other eight-digit numbers (an identifier, a count)
     * fail on their first value off the calendar.
     */
    static LocalDate compactDate(String text) { return dateOf(text, TimeForm.BASIC_DATE); }

    /** Minutes in a day. */
    static final int MINUTES_PER_DAY = 24 * 60;
    /**
     * Values of a column of integers, at 100 or above, before it is taken as clock times hhmm: each
     * such value of a column that is none has its last two digits past 59 with probability about
     * 0.4, so 70 of them all at 59 or below happen by chance with probability 0.6⁷⁰ ≈ 3·10⁻¹⁶.
     */
    static final int CLOCK_EVIDENCE_VALUES = 70;

    /** The minutes since midnight of a clock time written hhmm (754: 474), or NaN when the number is none (0..2400, minutes at most 59). */
    static double minutesOfClock(double hhmm) {
        if (!(hhmm >= 0 && hhmm <= 2400) || hhmm != Math.rint(hhmm)) return Double.NaN;
        int v = (int) hhmm, minutes = v % 100;
        return minutes > 59 ? Double.NaN : v / 100 * 60 + minutes;
    }

    /**
     * Whether a column of numbers is clock times written hhmm: every value (NaN: missing, skipped)
     * an integer from 0 to 2400 whose last two digits are at most 59, at least
     * {@value #CLOCK_EVIDENCE_VALUES} of them at 100 or above, in at least three hours and at least
     * four different minutes past the hour (a column of round hundreds or fifties, 1200, 1250, is no
     * clock; scheduled times every five minutes are).
     */
    public static boolean isClockColumn(double[] values) {
        int evidence = 0;
        boolean[] hours = new boolean[25], minutes = new boolean[60];
        for (double v : values) {
            if (Double.isNaN(v)) continue;
            if (Double.isNaN(minutesOfClock(v))) return false;
            int hhmm = (int) v;
            if (hhmm >= 100) evidence++;
            hours[hhmm / 100] = true;
            minutes[hhmm % 100] = true;
        }
        int hourCount = 0, minuteCount = 0;
        for (boolean h : hours) if (h) hourCount++;
        for (boolean m : minutes) if (m) minuteCount++;
        return evidence >= CLOCK_EVIDENCE_VALUES && hourCount >= 3 && minuteCount >= 4;
    }

    /** The form of clock times written hhmm, learned as minutes since midnight. */
    public static TimeFormat clockTimes() { return new TimeFormat(TimeForm.CLOCK_HHMM, Unit.MINUTE_OF_DAY); }

    /** Whether the column's values are written as integers hhmm ({@link TimeForm#CLOCK_HHMM}): numbers, not text, in every output. */
    public boolean writtenAsNumber() { return form == TimeForm.CLOCK_HHMM; }

    /** Minutes since midnight of a value of a clock column ({@link #isClockColumn}); NaN stays NaN. */
    public static double minutesOf(double hhmm) { return Double.isNaN(hhmm) ? hhmm : minutesOfClock(hhmm); }

    /** The number the text is learned as; a DateTimeParseException when it is not of this form (or not the first of a month or year). */
    public double parse(String text) {
        if (unit == Unit.MINUTE_OF_DAY && form != TimeForm.CLOCK_HHMM) {
            java.time.LocalTime t = java.time.LocalTime.parse(text, form.formatter);
            return t.getHour() * 60 + t.getMinute() + t.getSecond() / 60.0;
        }
        if (unit == Unit.MINUTE_OF_DAY) {
            double minutes;
            try {
                minutes = minutesOfClock(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                minutes = Double.NaN;
            }
            if (Double.isNaN(minutes)) throw new DateTimeParseException("not a clock time hhmm", text, 0);
            return minutes;
        }
        if (unit == Unit.SECOND && form.hasOffset()) {   // the instant, at the text's own offset
            java.time.OffsetDateTime t = java.time.OffsetDateTime.parse(text, form.formatter);
            return t.toEpochSecond() + (form.millis() ? t.getNano() / 1e9 : 0);
        }
        if (unit == Unit.SECOND) {
            LocalDateTime t = LocalDateTime.parse(text, form.formatter);
            return t.toEpochSecond(ZoneOffset.UTC) + (form.millis() ? t.getNano() / 1e9 : 0);
        }
        LocalDate d;
        if (clocked()) {   // a date at one of the clock's times of day (any month's: summer time moves within a month)
            LocalDateTime t = LocalDateTime.parse(text, form.formatter);
            if (t.getNano() != 0 || !clock.contains(t.toLocalTime().toSecondOfDay())) throw new DateTimeParseException("not at the column's time of day", text, 0);
            d = t.toLocalDate();
        } else {
            d = form.date(text);
        }
        return switch (unit) {
            case DAY -> d.toEpochDay();
            case MONTH -> {
                if (d.getDayOfMonth() != 1) throw new DateTimeParseException("not the first of a month", text, 0);
                yield (d.getYear() - 1970) * 12L + d.getMonthValue() - 1;
            }
            case YEAR -> {
                if (d.getDayOfMonth() != 1 || d.getMonthValue() != 1) throw new DateTimeParseException("not the first of a year", text, 0);
                yield d.getYear();
            }
            default -> throw new IllegalStateException();
        };
    }

    /** A generated value in this form, at the nearest unit; within years 0000..9999 (a value the model put far out is the nearest end). */
    public String format(double value) {
        return switch (unit) {
            // A weekday's nearest day is within three days: kept off the ends, so that it is a date written in four digits.
            case DAY -> written(LocalDate.ofEpochDay(weekdays == ALL_WEEKDAYS ? Math.round(clamp(value, FIRST_DAY, LAST_DAY))
                    : onAWeekday(Math.round(clamp(value, FIRST_DAY + 3, LAST_DAY - 3)))));
            case MONTH -> {
                long m = Math.round(clamp(value, -1970 * 12.0, (9999 - 1970) * 12.0 + 11));
                yield written(LocalDate.of((int) (1970 + Math.floorDiv(m, 12)), (int) Math.floorMod(m, 12) + 1, 1));
            }
            case YEAR -> written(LocalDate.of((int) Math.round(clamp(value, 0, 9999)), 1, 1));
            case MINUTE_OF_DAY -> {
                if (form.secondsPerStep == 1)   // to the second
                    yield java.time.LocalTime.ofSecondOfDay(Math.round(clamp(value * 60, 0, MINUTES_PER_DAY * 60 - 1))).format(form.formatter);
                long minutes = Math.round(clamp(value, 0, MINUTES_PER_DAY - 1));
                yield form == TimeForm.CLOCK_HHMM ? Long.toString(minutes / 60 * 100 + minutes % 60)
                        : java.time.LocalTime.of((int) (minutes / 60), (int) (minutes % 60)).format(form.formatter);
            }
            case SECOND -> {
                double within = clamp(value, FIRST_DAY * 86_400.0, LAST_DAY * 86_400.0);
                if (form.millis()) {
                    long scale = form.fractionDigits() == 6 ? 1_000_000 : 1000, ticks = Math.round(within * scale);
                    yield LocalDateTime.ofEpochSecond(Math.floorDiv(ticks, scale), (int) (Math.floorMod(ticks, scale) * (1_000_000_000 / scale)), offset).atOffset(offset).format(form.formatter);
                }
                long seconds = Math.round(within / form.secondsPerStep) * form.secondsPerStep;
                yield LocalDateTime.ofEpochSecond(seconds, 0, offset).atOffset(offset).format(form.formatter);
            }
        };
    }

    /** A date in this form: at its month's time of day where the form writes a time ({@link #clock}). */
    private String written(LocalDate day) {
        return clocked() ? day.atTime(java.time.LocalTime.ofSecondOfDay(clock.get(day.getMonthValue() - 1))).atOffset(offset).format(form.formatter) : day.format(form.formatter);
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    /** "a date like 2012-01-31" or "a time like 2012-01-31 14:05", for messages. */
    public String describe() {
        return switch (unit) {
            case DAY -> "a date like ";
            case MONTH -> form == TimeForm.QUARTER ? "a quarter like " : "a month's first day like ";
            case YEAR -> "a year's first day like ";
            case SECOND -> "a time like ";
            case MINUTE_OF_DAY -> form == TimeForm.CLOCK_HHMM ? "a clock time hhmm like " : "a time of day like ";
        } + example();
    }

    /** "dates like 2012-01-31, learned as days since 1970-01-01", for a column. */
    public String describeColumn() {
        if (clocked()) return switch (unit) {
            case DAY -> "dates written as times like " + example() + ", learned as days since 1970-01-01" + weekdaysNote();
            case MONTH -> "first days of months written as times like " + example() + ", learned as months since 1970-01";
            case YEAR -> "first days of years written as times like " + example() + ", learned as the year";
            case SECOND, MINUTE_OF_DAY -> throw new IllegalStateException();
        };
        return switch (unit) {
            case DAY -> "dates like " + example() + ", learned as days since 1970-01-01" + weekdaysNote();
            case MONTH -> (form == TimeForm.QUARTER ? "quarters like " : "first days of months like ") + example() + ", learned as months since 1970-01";
            case YEAR -> "first days of years like " + example() + ", learned as the year";
            case SECOND -> "times like " + example() + (form.hasOffset() ? ", learned as seconds since 1970-01-01 UTC at any offset, written at " + offset.getId() : ", learned as seconds since 1970-01-01");
            case MINUTE_OF_DAY -> (form == TimeForm.CLOCK_HHMM ? "clock times written as integers hhmm like " : "times of day like ") + example() + ", learned as minutes since midnight";
        };
    }

    /** ", on Mon–Fri only" where the column keeps some days of the week; else empty. */
    private String weekdaysNote() {
        if (weekdays == ALL_WEEKDAYS) return "";
        List<String> days = new java.util.ArrayList<>();
        for (int day = 1; day <= 7; day++)
            if ((weekdays & 1 << (day - 1)) != 0) days.add(java.time.DayOfWeek.of(day).getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH));
        return ", written on " + String.join(", ", days) + " only (no row falls on another day of the week)";
    }

    private String example() {
        return switch (unit) {
            case DAY -> written(LocalDate.ofEpochDay(15_370));   // the form's example, whatever days of the week the column keeps
            case MONTH -> format((2012 - 1970) * 12);
            case YEAR -> format(2012);
            case SECOND -> format(1_328_018_709);
            case MINUTE_OF_DAY -> format(474);
        };
    }

    /** Every form, for tests and messages. */
    public static List<TimeForm> forms() { return List.of(TimeForm.values()); }
}
