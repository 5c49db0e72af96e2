package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Shapes of files that public data sets have and the suite's did not, met by a sweep over real
 * sets nobody on the project made (QUALITY.md, "A sweep over ... real sets nobody here made"),
 * each through {@code fit} and {@code sample} as a user runs them.
 */
class RealFileShapesCommandTest {
    @TempDir Path dir;

    /**
     * A life table as the U.S. Social Security Administration's is exported (dslabs'
     * ssa-death-probability.csv): the survivors of 100 000 births in quotes with thousands
     * separators ("99,362"), the few hundred left at the oldest ages without. It stopped at line 2
     * with "field 3 (lives) is not a number: '100,000'".
     */
    @Test
    void quotedNumbersWithThousandsSeparatorsAreNumbers() throws IOException {
        StringBuilder text = new StringBuilder("Age,Sex,NumberOfLives\n");
        for (String sex : List.of("Male", "Female"))
            for (int age = 0; age < 120; age++) {
                long lives = Math.round(100_000 * Math.exp(-Math.pow(age / (sex.equals("Male") ? 80.0 : 85.0), 6)));
                text.append(age).append(',').append(sex).append(',')
                        .append(lives >= 1000 ? String.format(java.util.Locale.ROOT, "\"%,d\"", lives) : Long.toString(lives)).append('\n');
            }
        Path data = Files.writeString(dir.resolve("ssa.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        assertTrue(text.toString().contains("0,Male,\"100,000\"\n"), "the file has grouped counts");
        CliRun fit = fitAndSample(data, model, out, 300);
        assertTrue(fit.err().contains("240 samples of dimension 3"), fit.err());
        assertTrue(fit.err().matches("(?s).*column 3: [^\\n]*range \\[\\d+\\.0, 100000\\.0\\].*"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("Age,Sex,NumberOfLives", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            double lives = Double.parseDouble(line.split(",")[2]);
            assertTrue(lives >= 0 && lives <= 100_000 && lives == Math.rint(lives), line);
        }
        // Commas that do not group by threes are no thousands separators: the field is not a number, on its line.
        Path odd = Files.writeString(dir.resolve("odd.csv"), "a,b\n" + "1,\"2,500\"\n".repeat(50) + "2,\"2,5\"\n");
        assertEquals("scorestream fit: " + odd + ":52: field 2 (b) is not a number: '2,5' (--fields chooses the columns to learn)",
                CliRun.fit(odd, dir.resolve("odd.bin"), 4).singleErrorLine());
    }

    /**
     * A wide table as the World Bank exports its indicators (statsmodels' fertility.csv): a row per
     * country, a column per year, some early years missing for some countries, and the last two
     * years' columns empty in every row, not yet filled in. With --drop-incomplete, fit said "no
     * samples: all 219 rows have a missing value"; an empty column has nothing to learn: it is
     * left out and named, as free text is.
     */
    @Test
    void aColumnWithoutAValueInAnyRowIsLeftOutAndNamed() throws IOException {
        StringBuilder text = new StringBuilder("Country Name,Country Code,1990,1991,1992,2012,2013\n");
        java.util.Random rng = new java.util.Random(5);
        for (int i = 0; i < 120; i++) {
            double rate = 1.5 + 4 * rng.nextDouble();
            text.append("Country ").append(i).append(",C").append(i).append(',').append(i % 10 == 0 ? "" : String.format(java.util.Locale.ROOT, "%.3f", rate));
            for (int y = 1; y <= 2; y++) text.append(',').append(String.format(java.util.Locale.ROOT, "%.3f", rate * Math.pow(0.98, y)));
            text.append(",,\n");
        }
        Path data = Files.writeString(dir.resolve("fertility.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 50, "--drop-incomplete");
        assertTrue(fit.err().contains("108 samples of dimension 3"), fit.err());
        assertTrue(fit.err().contains("2 columns of free text or dates (Country Name, Country Code) and 2 columns without a value in any row (2012, 2013) left out"), fit.err());
        assertEquals("1990,1991,1992", Files.readAllLines(out).get(0));
        // A file of nothing but such columns and names has nothing to learn, and says why.
        StringBuilder names = new StringBuilder("name,2012\n");
        for (int i = 0; i < 60; i++) names.append("Country ").append(i).append(i % 2 == 0 ? ",\n" : ",NA\n");
        Path none = Files.writeString(dir.resolve("none.csv"), names);
        assertEquals("scorestream fit: " + none + ": has no column to learn: every column holds free text or dates (name) or has no value in any row (2012)",
                CliRun.fit(none, dir.resolve("none.bin"), 4).singleErrorLine());
    }

    /**
     * Weekly CO2 readings at Mauna Loa as statsmodels ships them (co2.csv): the date in ISO 8601's
     * basic form, eight digits (19580329), some readings missing. The column was learned as an
     * integer, and 70 % of the generated "dates" were none (19850967); every value a date, it is a
     * column of dates, generated on the calendar and at its weekly step. Eight-digit numbers that
     * are not all dates stay integers.
     */
    @Test
    void eightDigitDatesAreAColumnOfDates() throws IOException {
        StringBuilder text = new StringBuilder("date,co2\n");
        java.time.LocalDate day = java.time.LocalDate.of(1958, 3, 29);
        for (int i = 0; i < 600; i++, day = day.plusWeeks(1))
            text.append(day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)).append(',')
                    .append(i % 37 == 5 ? "" : String.format(java.util.Locale.ROOT, "%.1f", 315 + 0.03 * i + 3 * Math.sin(i * 2 * Math.PI / 52))).append('\n');
        Path data = Files.writeString(dir.resolve("co2.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 300, "--drop-incomplete");
        assertTrue(fit.err().contains("column 1 (date): dates like 20120131, learned as days since 1970-01-01"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("date,co2", lines.get(0));
        java.time.LocalDate first = java.time.LocalDate.of(1958, 3, 29);
        for (String line : lines.subList(1, lines.size())) {
            java.time.LocalDate d = java.time.LocalDate.parse(line.split(",")[0], java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            assertTrue(!d.isBefore(first) && !d.isAfter(day) && java.time.temporal.ChronoUnit.DAYS.between(first, d) % 7 == 0, line);
        }
        // Eight-digit numbers of which one is no date (month 13) are integers, as before.
        Path codes = Files.writeString(dir.resolve("codes.csv"), "code,x\n" + "20120131,1\n20120229,2\n".repeat(30) + "20121301,3\n");
        CliRun codeFit = CliRun.fit(codes, dir.resolve("codes.bin"), 4);
        assertEquals(0, codeFit.exitCode(), codeFit.err());
        assertFalse(codeFit.err().contains("dates like"), codeFit.err());
    }

    /**
     * Films as vega-datasets' movies.json lists them: the release date with an English month's
     * name and the day in two digits ("Aug 07 1998"). Generated dates were written "Aug 7 1998",
     * not in the column's own form; a column that writes its days below 10 unpadded (the same
     * package's stocks.csv, "Jan 1 2000") keeps them so.
     */
    @Test
    void monthNameDatesKeepTheirTwoDigitDays() throws IOException {
        java.time.format.DateTimeFormatter padded = java.time.format.DateTimeFormatter.ofPattern("MMM dd yyyy", java.util.Locale.ENGLISH);
        StringBuilder films = new StringBuilder();
        java.util.Random rng = new java.util.Random(2);
        for (int i = 0; i < 400; i++) {
            java.time.LocalDate released = java.time.LocalDate.of(1990, 1, 1).plusDays(rng.nextInt(7000));
            films.append("{\"title\":\"Film ").append(i).append("\",\"gross\":").append(1_000_000 + rng.nextInt(90_000_000))
                    .append(",\"released\":\"").append(released.format(padded)).append("\"}\n");
        }
        Path data = Files.writeString(dir.resolve("movies.jsonl"), films), model = dir.resolve("m.bin"), out = dir.resolve("gen.jsonl");
        assertTrue(films.toString().matches("(?s).*\"[A-Z][a-z]{2} 0\\d \\d{4}\".*"), "the file has padded days");
        CliRun fit = fitAndSample(data, model, out, 400);
        assertTrue(fit.err().contains("(released): dates like Jan 31 2012"), fit.err());
        int single = 0;
        for (String line : Files.readAllLines(out)) {
            String date = jsonText(line, "released");
            assertTrue(date.matches("[A-Z][a-z]{2} \\d\\d \\d{4}"), line);
            java.time.LocalDate.parse(date, padded);
            if (date.charAt(4) == '0') single++;
        }
        assertTrue(single > 20, "days below 10 were generated, padded: " + single);
        // Unpadded days stay unpadded (the first of each month, as stocks.csv).
        StringBuilder stocks = new StringBuilder("date,price\n");
        for (int m = 0; m < 120; m++) stocks.append(java.time.LocalDate.of(2000, 1, 1).plusMonths(m).format(java.time.format.DateTimeFormatter.ofPattern("MMM d yyyy", java.util.Locale.ENGLISH))).append(',').append(20 + m % 17).append('\n');
        Path plain = Files.writeString(dir.resolve("stocks.csv"), stocks), plainModel = dir.resolve("s.bin"), plainOut = dir.resolve("s.csv");
        fitAndSample(plain, plainModel, plainOut, 100);
        for (String line : Files.readAllLines(plainOut).subList(1, 101)) assertTrue(line.matches("[A-Z][a-z]{2} 1 \\d{4},\\d+"), line);
    }

    /**
     * Spector and Mazzeo's grades data as statsmodels ships it (spector.csv): separated by spaces,
     * every name in single quotes ('OBS' 'GPA' 'TUCE' 'PSI' 'GRADE'). The quotes were kept as part
     * of the names, so every generated file's header read 'OBS','GPA',... and --fields GPA named
     * no column.
     */
    @Test
    void aHeaderOfSingleQuotedNamesHasTheNamesWithoutQuotes() throws IOException {
        StringBuilder text = new StringBuilder("'OBS' 'GPA' 'TUCE' 'PSI' 'GRADE'\n");
        java.util.Random rng = new java.util.Random(4);
        for (int i = 1; i <= 64; i++)
            text.append(String.format(java.util.Locale.ROOT, "%d %.2f %d %d %d%n", i, 2 + 2 * rng.nextDouble(), 12 + rng.nextInt(18), rng.nextInt(2), rng.nextInt(2)));
        Path data = Files.writeString(dir.resolve("spector.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 20);
        assertTrue(fit.err().contains("columns csv [OBS, GPA, TUCE, PSI, GRADE]"), fit.err());
        assertEquals("OBS,GPA,TUCE,PSI,GRADE", Files.readAllLines(out).get(0));
        CliRun chosen = CliRun.fit(data, dir.resolve("gpa.bin"), 8, "--fields", "GPA,TUCE");
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertTrue(chosen.err().contains("64 samples of dimension 2"), chosen.err());
    }

    /**
     * {@code sample} writes JSON Lines when asked (films with a genre and a release date, as
     * vega-datasets' movies), and {@code eval} judged them as CSV: "gen.jsonl:1: field 2: text
     * after its closing quote". It reads JSON and Avro records as fit does, labels and dates included.
     */
    @Test
    void evalReadsTheJsonLinesThatSampleWrites() throws IOException {
        StringBuilder train = new StringBuilder(), reference = new StringBuilder();
        java.util.Random rng = new java.util.Random(6);
        List<String> genres = List.of("Action", "Comedy", "Drama");
        for (int i = 0; i < 600; i++) {
            int g = rng.nextInt(3);
            String date = java.time.LocalDate.of(1995, 1, 1).plusDays(rng.nextInt(5000)).toString();
            (i % 3 == 0 ? reference : train).append("{\"genre\":\"").append(genres.get(g)).append("\",\"rating\":")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", 5 + g + rng.nextGaussian())).append(",\"released\":\"").append(date).append("\"}\n");
        }
        Path data = Files.writeString(dir.resolve("films.jsonl"), train), ref = Files.writeString(dir.resolve("ref.jsonl"), reference);
        Path model = dir.resolve("m.bin"), out = dir.resolve("gen.jsonl");
        CliRun fit = fitAndSample(data, model, out, 200);
        CliRun eval = CliRun.of("eval", "--generated", out.toString(), "--reference", ref.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.err().contains("comparing 200 generated with 200 reference samples in 5 dimensions (1 column of labels, one 0/1 column per label past two)"), eval.err());
        assertTrue(eval.out().contains("\"classifierAccuracy\""), eval.out());
    }

    /**
     * Times as JavaScript's {@code Date.toISOString()} writes them into JSON, with milliseconds
     * ({@code 2000-01-01T08:00:00.000Z}: vega-datasets' unemployment-across-industries.json). The
     * field was "not a number (date: text)" and left out; it is a column of times, learned in
     * seconds with the milliseconds kept, written back in its form.
     */
    @Test
    void isoTimesWithMillisecondsAreAColumnOfTimes() throws IOException {
        StringBuilder events = new StringBuilder();
        java.util.Random rng = new java.util.Random(8);
        java.time.Instant start = java.time.Instant.parse("2021-03-01T00:00:00.000Z");
        for (int i = 0; i < 500; i++) {
            java.time.Instant at = start.plusMillis((long) (rng.nextDouble() * 86_400_000L * 30));
            events.append("{\"sensor\":\"s").append(i % 4).append("\",\"at\":\"").append(at).append("\",\"value\":")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", 20 + rng.nextGaussian())).append("}\n");
        }
        assertTrue(events.toString().matches("(?s).*\"at\":\"2021-03-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\".*"), "the file has milliseconds");
        Path data = Files.writeString(dir.resolve("events.jsonl"), events), model = dir.resolve("m.bin"), out = dir.resolve("gen.jsonl");
        CliRun fit = fitAndSample(data, model, out, 200);
        assertTrue(fit.err().contains("(at): times like 2012-01-31T14:05:09.000Z, learned as seconds since 1970-01-01"), fit.err());
        assertFalse(fit.err().contains("left out"), fit.err());
        int withMillis = 0;
        for (String line : Files.readAllLines(out)) {
            String at = jsonText(line, "at");
            assertTrue(at.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line);
            java.time.Instant t = java.time.Instant.parse(at);
            assertTrue(!t.isBefore(start.minusSeconds(86_400)) && t.isBefore(start.plusSeconds(86_400L * 32)), line);
            if (!at.endsWith(".000Z")) withMillis++;
        }
        assertTrue(withMillis > 150, "generated times keep milliseconds: " + withMillis);
    }

    /**
     * Numbers written as JSON strings, as Socrata's exports and vega-datasets' budget.json write
     * them ({@code "1970": "90,411,787"}, {@code "0"}): a field of counts was learned as labels in
     * text order (0, 1, 10, 11, …, 2) and one of amounts left out as free text. A field whose every
     * string is a number is a numeric column, written back as JSON numbers; text that repeats is
     * labels, as before.
     */
    @Test
    void numbersWrittenAsJsonStringsAreNumbers() throws IOException {
        StringBuilder text = new StringBuilder();
        java.util.Random rng = new java.util.Random(9);
        for (int i = 0; i < 400; i++) {
            boolean big = rng.nextBoolean();
            long amount = big ? 1_000_000 + rng.nextInt(90_000_000) : rng.nextInt(900);
            text.append("{\"agency\":\"").append(big ? "Treasury" : "Labor").append("\",\"count\":\"").append(rng.nextInt(big ? 40 : 5))
                    .append("\",\"amount\":\"").append(String.format(java.util.Locale.ROOT, "%,d", amount))
                    .append("\",\"zip\":\"").append(String.format(java.util.Locale.ROOT, "%05d", 1000 + rng.nextInt(400))).append("\"}\n");
        }
        Path data = Files.writeString(dir.resolve("budget.jsonl"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.jsonl");
        assertTrue(text.toString().matches("(?s).*\"amount\":\"\\d{1,3},\\d{3},\\d{3}\".*"), "the file has grouped amounts");
        CliRun fit = fitAndSample(data, model, out, 300);
        assertTrue(fit.err().contains("400 samples of dimension 3 from " + data + ", columns json [agency, count, amount]"), fit.err());
        assertTrue(fit.err().contains("column 1 (agency): 2 labels, learned as their indices 0..1: Labor, Treasury"), fit.err());
        assertFalse(fit.err().contains("(count): "), "count is no column of labels: " + fit.err());
        // ZIP codes with their leading zero ("01234") are codes written as text, not amounts: left out as free text.
        assertTrue(fit.err().contains("zip") && fit.err().contains("left out"), fit.err());
        for (String line : Files.readAllLines(out)) {
            assertTrue(line.matches("\\{\"agency\":\"(Labor|Treasury)\",\"count\":\\d+,\"amount\":\\d+}"), line);
            long amount = Long.parseLong(line.replaceAll(".*\"amount\":(\\d+).*", "$1"));
            assertTrue(amount < 100_000_000, line);
        }
    }

    /**
     * {@code report} read its reference as CSV only, and numbered a column of labels by the
     * reference's own labels: a JSON Lines reference (vega's unemployment-across-industries, as
     * fit reads it) stopped with "field 2: text after its closing quote", and a CSV reference
     * holding a label the model never learned was compared as if it were one of the model's. It
     * reads what fit reads, and puts the reference's labels on the model's indices.
     */
    @Test
    void reportReadsJsonReferencesAndMatchesLabelsToTheModel() throws IOException {
        StringBuilder lines = new StringBuilder(), csv = new StringBuilder("series,rate\n");
        java.util.Random rng = new java.util.Random(10);
        List<String> series = List.of("Construction", "Finance", "Government");
        for (int i = 0; i < 300; i++) {
            int s = rng.nextInt(3);
            String rate = String.format(java.util.Locale.ROOT, "%.1f", 3 + 3 * s + rng.nextGaussian());
            lines.append("{\"series\":\"").append(series.get(s)).append("\",\"rate\":").append(rate).append("}\n");
            csv.append(i % 10 == 0 ? "Mining" : series.get(s)).append(',').append(rate).append('\n');
        }
        Path data = Files.writeString(dir.resolve("unemployment.jsonl"), lines), model = dir.resolve("m.bin");
        assertEquals(0, CliRun.fit(data, model, 8).exitCode());
        CliRun report = CliRun.of("report", "--model", model.toString(), "--reference", data.toString(), "--out", dir.resolve("report").toString(), "--samples", "200");
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(Files.exists(dir.resolve("report").resolve("index.html")));
        Path other = Files.writeString(dir.resolve("other.csv"), csv);
        assertEquals("scorestream report: " + other + ": label 'Mining' in column 1 (series) is none of the model's [Construction, Finance, Government]",
                CliRun.of("report", "--model", model.toString(), "--reference", other.toString(), "--out", dir.resolve("other").toString()).singleErrorLine());
    }

    /**
     * Public data sets ship in formats fit does not read: gretl's XML (.gdt), spreadsheets and Parquet (dslabs' .xls, vega's
     * flights-3m.parquet). Each failed in words about CSV: "header names 1 columns but the rows
     * have 3 values", "field 4: text after its closing quote", "not valid UTF-8 text". Each is now
     * named, with what to do.
     */
    @Test
    void aFileOfAnotherFormatIsNamedNotMisreadAsCsv() throws IOException {
        Path arff = Files.writeString(dir.resolve("cpu.arff"), "% Comment\n%\n@relation 'cpu'\n@attribute MYCT numeric\n@attribute MMIN numeric\n"
                + "@attribute class numeric\n@data\n" + "125,256,198\n29,8000,269\n".repeat(20));
        // ARFF is read now (ArffInputCommandTest): its @attribute names are the columns.
        CliRun cpu = CliRun.fit(arff, dir.resolve("a.bin"), 4);
        assertEquals(0, cpu.exitCode(), cpu.err());
        assertTrue(cpu.err().contains("40 samples of dimension 3 from " + arff + ", columns csv [MYCT, MMIN, class]"), cpu.err());
        Path gdt = Files.writeString(dir.resolve("mroz87.gdt"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE gretldata SYSTEM \"gretldata.dtd\">\n"
                + "<gretldata version=\"1.4\" name=\"mroz87\" frequency=\"1\" startobs=\"1\" endobs=\"2\" type=\"cross-section\">\n<observations count=\"2\">\n<obs>1 1610 </obs>\n</observations>\n</gretldata>\n");
        assertTrue(CliRun.fit(gdt, dir.resolve("g.bin"), 4).singleErrorLine().contains("mroz87.gdt: is an XML document (gretl's .gdt data, say), which fit does not read"));
        byte[] parquet = new byte[64];
        System.arraycopy("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, parquet, 0, 4);
        Path flights = Files.write(dir.resolve("flights-3m.parquet"), parquet);
        // Parquet is read now (ParquetInputCommandTest): 64 bytes that only start like it are not Parquet.
        assertTrue(CliRun.fit(flights, dir.resolve("p.bin"), 4).singleErrorLine().endsWith(": is not a readable Parquet file: "
                + "it does not end with Parquet's footer and magic bytes PAR1 (cut short, or another format)"));
        byte[] xls = {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1, 0, 0, 0, 0};
        Path workbook = Files.write(dir.resolve("regents.xls"), xls);
        String broken = CliRun.fit(workbook, dir.resolve("x.bin"), 4).singleErrorLine();   // read as a workbook now: these 12 bytes are none
        assertTrue(broken.contains("regents.xls: cannot be read as a workbook (") && broken.endsWith("): save its sheet as CSV"), broken);
        // A CSV file whose first lines merely look odd keeps its own message.
        Path csv = Files.writeString(dir.resolve("odd.csv"), "a\n1,2,3\n");
        assertEquals("scorestream fit: " + csv + ":1: holds one field (a) above a line of 3: a title above the table? Remove the lines above the header",
                CliRun.fit(csv, dir.resolve("o.bin"), 4).singleErrorLine());
    }

    /** fit (8 levels, these options) then sample n rows of the model to out, both succeeding; the fit's run. */
    static CliRun fitAndSample(Path data, Path model, Path out, int n, String... fitOptions) {
        CliRun fit = CliRun.fit(data, model, 8, fitOptions);
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", Integer.toString(n), "--out", out.toString(), "--seed", "3");
        assertEquals(0, sample.exitCode(), sample.err());
        return fit;
    }

    /** A JSON record line's text field. */
    private static String jsonText(String line, String field) {
        return line.replaceAll(".*\"" + field + "\":\"([^\"]*)\".*", "$1");
    }
}
