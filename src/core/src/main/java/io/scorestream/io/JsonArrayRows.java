package io.scorestream.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * JSON files whose rows are arrays, not objects: one array of arrays ({@code [[10, 8.04], [8,
 * 6.95]]}, as numpy's {@code tolist()} and pandas' {@code to_json(orient="values")} write them)
 * or JSON Lines of arrays ({@code [10, 8.04]} a line). Read as the headerless table they stand
 * for, through a temporary CSV file that the CSV reader reads, so that types, labels (strings
 * that repeat), missing values ({@code null}) and messages are its own; messages name the JSON
 * file and its line. Generated rows are written back as arrays ({@link JsonRecords#writeArray}).
 */
final class JsonArrayRows {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonArrayRows() {}

    /** Whether the file's first JSON value is an array whose first element is an array, or an array of scalars followed by another array (JSON Lines of arrays). */
    static boolean isArrayRows(Path file) {
        try (BufferedReader in = DataFiles.openText(file); JsonParser parser = JSON.createParser(withoutMark(in))) {
            if (parser.nextToken() != JsonToken.START_ARRAY) return false;
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) return true;
            if (first == null || first == JsonToken.START_OBJECT) return false;
            for (JsonToken t = first; t != JsonToken.END_ARRAY; t = parser.nextToken())
                if (t == null || t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) return false;
            return parser.nextToken() == JsonToken.START_ARRAY;
        } catch (IOException | RuntimeException e) {
            return false;   // the JSON reader names the problem
        }
    }

    /** The file's rows and columns, as {@link CsvVectors#readTable} reads a headerless CSV file's. */
    static CsvVectors.Table read(Path file, List<String> fields, MissingValues missing) {
        return CsvTranslation.read(file, (in, out) -> translate(file, in, out), fields, -1, missing);
    }

    private static BufferedReader withoutMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') in.reset();
        return in;
    }

    /** Each row array as a CSV line (strings quoted, null empty); the file's line of each CSV line (index i: the i-th row's). */
    private static long[] translate(Path file, BufferedReader in, Writer out) throws IOException {
        long[] lines = new long[1024];
        int csvLine = 0;
        boolean outer = outerArray(file);   // [[…], […]]: the rows are the outer array's; else JSON Lines of arrays
        try (JsonParser parser = JSON.createParser(withoutMark(in))) {
            if (outer) parser.nextToken();
            StringBuilder row = new StringBuilder();
            for (JsonToken t = parser.nextToken(); t != null && !(outer && t == JsonToken.END_ARRAY); t = parser.nextToken()) {
                long line = parser.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_ARRAY)
                    throw InputException.at(file, line, "a row is not an array but " + describe(t) + ": the rows are arrays, " + (outer ? "in one array" : "one a line"));
                row.setLength(0);
                for (JsonToken v = parser.nextToken(); v != JsonToken.END_ARRAY; v = parser.nextToken()) {
                    if (v == null) throw InputException.at(file, line, "the row's array is not closed");
                    if (row.length() > 0) row.append(',');
                    if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE)
                        row.append(parser.getText());
                    else if (v == JsonToken.VALUE_STRING) row.append('"').append(parser.getText().replace("\"", "\"\"")).append('"');
                    else if (v != JsonToken.VALUE_NULL)
                        throw InputException.at(file, parser.currentTokenLocation().getLineNr(), "a row holds " + describe(v) + ": a row's values are numbers, strings, booleans or null");
                }
                out.append(row).append('\n');
                if (++csvLine == lines.length) lines = Arrays.copyOf(lines, 2 * lines.length);
                lines[csvLine] = line;
            }
            if (outer && parser.nextToken() != null)
                throw InputException.at(file, parser.currentTokenLocation().getLineNr(), "text after the JSON array's closing ']'");
        } catch (JsonProcessingException e) {
            throw InputException.at(file, e.getLocation() == null ? 1 : e.getLocation().getLineNr(), "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        return Arrays.copyOf(lines, csvLine + 1);
    }

    /** Whether the file's first value is an array whose first element is an array. */
    private static boolean outerArray(Path file) throws IOException {
        try (BufferedReader in = DataFiles.openText(file); JsonParser parser = JSON.createParser(withoutMark(in))) {
            return parser.nextToken() == JsonToken.START_ARRAY && parser.nextToken() == JsonToken.START_ARRAY;
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> "a value";
        };
    }
}
