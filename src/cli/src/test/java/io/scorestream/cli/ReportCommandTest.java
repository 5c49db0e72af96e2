package io.scorestream.cli;

import io.scorestream.report.Figures;
import io.scorestream.report.Report;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** report: the figures, the page and its metrics, and every kind of bad input (exit 2, one line, nothing written). */
class ReportCommandTest {
    @TempDir static Path shared;
    static Path model, reference, truth;

    @TempDir Path dir;

    @BeforeAll
    static void fitASmallModel() {
        Path train = shared.resolve("train.csv");
        model = shared.resolve("m.model");
        reference = shared.resolve("ref.csv");
        truth = shared.resolve("truth.json");
        assertEquals(0, CliRun.of("generate-data", "--kind", "gmm", "--n", "3000", "--seed", "1",
                "--out", train.toString(), "--truth", truth.toString()).exitCode());
        assertEquals(0, CliRun.of("generate-data", "--kind", "gmm", "--n", "800", "--seed", "2", "--out", reference.toString()).exitCode());
        CliRun fit = CliRun.of("fit", "--input", train.toString(), "--model", model.toString(), "--levels", "30");
        assertEquals(0, fit.exitCode(), fit.err());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static CliRun report(Path out, String... extra) {
        return report(model, reference, out, extra);
    }

    private static CliRun report(Path modelFile, Path referenceFile, Path out, String... extra) {
        String[] args = Stream.concat(Stream.of("report", "--model", modelFile.toString(), "--reference", referenceFile.toString(),
                "--out", out.toString()), Stream.of(extra)).toArray(String[]::new);
        return CliRun.of(args);
    }

    @Test
    void aQuantileMappedModelGetsAReportWithoutTheScoreErrorFigure() throws IOException {
        // With a quantile-mapped column the mixture's exact score in the model's units is unknown:
        // the report says so and leaves that one figure out instead of failing.
        Path quantile = dir.resolve("q.model");
        Path train = shared.resolve("train.csv");
        assertEquals(0, CliRun.of("fit", "--input", train.toString(), "--model", quantile.toString(), "--levels", "12", "--transform", "quantile").exitCode());
        Path out = dir.resolve("q-report");
        CliRun run = report(quantile, reference, out, "--truth", truth.toString(), "--samples", "300");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("no score-error figure: a column is quantile-mapped"), run.err());
        assertFalse(names(out).contains(Report.SCORE_ERROR));
        assertTrue(names(out).contains(Report.SCATTER));
    }

    @Test
    void writesFiguresAndAPageWithTheEvalMetrics() throws IOException {
        Path out = dir.resolve("report");
        CliRun run = report(out, "--truth", truth.toString(), "--samples", "700", "--seed", "3");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(out.resolve(Report.INDEX).toString(), run.out().strip());
        assertEquals(List.of(Report.GENERATED, Report.INDEX, "marginal-1.png", "marginal-2.png", Report.SCATTER, Report.SCORE_ERROR),
                names(out));
        assertEquals(List.of("report"), names(dir), "no staging directory is left beside the report");
        assertEquals(700, Files.readAllLines(out.resolve(Report.GENERATED)).size());

        assertFigure(out.resolve(Report.SCATTER), Figures.SCATTER_WIDTH, Figures.SCATTER_HEIGHT, true);
        for (String marginal : List.of("marginal-1.png", "marginal-2.png"))
            assertFigure(out.resolve(marginal), Figures.MARGINAL_WIDTH, Figures.MARGINAL_HEIGHT, true);
        assertFigure(out.resolve(Report.SCORE_ERROR), Figures.ERROR_WIDTH, Figures.ERROR_HEIGHT, false);

        String html = Files.readString(out.resolve(Report.INDEX));
        for (String png : List.of(Report.SCATTER, "marginal-1.png", "marginal-2.png", Report.SCORE_ERROR))
            assertTrue(html.contains("<img src=\"" + png + "\""), png + " is not on the page");

        // The page shows exactly what eval prints for the same samples and seed.
        CliRun eval = CliRun.of("eval", "--generated", out.resolve(Report.GENERATED).toString(), "--reference", reference.toString(),
                "--truth", truth.toString(), "--seed", "3");
        assertEquals(0, eval.exitCode(), eval.err());
        List<String> metricLines = eval.out().lines()
                .dropWhile(l -> !l.startsWith("classifier accuracy"))
                .filter(l -> !l.startsWith("truth "))
                .toList();
        assertEquals(15, metricLines.size(), eval.out());   // the two-sample lines, with the off-type share, and the truth lines
        for (String line : metricLines) {
            String[] labelValue = line.strip().split("\\s{2,}", 2);
            assertTrue(html.contains(">" + labelValue[0].replace("'", "&#39;") + "</th><td class=\"num\">" + labelValue[1] + "<"),
                    "page lacks the eval line '" + line + "'");
        }
    }

    @Test
    void withoutATruthThereIsNoScoreErrorFigure() throws IOException {
        Path out = dir.resolve("report");
        CliRun run = report(out, "--sampler", "ode", "--samples", "200");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(Report.GENERATED, Report.INDEX, "marginal-1.png", "marginal-2.png", Report.SCATTER), names(out));
        String html = Files.readString(out.resolve(Report.INDEX));
        assertFalse(html.contains(Report.SCORE_ERROR));
        assertFalse(html.contains("log-likelihood"));
        assertTrue(html.contains("classifier accuracy"));
    }

    /**
     * A model of named, typed columns (a time stamp, a label, a decimal): the report's
     * generated.csv is written as `sample` writes the model's rows (its header, time stamps as the
     * file wrote them, labels as text), eval reads it back to the page's figures, and the page's
     * captions name the columns. Before, generated.csv held bare numbers (a time stamp as seconds
     * since 1970) and the figures said "coordinate 1".
     */
    @Test
    void aModelOfNamedTypedColumnsIsReportedInItsColumnsNamesAndForms() throws IOException {
        java.util.Random rng = new java.util.Random(3);
        List<String> lines = new java.util.ArrayList<>(List.of("when,site,temp"));
        java.time.LocalDateTime start = java.time.LocalDateTime.parse("2010-01-01T00:00:00");
        for (int i = 0; i < 600; i++) {
            boolean roof = rng.nextBoolean();
            lines.add(start.plusHours(i) + ":00," + (roof ? "roof" : "yard") + "," + String.format(java.util.Locale.ROOT, "%.1f", (roof ? 12 : 18) + 2 * rng.nextGaussian()));
        }
        Path data = dir.resolve("weather.csv"), typed = dir.resolve("weather.bin"), out = dir.resolve("weather-report");
        Files.write(data, lines);
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", typed.toString(), "--levels", "10", "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun run = report(typed, data, out, "--samples", "300", "--seed", "2");
        assertEquals(0, run.exitCode(), run.err());
        List<String> generated = Files.readAllLines(out.resolve(Report.GENERATED));
        assertEquals("when,site,temp", generated.get(0));
        assertEquals(301, generated.size());
        for (String row : generated.subList(1, generated.size()))
            assertTrue(row.matches("2010-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,(roof|yard),-?\\d+(\\.\\d)?"), row);
        CliRun eval = CliRun.of("eval", "--generated", out.resolve(Report.GENERATED).toString(), "--reference", data.toString(), "--seed", "2");
        assertEquals(0, eval.exitCode(), eval.err());
        String html = Files.readString(out.resolve(Report.INDEX));
        String accuracy = eval.out().lines().filter(l -> l.startsWith("classifier accuracy")).findFirst().orElseThrow().strip().split("\\s{2,}", 2)[1];
        assertTrue(html.contains(">classifier accuracy</th><td class=\"num\">" + accuracy + "<"), "the page's accuracy is eval's of generated.csv, " + accuracy);
        for (String name : List.of("when", "site", "temp"))
            assertTrue(html.contains("Density histogram of " + name + ":"), name + " is not named on the page");
    }

    /** Decodes, has the size, is not blank, and shows the generated colour (and the reference colour when asked). */
    static void assertFigure(Path png, int width, int height, boolean bothSeries) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " does not decode as an image");
        assertEquals(width, image.getWidth(), png.toString());
        assertEquals(height, image.getHeight(), png.toString());
        int reference = 0, generated = 0, nonWhite = 0;
        int refRgb = Figures.REFERENCE_COLOUR.getRGB() & 0xFFFFFF, genRgb = Figures.GENERATED_COLOUR.getRGB() & 0xFFFFFF;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (rgb == refRgb) reference++;
                if (rgb == genRgb) generated++;
                if (rgb != (Color.WHITE.getRGB() & 0xFFFFFF)) nonWhite++;
            }
        assertTrue(nonWhite > width * height / 50, png + " is almost blank: " + nonWhite + " non-white pixels");
        assertTrue(generated > 100, png + ": only " + generated + " pixels of the generated colour");
        if (bothSeries) assertTrue(reference > 100, png + ": only " + reference + " pixels of the reference colour");
    }

    // ---- bad input: exit 2, one line naming the problem, no output directory or content ----

    private String refused(Path out, String... extra) throws IOException {
        return refused(model, reference, out, extra);
    }

    private String refused(Path modelFile, Path referenceFile, Path out, String... extra) throws IOException {
        List<String> before = names(dir);
        String line = report(modelFile, referenceFile, out, extra).singleErrorLine();
        assertTrue(line.startsWith("scorestream report: "), line);
        assertEquals(before, names(dir), "a refused report must not write anything");
        return line;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void missingOrCorruptModelIsRefused() throws IOException {
        Path out = dir.resolve("report");
        Path missing = dir.resolve("nope.model");
        String line = refused(missing, reference, out);
        assertTrue(line.contains("nope.model") && line.contains("file not found"), line);
        Path corrupt = write("corrupt.model", "1,2,3\n");
        line = refused(corrupt, reference, out);
        assertTrue(line.contains("corrupt.model") && line.contains("not a ScoreStream model"), line);
        byte[] truncated = Files.readAllBytes(model);
        Path cut = Files.write(dir.resolve("cut.model"), Arrays.copyOf(truncated, truncated.length / 2));
        line = refused(cut, reference, out);
        assertTrue(line.contains("cut.model"), line);
        assertFalse(Files.exists(out));
    }

    @Test
    void badReferenceDataIsRefused() throws IOException {
        Path out = dir.resolve("report");
        Path threeColumns = write("ref3.csv", "1,2,3\n4,5,6\n");
        String line = refused(model, threeColumns, out);
        assertTrue(line.contains("ref3.csv:1") && line.contains("dimension 3"), line);
        Path empty = write("empty.csv", "");
        line = refused(model, empty, out);
        assertTrue(line.contains("empty.csv") && line.contains("no samples"), line);
        Path few = write("few.csv", "1,2\n3,4\n");
        line = refused(model, few, out);
        assertTrue(line.contains("few.csv") && line.contains("at least 10 samples"), line);
        Path nan = write("nan.csv", "1,2\n3,NaN\n");
        line = refused(model, nan, out);
        assertTrue(line.contains("nan.csv:2"), line);
        assertFalse(Files.exists(out));
    }

    @Test
    void outPathThatIsAFileIsRefusedAndLeftAlone() throws IOException {
        Path file = write("taken", "keep me\n");
        String line = refused(file);
        assertTrue(line.contains("taken") && line.contains("not a directory"), line);
        assertEquals("keep me\n", Files.readString(file));
        line = refused(file.resolve("report"));
        assertTrue(line.contains("taken") && line.contains("not a directory"), line);
        assertEquals("keep me\n", Files.readString(file));
    }

    @Test
    void badOptionsAndTruthsAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path out = dir.resolve("report");
        assertTrue(refused(out, "--bogus").contains("--bogus"));
        assertTrue(refused(out, "--sampler", "euler").contains("unknown sampler"));
        assertTrue(refused(out, "--samples", "0").contains("--samples"));
        Path truth3 = write("truth3.json", "{\"weights\":[1],\"means\":[[0,0,0]],\"covariances\":[[[1,0,0],[0,1,0],[0,0,1]]]}");
        String line = refused(out, "--truth", truth3.toString());
        assertTrue(line.contains("truth3.json") && line.contains("dimension 3"), line);
        Path notJson = write("truth.json", "{");
        assertTrue(refused(out, "--truth", notJson.toString()).contains("not a valid mixture"));
        assertTrue(CliRun.of("report", "--model", model.toString(), "--out", out.toString()).singleErrorLine().contains("--reference"));
        assertFalse(Files.exists(out));
    }

    @Test
    void aRefusedReportLeavesAnExistingDirectoryAsItWas() throws IOException {
        Path out = Files.createDirectory(dir.resolve("report"));
        Files.writeString(out.resolve("notes.txt"), "mine\n");
        Path threeColumns = write("ref3.csv", "1,2,3\n4,5,6\n");
        report(model, threeColumns, out).singleErrorLine();
        assertEquals(List.of("notes.txt"), names(out));
        // A good run adds its files beside what was there.
        CliRun run = report(out, "--samples", "100");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(names(out).containsAll(List.of("notes.txt", Report.INDEX, Report.SCATTER)), names(out).toString());
        assertTrue(names(out).stream().noneMatch(n -> n.startsWith(".")), "no temporary files left: " + names(out));
    }
}
