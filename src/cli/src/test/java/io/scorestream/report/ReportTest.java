package io.scorestream.report;

import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ScoreModel;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The library entry point that demo calls: shapes other than 2-D, and what it returns. */
class ReportTest {
    @TempDir Path dir;

    private static GaussianMixture twoBumps(int d) {
        double[][] means = new double[2][d];
        means[1][0] = 6;
        return GaussianMixture.isotropic(new double[]{0.4, 0.6}, means, 1.0);
    }

    private static ScoreModel fit(DMatrixRMaj data) {
        return Fitter.fit(data, FitOptions.defaults().withLevels(12).withSeed(1), null);
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fiveDimensionsGetFourMarginalsAndTheScoreErrorCurve() throws IOException {
        GaussianMixture truth = twoBumps(5);
        ScoreModel model = fit(truth.sample(1500, new SplittableRandom(1), null));
        DMatrixRMaj reference = truth.sample(300, new SplittableRandom(2), null);
        Path out = dir.resolve("nested/report");
        Report.Result result = Report.write(model, reference, truth, out, ReportOptions.defaults().withSamples(250).withScoreErrorPoints(200));
        assertEquals(out, result.directory());
        assertEquals(List.of(Report.INDEX, Report.SCATTER, "marginal-1.png", "marginal-2.png", "marginal-3.png", "marginal-4.png",
                Report.SCORE_ERROR, Report.GENERATED), result.files());
        assertEquals(result.files().stream().sorted().toList(), names(out));
        assertEquals(250, result.evaluation().generatedRows());
        assertNotNull(result.evaluation().truth());
        double[] times = result.scoreError().times(), errors = result.scoreError().errors();
        assertEquals(12, times.length, "a 12-level model is measured at every level");
        for (int i = 0; i < times.length; i++) {
            assertEquals(model.schedule().time(i), times[i]);
            assertTrue(errors[i] >= 0 && Double.isFinite(errors[i]), "error at t=" + times[i] + " is " + errors[i]);
        }
        // At the top level the score is nearly that of N(0, I), which any fit gets right.
        assertTrue(errors[times.length - 1] < 0.1, "error at the noisiest level: " + errors[times.length - 1]);
    }

    @Test
    void oneDimensionalDataStillGetsAScatter() throws IOException {
        GaussianMixture truth = twoBumps(1);
        ScoreModel model = fit(truth.sample(1000, new SplittableRandom(3), null));
        Path out = dir.resolve("one");
        Report.Result result = Report.write(model, truth.sample(200, new SplittableRandom(4), null), null, out, ReportOptions.defaults());
        assertEquals(List.of(Report.INDEX, Report.SCATTER, "marginal-1.png", Report.GENERATED), result.files());
        assertNull(result.scoreError());
        BufferedImage scatter = ImageIO.read(out.resolve(Report.SCATTER).toFile());
        assertEquals(Figures.SCATTER_WIDTH, scatter.getWidth());
        assertTrue(Files.readString(out.resolve(Report.INDEX)).contains("200 samples"));
    }

    @Test
    void mismatchedInputsAreRefusedBeforeWriting() {
        GaussianMixture truth = twoBumps(2);
        ScoreModel model = fit(truth.sample(800, new SplittableRandom(5), null));
        Path out = dir.resolve("never");
        DMatrixRMaj threeD = twoBumps(3).sample(50, new SplittableRandom(6), null);
        assertThrows(IllegalArgumentException.class,
                () -> Report.write(model, threeD, null, out, ReportOptions.defaults()));
        assertThrows(IllegalArgumentException.class,
                () -> Report.write(model, truth.sample(50, new SplittableRandom(6), null), twoBumps(3), out, ReportOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> ReportOptions.defaults().withSampler("euler"));
        assertFalse(Files.exists(out));
    }

    @Test
    void roundBinWidths() {
        assertEquals(0.5, Figures.roundUp(0.31), 1e-15);
        assertEquals(1.0, Figures.roundUp(1.0), 1e-15);
        assertEquals(25.0, Figures.roundUp(20.5), 1e-12);
        assertEquals(0.002, Figures.roundUp(0.0011), 1e-15);
    }

    /**
     * A marginal names its column and reads as the column is written: a time stamp (seconds since
     * 1970 in the model) as the file wrote it, a label at its index and nothing between two, plain
     * numbers by the axis's own decimals; an unnamed model's columns are x1, x2, ….
     */
    @Test
    void marginalsNameTheirColumnAndReadAsItIsWritten() {
        String stamp = io.scorestream.io.TimeFormat.detect("2010-01-01T01:00:00").pattern();
        io.scorestream.io.RecordSchema columns = new io.scorestream.io.RecordSchema(io.scorestream.io.RecordSchema.Format.CSV,
                List.of("when", "site", "temp"), "", List.of(List.of(), List.of("roof", "yard"), List.of()), List.of(stamp, "", ""));
        assertEquals("2010-01-01T01:00:00", Figures.tickLabels(columns, 0).apply((double) java.time.LocalDateTime.parse("2010-01-01T01:00:00")
                .toEpochSecond(java.time.ZoneOffset.UTC)));
        assertEquals("yard", Figures.tickLabels(columns, 1).apply(1.0));
        assertEquals("", Figures.tickLabels(columns, 1).apply(0.5), "no label between two");
        assertEquals("", Figures.tickLabels(columns, 1).apply(2.0), "no label past the last");
        assertNull(Figures.tickLabels(columns, 2), "plain numbers keep the axis's decimals");
        DMatrixRMaj rows = new DMatrixRMaj(new double[][]{{1.26e9, 0, 10.5}, {1.27e9, 1, 11.5}, {1.28e9, 1, 12.0}});
        assertEquals("Marginal of when", Figures.marginal(rows, rows, 0, columns).getTitle());
        assertEquals("temp", Figures.marginal(rows, rows, 2, columns).getXAxisTitle());
        io.scorestream.io.RecordSchema unnamed = io.scorestream.io.RecordSchema.unnamed(io.scorestream.io.RecordSchema.Format.CSV);
        assertEquals("Marginal of x3", Figures.marginal(rows, rows, 2, unnamed).getTitle());
    }

    /**
     * The scatter's directions are the standardised reference's, as the metrics measure: a time
     * stamp in seconds beside a column of ±3 modes held 100 % of the raw variance, and the figure
     * showed that one column.
     */
    @Test
    void theScatterProjectsTheStandardisedColumns() {
        SplittableRandom rng = new SplittableRandom(8);
        DMatrixRMaj rows = new DMatrixRMaj(2000, 2);
        for (int i = 0; i < rows.numRows; i++) {
            rows.set(i, 0, 1.26e9 + 1e7 * rng.nextGaussian());
            rows.set(i, 1, (rng.nextBoolean() ? 3 : -3) + rng.nextGaussian());
        }
        org.knowm.xchart.XYChart chart = Figures.scatter(rows, rows, 1);
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\((\\d+)% of the standardised variance\\)").matcher(chart.getXAxisTitle());
        java.util.regex.Matcher y = java.util.regex.Pattern.compile("\\((\\d+)% of the standardised variance\\)").matcher(chart.getYAxisTitle());
        assertTrue(x.find() && y.find(), chart.getXAxisTitle() + " / " + chart.getYAxisTitle());
        // Two uncorrelated columns of unit variance each: about half of it each (raw: 100 % and 0 %).
        assertTrue(Integer.parseInt(x.group(1)) <= 55 && Integer.parseInt(y.group(1)) >= 45, chart.getXAxisTitle() + " / " + chart.getYAxisTitle());
    }
}
