package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A year of daily closing prices has no Saturday or Sunday (gnuplot's finance.dat, the fifth
 * sweep's bom.csv): fit learns the days of the week its dates fall on, the model file keeps them,
 * and sample writes no date on another day, from a CSV and from JSON Lines alike. A column of
 * every day keeps every day.
 */
class TradingDaysCommandTest {
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/yyyy", Locale.ROOT);

    /** 300 rows of date and price, on the days of the week kept, as CSV or as JSON Lines. */
    private static Path prices(Path dir, String name, boolean weekdaysOnly, boolean json) throws IOException {
        StringBuilder text = new StringBuilder(json ? "" : "date,close\n");
        SplittableRandom rng = new SplittableRandom(5);
        double price = 100;
        int rows = 0;
        for (LocalDate d = LocalDate.of(2003, 1, 2); rows < 300; d = d.plusDays(1)) {
            if (weekdaysOnly && d.getDayOfWeek().getValue() >= 6) continue;
            price *= 1 + 0.01 * rng.nextGaussian();
            String date = json ? d.toString() : d.format(US);
            text.append(json ? String.format(Locale.ROOT, "{\"date\": \"%s\", \"close\": %.2f}%n", date, price)
                    : String.format(Locale.ROOT, "%s,%.2f%n", date, price));
            rows++;
        }
        return Files.writeString(dir.resolve(name), text);
    }

    /** The generated dates (first column of a CSV, or the date field of JSON Lines) on a Saturday or Sunday. */
    private static long weekendDates(Path generated, boolean json) throws IOException {
        List<String> lines = Files.readAllLines(generated);
        return lines.stream().skip(json ? 0 : 1)
                .map(l -> json ? LocalDate.parse(l.replaceFirst(".*\"date\":\\s*\"([^\"]+)\".*", "$1")) : LocalDate.parse(l.split(",")[0], US))
                .filter(d -> d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY).count();
    }

    @Test
    void datesOfTradingDaysAreGeneratedOnTradingDays(@TempDir Path dir) throws IOException {
        for (boolean json : new boolean[]{false, true}) {
            Path data = prices(dir, json ? "prices.jsonl" : "prices.csv", true, json), model = dir.resolve("m" + json + ".bin");
            Path out = dir.resolve(json ? "gen.jsonl" : "gen.csv");
            CliRun fit = CliRun.fit(data, model, 8);
            assertEquals(0, fit.exitCode(), fit.err());
            assertTrue(fit.err().contains("written on Mon, Tue, Wed, Thu, Fri only"), fit.err());
            CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "2000", "--out", out.toString(), "--seed", "2");
            assertEquals(0, sample.exitCode(), sample.err());
            assertEquals(json ? 2000 : 2001, Files.readAllLines(out).size());
            assertEquals(0, weekendDates(out, json), json ? "JSON Lines" : "CSV");
        }
    }

    @Test
    void datesOfEveryDayKeepEveryDay(@TempDir Path dir) throws IOException {
        Path data = prices(dir, "daily.csv", false, false), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = CliRun.fit(data, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertFalse(fit.err().contains(" only (no row falls"), fit.err());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "2000", "--out", out.toString(), "--seed", "2").exitCode());
        long weekend = weekendDates(out, false);
        assertTrue(weekend > 2000 * 0.2 && weekend < 2000 * 0.37, weekend + " of 2000 on a weekend: 2/7 expected");
    }
}
