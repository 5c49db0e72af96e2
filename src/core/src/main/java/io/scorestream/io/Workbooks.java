package io.scorestream.io;


import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreadsheet workbooks, {@code .xlsx} (Office Open XML) and {@code .xls} (Excel 97–2003), in
 * which many public data sets ship (UCI's concrete, energy-efficiency and power-plant data among
 * them): the sheet of the most rows, read as the CSV reader reads it saved as CSV, so that
 * types, labels, dates, missing values and messages are that reader's, a message naming the
 * workbook and its row ({@link CsvTranslation}). A cell is the value it holds, not its display:
 * a number the double Excel stores (a cell showing 12.5% is 0.125, one showing 3.14 of 3.14159 is
 * 3.14159), a date or time in ISO form (2012-01-31, 2012-01-31 14:05:09, 14:05:09, as its format
 * shows a date, a time or both), a formula its last computed value, an empty cell or #N/A a missing
 * value, another error (#DIV/0!) its text, which stops the reader at its row as any word among numbers
 * does. A row without a value is no row (a blank line of the CSV); a title or notes above the
 * table and footnotes below it are left out ({@link #table}).
 *
 * <p>An .xlsx is streamed, holding its fields' text; an .xls (at most 65 536 rows a sheet) is read whole.
 */
final class Workbooks {
    private Workbooks() {}

    /** Whether the file is a workbook: a zip archive holding {@code xl/workbook.xml}, or an OLE2 compound document (an .xls). */
    static boolean isWorkbook(Path file) {
        if (isOle2(file)) return true;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            return zip.getEntry("xl/workbook.xml") != null;
        } catch (IOException e) {
            return false;   // no zip archive; or one the CSV reader names
        }
    }

    /** Whether the file opens with an OLE2 compound document's signature (an .xls, or an .xlsx Office encrypted). */
    private static boolean isOle2(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && (head[0] & 0xff) == 0xd0 && (head[1] & 0xff) == 0xcf && head[2] == 0x11 && (head[3] & 0xff) == 0xe0;
        } catch (IOException e) {
            return false;   // the CSV reader names the problem
        }
    }

    /** The workbook's sheet of the most rows, as {@link CsvVectors#readTable} reads a CSV file; which sheet, in the table's leftOut. */
    static CsvVectors.Table read(Path file, List<String> fields, int expectedDimension, MissingValues missing) {
        return read(file, fields, expectedDimension, missing, null);
    }

    /** As above, the sheet of this name (as written, else in any case; null: the sheet of the most rows). */
    static CsvVectors.Table read(Path file, List<String> fields, int expectedDimension, MissingValues missing, String name) {
        String[] sheetNote = new String[1];
        CsvVectors.Table table = CsvTranslation.readFile(file, (source, out) -> {
            List<SheetRows> sheets = sheets(source);
            SheetRows sheet = name == null ? largest(sheets, source) : named(sheets, name, source);
            Table block = table(sheet);
            sheetNote[0] = join(note(sheets, sheet), block.describe(sheet));
            return translate(sheet, block, out);
        }, fields, expectedDimension, missing);
        if (sheetNote[0].isEmpty()) return table;
        String leftOut = table.leftOut() == null ? sheetNote[0] : sheetNote[0] + "; " + table.leftOut();
        return new CsvVectors.Table(table.rows(), table.names(), leftOut, table.labels(), table.textForms(), table.dialect());
    }

    /** Every sheet's rows: an .xlsx streamed ({@link XlsxSheets}), an .xls through POI's user model ({@link XlsSheets}). */
    private static List<SheetRows> sheets(Path file) {
        try {
            if (!isOle2(file)) return XlsxSheets.read(file);
            if (isEncryptedXlsx(file)) throw passwordProtected(file);   // Office encrypts an .xlsx into an OLE2 container
            return XlsSheets.read(file);
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            // An OLE2 file that is no workbook (a .doc), a damaged archive: one line, what POI said.
            throw InputException.in(file, "cannot be read as a workbook (" + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip()
                    + "): save its sheet as CSV");
        }
    }

    /** Whether an OLE2 file is an encrypted Office Open XML package (its EncryptionInfo stream). */
    private static boolean isEncryptedXlsx(Path file) {
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs = new org.apache.poi.poifs.filesystem.POIFSFileSystem(file.toFile(), true)) {
            return fs.getRoot().hasEntry("EncryptionInfo");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static InputException passwordProtected(Path file) {
        return InputException.in(file, "is a workbook protected by a password: save its sheet as CSV, or without the password");
    }

    /** The sheet of the most rows (the first of them): a workbook's notes, codes or a title page beside its table are not it. */
    private static SheetRows largest(List<SheetRows> sheets, Path file) {
        SheetRows largest = null;
        for (SheetRows sheet : sheets) if (largest == null || sheet.rows().size() > largest.rows().size()) largest = sheet;
        if (largest == null || largest.rows().isEmpty())
            throw InputException.in(file, "no samples: none of its " + sheets.size() + " sheets holds a cell");
        return largest;
    }

    private static SheetRows named(List<SheetRows> sheets, String name, Path file) {
        for (SheetRows sheet : sheets) if (sheet.name().equals(name)) return holding(sheet, file);
        for (SheetRows sheet : sheets) if (sheet.name().equalsIgnoreCase(name)) return holding(sheet, file);
        throw InputException.in(file, "has no sheet named '" + name + "' (its sheets: " + String.join(", ", sheets.stream().map(SheetRows::name).toList()) + ")");
    }

    private static SheetRows holding(SheetRows sheet, Path file) {
        if (sheet.rows().isEmpty()) throw InputException.in(file, "no samples: its sheet " + sheet.name() + " holds no cell");
        return sheet;
    }

    /** "sheet Data read (2 other sheets with cells left out: Notes, Codes)", or "" for a workbook of one sheet with cells. */
    private static String note(List<SheetRows> sheets, SheetRows read) {
        List<String> others = new ArrayList<>();
        for (SheetRows sheet : sheets) if (sheet != read && !sheet.rows().isEmpty()) others.add(sheet.name());
        if (others.isEmpty()) return sheets.size() == 1 ? "" : "sheet " + read.name() + " read (the others hold no cell)";
        return "sheet " + read.name() + " read (" + others.size() + " other sheet" + (others.size() == 1 ? "" : "s") + " with cells left out: "
                + String.join(", ", others) + ")";
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }

    /**
     * The rows that make the sheet's table, as spreadsheets are often written around it: a title or
     * notes above, footnotes below. Its rows of data hold at least half as many values as most rows
     * of two values or more hold, not all of them text; the table runs from its header — the nearest
     * row of text alone above the first row of data holding as many names, or one fewer (a column of
     * row labels) — to the last row of data. A sheet whose every row is text alone is all table.
     * What is left out is said ({@link Table#describe}).
     *
     * @param first the index among the sheet's rows with a value of the table's first (its header), last of its last
     */
    record Table(int first, int last) {
        /** "rows 5-15 read (4 rows above the table and 4 below it left out)", or "" when every row with a value is read. */
        String describe(SheetRows sheet) {
            int above = first, below = sheet.rows().size() - 1 - last;   // the sheet holds only rows with a value
            if (above == 0 && below == 0) return "";
            List<String> out = new ArrayList<>();
            if (above > 0) out.add(above + " row" + (above == 1 ? "" : "s") + " above the table");
            if (below > 0) out.add(below + (above > 0 ? "" : " row" + (below == 1 ? "" : "s")) + " below it");
            return "rows " + (sheet.rows().get(first).number() + 1) + "-" + (sheet.rows().get(last).number() + 1) + " read (" + String.join(" and ", out) + " left out)";
        }
    }

    static Table table(SheetRows sheet) {
        List<SheetRows.Row> rows = sheet.rows();
        int n = rows.size();
        java.util.Map<Integer, Integer> rowsOf = new java.util.HashMap<>();
        for (SheetRows.Row row : rows) if (row.values() >= 2) rowsOf.merge(row.values(), 1, Integer::sum);
        int usual = rowsOf.entrySet().stream().max(java.util.Map.Entry.<Integer, Integer>comparingByValue().thenComparing(java.util.Map.Entry.comparingByKey()))
                .map(java.util.Map.Entry::getKey).orElse(1);
        int least = Math.max(1, (usual + 1) / 2), firstData = -1, lastData = -1;
        for (int i = 0; i < n; i++) {
            if (rows.get(i).values() < least || rows.get(i).textOnly()) continue;
            if (firstData < 0) firstData = i;
            lastData = i;
        }
        if (firstData < 0) return new Table(0, n - 1);
        int start = firstData;
        if (firstData > 0 && rows.get(firstData - 1).textOnly() && rows.get(firstData - 1).values() >= usual - 1) start = firstData - 1;
        return new Table(start, lastData);
    }

    /** The table's rows as CSV lines of as many fields as its widest row; per line the sheet's row number (from 1). */
    private static long[] translate(SheetRows sheet, Table table, Writer out) throws IOException {
        int width = 0;
        for (int i = table.first(); i <= table.last(); i++) width = Math.max(width, sheet.rows().get(i).width());
        long[] lines = new long[table.last() - table.first() + 2];   // CSV line 0 does not exist: lines count from 1
        StringBuilder line = new StringBuilder();
        for (int i = table.first(); i <= table.last(); i++) {
            SheetRows.Row row = sheet.rows().get(i);
            line.setLength(0);
            for (int c = 0, k = 0; c < width; c++) {
                if (c > 0) line.append(',');
                if (k < row.values() && row.columns()[k] == c) line.append(row.fields()[k++]);
            }
            out.write(line.append('\n').toString());
            lines[i - table.first() + 1] = row.number() + 1L;
        }
        return lines;
    }
}
