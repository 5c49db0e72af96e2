package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Shapes of files met by a sixth sweep over public data sets nobody on the project made
 * (QUALITY.md, "A sixth sweep"): npm's csv-spectrum and R readr's and vroom's example files,
 * each through {@code fit} as a user runs it; the fifth sweep's are in
 * {@link FifthSweepFileShapesCommandTest}.
 */
class SixthSweepFileShapesCommandTest {
    @TempDir Path dir;

    /**
     * Columns aligned by runs of spaces whose values hold single spaces (readr's
     * massey-rating.txt: {@code UCC PAY LAZ KPK  RT …  Team            Conf} above rows naming
     * {@code Ohio St}): header and row split into different counts, so the file was read as one
     * column and refused as "every column holds free text or dates (UCC PAY LAZ KPK  RT …)", the
     * whole header named as one column. It is refused on its own line as a fixed-width table.
     */
    @Test
    void columnsAlignedBySpacesWithSpacesInsideValuesAreNamedAFixedWidthTable() throws IOException {
        StringBuilder text = new StringBuilder("UCC PAY  RT Rank Team            Conf\n");
        String[] teams = {"Ohio St", "Oregon", "Penn St", "TCU", "Florida St"};
        Random rng = new Random(61);
        for (int i = 0; i < 40; i++)
            text.append(String.format("%3d %3d %3d %4d %-15s B10%n", rng.nextInt(50), rng.nextInt(50), rng.nextInt(50), i + 1, teams[i % teams.length]));
        Path data = Files.writeString(dir.resolve("massey-rating.txt"), text), model = dir.resolve("m.bin");
        CliRun refused = CliRun.fit(data, model, 8);
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("massey-rating.txt:1: splits on spaces into 6 fields (UCC PAY  RT Rank Team            Conf) but the line below into 7: "
                + "columns aligned by spaces whose values hold spaces (a fixed-width table)?"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        // A one-column file whose name holds spaces is still read: the line below splits into one field.
        Path one = Files.writeString(dir.resolve("one.txt"), "body  mass\n5.1\n4.9\n6.3\n5.5\n");
        CliRun read = CliRun.fit(one, model, 8);
        assertEquals(0, read.exitCode(), read.err());
    }

    /**
     * A column of repeated remarks missing in most rows (palmerpenguins' penguins_raw.csv: its
     * Comments are "Not enough blood for isotopes." and a few others, NA in 290 of 344 rows, and
     * are learned as labels): --drop-incomplete left out 310 of the 344 rows, the note naming no
     * way to keep them. The column that alone costs most of the rows is named, with --fields.
     */
    @Test
    void aColumnMissingInMostRowsIsNamedWithTheOptionThatKeepsThem() throws IOException {
        StringBuilder text = new StringBuilder("Sample,Culmen Length (mm),Body Mass (g),Comments\n");
        String[] remarks = {"Not enough blood for isotopes.", "Nest never observed with full clutch.", "Adult not sampled."};
        Random rng = new Random(62);
        for (int i = 0; i < 80; i++)
            text.append(i + 1).append(',').append(35 + rng.nextInt(200) / 10.0).append(',').append(2700 + 25 * rng.nextInt(120)).append(',')
                    .append(i % 4 == 0 ? remarks[rng.nextInt(remarks.length)] : "NA").append('\n');
        Path data = Files.writeString(dir.resolve("penguins_raw.csv"), text), model = dir.resolve("m.bin");
        CliRun fit = CliRun.fit(data, model, 8, "--drop-incomplete");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("left out 60 of 80 rows with a missing value (first missing: Comments 60); Comments alone cost 60 rows: --fields without it keeps them"), fit.err());
    }

    /**
     * A '#' line under the header of a file that does not open with one (commons-csv's
     * testCSV246.csv: "# Very Long" under "a,b,c,e,f"): refused at line 1, "header names 5 columns
     * but the rows have 1 values", which sent the user to a header that is right. The row is named
     * with its line.
     */
    @Test
    void aHeaderAndRowCountMismatchNamesTheRow() throws IOException {
        StringBuilder text = new StringBuilder("a,b,c,e,f\n# Very Long\n");
        for (int i = 0; i < 30; i++) text.append(i).append(',').append(2 * i).append(',').append(i % 3).append(',').append(i * i).append(',').append(7).append('\n');
        Path data = Files.writeString(dir.resolve("testCSV246.csv"), text), model = dir.resolve("m.bin");
        CliRun refused = CliRun.fit(data, model, 8);
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("testCSV246.csv:1: header names 5 columns but the rows have 1 values (line 2: # Very Long)"), refused.err());
    }

    /**
     * A {@code .tsv} or {@code .tab} file is read as tab-separated, and a sample written to such a
     * name was comma-separated: a file of that name that the next tool (and {@code fit} itself)
     * splits on tabs into one column. It is tab-separated, labels and all.
     */
    @Test
    void samplesWrittenToATsvFileAreTabSeparated() throws IOException {
        StringBuilder text = new StringBuilder("height\tsite\tcount\n");
        Random rng = new Random(64);
        String[] sites = {"north bank", "south, east", "west"};
        for (int i = 0; i < 300; i++)
            text.append(String.format("%.1f\t%s\t%d%n", 150 + 10 * rng.nextGaussian(), sites[i % 3], rng.nextInt(8)));
        Path data = Files.writeString(dir.resolve("plots.tsv"), text), model = dir.resolve("m.bin");
        assertEquals(0, CliRun.fit(data, model, 8).exitCode());
        for (String name : new String[]{"gen.tsv", "gen.tab"}) {
            Path generated = dir.resolve(name);
            CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "200", "--out", generated.toString(), "--seed", "1");
            assertEquals(0, sample.exitCode(), sample.err());
            java.util.List<String> lines = Files.readAllLines(generated);
            assertEquals("height\tsite\tcount", lines.get(0));
            for (String line : lines.subList(1, lines.size()))
                assertTrue(line.matches("[0-9.]+\t(north bank|south, east|west)\t[0-7]"), name + ": " + line);
            // And read back as the data were: the same three columns.
            CliRun again = CliRun.fit(generated, dir.resolve("again.bin"), 8);
            assertEquals(0, again.exitCode(), again.err());
            assertTrue(again.err().contains("columns csv [height, site, count]"), again.err());
        }
        // A model learned from JSON Lines writes a .tsv name as tab-separated text too, not as its records' JSON.
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 300; i++) json.append(String.format("{\"height\": %.1f, \"count\": %d}%n", 150 + 10 * rng.nextGaussian(), rng.nextInt(8)));
        Path records = Files.writeString(dir.resolve("plots.jsonl"), json), jsonModel = dir.resolve("j.bin"), generated = dir.resolve("fromjson.tsv");
        assertEquals(0, CliRun.fit(records, jsonModel, 8).exitCode());
        CliRun sample = CliRun.of("sample", "--model", jsonModel.toString(), "--n", "50", "--out", generated.toString(), "--seed", "1");
        assertEquals(0, sample.exitCode(), sample.err());
        java.util.List<String> lines = Files.readAllLines(generated);
        assertEquals("height\tcount", lines.get(0));
        assertTrue(lines.get(1).matches("[0-9.]+\t[0-7]"), lines.get(1));
    }

    /**
     * PostgreSQL's COPY and MySQL's SELECT … INTO OUTFILE write NULL as {@code \N} (commons-csv's
     * CSV-290/psql.tsv): it was "not a number: '\N'", so a database dump with a NULL in a numeric
     * column could not be read even with --drop-incomplete. It is a missing value.
     */
    @Test
    void aBackslashNFromADatabaseDumpIsAMissingValue() throws IOException {
        StringBuilder text = new StringBuilder("id\tvisits\tregion\n");
        Random rng = new Random(63);
        for (int i = 0; i < 60; i++) text.append(i + 1).append('\t').append(i % 10 == 3 ? "\\N" : String.valueOf(rng.nextInt(500))).append('\t').append(i % 20 == 7 ? "\\N" : "r" + i % 3).append('\n');
        Path data = Files.writeString(dir.resolve("psql.tsv"), text), model = dir.resolve("m.bin");
        CliRun refused = CliRun.fit(data, model, 8);
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("psql.tsv:5: field 2 (visits) is '\\N': a missing value"), refused.err());
        CliRun fit = CliRun.fit(data, model, 8, "--drop-incomplete");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("left out 9 of 60 rows with a missing value (first missing: visits 6, region 3)"), fit.err());
    }
}
