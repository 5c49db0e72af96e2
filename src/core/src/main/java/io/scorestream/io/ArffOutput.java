package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Rows as an ARFF file ({@code sample --out gen.arff}), for Weka and for what reads OpenML's data:
 * a column of labels is a nominal attribute declaring the labels the model learned, a plain number
 * numeric (percentages and amounts too, as their numbers), and a column of dates or times a string
 * attribute of their text, which {@link ArffFiles} reads back as the CSV reader reads it (a date as a date).
 */
final class ArffOutput {
    private ArffOutput() {}

    /** A file whose name ends in .arff. */
    static boolean isArffName(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".arff");
    }

    static void write(OutputStream stream, DMatrixRMaj rows, RecordSchema columns, String relation) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        StringBuilder line = new StringBuilder("@relation ");
        appendValue(line, relation);
        out.append(line).append("\n\n");
        List<String> names = columns.namesOr(rows.numCols);
        for (int j = 0; j < rows.numCols; j++) {
            line.setLength(0);
            appendValue(line.append("@attribute "), names.get(j));
            if (columns.isCategorical(j)) {
                line.append(" {");
                List<String> labels = columns.labelsOf(j);
                for (int i = 0; i < labels.size(); i++) appendValue(line.append(i == 0 ? "" : ","), labels.get(i));
                line.append('}');
            } else {
                line.append(columns.isTime(j) && !columns.isClock(j) ? " string" : " numeric");   // clock times hhmm are numbers as written
            }
            out.append(line).append('\n');
        }
        out.append("\n@data\n");
        for (int r = 0; r < rows.numRows; r++) {
            line.setLength(0);
            for (int j = 0; j < rows.numCols; j++) {
                if (j > 0) line.append(',');
                double v = rows.get(r, j);
                if (columns.isClock(j)) line.append(columns.text(j, v));
                else if (columns.isCategorical(j) || columns.isTime(j)) appendValue(line, columns.text(j, v));
                else CsvVectors.appendNumber(line, v);   // percentages and amounts as their numbers: ARFF has no such type
            }
            out.append(line).append('\n');
        }
        out.flush();
    }

    /** A name or value, in single quotes (with backslash escapes) when it holds what ARFF would split or read otherwise. */
    private static void appendValue(StringBuilder line, String text) {
        boolean quote = text.isEmpty() || text.equals("?");
        for (int i = 0; i < text.length() && !quote; i++) quote = Character.isWhitespace(text.charAt(i)) || ",'\"%{}\\".indexOf(text.charAt(i)) >= 0;
        if (!quote) { line.append(text); return; }
        line.append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'', '\\' -> line.append('\\').append(c);
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> line.append(c);
            }
        }
        line.append('\'');
    }
}
