package io.scorestream.cli;

import io.scorestream.columns.TypedData;
import io.scorestream.io.CsvVectors;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** fit's column options and sample's output on integer, point-mass and bounded decimal columns, through the CLI. */
class ColumnOptionsCommandTest {
    @TempDir static Path dir;
    static Path data;
    static DMatrixRMaj rows;

    @BeforeAll
    static void writeTypedData() {
        data = dir.resolve("typed.csv");
        rows = TypedData.rows(3000, 1);
        CsvVectors.write(data, rows);
    }

    /** Fits with the given extra options (40 levels, to stay quick) and samples 3000 rows. */
    static DMatrixRMaj fitAndSample(String name, String... options) {
        Path model = dir.resolve(name + ".model"), out = dir.resolve(name + ".csv");
        CliRun fit = CliRun.fit(data, model, 40, options);
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "3000", "--out", out.toString(), "--seed", "4");
        assertEquals(0, sample.exitCode(), sample.err());
        return CsvVectors.read(out);
    }

    @Test
    void byDefaultEverySampledValueIsOnItsColumnTypeAndThePointMassKeepsItsShare() throws IOException {
        DMatrixRMaj generated = fitAndSample("default");
        assertNull(TypedData.firstOffType(generated));
        assertEquals(TypedData.zeroShare(rows), TypedData.zeroShare(generated), 0.04);
        assertTrue(Files.readAllLines(dir.resolve("default.csv")).get(0).matches("\\d+,[0-9.E-]+,\\d+(\\.\\d)?,[0-9.E-]+"), "integers print as integers, decimals as decimals");
        String eval = evalJson(dir.resolve("default.csv"), data);
        assertTrue(eval.contains("\"offTypeShare\" : 0.0"), eval);
    }

    /**
     * Seattle's daily rain (the shipped weather set, 1 461 days): 0.0 mm on 57.4 % of them, 0.3 mm
     * on 3.7 %, dequantised over half of each gap. Read where it lies, the sampler's spill into
     * the gaps went to the large point mass: 61.1 % of generated days were dry and 2.2 % had
     * 0.3 mm. Read through the generator's own margins, each keeps its share.
     */
    @Test
    void dryDaysAndTheirSmallNeighbourKeepTheirSharesOnSeattlesWeather() throws IOException {
        Path weather = dir.resolve("weather.csv"), model = dir.resolve("weather.bin"), out = dir.resolve("weather-out.csv");
        CliRun dataset = CliRun.of("dataset", "weather", "--out", weather.toString());
        assertEquals(0, dataset.exitCode(), dataset.err());
        CliRun fit = CliRun.of("fit", "--input", weather.toString(), "--model", model.toString());
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("57.4 % at 0.0, 3.7 % at 0.3") && fit.err().contains("-> spread 0.5"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "20000", "--out", out.toString(), "--seed", "1");
        assertEquals(0, sample.exitCode(), sample.err());
        assertTrue(sample.err().matches("(?s).*the margins of 4 gapped columns from 4096 rows, [1-4] read by rank.*"), sample.err());
        double[] data = rainShares(CsvVectors.read(weather)), generated = rainShares(CsvVectors.read(out));
        assertEquals(0.574, data[0], 0.001);
        assertEquals(data[0], generated[0], 0.02, "dry days");
        assertEquals(data[1], generated[1], 0.012, "days of 0.3 mm");
    }

    /** The shares of rows whose first column is 0.0 and 0.3. */
    private static double[] rainShares(DMatrixRMaj rows) {
        double dry = 0, light = 0;
        for (int i = 0; i < rows.numRows; i++) {
            if (rows.get(i, 0) == 0.0) dry++;
            else if (rows.get(i, 0) == 0.3) light++;
        }
        return new double[]{dry / rows.numRows, light / rows.numRows};
    }

    /** eval's JSON of generated rows against reference rows, after a clean exit. */
    private static String evalJson(Path generated, Path reference) {
        CliRun eval = CliRun.of("eval", "--generated", generated.toString(), "--reference", reference.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        return eval.out();
    }

    /**
     * Unix time stamps and coordinates with six decimals: grids too fine to model next to the
     * values' size, yet every generated value is written as the data was, whole seconds and six
     * decimals, and eval counts raw values as off their type.
     */
    @Test
    void timeStampsAndSixDecimalCoordinatesAreWrittenAsTheDataWas() throws IOException {
        Path events = dir.resolve("events.csv"), model = dir.resolve("events.bin"), out = dir.resolve("events-out.csv");
        java.util.Random rng = new java.util.Random(8);
        StringBuilder text = new StringBuilder("ts,lat,lon\n");
        for (int i = 0; i < 1500; i++)
            text.append(String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f%n", 1_700_000_000L + rng.nextInt(2_600_000),
                    48.85 + 0.05 * rng.nextGaussian(), 2.35 + 0.08 * rng.nextGaussian()));
        Files.writeString(events, text);
        CliRun fit = CliRun.fit(events, model, 20);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("column 2: affine, written with 6 decimals"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "500", "--out", out.toString(), "--seed", "4");
        assertEquals(0, sample.exitCode(), sample.err());
        java.util.List<String> lines = Files.readAllLines(out);
        assertEquals(501, lines.size());
        for (String line : lines.subList(1, lines.size()))
            assertTrue(line.matches("17\\d{8},4[89]\\.\\d{1,6},[0-9]\\.\\d{1,6}"), line);
        String eval = evalJson(out, events);
        assertTrue(eval.contains("\"offTypeShare\" : 0.0"), eval);
        CliRun raw = CliRun.fit(events, dir.resolve("raw.bin"), 20, "--column-types", "none");
        assertEquals(0, raw.exitCode(), raw.err());
        Path rawOut = dir.resolve("raw-out.csv");
        assertEquals(0, CliRun.of("sample", "--model", dir.resolve("raw.bin").toString(), "--n", "500", "--out", rawOut.toString()).exitCode());
        String rawEval = evalJson(rawOut, events);
        assertFalse(rawEval.contains("\"offTypeShare\" : 0.0"), rawEval);
    }

    /**
     * Shares that sum to one and a total that is the sum of two parts: exact linear relations,
     * named by fit and kept by every generated row to the data's printed digits; with
     * --column-types none the rows are the cells' raw values, off the relations.
     */
    @Test
    void exactLinearRelationsAreNamedAndKeptOnEveryGeneratedRow() throws IOException {
        Path shares = dir.resolve("shares.csv"), model = dir.resolve("shares.bin"), out = dir.resolve("shares-out.csv");
        java.util.Random rng = new java.util.Random(12);
        StringBuilder text = new StringBuilder("rent,food,other,parts,extra,total\n");
        for (int i = 0; i < 2000; i++) {
            double a = -Math.log(1 - rng.nextDouble()), b = 2 * -Math.log(1 - rng.nextDouble()), c = Math.exp(rng.nextGaussian()), sum = a + b + c;
            long parts = 100 + rng.nextInt(900), extra = rng.nextInt(50);
            text.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%d,%d,%d%n", a / sum, b / sum, 1 - Math.rint(1e4 * a / sum) / 1e4 - Math.rint(1e4 * b / sum) / 1e4, parts, extra, parts + extra));
        }
        Files.writeString(shares, text);
        CliRun fit = CliRun.fit(shares, model, 20);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("2 exact linear relations among the columns, kept on output"), fit.err());
        assertTrue(fit.err().contains("exact linear relation: rent + food + other = 1"), fit.err());
        assertTrue(fit.err().contains("exact linear relation: parts + extra − total = 0"), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "2000", "--out", out.toString(), "--seed", "4");
        assertEquals(0, sample.exitCode(), sample.err());
        DMatrixRMaj generated = CsvVectors.read(out);
        int totalsOff = 0;
        for (int i = 0; i < generated.numRows; i++) {
            double[] r = java.util.Arrays.copyOfRange(generated.data, i * 6, i * 6 + 6);
            assertEquals(1.0, r[0] + r[1] + r[2], 1e-9, "shares of row " + i + ", exact at their fourth decimal");
            if (r[3] + r[4] != r[5]) totalsOff++;
        }
        // The parts' rounding falls on the total (the relation's pivot): whole numbers, exactly their sum.
        assertEquals(0, totalsOff, "totals off their parts");
        CliRun raw = CliRun.fit(shares, dir.resolve("shares-raw.bin"), 20, "--column-types", "none");
        assertEquals(0, raw.exitCode(), raw.err());
        assertFalse(raw.err().contains("exact linear relation"), raw.err());
    }

    @Test
    void columnTypesNoneGivesRawValuesAndEvalCountsThemOffType() {
        DMatrixRMaj generated = fitAndSample("none", "--column-types", "none", "--transform", "affine");
        assertNotNull(TypedData.firstOffType(generated));
        Path out = dir.resolve("none.csv");
        CliRun eval = CliRun.of("eval", "--generated", out.toString(), "--reference", data.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        String line = eval.out().lines().filter(l -> l.startsWith("off-type share")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(line.split("\\s+")[2]) > 0.5, line);
    }

    @Test
    void transformQuantileAndAffineBothKeepTheTypes() {
        for (String transform : new String[]{"quantile", "affine", "AUTO"})
            assertNull(TypedData.firstOffType(fitAndSample("t-" + transform, "--transform", transform)), transform);
    }

    @Test
    void pointMassShareAndColumnOverridesChangeTheTypes() {
        // At a 50 % threshold the zeros (a third of the rows) are no point mass: the amount column is
        // continuous ≥ 0, and its generated zeros are only what the lower bound clips. The diffusion puts
        // a narrow peak where the zeros were, about half of which falls below 0, so clipping alone makes
        // about half the data's zero share (0.14–0.18 of 0.33 with ddpm, dpm2m-sde on 40 and dpm3m-sde on
        // 30 levels); a point mass would make all of it (within 0.04, the default case above). The line
        // between the two is three quarters; half, the bound before, sat on clipping's own figure.
        DMatrixRMaj generated = fitAndSample("share", "--point-mass-share", "0.5", "--transform", "affine");
        double share = TypedData.zeroShare(generated);
        assertTrue(share < 0.75 * TypedData.zeroShare(rows), "zeros only from the lower bound, not at their share: " + share + " of " + TypedData.zeroShare(rows));
        DMatrixRMaj overridden = fitAndSample("override", "--column", "3=integer,max=5", "--column", "1=min=1", "--column", "4=real");
        int offCode = 0;
        for (int i = 0; i < overridden.numRows; i++) {
            double reading = overridden.get(i, 2), count = overridden.get(i, 0), code = overridden.get(i, 3);
            assertTrue(reading == Math.rint(reading) && reading <= 5 && reading >= 0, "row " + i + ": " + reading);
            assertTrue(count >= 1 && count == Math.rint(count), "row " + i + ": " + count);
            if (java.util.Arrays.stream(TypedData.CODES).noneMatch(c -> c == code)) offCode++;
        }
        // 4=real: the code column is not finite (by default every generated value is a code, above):
        // the seven codes above 1 % stay point masses, the rare one's 0.5 % of the rows come out continuous.
        assertTrue(offCode > 0 && offCode < 60, offCode + " of 3000 generated values between the codes");
    }

    @Test
    void aModelFileOfTheFormatBeforeColumnTypesIsRefusedInOneLine() throws IOException {
        fitAndSample("old");
        byte[] bytes = Files.readAllBytes(dir.resolve("old.model"));
        java.nio.ByteBuffer.wrap(bytes, 8, 4).putInt(1);   // the format version after the 8 magic bytes
        Path old = dir.resolve("v1.model");
        Files.write(old, bytes);
        String line = CliRun.of("sample", "--model", old.toString(), "--n", "5", "--out", dir.resolve("v1.csv").toString()).singleErrorLine();
        assertTrue(line.contains("v1.model") && line.contains("format version 1 is not supported") && line.contains("reads version " + io.scorestream.model.ModelCodec.FORMAT_VERSION), line);
    }

    @Test
    void badColumnOptionsAreOneLineAndExitTwo() {
        Path m = dir.resolve("bad.model");
        String[][] bad = {{"--transform", "log"}, {"--column-types", "guess"}, {"--point-mass-share", "0"}, {"--column", "x=integer"},
                {"--column", "1=decimal"}, {"--column", "1=min=3,max=1"}, {"--column", "9=integer"}};
        String[] words = {"transform", "column-types", "point-mass share", "column override", "unknown item", "min is above max", "column 9"};
        for (int i = 0; i < bad.length; i++) {
            String line = CliRun.of("fit", "--input", data.toString(), "--model", m.toString(), bad[i][0], bad[i][1]).singleErrorLine();
            assertTrue(line.contains(words[i]), bad[i][0] + " " + bad[i][1] + ": " + line);
        }
        assertFalse(Files.exists(m));
    }
}
