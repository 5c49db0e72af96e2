package io.scorestream.cli;

import io.scorestream.io.CsvVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code fit} judges a file's columns on all its rows: a file sorted by one column, whose other
 * column differs on every row of its head, and fields missing in their first hundreds of rows.
 */
class WholeFileColumnsCommandTest {
    @TempDir Path dir;

    /** 1200 flights sorted by origin: in the first 300 rows one origin and 300 different destinations, each 4 times over the file. */
    private Path sortedFlights() throws IOException {
        StringBuilder text = new StringBuilder("origin,destination,count\n");
        for (int i = 0; i < 1200; i++) text.append("O").append(i / 300).append(",D").append(i % 300).append(',').append(1 + (i * 7) % 23).append('\n');
        return Files.writeString(dir.resolve("flights-airport.csv"), text);
    }

    @Test
    void aSortedCsvFileHasBothTextColumnsAsLabels() throws IOException {
        Path model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = CliRun.fit(sortedFlights(), model, 4);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("1200 samples of dimension 3"), fit.err());
        assertTrue(fit.err().contains("column 1 (origin): 4 labels, learned as their indices 0..3: O0, O1, O2, O3"), fit.err());
        assertTrue(fit.err().contains("column 2 (destination): 300 labels, learned as their indices 0..299"), fit.err());
        assertFalse(fit.err().contains("left out"), fit.err());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "200", "--out", out.toString(), "--seed", "3").exitCode());
        List<String> lines = Files.readAllLines(out);
        assertEquals("origin,destination,count", lines.get(0));
        Set<String> destinations = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String destination = line.split(",")[1];
            assertTrue(destination.matches("D\\d+") && Integer.parseInt(destination.substring(1)) < 300, line);
            destinations.add(destination);
        }
        assertTrue(destinations.size() > 20, "generated destinations spread over the labels: " + destinations.size());
    }

    @Test
    void aJsonFieldNullInItsFirstRecordsIsAColumn() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++)
            text.append("{\"gross\":").append(1000 + 37 * (i % 101)).append(",\"rating\":").append(i < 250 ? "null" : Double.toString(5 + (i % 9) * 0.5)).append("}\n");
        Path films = Files.writeString(dir.resolve("films.jsonl"), text), model = dir.resolve("films.bin");
        CliRun fit = CliRun.fit(films, model, 4, "--drop-incomplete");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("left out 250 of 1000 rows with a missing value (first missing: rating 250)"), fit.err());
        assertTrue(fit.err().contains("750 samples of dimension 2"), fit.err());
        // Without --drop-incomplete, the first null is the error, on its line.
        assertEquals("scorestream fit: " + films + ":1: field rating is null (--drop-incomplete leaves out rows with a missing value)",
                CliRun.fit(films, dir.resolve("no.bin"), 4).singleErrorLine());
    }

    @Test
    void aStrayWordFarDownANumericColumnStopsFitAtItsLine() throws IOException {
        Path data = Files.writeString(dir.resolve("stray.csv"), "x,y\n" + "1,2\n2,3\n".repeat(400) + "3,four\n" + "4,5\n".repeat(10));
        assertEquals("scorestream fit: " + data + ":802: field 2 (y) is not a number: 'four' (--fields chooses the columns to learn)",
                CliRun.fit(data, dir.resolve("m.bin"), 4).singleErrorLine());
        assertEquals(811, CsvVectors.readTable(data, List.of("x"), -1, null).rows().numRows, "the word's column left out, the file reads");
    }
}
