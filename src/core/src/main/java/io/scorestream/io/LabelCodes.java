package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels of a file's categorical columns while it is read: a new label takes the next index,
 * and once every row is in, the indices are renumbered so that label k is the k-th in sorted order
 * (what {@link RecordSchema} keeps). One pass over the rows read, no row read twice.
 */
final class LabelCodes {
    private final List<Map<String, Integer>> seen = new ArrayList<>();

    /** categorical: per column, whether it holds labels. */
    LabelCodes(boolean[] categorical) {
        for (boolean c : categorical) seen.add(c ? new HashMap<>() : null);
    }

    boolean isCategorical(int column) { return seen.get(column) != null; }

    boolean any() { return seen.stream().anyMatch(m -> m != null); }

    /** The label's index in the order first seen. */
    double code(int column, String label) {
        Map<String, Integer> own = seen.get(column);
        Integer index = own.get(label);
        if (index == null) own.put(label, index = own.size());
        return index;
    }

    /**
     * The most different values a text field's evidence keeps. Past it the field is free text, and
     * its set is dropped, so that a first pass over 10⁷ rows of names holds no more than this many
     * per column. Exact for a column of at most twice as many values (more different values than
     * half of them are no labels anyway); beyond, it makes a column of more labels than this free
     * text — an index over so many labels is an identifier, not a category.
     */
    static final int MOST_LABELS = 1 << 16;

    /** The largest chance that a new row brings a label never seen (the share of values seen once) for a field of labels. */
    static final double MOST_UNSEEN = 0.1;

    /**
     * What the values of a text field say of it: it holds labels when its values repeat — at most
     * half as many different values as values, so each label is seen twice on average, at most
     * {@value #MOST_LABELS}, and few seen only once (Good and Turing's estimate of the chance that
     * the next value is one never seen, the share of values seen once, at most {@value
     * #MOST_UNSEEN}: a closed set of labels, not an open vocabulary such as a town's or a person's
     * name, whose every new row may bring a new one) — and most are not dates or times (a day
     * repeats on every row of it, yet is a position on a line, not a label). Otherwise it is free
     * text (a name, an identifier), left out unless chosen.
     */
    static final class Evidence {
        private final int mostLabels;
        private Map<String, Boolean> distinct = new HashMap<>();   // each value, whether seen more than once; null once past mostLabels: free text
        private int values, dates, timed, seenOnce;
        private TimeFormat time;   // the form of the first value that is a date or time
        private boolean monthStarts = true, yearStarts = true;   // every date of that form the first of a month, of January
        private int paddedDays, plainDays;   // days below 10 written "Aug 07 1998", "Aug 7 1998" (and hours "09:05", "9:05")
        private int fullMonths, shortMonths;   // day-first month-name dates written "10 February 2005", "10 Feb 2005"
        private final int[] clockSeconds = {-1, -1};   // times written at one or two times of day (an hour apart: summer time): those, in seconds
        private final int[][] clockCounts = new int[12][2];   // per month of the year, the times at each
        private boolean clockless;   // times at other times of day: times, not dates
        private final SlashedDates slashed = new SlashedDates();   // 1/31/2015 or 31/1/2015: which way round is told on the whole column

        Evidence() {
            this(MOST_LABELS);
        }

        /** mostLabels: the most different values kept ({@link #MOST_LABELS}; smaller in tests). */
        Evidence(int mostLabels) {
            this.mostLabels = mostLabels;
        }

        void add(String text) {
            values++;
            if (distinct != null) {
                Boolean again = distinct.get(text);   // a label's rows after its second: one look-up, no write
                if (again == null) {
                    distinct.put(text, Boolean.FALSE);
                    seenOnce++;
                } else if (!again) {
                    distinct.put(text, Boolean.TRUE);
                    seenOnce--;
                }
                if (distinct.size() > mostLabels) distinct = null;
                else if (startsLikeDateOrTime(text)) dates++;   // counted only while the field may be labels
            }
            if (time == null) time = TimeFormat.detect(text);
            if (time == null) {
                slashed.add(text);
                return;
            }
            if (time.unit() == TimeFormat.Unit.SECOND) {
                java.time.LocalDateTime t = TimeFormat.dateTimeOf(text, time.form());
                if (t == null) return;
                timed++;
                clock(t);
                return;
            }
            if (time.unit() != TimeFormat.Unit.DAY) {
                if (!time.matches(text)) return;
                timed++;
                if (time.form() == TimeForm.TIME_OF_DAY || time.form() == TimeForm.TIME_OF_DAY_SECONDS) {   // an hour below 10 in one digit ("9:05") or two ("09:05")
                    if (text.charAt(1) == ':') plainDays++;
                    else if (text.charAt(0) == '0') paddedDays++;
                }
                return;
            }
            java.time.LocalDate day = TimeFormat.dateOf(text, time.form());
            if (day == null) return;
            timed++;
            if (time.form().mayPad() && (day.getDayOfMonth() < 10 || time.form() == TimeForm.DOT_DATE && day.getMonthValue() < 10)) {
                if (time.form().dayPadded(text)) paddedDays++;
                else plainDays++;
            }
            if (time.form().eitherMonthName()) {
                int letters = 0;
                for (int i = 0; i < text.length(); i++) if (Character.isLetter(text.charAt(i))) letters++;
                if (letters > 3) fullMonths++;
                else if (letters == 3 && day.getMonthValue() != 5) shortMonths++;   // May is both
            }
            monthStarts &= day.getDayOfMonth() == 1;
            yearStarts &= day.getDayOfMonth() == 1 && day.getMonthValue() == 1;
        }

        /** A time's time of day, for {@link #clockOfMonths}: one or two, an hour apart, else the times are no dates. */
        private void clock(java.time.LocalDateTime t) {
            if (clockless) return;
            int seconds = t.toLocalTime().toSecondOfDay(), slot = seconds == clockSeconds[0] ? 0 : seconds == clockSeconds[1] ? 1 : -1;
            if (slot < 0 && clockSeconds[0] < 0) slot = 0;
            else if (slot < 0 && clockSeconds[1] < 0 && Math.abs(seconds - clockSeconds[0]) == 3600) slot = 1;
            if (slot < 0 || t.getNano() != 0) {
                clockless = true;
                return;
            }
            clockSeconds[slot] = seconds;
            clockCounts[t.getMonthValue() - 1][slot]++;
            monthStarts &= t.getDayOfMonth() == 1;
            yearStarts &= t.getDayOfMonth() == 1 && t.getMonthValue() == 1;
        }

        /**
         * When every time is a date at one time of day, or at two an hour apart that change with the
         * season (summer time: both in at most two months of the year, where the clocks change), each
         * month's time of day, January first; else null (readings twice a day an hour apart are times).
         */
        private java.util.List<Integer> clockOfMonths() {
            if (clockless || clockSeconds[0] < 0) return null;
            int both = 0, first = 0, second = 0;
            for (int[] month : clockCounts) {
                if (month[0] > 0 && month[1] > 0) both++;
                first += month[0];
                second += month[1];
            }
            if (both > 2) return null;
            int usual = second > first ? 1 : 0;
            java.util.List<Integer> clock = new java.util.ArrayList<>(12);
            for (int[] month : clockCounts)
                clock.add(clockSeconds[month[0] + month[1] == 0 ? usual : month[1] > month[0] ? 1 : month[1] < month[0] ? 0 : usual]);
            return clock;
        }

        /**
         * The form most values are written in, when they are dates or times of one form, else null;
         * learned in years or months when every date is the first of one. Times that are all dates
         * at a time of day ({@link #clockOfMonths}) are learned as those dates.
         */
        TimeFormat time() {
            if (time == null) return 2 * slashed.count > values ? slashed.form() : null;
            if (2 * timed <= values) return null;
            if (time.unit() == TimeFormat.Unit.SECOND) {
                java.util.List<Integer> clock = clockOfMonths();
                return clock == null ? time
                        : time.dates(yearStarts ? TimeFormat.Unit.YEAR : monthStarts ? TimeFormat.Unit.MONTH : TimeFormat.Unit.DAY, clock);
            }
            if (time.unit() == TimeFormat.Unit.MINUTE_OF_DAY) return time.written(paddedDays > 0 && plainDays == 0, false);
            if (time.unit() != TimeFormat.Unit.DAY) return time;
            TimeFormat written = time.written(paddedDays > 0 && plainDays == 0, fullMonths > 0 && shortMonths == 0);
            return yearStarts ? written.in(TimeFormat.Unit.YEAR) : monthStarts ? written.in(TimeFormat.Unit.MONTH) : written;
        }

        int values() { return values; }

        /**
         * Dates written with slashes, day and month one or two digits and a four-digit year
         * ({@code 01/31/2015}, {@code 31/1/2015}): which field is the month is told on the whole
         * column, never on one value. Month first when some second field is past 12 and every value
         * is a date so (the US: vega-datasets' political-contributions.json); day first when some
         * first field is; neither when no field is past 12 ({@code 01/1/1980} alone, the FRBSF's
         * wage-rigidity.csv: free text, as before) or values are dates neither way.
         */
        static final class SlashedDates {
            private int count, monthFirst, dayFirst, firstMost, secondMost;
            private boolean firstsOne = true, secondsOne = true, padded = true;
            // The time of day after the date, in every value alike: 0 none, 2 hours and minutes, 3 with seconds; -1 mixed.
            private int clockFields = -2;

            void add(String text) {
                int space = text.indexOf(' ');
                int fields = space < 0 ? 0 : clockFields(text, space + 1);
                if (fields < 0) return;
                boolean hourPadded = space < 0 || text.indexOf(':', space) - space == 3;   // the hour in two digits too (HH), else H
                if (space >= 0) text = text.substring(0, space);
                int n = text.length(), a = text.indexOf('/'), b = a < 0 ? -1 : text.indexOf('/', a + 1);
                if (n < 8 || n > 10 || a < 1 || a > 2 || b - a < 2 || b - a > 3 || n - b != 5) return;
                int first = digits(text, 0, a), second = digits(text, a + 1, b), year = digits(text, b + 1, n);
                if (first < 1 || second < 1 || year < 1000) return;
                clockFields = clockFields == -2 || clockFields == fields ? fields : -1;
                padded &= hourPadded;
                count++;
                if (first <= 12 && second <= java.time.YearMonth.of(year, first).lengthOfMonth()) monthFirst++;
                if (second <= 12 && first <= java.time.YearMonth.of(year, second).lengthOfMonth()) dayFirst++;
                firstMost = Math.max(firstMost, first);
                secondMost = Math.max(secondMost, second);
                firstsOne &= first == 1;
                secondsOne &= second == 1;
                padded &= a == 2 && b - a == 3;
            }

            /** The column's form when every value is a date one way round only and some value shows which; in months or years when all are first days. */
            TimeFormat form() {
                boolean us = monthFirst == count && secondMost > 12, world = dayFirst == count && firstMost > 12;
                if (us == world || clockFields == -1) return null;
                if (clockFields > 0) {
                    boolean seconds = clockFields == 3;
                    TimeForm form = us
                            ? (padded ? (seconds ? TimeForm.MONTH_FIRST_SLASH_SECONDS_PADDED : TimeForm.MONTH_FIRST_SLASH_MINUTES_PADDED)
                                    : (seconds ? TimeForm.MONTH_FIRST_SLASH_SECONDS : TimeForm.MONTH_FIRST_SLASH_MINUTES))
                            : (padded ? (seconds ? TimeForm.DAY_FIRST_SLASH_SECONDS_PADDED : TimeForm.DAY_FIRST_SLASH_MINUTES_PADDED)
                                    : (seconds ? TimeForm.DAY_FIRST_SLASH_SECONDS : TimeForm.DAY_FIRST_SLASH_MINUTES));
                    return new TimeFormat(form, TimeFormat.Unit.SECOND);
                }
                TimeForm form = us ? (padded ? TimeForm.MONTH_FIRST_SLASH_DATE_PADDED : TimeForm.MONTH_FIRST_SLASH_DATE)
                        : (padded ? TimeForm.DAY_FIRST_SLASH_DATE_PADDED : TimeForm.DAY_FIRST_SLASH_DATE);
                boolean monthStarts = us ? secondsOne : firstsOne;   // never both: some day is past 12
                TimeFormat days = new TimeFormat(form, TimeFormat.Unit.DAY);
                return monthStarts ? days.in(TimeFormat.Unit.MONTH) : days;
            }

            /** How many fields a time of day from text[from] has: 2 (H:mm), 3 (H:mm:ss), or -1 when it is none. */
            private static int clockFields(String text, int from) {
                String[] parts = text.substring(from).split(":", -1);
                if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[0].length() > 2) return -1;
                int hour = digits(parts[0], 0, parts[0].length());
                if (hour < 0 || hour > 23) return -1;
                for (int i = 1; i < parts.length; i++) {
                    if (parts[i].length() != 2) return -1;
                    int v = digits(parts[i], 0, 2);
                    if (v < 0 || v > 59) return -1;
                }
                return parts.length;
            }

            /** The number text[from, to) writes in digits only, or -1. */
            private static int digits(String text, int from, int to) {
                int v = 0;
                for (int i = from; i < to; i++) {
                    char c = text.charAt(i);
                    if (c < '0' || c > '9') return -1;
                    v = 10 * v + (c - '0');
                }
                return v;
            }
        }

        /**
         * Whether the text opens as a date or a time of any form, ISO or not: 1 to 4 digits, 1 or 2,
         * and at least 1, separated by '-', '/' or '.' (2012-01-31, 31.01.2012, 1/2/12), or 1 or 2
         * digits, ':' and 2 (9:05). By hand, not a regular expression: it runs on every text value.
         */
        static boolean startsLikeDateOrTime(String text) {
            int first = digitsFrom(text, 0);
            if (first == 0) return false;
            if (first <= 2 && first < text.length() && text.charAt(first) == ':' && digitsFrom(text, first + 1) >= 2) return true;
            if (first > 4 || first >= text.length() || !isDateSeparator(text.charAt(first))) return false;
            int second = digitsFrom(text, first + 1), after = first + 1 + second;
            return second >= 1 && second <= 2 && after < text.length() && isDateSeparator(text.charAt(after)) && digitsFrom(text, after + 1) >= 1;
        }

        private static int digitsFrom(String text, int at) {
            int i = at;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
            return i - at;
        }

        private static boolean isDateSeparator(char c) { return c == '-' || c == '/' || c == '.'; }

        /** Whether the different values are still kept (not past the most labels): the memory a field's evidence holds. */
        boolean keepsValues() { return distinct != null; }

        /** The different values seen, sorted: a column's labels once {@link #repeats()} says it holds them (empty past the most kept). */
        java.util.List<String> labels() {
            return distinct == null ? java.util.List.of() : distinct.keySet().stream().sorted().toList();
        }

        /** Good and Turing's estimate of the chance that the next value is one not seen yet: the share of values seen once. */
        double unseenChance() {
            return values == 0 ? 1 : seenOnce / (double) values;
        }

        boolean repeats() {
            return distinct != null && values > 0 && 2L * distinct.size() <= values && 2L * dates <= values && seenOnce <= MOST_UNSEEN * values;
        }
    }

    /** Per column its sorted labels (empty for a numeric column); rows' indices are renumbered to them in place. */
    List<List<String>> finish(DMatrixRMaj rows) {
        List<List<String>> labels = new ArrayList<>(seen.size());
        for (int j = 0; j < seen.size(); j++) {
            Map<String, Integer> own = seen.get(j);
            if (own == null) { labels.add(List.of()); continue; }
            List<String> sorted = new ArrayList<>(own.keySet());
            java.util.Collections.sort(sorted);
            double[] renumber = new double[sorted.size()];
            for (int k = 0; k < sorted.size(); k++) renumber[own.get(sorted.get(k))] = k;
            for (int r = 0; r < rows.numRows; r++) {
                int at = r * rows.numCols + j;
                rows.data[at] = renumber[(int) rows.data[at]];
            }
            labels.add(List.copyOf(sorted));
        }
        return labels;
    }
}
