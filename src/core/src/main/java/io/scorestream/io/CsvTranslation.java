package io.scorestream.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file of another text format read through a temporary CSV translation of it, so that types,
 * labels, missing values and messages are the CSV reader's; its problems name the file and its
 * own lines ({@link InputException#translatedFrom}). Used for libsvm files and JSON rows as arrays.
 */
final class CsvTranslation {
    /** Writes a file's rows as CSV; returns the file's line of each CSV line (index i: line i's). */
    interface Translator {
        long[] write(BufferedReader in, Writer out) throws IOException;
    }

    private CsvTranslation() {}

    /** The file translated by translator, then read as {@link CsvVectors#readTable} reads a CSV file. */
    static CsvVectors.Table read(Path file, Translator translator, List<String> fields, int expectedDimension, MissingValues missing) {
        try {
            Path csv = Files.createTempFile("scorestream-translated-", ".csv");
            try {
                long[] lines;
                try (BufferedReader in = DataFiles.openText(file, StandardCharsets.UTF_8); Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    lines = translator.write(in, out);
                }
                try {
                    return CsvVectors.readTable(csv, fields, expectedDimension, missing);
                } catch (InputException e) {
                    throw e.translatedFrom(csv, file, lines);
                }
            } finally {
                Files.deleteIfExists(csv);
            }
        } catch (IOException e) {
            throw InputException.reading(file, e);
        }
    }
}
