package io.scorestream.cli;

import io.scorestream.io.AtomicFiles;
import io.scorestream.data.Dataset;
import io.scorestream.data.Datasets;
import io.scorestream.io.CsvVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Draws a synthetic benchmark dataset, and optionally saves the mixture it came from. */
@Command(name = "generate-data", mixinStandardHelpOptions = true,
        description = "Write n samples of a synthetic benchmark distribution as CSV.")
final class GenerateDataCommand implements Callable<Integer> {
    /** Above this many values drawing and writing take seconds, so progress is worth printing. */
    private static final long SLOW_VALUES = 5_000_000;

    @Spec CommandSpec spec;

    @Option(names = "--kind", required = true, paramLabel = "KIND",
            description = "Distribution: gmm, aniso, overlap, gmm64, many, many12, many200, factors40, factors100, embed64, embed256, embed512, embed768, embed1024 (mixtures); ring, sphere, spiral (manifolds); student (heavy tails), mixedtypes (measurements, a binary flag and a count).")
    String kind;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Number of samples (positive).")
    int n;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "CSV file to write.")
    Path out;

    @Option(names = "--truth", paramLabel = "FILE", description = "Also write the true mixture as JSON (mixture kinds only).")
    Path truth;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        // Everything the user could get wrong is checked before any file is touched.
        if (n < 1) throw new ParameterException(spec.commandLine(), "--n must be a positive number of samples, got " + n);
        if (!Datasets.kinds().contains(kind))
            throw new ParameterException(spec.commandLine(),
                    "unknown kind '" + kind + "'; known kinds: " + String.join(", ", Datasets.kinds()));
        if (truth != null && truth.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize()))
            throw new ParameterException(spec.commandLine(), "--out and --truth must be different files");

        // A one-row draw is cheap and tells us the dimension and whether there is a mixture truth,
        // so these errors also come before any slow work or any file.
        Dataset probe = Datasets.generate(kind, 1, seed);
        if (truth != null && probe.truth() == null)
            throw new ParameterException(spec.commandLine(),
                    "--truth is only available for mixture kinds; '" + kind + "' has no mixture truth");
        long values = (long) n * probe.samples().numCols;
        if (values > Integer.MAX_VALUE - 8) // one Java array holds the whole matrix
            throw new ParameterException(spec.commandLine(),
                    "--n " + n + " is too large for '" + kind + "' (at most " + (Integer.MAX_VALUE - 8) / probe.samples().numCols + ")");
        AtomicFiles.checkWritable(out);
        if (truth != null) AtomicFiles.checkWritable(truth);

        boolean slow = values > SLOW_VALUES;
        Progress progress = new Progress(spec);
        if (slow) progress.line("drawing " + n + " samples of '" + kind + "' (seed " + seed + ")");
        Dataset data = Datasets.generate(kind, n, seed);
        if (slow) progress.line("writing " + out);
        CsvVectors.write(out, data.samples());
        if (truth != null) {
            try {
                Truths.write(truth, data.truth());
            } catch (RuntimeException e) {
                deleteQuietly(out); // half a result (data without its truth) would mislead a later eval
                throw e;
            }
        }
        if (slow) progress.line("wrote " + out + " (" + n + " x " + data.samples().numCols + ")");
        return Main.OK;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The write error being reported matters more.
        }
    }
}
