package io.scorestream.io;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * How a column of dates or times is written, and the number it is learned as: a day as its day
 * number since 1970-01-01 (so a column of days is an integer column), a date with a time as its
 * seconds since 1970-01-01T00:00 read as UTC (no zone is guessed: what is written is what is read
 * back). Only ISO 8601's unambiguous forms are read — {@code 2012-01-31}, {@code 2012-01-31 14:05},
 * {@code 2012-01-31T14:05:09}, a trailing {@code Z} — never {@code 01/02/2012}, whose day and month
 * cannot be told apart. A generated value is written back in the column's own form, rounded to it
 * (the nearest day, minute or second).
 */
public enum TimeFormat {
    DATE("yyyy-MM-dd", 86_400),
    MINUTES_SPACE("yyyy-MM-dd HH:mm", 60),
    SECONDS_SPACE("yyyy-MM-dd HH:mm:ss", 1),
    MINUTES_T("yyyy-MM-dd'T'HH:mm", 60),
    SECONDS_T("yyyy-MM-dd'T'HH:mm:ss", 1),
    SECONDS_T_Z("yyyy-MM-dd'T'HH:mm:ss'Z'", 1);

    private final String pattern;
    private final DateTimeFormatter formatter;
    private final long secondsPerStep;   // DATE counts days; the others count seconds, written to this step

    TimeFormat(String pattern, long secondsPerStep) {
        this.pattern = pattern;
        // Strict: 2012-02-30 is no date (the default resolver would read it as 2012-02-29); strict needs uuuu for the year.
        this.formatter = DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"), Locale.ROOT).withResolverStyle(java.time.format.ResolverStyle.STRICT);
        this.secondsPerStep = secondsPerStep;
    }

    /** The pattern, as stored in a model ({@link #ofPattern} reads it back). */
    public String pattern() { return pattern; }

    /** "a date like 2012-01-31" or "a time like 2012-01-31 14:05", for messages. */
    public String describe() {
        return (this == DATE ? "a date like " : "a time like ") + example();
    }

    /** "dates like 2012-01-31" or "times like 2012-01-31 14:05", for a column. */
    public String describeColumn() {
        return (this == DATE ? "dates like " : "times like ") + example() + ", learned as " + (this == DATE ? "days" : "seconds") + " since 1970-01-01";
    }

    private String example() { return format(this == DATE ? 15_370 : 1_328_018_709); }

    private static final List<TimeFormat> ALL = List.of(values());
    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay(), LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    /** The form a text is written in, or null when it is none of them. */
    public static TimeFormat detect(String text) {
        if (text.length() < 10 || text.length() > 20 || text.charAt(4) != '-') return null;   // cheap: most text is not a time
        for (TimeFormat f : ALL) if (f.matches(text)) return f;
        return null;
    }

    public static TimeFormat ofPattern(String pattern) {
        for (TimeFormat f : ALL) if (f.pattern.equals(pattern)) return f;
        throw new IllegalArgumentException("unknown time pattern '" + pattern + "'");
    }

    /** Whether the text is written in this form. */
    public boolean matches(String text) {
        try {
            parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The number the text is learned as (days or seconds since 1970); a DateTimeParseException when it is not of this form. */
    public double parse(String text) {
        if (this == DATE) return LocalDate.parse(text, formatter).toEpochDay();
        return LocalDateTime.parse(text, formatter).toEpochSecond(ZoneOffset.UTC);
    }

    /** A generated value in this form, at the nearest step of the form. */
    public String format(double value) {
        // Within years 0000..9999 (what the form can write): a value the model put far out is the nearest end.
        if (this == DATE) return LocalDate.ofEpochDay(Math.round(Math.max(FIRST_DAY, Math.min(LAST_DAY, value)))).format(formatter);
        long seconds = Math.round(Math.max(FIRST_DAY * 86_400.0, Math.min(LAST_DAY * 86_400.0, value)) / secondsPerStep) * secondsPerStep;
        return LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC).format(formatter);
    }
}
