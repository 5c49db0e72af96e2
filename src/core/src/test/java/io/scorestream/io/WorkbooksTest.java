package io.scorestream.io;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Spreadsheet workbooks read as the CSV reader reads a sheet saved as CSV (Workbooks), and rows written as one (WorkbookOutput). */
class WorkbooksTest {
    @TempDir Path dir;

    /**
     * A sheet "Data" beside a smaller "Notes": a date, a label, a number shown with two decimals, a
     * percentage, a formula, a time of day and a time stamp, in 20 rows; sheet row 4 is empty, and
     * error (when given) is the formula's value on sheet row 3.
     */
    private Path book(String name, boolean xlsx, FormulaError error) throws IOException {
        Path file = dir.resolve(name);
        try (Workbook book = xlsx ? new XSSFWorkbook() : new HSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            book.createSheet("Notes").createRow(0).createCell(0).setCellValue("measured in the lab");
            Sheet sheet = book.createSheet("Data");
            CellStyle date = style(book, "dd.mm.yyyy"), twoPlaces = style(book, "0.00"), percent = style(book, "0.0%"), time = style(book, "h:mm:ss"),
                    stamp = style(book, "m/d/yy h:mm");
            Row header = sheet.createRow(0);
            String[] names = {"day", "mix", "cement", "share", "twice", "start", "logged"};
            for (int j = 0; j < names.length; j++) header.createCell(j).setCellValue(names[j]);
            for (int i = 0; i < ROWS; i++) {
                Row row = sheet.createRow(i >= 2 ? i + 2 : i + 1);   // sheet rows 2, 3, 5, 6, ...: row 4 is empty
                set(row, 0, LocalDate.of(2020, 1, 1 + i), date);
                row.createCell(1).setCellValue(i % 2 == 0 ? "A, wet" : "B");
                set(row, 2, 3.14159 + i, twoPlaces);
                set(row, 3, 0.125 * (i + 1), percent);
                Cell formula = row.createCell(4);
                formula.setCellFormula("C" + (row.getRowNum() + 1) + "*2");
                set(row, 5, LocalDateTime.of(1899, 12, 31, 8 + i % 12, 30, 15), time);
                set(row, 6, LocalDateTime.of(2021, 3, 4 + i, 10, 5, 0), stamp);
            }
            book.getCreationHelper().createFormulaEvaluator().evaluateAll();
            if (error != null) sheet.getRow(2).getCell(4).setCellErrorValue(error.getCode());
            book.write(out);
        }
        return file;
    }

    private static final int ROWS = 20;

    private static CellStyle style(Workbook book, String format) {
        CellStyle s = book.createCellStyle();
        s.setDataFormat(book.getCreationHelper().createDataFormat().getFormat(format));
        return s;
    }

    private static void set(Row row, int column, Object value, CellStyle style) {
        Cell cell = row.createCell(column);
        if (value instanceof LocalDate d) cell.setCellValue(d);
        else if (value instanceof LocalDateTime t) cell.setCellValue(t);
        else cell.setCellValue((Double) value);
        cell.setCellStyle(style);
    }

    @Test
    void aSheetIsReadAsItsCsvWouldBeWithEachCellsValueNotItsDisplay() throws IOException {
        for (boolean xlsx : new boolean[]{true, false}) {
            Path file = book(xlsx ? "lab.xlsx" : "lab.xls", xlsx, null);
            assertTrue(Workbooks.isWorkbook(file));
            CsvVectors.Table t = CsvVectors.readTable(file, List.of(), -1, null);
            assertEquals(List.of("day", "mix", "cement", "share", "twice", "start", "logged"), t.names(), file.toString());
            assertEquals("sheet Data read (1 other sheet with cells left out: Notes)", t.leftOut());
            assertEquals(ROWS, t.rows().numRows, "the empty sheet row is no row");
            assertEquals(List.of("A, wet", "B"), t.labels().get(1), "text with a comma is one label");
            long day = LocalDate.of(2020, 1, 1).toEpochDay();
            for (int i = 0; i < ROWS; i++) {
                assertEquals(day + i, t.rows().get(i, 0), 0.0, "a date cell as the day it is");
                assertEquals(3.14159 + i, t.rows().get(i, 2), 0.0, "the number stored, not its two places shown");
                assertEquals(0.125 * (i + 1), t.rows().get(i, 3), 0.0, "a percentage cell as its number");
                assertEquals(2 * (3.14159 + i), t.rows().get(i, 4), 1e-12, "a formula's computed value");
            }
            RecordSchema read = new RecordSchema(RecordSchema.Format.CSV, t.names(), "", t.labels(), t.textForms());
            assertTrue(read.isTime(0) && read.isTime(5) && read.isTime(6) && !read.isTime(2), t.textForms().toString());
            assertEquals("2020-01-01", read.text(0, t.rows().get(0, 0)), "dd.mm.yyyy: a date");
            assertEquals("08:30:15", read.text(5, t.rows().get(0, 5)), "h:mm:ss: a time of day");
            assertEquals("2021-03-04 10:05:00", read.text(6, t.rows().get(0, 6)), "m/d/yy h:mm: both");
            assertEquals(CsvDialect.STANDARD, t.dialect());
        }
    }

    /** As readxl's deaths.xlsx is written: notes above the table (one to five cells a row), footnotes below it. */
    @Test
    void aTableAmidNotesAboveAndFootnotesBelowIsReadAlone() throws IOException {
        Path file = dir.resolve("deaths.xlsx");
        try (Workbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = book.createSheet("arts");
            String[][] notes = {{"Lots of people"}, {"simply cannot resist writing", "some notes"}, {"at", "the", "top", "of", "their spreadsheets"}};
            for (int i = 0; i < notes.length; i++) for (int j = 0; j < notes[i].length; j++) cell(sheet, i, j).setCellValue(notes[i][j]);
            String[] names = {"profession", "age", "kids", "height"};
            for (int j = 0; j < names.length; j++) cell(sheet, 4, j).setCellValue(names[j]);
            for (int i = 0; i < 12; i++) {
                cell(sheet, 5 + i, 0).setCellValue(i % 3 == 0 ? "actor" : "musician");
                cell(sheet, 5 + i, 1).setCellValue(30 + i);
                cell(sheet, 5 + i, 2).setCellValue(i % 2 == 0);
                if (i < 11) cell(sheet, 5 + i, 3).setCellValue(1.6 + 0.01 * i);   // the last row misses its height: still the table's
            }
            cell(sheet, 18, 0).setCellValue("Some");
            cell(sheet, 19, 0).setCellValue("also like to write stuff");
            cell(sheet, 19, 1).setCellValue("at the bottom");
            book.write(out);
        }
        MissingValues missing = new MissingValues();
        CsvVectors.Table t = CsvVectors.readTable(file, List.of(), -1, missing);
        assertEquals(List.of("profession", "age", "kids", "height"), t.names());
        assertEquals("rows 5-17 read (3 rows above the table and 2 below it left out)", t.leftOut());
        assertEquals(11, t.rows().numRows);
        assertEquals(1, missing.droppedRows(), "the row without a height: a missing value, not a footnote");
        assertEquals(List.of("FALSE", "TRUE"), t.labels().get(2));
    }

    /** Headers the table's usual row does not match: one naming a column left empty, and R's row names under an empty first name. */
    @Test
    void aHeaderWiderThanItsRowsOrOverRowNamesIsKept() throws IOException {
        Path wide = dir.resolve("wide.xlsx"), named = dir.resolve("named.xlsx");
        try (Workbook a = new XSSFWorkbook(); Workbook b = new XSSFWorkbook(); OutputStream outA = Files.newOutputStream(wide); OutputStream outB = Files.newOutputStream(named)) {
            Sheet s = a.createSheet("t"), r = b.createSheet("t");
            String[] names = {"x", "y", "comment"};
            for (int j = 0; j < 3; j++) cell(s, 0, j).setCellValue(names[j]);
            for (int j = 0; j < 2; j++) cell(r, 0, j + 1).setCellValue(names[j]);
            for (int i = 1; i <= 10; i++) {
                cell(s, i, 0).setCellValue(i);
                cell(s, i, 1).setCellValue(2.5 * i);
                if (i == 4) cell(s, i, 2).setCellValue("checked");
                cell(r, i, 0).setCellValue("row" + i);
                cell(r, i, 1).setCellValue(i);
                cell(r, i, 2).setCellValue(2.5 * i);
            }
            a.write(outA);
            b.write(outB);
        }
        CsvVectors.Table t = CsvVectors.readTable(wide, List.of(), -1, new MissingValues());
        assertEquals(List.of("x", "y"), t.names(), "the comment column, nine tenths empty, as text left out: " + t.leftOut());
        assertEquals(10, t.rows().numRows);
        CsvVectors.Table u = CsvVectors.readTable(named, List.of(), -1, null);
        assertEquals(List.of("x", "y"), u.names());
        assertArrayEquals(new double[]{1, 2.5}, java.util.Arrays.copyOf(u.rows().data, 2), 0.0);
        assertTrue(u.leftOut().contains("row labels"), u.leftOut());
    }

    private static Cell cell(Sheet sheet, int row, int column) {
        Row r = sheet.getRow(row) == null ? sheet.createRow(row) : sheet.getRow(row);
        return r.createCell(column);
    }

    @Test
    void anErrorCellIsAMissingValueOrNamedAtItsRow() throws IOException {
        Path na = book("na.xlsx", true, FormulaError.NA);
        InputException missing = assertThrows(InputException.class, () -> CsvVectors.readTable(na, List.of(), -1, null));
        assertEquals(na + ":3: field 5 (twice) is '#N/A': a missing value", missing.getMessage().substring(0, missing.getMessage().indexOf(" value") + 6));
        MissingValues dropped = new MissingValues();
        assertEquals(ROWS - 1, CsvVectors.readTable(na, List.of(), -1, dropped).rows().numRows);
        assertEquals(1, dropped.droppedRows());
        Path div = book("div.xls", false, FormulaError.DIV0);
        InputException word = assertThrows(InputException.class, () -> CsvVectors.readTable(div, List.of(), -1, new MissingValues()));
        assertEquals(div + ":3: field 5 (twice) is not a number: '#DIV/0!'", word.getMessage().substring(0, word.getMessage().indexOf("'#DIV/0!'") + 9));
    }

    @Test
    void notEveryZipOrOfficeFileIsAWorkbookAndABrokenOneIsOneLine() throws IOException {
        Path zip = dir.resolve("t.csv.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("t.csv"));
            out.write("a,b\n1,2\n3,4\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertFalse(Workbooks.isWorkbook(zip));
        assertArrayEquals(new double[]{1, 2, 3, 4}, CsvVectors.readTable(zip, List.of(), -1, null).rows().data, 0.0);
        // Spreadsheets that are no .xlsx or .xls: named, with what to do.
        Path ods = zipOf("sheet.ods", "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>");
        assertTrue(assertThrows(InputException.class, () -> CsvVectors.readTable(ods, List.of(), -1, null)).getMessage()
                .matches(java.util.regex.Pattern.quote(ods + ": is an OpenDocument spreadsheet (.ods, LibreOffice's), which fit does not read") + ".*: save it as .xlsx or CSV"));
        Path xlsb = zipOf("book.xlsb", "[Content_Types].xml", "<x/>", "xl/workbook.bin", "x");
        assertTrue(assertThrows(InputException.class, () -> CsvVectors.readTable(xlsb, List.of(), -1, null)).getMessage()
                .matches(java.util.regex.Pattern.quote(xlsb + ": is an Excel binary workbook (.xlsb), which fit does not read") + ".*: save it as .xlsx or CSV"));
        Path cut = dir.resolve("cut.xlsx");
        byte[] whole = Files.readAllBytes(book("whole.xlsx", true, null));
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        InputException e = assertThrows(InputException.class, () -> CsvVectors.readTable(cut, List.of(), -1, null));
        assertTrue(e.getMessage().startsWith(cut + ": ") && !e.getMessage().contains("\n"), e.getMessage());
        Path locked = dir.resolve("locked.xlsx");
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs = new org.apache.poi.poifs.filesystem.POIFSFileSystem()) {
            org.apache.poi.poifs.crypt.Encryptor encryptor = new org.apache.poi.poifs.crypt.EncryptionInfo(org.apache.poi.poifs.crypt.EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("secret");
            try (org.apache.poi.openxml4j.opc.OPCPackage pkg = org.apache.poi.openxml4j.opc.OPCPackage.open(Files.newInputStream(dir.resolve("whole.xlsx")));
                 OutputStream out = encryptor.getDataStream(fs)) {
                pkg.save(out);
            } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException | java.security.GeneralSecurityException failed) {
                throw new IOException(failed);
            }
            try (OutputStream out = Files.newOutputStream(locked)) {
                fs.writeFilesystem(out);
            }
        }
        assertEquals(locked + ": is a workbook protected by a password: save its sheet as CSV, or without the password",
                assertThrows(InputException.class, () -> CsvVectors.readTable(locked, List.of(), -1, null)).getMessage());
        Path empty = dir.resolve("empty.xlsx");
        try (Workbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(empty)) {
            book.createSheet("Sheet1");
            book.write(out);
        }
        assertEquals(empty + ": no samples: none of its 1 sheets holds a cell",
                assertThrows(InputException.class, () -> CsvVectors.readTable(empty, List.of(), -1, null)).getMessage());
    }

    /** A zip archive of these entries (name, text, name, text, ...). */
    private Path zipOf(String name, String... entries) throws IOException {
        Path zip = dir.resolve(name);
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < entries.length; i += 2) {
                out.putNextEntry(new java.util.zip.ZipEntry(entries[i]));
                out.write(entries[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void rowsWrittenAsAWorkbookReadBackToTheSameValues() throws IOException {
        RecordSchema columns = RecordSchema.named(RecordSchema.Format.CSV, List.of("mix", "cement", "day"))
                .withLabels(List.of(List.of("A, wet", "B"), List.of(), List.of()))
                .withTextForms(List.of("", "", TimeFormat.detect("2020-01-01").pattern()));
        DMatrixRMaj rows = new DMatrixRMaj(ROWS, 3);
        for (int i = 0; i < ROWS; i++) {
            rows.set(i, 0, i % 2);
            rows.set(i, 1, i == 3 ? 1e-7 : 3.14159 * (i - 5));
            rows.set(i, 2, 18262 + 3 * i);
        }
        Path file = dir.resolve("gen.xlsx");
        Tables.write(file, rows, columns);
        CsvVectors.Table back = CsvVectors.readTable(file, List.of(), -1, null);
        assertEquals(columns.names(), back.names());
        assertArrayEquals(rows.data, back.rows().data, 0.0);
        assertEquals(columns.textForms(), back.textForms());
        assertEquals(InputException.class, assertThrows(RuntimeException.class, () -> Tables.outputShape(dir.resolve("gen.xls"), columns)).getClass());
    }
}
