package io.scorestream.cli;

import io.scorestream.data.RealDatasets;
import io.scorestream.io.CsvVectors;
import io.scorestream.model.ModelFiles;
import io.scorestream.model.ScoreModel;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Rows with a missing value: fit stops at the first with its line and column and points to
 * --drop-incomplete, which leaves such rows out and says how many. On the cars data as shipped
 * (the source's nulls kept as empty cells) and on JSON Lines with null and absent fields.
 */
class FitMissingValuesTest {
    @TempDir Path dir;

    private Path carsAsShipped() throws IOException {
        Path file = dir.resolve("cars.csv");
        try (InputStream in = RealDatasets.class.getResourceAsStream("real/cars.csv")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aMissingValueStopsFitWithItsLineAndColumnAndNoModel() throws IOException {
        Path cars = carsAsShipped(), model = dir.resolve("cars.model");
        String line = CliRun.of("fit", "--input", cars.toString(), "--model", model.toString()).singleErrorLine();
        // Line 12 of the file is the first row without mpg (",4,133,115,3090,17.5,1970").
        assertTrue(line.endsWith(cars + ":12: field 1 (mpg) is empty: a missing value (--drop-incomplete leaves out rows with a missing value)"), line);
        assertFalse(Files.exists(model));
    }

    @Test
    void dropIncompleteLeavesThoseRowsOutAndSaysHowMany() throws IOException {
        Path cars = carsAsShipped(), model = dir.resolve("cars.model"), out = dir.resolve("gen.csv");
        CliRun fit = CliRun.of("fit", "--input", cars.toString(), "--model", model.toString(), "--drop-incomplete", "--levels", "40");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("left out 14 of 406 rows with a missing value (first missing: mpg 8, horsepower 6)"), fit.err());
        assertTrue(fit.err().contains("392 samples of dimension 7"), fit.err());
        ScoreModel m = ModelFiles.load(model);
        assertEquals(7, m.dimension());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "200", "--out", out.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        DMatrixRMaj generated = CsvVectors.read(out, 7); // strict: a NaN or empty cell would fail here
        assertEquals(200, generated.numRows);
        for (int i = 0; i < generated.numRows; i++) {
            double cylinders = generated.get(i, 1);
            assertTrue(cylinders == Math.rint(cylinders) && cylinders >= 3 && cylinders <= 8, "cylinders " + cylinders);
        }
    }

    @Test
    void jsonLinesWithNullOrAbsentFieldsAreNamedOrLeftOut() throws IOException {
        Path file = dir.resolve("r.jsonl"), model = dir.resolve("r.model");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) text.append(String.format("{\"a\":%d,\"b\":%d.5}%n", i % 7, i));
        text.insert(0, "{\"a\":1,\"b\":2}\n").append("{\"a\":null,\"b\":3}\n{\"b\":4}\n");
        Files.writeString(file, text);
        String line = CliRun.of("fit", "--input", file.toString(), "--model", model.toString()).singleErrorLine();
        assertTrue(line.endsWith(file + ":62: field a is null (--drop-incomplete leaves out rows with a missing value)"), line);
        CliRun fit = CliRun.of("fit", "--input", file.toString(), "--model", model.toString(), "--drop-incomplete", "--levels", "20");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("left out 2 of 63 rows with a missing value (first missing: a 2)"), fit.err());
    }

    /**
     * A table as the UCI repository ships many (auto-mpg's shape): "?" for a missing value and a
     * text column of names. The names are left out and said so, "?" is a missing value; eval reads
     * held-out rows of the same shape.
     */
    @Test
    void uciQuestionMarksAreMissingValuesAndTextColumnsAreLeftOut() throws IOException {
        Path file = dir.resolve("auto.csv"), model = dir.resolve("auto.model"), gen = dir.resolve("gen.csv"), held = dir.resolve("held.csv");
        java.util.Random rng = new java.util.Random(3);
        StringBuilder text = new StringBuilder("mpg,cylinders,horsepower,name\n"), heldOut = new StringBuilder(text);
        for (int i = 0; i < 300; i++) {
            boolean big = rng.nextBoolean();
            String row = String.format(java.util.Locale.ROOT, "%.1f,%d,%s,\"%s %d\"%n", (big ? 15 : 30) + 2 * rng.nextGaussian(), big ? 8 : 4,
                    i == 40 || i == 90 ? "?" : Long.toString(Math.round((big ? 150 : 80) + 10 * rng.nextGaussian())), big ? "chevrolet impala" : "datsun 510", i);
            (i < 240 ? text : heldOut).append(row);
        }
        Files.writeString(file, text);
        Files.writeString(held, heldOut);
        String line = CliRun.of("fit", "--input", file.toString(), "--model", model.toString()).singleErrorLine();
        assertTrue(line.endsWith(file + ":42: field 3 (horsepower) is '?': a missing value (--drop-incomplete leaves out rows with a missing value)"), line);
        assertFalse(Files.exists(model));
        CliRun fit = CliRun.of("fit", "--input", file.toString(), "--model", model.toString(), "--drop-incomplete", "--levels", "20");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("1 column of free text or dates (name) left out"), fit.err());
        assertTrue(fit.err().contains("left out 2 of 240 rows with a missing value (first missing: horsepower 2)"), fit.err());
        assertEquals(java.util.List.of("mpg", "cylinders", "horsepower"), ModelFiles.load(model).recordSchema().names());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "60", "--out", gen.toString(), "--seed", "2").exitCode());
        // eval leaves the reference's text column out too, so the columns line up.
        CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", held.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("dimension                   3"), eval.out());
    }

    @Test
    void aFileWhoseEveryRowHasAMissingValueIsOneClearLine() throws IOException {
        Path file = dir.resolve("gaps.csv"), model = dir.resolve("g.model");
        Files.writeString(file, "x,y\n1,\nNA,2\n");
        String line = CliRun.of("fit", "--input", file.toString(), "--model", model.toString(), "--drop-incomplete").singleErrorLine();
        assertTrue(line.endsWith(file + ": no samples: all 2 rows have a missing value (first missing: y 1, x 1)"), line);
        assertFalse(Files.exists(model));
    }
}
