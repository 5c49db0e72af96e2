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
        // bench-quality fitted its splits with --fields naming no column: "has no header line, so --fields cannot name its columns".
        CliRun bench = CliRun.of("bench-quality", "--data", data.toString(), "--repeats", "1", "--em-max-components", "2");
        assertEquals(0, bench.exitCode(), bench.err());
        // The floor, ScoreStream, both EMs and the kernel density.
        assertEquals(5, bench.out().lines().filter(l -> l.startsWith("| letter-recognition.data | 9 |")).skip(1).count(), bench.out());
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

        // deeplearning4j's coords.csv: 2-D coordinates of words, each word once; the first row was the names 173.4331817626953 and -48.42546081542969.
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 80; i++) words.append(String.format(Locale.ROOT, "%.13f,%.14f,w%d %n", 200 * rng.nextDouble() - 100, 200 * rng.nextDouble() - 100, i));
        Path coords = Files.writeString(dir.resolve("coords.csv"), words);
        CliRun wordFit = CliRun.fit(coords, dir.resolve("m3.bin"), 8);
        assertEquals(0, wordFit.exitCode(), wordFit.err());
        assertTrue(wordFit.err().contains("80 samples of dimension 2 from " + coords + ", columns csv (unnamed)"), wordFit.err());
        assertTrue(wordFit.err().contains("1 column of free text or dates (3) left out"), "not 'not named by --fields': " + wordFit.err());
        // Quantiles named 0.25, 0.5, 0.75 over a text column: names, not a row.
        StringBuilder quantiles = new StringBuilder("q,0.25,0.5,0.75\n");
        for (int i = 0; i < 60; i++) quantiles.append(String.format(Locale.ROOT, "s%d,%.2f,%.2f,%.2f%n", i % 6, rng.nextDouble(), 1 + rng.nextDouble(), 2 + rng.nextDouble()));
        Path table = Files.writeString(dir.resolve("quantiles.csv"), quantiles);
        CliRun quantileFit = CliRun.fit(table, dir.resolve("m4.bin"), 8);
        assertTrue(quantileFit.err().contains("60 samples of dimension 4 from " + table + ", columns csv [q, 0.25, 0.5, 0.75]"), quantileFit.err());
    }

    /**
     * R's packages ship compressed copies of a table (vroom's {@code mtcars.csv.zip}, {@code .bz2},
     * {@code .xz}): the zip stopped fit with "a zip archive (an .xlsx workbook, say) … save the
     * sheet as CSV", bzip2 and xz with "not valid UTF-8 text" at line 1. A zip archive of one file
     * is read as that file, by fit, eval and bench-quality alike; a workbook (several files) is
     * still named; bzip2, xz and zstd are named with what to do.
     */
    @Test
    void aZipOfOneFileIsReadAndOtherCompressionIsNamed() throws IOException {
        StringBuilder text = new StringBuilder("model,mpg,cyl\n");
        Random rng = new Random(43);
        for (int i = 0; i < 120; i++) text.append(String.format(Locale.ROOT, "car %d,%.1f,%d%n", i, 10 + 25 * rng.nextDouble(), 4 + 2 * rng.nextInt(3)));
        Path zip = dir.resolve("mtcars.csv.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("mtcars.csv"));
            out.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path model = dir.resolve("m.bin"), gen = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(zip, model, gen, 100);
        assertTrue(fit.err().contains("120 samples of dimension 2 from " + zip + ", columns csv [mpg, cyl]"), fit.err());
        assertEquals("mpg,cyl", Files.readAllLines(gen).get(0));
        CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", zip.toString());
        assertEquals(0, eval.exitCode(), eval.err());

        Path workbook = dir.resolve("book.xlsx");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(workbook))) {
            for (String name : List.of("[Content_Types].xml", "xl/workbook.xml")) {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                out.write("<x/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        // Read as a workbook now (WorkbookInputCommandTest): one that is only its names is one line saying so.
        String broken = CliRun.fit(workbook, dir.resolve("w.bin"), 4).singleErrorLine();
        assertTrue(broken.contains("book.xlsx: cannot be read as a workbook (") && broken.endsWith("): save its sheet as CSV"), broken);
        byte[] bzip2 = {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, (byte) 0xff, 0, 0, 0};
        byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xe6, (byte) 0xd6, (byte) 0xb4, 0x46, 0, 0};
        assertEquals("scorestream fit: " + dir.resolve("mtcars.csv.bz2") + ": is bzip2-compressed, which fit does not read (it reads gzip, and a zip archive of one file): "
                + "decompress it, or compress it with gzip", CliRun.fit(Files.write(dir.resolve("mtcars.csv.bz2"), bzip2), dir.resolve("b.bin"), 4).singleErrorLine());
        assertTrue(CliRun.fit(Files.write(dir.resolve("mtcars.csv.xz"), xz), dir.resolve("x.bin"), 4).singleErrorLine()
                .endsWith("mtcars.csv.xz: is xz-compressed, which fit does not read (it reads gzip, and a zip archive of one file): decompress it, or compress it with gzip"));
    }

    /**
     * scikit-learn's boston_house_prices.csv opens with its row and column counts ({@code 506,13,,,…})
     * above a quoted header: fit stopped at line 1 with "field 3 is empty: a missing value
     * (--drop-incomplete leaves out rows with a missing value)", and with that option at line 2,
     * "expected 13 values, found 14": neither says what is wrong. Now one line names the line above
     * the header, with or without the option; a headerless row with gaps above rows stays a row.
     */
    @Test
    void aCountLineAboveTheHeaderIsNamed() throws IOException {
        StringBuilder text = new StringBuilder("60,3,,\n\"CRIM\",\"ZN\",\"RM\",\"MEDV\"\n");
        Random rng = new Random(44);
        for (int i = 0; i < 60; i++) text.append(String.format(Locale.ROOT, "%.5f,%d,%.3f,%.1f%n", rng.nextDouble(), 10 * rng.nextInt(3), 5 + rng.nextDouble(), 10 + 30 * rng.nextDouble()));
        Path data = Files.writeString(dir.resolve("boston_house_prices.csv"), text);
        String expected = "scorestream fit: " + data + ":1: holds numbers with empty fields (60,3,,) above a line of names: a line above the header"
                + " (scikit-learn's files open with their row and column counts so)? Remove it, and the names below are the header";
        assertEquals(expected, CliRun.fit(data, dir.resolve("m.bin"), 4).singleErrorLine());
        assertEquals(expected, CliRun.fit(data, dir.resolve("m.bin"), 4, "--drop-incomplete").singleErrorLine());

        StringBuilder gaps = new StringBuilder("1.5,,2\n");
        for (int i = 0; i < 50; i++) gaps.append(String.format(Locale.ROOT, "%.1f,%.1f,%d%n", rng.nextDouble(), rng.nextDouble(), rng.nextInt(5)));
        Path headerless = Files.writeString(dir.resolve("gaps.csv"), gaps);
        CliRun fit = CliRun.fit(headerless, dir.resolve("g.bin"), 4, "--drop-incomplete");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("50 samples of dimension 3"), fit.err());
    }

    /**
     * vega's annual-precip.json is one pretty-printed object, a raster ({@code "width": 360, …,
     * "values": [392, …]}), no records: fit said "annual-precip.json:1: the object has no numeric
     * field", which is wrong in words (it has width and a numeric array). One line now says what the
     * file is and what records are.
     */
    @Test
    void aJsonObjectOverManyLinesIsNamedAsNoRecords() throws IOException {
        Path raster = Files.writeString(dir.resolve("annual-precip.json"), "{\n  \"width\": 3,\n  \"height\": 2,\n  \"values\": [392,392,393,\n391,390,390]\n}\n");
        assertEquals("scorestream fit: " + raster + ":1: the file is one JSON object over many lines, holding no array of records: records are one object a line (JSON Lines), "
                + "a JSON array of objects, or one object whose array of objects holds them (GeoJSON's features)", CliRun.fit(raster, dir.resolve("r.bin"), 4).singleErrorLine());
    }
}
