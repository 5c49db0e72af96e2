package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Dates written with the day before a month's name — 10 Feb 2005, 10 February 2005, 10-Feb-2005,
 * each with the day in one digit or two — were left out of fit as free text. Each is now a column of
 * dates, and every generated date is written as the column writes them: a month's name short or in
 * full (a column starting in May, whose name is both, included), a day below 10 padded or not.
 */
class DayFirstMonthNamesCommandTest {
    private static void roundTrip(Path dir, String name, String pattern, LocalDate first, String regex) throws IOException {
        DateTimeFormatter written = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        StringBuilder text = new StringBuilder("date,value\n");
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 200; i++)
            text.append(first.plusDays(i).format(written)).append(',').append(Math.round((10 + 2 * rng.nextGaussian()) * 100) / 100.0).append('\n');
        Path data = Files.writeString(dir.resolve(name + ".csv"), text), model = dir.resolve(name + ".bin"), out = dir.resolve(name + "-g.csv");
        CliRun fit = CliRun.fit(data, model, 15);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("column 1 (date): dates like " + LocalDate.of(2012, 1, 31).format(written)), name + ": " + fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "500", "--out", out.toString(), "--seed", "2");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("date,value", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String date = line.substring(0, line.indexOf(','));
            assertTrue(date.matches(regex), name + ": '" + date + "' is not written as the column writes its dates");
            LocalDate day = LocalDate.parse(date, written);
            assertFalse(day.isBefore(first) || day.isAfter(first.plusDays(199)), name + ": " + day + " outside the data's range");
        }
    }

    @Test
    void eachIsAColumnOfDatesWrittenAsTheDataWritesThem(@TempDir Path dir) throws IOException {
        roundTrip(dir, "short", "d MMM yyyy", LocalDate.of(2005, 2, 10), "[1-9]\\d? [A-Z][a-z]{2} 2005");
        roundTrip(dir, "full-padded-from-may", "dd MMMM yyyy", LocalDate.of(2005, 5, 1), "\\d\\d (May|June|July|August|September|October|November) 2005");
        roundTrip(dir, "dashed-padded", "dd-MMM-yyyy", LocalDate.of(2004, 12, 1), "\\d\\d-[A-Z][a-z]{2}-200[45]");
    }
}
