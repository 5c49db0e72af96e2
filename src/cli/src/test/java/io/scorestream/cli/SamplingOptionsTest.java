package io.scorestream.cli;

import io.scorestream.io.CsvVectors;
import io.scorestream.sampler.DpmSolver3Sampler;
import io.scorestream.model.ModelFiles;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.StepChoice;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** sample's and report's sampler and grid options, each through the command line; bench-steps on a tiny run. */
class SamplingOptionsTest {
    @TempDir static Path dir;
    static Path data, model;
    static double[] dataMean;

    @BeforeAll
    static void fitASmallModel() {
        data = dir.resolve("data.csv");
        model = dir.resolve("m.model");
        assertEquals(0, CliRun.of("generate-data", "--kind", "gmm", "--n", "3000", "--out", data.toString(), "--seed", "1").exitCode());
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "60");
        assertEquals(0, fit.exitCode(), fit.err());
        dataMean = mean(CsvVectors.read(data));
    }

    static double[] mean(DMatrixRMaj x) {
        double[] m = new double[x.numCols];
        for (int i = 0; i < x.getNumElements(); i++) m[i % x.numCols] += x.data[i] / x.numRows;
        return m;
    }

    /** Runs sample with the extra options; returns the level count its progress line reports, after checking the rows. */
    static int levels(String grid, String... extra) throws IOException {
        Path out = dir.resolve("gen-" + grid + ".csv");
        String[] base = {"sample", "--model", model.toString(), "--n", "1500", "--out", out.toString(), "--seed", "3", "--grid", grid};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        Matcher m = Pattern.compile("\\((\\S+), (\\S+) grid of (\\d+) levels").matcher(run.err());
        assertTrue(m.find(), run.err());
        assertEquals(grid, m.group(2), run.err());
        int named = Arrays.asList(extra).indexOf("--sampler");
        if (named >= 0) assertEquals(extra[named + 1], m.group(1), run.err());
        DMatrixRMaj x = CsvVectors.read(out);
        assertEquals(1500, x.numRows);
        // gmm's modes sit at (±4, ±4) with weights 0.1..0.4: samples from noise that never moved would average 0 and spread ±1
        double[] mean = mean(x);
        for (int j = 0; j < mean.length; j++) assertEquals(dataMean[j], mean[j], 0.4, grid + " coordinate " + j + " mean");
        return Integer.parseInt(m.group(3));
    }

    /** The level count of the grid StepChoice measures for the test's model, in this process (it is deterministic). */
    static int chosen() {
        ScoreModel m = ModelFiles.load(model);
        return StepChoice.grid(m, m.schedule()).size();
    }

    /**
     * --grid measured: the level count StepChoice measures for the model (30, halved or not), said
     * with the pilot's time, the same rows on a second run; with --steps or another sampler it is
     * refused in one line.
     */
    @Test
    void theMeasuredGridThroughSample() throws IOException {
        Path first = dir.resolve("measured1.csv"), second = dir.resolve("measured2.csv");
        int n = levels("measured");
        assertEquals(chosen(), n);
        assertTrue(n == 30 || n == 59 || n == 117, "30 levels, halved or not: " + n);
        CliRun run = CliRun.of("sample", "--model", model.toString(), "--n", "700", "--out", first.toString(), "--seed", "2", "--grid", "measured");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("dpm3m-sde, measured grid of " + n + " levels") && run.err().contains("measuring the grid"), run.err());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "700", "--out", second.toString(), "--seed", "2", "--grid", "measured").exitCode());
        assertEquals(Files.readString(first), Files.readString(second), "measured the same way each time");
        Path bad = dir.resolve("bad-measured.csv");
        String both = CliRun.of("sample", "--model", model.toString(), "--n", "10", "--out", bad.toString(), "--grid", "measured", "--steps", "40").singleErrorLine();
        assertTrue(both.startsWith("scorestream sample: ") && both.contains("not both"), both);
        String other = CliRun.of("sample", "--model", model.toString(), "--n", "10", "--out", bad.toString(), "--grid", "measured", "--sampler", "ddpm").singleErrorLine();
        assertTrue(other.startsWith("scorestream sample: ") && other.contains("dpm3m-sde's"), other);
    }

    @Test
    void everyGridThroughTheCommandLine() throws IOException {
        assertEquals(30, levels("model"), "the default, dpm3m-sde: 30 of the model's levels");
        assertEquals(40, levels("model", "--sampler", "dpm2m-sde"), "dpm2m-sde's default: 40 of the model's levels");
        assertEquals(200, levels("model", "--sampler", "ddpm"), "ddpm's default: 200 steps, the model's 60 levels made finer");
        assertEquals(60, levels("model", "--steps", "60", "--sampler", "ddpm"), "as many steps as levels: the levels themselves");
        assertEquals(12, levels("model", "--steps", "12", "--sampler", "dpm2m"));
        assertEquals(30, levels("geometric", "--steps", "30", "--sampler", "ode"));
        assertEquals(80, levels("lcw", "--steps", "80", "--sampler", "ddpm"));
        assertEquals(120, levels("lcw", "--steps", "120", "--c0", "3", "--c1", "14", "--sampler", "ddpm"));
        assertTrue(levels("gkl", "--steps", "70", "--sampler", "ve") <= 70);
        int coarse = levels("gkl", "--kappa", "0.3", "--epsilon", "0.05", "--sampler", "ve");
        int fine = levels("gkl", "--kappa", "0.1", "--epsilon", "0.05", "--sampler", "ve");
        assertTrue(fine > 2 * coarse, "kappa sets the step count: " + coarse + " vs " + fine);
        assertTrue(levels("cks", "--steps", "60", "--sampler", "ei") <= 60);
        int early = levels("cks", "--kappa", "0.2", "--delta", "1e-3", "--sampler", "ei");
        int late = levels("cks", "--kappa", "0.2", "--delta", "1e-6", "--sampler", "ei");
        // (1+κ)^{−ℓ} from 1 to δ: ln(1000)/ln(1.2) more levels for three more decades of δ
        assertEquals(Math.log(1000) / Math.log(1.2), late - early, 1.01);
    }

    /** DPM-Solver++(3M), both forms, through sample (its default count, and a count given) and through report. */
    @Test
    void theThirdOrderSolversThroughSampleAndReport() throws IOException {
        assertEquals(DpmSolver3Sampler.DEFAULT_STEPS, levels("model", "--sampler", "dpm3m-sde"), "dpm3m-sde's default count");
        assertEquals(DpmSolver3Sampler.DEFAULT_STEPS, levels("model", "--sampler", "dpm3m"), "dpm3m's default count");
        assertEquals(16, levels("model", "--steps", "16", "--sampler", "dpm3m-sde"));
        assertEquals(20, levels("geometric", "--steps", "20", "--sampler", "dpm3m"));
        Path out = dir.resolve("report3");
        CliRun run = CliRun.of("report", "--model", model.toString(), "--reference", data.toString(), "--out", out.toString(),
                "--samples", "300", "--sampler", "dpm3m-sde", "--steps", "20");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("dpm3m-sde, model grid of 20 levels"), run.err());
        assertTrue(Files.readString(out.resolve("index.html")).contains("dpm3m-sde on model/20"));
    }

    @Test
    void badGridOptionsAreOneLine() {
        Path out = dir.resolve("bad.csv");
        String[][] cases = {
                {"unknown grid 'fancy'", "--grid", "fancy"},
                {"c0 applies to the lcw grid only", "--grid", "gkl", "--c0", "3"},
                {"c1 applies to the lcw grid only", "--c1", "3"},
                {"kappa applies to the gkl or cks grid only", "--grid", "lcw", "--kappa", "0.1"},
                {"not both", "--grid", "gkl", "--kappa", "0.1", "--steps", "20"},
                {"gkl needs kappa < 1", "--grid", "gkl", "--kappa", "1.5"},
                {"delta must be in (0, 1)", "--grid", "cks", "--delta", "2"},
                {"delta applies to the cks grid only", "--grid", "gkl", "--delta", "0.001"},
                {"epsilon applies to the gkl or cks grid only", "--grid", "geometric", "--epsilon", "0.1"},
                {"T >= 36", "--grid", "lcw", "--steps", "25"},
                {"steps must be at least 2", "--grid", "geometric", "--steps", "1"},
                {"unknown sampler 'heun'", "--sampler", "heun"},
        };
        for (String[] c : cases) {
            String[] base = {"sample", "--model", model.toString(), "--n", "10", "--out", out.toString()};
            String[] args = Arrays.copyOf(base, base.length + c.length - 1);
            System.arraycopy(c, 1, args, base.length, c.length - 1);
            String line = CliRun.of(args).singleErrorLine();
            assertTrue(line.startsWith("scorestream sample: ") && line.contains(c[0]), c[0] + " → " + line);
            assertFalse(Files.exists(out), Arrays.toString(c));
        }
    }

    @Test
    void reportSamplesOnTheChosenGrid() throws IOException {
        Path out = dir.resolve("report");
        CliRun run = CliRun.of("report", "--model", model.toString(), "--reference", data.toString(), "--out", out.toString(),
                "--samples", "300", "--sampler", "ddpm", "--grid", "lcw", "--steps", "50", "--c1", "9");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("ddpm, lcw grid of 50 levels"), run.err());
        assertTrue(Files.readString(out.resolve("index.html")).contains("ddpm on lcw/50"));
        String line = CliRun.of("report", "--model", model.toString(), "--reference", data.toString(), "--out", dir.resolve("r2").toString(),
                "--grid", "cks", "--c0", "1").singleErrorLine();
        assertTrue(line.contains("c0 applies to the lcw grid only"), line);
    }

    @Test
    void benchStepsRunsATinyAblationAndTheSuiteComparison() throws IOException {
        Path table = dir.resolve("steps.md");
        CliRun run = CliRun.of("bench-steps", "--dims", "2", "--components", "2", "--steps", "10,40", "--pairs", "dpm2m:model,ddpm:lcw",
                "--score", "exact", "--eval", "600", "--out", table.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("| exact | dpm2m:model | 2 |"), run.out());
        assertTrue(run.err().contains("ddpm:lcw 10 steps: no grid"), "lcw below its smallest T is reported, not fatal: " + run.err());
        assertTrue(Files.readString(table).contains("Steps needed against k"));
        assertTrue(Files.size(dir.resolve("steps.png")) > 1000, "the plot beside the table");
        assertTrue(Files.size(dir.resolve("steps-gap.png")) > 1000, "the gap plot beside it");

        // --with: the earlier run's rows join a new run's (d = 3) in its tables
        Path joined = dir.resolve("joined.md");
        CliRun part = CliRun.of("bench-steps", "--dims", "3", "--components", "2", "--steps", "40", "--pairs", "dpm2m:model",
                "--score", "exact", "--eval", "300", "--with", table.toString(), "--out", joined.toString());
        assertEquals(0, part.exitCode(), part.err());
        assertTrue(part.out().contains("| score | sampler:grid | k | d=2 | d=3 |"), part.out());
        assertTrue(Files.readString(joined).contains("| exact | 2 | 2 | ddpm:lcw | 40 |"), "the earlier rows are kept");
        Path redrawn = dir.resolve("redrawn.md");
        CliRun redraw = CliRun.of("bench-steps", "--with", joined.toString(), "--out", redrawn.toString());
        assertEquals(0, redraw.exitCode(), redraw.err());
        assertEquals(Files.readString(joined), Files.readString(redrawn), "without --dims: the earlier rows alone, nothing run");
        assertTrue(Files.size(dir.resolve("redrawn.png")) > 1000);
        // --tolerance: what counts as at the floor; at 0.49 every run is, so the fewest steps tried are needed
        CliRun loose = CliRun.of("bench-steps", "--with", table.toString(), "--tolerance", "0.49", "--out", dir.resolve("loose.md").toString());
        assertEquals(0, loose.exitCode(), loose.err());
        assertTrue(loose.out().contains("not within 0.49 of the floor") && loose.out().contains("| exact | dpm2m:model | 2 | 10 |"), loose.out());
        // --learned-max-dimension: the learned score only up to that d
        CliRun learned = CliRun.of("bench-steps", "--dims", "2,3", "--components", "2", "--steps", "10", "--pairs", "dpm2m:model", "--score", "learned",
                "--train", "500", "--eval", "300", "--learned-max-dimension", "2");
        assertEquals(0, learned.exitCode(), learned.err());
        assertTrue(learned.out().contains("| learned | 2 | 2 | dpm2m:model | 10 |"), learned.out());
        assertFalse(learned.out().contains("| learned | 3 |"), "no learned row above --learned-max-dimension: " + learned.out());
        Files.writeString(dir.resolve("broken.md"), "| exact | 2 | two | ddpm:lcw |\n");
        for (String earlier : new String[]{dir.resolve("broken.md").toString(), dir.resolve("missing.md").toString()}) {
            String line = CliRun.of("bench-steps", "--quick", "--with", earlier).singleErrorLine();
            assertTrue(line.startsWith("scorestream bench-steps: ") && line.contains(earlier), line);
        }

        CliRun suite = CliRun.of("bench-steps", "--suite", "gmm", "--plans", "dpm2m-sde:model:20", "--train", "2000", "--eval", "500");
        assertEquals(0, suite.exitCode(), suite.err());
        assertTrue(suite.out().contains("| gmm | 2 | dpm2m-sde on model/20 | 20 |"), suite.out());
        CliRun measured = CliRun.of("bench-steps", "--suite", "gmm", "--plans", "dpm3m-sde:measured:auto", "--train", "2000", "--eval", "500", "--sample-seeds", "2");
        assertEquals(0, measured.exitCode(), measured.err());
        Matcher row = Pattern.compile("\\| gmm \\| 2 \\| dpm3m-sde on measured \\| (\\d+) \\| mean (0\\.\\d{4}): (0\\.\\d{4}) / (0\\.\\d{4}) \\|").matcher(measured.out());
        assertTrue(row.find(), "the measured count and two samples' C2ST with their mean: " + measured.out());
        assertTrue(List.of(30, 59, 117).contains(Integer.parseInt(row.group(1))), row.group());
        assertEquals((Double.parseDouble(row.group(3)) + Double.parseDouble(row.group(4))) / 2, Double.parseDouble(row.group(2)), 1e-4);
        assertNotEquals(row.group(3), row.group(4), "two sampler seeds, two samples");

        for (String[] bad : new String[][]{{"--pairs", "ddpm"}, {"--score", "oracle"}, {"--components", "1"}, {"--suite", "gmm", "--plans", "ddpm:model"}, {"--suite", "gmm", "--sample-seeds", "0"},
                {"--quick", "--tolerance", "0.5"}, {"--quick", "--tolerance", "-0.01"}, {"--score", "learned", "--learned-max-dimension", "0"}}) {
            String[] args = Arrays.copyOf(new String[]{"bench-steps"}, 1 + bad.length);
            System.arraycopy(bad, 0, args, 1, bad.length);
            assertTrue(CliRun.of(args).singleErrorLine().startsWith("scorestream bench-steps: "), Arrays.toString(bad));
        }
    }
}
