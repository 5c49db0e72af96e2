package io.scorestream.jmh;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.learn.LevelAccumulator;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.model.LevelStructure;
import io.scorestream.regression.CellSolver;
import io.scorestream.regression.GramKernel;
import io.scorestream.regression.RidgeSolver;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The statistics update and the per-level solve at d = 10 with the default structure (p = 21
 * features: 1 + d affine + 10 quadratic Hermite products in 4 directions), beside the yardstick:
 * EJML's dense multiply on the same shapes. One operation is one batch of {@link #rows} samples
 * into one cell (kernels), or {@link #BATCH} samples through one level or all levels (in situ).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@State(Scope.Thread)
public class StatisticsBench {
    static final int BATCH = 2048;     // Fitter's chunk
    static final int LEVEL = 100;      // a middle level of 200

    /** Rows of Φ per cell per batch: 2048 samples over ~29 cells is ~70. */
    @Param({"64"}) public int rows;

    int p, d;
    double[][] phi, y, gram, cross;
    DMatrixRMaj phiM, phiT, yM, gramM, crossM;
    LevelAccumulator level;
    LevelAccumulator.Workspace workspace;
    double[] x0;
    ScoreLearner learner;
    DMatrixRMaj batch;
    long position;
    CellSolver solver;
    LevelStructure levelStructure;
    io.scorestream.partition.Partition.Finder finder;
    io.scorestream.partition.Partition.Scratch finderScratch;
    double[] xt, featureWork;
    int[] cellOfPoint;
    DMatrixRMaj phiRows;

    @Setup(Level.Trial)
    public void setUp() {
        Fixture f = new Fixture(10, 200);
        LevelStructure ls = f.structure.level(LEVEL);
        p = ls.featureCount();
        d = f.dimension;
        SplittableRandom rng = new SplittableRandom(1);
        phiM = new DMatrixRMaj(rows, p);
        CellFeatureMap map = ls.features()[0];
        double[] work = map.newWork();
        DMatrixRMaj xs = Fixture.mixture(d, rows, 5);
        f.structure.columns().forward(xs, null, 0, xs);
        for (int r = 0; r < rows; r++) map.map(xs.data, r * d, phiM.data, r * p, work);
        yM = new DMatrixRMaj(rows, d);
        for (int i = 0; i < yM.data.length; i++) yM.data[i] = rng.nextGaussian();
        phiT = CommonOps_DDRM.transpose(phiM, null);
        gramM = new DMatrixRMaj(p, p);
        crossM = new DMatrixRMaj(p, d);
        phi = rowsOf(phiM); y = rowsOf(yM); gram = rowsOf(gramM); cross = rowsOf(crossM);

        learner = new ScoreLearner(f.structure, 0, 1, f.options.ridge());
        level = learner.level(LEVEL);
        workspace = new LevelAccumulator.Workspace();
        batch = Fixture.rows(f.data, 0, BATCH);
        DMatrixRMaj standard = new DMatrixRMaj(BATCH, d);
        f.structure.columns().forward(batch, null, 0, standard);
        x0 = standard.data;
        learner.absorb(f.data, 0);       // realistic statistics for the solve
        solver = new RidgeSolver(p, f.options.ridge());
        levelStructure = ls;
        finder = ls.partition().finder(ls.alpha());
        finderScratch = finder.newScratch();
        xt = new double[BATCH * d];
        double a = ls.alpha(), s = ls.sigma();
        for (int i = 0; i < xt.length; i++) xt[i] = a * x0[i] + s * rng.nextGaussian();
        cellOfPoint = new int[BATCH];
        finder.assign(xt, BATCH, cellOfPoint, finderScratch);
        phiRows = new DMatrixRMaj(64, p);
        featureWork = map.newWork();
    }

    /** The rows of m as separate arrays, the layout the update kernel takes. */
    static double[][] rowsOf(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int r = 0; r < m.numRows; r++) System.arraycopy(m.data, r * m.numCols, out[r], 0, m.numCols);
        return out;
    }

    /** Rank-one updates: the rows one at a time (lower triangle of G, and B). */
    @Benchmark
    public void updateRankOne() {
        for (int r = 0; r < rows; r++) GramKernel.accumulate(phi, y, r, r + 1, p, d, gram, cross);
    }

    /** The batched update: all rows in one pass (lower triangle of G, and B). */
    @Benchmark
    public void updateBatched() {
        GramKernel.accumulate(phi, y, 0, rows, p, d, gram, cross);
    }

    /** What the update was before: EJML's ΦᵀΦ (full p×p) and ΦᵀY, Φ untransposed. */
    @Benchmark
    public void ejmlMultTransA() {
        CommonOps_DDRM.multAddTransA(phiM, phiM, gramM);
        CommonOps_DDRM.multAddTransA(phiM, yM, crossM);
    }

    /** The yardstick: EJML's dense multiply (Φᵀ stored transposed) at the same shapes, full G. */
    @Benchmark
    public void yardstick() {
        CommonOps_DDRM.multAdd(phiT, phiM, gramM);
        CommonOps_DDRM.multAdd(phiT, yM, crossM);
    }

    /** The yardstick on both cores: two threads, each its own matrices. */
    @Benchmark
    @Threads(2)
    public void yardstickTwoThreads() { yardstick(); }

    /** In situ, one level, one thread: BATCH samples' noise, cells, features and update. */
    @Benchmark
    public void levelAbsorb() {
        level.absorb(x0, BATCH, position, workspace);
        position += BATCH;
    }

    /** In situ, every level, both cores (the learner's parallel levels): BATCH samples. */
    @Benchmark
    public void learnerAbsorb() {
        learner.absorb(batch, position);
        position += BATCH;
    }

    /** Overhead of {@link #levelAbsorb}: the nearest-centre search of BATCH noisy points at one level. */
    @Benchmark
    public int cellSearch() {
        finder.assign(xt, BATCH, cellOfPoint, finderScratch);
        return cellOfPoint[BATCH - 1];
    }

    /** Overhead of {@link #levelAbsorb}: the feature map of BATCH noisy points, each in its own cell. */
    @Benchmark
    public double featureMap() {
        CellFeatureMap[] maps = levelStructure.features();
        double[] out = phiRows.data;
        for (int i = 0; i < BATCH; i++) maps[cellOfPoint[i]].map(xt, i * d, out, (i & 63) * p, featureWork);
        return out[p];
    }

    /** Solving one level: a ridge Cholesky per cell (pooled affine fallbacks included). */
    @Benchmark
    public void solveLevel(Blackhole bh) {
        bh.consume(level.solve(solver, 1e-4, ScoreLearner.MIN_ROWS_PER_FEATURE));
    }
}
