package io.scorestream.cli;

import io.scorestream.learn.FitOptions;
import io.scorestream.model.ModelFiles;
import io.scorestream.model.ScoreModel;
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
    void outDashWritesToStandardOutputAsTheFileWouldHold() throws IOException {
        CliRun toFile = CliRun.of("sample", "--model", model.toString(), "--n", "57", "--out", out.toString(), "--seed", "4");
        CliRun toStdout = CliRun.of("sample", "--model", model.toString(), "--n", "57", "--out", "-", "--seed", "4");
        assertEquals(0, toStdout.exitCode(), toStdout.err());
        assertEquals(Files.readString(out), toStdout.out(), "the same rows, the same text");
        assertEquals(57, toStdout.out().lines().count());
        assertTrue(toStdout.err().contains("written to standard output"), toStdout.err());
        assertFalse(Files.exists(Path.of("-")), "no file named -");
        assertTrue(toFile.out().isEmpty());
    }

    @Test
    void aGzipCompressedFileFitsTheModelItsTextDoes() throws IOException {
        Path compressed = dir.resolve("data.csv.gz"), zModel = dir.resolve("z.model"), zOut = dir.resolve("z.csv");
        try (java.io.OutputStream z = new java.util.zip.GZIPOutputStream(Files.newOutputStream(compressed))) {
            z.write(Files.readAllBytes(data));
        }
        assertEquals(0, CliRun.of("fit", "--input", compressed.toString(), "--model", zModel.toString(), "--levels", "40").exitCode());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "200", "--out", out.toString(), "--seed", "4").exitCode());
        assertEquals(0, CliRun.of("sample", "--model", zModel.toString(), "--n", "200", "--out", zOut.toString(), "--seed", "4").exitCode());
        assertEquals(Files.readString(out), Files.readString(zOut), "the same samples from the compressed file's model");
    }

    @Test
    void anOutputInAMissingDirectoryIsOneLineBeforeAnyWork() throws IOException {
        // fit once ended, after the whole fit, in "internal error: NoSuchFileException"
        Path missing = dir.resolve("no-such-dir").resolve("m.bin");
        assertEquals("scorestream fit: " + missing + ": cannot write: directory does not exist",
                CliRun.of("fit", "--input", data.toString(), "--model", missing.toString()).singleErrorLine());
        Path underAFile = data.resolve("gen.csv");
        assertEquals("scorestream sample: " + underAFile + ": cannot write: " + data + " is not a directory",
                CliRun.of("sample", "--model", model.toString(), "--n", "5", "--out", underAFile.toString()).singleErrorLine());
        assertFalse(Files.exists(missing.getParent()));
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
        // Finite, but beyond what a square holds: named with its sample and column, not an infinite scale.
        Files.writeString(bad, "x,y\n1,2e-300\n3,1.5e300\n4,1\n");
        assertEquals("scorestream fit: " + bad + ": sample 2, column 2 (y) is beyond ±1e150, where its square overflows: 1.5E300",
                CliRun.of("fit", "--input", bad.toString(), "--model", m.toString()).singleErrorLine());
        assertFalse(Files.exists(m));
    }

    @Test
    void aConstantColumnAndADependentColumnFitAndTheConstantIsKept() throws IOException {
        // Rank-deficient data (a constant column, a column that is the sum of two others) once
        // stopped fit with "internal error: QR decomposition failed".
        Path file = dir.resolve("degenerate.csv"), m = dir.resolve("degenerate.model");
        var rng = new java.util.SplittableRandom(5);
        StringBuilder csv = new StringBuilder("x,y,c,s\n");
        for (int i = 0; i < 1500; i++) {
            double x = rng.nextGaussian() + (i % 2 == 0 ? 3 : 0), y = rng.nextGaussian();
            csv.append(x).append(',').append(y).append(",4.25,").append(x + y).append('\n');
        }
        Files.writeString(file, csv);
        CliRun fit = CliRun.of("fit", "--input", file.toString(), "--model", m.toString(), "--levels", "40");
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun run = CliRun.of("sample", "--model", m.toString(), "--n", "300", "--out", out.toString(), "--seed", "2");
        assertEquals(0, run.exitCode(), run.err());
        var lines = Files.readAllLines(out);
        assertEquals("x,y,c,s", lines.get(0), "the header the input had");
        assertEquals(301, lines.size());
        for (String line : lines.subList(1, lines.size())) assertEquals(4.25, Double.parseDouble(line.split(",")[2]), 0, line);
    }

    @Test
    void aFlagKeepsItsOddsGivenTheStateItDependsOn() throws IOException {
        // mixedtypes: a hidden state s (1 with probability 0.6) sets the first measurement,
        // N(2, 0.5²) or N(−1, 1), and the flag, 1 with probability 0.8 or 0.2. Dequantised over the
        // whole gap the flag leaked across the state: P(flag = 1 | x₁ > 0.5) came out 0.746 and
        // P(flag = 1 | x₁ ≤ 0.5) 0.237, four standard errors off the exact 0.774 and 0.201.
        Path file = dir.resolve("mixed.csv"), m = dir.resolve("mixed.model");
        int n = 8000, generated = 20000;
        assertEquals(0, CliRun.of("generate-data", "--kind", "mixedtypes", "--n", "" + n, "--out", file.toString(), "--seed", "3").exitCode());
        CliRun fit = CliRun.of("fit", "--input", file.toString(), "--model", m.toString(), "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun run = CliRun.of("sample", "--model", m.toString(), "--n", "" + generated, "--out", out.toString(), "--seed", "2");
        assertEquals(0, run.exitCode(), run.err());
        double above1 = upperTail((0.5 - 2) / 0.5), above0 = upperTail(0.5 + 1);
        double[] share = {0.6 * above1 + 0.4 * above0, 0.6 * (1 - above1) + 0.4 * (1 - above0)};
        double[] exact = {(0.6 * 0.8 * above1 + 0.4 * 0.2 * above0) / share[0], (0.6 * 0.8 * (1 - above1) + 0.4 * 0.2 * (1 - above0)) / share[1]};
        long[] rows = new long[2], flagged = new long[2];
        for (String line : Files.readAllLines(out)) {
            String[] v = line.split(",");
            int side = Double.parseDouble(v[0]) > 0.5 ? 0 : 1;
            rows[side]++;
            if (Double.parseDouble(v[3]) == 1) flagged[side]++;
        }
        assertEquals(generated, rows[0] + rows[1]);
        for (int side = 0; side < 2; side++) {
            double p = exact[side], got = flagged[side] / (double) rows[side];
            // The model's own estimate varies as the training rows do, the sample's as the generated ones.
            double error = Math.sqrt(p * (1 - p) * (1 / (share[side] * n) + 1 / (double) rows[side]));
            assertEquals(p, got, 3 * error, (side == 0 ? "P(flag = 1 | x1 > 0.5)" : "P(flag = 1 | x1 <= 0.5)") + " of " + rows[side] + " generated rows");
        }
    }

    private static double upperTail(double z) { return 0.5 * org.apache.commons.math3.special.Erf.erfc(z / Math.sqrt(2)); }

    /** Fits through the CLI with the given tuning options and loads the model it wrote. */
    private ScoreModel fitWith(Path input, String... options) {
        Path m = dir.resolve("tuned.model");
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("fit", "--input", input.toString(), "--model", m.toString()),
                java.util.stream.Stream.of(options)).toArray(String[]::new);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), String.join(" ", options) + ": " + run.err());
        return ModelFiles.load(m);
    }

    @Test
    void everyTuningOptionReachesTheModelOnMultiDimensionalData() throws IOException {
        Path wide = dir.resolve("wide.csv");
        assertEquals(0, CliRun.of("generate-data", "--kind", "many12", "--n", "1500", "--out", wide.toString(), "--seed", "2").exitCode());
        ScoreModel rank2 = fitWith(wide, "--levels", "12", "--rank", "2");   // 12-D: rank is checked against the data's dimension
        assertEquals(12, rank2.dimension());
        assertEquals(2, rank2.level(0).structure().features()[0].basis().rank());
        String tooHigh = CliRun.of("fit", "--input", wide.toString(), "--model", dir.resolve("x.model").toString(), "--rank", "13").singleErrorLine();
        assertTrue(tooHigh.endsWith("rank must be 0..12 for data of dimension 12, got 13"), tooHigh);
        assertFalse(Files.exists(dir.resolve("x.model")));

        assertEquals(17, fitWith(data, "--levels", "17").levelCount());
        assertEquals(1, fitWith(data, "--levels", "12", "--degree", "1").level(0).structure().features()[0].basis().degree());
        // --degree auto: the data chooses 1, 2 or 3, the same at every level, and the model says so.
        ScoreModel chosen = fitWith(data, "--levels", "12", "--degree", "Auto");
        int degree = chosen.level(0).structure().features()[0].basis().degree();
        assertTrue(degree >= 1 && degree <= 3, "chosen degree " + degree);
        for (int j = 0; j < 12; j++) assertEquals(degree, chosen.level(j).structure().features()[0].basis().degree(), "level " + j);
        assertTrue(chosen.info().description().contains("degree=auto"), chosen.info().description());
        for (ScoreModel capped : new ScoreModel[]{fitWith(data, "--levels", "12", "--max-cells", "3"),
                fitWith(data, "--levels", "12", "--max-cells", "3", "--partition", "kmeans")})
            for (int j = 0; j < capped.levelCount(); j++) assertTrue(capped.level(j).structure().cells() <= 3);
        assertTrue(fitWith(data, "--levels", "12", "--partition", "kmeans").info().description().contains("partition=kmeans"));
        assertTrue(fitWith(data, "--levels", "12", "--partition", "COVER").info().description().contains("partition=cover"));
        assertTrue(fitWith(data, "--levels", "12", "--ridge", "0.01").info().description().contains("ridge=0.0100000"));
        // A wider cover radius (in units of each level's noise) means fewer, larger cells.
        ScoreModel wideBalls = fitWith(data, "--levels", "12", "--cells", "voronoi", "--cover-radius", "1000");
        ScoreModel narrowBalls = fitWith(data, "--levels", "12", "--cells", "voronoi", "--cover-radius", "0.5");
        int wideCells = 0, narrowCells = 0;
        for (int j = 0; j < 12; j++) { wideCells += wideBalls.level(j).structure().cells(); narrowCells += narrowBalls.level(j).structure().cells(); }
        assertTrue(wideCells < narrowCells, "cells at radius 1000: " + wideCells + ", at 0.5: " + narrowCells);
        // Cell kinds: Voronoi cells have no gates, soft cells have them at every level, auto picks per band.
        ScoreModel voronoi = fitWith(data, "--levels", "12", "--cells", "voronoi");
        ScoreModel soft = fitWith(data, "--levels", "12", "--cells", "SOFT");
        for (int j = 0; j < 12; j++) {
            assertNull(voronoi.level(j).structure().gates(), "level " + j);
            assertNotNull(soft.level(j).structure().gates(), "level " + j);
        }
        assertTrue(voronoi.info().description().contains("cells=voronoi"));
        assertTrue(soft.info().description().contains("cells=soft"));
        assertTrue(fitWith(data, "--levels", "12").info().description().contains("cells=auto"));
        // The reservoir the cells are planned on (the column transforms see every row).
        assertTrue(fitWith(data, "--levels", "12", "--reservoir", "100").info().description().contains("reservoir=100"));
        // Noise draws per record: given, or automatic (enough rows per level for a small file).
        assertTrue(fitWith(data, "--levels", "12", "--draws", "3").info().description().contains("draws=3"), "--draws 3");
        int records = (int) Files.lines(data).count();
        ScoreModel automatic = fitWith(data, "--levels", "12", "--draws", "AUTO");
        long cellFeatures = 0;
        for (int j = 0; j < automatic.levelCount(); j++)
            cellFeatures = Math.max(cellFeatures, (long) automatic.level(j).structure().cells() * automatic.level(j).structure().featureCount());
        long auto = Math.min(FitOptions.MAX_AUTO_DRAWS, (FitOptions.ROWS_PER_CELL_FEATURE * cellFeatures + records - 1) / records);
        assertTrue(automatic.info().description().contains("draws=" + auto), "--draws auto: " + automatic.info().description() + ", " + cellFeatures + " cell features");
    }

    @Test
    void badTuningOptionsAreRejectedBeforeReadingData() {
        Path m = dir.resolve("new.model");
        for (String[] option : new String[][]{{"--degree", "0"}, {"--levels", "1"}, {"--ridge", "-1"}, {"--partition", "voronoi"}, {"--cells", "hexagonal"}, {"--max-cells", "0"}, {"--bogus", "1"},
                {"--rank", "-2"}, {"--cover-radius", "0"}, {"--reservoir", "3"}, {"--draws", "0"}, {"--draws", "many"},
                {"--degree", "cubic"}, {"--degree", "7"}}) {
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
