package io.scorestream.io;

import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
 * <p>Read whole into memory (POI's user model): a sheet of a million cells takes about a gigabyte.
 */
final class Workbooks {
    private Workbooks() {}

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT),
            DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT),
            TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /** Whether the file is a workbook: a zip archive holding {@code xl/workbook.xml}, or an OLE2 compound document (an .xls). */
    static boolean isWorkbook(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        } catch (IOException e) {
            return false;   // the CSV reader names the problem
        }
        if (head.length == 8 && (head[0] & 0xff) == 0xd0 && (head[1] & 0xff) == 0xcf && head[2] == 0x11 && (head[3] & 0xff) == 0xe0) return true;
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) return false;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            return zip.getEntry("xl/workbook.xml") != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The workbook's sheet of the most rows, as {@link CsvVectors#readTable} reads a CSV file; which sheet, in the table's leftOut. */
    static CsvVectors.Table read(Path file, List<String> fields, int expectedDimension, MissingValues missing) {
        String[] sheetNote = new String[1];
        CsvVectors.Table table = CsvTranslation.readFile(file, (source, out) -> {
            try (Workbook book = open(source)) {
                Sheet sheet = largest(book, source);
                Table block = table(sheet);
                sheetNote[0] = join(note(book, sheet), block.describe(sheet));
                return translate(sheet, block, out);
            }
        }, fields, expectedDimension, missing);
        if (sheetNote[0].isEmpty()) return table;
        String leftOut = table.leftOut() == null ? sheetNote[0] : sheetNote[0] + "; " + table.leftOut();
        return new CsvVectors.Table(table.rows(), table.names(), leftOut, table.labels(), table.textForms(), table.dialect());
    }

    private static Workbook open(Path file) throws IOException {
        try {
            return WorkbookFactory.create(file.toFile(), null, true);
        } catch (EncryptedDocumentException e) {
            throw InputException.in(file, "is a workbook protected by a password: save its sheet as CSV, or without the password");
        } catch (RuntimeException | IOException e) {
            // An OLE2 file that is no workbook (a .doc), a damaged archive: one line, what POI said.
            throw InputException.in(file, "cannot be read as a workbook (" + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip()
                    + "): save its sheet as CSV");
        }
    }

    /** The sheet of the most rows (the first of them): a workbook's notes, codes or a title page beside its table are not it. */
    private static Sheet largest(Workbook book, Path file) {
        Sheet largest = null;
        for (Sheet sheet : book) if (largest == null || sheet.getPhysicalNumberOfRows() > largest.getPhysicalNumberOfRows()) largest = sheet;
        if (largest == null || largest.getPhysicalNumberOfRows() == 0)
            throw InputException.in(file, "no samples: none of its " + book.getNumberOfSheets() + " sheets holds a cell");
        return largest;
    }

    /** "sheet Data read (2 other sheets with cells left out: Notes, Codes)", or "" for a workbook of one sheet with cells. */
    private static String note(Workbook book, Sheet read) {
        List<String> others = new ArrayList<>();
        for (Sheet sheet : book) if (sheet != read && sheet.getPhysicalNumberOfRows() > 0) others.add(sheet.getSheetName());
        if (others.isEmpty()) return book.getNumberOfSheets() == 1 ? "" : "sheet " + read.getSheetName() + " read (the others hold no cell)";
        return "sheet " + read.getSheetName() + " read (" + others.size() + " other sheet" + (others.size() == 1 ? "" : "s") + " with cells left out: "
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
     */
    record Table(int first, int last, int above, int below) {
        /** "rows 5-15 read (4 rows above the table and 4 below it left out)", or "" when every row with a value is read. */
        String describe(Sheet sheet) {
            if (above == 0 && below == 0) return "";
            List<String> out = new ArrayList<>();
            if (above > 0) out.add(above + " row" + (above == 1 ? "" : "s") + " above the table");
            if (below > 0) out.add(below + (above > 0 ? "" : " row" + (below == 1 ? "" : "s")) + " below it");
            return "rows " + (first + 1) + "-" + (last + 1) + " read (" + String.join(" and ", out) + " left out)";
        }
    }

    static Table table(Sheet sheet) {
        int first = sheet.getFirstRowNum(), n = Math.max(0, sheet.getLastRowNum() - first + 1);
        int[] values = new int[n];
        boolean[] textOnly = new boolean[n];
        java.util.Map<Integer, Integer> rowsOf = new java.util.HashMap<>();
        for (Row row : sheet) {
            int i = row.getRowNum() - first, count = 0;
            boolean text = true;
            for (Cell cell : row) {
                if (!hasValue(cell)) continue;
                count++;
                text &= type(cell) == CellType.STRING;
            }
            values[i] = count;
            textOnly[i] = text;
            if (count >= 2) rowsOf.merge(count, 1, Integer::sum);
        }
        int usual = mode(rowsOf, 1), least = Math.max(1, (usual + 1) / 2), firstData = -1, lastData = -1;
        for (int i = 0; i < n; i++) {
            if (values[i] < least || textOnly[i]) continue;
            if (firstData < 0) firstData = i;
            lastData = i;
        }
        if (firstData < 0) return new Table(first, first + n - 1, 0, 0);
        int start = firstData;
        for (int i = firstData - 1; i >= 0; i--) {
            if (values[i] == 0) continue;
            if (textOnly[i] && values[i] >= usual - 1) start = i;
            break;
        }
        int above = 0, below = 0;
        for (int i = 0; i < start; i++) if (values[i] > 0) above++;
        for (int i = lastData + 1; i < n; i++) if (values[i] > 0) below++;
        return new Table(first + start, first + lastData, above, below);
    }

    /** The count most rows hold (the larger on a tie), or otherwise when none is counted. */
    private static int mode(java.util.Map<Integer, Integer> rowsOf, int otherwise) {
        return rowsOf.entrySet().stream().max(java.util.Map.Entry.<Integer, Integer>comparingByValue().thenComparing(java.util.Map.Entry.comparingByKey()))
                .map(java.util.Map.Entry::getKey).orElse(otherwise);
    }

    private static CellType type(Cell cell) {
        return cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
    }

    private static boolean hasValue(Cell cell) {
        CellType type = type(cell);
        return type != CellType.BLANK && !(type == CellType.STRING && cell.getStringCellValue().isBlank());
    }

    /** The table's rows as CSV lines of as many fields as its widest row; per line the sheet's row number (from 1). */
    private static long[] translate(Sheet sheet, Table table, Writer out) throws IOException {
        int width = 0;
        for (Row row : sheet)
            if (row.getRowNum() >= table.first() && row.getRowNum() <= table.last()) width = Math.max(width, row.getLastCellNum());
        List<Long> rows = new ArrayList<>();
        rows.add(0L);   // CSV line 0 does not exist: lines count from 1
        StringBuilder line = new StringBuilder();
        for (int r = table.first(); r <= table.last(); r++) {
            Row row = sheet.getRow(r);
            line.setLength(0);
            boolean any = false;
            for (int c = 0; c < width; c++) {
                if (c > 0) line.append(',');
                Cell cell = row == null ? null : row.getCell(c);
                int before = line.length();
                if (cell != null) append(line, cell, type(cell));
                any |= line.length() > before;
            }
            out.write(any ? line.append('\n').toString() : "\n");   // a row without a value is a blank line: no row
            rows.add(r + 1L);
        }
        return rows.stream().mapToLong(Long::longValue).toArray();
    }

    /** The cell's value as a CSV field, type its own or its formula's result's; nothing for an error or a blank. */
    private static void append(StringBuilder line, Cell cell, CellType type) {
        switch (type) {
            case NUMERIC -> {
                if (DateUtil.isCellDateFormatted(cell)) line.append(dateText(cell.getLocalDateTimeCellValue(), cell.getCellStyle().getDataFormatString()));
                else CsvVectors.appendNumber(line, cell.getNumericCellValue());
            }
            case STRING -> field(line, cell.getStringCellValue());
            case BOOLEAN -> line.append(cell.getBooleanCellValue() ? "TRUE" : "FALSE");
            // As Excel saves it as CSV: #N/A a missing value, #DIV/0! and the others an error the reader names
            case ERROR -> line.append(org.apache.poi.ss.usermodel.FormulaError.forInt(cell.getErrorCellValue()).getString());
            default -> { }   // BLANK
        }
    }

    /** A date cell in ISO form: a date, a time of day or both, as its format shows (h, s: a time; y, d: a date). */
    static String dateText(LocalDateTime value, String format) {
        String f = format == null ? "" : format.toLowerCase(Locale.ROOT).replaceAll("\"[^\"]*\"|\\[[^]]*]", "");   // quoted text, [Red], [$-409]
        boolean time = f.indexOf('h') >= 0 || f.indexOf('s') >= 0, date = f.indexOf('y') >= 0 || f.indexOf('d') >= 0 || !time;
        return date && time ? DATE_TIME.format(value) : date ? DATE.format(value) : TIME.format(value);
    }

    /** Text as Excel saves it as CSV: in quotes (quotes doubled) only where it holds a comma, a quote, a line break or edge spaces. */
    private static void field(StringBuilder line, String text) {
        boolean quote = !text.equals(text.strip());
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) line.append(text);
        else line.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
