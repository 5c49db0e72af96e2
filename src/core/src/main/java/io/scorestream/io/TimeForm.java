package io.scorestream.io;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * The written forms of dates and times {@link TimeFormat} reads: each its pattern, its step in
 * seconds (0 for a date without a time), and what the whole column must show to be told so.
 */
public enum TimeForm {
    ISO_DATE("yyyy-MM-dd", 0),
    ISO_MINUTES_SPACE("yyyy-MM-dd HH:mm", 60),
    ISO_SECONDS_SPACE("yyyy-MM-dd HH:mm:ss", 1),
    ISO_MINUTES_T("yyyy-MM-dd'T'HH:mm", 60),
    ISO_SECONDS_T("yyyy-MM-dd'T'HH:mm:ss", 1),
    ISO_SECONDS_T_Z("yyyy-MM-dd'T'HH:mm:ss'Z'", 1),
    /**
     * With milliseconds, as JavaScript's {@code Date.toISOString()} writes every time in JSON
     * ({@code 2000-01-01T08:00:00.000Z}, vega-datasets' unemployment-across-industries): learned
     * in seconds with the milliseconds as their fraction, written back to the millisecond.
     */
    ISO_MILLIS_T_Z("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", 1),
    ISO_MILLIS_T("yyyy-MM-dd'T'HH:mm:ss.SSS", 1),
    /**
     * The same with a space ({@code 2005-02-10 13:45:00.123}) and to the microsecond, as pandas
     * writes a time that has them in CSV ({@code 2005-02-10 13:45:00.123456}); each was left out
     * as free text. Learned in seconds with the fraction, written back to its digits.
     */
    ISO_MILLIS_SPACE("yyyy-MM-dd HH:mm:ss.SSS", 1),
    ISO_MICROS_SPACE("yyyy-MM-dd HH:mm:ss.SSSSSS", 1),
    ISO_MICROS_T("yyyy-MM-dd'T'HH:mm:ss.SSSSSS", 1),
    ISO_MICROS_T_Z("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", 1),
    /**
     * Times written with their offset from UTC, as pandas writes a time zone-aware column
     * ({@code 2005-02-10 13:45:00+00:00}), Python's {@code isoformat()} and Java's
     * {@code OffsetDateTime} an aware time ({@code 2005-02-10T13:45:00+01:00},
     * {@code 2005-02-10T13:45:00.123456-05:00}) and many services theirs. Learned as the instant
     * (seconds since 1970-01-01 UTC, whatever offset each value is written at) and written back at
     * the column's offset, its first value's ({@link TimeFormat#offset}). No zone is guessed: a
     * column that moves between two offsets with summer time is written at its first.
     */
    // Named by the offset's pattern letters (xxx, "+01:00"; never "Z", which the 'Z' forms read):
    // a stored pattern with a 0 in it would be taken for a number's form (NumberForm.isPattern).
    ISO_SECONDS_SPACE_OFFSET("yyyy-MM-dd HH:mm:ssxxx", 1),
    ISO_SECONDS_T_OFFSET("yyyy-MM-dd'T'HH:mm:ssxxx", 1),
    ISO_MILLIS_SPACE_OFFSET("yyyy-MM-dd HH:mm:ss.SSSxxx", 1),
    ISO_MILLIS_T_OFFSET("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", 1),
    ISO_MICROS_SPACE_OFFSET("yyyy-MM-dd HH:mm:ss.SSSSSSxxx", 1),
    ISO_MICROS_T_OFFSET("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", 1),
    /**
     * A year and a month, ISO 8601's reduced form ({@code 1949-01}: the Box–Jenkins airline
     * passengers' {@code Month} column, most monthly series): the month's first day, so a column
     * of them is learned in months and written back so.
     */
    ISO_MONTH("yyyy-MM", 0),
    /**
     * Dotted dates, day first, as Germany, Russia and much of Europe write them
     * ({@code 10.02.2005}); no country writes the month first with dots. The day and month in
     * two digits where the column writes every one below 10 so ({@link #written}).
     */
    DOT_DATE("d.M.yyyy", 0),
    DOT_DATE_PADDED("dd.MM.yyyy", 0),
    /** A month's name, the day and a comma before the year, as the US writes a date in words ({@code Feb 10, 2005}, {@code February 10, 2005}). */
    MONTH_NAME_COMMA_DATE("MMM d, yyyy", 0),
    MONTH_FULL_COMMA_DATE("MMMM d, yyyy", 0),
    SLASH_DATE("yyyy/MM/dd", 0),
    SLASH_MINUTES("yyyy/MM/dd HH:mm", 60),
    SLASH_SECONDS("yyyy/MM/dd HH:mm:ss", 1),
    MONTH_NAME_DATE("MMM d yyyy", 0),
    /**
     * The same with the day in two digits ({@code Aug 07 1998}, as vega-datasets' movies): never
     * detected from one value (Jan 12 2012 is either), but the form of a column whose days
     * below 10 are all written so ({@link TimeFormat#padded}), so that generated dates are written as its are.
     */
    MONTH_NAME_DATE_PADDED("MMM dd yyyy", 0),
    /** The same with dashes ({@code Jan-1-1995}, the ECB's series as statsmodels' elec_equip.csv has them). */
    MONTH_NAME_DASH_DATE("MMM-d-yyyy", 0),
    /**
     * A year's quarter ({@code 1974Q1}: pandas' quarterly period, statsmodels' danish_data.csv),
     * read as the quarter's first day, so a column of them is learned in months (or years when
     * every one is a first quarter) and a generated month is written as its quarter.
     */
    QUARTER("yyyy'Q'Q", 0),
    /** ISO 8601's basic form, eight digits (19580329): a CSV column of such numbers, every one a date, is read as dates ({@link TimeFormat#compactDate}). */
    BASIC_DATE("yyyyMMdd", 0),
    /**
     * A day, a month's name and two digits of the year ({@code 19-Sep-03}: Excel's "d-mmm-yy",
     * as Yahoo Finance's old CSV quotes and matplotlib's sample msft.csv have it). The century
     * is POSIX strptime's and pandas': 69–99 the 1900s, 00–68 the 2000s, written back so.
     */
    DAY_MONTH_NAME_YY("d-MMM-yy", 0),
    /**
     * The day before an English month's name, as most of the world writes a date in words
     * ({@code 10 Feb 2005}, {@code 10 February 2005}, {@code 10-Feb-2005}: zoo's demo files,
     * exports of Oracle's DD-MON-YYYY); each was left out as free text. A month is read by its
     * short name or its full one ({@code May} is both), and written back as the column writes
     * it: in full where some name is longer than three letters and none shorter
     * ({@link #written}), the day in two digits where every day below 10 is so written.
     */
    DAY_MONTH_NAME_DATE("d MMM yyyy", 0),
    DAY_MONTH_NAME_DATE_PADDED("dd MMM yyyy", 0),
    DAY_FULL_MONTH_DATE("d MMMM yyyy", 0),
    DAY_FULL_MONTH_DATE_PADDED("dd MMMM yyyy", 0),
    DAY_MONTH_NAME_DASH_DATE("d-MMM-yyyy", 0),
    DAY_MONTH_NAME_DASH_DATE_PADDED("dd-MMM-yyyy", 0),
    /**
     * A day of the week before the date, as e-mail and RSS feeds write one ({@code Thu, 10 Feb
     * 2005}, RFC 2822): a date whose day of the week is not its own is no date, and a generated
     * date is written with its own. The day in two digits where the column writes every one
     * below 10 so.
     */
    WEEKDAY_DATE("EEE, d MMM yyyy", 0),
    WEEKDAY_DATE_PADDED("EEE, dd MMM yyyy", 0),
    /** The same with a time in GMT, HTTP's date ({@code Thu, 10 Feb 2005 13:45:00 GMT}, RFC 7231), its day always in two digits. */
    HTTP_DATE("EEE, dd MMM yyyy HH:mm:ss 'GMT'", 1),
    /** Dotted dates year first, as Korea, Hungary and China write them ({@code 2005.02.10}), month and day in two digits. */
    YEAR_DOT_DATE("yyyy.MM.dd", 0),
    /**
     * A year and a month with a colon, as gretl and its sample files write monthly observations
     * ({@code 1923:06}): the month's first day, learned in months as {@link #ISO_MONTH} is.
     */
    YEAR_COLON_MONTH("yyyy:MM", 0),
    /**
     * Slashed dates month first, as the US writes them ({@code 1/31/2015}; {@code 01/31/2015},
     * vega-datasets' political-contributions.json): never detected from one value (01/02/2015
     * is either), but the form of a column where some day is past 12 and no month is
     * ({@link LabelCodes.Evidence}); {@code 01/02/2015} in such a column is January's.
     */
    MONTH_FIRST_SLASH_DATE("M/d/yyyy", 0),
    /** The same with every month and day in two digits ({@code 01/31/2015}), written back so. */
    MONTH_FIRST_SLASH_DATE_PADDED("MM/dd/yyyy", 0),
    /** Slashed dates day first, as most of the world writes them ({@code 31/1/2015}): a column where some day (the first field) is past 12 and no month is. */
    DAY_FIRST_SLASH_DATE("d/M/yyyy", 0),
    /** The same with every day and month in two digits ({@code 31/01/2015}), written back so. */
    DAY_FIRST_SLASH_DATE_PADDED("dd/MM/yyyy", 0),
    /**
     * Slashed dates with a time of day, as spreadsheets export them ({@code 8/13/1997 5:37};
     * sp's seamap105_mod.csv {@code 08/13/1997 05:37:29}): told on the column as the slashed
     * dates are, the hour padded as the day and month are. Each was left out as free text.
     */
    MONTH_FIRST_SLASH_MINUTES("M/d/yyyy H:mm", 60),
    MONTH_FIRST_SLASH_SECONDS("M/d/yyyy H:mm:ss", 1),
    MONTH_FIRST_SLASH_MINUTES_PADDED("MM/dd/yyyy HH:mm", 60),
    MONTH_FIRST_SLASH_SECONDS_PADDED("MM/dd/yyyy HH:mm:ss", 1),
    DAY_FIRST_SLASH_MINUTES("d/M/yyyy H:mm", 60),
    DAY_FIRST_SLASH_SECONDS("d/M/yyyy H:mm:ss", 1),
    DAY_FIRST_SLASH_MINUTES_PADDED("dd/MM/yyyy HH:mm", 60),
    DAY_FIRST_SLASH_SECONDS_PADDED("dd/MM/yyyy HH:mm:ss", 1),
    /**
     * A clock time written as one integer, hours then two digits of minutes ({@code 754},
     * {@code 2003}: the ASA airline data's DepTime): never read from text, but the form of a
     * column of integers every one of which is such a time ({@link TimeFormat#isClockColumn}), learned as
     * minutes since midnight, so that no generated value is 1595.
     */
    CLOCK_HHMM("Hmm", 60),
    /**
     * A time of day written with a colon ({@code 13:45}, {@code 9:05}: a departure, a shift's
     * start), learned as minutes since midnight as {@link #CLOCK_HHMM} is, and written back in
     * its text: the hour in two digits where the column writes every one below 10 so.
     */
    TIME_OF_DAY("H:mm", 60),
    TIME_OF_DAY_PADDED("HH:mm", 60),
    /** The same to the second ({@code 13:45:07}, as pandas writes a column of times): minutes since midnight with the seconds as their fraction. */
    TIME_OF_DAY_SECONDS("H:mm:ss", 1),
    TIME_OF_DAY_SECONDS_PADDED("HH:mm:ss", 1);

    /** Whether the form writes an offset from UTC ({@code +01:00}): its texts name instants, read at their own offsets. */
    boolean hasOffset() { return pattern.endsWith("xxx"); }

    /** Whether the form is a time of day, learned as minutes since midnight. */
    boolean ofDay() { return pattern.equals("Hmm") || textOfDay(); }   // by the pattern: the constructor asks too

    /** Whether the form is a time of day written as text (13:45, 13:45:07). */
    boolean textOfDay() { return pattern.equals("H:mm") || pattern.equals("HH:mm") || pattern.equals("H:mm:ss") || pattern.equals("HH:mm:ss"); }

    /** Whether the form is told on a whole column only (its values alone may be of another form, or ambiguous). */
    boolean toldOnColumn() {
        return this == CLOCK_HHMM || this == MONTH_NAME_DATE_PADDED || slashedDayAndMonth() || this == DOT_DATE_PADDED || this == MONTH_FULL_COMMA_DATE || this == TIME_OF_DAY_PADDED || this == TIME_OF_DAY_SECONDS_PADDED
                || this == WEEKDAY_DATE_PADDED
                || dayFirstMonthName() && this != DAY_MONTH_NAME_DATE && this != DAY_MONTH_NAME_DASH_DATE;
    }

    /** Whether the form writes the day before a month's name and a four-digit year ({@code 10 Feb 2005}). */
    boolean dayFirstMonthName() { return pattern.startsWith("d") && pattern.contains("MMM") && pattern.endsWith("yyyy"); }

    /** Whether the form reads a month by its short or full name, and its column says which it writes ({@link #written}). */
    boolean eitherMonthName() { return dayFirstMonthName() || pattern.startsWith("MMM") && pattern.endsWith(", yyyy"); }   // by the pattern: the constructor asks before the constants exist

    /** Digits of a second's fraction the form writes: 0, 3 or 6. */
    int fractionDigits() {
        int point = pattern.indexOf("ss.");
        if (point < 0) return 0;
        int digits = 0;
        for (int i = point + 3; i < pattern.length() && pattern.charAt(i) == 'S'; i++) digits++;
        return digits;
    }

    /** The form a column of this form's dates is written in: its day in two digits, its months' names in full. */
    TimeForm written(boolean paddedDay, boolean fullMonth) {
        if (this == MONTH_NAME_DATE) return paddedDay ? MONTH_NAME_DATE_PADDED : this;
        if (this == DAY_MONTH_NAME_DATE)
            return fullMonth ? (paddedDay ? DAY_FULL_MONTH_DATE_PADDED : DAY_FULL_MONTH_DATE) : (paddedDay ? DAY_MONTH_NAME_DATE_PADDED : this);
        if (this == DAY_MONTH_NAME_DASH_DATE) return paddedDay ? DAY_MONTH_NAME_DASH_DATE_PADDED : this;
        if (this == DOT_DATE) return paddedDay ? DOT_DATE_PADDED : this;
        if (this == TIME_OF_DAY) return paddedDay ? TIME_OF_DAY_PADDED : this;
        if (this == TIME_OF_DAY_SECONDS) return paddedDay ? TIME_OF_DAY_SECONDS_PADDED : this;
        if (this == MONTH_NAME_COMMA_DATE) return fullMonth ? MONTH_FULL_COMMA_DATE : this;
        if (this == WEEKDAY_DATE) return paddedDay ? WEEKDAY_DATE_PADDED : this;
        return this;
    }

    /** Whether the column's texts say if its days (and a dotted date's months) below 10 are written in two digits ({@link #dayPadded}). */
    boolean mayPad() { return this == MONTH_NAME_DATE || this == DOT_DATE || this == WEEKDAY_DATE || dayFirstMonthName(); }

    /** The day (a dotted date's day or month) of a text of this form is written in two digits below 10 ("07 Aug 1998", "Aug 07 1998", "10.02.2005"). */
    boolean dayPadded(String text) {
        if (this == DOT_DATE) return text.charAt(0) == '0' || text.charAt(text.indexOf('.') + 1) == '0';
        return dayFirstMonthName() ? text.charAt(0) == '0' : text.charAt(text.indexOf(' ') + 1) == '0';
    }

    /** Whether the form is a slashed date, month or day first, with a time or without ({@link LabelCodes.Evidence.SlashedDates}). */
    boolean slashedDayAndMonth() {
        return pattern.startsWith("M/d/") || pattern.startsWith("MM/dd/") || pattern.startsWith("d/M/") || pattern.startsWith("dd/MM/");
    }

    final String pattern;
    final long secondsPerStep;   // 0: a date without a time
    final DateTimeFormatter formatter;

    TimeForm(String pattern, long secondsPerStep) {
        this.pattern = pattern;
        this.secondsPerStep = secondsPerStep;
        // Strict: 2012-02-30 is no date (the default resolver reads it as 2012-02-29); strict needs uuuu for the year.
        this.formatter = (pattern.endsWith("-yy")
                ? new java.time.format.DateTimeFormatterBuilder().appendPattern(pattern.substring(0, pattern.length() - 2))
                        .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, 1969).toFormatter(Locale.ENGLISH)
                : eitherMonthName() ? eitherMonthName(pattern)
                : DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"), Locale.ENGLISH)).withResolverStyle(ResolverStyle.STRICT);
    }

    /**
     * A day-first pattern's formatter that reads a month by its short or its full name (a lenient
     * text field tries every style) and writes it as the pattern says (MMM short, MMMM full).
     */
    private static DateTimeFormatter eitherMonthName(String pattern) {
        int month = pattern.indexOf('M'), after = pattern.lastIndexOf('M') + 1;
        java.time.format.TextStyle style = after - month == 4 ? java.time.format.TextStyle.FULL : java.time.format.TextStyle.SHORT;
        return new java.time.format.DateTimeFormatterBuilder().appendPattern(pattern.substring(0, month))
                .parseLenient().appendText(java.time.temporal.ChronoField.MONTH_OF_YEAR, style).parseStrict()
                .appendPattern(pattern.substring(after).replace("yyyy", "uuuu")).toFormatter(Locale.ENGLISH);
    }

    boolean dateOnly() { return secondsPerStep == 0; }

    /** Whether the form writes milliseconds. */
    boolean millis() { return fractionDigits() > 0; }

    /**
     * Whether the text may be written so, by its first and last characters: a name or a word is
     * turned away before the formatter, whose every refusal is an exception — a column is judged
     * on all its values, and most text is no time.
     */
    boolean mayBe(String text) {
        if (text.isEmpty() || this == CLOCK_HHMM) return false;   // a number, told on its column's numbers
        char first = text.charAt(0), last = text.charAt(text.length() - 1);
        if (this == MONTH_NAME_DATE || this == MONTH_NAME_DATE_PADDED || this == MONTH_NAME_DASH_DATE) return Character.isLetter(first) && isDigit(last);
        if (this == QUARTER) return text.length() == 6 && text.charAt(4) == 'Q' && last >= '1' && last <= '4' && (first == '1' || first == '2')
                && isDigit(text.charAt(1)) && isDigit(text.charAt(2)) && isDigit(text.charAt(3));   // years 1000..2999
        if (this == BASIC_DATE) return text.length() == 8 && (first == '1' || first == '2') && text.chars().allMatch(c -> c >= '0' && c <= '9');   // years 1000..2999
        if (this == TIME_OF_DAY || this == TIME_OF_DAY_PADDED) return (text.length() == 4 || text.length() == 5) && isDigit(first) && isDigit(last) && text.charAt(text.length() - 3) == ':';
        if (this == TIME_OF_DAY_SECONDS || this == TIME_OF_DAY_SECONDS_PADDED)
            return (text.length() == 7 || text.length() == 8) && isDigit(first) && isDigit(last) && text.charAt(text.length() - 3) == ':' && text.charAt(text.length() - 6) == ':';
        if (this == ISO_MONTH) return text.length() == 7 && isDigit(first) && isDigit(last) && text.charAt(4) == '-';
        if (this == YEAR_COLON_MONTH) return text.length() == 7 && isDigit(first) && isDigit(last) && text.charAt(4) == ':';
        if (this == YEAR_DOT_DATE) return text.length() == 10 && isDigit(first) && isDigit(last) && text.charAt(4) == '.' && text.charAt(7) == '.';
        if (this == WEEKDAY_DATE || this == WEEKDAY_DATE_PADDED) return text.length() >= 15 && Character.isLetter(first) && isDigit(last) && text.charAt(3) == ',';
        if (this == HTTP_DATE) return text.length() == 29 && Character.isLetter(first) && last == 'T' && text.charAt(3) == ',';
        if (this == MONTH_NAME_COMMA_DATE || this == MONTH_FULL_COMMA_DATE) return Character.isLetter(first) && isDigit(last) && text.indexOf(',') > 0;
        if (this == DAY_MONTH_NAME_YY) return (text.length() == 8 || text.length() == 9) && isDigit(first) && isDigit(last) && text.charAt(text.length() - 3) == '-';
        if (slashedDayAndMonth() && !dateOnly()) {
            int space = text.indexOf(' ');
            return space >= 8 && space <= 10 && isDigit(first) && isDigit(last) && text.charAt(space - 5) == '/';
        }
        if (slashedDayAndMonth()) return text.length() >= 8 && text.length() <= 10 && isDigit(first) && isDigit(last) && text.charAt(text.length() - 5) == '/';
        return (isDigit(first) || first == '+' || first == '-') && (isDigit(last) || last == 'Z');
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    /** The day a text of this date-only form names (a quarter's first); a DateTimeParseException when it names none. */
    LocalDate date(String text) {
        if (this == ISO_MONTH || this == YEAR_COLON_MONTH) return java.time.YearMonth.parse(text, formatter).atDay(1);
        if (this != QUARTER) return LocalDate.parse(text, formatter);
        java.time.temporal.TemporalAccessor t = formatter.parse(text);
        return LocalDate.of((int) t.getLong(java.time.temporal.ChronoField.YEAR), 3 * (int) t.getLong(java.time.temporal.IsoFields.QUARTER_OF_YEAR) - 2, 1);
    }
}
