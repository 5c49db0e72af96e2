package io.scorestream.io;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
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
 * first with dots), a year and a month ({@code 1949-01}) and fractions of a second to the
 * millisecond or microsecond ({@code 2005-02-10 13:45:00.123456}, as pandas writes them); slashed dates ({@code 01/31/2015}) only
 * the way round their whole column shows, never {@code 01/02/2012} from one value. A date is
 * learned as its day number since 1970-01-01, so a column of days is an integer column; a column
 * whose dates are all the first of a month as months since 1970-01 (monthly data: months are not
 * all as long, so days would put generated dates between them),
 * all the first of January as the year; a date with a time as seconds since 1970-01-01T00:00 read
 * as UTC (no zone is guessed: what is written is what is read back). A generated value is written
 * back in the column's form at its unit (the nearest day, month, year, minute or second).
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
 */
public record TimeFormat(Form form, Unit unit, List<Integer> clock, int weekdays) {
    /** The written forms read. */
    public enum Form {
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
         * Times in UTC written with its offset, as pandas writes a time zone-aware column in UTC
         * ({@code 2005-02-10 13:45:00+00:00}) and many services theirs ({@code 2005-02-10T13:45:00+00:00}).
         * Other offsets are left out as free text: no zone is guessed.
         */
        // Named by the offset's pattern letters (xxx), read and written as the literal +00:00: a
        // stored pattern with a 0 in it would be taken for a number's form (NumberForm.isPattern).
        ISO_SECONDS_SPACE_UTC("yyyy-MM-dd HH:mm:ssxxx", 1),
        ISO_SECONDS_T_UTC("yyyy-MM-dd'T'HH:mm:ssxxx", 1),
        ISO_MILLIS_T_UTC("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", 1),
        ISO_MICROS_SPACE_UTC("yyyy-MM-dd HH:mm:ss.SSSSSSxxx", 1),
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
         * below 10 are all written so ({@link #padded}), so that generated dates are written as its are.
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
        /** ISO 8601's basic form, eight digits (19580329): a CSV column of such numbers, every one a date, is read as dates ({@link #compactDate}). */
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
         * column of integers every one of which is such a time ({@link #isClockColumn}), learned as
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
        Form written(boolean paddedDay, boolean fullMonth) {
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

        Form(String pattern, long secondsPerStep) {
            this.pattern = pattern;
            this.secondsPerStep = secondsPerStep;
            // Strict: 2012-02-30 is no date (the default resolver reads it as 2012-02-29); strict needs uuuu for the year.
            this.formatter = (pattern.endsWith("-yy")
                    ? new java.time.format.DateTimeFormatterBuilder().appendPattern(pattern.substring(0, pattern.length() - 2))
                            .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, 1969).toFormatter(Locale.ENGLISH)
                    : eitherMonthName() ? eitherMonthName(pattern)
                    : DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu").replace("xxx", "'+00:00'"), Locale.ENGLISH)).withResolverStyle(ResolverStyle.STRICT);
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
        if (weekdays < 1 || weekdays > ALL_WEEKDAYS) throw new IllegalArgumentException("weekday set " + weekdays + " is not a non-empty set of days");
        if (weekdays != ALL_WEEKDAYS && unit != Unit.DAY) throw new IllegalArgumentException("only dates in days keep days of the week, not " + unit);
        boolean dates = !clock.isEmpty();
        if (dates && (form.dateOnly() || clock.size() != 12)) throw new IllegalArgumentException(form.pattern + " has no clock of " + clock.size());
        if (form.ofDay() != (unit == Unit.MINUTE_OF_DAY) || (form.ofDay() && dates)
                || (!form.ofDay() && (unit == Unit.SECOND) == (form.dateOnly() || dates)))
            throw new IllegalArgumentException(form.pattern + " is not learned in " + unit);
    }

    public TimeFormat(Form form, Unit unit, List<Integer> clock) { this(form, unit, clock, ALL_WEEKDAYS); }

    public TimeFormat(Form form, Unit unit) { this(form, unit, List.of()); }

    /** The same form keeping only these days of the week (bit i: ISO day i + 1). */
    public TimeFormat onWeekdays(int days) { return new TimeFormat(form, unit, clock, days); }

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
    public TimeFormat dates(Unit dateUnit, List<Integer> clockOfMonths) { return new TimeFormat(form, dateUnit, clockOfMonths, ALL_WEEKDAYS); }

    /** Whether it is a form with a time learned as dates ({@link #clock}). */
    boolean clocked() { return !clock.isEmpty(); }

    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay(), LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /** The form a text is written in, in days or seconds, or null when it is none of the forms read. */
    public static TimeFormat detect(String text) {
        if (text.length() < 4 || text.length() > 32) return null;   // cheap: most text is no time (the shortest form, a time of day, has 4 characters; the longest 32)
        for (Form f : Form.values()) {
            if (f.toldOnColumn()) continue;   // told on the whole column only
            TimeFormat t = new TimeFormat(f, f.ofDay() ? Unit.MINUTE_OF_DAY : f.dateOnly() ? Unit.DAY : Unit.SECOND);
            if (t.matches(text)) return t;
        }
        return null;
    }

    /** The same dates with the day in two digits ({@link Form#MONTH_NAME_DATE_PADDED}), for a column whose days below 10 are all written so. */
    public TimeFormat padded() {
        if (form != Form.MONTH_NAME_DATE) throw new IllegalStateException(form.pattern + " has no padded form");
        return written(true, false);
    }

    /** The same dates written as a column writes them: days below 10 in two digits, months' names in full ({@link Form#written}). */
    public TimeFormat written(boolean paddedDay, boolean fullMonth) {
        Form f = form.written(paddedDay, fullMonth);
        return f == form ? this : new TimeFormat(f, unit, clock, weekdays);
    }

    /** The same form learned in months or years: for a column whose dates are all the first of a month, or of January. */
    public TimeFormat in(Unit coarser) { return new TimeFormat(form, coarser, clock, ALL_WEEKDAYS); }

    /** How it is stored in a model: the form's pattern, and the unit where it is not the form's own ({@link #ofPattern} reads it). */
    public String pattern() {
        String clockPart = String.join(",", clock.stream().map(String::valueOf).toList());
        if (weekdays != ALL_WEEKDAYS) {   // form@day@clock@12345: the ISO days of the week kept
            StringBuilder days = new StringBuilder();
            for (int day = 1; day <= 7; day++) if ((weekdays & 1 << (day - 1)) != 0) days.append(day);
            return form.pattern + "@" + unit.name().toLowerCase(Locale.ROOT) + "@" + clockPart + "@" + days;
        }
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
        for (Form f : Form.values()) {
            if (!f.pattern.equals(parts[0])) continue;
            Unit unit = parts.length == 1 ? (f.ofDay() ? Unit.MINUTE_OF_DAY : f.dateOnly() ? Unit.DAY : Unit.SECOND) : Unit.valueOf(parts[1].toUpperCase(Locale.ROOT));
            List<Integer> clock = parts.length > 2 && !parts[2].isEmpty() ? java.util.Arrays.stream(parts[2].split(",")).map(Integer::valueOf).toList() : List.of();
            int weekdays = ALL_WEEKDAYS;
            if (parts.length > 3) {
                weekdays = 0;
                for (char c : parts[3].toCharArray()) {
                    if (c < '1' || c > '7') throw new IllegalArgumentException("unknown day of the week '" + c + "' in time pattern '" + pattern + "'");
                    weekdays |= 1 << (c - '1');
                }
            }
            return new TimeFormat(f, unit, clock, weekdays);
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
    static LocalDate dateOf(String text, Form form) {
        if (!form.mayBe(text)) return null;
        try {
            return form.date(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The date and time a text in this form with a time names, or null when it is none: one parse, where a column is judged on all its values. */
    static LocalDateTime dateTimeOf(String text, Form form) {
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
    static LocalDate compactDate(String text) { return dateOf(text, Form.BASIC_DATE); }

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
    public static TimeFormat clockTimes() { return new TimeFormat(Form.CLOCK_HHMM, Unit.MINUTE_OF_DAY); }

    /** Whether the column's values are written as integers hhmm ({@link Form#CLOCK_HHMM}): numbers, not text, in every output. */
    public boolean writtenAsNumber() { return form == Form.CLOCK_HHMM; }

    /** Minutes since midnight of a value of a clock column ({@link #isClockColumn}); NaN stays NaN. */
    public static double minutesOf(double hhmm) { return Double.isNaN(hhmm) ? hhmm : minutesOfClock(hhmm); }

    /** The number the text is learned as; a DateTimeParseException when it is not of this form (or not the first of a month or year). */
    public double parse(String text) {
        if (unit == Unit.MINUTE_OF_DAY && form != Form.CLOCK_HHMM) {
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
                yield form == Form.CLOCK_HHMM ? Long.toString(minutes / 60 * 100 + minutes % 60)
                        : java.time.LocalTime.of((int) (minutes / 60), (int) (minutes % 60)).format(form.formatter);
            }
            case SECOND -> {
                double within = clamp(value, FIRST_DAY * 86_400.0, LAST_DAY * 86_400.0);
                if (form.millis()) {
                    long scale = form.fractionDigits() == 6 ? 1_000_000 : 1000, ticks = Math.round(within * scale);
                    yield LocalDateTime.ofEpochSecond(Math.floorDiv(ticks, scale), (int) (Math.floorMod(ticks, scale) * (1_000_000_000 / scale)), ZoneOffset.UTC).format(form.formatter);
                }
                long seconds = Math.round(within / form.secondsPerStep) * form.secondsPerStep;
                yield LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC).format(form.formatter);
            }
        };
    }

    /** A date in this form: at its month's time of day where the form writes a time ({@link #clock}). */
    private String written(LocalDate day) {
        return clocked() ? day.atTime(java.time.LocalTime.ofSecondOfDay(clock.get(day.getMonthValue() - 1))).format(form.formatter) : day.format(form.formatter);
    }

    private static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    /** "a date like 2012-01-31" or "a time like 2012-01-31 14:05", for messages. */
    public String describe() {
        return switch (unit) {
            case DAY -> "a date like ";
            case MONTH -> form == Form.QUARTER ? "a quarter like " : "a month's first day like ";
            case YEAR -> "a year's first day like ";
            case SECOND -> "a time like ";
            case MINUTE_OF_DAY -> form == Form.CLOCK_HHMM ? "a clock time hhmm like " : "a time of day like ";
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
            case MONTH -> (form == Form.QUARTER ? "quarters like " : "first days of months like ") + example() + ", learned as months since 1970-01";
            case YEAR -> "first days of years like " + example() + ", learned as the year";
            case SECOND -> "times like " + example() + ", learned as seconds since 1970-01-01";
            case MINUTE_OF_DAY -> (form == Form.CLOCK_HHMM ? "clock times written as integers hhmm like " : "times of day like ") + example() + ", learned as minutes since midnight";
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
    public static List<Form> forms() { return List.of(Form.values()); }
}
