package io.scorestream.io;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One sheet of a workbook as the fields a CSV file of it would hold, row by row ({@link Workbooks}):
 * the two workbook readers ({@link XlsxSheets}, {@link XlsSheets}) fill it cell by cell.
 *
 * @param name its sheet's name
 * @param rows its rows with a value, in order
 */
record SheetRows(String name, List<Row> rows) {
    /**
     * A row: its number in the sheet (from 0), per value its column and CSV field, how many values
     * it holds and whether all of them are text (a header's or a note's row, not a row of data).
     */
    record Row(int number, int[] columns, String[] fields, boolean textOnly) {
        int values() { return columns.length; }

        int width() { return columns.length == 0 ? 0 : columns[columns.length - 1] + 1; }
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT),
            DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT),
            TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /** Collects a sheet's cells, row by row, in column order. */
    static final class Builder {
        private final String name;
        private final List<Row> rows = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();
        private final List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private int row = -1;
        private boolean textOnly = true;

        Builder(String name) { this.name = name; }

        /** A new row (the one before ends): its number from 0. */
        void row(int number) {
            end();
            row = number;
        }

        /** A text cell: quoted as Excel quotes it in CSV (only where it holds a comma, a quote, a line break or edge spaces). */
        void text(int column, String text) {
            if (text.isBlank()) return;
            boolean quote = !text.equals(text.strip());
            for (int i = 0; i < text.length() && !quote; i++) {
                char c = text.charAt(i);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            add(column, quote ? '"' + text.replace("\"", "\"\"") + '"' : text, true);
        }

        /** A number cell: the double it stores. */
        void number(int column, double value) {
            field.setLength(0);
            CsvVectors.appendNumber(field, value);
            add(column, field.toString(), false);
        }

        /** A date cell, in ISO form as its format shows it: a date, a time of day or both (h, s: a time; y, d: a date). */
        void date(int column, LocalDateTime value, String format) {
            String f = format == null ? "" : format.toLowerCase(Locale.ROOT).replaceAll("\"[^\"]*\"|\\[[^]]*]", "");   // quoted text, [Red], [$-409]
            boolean time = f.indexOf('h') >= 0 || f.indexOf('s') >= 0, date = f.indexOf('y') >= 0 || f.indexOf('d') >= 0 || !time;
            add(column, date && time ? DATE_TIME.format(value) : date ? DATE.format(value) : TIME.format(value), false);
        }

        /** A boolean cell, as Excel writes one in CSV. */
        void bool(int column, boolean value) { add(column, value ? "TRUE" : "FALSE", false); }

        /** An error cell (#N/A, #DIV/0!), as Excel writes it in CSV: #N/A is a missing value there, the others words among numbers. */
        void error(int column, String text) { add(column, text, false); }

        private void add(int column, String text, boolean isText) {
            if (row < 0) row = 0;
            if (!columns.isEmpty() && column <= columns.get(columns.size() - 1)) return;   // a cell given twice: the first stands
            columns.add(column);
            fields.add(text);
            textOnly &= isText;
        }

        private void end() {
            if (row >= 0 && !columns.isEmpty())
                rows.add(new Row(row, columns.stream().mapToInt(Integer::intValue).toArray(), fields.toArray(String[]::new), textOnly));
            columns.clear();
            fields.clear();
            textOnly = true;
            row = -1;
        }

        SheetRows build() {
            end();
            return new SheetRows(name, List.copyOf(rows));
        }
    }
}
