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

    /**
     * A file separated by carets or pipes (OpenTravelData's optd_por_public.csv in commons-csv's
     * tests: {@code iata_code^icao_code^…^latitude^longitude^…}, pipes inside its fields): one
     * column, "has no column to learn: every column holds free text or dates" naming the whole
     * header as one column's name. Split on the one of the two the first line holds.
     */
    @Test
    void aCaretOrPipeSeparatedFileIsSplitOnIt() throws IOException {
        Random rng = new Random(54);
        StringBuilder caret = new StringBuilder("iata_code^name^latitude^longitude^fcode^alt_names\n");
        StringBuilder pipe = new StringBuilder("id|latitude|longitude|fcode\n");
        for (int i = 0; i < 120; i++) {
            String fcode = i % 3 == 0 ? "AIRP" : "CITY";
            double lat = -60 + 120 * rng.nextDouble(), lon = -170 + 340 * rng.nextDouble();
            caret.append(String.format(Locale.ROOT, "A%02d^Place %d^%.6f^%.6f^%s^A%02d|%d|Place|Place%n", i, i, lat, lon, fcode, i, 4000 + i));
            pipe.append(String.format(Locale.ROOT, "%d|%.6f|%.6f|%s%n", i, lat, lon, fcode));
        }
        Path model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        Path optd = Files.writeString(dir.resolve("optd_por_public.csv"), caret);
        CliRun fit = fitAndSample(optd, model, out, 100);
        assertTrue(fit.err().contains("120 samples of dimension 3 from " + optd + ", columns csv [latitude, longitude, fcode]"), fit.err());
        assertEquals("latitude,longitude,fcode", Files.readAllLines(out).get(0));
        Path psv = Files.writeString(dir.resolve("places.psv"), pipe);
        fit = fitAndSample(psv, model, out, 100);
        assertTrue(fit.err().contains("120 samples of dimension 4 from " + psv + ", columns csv [id, latitude, longitude, fcode]"), fit.err());
    }

    /**
     * A lone dash or dot is a missing value, as the empty field and NA are (commons-csv's bom.csv:
     * a day's Low written {@code -}; immigration.dat's counts; Stata's {@code .}): "is not a
     * number: '-'" refused the file even with --drop-incomplete. Now the error names it a missing
     * value, and --drop-incomplete leaves out its row alone.
     */
    @Test
    void aLoneDashOrDotIsAMissingValue() throws IOException {
        StringBuilder text = new StringBuilder("\uFEFFDate, Open, High, Low, Close, Volume\n");
        Random rng = new Random(55);
        for (int i = 0; i < 100; i++) {
            double open = 400 + 20 * rng.nextDouble();
            String low = i == 40 ? "-" : i == 60 ? "." : String.format(Locale.ROOT, "%.2f", open - 5 * rng.nextDouble());
            text.append(String.format(Locale.ROOT, "%d-Oct-13,%.2f,%.2f,%s,%.2f,%d%n", 1 + i % 28, open, open + 5 * rng.nextDouble(), low, open, 20000000 + rng.nextInt(1000000)));
        }
        Path data = Files.writeString(dir.resolve("bom.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun refused = CliRun.fit(data, model, 8);
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("bom.csv:42: field 4 (Low) is '-': a missing value (--drop-incomplete leaves out rows with a missing value)"), refused.err());
        CliRun fit = fitAndSample(data, model, out, 100, "--drop-incomplete");
        assertTrue(fit.err().contains("left out 2 of 100 rows with a missing value (first missing: Low 2)"), fit.err());
        assertTrue(fit.err().contains("98 samples of dimension"), fit.err());
    }

    /**
     * Digits with a leading zero are a code, not a quantity (a ZIP code {@code 02134}; OpenTravelData's
     * adm1_code, {@code 02}, {@code 08} beside {@code AK}): read as numbers, "02134" came back as
     * 2134 and codes between the codes were made up; JSON already read such strings as a code.
     * A column of digits alone with one such value is labels (or free text), written back as
     * written, also when the first such value comes after the rows that judge a file's head.
     */
    @Test
    void digitsWithALeadingZeroAreACodeNotANumber() throws IOException {
        Random rng = new Random(56);
        String[] zips = {"02134", "02139", "10001", "60614", "94110", "00501", "07030"};
        StringBuilder text = new StringBuilder("zip,price\n"), late = new StringBuilder("zip,price\n");
        for (int i = 0; i < 400; i++) {
            String price = String.format(Locale.ROOT, "%.2f", 100 + 800 * rng.nextDouble());
            text.append(zips[rng.nextInt(zips.length)]).append(',').append(price).append('\n');
            late.append(i < 300 ? zips[2 + rng.nextInt(3)] : zips[rng.nextInt(zips.length)]).append(',').append(price).append('\n');
        }
        Path model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        for (Path data : List.of(Files.writeString(dir.resolve("zip.csv"), text), Files.writeString(dir.resolve("late.csv"), late))) {
            CliRun fit = fitAndSample(data, model, out, 300);
            assertTrue(fit.err().contains("column 1 (zip): 7 labels, learned as their indices 0..6: 00501, 02134, 02139, 07030, 10001, 60614, 94110"), data + ": " + fit.err());
            for (String line : Files.readAllLines(out).subList(1, 301)) assertTrue(Set.of(zips).contains(line.split(",")[0]), line);
        }
        // Digits without a leading zero stay a number column.
        Path counts = Files.writeString(dir.resolve("counts.csv"), "n,x\n10,1.5\n200,2.5\n3000,3.5\n" + "40,4.5\n".repeat(30));
        CliRun fit = fitAndSample(counts, model, out, 10);
        assertFalse(fit.err().contains("labels"), fit.err());
    }

    /**
     * A Latin-1 file whose first non-UTF-8 line also has a missing value (commons-csv's
     * worldcitiespop.txt: {@code ad,aixas,Aixàs,06,,42.4833333,1.4666667}, the population empty):
     * the missing value's error, on the line of the bad bytes, was replaced by "not valid UTF-8
     * text", which sent the user after the encoding. The missing value is named, and
     * --drop-incomplete reads the file as Latin-1.
     */
    @Test
    void aMissingValueOnTheFirstLatin1LineIsNamedAsMissing() throws IOException {
        StringBuilder text = new StringBuilder("Country,City,AccentCity,Population,Latitude,Longitude\n");
        Random rng = new Random(57);
        String[] cities = {"Aix\u00e0s", "Encamp", "Canillo", "La Massana", "Ordino", "Sant Juli\u00e0"};
        for (int i = 0; i < 120; i++) {
            String population = i % 4 == 0 ? "" : Integer.toString(1000 + rng.nextInt(20000));
            text.append(String.format(Locale.ROOT, "ad,%s,%s,%s,%.7f,%.7f%n", "c" + i, cities[i % cities.length], population, 42.4 + 0.2 * rng.nextDouble(), 1.4 + 0.2 * rng.nextDouble()));
        }
        Path data = dir.resolve("worldcitiespop.txt"), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        Files.write(data, text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CliRun refused = CliRun.fit(data, model, 8);
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("worldcitiespop.txt:2: field 4 (Population) is empty: a missing value (--drop-incomplete"), refused.err());
        CliRun fit = fitAndSample(data, model, out, 100, "--drop-incomplete");
        assertTrue(fit.err().contains("read as Latin-1 (ISO-8859-1): not UTF-8 from line 2"), fit.err());
        assertTrue(fit.err().contains("90 samples of dimension"), fit.err());
    }

    /**
     * A title above the table, then a blank line (the Australian Bureau of Statistics' exports in
     * data.table's tests open "Australian Bureau of Statistics", a blank line, …): the title was
     * split on its spaces, the blank line below passing for agreement, into "header names 4
     * columns but the rows have 1 values"; without the blank line it became a column named by the
     * title, "field 2 (Title of the table) is not a number: 'b'". One line names it a title. A
     * header past comments and blank lines is named at its own line, not line 1.
     */
    @Test
    void aTitleAboveTheTableIsNamedAndTheHeaderAtItsOwnLine() throws IOException {
        Path model = dir.resolve("m.bin");
        for (String gap : List.of("\n", "")) {
            Path data = Files.writeString(dir.resolve("abs.csv"), "Australian Bureau of Statistics\n" + gap + "region,persons\nGoulburn,3499\nYass,1200\nGoulburn,2100\n");
            CliRun refused = CliRun.fit(data, model, 8);
            assertEquals(2, refused.exitCode());
            assertTrue(refused.err().contains("abs.csv:1: holds one field (Australian Bureau of Statistics) above a line of 2: a title above the table?"), refused.err());
        }
        // A name the header repeats (melt_1754_synth: smoking75 twice) is read as pandas and R read
        // it, smoking75.1 (refused before), past a name the header already has (a.1 taken: a.2).
        Path twice = Files.writeString(dir.resolve("twice.csv"), "# smoking by year\n\nstate,smoking75,smoking75,a,a,a.1\n1,112.1,111.7,1,2,3\n2,121.5,114.8,4,5,6\n3,118.2,113.0,7,8,9\n");
        CliRun renamed = CliRun.fit(twice, model, 8);
        assertEquals(0, renamed.exitCode(), renamed.err());
        assertTrue(renamed.err().contains("the header repeats a name, read as pandas and R read it: smoking75 (column 3) as smoking75.1, a (column 5) as a.2"), renamed.err());
        Path generated = dir.resolve("twice-gen.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "3", "--out", generated.toString()).exitCode());
        assertEquals("state,smoking75,smoking75.1,a,a.2,a.1", Files.readAllLines(generated).get(0));
        // A column of names with spaces is no title.
        Path cities = Files.writeString(dir.resolve("cities.csv"), "city\nNew York\nBoston\nNew York\nBoston\nNew York\n");
        assertEquals(0, CliRun.fit(cities, model, 8).exitCode());
    }

    /**
     * A quoted field holding line breaks, as RFC 4180 allows (data.table's doublequote_newline.csv:
     * {@code 1,"embedded ""field""} over three lines; a comment or an address in an export): the
     * file stopped at it, "a quote that never closes (a field may not span lines)". The lines are
     * one record; the rows after keep their own line numbers in messages; an inch mark inside a
     * value joins nothing.
     */
    @Test
    void aQuotedFieldHoldingLineBreaksIsOneRecord() throws IOException {
        StringBuilder text = new StringBuilder("A,B,height\n");
        Random rng = new Random(58);
        for (int i = 0; i < 60; i++) {
            String b = i == 7 ? "\"embedded \"\"field\"\"\nwith some embedded new\nlines as well\"" : i % 2 == 0 ? "a" : "\"not this one\"";
            text.append(1 + rng.nextInt(3)).append(',').append(b).append(',').append(5 + rng.nextInt(2)).append('\'').append(rng.nextInt(12)).append("\"\n");
        }
        Path data = Files.writeString(dir.resolve("doublequote_newline.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 100);
        assertTrue(fit.err().contains("60 samples of dimension 3 from " + data + ", columns csv [A, B, height]"), fit.err());
        // A bad value after the record keeps its own line: 2 + 7 rows, then the 3-line record, then the next row is line 12.
        Path bad = Files.writeString(dir.resolve("bad.csv"), text.toString().replaceFirst("(?s)(lines as well\",\\d'\\d+\"\n)\\d", "$1x"));
        CliRun refused = CliRun.fit(bad, model, 8);
        assertTrue(refused.err().contains("bad.csv:12: field 1 (A) is not a number: 'x'"), refused.err());
    }

    /**
     * NA among two-letter country codes is Namibia, not a missing value (commons-csv's
     * worldcitiespop.txt, {@code na,windhoek,…}: its 2 270 rows were counted missing by their
     * country, the 37 with a population left out of the fit by --drop-incomplete, and without it
     * the file stopped at "is 'na': a missing value"). In the codes' own case it is a code; an NA of another case, or in a column of
     * words, stays missing.
     */
    @Test
    void naAmongTwoLetterCountryCodesIsNamibia() throws IOException {
        Random rng = new Random(59);
        String[] countries = {"ad", "fr", "na", "za", "de"};
        StringBuilder text = new StringBuilder("Country,Population,Latitude\n"), words = new StringBuilder("Country,Population,Latitude\n");
        for (int i = 0; i < 100; i++) {
            String c = countries[i % countries.length];
            String row = "," + (1000 + rng.nextInt(90000)) + String.format(Locale.ROOT, ",%.4f%n", -30 + 80 * rng.nextDouble());
            text.append(c).append(row);
            words.append(c.equals("na") ? "NA" : c.equals("ad") ? "Andorra" : c.equals("fr") ? "France" : c.equals("za") ? "South Africa" : "Germany").append(row);
        }
        Path data = Files.writeString(dir.resolve("worldcitiespop.txt"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 300);
        assertTrue(fit.err().contains("100 samples of dimension 3"), fit.err());
        assertTrue(fit.err().contains("column 1 (Country): 5 labels, learned as their indices 0..4: ad, de, fr, \"na\", za"), fit.err());
        assertTrue(Files.readAllLines(out).stream().anyMatch(l -> l.startsWith("\"na\",")), "Namibia is generated, quoted so that it reads back as the code");
        Path named = Files.writeString(dir.resolve("named.csv"), words);
        CliRun refused = CliRun.fit(named, model, 8);
        assertTrue(refused.err().contains("named.csv:4: field 1 (Country) is 'NA': a missing value"), refused.err());
    }

    /**
     * Rule lines of dashes above and below the header (astropy's test5.dat, as console tables and
     * fixed-width reports draw them): the first rule was the header, one column, "has no column to
     * learn: every column holds free text or dates (------------------------------------------)".
     * A line of dashes, equals signs, pluses and pipes is skipped as a rule; a row of lone dashes
     * (missing values) is no rule.
     */
    @Test
    void ruleLinesAroundTheHeaderAreSkipped() throws IOException {
        StringBuilder text = new StringBuilder("# whitespace separated with lines to skip\n------------------------------------------\n"
                + "zabs1.nh p1.gamma p1.ampl statname statval\n------------------------------------------\n");
        Random rng = new Random(60);
        String[] stats = {"chi2xspecvar", "cstat", "chi2constvar", "cash"};
        for (int i = 0; i < 80; i++)
            text.append(String.format(Locale.ROOT, "%.12f %.11f %.15f %s %.9f%n", 0.08 + 0.01 * rng.nextDouble(), 1.25 + 0.05 * rng.nextDouble(),
                    0.0007 + 0.00001 * rng.nextDouble(), stats[i % 4], 400 + 100 * rng.nextDouble()));
        Path data = Files.writeString(dir.resolve("test5.dat"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 50);
        assertTrue(fit.err().contains("80 samples of dimension 5 from " + data + ", columns csv [zabs1.nh, p1.gamma, p1.ampl, statname, statval]"), fit.err());
        Path dashes = Files.writeString(dir.resolve("dashes.txt"), "a b c\n1 2 3\n- - -\n4 5 6\n");
        CliRun refused = CliRun.fit(dashes, model, 8);
        assertTrue(refused.err().contains("dashes.txt:3: field 1 (a) is '-': a missing value"), refused.err());
    }

    /** A blank line between JSON Lines records separates nothing, as in a CSV file: it refused the whole file, "blank line before the end of the data". */
    @Test
    void aBlankLineBetweenJsonLinesRecordsSeparatesNothing() throws IOException {
        StringBuilder text = new StringBuilder();
        Random rng = new Random(61);
        for (int i = 0; i < 60; i++) {
            if (i == 30) text.append("\n\n");
            text.append(String.format(Locale.ROOT, "{\"x\":%.3f,\"y\":%d}%n", rng.nextDouble(), rng.nextInt(10)));
        }
        Path data = Files.writeString(dir.resolve("blocks.jsonl"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.jsonl");
        CliRun fit = fitAndSample(data, model, out, 20);
        assertTrue(fit.err().contains("60 samples of dimension 2 from " + data), fit.err());
    }
}
