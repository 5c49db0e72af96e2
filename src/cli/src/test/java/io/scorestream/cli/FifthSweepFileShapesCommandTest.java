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
 * Shapes of files met by a fifth sweep over public data sets nobody on the project made
 * (QUALITY.md, "A fifth sweep"): gnuplot's demo data, R data.table's and astropy's test files,
 * each through {@code fit} and {@code sample} as a user runs them; the earlier sweeps' are in
 * {@link RealFileShapesCommandTest}, {@link MoreRealFileShapesCommandTest},
 * {@link ThirdSweepFileShapesCommandTest} and {@link FourthSweepFileShapesCommandTest}.
 */
class FifthSweepFileShapesCommandTest {
    @TempDir Path dir;

    /**
     * gnuplot's data files (glass.dat, world.dat, fit3.dat, soundvel.dat) hold blocks of rows
     * separated by blank lines, some with a '#' line above a block, and blank lines among the
     * comments opening the file: every one stopped at its first blank line, "blank line before the
     * end of the data" (soundvel.dat at line 5, before any data). Every row is read; a '#' line
     * between blocks is a comment in a file that opens with one.
     */
    @Test
    void blocksOfRowsSeparatedByBlankLinesAndCommentsAreAllRead() throws IOException {
        StringBuilder text = new StringBuilder("#\n#   sound velocity\n#\n\n# transverse\n\n");
        Random rng = new Random(51);
        for (int block = 0; block < 3; block++) {
            if (block > 0) text.append("\n# block ").append(block).append("\n\n");
            for (int i = 0; i < 40; i++)
                text.append(String.format(Locale.ROOT, "%.4f    %.6f%n", -60 + 3 * i + rng.nextDouble(), 800 + 100 * block + 50 * rng.nextDouble()));
        }
        Path data = Files.writeString(dir.resolve("soundvel.dat"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 200);
        assertTrue(fit.err().contains("120 samples of dimension 2 from " + data), fit.err());
        for (String line : Files.readAllLines(out)) {
            String[] f = line.split(",");
            assertEquals(2, f.length, line);
            double v = Double.parseDouble(f[1]);
            assertTrue(v >= 800 && v <= 1050, line);
        }
        // A '#' line inside a file that does not open with comments is still a value, not skipped.
        Path plain = Files.writeString(dir.resolve("plain.csv"), "x,y\n1,2\n#3,4\n5,6\n");
        CliRun refused = CliRun.fit(plain, model, 8);
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("plain.csv:3: field 1 (x) is not a number: '#3'"), refused.err());
    }

    /**
     * A tab-separated file whose every line, header too, ends with a tab (gnuplot's
     * immigration.dat): the tab ending the header was taken for a trailing space, so its empty last
     * field was "header column 25 has no name". It is the delimiter, as a comma ending every line is.
     */
    @Test
    void aTabEndingEveryLineOfATabSeparatedFileAddsNoColumn() throws IOException {
        StringBuilder text = new StringBuilder("# IMMIGRATION BY REGION\n#\nRegion\tAustria\tHungary\tTOTAL\t\n");
        Random rng = new Random(52);
        for (int i = 0; i < 60; i++) {
            int a = 1000 + rng.nextInt(90000), h = 500 + rng.nextInt(50000);
            text.append(1800 + 10 * i).append('-').append(1809 + 10 * i).append('\t').append(a).append('\t').append(h).append('\t').append(a + h + rng.nextInt(1000)).append("\t\n");
        }
        Path data = Files.writeString(dir.resolve("immigration.dat"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 100);
        assertTrue(fit.err().contains("60 samples of dimension 3 from " + data + ", columns csv [Austria, Hungary, TOTAL]"), fit.err());
        assertEquals("Austria,Hungary,TOTAL", Files.readAllLines(out).get(0));
    }

    /**
     * The last '#' comment names the columns above a first row of labels and numbers, as it does
     * above rows of numbers only (gnuplot's energy_circles.dat: {@code #Latitude<TAB>Longitude<TAB>Continent…}
     * over {@code 55.0<TAB>85.0<TAB>"ASIA"<TAB>Coal…}): the columns were left unnamed and the
     * generated file had no header.
     */
    @Test
    void aCommentNamesTheColumnsAboveAFirstRowOfLabels() throws IOException {
        StringBuilder text = new StringBuilder("#Latitude\tLongitude\tContinent\tSource\tValue\n");
        Random rng = new Random(53);
        String[] continents = {"\"ASIA\"", "\"EUROPE\"", "\"OCEANIA\""}, sources = {"Coal", "Oil", "Gas"};
        for (int i = 0; i < 90; i++)
            text.append(10 * (i % 3)).append(".0\t").append(20 * (i % 3)).append(".0\t").append(continents[i % 3]).append('\t')
                    .append(sources[(i / 3) % 3]).append('\t').append(1000 + rng.nextInt(100000)).append('\n');
        Path data = Files.writeString(dir.resolve("energy_circles.dat"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 100);
        assertTrue(fit.err().contains("90 samples of dimension 5 from " + data + ", columns csv [Latitude, Longitude, Continent, Source, Value]"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("Latitude,Longitude,Continent,Source,Value", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(Set.of("ASIA", "EUROPE", "OCEANIA").contains(f[2]) && Set.of("Coal", "Oil", "Gas").contains(f[3]), line);
        }
    }
}
