package io.scorestream.learn;

import io.scorestream.model.LevelModel;
import io.scorestream.model.ModelInfo;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.regression.CellSolver;
import io.scorestream.regression.CellStatistics;
import io.scorestream.regression.RidgeSolver;
import org.ejml.data.DMatrixRMaj;

import java.util.stream.IntStream;

/**
 * Online learner of a {@link ScoreModel} on a fixed {@link ModelStructure}: every absorbed batch
 * updates the statistics of every level it owns (in parallel), and {@link #solve} turns the
 * current statistics into an immutable model at any time. The batch {@code fit} is this same
 * class fed the whole data set, so streaming and batch learning cannot drift apart.
 *
 * <p>A learner may own only a band of levels [first, first + count): several such learners (on
 * several actors or nodes) together make one model, each fed every sample.
 */
public final class ScoreLearner {
    /** A cell needs this many rows per feature for its own polynomial (else pooled affine). */
    public static final double MIN_ROWS_PER_FEATURE = 8.0;

    private final ModelStructure structure;
    private final int first;
    private final LevelAccumulator[] levels;
    private final double ridge;
    private final ThreadLocal<LevelAccumulator.Workspace> workspaces = ThreadLocal.withInitial(LevelAccumulator.Workspace::new);
    private long absorbed;

    public ScoreLearner(ModelStructure structure, long noiseSeed, double forgetting, double ridge) {
        this(structure, noiseSeed, forgetting, ridge, 0, structure.levelCount());
    }

    public ScoreLearner(ModelStructure structure, long noiseSeed, double forgetting, double ridge, int first, int count) {
        if (first < 0 || count < 1 || first + count > structure.levelCount())
            throw new IllegalArgumentException("levels " + first + ".." + (first + count - 1) + " are not within 0.." + (structure.levelCount() - 1));
        this.structure = structure;
        this.first = first;
        this.ridge = ridge;
        NoiseDraws noise = new NoiseDraws(noiseSeed);
        this.levels = new LevelAccumulator[count];
        for (int j = 0; j < count; j++) levels[j] = new LevelAccumulator(first + j, structure.level(first + j), noise, forgetting);
    }

    public ModelStructure structure() { return structure; }
    public long absorbed() { return absorbed; }
    public int firstLevel() { return first; }
    public int levelCount() { return levels.length; }
    /** The accumulator of a level by its index in the whole schedule. */
    public LevelAccumulator level(int j) { return levels[j - first]; }

    /** Absorbs raw (data-unit) rows that sit at stream positions firstPosition, firstPosition+1, … */
    public void absorb(DMatrixRMaj rows, long firstPosition) {
        absorb(rows, null, firstPosition);
    }

    /** Absorbs raw rows whose stream positions (the keys of their noise draws) are given one by one. */
    public void absorb(DMatrixRMaj rows, long[] positions) {
        if (positions.length != rows.numRows) throw new IllegalArgumentException(positions.length + " positions for " + rows.numRows + " rows");
        absorb(rows, positions, 0);
    }

    private void absorb(DMatrixRMaj rows, long[] positions, long firstPosition) {
        if (rows.numCols != structure.dimension())
            throw new IllegalArgumentException("samples have dimension " + rows.numCols + ", the model has " + structure.dimension());
        if (rows.numRows == 0) return;
        DMatrixRMaj x0 = new DMatrixRMaj(rows.numRows, rows.numCols);
        structure.columns().forward(rows, positions, firstPosition, x0);
        if (!structure.split().isFull()) {
            // The cells see only y = Ux: their noise z projects to Uz ~ N(0, I_r), which the levels
            // draw directly; the complement's Gaussian is fixed with the structure.
            DMatrixRMaj y = new DMatrixRMaj(rows.numRows, structure.split().rank());
            structure.split().project(x0, y);
            x0 = y;
        }
        DMatrixRMaj cells = x0;
        int m = rows.numRows;
        IntStream.range(0, levels.length).parallel()
                .forEach(j -> levels[j].absorb(cells.data, m, positions, firstPosition, workspaces.get()));
        absorbed += m;
    }

    /**
     * Adds other statistics (same structure and levels, disjoint samples) to these: what two
     * threads or nodes learned apart equals what one would have learned from all the samples.
     */
    public void merge(ScoreLearner other) {
        if (other.structure.version() != structure.version() || other.first != first || other.levels.length != levels.length)
            throw new IllegalArgumentException("cannot merge statistics of partition version " + other.structure.version()
                    + " levels " + other.first + "+" + other.levels.length + " into version " + structure.version() + " levels " + first + "+" + levels.length);
        for (int j = 0; j < levels.length; j++)
            for (int c = 0; c < levels[j].cellCount(); c++) levels[j].cell(c).merge(other.levels[j].cell(c));
        absorbed += other.absorbed;
    }

    /** Adds stored statistics (from a snapshot: [level − first][cell]) and their sample count. */
    public void restore(CellStatistics[][] statistics, long samples) {
        if (statistics.length != levels.length) throw new IllegalArgumentException(statistics.length + " stored levels for " + levels.length);
        for (int j = 0; j < levels.length; j++)
            for (int c = 0; c < levels[j].cellCount(); c++) levels[j].cell(c).merge(statistics[j][c]);
        absorbed += samples;
    }

    /** Copies of the statistics, [level − first][cell], for snapshots. */
    public CellStatistics[][] statistics() {
        CellStatistics[][] out = new CellStatistics[levels.length][];
        for (int j = 0; j < levels.length; j++) {
            out[j] = new CellStatistics[levels[j].cellCount()];
            for (int c = 0; c < out[j].length; c++) out[j][c] = levels[j].cell(c).copy();
        }
        return out;
    }

    /** Level models of this learner's band, solved from the statistics now. */
    public LevelModel[] solveLevels() {
        int p = structure.level(0).featureCount();
        ThreadLocal<CellSolver> solvers = ThreadLocal.withInitial(() -> new RidgeSolver(p, ridge));
        LevelModel[] models = new LevelModel[levels.length];
        IntStream.range(0, levels.length).parallel()
                .forEach(j -> models[j] = levels[j].solve(solvers.get(), ridge, MIN_ROWS_PER_FEATURE));
        return models;
    }

    /** The whole model; only for a learner that owns every level. */
    public ScoreModel solve(ModelInfo info) {
        if (levels.length != structure.levelCount())
            throw new IllegalStateException("this learner owns levels " + first + ".." + (first + levels.length - 1) + " only");
        return new ScoreModel(structure.schedule(), structure.columns(), structure.split(), solveLevels(), info, structure.recordSchema());
    }

    public ScoreModel solve() {
        return solve(new ModelInfo(1, absorbed, structure.version(), System.currentTimeMillis(), ""));
    }
}
