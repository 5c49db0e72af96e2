package io.scorestream.cli;

import io.scorestream.data.RealDatasets;
import io.scorestream.io.CsvVectors;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DatasetCommandTest {
    @Test
    void writesEveryRowOfTheNamedDataSet(@TempDir Path dir) {
        Path out = dir.resolve("penguins.csv");
        CliRun run = CliRun.of("dataset", "penguins", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        DMatrixRMaj written = CsvVectors.read(out);
        assertEquals(342, written.numRows);
        assertArrayEquals(RealDatasets.load("penguins").data, written.data, 0.0);
        // The header names the columns, so a model fitted on the file keeps them.
        assertEquals(List.of("beak_length_mm,beak_depth_mm,flipper_length_mm,body_mass_g"), firstLine(out));
    }

    /** A set with label columns is written with its labels as text, and reads back as the set: same labels, same indices. */
    @Test
    void labelsAreWrittenAsTextAndReadBackIdentically(@TempDir Path dir) throws java.io.IOException {
        Path out = dir.resolve("penguins-labels.csv");
        CliRun run = CliRun.of("dataset", "penguins-labels", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("species,island,beak_length_mm,beak_depth_mm,flipper_length_mm,body_mass_g,sex", lines.get(0));
        assertEquals("Adelie,Torgersen,39.1,18.7,181,3750,MALE", lines.get(1));
        assertEquals(334, lines.size());
        try (var shipped = RealDatasets.class.getResourceAsStream("real/penguins-labels.csv")) {
            List<String> source = new String(shipped.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String[] written = lines.get(i).split(","), vendored = source.get(i).split(",");
                for (int j : new int[]{0, 1, 6}) assertEquals(vendored[j], written[j], "line " + (i + 1) + " column " + (j + 1));
            }
        }
        CsvVectors.Table read = CsvVectors.readTable(out, List.of(), -1, null);
        assertEquals(RealDatasets.labels("penguins-labels"), read.labels());
        assertArrayEquals(RealDatasets.load("penguins-labels").data, read.rows().data, 0.0);
    }

    @Test
    void theDelayEmbeddingsColumnsAreNamedByTheirLag(@TempDir Path dir) {
        Path out = dir.resolve("hourly.csv");
        assertEquals(0, CliRun.of("dataset", "hourly-delay", "--out", out.toString()).exitCode());
        assertEquals(List.of(String.join(",", RealDatasets.columnNames("hourly-delay"))), firstLine(out));
        assertEquals(8, RealDatasets.columnNames("hourly-delay").size());
        assertTrue(RealDatasets.columnNames("hourly-delay").get(7).endsWith("_t+7"));
        for (String kind : RealDatasets.kinds())
            assertEquals(RealDatasets.load(kind).numCols, RealDatasets.columnNames(kind).size(), kind);
    }

    private static List<String> firstLine(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.limit(1).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void carsIsWrittenWithoutTheRowsMissingAValue(@TempDir Path dir) throws java.io.IOException {
        Path out = dir.resolve("cars.csv");
        CliRun run = CliRun.of("dataset", "cars", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        DMatrixRMaj written = CsvVectors.read(out, 7); // strict: an empty cell would fail the read
        assertEquals(392, written.numRows);
        assertFalse(Files.readString(out).contains(",,"));
    }

    @Test
    void listsEveryDataSetWithItsShape() {
        CliRun run = CliRun.of("dataset", "--list");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(RealDatasets.kinds().size(), run.out().lines().count());
        // The names in one column as wide as the longest (penguins-labels).
        assertTrue(run.out().contains("digits          d=64  rows=1797"), run.out());
        assertTrue(run.out().contains("hourly-delay    d=8   rows=8752"), run.out());
        assertTrue(run.out().contains("breast-cancer   d=30  rows=569"), run.out());
        assertTrue(run.out().contains("flights         d=2   rows=10000"), run.out());
        assertTrue(run.out().contains("penguins-labels d=7   rows=333"), run.out());
    }

    @Test
    void badRequestsAreOneLineAndWriteNothing(@TempDir Path dir) {
        Path out = dir.resolve("x.csv");
        assertTrue(CliRun.of("dataset", "mnist", "--out", out.toString()).singleErrorLine().contains("unknown data set 'mnist'; known: iris"));
        assertTrue(CliRun.of("dataset", "iris").singleErrorLine().contains("--out FILE is required"));
        assertTrue(CliRun.of("dataset").singleErrorLine().contains("or use --list"));
        assertFalse(Files.exists(out));
    }
}
