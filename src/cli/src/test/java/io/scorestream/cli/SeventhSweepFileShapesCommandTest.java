package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Shapes of files met by a seventh sweep over public data sets nobody on the project made
 * (QUALITY.md, "A seventh sweep"): scikit-learn's and commons-math's test data, tzdata, GDAL's
 * tables and stdlib's data sets, each through {@code fit} as a user runs it; the sixth sweep's
 * are in {@link SixthSweepFileShapesCommandTest}.
 */
class SeventhSweepFileShapesCommandTest {
    @TempDir Path dir;

    /**
     * libsvm's and svmlight's sparse rows (scikit-learn's svmlight_classification.txt: "# comment"
     * lines, then "1.0 3:2.5 &lt;TAB&gt; 11:-5.2 16:1.5 # and an inline comment"; svmlight's qid):
     * the tab in the first row was taken for the delimiter and the file refused as "header names 2
     * columns but the rows have 1 values". The sweep named the format on its first row; now the file
     * is read as the dense table it stands for (label, qid, x1 … x16, 0 where a row lists none), its
     * generated rows written as such, and a multi-label row is refused on its line.
     */
    @Test
    void aSparseLibsvmFileIsReadAsItsDenseTable() throws IOException {
        StringBuilder text = new StringBuilder("# comment\n# note: the next line contains a tab\n1.0 3:2.5 \t   11:-5.2 16:1.5 # and an inline comment\n");
        Random rng = new Random(71);
        for (int i = 0; i < 40; i++)
            text.append(rng.nextInt(3)).append(' ').append(1 + rng.nextInt(3)).append(':').append(rng.nextInt(50) / 10.0)
                    .append(' ').append(6 + rng.nextInt(5)).append(":-").append(rng.nextInt(9)).append(" qid:").append(1 + i / 10).append('\n');
        text.append("2\n");   // a label alone: a row of zeros
        Path data = Files.writeString(dir.resolve("svmlight_classification.txt"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = CliRun.fit(data, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("42 samples of dimension 18"), fit.err());
        assertTrue(fit.err().contains("columns csv [label, qid, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16]"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "200", "--out", out.toString(), "--seed", "2");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("label,qid,x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,x11,x12,x13,x14,x15,x16", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(18, f.length, line);
            assertTrue(Set.of("0", "1", "2").contains(f[0]), "a label of the file's: " + line);
            assertEquals("0", f[2 + 3], "x4 is 0 in every row of the file: " + line);
        }
        Path multi = Files.writeString(dir.resolve("svmlight_multilabel.txt"), "# multilabel\n1,0 2:2.5 10:-5.2\n2 5:1.0 12:-3\n");
        assertEquals("scorestream fit: " + multi + ":2: has several labels (1,0): multi-label rows are not read; keep one label a row",
                CliRun.fit(multi, model, 8).singleErrorLine());
        Path broken = Files.writeString(dir.resolve("broken.svm"), "1 2:2.5 10:-5.2\n2 5:1.0 12:x\n");
        assertEquals("scorestream fit: " + broken + ":2: is not a label and index:value pairs (2 5:1.0 12:x), as a libsvm file's lines are",
                CliRun.fit(broken, model, 8).singleErrorLine());
        // A headerless row of a number and times of day is no such file: read as before.
        Path times = Files.writeString(dir.resolve("times.txt"), "3 12:30 13:45\n4 12:35 13:50\n5 12:40 14:05\n6 12:55 14:10\n");
        CliRun read = CliRun.fit(times, model, 8);
        assertFalse(read.err().contains("libsvm"), read.err());
    }

    /**
     * A table aligned by runs of spaces whose later rows split into another count (MariaDB's
     * CONNECT test data: boys.txt's "George      San Jose   10/08/1981   02/06/2010" under
     * two rows of one-word towns; employee.dat's row whose phone column is blank): refused as
     * "boys.txt:3: expected 4 values, found 5", which named the line but not why. Split on spaces,
     * the error says how the line was split and what a fixed-width table does to it.
     */
    @Test
    void aRowOfAnotherCountInATableAlignedBySpacesIsNamedAFixedWidthTable() throws IOException {
        StringBuilder text = new StringBuilder("name        town       age   year\n");
        String[] towns = {"Boston     ", "Chicago    ", "Denver     "};
        Random rng = new Random(72);
        for (int i = 0; i < 30; i++)
            text.append(String.format("%-11s %s %3d   %d%n", "Boy" + i, i == 12 ? "San Jose   " : towns[rng.nextInt(towns.length)], 20 + rng.nextInt(30), 1990 + rng.nextInt(30)));
        Path data = Files.writeString(dir.resolve("boys.txt"), text), model = dir.resolve("m.bin");
        String refused = CliRun.fit(data, model, 8).singleErrorLine();
        assertTrue(refused.contains("boys.txt:14: expected 4 values, found 5, split on runs of spaces (Boy12       San Jose"), refused);
        assertTrue(refused.contains("): a value holding a space, or a blank one, in a fixed-width table? Write it with commas or tabs between the fields"), refused);
        // A line of one field under them is no fixed-width row (NIST's Lew.txt: "n  =  200" lines above a column of numbers).
        Path lew = Files.writeString(dir.resolve("Lew.txt"), "n  =  200\nmean  =  -177.435\n-213\n-564\n");
        assertEquals("scorestream fit: " + lew + ":3: expected 3 values, found 1", CliRun.fit(lew, model, 8).singleErrorLine());
        // A comma-separated file's row of another count is named as before.
        Path commas = Files.writeString(dir.resolve("r.csv"), "a,b\n1,2\n3,4\n5\n");
        assertEquals("scorestream fit: " + commas + ":4: expected 2 values, found 1", CliRun.fit(commas, model, 8).singleErrorLine());
    }

    /**
     * Rows as JSON arrays (stdlib's anscombes-quartet data.json holds [[10,8.04],[8,6.95],…] per
     * set, as pandas' {@code to_json(orient="values")} and numpy's {@code tolist()} write them):
     * refused as "an element of the JSON array is not an object: [", and JSON Lines of such
     * arrays, read as one array for their opening '[', as "… is not an object: null". The sweep
     * showed the element; now both are read as the headerless table they stand for, and generated
     * rows are written back as arrays, strings as labels and whole numbers without ".0".
     */
    @Test
    void rowsAsJsonArraysAreReadAsAHeaderlessTable() throws IOException {
        StringBuilder text = new StringBuilder("[");
        Random rng = new Random(4);
        for (int i = 0; i < 60; i++) text.append(i == 0 ? "" : ",\n").append("[").append(4 + rng.nextInt(11)).append(',').append(rng.nextInt(1000) / 100.0)
                .append(",\"").append(i % 3 == 0 ? "north" : "south").append("\"]");
        Path nested = Files.writeString(dir.resolve("data.json"), text.append("]\n")), model = dir.resolve("m.bin"), out = dir.resolve("gen.json");
        CliRun fit = CliRun.fit(nested, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("60 samples of dimension 3 from " + nested + ", columns json (unnamed)"), fit.err());
        assertTrue(fit.err().contains("column 3: 2 labels, learned as their indices 0..1: north, south"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "50", "--out", out.toString(), "--seed", "3");
        assertEquals(0, sample.exitCode(), sample.err());
        String written = Files.readString(out);
        assertTrue(written.startsWith("[["), written);
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("\\[(\\d+),(-?[0-9.]+),\"(north|south)\"\\]");
        java.util.regex.Matcher m = row.matcher(written);
        int rows = 0;
        while (m.find()) rows++;
        assertEquals(50, rows, "every generated row an array of a whole number, a number and a label: " + written);
        Path lines = Files.writeString(dir.resolve("rows.jsonl"), "[10, 8.04]\n[8, 6.95]\n[13, 7.58]\n[9, 8.81]\n");
        CliRun read = CliRun.fit(lines, model, 8);
        assertEquals(0, read.exitCode(), read.err());
        assertTrue(read.err().contains("4 samples of dimension 2 from " + lines), read.err());
        Path broken = Files.writeString(dir.resolve("broken.json"), "[[1, 2],\n 3]");
        assertEquals("scorestream fit: " + broken + ":2: a row is not an array but a number: the rows are arrays, in one array", CliRun.fit(broken, model, 8).singleErrorLine());
    }
}
