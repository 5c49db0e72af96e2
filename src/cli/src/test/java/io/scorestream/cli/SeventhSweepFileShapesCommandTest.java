package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

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
     * lines, then "1.0 3:2.5 &lt;TAB&gt; 11:-5.2 16:1.5 # and an inline comment"): the tab in the
     * first row was taken for the delimiter and the file refused as "header names 2 columns but
     * the rows have 1 values", nothing saying what the file was. It is named on its first row.
     */
    @Test
    void aSparseLibsvmFileIsNamedOnItsFirstRow() throws IOException {
        StringBuilder text = new StringBuilder("# comment\n# note: the next line contains a tab\n1.0 3:2.5 \t   11:-5.2 16:1.5 # and an inline comment\n");
        Random rng = new Random(71);
        for (int i = 0; i < 40; i++)
            text.append(rng.nextInt(3)).append(' ').append(1 + rng.nextInt(3)).append(':').append(rng.nextInt(50) / 10.0)
                    .append(' ').append(6 + rng.nextInt(5)).append(":-").append(rng.nextInt(9)).append(" qid:").append(1 + i / 10).append('\n');
        Path data = Files.writeString(dir.resolve("svmlight_classification.txt"), text), model = dir.resolve("m.bin");
        String refused = CliRun.fit(data, model, 8).singleErrorLine();
        assertTrue(refused.contains("svmlight_classification.txt:3: holds a label and index:value pairs (1.0 3:2.5"), refused);
        assertTrue(refused.contains("): a sparse libsvm or svmlight file? Only tables with a field per column are read"), refused);
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
     * arrays, read as one array for their opening '[', as "… is not an object: null". The element
     * is shown, and what records are.
     */
    @Test
    void rowsAsJsonArraysAreShownWhenRefused() throws IOException {
        Path nested = Files.writeString(dir.resolve("data.json"), "[[10,8.04],[8,6.95],[13,7.58],[9,8.81],[11,8.33]]\n"), model = dir.resolve("m.bin");
        assertEquals("scorestream fit: " + nested + ":1: an element of the JSON array is not an object but an array ([10,8.04]): records are JSON objects,"
                + " one a line (JSON Lines) or in one array; rows as arrays of numbers are not read, write them as CSV", CliRun.fit(nested, model, 8).singleErrorLine());
        Path lines = Files.writeString(dir.resolve("rows.jsonl"), "[10, 8.04]\n[8, 6.95]\n[13, 7.58]\n");
        String refused = CliRun.fit(lines, model, 8).singleErrorLine();
        assertTrue(refused.contains("rows.jsonl:1: an element of the JSON array is not an object but a number (10): records are JSON objects"), refused);
    }
}
