package io.scorestream.learn;

import io.scorestream.columns.RepeatedRows;
import io.scorestream.features.CellGates;
import io.scorestream.model.LevelModel;
import io.scorestream.model.LevelStructure;
import io.scorestream.model.ModelInfo;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.regression.CellSolver;
import io.scorestream.regression.CellStatistics;
import io.scorestream.regression.RidgeSolver;
import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Online learner of a {@link ScoreModel} on a fixed {@link ModelStructure}: every absorbed batch
 * updates the statistics of every level it owns (in parallel), and {@link #solve} turns the
 * current statistics into an immutable model at any time. The batch {@code fit} is this same
 * class fed the whole data set, so streaming and batch learning cannot drift apart.
 *
 * <p>A learner may own only a band of levels [first, first + count): several such learners (on
 * several actors or nodes) together make one model, each fed every sample.
 *
 * <p>Each record may be drawn R times per level ({@code draws}): draw r of the record at stream
 * position i uses the noise (and dequantisation) of position i + r·2⁴⁰, and every draw's row has
 * weight 1/R, so a record still weighs one in every level's statistics. More draws do not change
 * what is estimated, only how noisily: the target ε has unit variance at every level.
 *
 * <p>A stream's learner draws a record as its {@link DrawSchedule} says (fit's automatic draws for
 * each partition's first warm-up records, one after), through {@link #cellRows}, which its
 * partitioner or partition state computes once for all its bands.
 *
 * <p>A cell gets its own polynomial when it holds {@link #MIN_ROWS_PER_FEATURE} rows a feature,
 * counted at R rows a record. A stream's learner counts a record as the rows {@code fit}'s
 * automatic draws would give the records absorbed so far, so that on the same records it sends the
 * same cells to the pooled fit as {@code fit} does: counted at one row a record, a 4 000-record
 * stream pooled cells that {@code fit} kept and generated a cluster at 0.365 of the records where
 * the data and {@code fit} have 0.41 (RELIABILITY.md, "A streamed category's share below the
 * data's").
 */
public final class ScoreLearner {
    /** A cell needs this many rows per feature for its own polynomial (else pooled affine). */
    public static final double MIN_ROWS_PER_FEATURE = 8.0;

    private final ModelStructure structure;
    private final int first;
    private final LevelAccumulator[] levels;
    private final double ridge;
    private final int draws;
    /** The draws a record's rows are counted at when solving; 0: fit's automatic draws for the records absorbed. */
    private final int countedDraws;
    /** A stream's learner's draws by a record's offset ({@link #cellRows}); null for fit's, every record {@code draws} times. */
    private final DrawSchedule schedule;
    private final double forgetting;
    /** The gates of clean samples when every level of this learner has the same soft cells, else null. */
    private final CellGates.Evaluator sharedCleanGates;
    private final CleanShares cleanShares = new CleanShares();
    private final ThreadLocal<LevelAccumulator.Workspace> workspaces = ThreadLocal.withInitial(LevelAccumulator.Workspace::new);
    private long absorbed;

    public ScoreLearner(ModelStructure structure, long noiseSeed, double forgetting, double ridge) {
        this(structure, noiseSeed, forgetting, ridge, 0, structure.levelCount());
    }

    /** A stream's learner of one draw a record, its rows counted as fit's automatic draws would give them. */
    public ScoreLearner(ModelStructure structure, long noiseSeed, double forgetting, double ridge, int first, int count) {
        this(structure, noiseSeed, forgetting, ridge, first, count, DrawSchedule.ONE);
    }

    /** A stream's learner: a record's draws by its offset (the schedule), its rows counted as fit's automatic draws would give them. */
    public ScoreLearner(ModelStructure structure, long noiseSeed, double forgetting, double ridge, int first, int count, DrawSchedule schedule) {
        this(structure, noiseSeed, forgetting, ridge, first, count, 1, 0, java.util.Objects.requireNonNull(schedule));
    }

    /** A learner of the given draws a record (fit's), its rows counted at those draws. */
    public ScoreLearner(ModelStructure structure, long noiseSeed, double forgetting, double ridge, int first, int count, int draws) {
        this(structure, noiseSeed, forgetting, ridge, first, count, draws, draws, null);
    }

    private ScoreLearner(ModelStructure structure, long noiseSeed, double forgetting, double ridge, int first, int count, int draws, int countedDraws,
                         DrawSchedule schedule) {
        if (draws < 1) throw new IllegalArgumentException("draws must be at least 1, got " + draws);
        if (first < 0 || count < 1 || first + count > structure.levelCount())
            throw new IllegalArgumentException("levels " + first + ".." + (first + count - 1) + " are not within 0.." + (structure.levelCount() - 1));
        this.structure = structure;
        this.first = first;
        this.ridge = ridge;
        this.draws = draws;
        this.countedDraws = countedDraws;
        this.schedule = schedule;
        this.forgetting = forgetting;
        this.sharedCleanGates = sharedCleanGates(structure, first, count);
        NoiseDraws noise = new NoiseDraws(noiseSeed);
        this.levels = new LevelAccumulator[count];
        for (int j = 0; j < count; j++) levels[j] = new LevelAccumulator(first + j, structure.level(first + j), noise, forgetting);
    }

    /** A draw's positions are the record's shifted by this (far beyond any stream's length). */
    public static final long DRAW_STRIDE = 1L << 40;

    public ModelStructure structure() { return structure; }
    public int draws() { return draws; }
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

    private void absorb(DMatrixRMaj all, long[] allPositions, long allFirst) {
        if (all.numCols != structure.dimension())
            throw new IllegalArgumentException("samples have dimension " + all.numCols + ", the model has " + structure.dimension());
        if (schedule != null) {
            // A stream's learner: the rows its partitioner or partition state would hand it.
            long[] positions = allPositions;
            if (positions == null) {
                positions = new long[all.numRows];
                for (int i = 0; i < positions.length; i++) positions[i] = allFirst + i;
            }
            absorbCellRows(cellRows(structure, schedule, all, positions));
            return;
        }
        // Rows on a repeated value are its copies' share, not the model's (explicit positions only then).
        RepeatedRows repeated = structure.columns().repeated();
        DMatrixRMaj rows = all;
        long[] positions = allPositions;
        long firstPosition = allFirst;
        if (!repeated.isEmpty()) {
            RepeatedRows.Rows kept = repeated.outside(all, allPositions, allFirst);
            rows = kept.rows();
            positions = kept.positions();
            firstPosition = 0;
        }
        if (rows.numRows == 0) return;
        int m = rows.numRows, d = rows.numCols;
        DMatrixRMaj x0 = new DMatrixRMaj(m, d);
        // A split structure's cells see only y = Ux: their noise z projects to Uz ~ N(0, I_r), which
        // the levels draw directly; the complement's Gaussian is fixed with the structure.
        DMatrixRMaj cells = structure.split().isFull() ? x0 : new DMatrixRMaj(m, structure.split().rank());
        long[] shifted = positions == null ? null : new long[m];
        for (int r = 0; r < draws; r++) {
            long shift = r * DRAW_STRIDE, firstOfDraw = firstPosition + shift;
            if (positions != null) for (int i = 0; i < m; i++) shifted[i] = positions[i] + shift;
            structure.columns().forward(rows, shifted, firstOfDraw, x0);
            if (cells != x0) structure.split().project(x0, cells);
            absorbDraw(cells, shifted, firstOfDraw, null, r == 0);
        }
        absorbed += m;
    }

    /**
     * Rows already in the cells' coordinates into every level of this learner: one draw of m
     * records (stacked null), or a stream's stacked draws (their weights and records).
     */
    private void absorbDraw(DMatrixRMaj cells, long[] shifted, long firstOfDraw, CellRows stacked, boolean decay) {
        int m = cells.numRows;
        CleanShares shares = sharedCleanGates == null ? null
                : CleanShares.computeInParallel(sharedCleanGates, cells.data, m, cells.numCols, structure.level(first).cells(), cleanShares);
        IntStream.range(0, levels.length).parallel().forEach(j -> {
            if (stacked == null) levels[j].absorb(cells.data, m, shifted, firstOfDraw, 1.0 / draws, shares, decay, workspaces.get());
            else levels[j].absorbStacked(cells.data, m, shifted, stacked.weights(), stacked.records(), stacked.recordCount(), shares, workspaces.get());
        });
    }

    /**
     * Rows in the cells' coordinates and the stream positions (noise keys) they came from. A
     * record drawn several times is several rows ({@link DrawSchedule}): then row i has weight
     * weights[i] (1/draws) and is a draw of record records[i] of the batch's recordCount; for one
     * draw a record weights and records are null and the rows are the records.
     */
    public record CellRows(DMatrixRMaj cells, long[] positions, double[] weights, int[] records, int recordCount) {
        public CellRows(DMatrixRMaj cells, long[] positions) { this(cells, positions, null, null, cells.numRows); }
    }

    /** {@link #cellRows(ModelStructure, DrawSchedule, DMatrixRMaj, long[])} of one draw a record. */
    public static CellRows cellRows(ModelStructure structure, DMatrixRMaj all, long[] allPositions) {
        return cellRows(structure, DrawSchedule.ONE, all, allPositions);
    }

    /**
     * Raw rows as the cells see them: those not on a repeated row value (see {@link RepeatedRows}),
     * through the column transforms (with the dequantisation noise of each row's stream position),
     * then, for a split structure, projected onto its subspace (r of the d columns); a record the
     * schedule draws R times is R rows, draw r at its position + r·{@link #DRAW_STRIDE}. This is the
     * d-dimensional part of a stream's learning: the bands of one structure (a stream's band
     * actors, a node's partition learners) compute it once per batch and each hand it to
     * {@link #absorbCellRows}, instead of every band repeating it.
     */
    public static CellRows cellRows(ModelStructure structure, DrawSchedule schedule, DMatrixRMaj all, long[] allPositions) {
        if (all.numCols != structure.dimension())
            throw new IllegalArgumentException("samples have dimension " + all.numCols + ", the model has " + structure.dimension());
        if (allPositions.length != all.numRows) throw new IllegalArgumentException(allPositions.length + " positions for " + all.numRows + " rows");
        RepeatedRows.Rows kept = structure.columns().repeated().outside(all, allPositions, 0);
        DMatrixRMaj rows = kept.rows();
        long[] positions = kept.positions();
        int m = rows.numRows, d = rows.numCols, most = 1, stacked = 0;
        int[] draws = new int[m];
        for (int i = 0; i < m; i++) {
            draws[i] = schedule.at(positions[i]);
            most = Math.max(most, draws[i]);
            stacked += draws[i];
        }
        DMatrixRMaj x0 = new DMatrixRMaj(m, d);
        structure.columns().forward(rows, positions, 0, x0);
        DMatrixRMaj firstDraw = structure.split().project(x0);
        if (most == 1) return new CellRows(firstDraw, positions);
        int r = firstDraw.numCols;
        DMatrixRMaj cells = new DMatrixRMaj(stacked, r);
        long[] keys = new long[stacked];
        double[] weights = new double[stacked];
        int[] records = new int[stacked];
        System.arraycopy(firstDraw.data, 0, cells.data, 0, m * r);
        for (int i = 0; i < m; i++) {
            keys[i] = positions[i];
            weights[i] = 1.0 / draws[i];
            records[i] = i;
        }
        int at = m;
        for (int draw = 1; draw < most; draw++) {
            int count = 0;
            for (int i = 0; i < m; i++) if (draws[i] > draw) count++;
            DMatrixRMaj some = new DMatrixRMaj(count, d), someX0 = new DMatrixRMaj(count, d);
            long[] someKeys = new long[count];
            for (int i = 0, k = 0; i < m; i++) {
                if (draws[i] <= draw) continue;
                System.arraycopy(rows.data, i * d, some.data, k * d, d);
                someKeys[k] = positions[i] + draw * DRAW_STRIDE;
                keys[at + k] = someKeys[k];
                weights[at + k] = 1.0 / draws[i];
                records[at + k] = i;
                k++;
            }
            structure.columns().forward(some, someKeys, 0, someX0);
            System.arraycopy(structure.split().project(someX0).data, 0, cells.data, at * r, count * r);
            at += count;
        }
        return new CellRows(cells, keys, weights, records, m);
    }

    /**
     * Absorbs rows made by {@link #cellRows} for this learner's structure: a stream's learner's
     * statistics of those raw rows. A learner of fit's R draws a record transforms each draw's rows
     * itself and takes no cell rows.
     */
    public void absorbCellRows(CellRows rows) {
        if (schedule == null && draws != 1) throw new IllegalStateException("cell rows for a learner of " + draws + " draws per record");
        DMatrixRMaj cells = rows.cells();
        if (cells.numCols != structure.split().rank())
            throw new IllegalArgumentException("cell rows have " + cells.numCols + " columns, this structure's cells have " + structure.split().rank());
        if (rows.positions().length != cells.numRows) throw new IllegalArgumentException(rows.positions().length + " positions for " + cells.numRows + " rows");
        if (cells.numRows == 0) return;
        absorbDraw(cells, rows.positions(), 0, rows.weights() == null ? null : rows, true);
        absorbed += rows.recordCount();
    }

    /** {@link #absorbCellRows(CellRows)} of one draw a record. */
    public void absorbCellRows(DMatrixRMaj cells, long[] positions) { absorbCellRows(new CellRows(cells, positions)); }

    /** The clean gates if levels first..first+count−1 all have the same soft cells (as the planner makes them), else null. */
    private static CellGates.Evaluator sharedCleanGates(ModelStructure structure, int first, int count) {
        LevelStructure top = structure.level(first);
        if (!top.soft()) return null;
        for (int j = first + 1; j < first + count; j++) {
            LevelStructure level = structure.level(j);
            if (!level.soft() || !sameCleanGates(top, level)) return null;
        }
        return top.cleanGates();
    }

    private static boolean sameCleanGates(LevelStructure a, LevelStructure b) {
        if (a.gates() != b.gates() && !(Arrays.equals(a.gates().logWeights(), b.gates().logWeights())
                && Arrays.equals(a.gates().variances(), b.gates().variances()) && Arrays.equals(a.gates().residuals(), b.gates().residuals())))
            return false;
        if (!Arrays.equals(a.partition().centres().data, b.partition().centres().data)) return false;
        for (int c = 0; c < a.cells(); c++)
            if (!Arrays.equals(a.features()[c].directions().data, b.features()[c].directions().data)) return false;
        return true;
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
        int counted = countedDraws();
        IntStream.range(0, levels.length).parallel()
                .forEach(j -> models[j] = levels[j].solve(solvers.get(), ridge, MIN_ROWS_PER_FEATURE / counted));
        return models;
    }

    /** The draws a record's rows are counted at when solving now (see the class comment). */
    public int countedDraws() {
        if (countedDraws > 0) return countedDraws;
        // Under forgetting the statistics hold about 1/(1 − γ) records' weight, however many came.
        long records = forgetting < 1 ? Math.min(absorbed, Math.round(1 / (1 - forgetting))) : absorbed;
        return FitOptions.automaticDraws(structure.levels(), records);
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
