package io.scorestream.io;

import java.nio.file.Path;

/**
 * One line of an ARFF file read token by token, as Weka writes them: a value in single or double
 * quotes with backslash escapes ({@code 'petal width'}, {@code 'O\'Brien'}), else text up to the
 * next separator; an unquoted {@code %} starts a comment to the end of the line. Problems are
 * InputExceptions naming the file and line.
 */
final class ArffText {
    /** A value as written: its text without quotes or escapes, and whether it was quoted ({@code '?'} is a value, {@code ?} a missing one). */
    record Value(String text, boolean quoted) {
        boolean missing() { return !quoted && text.equals("?"); }
    }

    private final Path file;
    private final long lineNumber;
    private final String line;
    private int at;

    ArffText(Path file, long lineNumber, String line) {
        this.file = file;
        this.lineNumber = lineNumber;
        this.line = line;
    }

    /** Past spaces and tabs; true when the line (or its comment) has ended. */
    boolean atEnd() {
        while (at < line.length() && Character.isWhitespace(line.charAt(at))) at++;
        return at >= line.length() || line.charAt(at) == '%';
    }

    /** Whether the next character, past spaces, is c (and if so, takes it). */
    boolean take(char c) {
        if (atEnd() || line.charAt(at) != c) return false;
        at++;
        return true;
    }

    /** The next value: quoted, or the text up to a space-free stop character (or, with spaceStops, a space), without its edge spaces. */
    Value value(String stops, boolean spaceStops) {
        if (atEnd()) return new Value("", false);
        char open = line.charAt(at);
        if (open == '\'' || open == '"') return quoted(open);
        int start = at;
        while (at < line.length()) {
            char c = line.charAt(at);
            if (stops.indexOf(c) >= 0 || c == '%' || (spaceStops && Character.isWhitespace(c))) break;
            at++;
        }
        return new Value(line.substring(start, at).strip(), false);
    }

    private Value quoted(char open) {
        StringBuilder text = new StringBuilder();
        for (at++; at < line.length(); at++) {
            char c = line.charAt(at);
            if (c == open) {
                at++;
                return new Value(text.toString(), true);
            }
            if (c == '\\' && at + 1 < line.length()) {
                char e = line.charAt(++at);
                text.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; case 'r' -> '\r'; default -> e; });
            } else {
                text.append(c);
            }
        }
        throw problem("a quote (" + open + ") that never closes");
    }

    /** The rest of the line from here, without edge spaces. */
    String rest() {
        String rest = line.substring(Math.min(at, line.length())).strip();
        at = line.length();
        return rest;
    }

    InputException problem(String reason) {
        return InputException.at(file, lineNumber, reason);
    }
}
