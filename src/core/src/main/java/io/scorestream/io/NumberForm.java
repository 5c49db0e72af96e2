package io.scorestream.io;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a column's numbers are written when they are written as text with a sign of what they
 * are: a percent sign after the number ({@code 12.5%}, learned as 12.5, the number written, so a
 * generated row prints as the data does), a currency sign before it ({@code $1,234.50},
 * {@code -$3.00}, {@code €12}, {@code £7.5}, {@code ¥300}) or after it, as most of Europe writes an
 * amount ({@code 12 €}, {@code 12,50 €} where the decimal comma is the file's, {@code 12€}), and
 * accounting's negatives in parentheses ({@code (1,234)}, {@code ($3.00)}: a spreadsheet's
 * "#,##0;(#,##0)"), with or without such a sign. The number inside follows the rules of a plain
 * one ({@link DecimalSyntax}): thousands grouped by commas where a plain number may be
 * ({@code "$1,234.50"} quoted in a comma-separated file, any JSON string), a decimal comma where the
 * file takes one; no exponent. A sign goes before the currency sign, as spreadsheets write it.
 *
 * <p>A column has one form, that of most of its numbers ({@link Evidence}); a generated value is
 * written back in it: the sign, thousands grouped when any value of the column was grouped, and as
 * many decimals as every value had (two for cents), or as many as the number needs when they
 * differed. Stored in a model as a spreadsheet-like pattern ({@link #pattern}): {@code $#,##0.00},
 * {@code 0.#%} ({@code .#}: the decimals the number needs), {@code 0 €}, {@code #,##0;(#,##0)}
 * (after the ';', how a negative is written: in parentheses).
 *
 * @param prefix        the currency sign before the number, or ""
 * @param suffix        "%" or a currency sign after the number (a space before it, as written), or ""
 * @param grouped       whether thousands are written grouped by commas
 * @param decimals      the decimals every value is written with, or {@link #AS_NEEDED}
 * @param parenthesised whether a negative value is written in parentheses rather than with a minus
 */
public record NumberForm(String prefix, String suffix, boolean grouped, int decimals, boolean parenthesised) {
    /** The currency signs read before a number, or after it. */
    static final String CURRENCY_SIGNS = "$€£¥₹";

    /** {@link #decimals} of a column whose values are written with as many decimals as they need. */
    public static final int AS_NEEDED = -1;

    /** The spaces read between a number and a currency sign after it: a space, and the no-break spaces locales write there. */
    static final String SPACES_BEFORE_SIGN = " \u00A0\u202F";

    public NumberForm {
        if (!prefix.isEmpty() && !suffix.isEmpty()) throw new IllegalArgumentException("a number form has a sign before or after the number, not both: '" + prefix + "', '" + suffix + "'");
        if (prefix.isEmpty() && suffix.isEmpty() && !parenthesised) throw new IllegalArgumentException("a number form has a percent or currency sign or negatives in parentheses");
        if (!prefix.isEmpty() && (prefix.length() != 1 || CURRENCY_SIGNS.indexOf(prefix.charAt(0)) < 0)) throw new IllegalArgumentException("no currency sign: " + prefix);
        if (!suffix.isEmpty() && !isSuffix(suffix)) throw new IllegalArgumentException("no percent or currency sign: " + suffix);
        if (decimals < AS_NEEDED) throw new IllegalArgumentException("decimals " + decimals);
    }

    /** A form with a percent or currency sign, negatives written with a minus. */
    public NumberForm(String prefix, String suffix, boolean grouped, int decimals) { this(prefix, suffix, grouped, decimals, false); }

    /** "%", or a currency sign with at most one space before it. */
    private static boolean isSuffix(String suffix) {
        if (suffix.equals("%")) return true;
        char sign = suffix.charAt(suffix.length() - 1);
        return CURRENCY_SIGNS.indexOf(sign) >= 0 && (suffix.length() == 1 || (suffix.length() == 2 && SPACES_BEFORE_SIGN.indexOf(suffix.charAt(0)) >= 0));
    }

    /** Whether its values are plain numbers but for negatives in parentheses: a plain number is one of its values. */
    boolean signless() { return prefix.isEmpty() && suffix.isEmpty(); }

    /**
     * One value as written: its form (grouped when it holds a grouping comma, with its own
     * decimals) and its number as a plain decimal in the out buffer given to {@link #read}.
     */
    record Written(String prefix, String suffix, boolean grouped, int decimals, boolean parenthesised) {
        /** Whether the value has the signs of the column's form. */
        boolean isOf(NumberForm form) { return prefix.equals(form.prefix) && suffix.equals(form.suffix); }
    }

    /**
     * Whether s[start, end) is a number with a percent or currency sign or in accounting's
     * parentheses; if so its plain decimal (sign included, a minus for the parentheses) goes to
     * plain (cleared first) and its form is returned, else null.
     *
     * @param grouping     whether commas may group thousands here ({@link DecimalSyntax#ungrouped})
     * @param decimalComma whether a single comma may be the decimal mark here (a file not separated by commas)
     */
    static Written read(CharSequence s, int start, int end, boolean grouping, boolean decimalComma, StringBuilder plain) {
        int i = start;
        boolean parenthesised = end - start >= 3 && s.charAt(start) == '(' && s.charAt(end - 1) == ')';
        if (parenthesised) { i++; end--; }
        char sign = i < end && (s.charAt(i) == '-' || s.charAt(i) == '+') ? s.charAt(i++) : 0;
        if (parenthesised && sign != 0) return null;   // "(-5)": no accounting negative
        String prefix = "", suffix = "";
        if (i < end && CURRENCY_SIGNS.indexOf(s.charAt(i)) >= 0) prefix = String.valueOf(s.charAt(i++));
        else if (end - 1 > i && s.charAt(end - 1) == '%') { suffix = "%"; end--; }
        else if (end - 1 > i && CURRENCY_SIGNS.indexOf(s.charAt(end - 1)) >= 0) {
            int at = end - 1;
            if (at - 1 > i && SPACES_BEFORE_SIGN.indexOf(s.charAt(at - 1)) >= 0) at--;   // 12 €: the space is the form's, written back
            suffix = s.subSequence(at, end).toString();
            end = at;
        }
        else if (!parenthesised) return null;
        if (i >= end || !(isDigit(s.charAt(i)) || s.charAt(i) == '.')) return null;   // no second sign, no space
        int commas = 0, points = 0, point = -1, comma = -1;
        for (int k = i; k < end; k++) {
            char c = s.charAt(k);
            if (c == ',') { commas++; comma = k; }
            else if (c == '.') { points++; point = k; }
            else if (!isDigit(c)) return null;   // no exponent, no letter
        }
        boolean grouped = commas > 0 && grouping && DecimalSyntax.ungrouped(s, i, end, plain);
        // 1.234,50 € or 1.234.567 €: points group the thousands, a comma is the decimal mark (written
        // back so, CsvDialect); 1.234 € is 1.234, as a plain 1.234 is (CsvFields.withPointGrouping).
        if (!grouped && decimalComma && (commas == 1 || points >= 2) && DecimalSyntax.ungroupedByPoints(s, i, end, plain)) {
            grouped = true;
            point = comma;
        }
        if (!grouped) {
            if (commas > 0 && !(decimalComma && commas == 1 && point < 0)) return null;
            plain.setLength(0);
            plain.append(s, i, end);
            if (commas == 1) {   // the decimal comma, as a point
                plain.setCharAt(comma - i, '.');
                point = comma;
            }
        }
        if (!DecimalSyntax.isDecimal(plain, 0, plain.length())) return null;
        if (sign != 0) plain.insert(0, sign);
        if (parenthesised) plain.insert(0, '-');
        return new Written(prefix, suffix, grouped, point < 0 ? 0 : end - point - 1, parenthesised);
    }

    /** The number a text writes in this form (its signs and a number as {@link #read} takes it, grouping allowed; a plain number in a {@link #signless} form), or NaN. */
    public double valueOf(String text) {
        StringBuilder plain = new StringBuilder(text.length());
        Written w = read(text, 0, text.length(), true, false, plain);
        if (w == null && signless()) return DecimalSyntax.numberOf(text);
        return w != null && w.isOf(this) ? Double.parseDouble(plain.toString()) : Double.NaN;
    }

    /** A generated value as this form writes it: -$1,234.50, 12.5%, 12 €, (1,234). */
    public String format(double value) {
        BigDecimal magnitude = BigDecimal.valueOf(Math.abs(value));   // Double.toString's shortest digits, then plain
        magnitude = decimals == AS_NEEDED ? magnitude.stripTrailingZeros() : magnitude.setScale(decimals, RoundingMode.HALF_EVEN);
        String digits = magnitude.toPlainString();
        if (grouped) digits = grouped(digits);
        boolean negative = value < 0 && magnitude.signum() != 0;   // no "-$0.00"
        if (negative && parenthesised) return "(" + prefix + digits + suffix + ")";
        return (negative ? "-" : "") + prefix + digits + suffix;
    }

    /** The digits with commas between the thousands of the whole part. */
    private static String grouped(String digits) {
        int point = digits.indexOf('.');
        int whole = point < 0 ? digits.length() : point;
        StringBuilder out = new StringBuilder(digits.length() + whole / 3);
        for (int k = 0; k < whole; k++) {
            if (k > 0 && (whole - k) % 3 == 0) out.append(',');
            out.append(digits.charAt(k));
        }
        return out.append(digits, whole, digits.length()).toString();
    }

    /** How a model stores it: $#,##0.00, 0.#%, 0 €, #,##0;(#,##0) (see the class comment). */
    public String pattern() {
        String places = decimals == AS_NEEDED ? ".#" : decimals == 0 ? "" : "." + "0".repeat(decimals);
        String positive = prefix + (grouped ? "#,##0" : "0") + places + suffix;
        return parenthesised ? positive + ";(" + positive + ")" : positive;
    }

    /** Whether a stored pattern of a column's text is a number form: its digit 0, which no {@link TimeFormat} pattern holds but in its clock, after an '@'. */
    public static boolean isPattern(String pattern) { return pattern.indexOf('0') >= 0 && pattern.indexOf('@') < 0; }

    /** The form a stored {@link #pattern} names, read once per pattern (a generated row's value is written through it); an IllegalArgumentException for anything else. */
    public static NumberForm ofPattern(String pattern) {
        return BY_PATTERN.computeIfAbsent(pattern, NumberForm::parsePattern);
    }

    private static final java.util.Map<String, NumberForm> BY_PATTERN = new java.util.concurrent.ConcurrentHashMap<>();

    private static NumberForm parsePattern(String pattern) {
        String prefix = "", suffix = "", body = pattern;
        int negative = pattern.indexOf(';');
        boolean parenthesised = negative >= 0;
        if (parenthesised) {
            body = pattern.substring(0, negative);
            if (!pattern.substring(negative + 1).equals("(" + body + ")")) throw new IllegalArgumentException("unknown number pattern '" + pattern + "'");
        }
        if (!body.isEmpty() && CURRENCY_SIGNS.indexOf(body.charAt(0)) >= 0) { prefix = body.substring(0, 1); body = body.substring(1); }
        else if (body.endsWith("%")) { suffix = "%"; body = body.substring(0, body.length() - 1); }
        else if (!body.isEmpty() && CURRENCY_SIGNS.indexOf(body.charAt(body.length() - 1)) >= 0) {
            int at = body.length() - 1;
            if (at > 0 && SPACES_BEFORE_SIGN.indexOf(body.charAt(at - 1)) >= 0) at--;
            suffix = body.substring(at);
            body = body.substring(0, at);
        }
        boolean grouped = body.startsWith("#,##0");
        String places = grouped ? body.substring(5) : body.startsWith("0") ? body.substring(1) : null;
        if (places == null || !(places.isEmpty() || places.equals(".#") || places.matches("\\.0+")))
            throw new IllegalArgumentException("unknown number pattern '" + pattern + "'");
        int decimals = places.equals(".#") ? AS_NEEDED : Math.max(0, places.length() - 1);
        return new NumberForm(prefix, suffix, grouped, decimals, parenthesised);
    }

    /** "a percentage like 12.5%", "an amount like $1,234.50" or "a number like 1,234.5 or (1,234.5)", for messages. */
    public String describe() {
        if (signless()) return "a number like " + example(CsvDialect.STANDARD) + " or " + format(-1234.5);
        return (suffix.equals("%") ? "a percentage like " : "an amount like ") + example(CsvDialect.STANDARD);
    }

    /** "percentages like 12.5%, learned as the number before %", for a column. */
    public String describeColumn() { return describeColumn(CsvDialect.STANDARD); }

    /** As {@link #describeColumn()}, the examples in a file's dialect ("amounts like 1.234,50 €" where commas are decimal marks). */
    public String describeColumn(CsvDialect dialect) {
        if (signless()) return "numbers like " + example(dialect) + " with negatives in parentheses like " + written(-1234.5, dialect) + ", learned as negative";
        String negatives = parenthesised ? " (negatives in parentheses like " + written(suffix.equals("%") ? -12.5 : -1234.5, dialect) + ")" : "";
        return suffix.equals("%") ? "percentages like " + example(dialect) + negatives + ", learned as the number before %"
                : "amounts like " + example(dialect) + negatives + ", learned as the number " + (prefix.isEmpty() ? "before " + suffix.strip() : "after " + prefix);
    }

    private String example(CsvDialect dialect) { return written(suffix.equals("%") ? 12.5 : 1234.5, dialect); }

    private String written(double value, CsvDialect dialect) {
        StringBuilder text = new StringBuilder(format(value));
        dialect.markDecimals(text, 0);
        return text.toString();
    }

    /**
     * The forms of a column's numbers, value by value, for its judgement: the column's form is the
     * signs most of its numbers are written with, when some are; grouped when any of those is, with
     * their decimals when all have as many, negatives in parentheses when any is. A column of plain
     * numbers whose negatives alone are in parentheses has that form too: its plain numbers are of it.
     * The values in another form (a plain number in a column of percentages) then stop the reader at
     * their line, as a stray word in a column of numbers does.
     */
    static final class Evidence {
        /** The values written with one pair of signs. */
        private static final class Signs {
            final String prefix, suffix;
            long count;
            boolean grouped, parenthesised;
            int decimals = Integer.MIN_VALUE;   // none seen yet

            Signs(String prefix, String suffix) { this.prefix = prefix; this.suffix = suffix; }
        }

        private final java.util.List<Signs> seen = new java.util.ArrayList<>(1);   // in the order first met

        void add(Written w) {
            Signs signs = null;
            for (Signs s : seen) if (s.prefix.equals(w.prefix()) && s.suffix.equals(w.suffix())) signs = s;
            if (signs == null) seen.add(signs = new Signs(w.prefix(), w.suffix()));
            signs.count++;
            signs.grouped |= w.grouped();
            signs.parenthesised |= w.parenthesised();
            signs.decimals = signs.decimals == Integer.MIN_VALUE || signs.decimals == w.decimals() ? w.decimals() : AS_NEEDED;
        }

        /** The column's form when more than half of its numbers (numbers: all of them, with signs or without) have one pair of signs, else null. */
        NumberForm form(long numbers) {
            Signs most = null;
            long signed = 0;
            for (Signs s : seen) {
                signed += s.count;
                if (most == null || s.count > most.count) most = s;
            }
            if (most == null) return null;
            boolean signless = most.prefix.isEmpty() && most.suffix.isEmpty();   // negatives in parentheses among plain numbers
            long ofForm = signless ? numbers - (signed - most.count) : most.count;
            if (2 * ofForm <= numbers) return null;
            return new NumberForm(most.prefix, most.suffix, most.grouped, most.decimals, most.parenthesised);
        }
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }
}
