package io.scorestream.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** fit and sample: what they write, and every kind of bad input (exit 2, one line, nothing written). */
class FitSampleCommandTest {
    @TempDir Path dir;
    Path data, model, out;

    @BeforeEach
    void fitASmallModel() {
        data = dir.resolve("data.csv");
        model = dir.resolve("m.model");
        out = dir.resolve("gen.csv");
        assertEquals(0, CliRun.of("generate-data", "--kind", "aniso", "--n", "2000", "--out", data.toString(), "--seed", "1").exitCode());
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "40");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("fit:"), "progress goes to stderr: " + fit.err());
        assertTrue(fit.out().isEmpty());
    }

    @Test
    void sampleWritesTheRequestedRowsInTheDataDimension() throws IOException {
        CliRun run = CliRun.of("sample", "--model", model.toString(), "--n", "123", "--out", out.toString(), "--sampler", "ei", "--steps", "30");
        assertEquals(0, run.exitCode(), run.err());
        var lines = Files.readAllLines(out);
        assertEquals(123, lines.size());
        for (String line : lines) assertEquals(3, line.split(",").length);
    }

    @Test
    void badTrainingDataLeavesNoModel() throws IOException {
        Path bad = dir.resolve("bad.csv"), m = dir.resolve("new.model");
        Files.writeString(bad, "x,y\n1,2\n3,NaN\n");
        String line = CliRun.of("fit", "--input", bad.toString(), "--model", m.toString()).singleErrorLine();
        assertTrue(line.contains("bad.csv:3") && line.contains("not finite"), line);
        assertFalse(Files.exists(m));
        Files.writeString(bad, "");
        assertTrue(CliRun.of("fit", "--input", bad.toString(), "--model", m.toString()).singleErrorLine().contains("no samples"));
        Files.writeString(bad, "1,2\n");
        assertTrue(CliRun.of("fit", "--input", bad.toString(), "--model", m.toString()).singleErrorLine().contains("at least 2 samples"));
        assertFalse(Files.exists(m));
    }

    @Test
    void badTuningOptionsAreRejectedBeforeReadingData() {
        Path m = dir.resolve("new.model");
        for (String[] option : new String[][]{{"--degree", "0"}, {"--levels", "1"}, {"--ridge", "-1"}, {"--partition", "voronoi"}, {"--max-cells", "0"}, {"--bogus", "1"}}) {
            CliRun run = CliRun.of("fit", "--input", data.toString(), "--model", m.toString(), option[0], option[1]);
            String line = run.singleErrorLine();
            assertTrue(line.startsWith("scorestream fit: "), line);
        }
        assertFalse(Files.exists(m));
    }

    @Test
    void corruptTruncatedOrForeignModelsAreRefusedAndNothingIsWritten() throws IOException {
        byte[] good = Files.readAllBytes(model);
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        byte[] otherVersion = good.clone();
        ByteBuffer.wrap(otherVersion, 8, 4).putInt(99);
        Object[][] cases = {
                {flipped, "checksum"},
                {Arrays.copyOf(good, good.length - 100), "checksum"},
                {otherVersion, "version 99"},
                {"1,2,3\n".getBytes(), "not a ScoreStream model"},
                {new byte[0], "not a ScoreStream model"},
        };
        for (Object[] c : cases) {
            Path bad = dir.resolve("bad.model");
            Files.write(bad, (byte[]) c[0]);
            String line = CliRun.of("sample", "--model", bad.toString(), "--n", "10", "--out", out.toString()).singleErrorLine();
            assertTrue(line.contains("bad.model") && line.contains((String) c[1]), line);
            assertFalse(Files.exists(out));
        }
        String missing = CliRun.of("sample", "--model", dir.resolve("none.model").toString(), "--n", "10", "--out", out.toString()).singleErrorLine();
        assertTrue(missing.contains("none.model"), missing);
    }

    @Test
    void badSampleOptionsAreOneLine() {
        String[][] cases = {{"--n", "0"}, {"--n", "-5"}, {"--n", "ten"}, {"--sampler", "euler"}, {"--steps", "1"}};
        for (String[] c : cases) {
            String[] args = {"sample", "--model", model.toString(), "--n", "10", "--out", out.toString(), c[0], c[1]};
            String line = CliRun.of(args).singleErrorLine();
            assertTrue(line.startsWith("scorestream sample: "), line);
            assertFalse(Files.exists(out), Arrays.toString(c));
        }
    }
}
