package io.scorestream.jmh;

import io.scorestream.model.LevelStructure;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the kernel benchmarks and prints each kernel's useful flop rate beside its yardstick (EJML's
 * dense multiply on the same shapes, run in the same session) as a markdown table.
 *
 * <p>Useful flops count what the kernel must do, not what it happens to do: for the statistics
 * update one triangle of G plus B, p(p+1) + 2pd per row (a multiply and an add each); for the
 * solve a Cholesky and two triangular solves per cell, p³/3 + 2p²d; for score evaluation and a
 * sampler step the product Φ_c W_c, 2pd per point (feature maps and cell search are overhead).
 * The yardstick's own flops are those of the dense product it computes.
 *
 * <pre>java -cp target/benchmarks.jar io.scorestream.jmh.KernelReport [--quick]</pre>
 */
public final class KernelReport {
    private KernelReport() {}

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        Fixture f = new Fixture(10, 200);
        LevelStructure level = f.structure.level(StatisticsBench.LEVEL);
        int p = level.featureCount(), d = f.dimension, cells = level.cells(), levels = f.structure.levelCount();
        int rows = 64, batch = StatisticsBench.BATCH, chunk = 512;
        double perRow = p * (p + 1.0) + 2.0 * p * d;

        ChainedOptionsBuilder options = new OptionsBuilder().include("io\\.scorestream\\..*Bench\\..*");
        if (quick) options = options.warmupIterations(2).measurementIterations(3)
                .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, double[]> ns = new LinkedHashMap<>();   // name -> {ns/op, error, threads}
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            ns.put(name, new double[]{r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(), r.getParams().getThreads()});
        }

        System.out.printf("%nd=%d, p=%d features, %d levels, %d cells at level %d; %d rows per cell batch, %d samples per absorb batch, %d points per sampler chunk%n%n",
                d, p, levels, cells, StatisticsBench.LEVEL, rows, batch, chunk);
        System.out.println("| kernel | threads | time per op | useful flops per op | GFlop/s | yardstick | fraction of yardstick |");
        System.out.println("|---|---|---|---|---|---|---|");
        double yard = rate(ns, "StatisticsBench.yardstick", rows * (2.0 * p * p + 2.0 * p * d));
        double yard2 = rate(ns, "StatisticsBench.yardstickTwoThreads", rows * (2.0 * p * p + 2.0 * p * d));
        double yardSolve = yard;   // the same dense-multiply rate at the Gram matrix's shape
        double yardScore = rate(ns, "SamplerBench.yardstick", chunk * 2.0 * p * d);
        row(ns, "StatisticsBench.yardstick", rows * (2.0 * p * p + 2.0 * p * d), "itself", yard);
        row(ns, "StatisticsBench.yardstickTwoThreads", rows * (2.0 * p * p + 2.0 * p * d), "itself", yard2);
        row(ns, "StatisticsBench.ejmlMultTransA", rows * perRow, "1 thread", yard);
        row(ns, "StatisticsBench.updateRankOne", rows * perRow, "1 thread", yard);
        row(ns, "StatisticsBench.updateBatched", rows * perRow, "1 thread", yard);
        row(ns, "StatisticsBench.levelAbsorb", batch * perRow, "1 thread", yard);
        row(ns, "StatisticsBench.learnerAbsorb", (double) batch * levels * perRow, "2 threads", yard2);
        row(ns, "StatisticsBench.solveLevel", cells * (p * p * p / 3.0 + 2.0 * p * p * d), "1 thread", yardSolve);
        row(ns, "SamplerBench.yardstick", chunk * 2.0 * p * d, "itself", yardScore);
        row(ns, "SamplerBench.scoreEvaluation", chunk * 2.0 * p * d, "1 thread", yardScore);
        row(ns, "SamplerBench.samplerStep", chunk * 2.0 * p * d, "1 thread", yardScore);
        System.out.printf("%nWhere levelAbsorb's time goes besides the update (same %d points, one level, one thread):%n", batch);
        for (String name : new String[]{"StatisticsBench.cellSearch", "StatisticsBench.featureMap", "StatisticsBench.levelAbsorb"}) {
            double[] r = ns.get(name);
            if (r != null) System.out.printf("- %s: %.1f ± %.1f µs, %.1f ns per point%n", name, r[0] / 1e3, r[1] / 1e3, r[0] / batch);
        }
        double[] learner = ns.get("StatisticsBench.learnerAbsorb");
        if (learner != null)
            System.out.printf("%nlearner (2 cores): %.0f samples/s absorbed at %d levels, %.1f ns per sample per level%n",
                    batch / (learner[0] * 1e-9), levels, learner[0] / ((double) batch * levels));
    }

    /** GFlop/s of a benchmark: threads × flops / (ns per op). */
    private static double rate(Map<String, double[]> ns, String name, double flops) {
        double[] r = ns.get(name);
        return r == null ? Double.NaN : r[2] * flops / r[0];
    }

    private static void row(Map<String, double[]> ns, String name, double flops, String yardstickLabel, double yardstick) {
        double[] r = ns.get(name);
        if (r == null) return;
        double rate = rate(ns, name, flops);
        System.out.printf("| %s | %d | %.1f ± %.1f µs | %.0f | %.2f | %s %.2f | %.0f%% |%n",
                name, (int) r[2], r[0] / 1e3, r[1] / 1e3, flops, rate, yardstickLabel, yardstick, 100 * rate / yardstick);
    }
}
