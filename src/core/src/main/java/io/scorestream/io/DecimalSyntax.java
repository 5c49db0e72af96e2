package io.scorestream.io;

import java.util.Locale;

/**
 * The number syntax ScoreStream accepts in CSV files and stream records: plain decimals,
 * [sign] digits [. digits] [e [sign] digits]. Stricter than Double.parseDouble, which also takes
 * "1d", "0x1p3" and "NaN"; non-finite words are recognised separately so they get their own error.
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


    /** "NaN", "inf", "Infinity" with an optional sign, in any case. */
    public static boolean isNonFiniteWord(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) t = t.substring(1);
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }
}
