package io.scorestream.cli;

import io.scorestream.bench.QualitySuite;
import io.scorestream.data.Datasets;
import io.scorestream.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Regenerates the quality table of QUALITY.md: ScoreStream, oracle, EM and floor side by side. */
@Command(name = "bench-quality", mixinStandardHelpOptions = true,
        description = "Fit, sample and evaluate every benchmark distribution against the oracle, EM and the two-sample floor.")
final class BenchQualityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--kinds", split = ",", description = "distributions (default: all of generate-data's kinds)") List<String> kinds;
    @Option(names = "--train", defaultValue = "20000", description = "training samples (default ${DEFAULT-VALUE})") int train;
    @Option(names = "--eval", defaultValue = "10000", description = "generated and reference samples (default ${DEFAULT-VALUE})") int eval;
    @Option(names = "--em-max-components", defaultValue = "0",
            description = "EM tries k = 1..this (default: 10 up to d = 16, 6 up to 32, else 4; at least the true k + 2)") int emMax;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--out", description = "also write the Markdown table to this file") Path out;

    @Override
    public Integer call() throws Exception {
        List<String> chosen = kinds == null ? Datasets.kinds() : kinds;
        for (String k : chosen)
            if (!Datasets.kinds().contains(k)) throw new IllegalArgumentException("unknown kind '" + k + "'; known kinds: " + String.join(", ", Datasets.kinds()));
        if (train < 100 || eval < 100) throw new IllegalArgumentException("--train and --eval need at least 100 samples");
        Progress progress = new Progress(spec);
        String table = QualitySuite.markdown(QualitySuite.run(chosen, train, eval, emMax, seed, progress::line));
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        if (out != null) AtomicFiles.write(out, o -> o.write(table.getBytes(StandardCharsets.UTF_8)));
        return Main.OK;
    }
}
