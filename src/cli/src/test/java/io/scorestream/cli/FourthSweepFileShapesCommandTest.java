package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static io.scorestream.cli.RealFileShapesCommandTest.fitAndSample;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Shapes of files met by a fourth sweep over public data sets nobody on the project made
 * (QUALITY.md, "A fourth sweep"): high dimensions, large files, data shipped in Maven and Debian
 * packages, each through {@code fit} and {@code sample} (and {@code eval}) as a user runs them; the
 * earlier sweeps' are in {@link RealFileShapesCommandTest}, {@link MoreRealFileShapesCommandTest}
 * and {@link ThirdSweepFileShapesCommandTest}.
 */
class FourthSweepFileShapesCommandTest {
    @TempDir Path dir;

    /**
     * A headerless file with a label column, as UCI's .data files are (OpenCV's
     * letter-recognition.data: {@code T,2,8,3,5,1,8,13,0,...}): its first row was taken as the
     * header, "header names column 8 twice" (or, with no number repeated, the row became the
     * columns' names and was lost). A first row whose every text field recurs in its column below
     * and whose numbers sit over numbers is a row; the labels are learned without names and
     * written back with no header line, one of the column's own in every generated row.
     */
    @Test
    void aHeaderlessFileWithALabelColumnKeepsItsFirstRow() throws IOException {
        StringBuilder text = new StringBuilder("T,2,8,3,5,1,8,13,0\n");
        Random rng = new Random(41);
        String letters = "ABCDT";
        for (int i = 0; i < 299; i++) {
            char letter = letters.charAt(rng.nextInt(letters.length()));
            text.append(letter);
            for (int f = 0; f < 8; f++) text.append(',').append(letter - 'A' + rng.nextInt(6));
            text.append('\n');
        }
        Path data = Files.writeString(dir.resolve("letter-recognition.data"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 300);
        assertTrue(fit.err().contains("300 samples of dimension 9 from " + data + ", columns csv (unnamed)"), fit.err());
        assertTrue(fit.err().contains("column 1: 5 labels, learned as their indices 0..4: A, B, C, D, T"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(300, lines.size(), "no header line: " + lines.get(0));
        for (String line : lines) {
            String[] f = line.split(",");
            assertEquals(9, f.length, line);
            assertTrue(Set.of("A", "B", "C", "D", "T").contains(f[0]), line);
            for (int j = 1; j < 9; j++) assertTrue(f[j].matches("\\d{1,2}") && Integer.parseInt(f[j]) <= 24, line);
        }
        CliRun eval = CliRun.of("eval", "--generated", out.toString(), "--reference", data.toString());
        assertEquals(0, eval.exitCode(), eval.err());
    }

    /**
     * The label last, numbers with decimals first, as iris.data opens ({@code 5.1,3.5,1.4,0.2,Iris-setosa}):
     * the first row was read as the names 5.1, 3.5, … and lost. A header whose names are numbers
     * (years) above a text column whose values never repeat the header's first name stays a header.
     */
    @Test
    void aLabelledFirstRowIsDataButNumericNamesStayAHeader() throws IOException {
        StringBuilder text = new StringBuilder();
        Random rng = new Random(42);
        String[] species = {"Iris-setosa", "Iris-versicolor", "Iris-virginica"};
        for (int i = 0; i < 150; i++)
            text.append(String.format(Locale.ROOT, "%.1f,%.1f,%s%n", 4.5 + i / 50 + rng.nextDouble(), 2 + rng.nextDouble(), species[i / 50]));
        Path iris = Files.writeString(dir.resolve("iris.data"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(iris, model, out, 200);
        assertTrue(fit.err().contains("150 samples of dimension 3 from " + iris + ", columns csv (unnamed)"), fit.err());
        assertTrue(fit.err().contains("column 3: 3 labels"), fit.err());
        assertEquals(200, Files.readAllLines(out).size());

        StringBuilder years = new StringBuilder("country,1960,1961\n");
        for (int i = 0; i < 60; i++) years.append(String.format(Locale.ROOT, "c%d,%.2f,%.2f%n", i % 20, 1 + rng.nextDouble(), 1 + rng.nextDouble()));
        Path wide = Files.writeString(dir.resolve("fertility.csv"), years), out2 = dir.resolve("gen2.csv");
        CliRun named = fitAndSample(wide, dir.resolve("m2.bin"), out2, 50);
        assertTrue(named.err().contains("60 samples of dimension 3 from " + wide + ", columns csv [country, 1960, 1961]"), named.err());
        assertEquals("country,1960,1961", Files.readAllLines(out2).get(0));
    }
}
