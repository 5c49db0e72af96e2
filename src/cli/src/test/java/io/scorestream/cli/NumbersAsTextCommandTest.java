package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Percentages and amounts written as text ({@code 12.5%}, {@code "$1,234.50"}, {@code -$3.00},
 * {@code £7.5}), as spreadsheets and published tables write them, through {@code fit} and
 * {@code sample}: learned as the numbers written and generated in their column's own form. Such
 * columns were left out as free text ("3 columns of free text or dates (rate, price, loss) left
 * out"), or, chosen with --fields, learned as labels in text order.
 */
class NumbersAsTextCommandTest {
    @TempDir Path dir;

    @Test
    void percentAndCurrencyColumnsAreNumbersWrittenBackInTheirForm() throws IOException {
        StringBuilder text = new StringBuilder("region,rate,price,loss,fee\n");
        Random rng = new Random(3);
        for (int i = 0; i < 400; i++) {
            boolean north = rng.nextBoolean();
            double rate = (north ? 5 : 20) + rng.nextInt(80) / 10.0, price = (north ? 300 : 2500) + rng.nextInt(200_000) / 100.0;
            text.append(north ? "north," : "south,").append(i % 50 == 7 ? "NA" : String.format(Locale.ROOT, "%.1f%%", rate))
                    .append(String.format(Locale.ROOT, ",\"$%,.2f\",-$%.2f,£", price, 1000 + rng.nextInt(200_000) / 100.0))
                    .append(rng.nextBoolean() ? Integer.toString(5 + rng.nextInt(5)) : (5 + rng.nextInt(50) / 10.0)).append('\n');
        }
        Path data = Files.writeString(dir.resolve("prices.csv"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        assertTrue(text.indexOf("\"$1,") > 0 && text.indexOf(",-$1") > 0, "grouped prices, ungrouped losses over a thousand");
        CliRun fit = fitAndSample(data, model, out);
        assertTrue(fit.err().contains("392 samples of dimension 5"), fit.err());
        assertTrue(fit.err().contains("column 2 (rate): percentages like 12.5%, learned as the number before %"), fit.err());
        assertTrue(fit.err().contains("column 3 (price): amounts like $1,234.50, learned as the number after $"), fit.err());
        assertTrue(fit.err().contains("column 4 (loss): amounts like $1234.50, learned as the number after $"), fit.err());
        assertTrue(fit.err().contains("column 5 (fee): amounts like £1234.5, learned as the number after £"), fit.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("region,rate,price,loss,fee", lines.get(0));
        int grouped = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");   // commas outside quotes
            assertTrue(f[1].matches("\\d+\\.\\d%"), "the rate as written, one decimal and %: " + line);
            double rate = Double.parseDouble(f[1].substring(0, f[1].length() - 1));
            assertTrue(rate >= 5 && rate <= 27.9, "the rate within the data's range, in percent (not a fraction): " + line);
            assertTrue(f[2].matches("\"?\\$\\d{1,3}(,\\d{3})*\\.\\d{2}\"?"), "the price with $, grouped thousands and cents: " + line);
            double price = Double.parseDouble(f[2].replaceAll("[\"$,]", ""));
            assertTrue(price >= 300 && price <= 4500, line);
            if (price >= 1000) grouped++;
            assertTrue(f[3].matches("-\\$\\d+\\.\\d{2}"), "the loss negative before $, ungrouped as written: " + line);
            assertTrue(f[4].matches("£\\d+(\\.\\d)?"), "the fee with £ and the decimals it needs: " + line);
        }
        assertTrue(grouped > 100, grouped + " prices over a thousand, all grouped");
        // What sample writes, fit reads again as the same forms.
        CliRun again = CliRun.fit(out, dir.resolve("again.bin"), 4);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("column 3 (price): amounts like $1,234.50"), again.err());
    }

    /**
     * A column mixing forms is judged by most of its values, and a value in another form stops fit at
     * its line naming the form wanted, as a date in another form or a word among numbers does.
     */
    @Test
    void aValueInAnotherFormThanItsColumnsStopsFitAtItsLine() throws IOException {
        assertEquals("scorestream fit: " + dir.resolve("a.csv") + ":58: field 2 (rate) is not a percentage like 12.5%: '12.5' (--fields chooses the columns to learn)",
                fitWithOneOdd("a.csv", "%.1f%%", "12.5").singleErrorLine());
        assertEquals("scorestream fit: " + dir.resolve("b.csv") + ":58: field 2 (rate) is not an amount like €1234.5: '$12.5' (--fields chooses the columns to learn)",
                fitWithOneOdd("b.csv", "€%.1f", "$12.5").singleErrorLine());
        assertEquals("scorestream fit: " + dir.resolve("c.csv") + ":58: field 2 (rate) is not a number: '12.5%' (--fields chooses the columns to learn)",
                fitWithOneOdd("c.csv", "%.1f", "12.5%").singleErrorLine());
    }

    /** fit on 100 rows of the rate written in form, and at line 58 the odd value. */
    private CliRun fitWithOneOdd(String name, String form, String odd) throws IOException {
        StringBuilder text = new StringBuilder("id,rate\n");
        for (int i = 0; i < 100; i++) text.append(i).append(',').append(i == 56 ? odd : String.format(Locale.ROOT, form, 1 + i % 30 + 0.5)).append('\n');
        return CliRun.fit(Files.writeString(dir.resolve(name), text), dir.resolve(name + ".bin"), 4);
    }

    /** JSON strings of percentages and amounts are numbers too, generated as strings in their form; plain numeric strings stay JSON numbers. */
    @Test
    void percentAndCurrencyStringsInJsonLinesAreWrittenBackAsStrings() throws IOException {
        StringBuilder text = new StringBuilder();
        Random rng = new Random(4);
        for (int i = 0; i < 300; i++)
            text.append(String.format(Locale.ROOT, "{\"rate\":\"%.2f%%\",\"price\":\"€%,.2f\",\"count\":\"%d\"}%n",
                    1 + rng.nextInt(2000) / 100.0, 800 + rng.nextInt(500_000) / 100.0, rng.nextInt(40)));
        Path data = Files.writeString(dir.resolve("rates.jsonl"), text), model = dir.resolve("m.bin"), out = dir.resolve("gen.jsonl");
        CliRun fit = fitAndSample(data, model, out);
        assertTrue(fit.err().contains("300 samples of dimension 3 from " + data + ", columns json [rate, price, count]"), fit.err());
        assertTrue(fit.err().contains("column 1 (rate): percentages like 12.50%"), fit.err());
        for (String line : Files.readAllLines(out)) {
            assertTrue(line.matches("\\{\"rate\":\"\\d+\\.\\d{2}%\",\"price\":\"€\\d{1,3}(,\\d{3})*\\.\\d{2}\",\"count\":\\d+}"), line);
            double rate = Double.parseDouble(line.replaceAll(".*\"rate\":\"([^%]*)%.*", "$1"));
            assertTrue(rate >= 1 && rate <= 21, line);
        }
        // A string in another form stops fit at its line, naming the field and the form.
        Path odd = Files.writeString(dir.resolve("odd.jsonl"), text.toString().replaceFirst("\"rate\":\"[^\"]*\"", "\"rate\":\"0.05\""));
        assertEquals("scorestream fit: " + odd + ":1: field rate is not a percentage like 12.50%: '0.05'", CliRun.fit(odd, dir.resolve("odd.bin"), 4).singleErrorLine());
    }

    private static CliRun fitAndSample(Path data, Path model, Path out) {
        CliRun fit = CliRun.fit(data, model, 8, "--drop-incomplete");
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "300", "--out", out.toString(), "--seed", "3");
        assertEquals(0, sample.exitCode(), sample.err());
        return fit;
    }
}
