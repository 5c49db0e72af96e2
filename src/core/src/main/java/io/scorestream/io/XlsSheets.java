package io.scorestream.io;

import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An Excel 97–2003 workbook (.xls: at most 65 536 rows a sheet) through POI's user model, whole in memory. */
final class XlsSheets {
    private XlsSheets() {}

    static List<SheetRows> read(Path file) throws IOException {
        List<SheetRows> sheets = new ArrayList<>();
        try (Workbook book = WorkbookFactory.create(file.toFile(), null, true)) {
            for (Sheet sheet : book) {
                SheetRows.Builder rows = new SheetRows.Builder(sheet.getSheetName());
                for (Row row : sheet) {
                    rows.row(row.getRowNum());
                    for (Cell cell : row) add(rows, cell, cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType());
                }
                sheets.add(rows.build());
            }
        } catch (EncryptedDocumentException e) {
            throw Workbooks.passwordProtected(file);
        }
        return sheets;
    }

    private static void add(SheetRows.Builder rows, Cell cell, CellType type) {
        int column = cell.getColumnIndex();
        switch (type) {
            case NUMERIC -> {
                if (DateUtil.isCellDateFormatted(cell)) rows.date(column, cell.getLocalDateTimeCellValue(), cell.getCellStyle().getDataFormatString());
                else rows.number(column, cell.getNumericCellValue());
            }
            case STRING -> rows.text(column, cell.getStringCellValue());
            case BOOLEAN -> rows.bool(column, cell.getBooleanCellValue());
            case ERROR -> rows.error(column, FormulaError.forInt(cell.getErrorCellValue()).getString());
            default -> { }   // BLANK
        }
    }
}
