package io.scorestream.io;

/**
 * InfluxDB line protocol, as Telegraf writes its metrics by default (its Kafka and file outputs'
 * {@code data_format = "influx"}): {@code weather,site=hall\ 3 temp=21.5,count=3i,ok=true,note="dry" 1465839830100400200}.
 * A point is read as the JSON object of its tags and fields, {@code {"site":"hall 3","temp":21.5,
 * "count":3,"ok":true,"note":"dry"}}, so that every reader of JSON records takes it as it takes
 * such an object: numbers are columns, tags and strings and booleans that repeat are labels. The
 * measurement's name and the time stamp are not among the columns (a feed is one measurement's
 * points; the time is when, not what). Escapes as the protocol has them: {@code \,} {@code \=} and
 * {@code \ } in names, tag values and field keys; {@code \"} and {@code \\} in string values.
 * Integers ({@code 3i}) and unsigned ones ({@code 3u}) are their numbers; a line of another shape
 * is a {@link RecordProblem.Kind#MALFORMED} problem saying where.
 */
public final class InfluxLines {
    private InfluxLines() {}

    // Where a name ends: the measurement at a comma or space; a tag's key or a field's key at '=' too; a tag's value at a comma or space.
    private static final char[] MEASUREMENT_END = {',', ' '}, KEY_END = {'=', ',', ' '}, TAG_VALUE_END = {',', ' '};

    /** Whether a line is a comment (a '#' first) or blank: no point. */
    public static boolean isComment(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
        return i == line.length() || line.charAt(i) == '#';
    }

    /** The measurement a line's point is of, unescaped ({@code hall 3} of {@code hall\\ 3,site=…}); null for a comment or a blank line. */
    public static String measurement(String line) {
        if (isComment(line)) return null;
        StringBuilder name = new StringBuilder();
        name(line.strip(), 0, MEASUREMENT_END, name);
        return name.toString();
    }

    /** The point of one line as a JSON object's text. */
    public static String toJson(String line) {
        String text = line.strip();
        if (text.indexOf('\n') >= 0)
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "line protocol: " + (text.lines().filter(l -> !isComment(l)).count())
                    + " points in one record; one point a record is read");
        if (!text.isEmpty() && (text.charAt(0) == '{' || text.charAt(0) == '['))
            throw new RecordProblem(RecordProblem.Kind.MALFORMED, "line protocol: a JSON text, not a point (JSON records are read with format json)");
        StringBuilder out = new StringBuilder(text.length() + 16).append('{');
        int at = name(text, 0, MEASUREMENT_END, null);   // the measurement
        if (at == 0) throw malformed("no measurement before the fields", text);
        boolean first = true;
        while (at < text.length() && text.charAt(at) == ',') {   // tags
            StringBuilder key = new StringBuilder(), value = new StringBuilder();
            int eq = name(text, at + 1, KEY_END, key);
            if (eq >= text.length() || text.charAt(eq) != '=' || key.isEmpty()) throw malformed("a tag without a key=value", text);
            at = name(text, eq + 1, TAG_VALUE_END, value);
            if (value.isEmpty()) throw malformed("tag " + key + " without a value", text);
            first = member(out, first, key);
            JsonRecords.appendQuoted(out, value.toString());
        }
        if (at >= text.length() || text.charAt(at) != ' ') throw malformed("no fields after the measurement and tags", text);
        while (at < text.length() && text.charAt(at) == ' ') at++;
        int fields = 0;
        while (true) {   // fields
            StringBuilder key = new StringBuilder();
            int eq = name(text, at, KEY_END, key);
            if (eq >= text.length() || text.charAt(eq) != '=' || key.isEmpty()) throw malformed("a field without a key=value", text);
            first = member(out, first, key);
            at = value(text, eq + 1, key.toString(), out);
            fields++;
            if (at >= text.length() || text.charAt(at) != ',') break;
            at++;
        }
        if (at < text.length()) {   // the time stamp
            while (at < text.length() && text.charAt(at) == ' ') at++;
            int from = at;
            if (at < text.length() && text.charAt(at) == '-') at++;
            while (at < text.length() && Character.isDigit(text.charAt(at))) at++;
            if (at == from || at < text.length()) throw malformed("text after the fields that is no time stamp: " + JsonRecords.quote(text.substring(from)), text);
        }
        if (fields == 0) throw malformed("no fields", text);
        return out.append('}').toString();
    }

    /** Opens the next member of the object: a comma unless first, the key. */
    private static boolean member(StringBuilder out, boolean first, CharSequence key) {
        if (!first) out.append(',');
        JsonRecords.appendQuoted(out, key.toString());
        out.append(':');
        return false;
    }

    /** A name or tag value from at, unescaped into into (null: skipped), up to an unescaped stop character or the end; where it stops. */
    private static int name(String text, int at, char[] stops, StringBuilder into) {
        int i = at;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                if (next == ',' || next == '=' || next == ' ' || next == '\\' || next == '"') {
                    if (into != null) into.append(next);
                    i += 2;
                    continue;
                }
            }
            for (char stop : stops) if (c == stop) return i;
            if (into != null) into.append(c);
            i++;
        }
        return i;
    }

    /** A field's value from at, as JSON into out; where it ends. */
    private static int value(String text, int at, String key, StringBuilder out) {
        if (at < text.length() && text.charAt(at) == '"') {
            StringBuilder s = new StringBuilder();
            int i = at + 1;
            while (i < text.length() && text.charAt(i) != '"') {
                if (text.charAt(i) == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) i++;
                s.append(text.charAt(i++));
            }
            if (i >= text.length()) throw malformed("field " + key + ": a string that never closes", text);
            JsonRecords.appendQuoted(out, s.toString());
            return i + 1;
        }
        int end = at;
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != ' ') end++;
        String v = text.substring(at, end);
        if (v.isEmpty()) throw malformed("field " + key + " without a value", text);
        switch (v) {
            case "t", "T", "true", "True", "TRUE" -> out.append("true");
            case "f", "F", "false", "False", "FALSE" -> out.append("false");
            default -> {
                char last = v.charAt(v.length() - 1);
                try {
                    if (last == 'i' || last == 'u') out.append(Long.parseLong(v, 0, v.length() - 1, 10));
                    else {
                        double d = Double.parseDouble(v);
                        if (!Double.isFinite(d) || !Character.isDigit(v.charAt(v.length() - 1)) && last != '.') throw new NumberFormatException();
                        out.append(d);
                    }
                } catch (NumberFormatException e) {
                    throw malformed("field " + key + " is no number, boolean or quoted string: " + JsonRecords.quote(v), text);
                }
            }
        }
        return end;
    }

    private static RecordProblem malformed(String what, String line) {
        return new RecordProblem(RecordProblem.Kind.MALFORMED, "line protocol: " + what + " in " + JsonRecords.quote(line));
    }
}
