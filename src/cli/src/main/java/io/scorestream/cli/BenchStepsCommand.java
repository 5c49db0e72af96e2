package io.scorestream.cli;

import io.scorestream.bench.StepAblation;
import io.scorestream.bench.StepFigures;
import io.scorestream.data.Datasets;
import io.scorestream.io.AtomicFiles;
import io.scorestream.io.InputException;
import io.scorestream.sampler.SamplingPlan;
import io.scorestream.schedule.GridSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The step-count ablation of QUALITY.md, and the quality suite sampled with fewer steps. */
@Command(name = "bench-steps", mixinStandardHelpOptions = true,
        description = "Steps each sampler/grid pair needs to reach the two-sample floor as d and k grow (exact and learned score); "
                + "with --suite, the quality suite's learned models sampled by each plan side by side.")
final class BenchStepsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dims", split = ",", defaultValue = "2,8,32,128,512", description = "dimensions (default ${DEFAULT-VALUE})") List<Integer> dims;
    @Option(names = "--components", split = ",", defaultValue = "2,8,32", description = "components k (default ${DEFAULT-VALUE})") List<Integer> ks;
    @Option(names = "--steps", split = ",", defaultValue = "25,50,100,200,400", description = "step counts (default ${DEFAULT-VALUE})") List<Integer> steps;
    @Option(names = "--pairs", split = ",", defaultValue = "ddpm:lcw,ve:gkl,ei:cks,ddpm:geometric,dpm2m-sde:model",
            description = "SAMPLER:GRID pairs (default ${DEFAULT-VALUE})") List<String> pairs;
    @Option(names = "--score", defaultValue = "both", description = "exact, learned or both (default ${DEFAULT-VALUE})") String score;
    @Option(names = "--learned-max-dimension", defaultValue = "32", description = "learned score only up to this d (fit cost grows like d²; default ${DEFAULT-VALUE})") int learnedMaxD;
    @Option(names = "--eval", defaultValue = "4000", description = "evaluation samples up to d = 32; half at d = 128, a quarter above (default ${DEFAULT-VALUE})") int eval;
    @Option(names = "--train", defaultValue = "20000", description = "training samples of the learned score (default ${DEFAULT-VALUE})") int train;
    @Option(names = "--tolerance", defaultValue = "0.01", description = "'at the floor': C2ST within this of the floor (default ${DEFAULT-VALUE})") double tolerance;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--quick", description = "a small subset (d 2,8; k 2,8; steps 25,100; exact score; 1000 samples) for a smoke run") boolean quick;
    @Option(names = "--suite", split = ",", description = "instead: the quality suite's distributions (e.g. gmm,ring, or separated:D:K), fitted once, sampled by each --plans entry (median of 3 timed runs after a warm-up)") List<String> suite;
    @Option(names = "--plans", split = ",", defaultValue = "ddpm:model:200,dpm2m-sde:model:40,dpm3m-sde:model:30",
            description = "with --suite: SAMPLER:GRID:STEPS plans, STEPS auto for the grid's own count (the sampler's default, or what the measured grid measures; default ${DEFAULT-VALUE})") List<String> plans;
    @Option(names = "--sample-seeds", defaultValue = "1", description = "with --suite: C2ST of this many samples per plan (sampler seeds seed+3, seed+4, ...), their mean and each (default ${DEFAULT-VALUE}; one sample's C2ST moves by about ±0.005)") int sampleSeeds;
    @Option(names = "--out", description = "write the tables (Markdown) to this file and beside it the plots as PNGs of the same name: steps needed against d (NAME.png), the gap to the floor at 50 steps against d (NAME-gap.png)") Path out;
    @Option(names = "--with", split = ",", description = "earlier runs' tables (files an earlier --out wrote): their rows join this run's in the tables and the plot, so a long ablation can run in parts; without --dims nothing new is run") List<Path> with;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(spec);
        String text = suite != null ? suite(progress) : ablation(progress);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        if (out != null && suite != null) AtomicFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        return Main.OK;
    }

    private String ablation(Progress progress) throws Exception {
        if (quick) {
            dims = List.of(2, 8);
            ks = List.of(2, 8);
            steps = List.of(25, 100);
            score = "exact";
            eval = 1000;
        }
        for (int d : dims) if (d < 1) throw new IllegalArgumentException("--dims must be positive, got " + d);
        for (int k : ks) if (k < 2 || k > 50) throw new IllegalArgumentException("--components must be from 2 to 50, got " + k);
        for (int t : steps) if (t < 2) throw new IllegalArgumentException("--steps must be at least 2, got " + t);
        if (!List.of("exact", "learned", "both").contains(score)) throw new IllegalArgumentException("--score must be exact, learned or both, got " + score);
        if (eval < 100 || train < 100) throw new IllegalArgumentException("--eval and --train need at least 100 samples");
        if (!(tolerance >= 0 && tolerance < 0.5)) throw new IllegalArgumentException("--tolerance is a C2ST's distance from its floor: from 0 to below 0.5, got " + tolerance);
        if (!score.equals("exact") && learnedMaxD < 1) throw new IllegalArgumentException("--learned-max-dimension must be positive, got " + learnedMaxD);
        List<StepAblation.Pair> chosen = pairs.stream().map(StepAblation.Pair::parse).toList();
        List<StepAblation.Row> earlier = new ArrayList<>();
        for (Path file : with == null ? List.<Path>of() : with) earlier.addAll(StepFigures.readRuns(readText(file), file.toString()));
        if (with != null && !spec.commandLine().getParseResult().hasMatchedOption("--dims") && !quick) {
            writeFigures(earlier);   // nothing new to run: the figures of the earlier runs alone
            return tables(earlier);
        }
        // the tables and the plot are rewritten after each mixture, so a long run leaves its figures so far
        List<StepAblation.Row> rows = StepAblation.run(dims, ks, steps, chosen, !score.equals("learned"), !score.equals("exact"),
                learnedMaxD, eval, train, seed, progress::line, sofar -> writeFigures(joined(earlier, sofar)));
        return tables(joined(earlier, rows));
    }

    private static String readText(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw InputException.reading(file, e);
        }
    }

    private static List<StepAblation.Row> joined(List<StepAblation.Row> earlier, List<StepAblation.Row> rows) {
        List<StepAblation.Row> all = new ArrayList<>(earlier);
        all.addAll(rows);
        return all;
    }

    private String tables(List<StepAblation.Row> rows) {
        return StepFigures.stepsNeededTables(rows, tolerance) + "\n" + StepFigures.runsTable(rows);
    }

    private void writeFigures(List<StepAblation.Row> rows) {
        if (out == null) return;
        try {
            String text = tables(rows);
            AtomicFiles.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            if (rows.isEmpty()) return;   // no run yet (e.g. lcw below its smallest T): nothing to plot
            String base = out.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            byte[] image = StepFigures.plot(rows, tolerance);
            AtomicFiles.write(out.resolveSibling(base + ".png"), o -> o.write(image));
            int gapSteps = rows.stream().mapToInt(StepAblation.Row::steps).filter(t -> t >= 50).min()
                    .orElse(rows.stream().mapToInt(StepAblation.Row::steps).max().orElse(0));
            byte[] gaps = StepFigures.gapPlot(rows, gapSteps);
            AtomicFiles.write(out.resolveSibling(base + "-gap.png"), o -> o.write(gaps));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String suite(Progress progress) {
        if (sampleSeeds < 1) throw new IllegalArgumentException("--sample-seeds must be at least 1, got " + sampleSeeds);
        for (String k : suite)
            if (!Datasets.kinds().contains(k) && !k.matches("separated:[1-9][0-9]*:[1-9][0-9]?"))
                throw new IllegalArgumentException("unknown kind '" + k + "'; known kinds: " + String.join(", ", Datasets.kinds()) + ", separated:D:K");
        List<SamplingPlan> chosen = new ArrayList<>();
        for (String p : plans) {
            String[] parts = p.split(":");
            if (parts.length != 3) throw new IllegalArgumentException("a plan is SAMPLER:GRID:STEPS, e.g. dpm2m:model:50; got '" + p + "'");
            if (parts[2].equals("auto")) {   // no count: what sample does without --steps (the measured grid measures it)
                chosen.add(new SamplingPlan(parts[0], GridSpec.of(parts[1])));
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("steps of plan '" + p + "' must be a whole number");
            }
            chosen.add(new SamplingPlan(parts[0], GridSpec.of(parts[1]).withSteps(n)));
        }
        return StepFigures.suiteTable(StepAblation.suite(suite, chosen, train, eval < 100 ? 100 : eval, seed, sampleSeeds, progress::line));
    }
}
