package io.scorestream.io;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How the CSV file a model learned from was written, so that its generated rows are written the
 * same way: the field separator of a {@code .csv} file, the decimal mark and the character set.
 * Spreadsheets in much of Europe export {@code 3,14} with semicolons between the fields, often in
 * Latin-1; a file of rows written back with commas and points is one such a spreadsheet opens as a
 * single column of text. Excel's "CSV UTF-8" opens with a byte-order mark, without which Excel reads
 * the same bytes as its local code page ({@code GrÃ¶ÃŸe}). A {@code .tsv} or {@code .tab} file is
 * tab-separated whatever the dialect.
 *
 * @param delimiter   the separator of a {@code .csv} file's fields: a comma, or a semicolon where the
 *                    data were separated by semicolons or written with decimal commas
 * @param decimalMark a point, or a comma (then the delimiter is a semicolon)
 * @param charset     UTF-8, or ISO-8859-1 for a file that was not UTF-8
 * @param byteOrderMark whether the file opens with a byte-order mark (UTF-8 only; written back only
 *                    before text beyond ASCII, which is what Excel needs it for)
 */
public record CsvDialect(char delimiter, char decimalMark, Charset charset, boolean byteOrderMark) {
    /** Commas between fields, decimal points, UTF-8 without a byte-order mark: what every other program reads. */
    public static final CsvDialect STANDARD = new CsvDialect(',', '.', StandardCharsets.UTF_8);

    /** Without a byte-order mark. */
    public CsvDialect(char delimiter, char decimalMark, Charset charset) { this(delimiter, decimalMark, charset, false); }

    public CsvDialect {
        if (delimiter != ',' && delimiter != ';') throw new IllegalArgumentException("a CSV file's delimiter is a comma or a semicolon, got '" + delimiter + "'");
        if (decimalMark != '.' && decimalMark != ',') throw new IllegalArgumentException("a decimal mark is a point or a comma, got '" + decimalMark + "'");
        if (decimalMark == ',' && delimiter == ',') throw new IllegalArgumentException("decimal commas need another delimiter than a comma");
        if (!charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.ISO_8859_1))
            throw new IllegalArgumentException("a CSV file is written in UTF-8 or ISO-8859-1, got " + charset.name());
        if (byteOrderMark && !charset.equals(StandardCharsets.UTF_8)) throw new IllegalArgumentException("a byte-order mark opens a UTF-8 file only");
    }

    /**
     * The dialect of a file read with this delimiter (a tab, a pipe or spaces are no {@code .csv}
     * file's: a comma then, or a semicolon beside decimal commas), these decimal marks, charset and mark.
     */
    static CsvDialect read(char delimiter, boolean decimalCommas, Charset charset, boolean byteOrderMark) {
        return new CsvDialect(delimiter == ';' || decimalCommas ? ';' : ',', decimalCommas ? ',' : '.', charset, byteOrderMark);
    }

    public boolean isStandard() { return equals(STANDARD); }

    /** The separator of file's fields: a tab for {@code .tsv} and {@code .tab}, else this dialect's. */
    char delimiterOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tsv") || name.endsWith(".tab") ? '\t' : delimiter;
    }

    /**
     * The number just appended to line from index start in this dialect's marks: with decimal commas
     * its point a comma, and the commas an amount's form groups thousands with points (1.234,50 €).
     */
    void markDecimals(StringBuilder line, int start) {
        if (decimalMark == '.') return;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '.') line.setCharAt(i, ',');
            else if (c == ',') line.setCharAt(i, '.');
        }
    }

    /** "fields separated by semicolons, decimal commas, in ISO-8859-1", for messages. */
    public String describe() {
        return "fields separated by " + (delimiter == ';' ? "semicolons" : "commas") + ", decimal " + (decimalMark == ',' ? "commas" : "points")
                + ", in " + charset.name() + (byteOrderMark ? " with a byte-order mark" : "");
    }

    void write(DataOutputStream out) throws IOException {
        out.writeChar(delimiter);
        out.writeChar(decimalMark);
        out.writeUTF(charset.name());
        out.writeBoolean(byteOrderMark);
    }

    static CsvDialect read(DataInputStream in) throws IOException {
        char delimiter = in.readChar(), decimalMark = in.readChar();
        String charset = in.readUTF();
        boolean byteOrderMark = in.readBoolean();
        try {
            return new CsvDialect(delimiter, decimalMark, Charset.forName(charset), byteOrderMark);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad CSV dialect: " + e.getMessage());
        }
    }
}
