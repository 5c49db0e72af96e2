package io.scorestream.learn;

import io.scorestream.model.LevelModel;
import io.scorestream.model.ModelInfo;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.regression.CellSolver;
import io.scorestream.regression.RidgeSolver;
import org.ejml.data.DMatrixRMaj;

import java.util.stream.IntStream;

/**
 * Online learner of a {@link ScoreModel} on a fixed {@link ModelStructure}: every absorbed batch
 * updates the statistics of every level (levels in parallel), and {@link #solve} turns the
 * current statistics into an immutable model at any time. The batch {@code fit} is this same
 * class fed the whole data set, so streaming and batch learning cannot drift apart.
 */
public final class ScoreLearner {
    /** A cell needs this many rows per feature for its own polynomial (else pooled affine). */
    public static final double MIN_ROWS_PER_FEATURE = 8.0;

    private final ModelStructure structure;
    private final LevelAccumulator[] levels;
    private final double ridge;
    private final ThreadLocal<LevelAccumulator.Workspace> workspaces = ThreadLocal.withInitial(LevelAccumulator.Workspace::new);
    private long absorbed;

    public ScoreLearner(ModelStructure structure, long noiseSeed, double forgetting, double ridge) {
        this.structure = structure;
        this.ridge = ridge;
        NoiseDraws noise = new NoiseDraws(noiseSeed);
        this.levels = new LevelAccumulator[structure.levelCount()];
        for (int j = 0; j < levels.length; j++) levels[j] = new LevelAccumulator(j, structure.level(j), noise, forgetting);
    }

    public ModelStructure structure() { return structure; }
    public long absorbed() { return absorbed; }
    public LevelAccumulator level(int j) { return levels[j]; }

    /** Absorbs raw (unstandardised) rows that sit at stream positions firstPosition, firstPosition+1, … */
    public void absorb(DMatrixRMaj rows, long firstPosition) {
        if (rows.numCols != structure.dimension())
            throw new IllegalArgumentException("samples have dimension " + rows.numCols + ", the model has " + structure.dimension());
        if (rows.numRows == 0) return;
        DMatrixRMaj x0 = new DMatrixRMaj(rows.numRows, rows.numCols);
        structure.standardiser().forward(rows, x0);
        int m = rows.numRows;
        IntStream.range(0, levels.length).parallel()
                .forEach(j -> levels[j].absorb(x0.data, m, firstPosition, workspaces.get()));
        absorbed += m;
    }

    /**
     * Adds another learner's statistics (same structure, disjoint samples) to these: what two
     * threads or nodes learned apart equals what one would have learned from all the samples.
     */
    public void merge(ScoreLearner other) {
        if (other.structure != structure && !(other.structure.version() == structure.version() && other.levels.length == levels.length))
            throw new IllegalArgumentException("cannot merge statistics of partition version " + other.structure.version() + " into " + structure.version());
        for (int j = 0; j < levels.length; j++)
            for (int c = 0; c < levels[j].cellCount(); c++) levels[j].cell(c).merge(other.levels[j].cell(c));
        absorbed += other.absorbed;
    }

    /** The model the statistics give now. */
    public ScoreModel solve(ModelInfo info) {
        int p = structure.level(0).featureCount();
        ThreadLocal<CellSolver> solvers = ThreadLocal.withInitial(() -> new RidgeSolver(p, ridge));
        LevelModel[] models = new LevelModel[levels.length];
        IntStream.range(0, levels.length).parallel()
                .forEach(j -> models[j] = levels[j].solve(solvers.get(), ridge, MIN_ROWS_PER_FEATURE));
        return new ScoreModel(structure.schedule(), structure.standardiser(), models, info);
    }

    public ScoreModel solve() {
        return solve(new ModelInfo(1, absorbed, structure.version(), System.currentTimeMillis(), ""));
    }
}
