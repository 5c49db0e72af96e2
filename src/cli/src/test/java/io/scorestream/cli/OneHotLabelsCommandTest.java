package io.scorestream.cli;

import io.scorestream.io.Tables;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A category written one-hot is learned as one column of labels (OneHotColumns) and written back
 * as its columns: through every output format, with --column overrides numbered as the file's
 * columns, in report's reading of a reference file, and refused where a log density would mean
 * nothing.
 */
class OneHotLabelsCommandTest {
    private static final List<String> HEADER = List.of("x", "c_a", "c_b", "c_c", "y", "g_no", "g_yes");

    /** x shifted by a three-valued category written one-hot, y by a two-valued one. */
    private static Path table(Path dir, boolean header) throws IOException {
        StringBuilder text = new StringBuilder(header ? String.join(",", HEADER) + "\n" : "");
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 600; i++) {
            int c = rng.nextInt(3), g = rng.nextInt(2);
            text.append(String.format(Locale.ROOT, "%.3f,%d,%d,%d,%.3f,%d,%d%n", 2.0 * c + 0.5 * rng.nextGaussian(),
                    c == 0 ? 1 : 0, c == 1 ? 1 : 0, c == 2 ? 1 : 0, 3.0 * g + 0.5 * rng.nextGaussian(), g == 0 ? 1 : 0, g));
        }
        return Files.writeString(dir.resolve(header ? "t.csv" : "t-headerless.csv"), text);
    }

    private static void assertOneOfEachGroup(DMatrixRMaj rows) {
        for (int i = 0; i < rows.numRows; i++) {
            assertEquals(1.0, rows.get(i, 1) + rows.get(i, 2) + rows.get(i, 3), "row " + i + ": one of c_a, c_b, c_c");
            assertEquals(1.0, rows.get(i, 5) + rows.get(i, 6), "row " + i + ": one of g_no, g_yes");
            for (int j : new int[]{1, 2, 3, 5, 6}) assertTrue(rows.get(i, j) == 0 || rows.get(i, j) == 1);
        }
    }

    @Test
    void everyOutputFormatWritesTheIndicatorColumnsInTheirOrder(@TempDir Path dir) throws IOException {
        Path data = table(dir, true), model = dir.resolve("m.bin");
        CliRun fit = CliRun.fit(data, model, 8, "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("columns 2..4 (c_a … c_c) are one category written one-hot: learned as one column of 3 labels"), fit.err());
        assertTrue(fit.err().contains("columns 6..7 (g_no … g_yes) are one category written one-hot: learned as one column of 2 labels"), fit.err());
        assertTrue(fit.err().contains("columns csv [x, c, y, g]"), fit.err());
        for (String name : List.of("g.csv", "g.jsonl", "g.json", "g.parquet", "g.arff")) {
            Path out = dir.resolve(name);
            CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "300", "--out", out.toString(), "--seed", "2");
            assertEquals(0, sample.exitCode(), name + ": " + sample.err());
            Tables.Table read = Tables.read(out, List.of());
            assertEquals(HEADER, read.columns().names(), name);
            assertEquals(300, read.rows().numRows, name);
            assertOneOfEachGroup(read.rows());
        }
    }

    @Test
    void anAvroOrParquetFilesCategoryIsReadAsLabelsAndWrittenInItsOwnFields(@TempDir Path dir) throws IOException {
        Path data = table(dir, true), model = dir.resolve("m.bin"), parquet = dir.resolve("t.parquet");
        assertEquals(0, CliRun.fit(data, model, 8).exitCode());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "400", "--out", parquet.toString()).exitCode());
        Path fromParquet = dir.resolve("p.bin"), avro = dir.resolve("g.avro");
        CliRun fit = CliRun.fit(parquet, fromParquet, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("columns avro [x, c, y, g]"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", fromParquet.toString(), "--n", "200", "--out", avro.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        Tables.Table read = Tables.read(avro, List.of());
        assertEquals(HEADER, read.columns().names());
        assertOneOfEachGroup(read.rows());
    }

    @Test
    void dummyColumnsOfFalseAndTrueAsPandasWritesThemComeBackAsOneTrueARow(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder("x,colour_blue,colour_green,colour_red\n");
        SplittableRandom rng = new SplittableRandom(3);
        int[] count = new int[3];
        for (int i = 0; i < 900; i++) {
            int c = rng.nextDouble() < 0.5 ? 0 : rng.nextDouble() < 0.6 ? 1 : 2;
            count[c]++;
            text.append(String.format(Locale.ROOT, "%.3f,%s,%s,%s%n", c + 0.3 * rng.nextGaussian(), c == 0 ? "True" : "False", c == 1 ? "True" : "False", c == 2 ? "True" : "False"));
        }
        Path data = Files.writeString(dir.resolve("dummies.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("g.csv");
        CliRun fit = CliRun.fit(data, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("columns 2..4 (colour_blue … colour_red) are one category written one-hot"), fit.err());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "1500", "--out", out.toString()).exitCode());
        List<String> lines = Files.readAllLines(out);
        assertEquals("x,colour_blue,colour_green,colour_red", lines.get(0));
        int[] generated = new int[3];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int trues = 0;
            for (int c = 0; c < 3; c++) {
                assertTrue(f[1 + c].equals("True") || f[1 + c].equals("False"), line);
                if (f[1 + c].equals("True")) { trues++; generated[c]++; }
            }
            assertEquals(1, trues, "one True a row: " + line);
        }
        for (int c = 0; c < 3; c++) assertEquals(count[c] / 900.0, generated[c] / 1500.0, 0.05, "colour " + c + "'s share");
    }

    @Test
    void theCategoryKeepsItsLawGivenTheNumbers(@TempDir Path dir) throws IOException {
        Path data = table(dir, true), model = dir.resolve("m.bin"), out = dir.resolve("g.csv");
        assertEquals(0, CliRun.fit(data, model, 30, "--seed", "1").exitCode());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "3000", "--out", out.toString(), "--seed", "3").exitCode());
        DMatrixRMaj rows = Tables.read(out, List.of()).rows();
        assertOneOfEachGroup(rows);
        double[] sum = new double[3], count = new double[3];
        for (int i = 0; i < rows.numRows; i++) {
            int c = rows.get(i, 1) == 1 ? 0 : rows.get(i, 2) == 1 ? 1 : 2;
            sum[c] += rows.get(i, 0);
            count[c]++;
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(1 / 3.0, count[c] / rows.numRows, 0.04, "category " + c + "'s share");
            assertEquals(2.0 * c, sum[c] / count[c], 0.15, "x's mean given category " + c);
        }
    }

    @Test
    void columnOverridesAreTheFilesColumnsAndAnOverriddenIndicatorStaysAColumn(@TempDir Path dir) throws IOException {
        Path data = table(dir, true), model = dir.resolve("m.bin"), out = dir.resolve("g.csv");
        // Column 5 of the file is y, the third column learned: its lower bound lands on y, not on g.
        CliRun fit = CliRun.fit(data, model, 8, "--column", "5=min=-1");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("column 3: ") && fit.err().lines().anyMatch(l -> l.contains("column 3: ") && l.contains("range [-1.0,")), fit.err());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "500", "--out", out.toString(), "--seed", "2").exitCode());
        DMatrixRMaj rows = Tables.read(out, List.of()).rows();
        for (int i = 0; i < rows.numRows; i++) assertTrue(rows.get(i, 4) >= -1, "y ≥ -1: " + rows.get(i, 4));

        CliRun typed = CliRun.fit(data, dir.resolve("m2.bin"), 8, "--column", "c_b=integer");
        assertEquals(0, typed.exitCode(), typed.err());
        assertFalse(typed.err().contains("(c_a … c_c) are one category"), "a group the user typed a column of stays columns: " + typed.err());
        assertTrue(typed.err().contains("columns csv [x, c_a, c_b, c_c, y, g]"), typed.err());
    }

    @Test
    void aHeaderlessFilesCategoryComesBackInPlace(@TempDir Path dir) throws IOException {
        Path data = table(dir, false), model = dir.resolve("m.bin"), out = dir.resolve("g.csv");
        CliRun fit = CliRun.fit(data, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("columns 2..4 (x2 … x4) are one category written one-hot"), fit.err());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "200", "--out", out.toString()).exitCode());
        List<String> lines = Files.readAllLines(out);
        assertEquals(200, lines.size(), "bare rows, as the file was");
        assertEquals(7, lines.get(0).split(",").length, lines.get(0));
        assertOneOfEachGroup(Tables.read(out, List.of()).rows());
    }

    @Test
    void reportReadsTheReferenceThroughTheCategoryAndEvalModelRefusesInOneLine(@TempDir Path dir) throws IOException {
        Path data = table(dir, true), model = dir.resolve("m.bin");
        assertEquals(0, CliRun.fit(data, model, 8).exitCode());
        CliRun report = CliRun.of("report", "--model", model.toString(), "--reference", data.toString(), "--out", dir.resolve("r").toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(Files.exists(dir.resolve("r").resolve("index.html")));

        // A reference row holding two categories of one group is named.
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(data));
        String[] f = lines.get(3).split(",");
        f[1] = "1"; f[2] = "1"; f[3] = "0";
        lines.set(3, String.join(",", f));
        Path bad = Files.write(dir.resolve("bad.csv"), lines);
        String error = CliRun.of("report", "--model", model.toString(), "--reference", bad.toString(), "--out", dir.resolve("r2").toString()).singleErrorLine();
        assertTrue(error.contains("bad.csv") && error.contains("row 3: columns c_a … c_c are one category written one-hot in the model, and this row holds 2 ones there"), error);

        String eval = CliRun.of("eval", "--generated", data.toString(), "--reference", data.toString(), "--model", model.toString()).singleErrorLine();
        assertTrue(eval.contains("--model gives the log density of numeric columns only, and this model learned a category written one-hot as a column of labels"), eval);
    }
}
