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

/** Orders every row of a file keeps (a day's low ≤ open, close ≤ high) through fit and sample, and off with --column-types none. */
class ColumnOrdersCommandTest {
    @TempDir Path dir;

    @Test
    void generatedDaysKeepTheirPricesInOrder() throws IOException {
        Path data = dir.resolve("days.csv"), model = dir.resolve("m.bin"), gen = dir.resolve("gen.csv");
        StringBuilder csv = new StringBuilder("open,high,low,close\n");
        Random rng = new Random(7);
        double price = 100;
        for (int i = 0; i < 1200; i++) {
            double open = price * Math.exp(0.01 * rng.nextGaussian()), close = open * Math.exp(0.02 * rng.nextGaussian());
            double high = Math.max(open, close) * Math.exp(Math.abs(0.01 * rng.nextGaussian())), low = Math.min(open, close) * Math.exp(-Math.abs(0.01 * rng.nextGaussian()));
            csv.append(String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%.2f%n", open, high, low, close));
            price = close;
        }
        Files.writeString(data, csv);
        CliRun fit = CliRun.fit(data, model, 20, "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("5 orders every row keeps, kept on output: column 1 <= column 2, column 3 <= column 1, column 3 <= column 2, column 3 <= column 4, column 4 <= column 2"), fit.err());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "2000", "--out", gen.toString(), "--seed", "2").exitCode());
        assertEquals(0, outOfOrder(gen), "every generated day in order");

        // Without learned types nothing is kept: the same file's days come out of order (the repair is what keeps them).
        Path plain = dir.resolve("plain.bin"), genPlain = dir.resolve("plain.csv");
        CliRun untyped = CliRun.fit(data, plain, 20, "--seed", "1", "--column-types", "none");
        assertEquals(0, untyped.exitCode(), untyped.err());
        assertFalse(untyped.err().contains("orders every row keeps"), untyped.err());
        assertEquals(0, CliRun.of("sample", "--model", plain.toString(), "--n", "2000", "--out", genPlain.toString(), "--seed", "2").exitCode());
        assertTrue(outOfOrder(genPlain) > 100, outOfOrder(genPlain) + " days out of order without the orders");
    }

    private static int outOfOrder(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int bad = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            double open = Double.parseDouble(v[0]), high = Double.parseDouble(v[1]), low = Double.parseDouble(v[2]), close = Double.parseDouble(v[3]);
            if (!(low <= open && low <= close && open <= high && close <= high)) bad++;
        }
        return bad;
    }
}
