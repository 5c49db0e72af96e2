package io.scorestream.bench;

import io.scorestream.baseline.EmBaseline;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.StructurePlanner;
import io.scorestream.mixture.GaussianMixture;
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
 * 200 levels, up to 32 cells, degree 2), on the mixture {@code bench-stream} uses; fit time beside
 * the EM baseline on the same data; heap after 1 M and 10 M absorbed samples.
 */
public final class CostGrowth {
    /** One configuration's measured rates. */
    public record Rates(int dimension, int levels, int cells, int degree, int features, double absorbedPerSecond, double generatedPerSecond) {}

    public record FitVersusEm(int dimension, int samples, double fitSeconds, double emSeconds, int emComponents, int emMaxComponents) {}

    public record Memory(long samples, double heapMegabytes) {}

    private CostGrowth() {}

    /** The benchmark mixture: four unit-variance components 6, 12, 18, 24 out along the axes. */
    public static DMatrixRMaj mixture(int d, int n, long seed) {
        double[][] means = new double[4][d];
        for (int i = 0; i < 4; i++) means[i][i % d] = 6 * (i + 1);
        return GaussianMixture.isotropic(new double[]{0.25, 0.25, 0.25, 0.25}, means, 1).sample(n, new SplittableRandom(seed), null);
    }

    /**
     * Plans on a reservoir of {@code plannedOn} samples (options resolved as for that many), then
     * times absorbing {@code absorb} fresh samples in 2048-row batches and generating
     * {@code generate} points with the DDPM sampler, each after a short untimed warm-up.
     */
    public static Rates rates(int d, FitOptions options, int plannedOn, int absorb, int generate) {
        DMatrixRMaj data = mixture(d, plannedOn + absorb + 2048, 1);
        FitOptions resolved = options.resolve(d, plannedOn);
        ModelStructure structure = StructurePlanner.plan(Fitter.reservoir(rows(data, 0, plannedOn), resolved.reservoir(), 0), resolved, null);
        ScoreLearner learner = new ScoreLearner(structure, 0, 1, resolved.ridge());
        learner.absorb(rows(data, plannedOn, 2048), plannedOn);                           // warm-up
        long t0 = System.nanoTime();
        for (int first = 0; first < absorb; first += 2048) {
            int m = Math.min(2048, absorb - first);
            learner.absorb(rows(data, plannedOn + 2048 + first, m), plannedOn + 2048L + first);
        }
        double absorbed = absorb / seconds(t0);
        ScoreModel model = learner.solve();
        Sampler sampler = Sampler.named("ddpm");
        sampler.sample(model, model.schedule(), Math.min(generate, 1024), 1);              // warm-up
        t0 = System.nanoTime();
        sampler.sample(model, model.schedule(), generate, 2);
        double generated = generate / seconds(t0);
        return new Rates(d, structure.levelCount(), maxCells(structure), resolved.degree(), structure.level(0).featureCount(), absorbed, generated);
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
