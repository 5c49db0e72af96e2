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
 * own lines ({@link InputException#translatedFrom}). Used for libsvm files, JSON rows as arrays and
 * spreadsheet workbooks (a sheet's rows).
 */
final class CsvTranslation {
    /** Writes a text file's rows as CSV; returns the file's line of each CSV line (index i: line i's). */
    interface Translator {
        long[] write(BufferedReader in, Writer out) throws IOException;
    }

    /** Writes a file's rows as CSV, reading the file as it must (a binary workbook); returns its line or row of each CSV line. */
    interface FileTranslator {
        long[] write(Path file, Writer out) throws IOException;
    }

    private CsvTranslation() {}

    /** The UTF-8 text file translated by translator, then read as {@link CsvVectors#readTable} reads a CSV file. */
    static CsvVectors.Table read(Path file, Translator translator, List<String> fields, int expectedDimension, MissingValues missing) {
        return readFile(file, (source, out) -> {
            try (BufferedReader in = DataFiles.openText(source, StandardCharsets.UTF_8)) {
                return translator.write(in, out);
            }
        }, fields, expectedDimension, missing);
    }

    /** The file translated by translator, then read as {@link CsvVectors#readTable} reads a CSV file. */
    static CsvVectors.Table readFile(Path file, FileTranslator translator, List<String> fields, int expectedDimension, MissingValues missing) {
        try {
            Path csv = Files.createTempFile("scorestream-translated-", ".csv");
            try {
                long[] lines;
                try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    lines = translator.write(file, out);
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
