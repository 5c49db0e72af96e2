package io.scorestream.bench;

import io.scorestream.baseline.EmBaseline;
import io.scorestream.data.Datasets;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.StructurePlanner;
import io.scorestream.model.ModelCodec;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.Sampler;
import org.ejml.data.DMatrixRMaj;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * How the in-memory learner's cost grows: absorbed and generated samples per second as one of
 * d, the number of levels, the number of cells or the degree grows from the defaults (d = 10,
 * the default levels, up to 32 cells, degree 2), on the mixture {@code bench-stream} uses; fit time beside
 * the EM baseline on the same data; heap after 1 M and 10 M absorbed samples.
 */
public final class CostGrowth {
    /** One configuration's measured rates. */
    /** cellDimension: the coordinates the cells see (d, or the rank of a subspace split). */
    /**
     * absorbCpuMicros, generateCpuMicros: the whole JVM's CPU time per absorbed sample and per generated
     * point over the timed parts (the figure to read on a loaded machine, where wall rates swing);
     * modelBytes: the solved model as {@code fit} writes it (ModelCodec).
     */
    public record Rates(int dimension, int cellDimension, int levels, int cells, int degree, int features, double absorbedPerSecond,
                        double absorbCpuMicros, double generatedPerSecond, double generateCpuMicros, long modelBytes) {}

    public record FitVersusEm(int dimension, int samples, double fitSeconds, double emSeconds, int emComponents, int emMaxComponents) {}

    public record Memory(long samples, double heapMegabytes) {}

    private CostGrowth() {}

    /** The benchmark mixture: four unit-variance components 6, 12, 18, 24 out along the axes. */
    public static DMatrixRMaj mixture(int d, int n, long seed) {
        // Drawn directly (component, then unit noise): GaussianMixture.sample multiplies by a d×d
        // Cholesky factor, d² per sample, which dominated the d = 1024 rows.
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            int component = rng.nextInt(4);
            for (int j = 0; j < d; j++) out.data[i * d + j] = rng.nextGaussian();
            out.data[i * d + component % d] += 6 * (component + 1);
        }
        return out;
    }

    /** Untimed warm-up before each timed part, and the least time a timed part runs. */
    static final double WARM_UP_SECONDS = 2, MIN_TIMED_SECONDS = 2;
    private static final int BATCH = 2048, POOL_BATCHES = 4;

    /**
     * Plans on a reservoir of {@code plannedOn} samples (options resolved as for that many), then
     * times absorbing at least {@code absorb} samples (and for at least {@value #MIN_TIMED_SECONDS} s)
     * in 2048-row batches and generating {@code generate} points with the DDPM sampler. Each part
     * first runs untimed for {@value #WARM_UP_SECONDS} s: with a single warm-up batch, large-d rows
     * were timed before the JIT had compiled their loops (d = 64 read 2.5× too slow). Absorbed
     * batches cycle through 8 192 held-out samples at ever new stream positions, so every batch
     * draws fresh noise. {@code embedded}: the embedded mixture of {@code generate-data --kind embed768}
     * at this d instead of the four axis components.
     */
    public static Rates rates(int d, FitOptions options, int plannedOn, int absorb, int generate, boolean embedded) {
        int n = plannedOn + POOL_BATCHES * BATCH;
        DMatrixRMaj data = embedded ? Datasets.embedded(d, n, 1) : mixture(d, n, 1);
        FitOptions resolved = options.resolve(d, plannedOn);
        ModelStructure structure = StructurePlanner.plan(Fitter.reservoir(rows(data, 0, plannedOn), resolved.reservoir(), 0), resolved, null);
        ScoreLearner learner = new ScoreLearner(structure, 0, 1, resolved.ridge());
        DMatrixRMaj[] pool = new DMatrixRMaj[POOL_BATCHES];
        for (int b = 0; b < POOL_BATCHES; b++) pool[b] = rows(data, plannedOn + b * BATCH, BATCH);
        long position = plannedOn;
        for (long t = System.nanoTime(); seconds(t) < WARM_UP_SECONDS; position += BATCH)
            learner.absorb(pool[(int) (position / BATCH % POOL_BATCHES)], position);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime(), cpu0 = os.getProcessCpuTime(), absorbedCount = 0;
        while (absorbedCount < absorb || seconds(t0) < MIN_TIMED_SECONDS) {
            learner.absorb(pool[(int) (position / BATCH % POOL_BATCHES)], position);
            position += BATCH;
            absorbedCount += BATCH;
        }
        double absorbed = absorbedCount / seconds(t0);
        double absorbCpu = (os.getProcessCpuTime() - cpu0) / 1e3 / absorbedCount;
        ScoreModel model = learner.solve();
        long modelBytes = ModelCodec.encode(model).length;
        Sampler sampler = Sampler.named("ddpm");
        for (long t = System.nanoTime(), seed = 1; seconds(t) < WARM_UP_SECONDS; seed++)
            sampler.sample(model, model.schedule(), Math.min(generate, 1024), seed);
        t0 = System.nanoTime();
        cpu0 = os.getProcessCpuTime();
        sampler.sample(model, model.schedule(), generate, 0);
        double generated = generate / seconds(t0);
        double generateCpu = (os.getProcessCpuTime() - cpu0) / 1e3 / generate;
        return new Rates(d, structure.split().rank(), structure.levelCount(), maxCells(structure), resolved.degree(), structure.level(0).featureCount(), absorbed, absorbCpu,
                generated, generateCpu, modelBytes);
    }

    /** Largest number of cells over the levels of a structure (the top level has one). */
    static int maxCells(ModelStructure s) {
        int k = 0;
        for (int j = 0; j < s.levelCount(); j++) k = Math.max(k, s.level(j).cells());
        return k;
    }

    /** Fit (plan, absorb, solve) on n samples with the defaults, then EM with k by BIC on the same data. */
    public static FitVersusEm fitVersusEm(int d, int n, Consumer<String> progress) {
        DMatrixRMaj data = mixture(d, n, 7);
        Fitter.fit(rows(data, 0, Math.min(n, 4096)), FitOptions.defaults().withLevels(50), null);   // JIT warm-up
        long t0 = System.nanoTime();
        Fitter.fit(data, FitOptions.defaults(), null);
        double fit = seconds(t0);
        progress.accept(String.format("d=%d: fit %.2f s; EM running", d, fit));
        int maxK = EmBaseline.defaultMaxComponents(d);
        EmBaseline.Result em = EmBaseline.fit(data, maxK, 7);
        return new FitVersusEm(d, n, fit, em.seconds(), em.components(), maxK);
    }

    /** Heap in use (after a full collection) once the learner has absorbed each checkpoint's samples. */
    public static Memory[] memory(int d, int levels, long[] checkpoints, Consumer<String> progress) {
        int batch = 2048;
        DMatrixRMaj pool = mixture(d, 1 << 16, 3);
        FitOptions resolved = FitOptions.defaults().withLevels(levels).resolve(d, 20_000);
        ModelStructure structure = StructurePlanner.plan(Fitter.reservoir(pool, resolved.reservoir(), 0), resolved, null);
        ScoreLearner learner = new ScoreLearner(structure, 0, 1, resolved.ridge());
        DMatrixRMaj rows = new DMatrixRMaj(batch, d);
        Memory[] out = new Memory[checkpoints.length];
        long done = 0;
        long lastReport = System.nanoTime();
        for (int c = 0; c < checkpoints.length; c++) {
            while (done < checkpoints[c]) {
                int m = (int) Math.min(batch, checkpoints[c] - done);
                rows.reshape(m, d);
                int from = (int) (done % (pool.numRows - batch));   // records repeat, their noise does not
                System.arraycopy(pool.data, from * d, rows.data, 0, m * d);
                learner.absorb(rows, done);
                done += m;
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    progress.accept(String.format("memory: absorbed %d samples", done));
                    lastReport = System.nanoTime();
                }
            }
            out[c] = new Memory(done, heapMegabytes());
        }
        if (learner.absorbed() != done) throw new IllegalStateException("learner lost samples");
        return out;
    }

    private static double heapMegabytes() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    static DMatrixRMaj rows(DMatrixRMaj m, int first, int count) {
        DMatrixRMaj out = new DMatrixRMaj(count, m.numCols);
        System.arraycopy(m.data, first * m.numCols, out.data, 0, count * m.numCols);
        return out;
    }

    private static double seconds(long t0) { return (System.nanoTime() - t0) / 1e9; }
}
