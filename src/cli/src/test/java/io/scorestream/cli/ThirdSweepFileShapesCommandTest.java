package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static io.scorestream.cli.RealFileShapesCommandTest.fitAndSample;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Shapes of files met by a third sweep over public data sets nobody on the project made
 * (QUALITY.md, "A third sweep"), and the reading faults the second sweep left, each through
 * {@code fit} and {@code sample} as a user runs them; the earlier sweeps' are in
 * {@link RealFileShapesCommandTest} and {@link MoreRealFileShapesCommandTest}.
 */
class ThirdSweepFileShapesCommandTest {
    @TempDir Path dir;

    /**
     * A headerless CSV of percentages ({@code 11.9%,27.2%}): its first row was taken as the header
     * ("columns csv [11.9%, 27.2%]", 99 of 100 rows), a header of names no file has. A first row
     * of numbers, some with a percent or currency sign, is a row; the columns keep their form, and
     * every generated value is written with its sign, no header line above them.
     */
    @Test
    void aHeaderlessFileOfPercentagesHasNoHeaderRow() throws IOException {
        StringBuilder text = new StringBuilder();
        Random rng = new Random(31);
        for (int i = 0; i < 100; i++)
            text.append(String.format(Locale.ROOT, "%.1f%%,%.1f%%%n", 5 + 35 * rng.nextDouble(), 10 + 50 * rng.nextDouble()));
        Path data = Files.writeString(dir.resolve("shares.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 300);
        assertTrue(fit.err().contains("100 samples of dimension 2 from " + data + ", columns csv (unnamed)"), fit.err());
        assertTrue(fit.err().contains("column 1: percentages like 12.5%, learned as the number before %"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(300, lines.size(), "no header line: " + lines.get(0));
        for (String line : lines) {
            assertTrue(line.matches("\\d+(\\.\\d)?%,\\d+(\\.\\d)?%"), line);
            String[] f = line.split(",");
            double a = Double.parseDouble(f[0].replace("%", "")), b = Double.parseDouble(f[1].replace("%", ""));
            assertTrue(a >= 5 && a <= 40 && b >= 10 && b <= 60, line);
        }
    }

    /**
     * Accounting's negatives in parentheses ({@code "(13,612)"} beside {@code "44,671"}) and amounts
     * with the currency sign after them ({@code 318 €}): the first stopped fit at its line ("is not a
     * number: '(13,612)'"), the second was free text. Both are numbers written back in their form; a
     * label in parentheses ({@code (n1)}) stays a label, and a plain column stays plain.
     */
    @Test
    void accountingNegativesAndTrailingCurrencySignsAreAmounts() throws IOException {
        StringBuilder text = new StringBuilder("item,amount,price,note,count\n");
        Random rng = new Random(32);
        for (int i = 0; i < 200; i++) {
            int amount = rng.nextInt(100_001) - 50_000;
            String written = String.format(Locale.ROOT, "%,d", Math.abs(amount));
            text.append("item").append(i % 5).append(",\"").append(amount < 0 ? "(" + written + ")" : written).append("\",")
                    .append(1 + rng.nextInt(500)).append(" €,(n").append(i % 3).append("),").append(rng.nextInt(20)).append('\n');
        }
        Path data = Files.writeString(dir.resolve("ledger.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 400);
        assertTrue(fit.err().contains("200 samples of dimension 5 from " + data + ", columns csv [item, amount, price, note, count]"), fit.err());
        assertTrue(fit.err().contains("column 2 (amount): numbers like 1,234 with negatives in parentheses like (1,234), learned as negative"), fit.err());
        assertTrue(fit.err().contains("column 3 (price): amounts like 1234 €, learned as the number before €"), fit.err());
        assertTrue(fit.err().contains("column 4 (note): 3 labels, learned as their indices 0..2: (n0), (n1), (n2)"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("item,amount,price,note,count", lines.get(0));
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("item[0-4],(\"?)(\\(?)(\\d{1,3}(?:,\\d{3})*)\\)?\\1,(\\d+) €,\\(n[0-2]\\),\\d+");
        int negatives = 0;
        for (String line : lines.subList(1, lines.size())) {
            java.util.regex.Matcher m = row.matcher(line);
            assertTrue(m.matches(), line);   // a grouped amount in quotes, a negative in parentheses
            double value = Double.parseDouble(m.group(3).replace(",", "")) * (m.group(2).isEmpty() ? 1 : -1);
            assertTrue(value >= -50_000 && value <= 50_000, line);
            if (value < 0) negatives++;
            int price = Integer.parseInt(m.group(4));
            assertTrue(price >= 1 && price <= 500, line);
        }
        assertTrue(negatives > 100 && negatives < 300, negatives + " of 400 negative");
    }

    /**
     * Excel's "d-mmm-yy" dates ({@code 19-Sep-03}, matplotlib's sample msft.csv from Yahoo Finance):
     * left out as free text. They are dates, the century read as pandas reads it (98 the 1900s, 03
     * the 2000s), and every generated date is one of the column's span in the column's form.
     */
    @Test
    void dayMonthNameAndTwoDigitYearDatesAreAColumnOfDates() throws IOException {
        DateTimeFormatter excel = new DateTimeFormatterBuilder().appendPattern("d-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, 1969).toFormatter(Locale.ENGLISH);
        StringBuilder text = new StringBuilder("Date,Close,Volume\n");
        Random rng = new Random(33);
        LocalDate first = LocalDate.of(1998, 11, 2);
        for (int i = 0; i < 300; i++)
            text.append(first.plusDays(2 * i).format(excel)).append(String.format(Locale.ROOT, ",%.2f,%d%n", 26 + 0.01 * i + rng.nextGaussian(), 40_000_000 + rng.nextInt(60_000_000)));
        Path data = Files.writeString(dir.resolve("msft.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 400);
        assertTrue(fit.err().contains("columns csv [Date, Close, Volume]"), fit.err());
        assertTrue(fit.err().contains("column 1 (Date): dates like 31-Jan-12, learned as days since 1970-01-01"), fit.err());
        assertFalse(fit.err().contains("left out"), fit.err());
        int lastCentury = 0;
        for (String line : Files.readAllLines(out).subList(1, 401)) {
            String date = line.split(",")[0];
            assertTrue(date.matches("[1-9]\\d?-[A-Z][a-z]{2}-\\d\\d"), line);
            LocalDate day = LocalDate.parse(date, excel);
            assertFalse(day.isBefore(first) || day.isAfter(first.plusDays(598)), line);
            if (day.getYear() < 2000) lastCentury++;
        }
        assertTrue(lastCentury > 0 && lastCentury < 400, lastCentury + " of 400 dates in the 1900s");
    }

    /**
     * Slashed dates, whose day and month one value cannot tell apart ({@code 01/02/2015}), told on
     * the whole column: month first where some day is past 12 (vega-datasets'
     * political-contributions.json, {@code 01/31/2015}, left out as text), day first where some
     * first field is; generated dates are written the column's way round. A column where no field
     * passes 12 ({@code 01/1/1980}, the FRBSF's wage-rigidity.csv) stays free text, left out.
     */
    @Test
    void slashedDatesAreReadTheWayRoundTheirColumnShows() throws IOException {
        DateTimeFormatter us = DateTimeFormatter.ofPattern("MM/dd/yyyy"), world = DateTimeFormatter.ofPattern("d/M/yyyy");
        StringBuilder text = new StringBuilder("end,start,monthly,amount\n");
        Random rng = new Random(36);
        LocalDate first = LocalDate.of(2015, 1, 1);
        for (int i = 0; i < 200; i++)
            text.append(first.plusDays(rng.nextInt(365)).format(us)).append(',').append(first.plusDays(rng.nextInt(365)).format(world)).append(',')
                    .append(String.format("%02d/1/%d", 1 + i % 12, 1980 + i / 12)).append(',').append(rng.nextInt(40_000)).append('\n');
        Path data = Files.writeString(dir.resolve("contributions.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 400);
        assertTrue(fit.err().contains("columns csv [end, start, amount]"), fit.err());
        assertTrue(fit.err().contains("column 1 (end): dates like 01/31/2012, learned as days since 1970-01-01"), fit.err());
        assertTrue(fit.err().contains("column 2 (start): dates like 31/1/2012, learned as days since 1970-01-01"), fit.err());
        assertTrue(fit.err().contains("1 column of free text or dates (monthly) left out"), fit.err());
        for (String line : Files.readAllLines(out).subList(1, 401)) {
            String[] f = line.split(",");
            assertTrue(f[0].matches("\\d\\d/\\d\\d/2015") && f[1].matches("\\d{1,2}/\\d{1,2}/2015"), line);
            assertEquals(2015, LocalDate.parse(f[0], us).getYear(), line);
            assertEquals(2015, LocalDate.parse(f[1], world).getYear(), line);
        }
    }

    /**
     * An empty JSON string (FEC's {@code "Incumbent_Challenger_Status": ""}, vega-datasets'
     * political-contributions.json) was a label, written to CSV as an empty field that reads back
     * as missing: bench-quality, which fits through CSV, stopped with an internal error. It is a
     * missing value, as an empty CSV field is: named on its line, left out with --drop-incomplete.
     */
    @Test
    void anEmptyJsonStringIsAMissingValue() throws IOException {
        StringBuilder text = new StringBuilder("[");
        Random rng = new Random(37);
        for (int i = 0; i < 120; i++)
            text.append(i == 0 ? "" : ",\n").append(String.format(Locale.ROOT, "{\"status\":\"%s\",\"receipts\":%d,\"district\":%d}",
                    i == 7 ? "" : rng.nextBoolean() ? "C" : "I", rng.nextInt(40_000), rng.nextInt(10)));
        Path data = Files.writeString(dir.resolve("contributions.json"), text.append("]")), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        assertEquals("scorestream fit: " + data + ":8: field status is empty (--drop-incomplete leaves out rows with a missing value)",
                CliRun.fit(data, model, 4).singleErrorLine(), "the eighth record");
        CliRun fit = fitAndSample(data, model, out, 300, "--drop-incomplete");
        assertTrue(fit.err().contains("left out 1 of 120 rows with a missing value (first missing: status 1)"), fit.err());
        assertTrue(fit.err().contains("column 1 (status): 2 labels, learned as their indices 0..1: C, I"), fit.err());
        for (String line : Files.readAllLines(out).subList(1, 301)) assertTrue(line.matches("[CI],\\d+,\\d"), line);
    }

    /**
     * A share on a 0.0001 grid with many values below 0.001 (vega-datasets' species.csv,
     * habitat_yearround_pct): generated values were written {@code 7.0E-4}, Java's notation, a shape
     * the data never have; they are written {@code 0.0007}, and large values without an exponent too.
     */
    @Test
    void smallAndLargeValuesAreWrittenWithoutAnExponent() throws IOException {
        StringBuilder text = new StringBuilder("share,flow\n");
        Random rng = new Random(38);
        for (int i = 0; i < 400; i++)
            text.append(String.format(Locale.ROOT, "%.4f,%.1f%n", Math.min(0.9999, 0.002 * rng.nextExponential()), 2e7 + 1e6 * rng.nextGaussian()));
        Path data = Files.writeString(dir.resolve("species.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        fitAndSample(data, model, out, 2000);
        int small = 0;
        for (String line : Files.readAllLines(out).subList(1, 2001)) {
            assertTrue(line.matches("\\d(\\.\\d{1,4})?,\\d+(\\.\\d)?"), line);
            if (Double.parseDouble(line.split(",")[0]) < 0.001) small++;
        }
        assertTrue(small > 100, small + " of 2000 shares below 0.001");
    }

    /**
     * Two columns in an order every row keeps, written with 9 and 8 decimals (matplotlib's
     * percent_bachelors_degrees_women_usa.csv, Agriculture ≤ Biology): a generated row out of order
     * was pooled, put back on the types, then swapped, and the swap put the 9-decimal value in the
     * 8-decimal column (52 of 2 000 rows there). Every generated value has its column's decimals,
     * and the order holds.
     */
    @Test
    void valuesSwappedIntoOrderKeepTheirColumnsDecimals() throws IOException {
        StringBuilder text = new StringBuilder("Year,Agriculture,Biology\n");
        Random rng = new Random(34);
        for (int i = 0; i < 42; i++) {
            double low = 4 + 1.1 * i + rng.nextGaussian(), high = low + 0.02 + 0.3 * rng.nextDouble();
            text.append(1970 + i).append(String.format(Locale.ROOT, ",%.9f,%.8f%n", low, high));
        }
        Path data = Files.writeString(dir.resolve("degrees.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 2000);
        assertTrue(fit.err().contains("1 order every row keeps, kept on output: column 2 <= column 3"), fit.err());
        for (String line : Files.readAllLines(out).subList(1, 2001)) {
            String[] f = line.split(",");
            assertTrue(f[1].matches("\\d+(\\.\\d{1,9})?") && f[2].matches("\\d+(\\.\\d{1,8})?"), line);
            assertTrue(Double.parseDouble(f[1]) <= Double.parseDouble(f[2]), line);
        }
    }

    /**
     * Epoch milliseconds (USGS feeds' {@code time} and {@code updated}, 1517966773840) are not read
     * as times, and need not be: they are a time's own linear scale, so a column of them is learned
     * as a time in seconds would be and written back as the same 13-digit integers. Pinned here:
     * dates at midnight keep the day's lattice, and an update never precedes its event.
     */
    @Test
    void epochMillisecondsStayIntegersOnTheirOwnLattice() throws IOException {
        StringBuilder text = new StringBuilder("date,time,updated,mag\n");
        Random rng = new Random(35);
        long time = 1_517_966_773_840L;
        for (int i = 0; i < 300; i++) {
            time += 60_000 + rng.nextInt(3_600_000);
            text.append((17_000L + rng.nextInt(500)) * 86_400_000L).append(',').append(time).append(',').append(time + 1_000 + rng.nextInt(5 * 86_400_000))
                    .append(String.format(Locale.ROOT, ",%.2f%n", 1 + 4 * rng.nextDouble()));
        }
        Path data = Files.writeString(dir.resolve("quakes.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = fitAndSample(data, model, out, 1000);
        assertTrue(fit.err().contains("column 1: quantile on") && fit.err().contains("step 8.64E7"), fit.err());
        for (String line : Files.readAllLines(out).subList(1, 1001)) {
            String[] f = line.split(",");
            assertTrue(f[0].matches("\\d{13}") && f[1].matches("\\d{13}") && f[2].matches("\\d{13}"), line);
            assertEquals(0, Long.parseLong(f[0]) % 86_400_000L, line);
            assertTrue(Long.parseLong(f[1]) <= Long.parseLong(f[2]), line);
        }
    }
}
