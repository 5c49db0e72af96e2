package io.scorestream.io;

import java.util.Locale;

/**
 * The number syntax ScoreStream accepts in CSV files and stream records: plain decimals,
 * [sign] digits [. digits] [e [sign] digits]. Stricter than Double.parseDouble, which also takes
 * "1d", "0x1p3" and "NaN"; non-finite words are recognised separately so they get their own error.
 * A number with a percent or currency sign ({@code 12.5%}, {@code $1,234.50}) is one of these
 * inside its signs: {@link NumberForm}.
 */
public final class DecimalSyntax {
    private DecimalSyntax() {}

    public static boolean isDecimal(CharSequence s, int start, int end) {
        int i = start;
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < end && isDigit(s.charAt(i))) { i++; digits++; }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(s.charAt(i))) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exponentDigits = 0;
            while (i < end && isDigit(s.charAt(i))) { i++; exponentDigits++; }
            if (exponentDigits == 0) return false;
        }
        return i == end;
    }

    public static boolean isDecimal(String s) { return isDecimal(s, 0, s.length()); }

    /**
     * Whether s[start, end) is a number whose commas group its whole part by threes
     * ({@code 100,000}, {@code -1,234,567.5}, as spreadsheets and R's {@code format} write counts),
     * and then that number without them in out (cleared first). Without a comma, or with one that
     * does not group by threes ({@code 2,5}), it is none.
     */
    public static boolean ungrouped(CharSequence s, int start, int end, StringBuilder out) {
        return ungrouped(s, start, end, out, ',', '.');
    }

    /**
     * As {@link #ungrouped(CharSequence, int, int, StringBuilder)} with points grouping the
     * thousands and a comma as the decimal mark ({@code 1.234,50}, {@code -12.345.678}), as
     * spreadsheets in much of Europe write amounts; the number goes to out with a decimal point.
     */
    public static boolean ungroupedByPoints(CharSequence s, int start, int end, StringBuilder out) {
        return ungrouped(s, start, end, out, '.', ',');
    }

    private static boolean ungrouped(CharSequence s, int start, int end, StringBuilder out, char group, char mark) {
        int i = start;
        out.setLength(0);
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) out.append(s.charAt(i++));
        int lead = 0;
        while (i < end && isDigit(s.charAt(i)) && lead < 4) { out.append(s.charAt(i++)); lead++; }
        if (lead == 0 || lead > 3) return false;
        int groups = 0;
        while (i < end && s.charAt(i) == group) {
            if (i + 4 > end || !isDigit(s.charAt(i + 1)) || !isDigit(s.charAt(i + 2)) || !isDigit(s.charAt(i + 3))) return false;
            out.append(s, i + 1, i + 4);
            i += 4;
            groups++;
        }
        if (groups == 0 || (i < end && isDigit(s.charAt(i)))) return false;
        if (i < end && s.charAt(i) == mark) {
            out.append('.');
            i++;
            int fraction = 0;
            while (i < end && isDigit(s.charAt(i))) { out.append(s.charAt(i++)); fraction++; }
            if (fraction == 0) return false;
        }
        return i == end;
    }

    /** The number a text writes, plainly ({@link #isDecimal}) or with its thousands grouped ({@link #ungrouped}); NaN when it is none. */
    public static double numberOf(String text) {
        if (isDecimal(text)) return Double.parseDouble(text);
        StringBuilder plain = new StringBuilder(text.length());
        return ungrouped(text, 0, text.length(), plain) ? Double.parseDouble(plain.toString()) : Double.NaN;
    }


    /** "NaN", "inf", "Infinity" with an optional sign, in any case. */
    public static boolean isNonFiniteWord(String text) {
        if (text.length() > "-infinity".length() || !startsWithAny(text, "nNiI")) return false;   // cheap: most text is no such word
        String t = text.toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) t = t.substring(1);
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    /**
     * The largest size of a value ScoreStream learns: beyond it the square of a value overflows a
     * double (a column's variance, the Gram sums), so a record holding one is refused like a
     * non-finite one rather than turning the model into infinities. Physical data stays far inside.
     */
    public static final double LARGEST = 1e150;

    /** Finite and within ±{@link #LARGEST}. */
    public static boolean learnable(double v) { return Math.abs(v) <= LARGEST; }

    /** "is not finite: 1e999" or "is beyond ±1e150, where its square overflows: 2e300", after a field's name. */
    public static String whyNotLearnable(double v, String text) {
        return (Double.isFinite(v) ? "is beyond ±1e150, where its square overflows: " : "is not finite: ") + text;
    }

    /** Whether the text's first character past a sign is one of these. */
    private static boolean startsWithAny(String text, String firsts) {
        int at = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        return at < text.length() && firsts.indexOf(text.charAt(at)) >= 0;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }
}
