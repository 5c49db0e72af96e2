package io.scorestream.io;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.ejml.data.DMatrixRMaj;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Rows as an Excel workbook ({@code sample --out gen.xlsx}): one sheet, a header row of the
 * columns' names, a number as a number cell, a label, date, time, percentage or amount as the
 * text a CSV file holds, which {@link Workbooks} reads back as the CSV reader reads that text.
 * Streamed (a window of rows in memory), so that a million rows need no more heap than ten.
 */
final class WorkbookOutput {
    private WorkbookOutput() {}

    /** Rows a sheet of a .xlsx workbook holds, the header's among them (Excel's limit). */
    static final int MAX_ROWS = 1 << 20;

    /** A file whose name ends in .xlsx. */
    static boolean isXlsxName(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    /** A file whose name ends in .xls, which is not written (Excel 97–2003 holds 65 536 rows a sheet). */
    static boolean isXlsName(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xls");
    }

    static void write(OutputStream stream, DMatrixRMaj rows, RecordSchema columns, Path file) throws IOException {
        if (rows.numRows >= MAX_ROWS)
            throw InputException.in(file, rows.numRows + " rows do not fit a sheet of " + MAX_ROWS + " rows (the header's among them): write them as CSV or Parquet");
        SXSSFWorkbook book = new SXSSFWorkbook(256);
        book.setCompressTempFiles(true);
        try {
            Sheet sheet = book.createSheet("generated");
            List<String> names = columns.namesOr(rows.numCols);
            Row header = sheet.createRow(0);
            for (int j = 0; j < rows.numCols; j++) header.createCell(j).setCellValue(names.get(j));
            for (int r = 0; r < rows.numRows; r++) {
                Row row = sheet.createRow(r + 1);
                for (int j = 0; j < rows.numCols; j++) {
                    double v = rows.get(r, j);
                    String text = columns.text(j, v);
                    if (text != null) row.createCell(j).setCellValue(text);
                    else row.createCell(j).setCellValue(v);
                }
            }
            book.write(stream);
        } finally {
            book.close();   // and its temporary files (SXSSF's dispose)
        }
    }
}
