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
    private static final List<String> DATA = List.of("axes", "embed");

    @Spec CommandSpec spec;

    @Option(names = "--tables", split = ",", defaultValue = "dimension,levels,cells,degree,em,memory",
            description = "which of dimension, levels, cells, degree, em, memory (default all)") List<String> tables;
    @Option(names = "--absorb", defaultValue = "8192", description = "least samples absorbed per timed row, which also runs at least 2 s (default ${DEFAULT-VALUE})") int absorb;
    @Option(names = "--generate", defaultValue = "10000", description = "points generated per timed row (default ${DEFAULT-VALUE})") int generate;
    @Option(names = "--dimensions", split = ",", defaultValue = "2,4,10,32,64,128,256,512,1024",
            description = "d of the dimension table's rows (default ${DEFAULT-VALUE})") List<Integer> dimensions;
    @Option(names = "--data", defaultValue = "axes",
            description = "the dimension table's data: axes (four unit-variance components 6, 12, 18, 24 out along the axes) or "
                    + "embed (generate-data's embedded mixture at each d: 16 components in a 24-dimensional subspace, "
                    + "isotropic noise outside; d >= 24) (default ${DEFAULT-VALUE})") String data;
    @Option(names = "--em-dimensions", split = ",", defaultValue = "2,10", description = "d of the fit-vs-EM rows (default ${DEFAULT-VALUE})") List<Integer> emDimensions;
    @Option(names = "--memory-samples", defaultValue = "10000000", description = "last memory checkpoint (default ${DEFAULT-VALUE})") long memorySamples;
    @Option(names = "--memory-levels", defaultValue = "200", description = "levels of the memory run (default ${DEFAULT-VALUE})") int memoryLevels;
    /** One row, d:levels:maxCells:degree:data, measured in this JVM: what each table row's child process runs. */
    @Option(names = "--row", hidden = true) String row;

    @Override
    public Integer call() {
        for (String t : tables) if (!TABLES.contains(t)) throw new IllegalArgumentException("unknown table '" + t + "'; known: " + String.join(", ", TABLES));
        if (dimensions.stream().anyMatch(d -> d < 1)) throw new IllegalArgumentException("--dimensions must all be positive, got " + dimensions);
        if (emDimensions.stream().anyMatch(d -> d < 1)) throw new IllegalArgumentException("--em-dimensions must all be positive, got " + emDimensions);
        if (!DATA.contains(data)) throw new IllegalArgumentException("unknown --data '" + data + "'; known: axes, embed");
        if (data.equals("embed") && dimensions.stream().anyMatch(d -> d < 24))
            throw new IllegalArgumentException("--data embed needs every --dimensions >= 24 (its 24-dimensional subspace), got " + dimensions);
        if (absorb < 2048) throw new IllegalArgumentException("need --absorb >= 2048, got " + absorb);
        if (generate < 512) throw new IllegalArgumentException("need --generate >= 512, got " + generate);
        if (memorySamples < 1_000_000) throw new IllegalArgumentException("need --memory-samples >= 1000000 (its first checkpoint), got " + memorySamples);
        if (memoryLevels < 2) throw new IllegalArgumentException("need --memory-levels >= 2, got " + memoryLevels);
        Progress progress = new Progress(spec);
        PrintWriter out = spec.commandLine().getOut();
        if (row != null) return measureRow(out);
        // Up to 32 cells in every table but the cells one (the automatic rule would lower it as p grows).
        FitOptions defaults = FitOptions.defaults().withMaxCells(32);
        int planned = 20_000;
        String header = "| d | cells see r | levels | cells (max) | degree | features p | absorbed samples/s | absorb CPU µs/sample | generated samples/s | generate CPU µs/point | model bytes |\n|---|---|---|---|---|---|---|---|---|---|---|";
        if (tables.contains("dimension")) {
            out.println("\nGrowth with d (" + defaults.levels() + " levels, up to 32 cells, degree 2, rank min(r, 4); r = d unless the data chose a subspace; data "
                    + data + "):\n" + header);
            for (int d : dimensions) rates(out, progress, d, defaults, planned, data);
        }
        if (tables.contains("levels")) {
            out.println("\nGrowth with the number of levels (d = 10, up to 32 cells, degree 2):\n" + header);
            for (int l : new int[]{25, 50, 100, 200, 400}) rates(out, progress, 10, defaults.withLevels(l), planned, "axes");
        }
        if (tables.contains("cells")) {
            out.println("\nGrowth with the number of cells (d = 10, " + defaults.levels() + " levels, degree 2):\n" + header);
            for (int k : new int[]{1, 4, 16, 32, 64}) rates(out, progress, 10, defaults.withMaxCells(k), planned, "axes");
        }
        if (tables.contains("degree")) {
            out.println("\nGrowth with the degree (d = 10, " + defaults.levels() + " levels, up to 32 cells, rank 4):\n" + header);
            for (int g : new int[]{1, 2, 3, 4}) rates(out, progress, 10, defaults.withDegree(g), planned, "axes");
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

    /**
     * Runs one row in a JVM of its own, as JMH forks: in one JVM, rows ran after the smaller shapes
     * that came before them had shaped the JIT's compiled loops, and d = 64 then absorbed at half
     * the rate of a fresh JVM (2 300 against 4 300 samples/s, PERFORMANCE.md §3).
     */
    private void rates(PrintWriter out, Progress progress, int d, FitOptions options, int planned, String rowData) {
        String spec = d + ":" + options.levels() + ":" + options.maxCells() + ":" + options.degree() + ":" + rowData;
        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench-cost",
                "--row", spec, "--absorb", Integer.toString(absorb), "--generate", Integer.toString(generate)));
        String line;
        try {
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (child.waitFor() != 0) throw new IllegalStateException("the row " + spec + " failed in its own JVM (exit " + child.exitValue() + ")");
            line = output.lines().filter(l -> l.startsWith("|")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the row " + spec + " printed no result"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start a JVM for the row " + spec + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the row " + spec, e);
        }
        out.println(line);
        out.flush();
        progress.line(String.format("d=%d levels=%d cells<=%d degree=%d done", d, options.levels(), options.maxCells(), options.degree()));
    }

    private int measureRow(PrintWriter out) {
        String[] parts = row.split(":");
        if (parts.length != 5 || !DATA.contains(parts[4]))
            throw new IllegalArgumentException("--row needs d:levels:maxCells:degree:data, got '" + row + "'");
        int d = Integer.parseInt(parts[0]);
        FitOptions options = FitOptions.defaults().withLevels(Integer.parseInt(parts[1]))
                .withMaxCells(Integer.parseInt(parts[2])).withDegree(Integer.parseInt(parts[3]));
        CostGrowth.Rates r = CostGrowth.rates(d, options, 20_000, absorb, generate, parts[4].equals("embed"));
        out.printf("| %d | %d | %d | %d | %d | %d | %,.0f | %,.1f | %,.0f | %,.1f | %,d |%n", r.dimension(), r.cellDimension(), r.levels(), r.cells(), r.degree(),
                r.features(), r.absorbedPerSecond(), r.absorbCpuMicros(), r.generatedPerSecond(), r.generateCpuMicros(), r.modelBytes());
        out.flush();
        return Main.OK;
    }
}
