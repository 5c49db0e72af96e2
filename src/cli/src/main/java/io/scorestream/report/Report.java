package io.scorestream.report;

import io.scorestream.io.AtomicFiles;
import io.scorestream.io.InputException;
import io.scorestream.io.OneHotColumns;
import io.scorestream.io.Tables;
import io.scorestream.metrics.Evaluation;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ScoreModel;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A report on a fitted model: generated samples against a reference sample (and, when known, the
 * true mixture) as PNG figures, the {@code eval} metrics, and an {@code index.html} showing both.
 *
 * <p>Everything is computed and drawn in memory before the first file is written. A directory
 * that does not exist yet appears complete or not at all (it is filled under a hidden name beside
 * it and renamed); into an existing directory each file is replaced atomically.
 */
public final class Report {
    public static final String INDEX = "index.html";
    public static final String SCATTER = "scatter.png";
    public static final String SCORE_ERROR = "score-error.png";
    public static final String GENERATED = "generated.csv";
    /** Marginal histograms are drawn for at most this many leading coordinates. */
    public static final int MAX_MARGINALS = 4;

    /** What was written: the directory, its files (index first), and the numbers shown. */
    public record Result(Path directory, List<String> files, Evaluation evaluation, ScoreErrorCurve scoreError) {}

    /** What the page says about where the inputs came from; every field may be null. */
    public record Sources(String model, String reference, String truth) {
        public static Sources none() { return new Sources(null, null, null); }
    }

    private Report() {}

    /** File name of the marginal histogram of a coordinate (0-based): marginal-1.png for the first. */
    public static String marginal(int coordinate) {
        return "marginal-" + (coordinate + 1) + ".png";
    }

    /**
     * Writes a report into outDir: samples from the model compared with reference (rows in the
     * data's own coordinates), and with truth (a mixture in the same coordinates) unless it is null.
     */
    public static Result write(ScoreModel model, DMatrixRMaj reference, GaussianMixture truth, Path outDir, ReportOptions options) {
        return write(model, reference, truth, outDir, options, Sources.none(), null);
    }

    /** As {@link #write(ScoreModel, DMatrixRMaj, GaussianMixture, Path, ReportOptions)}, naming the inputs on the page and reporting progress. */
    public static Result write(ScoreModel model, DMatrixRMaj reference, GaussianMixture truth, Path outDir, ReportOptions options,
                               Sources sources, Consumer<String> progress) {
        Consumer<String> say = progress == null ? line -> {} : progress;
        int d = model.dimension();
        if (reference.numCols != d)
            throw new IllegalArgumentException("the reference has dimension " + reference.numCols + " but the model has " + d);
        if (truth != null && truth.dimension() != d)
            throw new IllegalArgumentException("the truth has dimension " + truth.dimension() + " but the model has " + d);
        checkOutputDirectory(outDir);

        int n = options.samples() > 0 ? options.samples() : reference.numRows;
        NoiseSchedule grid = options.plan().grid(model, model.schedule());
        say.accept(String.format("drawing %d samples (%s, %s grid of %d levels)", n, options.sampler(), options.plan().grid().kind(), grid.size()));
        DMatrixRMaj generated = options.plan().generate(model, grid, n, options.seed());
        for (int i = 0; i < generated.getNumElements(); i++)
            if (!Double.isFinite(generated.data[i])) throw new IllegalStateException("the sampler produced a non-finite value; no report written");

        say.accept("computing the eval metrics");
        Evaluation evaluation = Evaluation.of(generated, reference, truth, options.seed());
        ScoreErrorCurve curve = null;
        if (truth != null && !model.columns().allAffine()) {
            // A quantile-mapped column bends the mixture: its exact score in the model's units is unknown.
            say.accept("no score-error figure: a column is quantile-mapped (fit with --transform affine to get one)");
        } else if (truth != null) {
            say.accept("measuring the learned score against the exact score");
            curve = ScoreErrorCurve.of(model, truth, options.scoreErrorPoints(), options.seed());
        }

        say.accept("drawing the figures");
        Map<String, byte[]> figures = new LinkedHashMap<>();
        try {
            figures.put(SCATTER, Figures.png(Figures.scatter(reference, generated, options.seed())));
            for (int j = 0; j < Math.min(d, MAX_MARGINALS); j++)
                figures.put(marginal(j), Figures.png(Figures.marginal(reference, generated, j, model.recordSchema())));
            if (curve != null) figures.put(SCORE_ERROR, Figures.png(Figures.scoreError(curve)));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode a figure: " + e.getMessage(), e);
        }
        String html = IndexPage.render(model, sources, n, options, evaluation, curve, List.copyOf(figures.keySet()));

        Map<String, FileContent> files = new LinkedHashMap<>();
        files.put(INDEX, bytes(html.getBytes(StandardCharsets.UTF_8)));
        figures.forEach((name, png) -> files.put(name, bytes(png)));
        // Written as `sample` writes them: the model's column names, its dates, labels and number forms.
        files.put(GENERATED, target -> Tables.write(target, OneHotColumns.expand(generated, model.recordSchema()),
                Tables.outputShape(target, OneHotColumns.expanded(model.recordSchema()))));
        writeAll(outDir, files);
        say.accept(files.size() + " files written to " + outDir);
        return new Result(outDir, List.copyOf(files.keySet()), evaluation, curve);
    }

    /** Writes one file atomically at target. */
    @FunctionalInterface
    private interface FileContent {
        void write(Path target) throws IOException;
    }

    private static FileContent bytes(byte[] content) {
        return target -> AtomicFiles.write(target, out -> out.write(content));
    }

    /**
     * Fails, naming the culprit, unless outDir is a directory or could be created as one (its
     * nearest existing ancestor is a directory). Cheap: callers check before any slow work.
     */
    public static void checkOutputDirectory(Path outDir) {
        if (Files.exists(outDir) && !Files.isDirectory(outDir))
            throw InputException.in(outDir, "exists and is not a directory; the report needs a directory");
        for (Path p = outDir.toAbsolutePath().getParent(); p != null; p = p.getParent())
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) throw InputException.in(outDir, "cannot create it: " + p + " is not a directory");
                return;
            }
    }

    private static void writeAll(Path outDir, Map<String, FileContent> files) {
        checkOutputDirectory(outDir);
        try {
            if (Files.isDirectory(outDir)) {
                for (Map.Entry<String, FileContent> file : files.entrySet()) file.getValue().write(outDir.resolve(file.getKey()));
                return;
            }
            Path absolute = outDir.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path staging = absolute.resolveSibling("." + absolute.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            Files.createDirectory(staging);
            boolean moved = false;
            try {
                for (Map.Entry<String, FileContent> file : files.entrySet()) file.getValue().write(staging.resolve(file.getKey()));
                try {
                    Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(staging, absolute);
                }
                moved = true;
            } finally {
                if (!moved) deleteQuietly(staging);
            }
        } catch (FileAlreadyExistsException e) {
            // createDirectories met a file where a parent directory should be.
            throw InputException.in(outDir, "cannot write: " + e.getFile() + " exists and is not a directory");
        } catch (IOException e) {
            throw InputException.writing(outDir, e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) Files.deleteIfExists(p);
        } catch (IOException suppressed) {
            // The original failure is the one worth reporting.
        }
    }
}
