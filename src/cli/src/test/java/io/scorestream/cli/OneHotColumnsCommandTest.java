package io.scorestream.cli;

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
 * A category written one-hot (covertype's soil types, a data set's dummy columns): indicator
 * columns of which exactly one is 1 in every row. The exact relation that they sum to one was kept
 * on output, but rounded column by column: most generated rows had every indicator rounded to 0,
 * and the relation gave its pivot the 1 (one category in most rows). Then one indicator per row
 * was set, the one generated highest. Now the group is learned as one column of labels, drawn from
 * its law given the other columns, and written back as its indicator columns in their order:
 * each category keeps its share and its rows their numbers.
 */
class OneHotColumnsCommandTest {
    private static final int CATEGORIES = 20, ROWS = 4000;

    /** Four numbers, the first shifted by its row's category, and twenty categories one-hot: five of 9 % each, fifteen of 3.7 %. */
    private static Path oneHot(Path dir, int[] count) throws IOException {
        StringBuilder text = new StringBuilder("a,b,c,e");
        for (int c = 1; c <= CATEGORIES; c++) text.append(",kind").append(c);
        text.append('\n');
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < ROWS; i++) {
            double u = rng.nextDouble();
            int kind = u < 0.45 ? (int) (u / 0.09) : Math.min(CATEGORIES - 1, 5 + (int) ((u - 0.45) / (0.55 / 15)));
            count[kind]++;
            text.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f", 0.2 * kind + rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()));
            for (int c = 0; c < CATEGORIES; c++) text.append(c == kind ? ",1" : ",0");
            text.append('\n');
        }
        return Files.writeString(dir.resolve("kinds.csv"), text);
    }

    @Test
    void everyRowHasOneCategoryAndEachCategoryItsShare(@TempDir Path dir) throws IOException {
        int[] inData = new int[CATEGORIES];
        Path data = oneHot(dir, inData), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--seed", "3");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("columns 5..24 (kind1 … kind20) are one category written one-hot: learned as one column of 20 labels, written back as its columns"), fit.err());
        assertTrue(fit.err().contains("samples of dimension 5 from"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "4000", "--out", out.toString(), "--seed", "6");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(4001, lines.size());
        assertEquals(Files.readAllLines(data).get(0), lines.get(0), "the file's columns, in its order");
        int[] count = new int[CATEGORIES];
        double[] sumA = new double[CATEGORIES];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int ones = 0, kind = -1;
            for (int c = 0; c < CATEGORIES; c++) {
                String v = f[4 + c];
                assertTrue(v.equals("0") || v.equals("1"), "an indicator is 0 or 1: " + line);
                if (v.equals("1")) { ones++; kind = c; }
            }
            assertEquals(1, ones, "one category a row: " + line);
            count[kind]++;
            sumA[kind] += Double.parseDouble(f[0]);
        }
        // Column a is shifted by 0.2 per category: the first five categories (9 % each) against the last five (3.7 %), 1.6 apart in the data.
        double low = 0, lowRows = 0, high = 0, highRows = 0;
        for (int c = 0; c < 5; c++) { low += sumA[c]; lowRows += count[c]; }
        for (int c = CATEGORIES - 5; c < CATEGORIES; c++) { high += sumA[c]; highRows += count[c]; }
        assertEquals(0.2 * ((CATEGORIES - 3) - 2), high / highRows - low / lowRows, 0.3, "a's mean given the category");
        for (int c = 0; c < CATEGORIES; c++) {
            // Five standard errors of a 9 % share of 4 000 rows; the relation's pivot took 13 % where its data has 9 %.
            assertEquals((double) inData[c] / ROWS, count[c] / 4000.0, 0.022, "kind" + (c + 1) + "'s share");
        }
    }
}
