package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Departure times written as integers hhmm (the ASA airline data's DepTime: 754, 2003) beside a
 * delay: fit learns them as minutes since midnight, and sample writes every one back as a time of
 * day, never 1595; a CSV and JSON Lines alike. A column of integers that only looks so
 * (a count up to 2 400 with a minute past 59) stays a column of integers.
 */
class ClockTimesCommandTest {
    private static Path flights(Path dir, String name, boolean json) throws IOException {
        StringBuilder text = new StringBuilder(json ? "" : "DepTime,DepDelay\n");
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 400; i++) {
            // Departures in two waves, morning and evening.
            int minutes = (int) Math.max(0, Math.min(1439, (rng.nextBoolean() ? 480 : 1080) + 90 * rng.nextGaussian()));
            int hhmm = minutes / 60 * 100 + minutes % 60, delay = (int) Math.round(Math.abs(15 * rng.nextGaussian()));
            text.append(json ? String.format(Locale.ROOT, "{\"DepTime\": %d, \"DepDelay\": %d}%n", hhmm, delay) : hhmm + "," + delay + "\n");
        }
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void clockTimesAreGeneratedAsTimesOfDay(@TempDir Path dir) throws IOException {
        for (boolean json : new boolean[]{false, true}) {
            Path data = flights(dir, json ? "flights.jsonl" : "flights.csv", json), model = dir.resolve("m" + json + ".bin");
            Path out = dir.resolve(json ? "gen.jsonl" : "gen.csv");
            CliRun fit = CliRun.fit(data, model, 8);
            assertEquals(0, fit.exitCode(), fit.err());
            assertTrue(fit.err().contains("column 1 (DepTime): clock times written as integers hhmm like 754, learned as minutes since midnight"), fit.err());
            CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "2000", "--out", out.toString(), "--seed", "4");
            assertEquals(0, sample.exitCode(), sample.err());
            List<String> lines = Files.readAllLines(out);
            assertEquals(json ? 2000 : 2001, lines.size());
            int pastFiftyNine = 0, morning = 0;
            for (String line : lines.subList(json ? 0 : 1, lines.size())) {
                // A number in JSON too, as the file wrote it: "DepTime":754, not "754".
                String field = json ? line.replaceFirst(".*\"DepTime\":([0-9]+)[,}].*", "$1") : line.split(",")[0];
                int hhmm = Integer.parseInt(field);
                assertTrue(hhmm >= 0 && hhmm <= 2359, line);
                if (hhmm % 100 > 59) pastFiftyNine++;
                if (hhmm < 1200) morning++;
            }
            assertEquals(0, pastFiftyNine, json ? "JSON Lines" : "CSV");
            assertTrue(morning > 700 && morning < 1300, morning + " of 2000 before noon: the two waves, half each");
        }
    }

    @Test
    void parquetAndArffOutputWriteClockTimesAsNumbersHhmm(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.bin"), parquet = dir.resolve("gen.parquet"), arff = dir.resolve("gen.arff");
        assertEquals(0, CliRun.fit(flights(dir, "flights.csv", false), model, 8).exitCode());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "400", "--out", parquet.toString(), "--seed", "4").exitCode());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "400", "--out", arff.toString(), "--seed", "4").exitCode());
        // Fitted again from the ARFF file (a text format), the column is clock times: whole numbers hhmm, not text, not minutes.
        CliRun refit = CliRun.fit(arff, dir.resolve("again.bin"), 4);
        assertEquals(0, refit.exitCode(), refit.err());
        assertTrue(refit.err().contains("(DepTime): clock times written as integers hhmm"), refit.err());
        // Parquet's typed field holds the same numbers hhmm (read back, a typed field keeps its numbers: no clock is learned from it).
        org.ejml.data.DMatrixRMaj rows = io.scorestream.io.Tables.read(parquet, List.of()).rows();
        assertEquals(400, rows.numRows);
        for (int r = 0; r < rows.numRows; r++) {
            double hhmm = rows.get(r, 0);
            assertTrue(hhmm == Math.rint(hhmm) && hhmm >= 0 && hhmm <= 2359 && hhmm % 100 <= 59, "row " + r + ": " + hhmm);
        }
        assertTrue(Files.readAllLines(arff).contains("@attribute DepTime numeric"), Files.readString(arff).substring(0, 200));
    }

    @Test
    void integersWithAMinutePastFiftyNineStayIntegers(@TempDir Path dir) throws IOException {
        Path data = flights(dir, "flights.csv", false), model = dir.resolve("m.bin");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(data));
        lines.set(5, "1575," + lines.get(5).split(",")[1]);
        Files.write(data, lines);
        CliRun fit = CliRun.fit(data, model, 8);
        assertEquals(0, fit.exitCode(), fit.err());
        assertFalse(fit.err().contains("clock times"), fit.err());
    }

    /**
     * A model of clock times learned them in minutes: a file of the times hhmm read against it
     * (eval --model, report, bench-quality's generated rows) is taken into minutes first. The same
     * rows written in minutes (no clock: 1 200 minutes has 00 past 1 200) give the same model, so
     * the two files' figures are equal.
     */
    @Test
    void aModelOfClockTimesReadsTimesHhmmInItsMinutes(@TempDir Path dir) throws IOException {
        Path hhmm = flights(dir, "flights.csv", false), minutes = dir.resolve("minutes.csv");
        List<String> lines = Files.readAllLines(hhmm), converted = new java.util.ArrayList<>(List.of("DepTime,DepDelay"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int t = Integer.parseInt(f[0]);
            converted.add((t / 100 * 60 + t % 100) + "," + f[1]);
        }
        Files.write(minutes, converted);
        double[] figures = new double[2];
        for (int k = 0; k < 2; k++) {
            Path data = k == 0 ? hhmm : minutes, model = dir.resolve("m" + k + ".bin");
            assertEquals(0, CliRun.fit(data, model, 8).exitCode());
            CliRun eval = CliRun.of("eval", "--generated", data.toString(), "--reference", data.toString(), "--model", model.toString(), "--json");
            assertEquals(0, eval.exitCode(), eval.err());
            figures[k] = new com.fasterxml.jackson.databind.ObjectMapper().readTree(eval.out()).get("model").get("meanLogLikelihoodReference").asDouble();
        }
        assertEquals(figures[1], figures[0], 1e-9);
    }
}
