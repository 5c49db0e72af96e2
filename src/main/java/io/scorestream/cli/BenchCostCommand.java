package io.scorestream.cli;

import io.scorestream.bench.CostGrowth;
import io.scorestream.learn.FitOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Cost growth tables, fit time against EM, and heap after 1 M and 10 M samples (PERFORMANCE.md). */
@Command(name = "bench-cost", mixinStandardHelpOptions = true,
        description = "Absorbed and generated samples/s as d, levels, cells and degree grow; fit vs EM; memory.")
final class BenchCostCommand implements Callable<Integer> {
    private static final Set<String> TABLES = Set.of("dimension", "levels", "cells", "degree", "em", "memory");

    @Spec CommandSpec spec;

    @Option(names = "--tables", split = ",", defaultValue = "dimension,levels,cells,degree,em,memory",
            description = "which of dimension, levels, cells, degree, em, memory (default all)") List<String> tables;
    @Option(names = "--absorb", defaultValue = "8192", description = "samples absorbed per timed row (default ${DEFAULT-VALUE})") int absorb;
    @Option(names = "--generate", defaultValue = "10000", description = "points generated per timed row (default ${DEFAULT-VALUE})") int generate;
    @Option(names = "--em-dimensions", split = ",", defaultValue = "2,10", description = "d of the fit-vs-EM rows (default ${DEFAULT-VALUE})") List<Integer> emDimensions;
    @Option(names = "--memory-samples", defaultValue = "10000000", description = "last memory checkpoint (default ${DEFAULT-VALUE})") long memorySamples;
    @Option(names = "--memory-levels", defaultValue = "200", description = "levels of the memory run (default ${DEFAULT-VALUE})") int memoryLevels;

    @Override
    public Integer call() {
        for (String t : tables) if (!TABLES.contains(t)) throw new IllegalArgumentException("unknown table '" + t + "'; known: " + String.join(", ", TABLES));
        if (absorb < 2048 || generate < 512 || memorySamples < 1_000_000 || memoryLevels < 2)
            throw new IllegalArgumentException("need --absorb >= 2048, --generate >= 512, --memory-samples >= 1000000, --memory-levels >= 2");
        Progress progress = new Progress(spec);
        PrintWriter out = spec.commandLine().getOut();
        // Up to 32 cells in every table but the cells one (the automatic rule would lower it as p grows).
        FitOptions defaults = FitOptions.defaults().withMaxCells(32);
        int planned = 20_000;
        String header = "| d | levels | cells (max) | degree | features p | absorbed samples/s | generated samples/s |\n|---|---|---|---|---|---|---|";
        if (tables.contains("dimension")) {
            out.println("\nGrowth with d (200 levels, up to 32 cells, degree 2, rank min(d, 4)):\n" + header);
            for (int d : new int[]{2, 4, 10, 32, 64, 128}) rates(out, progress, d, defaults, planned);
        }
        if (tables.contains("levels")) {
            out.println("\nGrowth with the number of levels (d = 10, up to 32 cells, degree 2):\n" + header);
            for (int l : new int[]{25, 50, 100, 200, 400}) rates(out, progress, 10, defaults.withLevels(l), planned);
        }
        if (tables.contains("cells")) {
            out.println("\nGrowth with the number of cells (d = 10, 200 levels, degree 2):\n" + header);
            for (int k : new int[]{1, 4, 16, 32, 64}) rates(out, progress, 10, defaults.withMaxCells(k), planned);
        }
        if (tables.contains("degree")) {
            out.println("\nGrowth with the degree (d = 10, 200 levels, up to 32 cells, rank 4):\n" + header);
            for (int g : new int[]{1, 2, 3, 4}) rates(out, progress, 10, defaults.withDegree(g), planned);
        }
        if (tables.contains("em")) {
            out.println("\nFit on 20 000 samples (defaults) against EM with k by BIC on the same data:\n"
                    + "| d | samples | ScoreStream fit s | EM s | EM k chosen (of 1..max) | EM / fit |\n|---|---|---|---|---|---|");
            for (int d : emDimensions) {
                CostGrowth.FitVersusEm r = CostGrowth.fitVersusEm(d, 20_000, progress::line);
                out.printf("| %d | %d | %.2f | %.2f | %d (1..%d) | %.1f× |%n", r.dimension(), r.samples(), r.fitSeconds(), r.emSeconds(),
                        r.emComponents(), r.emMaxComponents(), r.emSeconds() / r.fitSeconds());
                out.flush();
            }
        }
        if (tables.contains("memory")) {
            out.printf("%nHeap in use after a full GC (d = 10, %d levels, up to 32 cells, degree 2):%n| samples absorbed | heap MB |%n|---|---|%n", memoryLevels);
            for (CostGrowth.Memory m : CostGrowth.memory(10, memoryLevels, new long[]{1_000_000, memorySamples}, progress::line))
                out.printf("| %,d | %.1f |%n", m.samples(), m.heapMegabytes());
        }
        out.flush();
        progress.line("done");
        return Main.OK;
    }

    private void rates(PrintWriter out, Progress progress, int d, FitOptions options, int planned) {
        CostGrowth.Rates r = CostGrowth.rates(d, options, planned, absorb, generate);
        out.printf("| %d | %d | %d | %d | %d | %,.0f | %,.0f |%n", r.dimension(), r.levels(), r.cells(), r.degree(), r.features(),
                r.absorbedPerSecond(), r.generatedPerSecond());
        out.flush();
        progress.line(String.format("d=%d levels=%d cells=%d degree=%d done", r.dimension(), r.levels(), r.cells(), r.degree()));
    }
}
