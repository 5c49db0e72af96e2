package io.scorestream.bench;

import io.scorestream.data.Datasets;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ScoreFunction;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import io.scorestream.schedule.GeometricSchedule;
import io.scorestream.schedule.GridSpec;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How many reverse steps each sampler/grid pair needs, as the dimension d and the number of
 * components k grow ([LCW] claims Õ(1/ε) whatever d and k): for each separated mixture
 * ({@link SeparatedMixture}), with the exact score and with a score learned by {@code fit}'s
 * defaults, samples at each step count are judged by the classifier two-sample accuracy against a
 * held-out true sample (its gap to the two-sample floor) and by the weight error.
 */
public final class StepAblation {
    /** A sampler on a grid, e.g. ddpm on lcw ([LCW]'s pair). */
    public record Pair(String sampler, String grid) {
        public static Pair parse(String s) {
            String[] p = s.split(":");
            if (p.length != 2) throw new IllegalArgumentException("a sampler/grid pair is SAMPLER:GRID, e.g. ddpm:lcw; got '" + s + "'");
            new SamplingPlan(p[0], GridSpec.of(p[1]));   // checks both names
            return new Pair(p[0], p[1]);
        }
        SamplingPlan plan(int steps) { return new SamplingPlan(sampler, GridSpec.of(grid).withSteps(steps)); }
        @Override public String toString() { return sampler + ":" + grid; }
    }

    /** One sampling run: accuracy and its floor (two true samples), TV ≥ 2·acc − 1, weight error, score evaluations' grid size. */
    public record Row(String score, int d, int k, Pair pair, int steps, int levels, double accuracy, double floor,
                      double tvLowerBound, double weightError, double floorWeightError, int evalSize, double seconds) {
        /** Within tolerance of the floor; the 1e-9 lets a gap of exactly the tolerance between values read back at 3 decimals count. */
        public boolean atFloor(double tolerance) { return accuracy - floor <= tolerance + 1e-9; }
    }

    /** The grid the exact score is sampled on when a pair says "model": fit's default levels. */
    static final NoiseSchedule EXACT_LEVELS = new GeometricSchedule(FitOptions.defaults().levels(), 2e-6, 10);

    private StepAblation() {}

    /** Evaluation sample size at dimension d: base up to d = 32, half of it at 128, a quarter above. */
    public static int evalSize(int base, int d) { return d <= 32 ? base : d <= 128 ? base / 2 : base / 4; }

    public static List<Row> run(List<Integer> dims, List<Integer> ks, List<Integer> steps, List<Pair> pairs, boolean exact, boolean learned,
                                int learnedMaxDimension, int evalBase, int train, long seed, Consumer<String> progress,
                                Consumer<List<Row>> afterEachMixture) {
        List<Row> rows = new ArrayList<>();
        for (int d : dims)
            for (int k : ks) {
                SeparatedMixture truth = SeparatedMixture.of(d, k, seed + 31L * d + k);
                int n = evalSize(evalBase, d);
                DMatrixRMaj reference = truth.sample(n, seed + 1);
                DMatrixRMaj second = truth.sample(n, seed + 2);
                double floor = TwoSampleMetrics.compare(second, reference, seed).classifierAccuracy();
                double floorWeights = truth.weightError(second);
                if (exact) measure(rows, "exact", truth, EXACT_LEVELS, null, truth, reference, floor, floorWeights, steps, pairs, seed, progress);
                if (learned && d <= learnedMaxDimension) {
                    long t0 = System.nanoTime();
                    ScoreModel model = Fitter.fit(truth.sample(train, seed + 3), FitOptions.defaults().withSeed(seed), null);
                    progress.accept(String.format("d=%d k=%d: fitted on %d samples in %.1f s", d, k, train, (System.nanoTime() - t0) / 1e9));
                    measure(rows, "learned", model, model.schedule(), model, truth, reference, floor, floorWeights, steps, pairs, seed, progress);
                }
                afterEachMixture.accept(List.copyOf(rows));
            }
        return rows;
    }

    private static void measure(List<Row> rows, String scoreName, ScoreFunction score, NoiseSchedule levels, ScoreModel model, SeparatedMixture truth,
                                DMatrixRMaj reference, double floor, double floorWeights, List<Integer> steps, List<Pair> pairs, long seed,
                                Consumer<String> progress) {
        int d = truth.dimension(), n = reference.numRows;
        for (Pair pair : pairs)
            for (int t : steps) {
                SamplingPlan plan;
                NoiseSchedule grid;
                try {
                    plan = pair.plan(t);
                    grid = plan.grid(levels, d);
                } catch (IllegalArgumentException e) {   // lcw below its smallest T
                    progress.accept(String.format("%s d=%d k=%d %s %d steps: no grid (%s)", scoreName, d, truth.size(), pair, t, e.getMessage()));
                    continue;
                }
                long t0 = System.nanoTime();
                DMatrixRMaj x = plan.newSampler().sample(score, grid, n, seed + 4);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (model != null) model.toData(x);
                double acc = finite(x) ? TwoSampleMetrics.compare(x, reference, seed).classifierAccuracy() : 1.0;
                Row row = new Row(scoreName, d, truth.size(), pair, t, grid.size(), acc, floor, Math.max(0, 2 * acc - 1),
                        finite(x) ? truth.weightError(x) : 1.0, floorWeights, n, seconds);
                rows.add(row);
                progress.accept(String.format("%s d=%d k=%d %s %d steps (%d levels): C2ST %.3f (floor %.3f), weight error %.4f, %.1f s",
                        scoreName, d, truth.size(), pair, t, grid.size(), acc, floor, row.weightError(), seconds));
            }
    }

    private static boolean finite(DMatrixRMaj x) {
        for (int i = 0; i < x.getNumElements(); i++) if (!Double.isFinite(x.data[i])) return false;
        return true;
    }

    /**
     * The smallest step count of the row group (score, d, k, pair) from which on every count tried
     * is within tolerance of the floor (so one lucky draw at a low count does not count); -1 if none.
     */
    public static int stepsNeeded(List<Row> rows, String score, int d, int k, Pair pair, double tolerance) {
        List<Row> group = rows.stream().filter(r -> r.score().equals(score) && r.d() == d && r.k() == k && r.pair().equals(pair))
                .sorted(java.util.Comparator.comparingInt(Row::steps).reversed()).toList();
        int needed = -1;
        for (Row r : group) {
            if (!r.atFloor(tolerance)) break;
            needed = r.steps();
        }
        return needed;
    }

    // ---- the quality suite: today's sampler against the faster ones, on learned models --------------------

    /** One (distribution, plan) of the suite comparison. */
    public record SuiteRow(String kind, int d, String plan, int levels, double[] accuracies, double floor, double seconds, double cpuSeconds) {
        public double accuracy() { return java.util.Arrays.stream(accuracies).average().orElseThrow(); }
    }

    /**
     * Fits each distribution once (fit's defaults) and samples it with every plan; C2ST against the
     * same reference. A kind is one of generate-data's or {@code separated:D:K} (the ablation's
     * mixture). Sampling seconds are the median of three timed runs after a warm-up run, so the
     * JIT has compiled every plan's loop before it is timed. The C2ST is that of the timed sample
     * (seed + 3), and with sampleSeeds above 1 of as many more samples (seeds seed + 4, ...).
     */
    public static List<SuiteRow> suite(List<String> kinds, List<SamplingPlan> plans, int train, int eval, long seed, int sampleSeeds, Consumer<String> progress) {
        List<SuiteRow> rows = new ArrayList<>();
        for (String kind : kinds) {
            DMatrixRMaj[] data = suiteData(kind, train, eval, seed);
            double floor = TwoSampleMetrics.compare(data[2], data[1], seed).classifierAccuracy();
            ScoreModel model = Fitter.fit(data[0], FitOptions.defaults().withSeed(seed), null);
            for (SamplingPlan plan : plans) {
                NoiseSchedule grid = plan.grid(model, model.schedule());
                plan.newSampler().sample(model, grid, eval, seed + 7);   // warm-up
                double[] seconds = new double[3], cpu = new double[3];
                DMatrixRMaj x = null;
                for (int r = 0; r < seconds.length; r++) {
                    long t0 = System.nanoTime(), c0 = processCpuNanos();
                    x = plan.newSampler().sample(model, grid, eval, seed + 3);
                    seconds[r] = (System.nanoTime() - t0) / 1e9;
                    cpu[r] = (processCpuNanos() - c0) / 1e9;
                }
                java.util.Arrays.sort(seconds);
                java.util.Arrays.sort(cpu);
                double[] acc = new double[sampleSeeds];
                io.scorestream.columns.MarginCalibration calibration = plan.calibration(model, grid);
                for (int s = 0; s < sampleSeeds; s++) {
                    if (s > 0) x = plan.newSampler().sample(model, grid, eval, seed + 3 + s);
                    model.toData(x, calibration);
                    acc[s] = finite(x) ? TwoSampleMetrics.compare(x, data[1], seed).classifierAccuracy() : 1.0;
                }
                SuiteRow row = new SuiteRow(kind, model.dimension(), plan.toString(), grid.size(), acc, floor, seconds[1], cpu[1]);
                rows.add(row);
                progress.accept(String.format("%s: %s (%d levels) C2ST %s, floor %.3f, %.2f s (%.2f s of CPU)", kind, plan, grid.size(), StepFigures.accuracies(row), floor, seconds[1], cpu[1]));
            }
        }
        return rows;
    }

    /** CPU time of this process (every thread): on a shared machine it says what the work cost, wall time what it waited. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** {train, reference, second true sample} of a kind. */
    static DMatrixRMaj[] suiteData(String kind, int train, int eval, long seed) {
        if (kind.startsWith("separated:")) {
            String[] p = kind.split(":");
            SeparatedMixture m = SeparatedMixture.of(Integer.parseInt(p[1]), Integer.parseInt(p[2]), seed);
            return new DMatrixRMaj[]{m.sample(train, seed), m.sample(eval, seed + 1), m.sample(eval, seed + 2)};
        }
        return new DMatrixRMaj[]{Datasets.generate(kind, train, seed).samples(), Datasets.generate(kind, eval, seed + 1).samples(),
                Datasets.generate(kind, eval, seed + 2).samples()};
    }
}
