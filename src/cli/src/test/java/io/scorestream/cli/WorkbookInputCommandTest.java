package io.scorestream.cli;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A data set as it ships in a workbook (UCI's concrete data is an .xls, its energy-efficiency data
 * an .xlsx): fit reads its table sheet, sample writes a workbook back, eval compares the two.
 */
class WorkbookInputCommandTest {
    @TempDir Path dir;

    /** A "Notes" sheet first, then "Data": a casting date, a mix label, cement and water, strength by a formula of them. */
    private Path concrete(String name, boolean xlsx) throws IOException {
        Path file = dir.resolve(name);
        Random rng = new Random(7);
        try (Workbook book = xlsx ? new XSSFWorkbook() : new HSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            book.createSheet("Notes").createRow(0).createCell(0).setCellValue("Yeh (1998), kg per m3 of mixture");
            Sheet sheet = book.createSheet("Data");
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            String[] names = {"cast", "mix", "cement", "water", "strength"};
            Row header = sheet.createRow(0);
            for (int j = 0; j < names.length; j++) header.createCell(j).setCellValue(names[j]);
            for (int i = 1; i <= 400; i++) {
                Row row = sheet.createRow(i);
                Cell cast = row.createCell(0);
                cast.setCellValue(LocalDate.of(2020, 1, 1).plusDays(rng.nextInt(365)));
                cast.setCellStyle(date);
                row.createCell(1).setCellValue(rng.nextBoolean() ? "ordinary" : "slag");
                row.createCell(2).setCellValue(Math.round(200 + 300 * rng.nextDouble()));
                row.createCell(3).setCellValue(Math.round(1500 + 500 * rng.nextDouble()) / 10.0);
                row.createCell(4).setCellFormula("ROUND(C" + (i + 1) + "/D" + (i + 1) + "*15,2)");
            }
            book.getCreationHelper().createFormulaEvaluator().evaluateAll();
            book.write(out);
        }
        return file;
    }

    @Test
    void aWorkbooksTableSheetIsFittedAndItsSamplesWrittenAsAWorkbook() throws IOException {
        for (String name : new String[]{"concrete.xlsx", "Concrete_Data.xls"}) {
            Path data = concrete(name, name.endsWith("x")), model = dir.resolve(name + ".bin"), gen = dir.resolve(name + "-gen.xlsx");
            CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "10", "--seed", "1");
            assertEquals(0, fit.exitCode(), fit.err());
            assertTrue(fit.err().contains("400 samples of dimension 5 from " + data + ", columns csv [cast, mix, cement, water, strength]"), fit.err());
            assertTrue(fit.err().contains("sheet Data read (1 other sheet with cells left out: Notes)"), fit.err());
            assertTrue(fit.err().contains("column 1 (cast): dates like 2012-01-31"), fit.err());
            assertTrue(fit.err().contains("column 2 (mix): 2 labels"), fit.err());
            CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "300", "--seed", "2", "--out", gen.toString());
            assertEquals(0, sample.exitCode(), sample.err());
            try (Workbook written = WorkbookFactory.create(gen.toFile(), null, true)) {
                Sheet sheet = written.getSheetAt(0);
                assertEquals(301, sheet.getPhysicalNumberOfRows());
                assertEquals("cast", sheet.getRow(0).getCell(0).getStringCellValue());
                for (int r = 1; r <= 300; r++) {
                    Row row = sheet.getRow(r);
                    LocalDate cast = LocalDate.parse(row.getCell(0).getStringCellValue());
                    assertFalse(cast.isBefore(LocalDate.of(2020, 1, 1)) || cast.isAfter(LocalDate.of(2020, 12, 31)), cast.toString());
                    assertTrue(row.getCell(1).getStringCellValue().matches("ordinary|slag"));
                    double cement = row.getCell(2).getNumericCellValue();
                    assertTrue(cement == Math.rint(cement) && cement >= 200 && cement <= 500, "whole kilograms, as read: " + cement);
                }
            }
            CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", data.toString(), "--json");
            assertEquals(0, eval.exitCode(), eval.err());
            assertEquals(0.0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(eval.out()).get("offTypeShare").asDouble(), 0.0, eval.out());
        }
        // --sheet chooses another sheet than the one of the most rows, by its name in any case; a
        // name the workbook lacks, or --sheet of a file that is no workbook, is one line.
        Path book = dir.resolve("concrete.xlsx");
        CliRun notes = CliRun.of("fit", "--input", book.toString(), "--model", dir.resolve("n.bin").toString(), "--sheet", "notes");
        assertEquals("scorestream fit: " + book + ": no samples", notes.singleErrorLine(), "the Notes sheet read: one cell, a header alone");
        CliRun data = CliRun.of("fit", "--input", book.toString(), "--model", dir.resolve("d.bin").toString(), "--levels", "10", "--sheet", "Data");
        assertEquals(0, data.exitCode(), data.err());
        assertTrue(data.err().contains("sheet Data read (1 other sheet with cells left out: Notes)"), data.err());
        assertEquals("scorestream fit: " + book + ": has no sheet named 'Results' (its sheets: Notes, Data)",
                CliRun.of("fit", "--input", book.toString(), "--model", dir.resolve("r.bin").toString(), "--sheet", "Results").singleErrorLine());
        // eval and report read a reference workbook as fit does: --sheet names the sheet.
        Path gen = dir.resolve("concrete.xlsx-gen.xlsx");
        CliRun bySheet = CliRun.of("eval", "--generated", gen.toString(), "--reference", book.toString(), "--sheet", "data", "--json", "--seed", "3");
        assertEquals(0, bySheet.exitCode(), bySheet.err());
        assertEquals(CliRun.of("eval", "--generated", gen.toString(), "--reference", book.toString(), "--json", "--seed", "3").out(), bySheet.out(),
                "the sheet of the most rows is Data");
        assertEquals("scorestream eval: " + book + ": has no sheet named 'Results' (its sheets: Notes, Data)",
                CliRun.of("eval", "--generated", gen.toString(), "--reference", book.toString(), "--sheet", "Results").singleErrorLine());
        CliRun report = CliRun.of("report", "--model", dir.resolve("d.bin").toString(), "--reference", book.toString(), "--sheet", "Data",
                "--samples", "200", "--out", dir.resolve("report").toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(Files.size(dir.resolve("report").resolve("index.html")) > 0);
        assertEquals("scorestream report: " + book + ": has no sheet named 'Results' (its sheets: Notes, Data)",
                CliRun.of("report", "--model", dir.resolve("d.bin").toString(), "--reference", book.toString(), "--sheet", "Results",
                        "--out", dir.resolve("report").toString()).singleErrorLine());
        // bench-quality judges the named sheet of each --data workbook.
        CliRun bench = CliRun.of("bench-quality", "--data", book.toString(), "--sheet", "Data", "--repeats", "1", "--em-max-components", "2");
        assertEquals(0, bench.exitCode(), bench.err());
        assertTrue(bench.out().lines().anyMatch(l -> l.startsWith("| " + book.getFileName() + " | 5 |")), bench.out());
        assertEquals("scorestream bench-quality: " + book + ": has no sheet named 'Results' (its sheets: Notes, Data)",
                CliRun.of("bench-quality", "--data", book.toString(), "--sheet", "Results").singleErrorLine());
        Path csv = Files.writeString(dir.resolve("plain.csv"), "a,b\n1,2\n3,4\n");
        assertEquals("scorestream eval: " + csv + ": --sheet names a workbook's sheet, and this is no .xlsx or .xls workbook",
                CliRun.of("eval", "--generated", gen.toString(), "--reference", csv.toString(), "--sheet", "Data").singleErrorLine());
        assertEquals("scorestream fit: " + csv + ": --sheet names a workbook's sheet, and this is no .xlsx or .xls workbook",
                CliRun.of("fit", "--input", csv.toString(), "--model", dir.resolve("c.bin").toString(), "--sheet", "Data").singleErrorLine());

        // An .xls is read, not written: one line saying what to name.
        Path model = dir.resolve("concrete.xlsx.bin"), xls = dir.resolve("gen.xls");
        assertEquals("scorestream sample: " + xls + ": workbooks are written as .xlsx (an .xls sheet holds 65 536 rows): name a .xlsx file",
                CliRun.of("sample", "--model", model.toString(), "--n", "10", "--out", xls.toString()).singleErrorLine());
        assertFalse(Files.exists(xls));
    }
}
