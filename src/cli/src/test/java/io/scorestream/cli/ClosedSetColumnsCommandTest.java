package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A column on a lattice whose values leave most of it empty takes those values and no other: the
 * sixth sweep's airports wrote time zones −10.25 and 3.75, which no zone has, because the
 * zones' grid of 0.05 h (4.3 and 12.75 among them) was taken for the values the column takes.
 */
class ClosedSetColumnsCommandTest {
    private static final double[] ZONES = {-10, -9.5, -9, -8, -7, -6, -5, -4, -3.5, -3, 0, 1, 2, 3, 3.5, 4, 4.3, 4.5, 5, 5.5,
            5.75, 6, 6.5, 7, 8, 9, 9.5, 10, 10.5, 11, 12, 12.75};

    /** 800 airports: a longitude near its zone's, and the zone; every zone at least twice. */
    private static Path airports(Path dir) throws IOException {
        StringBuilder text = new StringBuilder("longitude,timezone\n");
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 800; i++) {
            double zone = i < 2 * ZONES.length ? ZONES[i / 2] : ZONES[rng.nextInt(ZONES.length)];
            text.append(String.format(Locale.ROOT, "%.4f,%s%n", 15 * zone + 4 * rng.nextGaussian(), zone == Math.rint(zone) ? String.valueOf((int) zone) : String.valueOf(zone)));
        }
        return Files.writeString(dir.resolve("airports.csv"), text);
    }

    @Test
    void timeZonesAreGeneratedAmongTheZonesSeen(@TempDir Path dir) throws IOException {
        Path data = airports(dir), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = CliRun.fit(data, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("column 2: quantile on") && fit.err().contains("step 0.05") && fit.err().contains("finite: 32 values"), fit.err());
        // 32 zones make many cells on few rows: the whole model's samples judge their count
        // (CellCountJudge), on all 800 rows or, where every other count stopped half way, on 400.
        assertTrue(fit.err().matches("(?s).*soft cells judged by the kernel score of the whole model's samples on (800|400) rows.*"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "3000", "--out", out.toString(), "--seed", "4");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(3001, lines.size());
        Set<Double> seen = new TreeSet<>();
        for (double z : ZONES) seen.add(z);
        Set<Double> generated = new TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            double zone = Double.parseDouble(line.split(",")[1]);
            assertTrue(seen.contains(zone), "generated zone " + zone + " is none of the data's");
            generated.add(zone);
        }
        assertTrue(generated.size() >= 25, "most zones come back: " + generated);

        // An override names the column (by number: ColumnOptionsCommandTest); bounds given widen
        // the range, and the column still takes the zones seen.
        CliRun bounded = CliRun.of("fit", "--input", data.toString(), "--model", dir.resolve("s.bin").toString(), "--column", "timezone=min=-12,max=14");
        assertEquals(0, bounded.exitCode(), bounded.err());
        assertTrue(bounded.err().contains("column 2: quantile on") && bounded.err().contains("range [-12.0, 14.0], finite: 32 values"), bounded.err());
    }

    /**
     * A humidity sensor's log: its readings a smooth function of whole 12-bit codes written to
     * 0.01 %, a third of that grid's points, and more than 1 % of the rows a reading seen once (so
     * the column is not closed by the point-mass share). A temperature fills its grid.
     */
    private static Path sensorLog(Path dir, Set<Double> readings) throws IOException {
        StringBuilder text = new StringBuilder("temperature,humidity\n");
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            double t = 22 + 3 * rng.nextGaussian();
            int code = (int) Math.rint(1300 - 40 * (t - 22) + 120 * rng.nextGaussian());
            double h = Math.rint(100 * (-2.0468 + 0.0367 * code - 1.5955e-6 * code * code)) / 100;
            readings.add(h);
            text.append(String.format(Locale.ROOT, "%.2f,%.2f%n", t, h));
        }
        return Files.writeString(dir.resolve("sensor.csv"), text);
    }

    @Test
    void aSensorsReadingsAreGeneratedAmongTheReadingsSeen(@TempDir Path dir) throws IOException {
        Set<Double> readings = new TreeSet<>();
        Path data = sensorLog(dir, readings), model = dir.resolve("m.bin"), out = dir.resolve("gen.csv");
        CliRun fit = CliRun.fit(data, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("step 0.01") && fit.err().contains("finite: " + readings.size() + " values"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "2000", "--out", out.toString(), "--seed", "4");
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(2001, lines.size());
        Set<Double> temperatures = new TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            double h = Double.parseDouble(fields[1]);
            assertTrue(readings.contains(h), "generated humidity " + h + " is no reading of the log's");
            temperatures.add(Double.parseDouble(fields[0]));
        }
        // The temperature keeps its grid: values between those seen come too.
        assertTrue(temperatures.size() > 500, temperatures.size() + " temperatures");
        CliRun eval = CliRun.of("eval", "--generated", out.toString(), "--reference", data.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        String offType = eval.out().lines().filter(l -> l.startsWith("off-type share")).findFirst().orElseThrow();
        assertEquals(0.0, Double.parseDouble(offType.split("\\s+")[2]), offType);
    }

    @Test
    void aColumnOverrideNamesAColumnOfTheFile(@TempDir Path dir) throws IOException {
        Path data = airports(dir), model = dir.resolve("m.bin");
        CliRun unknown = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--column", "tz=integer");
        assertEquals(2, unknown.exitCode());
        assertEquals("scorestream fit: " + data + ": --column: column override 'tz=integer': no column is named tz (the columns: longitude, timezone)",
                unknown.err().strip());
        assertFalse(Files.exists(model));
        // A headerless file has no names to give.
        Path bare = Files.writeString(dir.resolve("bare.csv"), String.join("\n", Files.readAllLines(data).subList(1, 801)) + "\n");
        CliRun headerless = CliRun.of("fit", "--input", bare.toString(), "--model", model.toString(), "--column", "timezone=integer");
        assertEquals(2, headerless.exitCode());
        assertTrue(headerless.err().strip().endsWith("'timezone=integer': the data has no column names; number the column from 1"), headerless.err());
        // A bad spec for a named column is refused before the file is read.
        CliRun bad = CliRun.of("fit", "--input", dir.resolve("absent.csv").toString(), "--model", model.toString(), "--column", "timezone=wide");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("unknown item 'wide'"), bad.err());
    }
}
