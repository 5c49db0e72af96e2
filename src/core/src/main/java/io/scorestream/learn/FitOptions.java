package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.HermiteBasis;
import io.scorestream.model.LevelStructure;

import java.util.function.Consumer;

/**
 * The learner's few parameters, with defaults that work without knowing the data: values left at
 * {@link #AUTO} are chosen from the dimension and sample count by {@link #resolve}, which also
 * validates everything once, at the edge. Immutable; each {@code withX} returns a changed copy.
 */
public final class FitOptions {
    public static final int AUTO = -1;

    public enum PartitionMethod {
        COVER, KMEANS;

        /** The method named in any letter case ("cover", "kmeans"), as the command line spells it. */
        public static PartitionMethod parse(String name) {
            for (PartitionMethod m : values()) if (m.name().equalsIgnoreCase(name)) return m;
            throw new IllegalArgumentException("unknown partition method '" + name + "'; known: cover, kmeans");
        }
    }

    /**
     * How a level's points are split between cell regressions: Voronoi cells (each point in its
     * nearest centre's cell, centres planned band by band, finer as the noise falls), soft cells
     * (the components of a Gaussian mixture fitted to the data, K by held-out likelihood, each
     * point shared by posterior weight), or, for auto, soft cells unless the held-out likelihood
     * finds a single component (one Gaussian), then Voronoi cells.
     */
    public enum CellKind {
        AUTO, VORONOI, SOFT;

        public static CellKind parse(String name) {
            for (CellKind k : values()) if (k.name().equalsIgnoreCase(name)) return k;
            throw new IllegalArgumentException("unknown cell kind '" + name + "'; known: auto, voronoi, soft");
        }
    }

    /**
     * Automatic draws give every level this many (x_t, noise) rows per feature of each of its cells
     * (the planned level with the most cells × features): a cell's least-squares error grows like
     * its features over its rows, and the noise target has unit variance however small the data.
     * One draw of 75 records left every cell on the pooled affine fallback (iris: C2ST 0.589
     * against 0.547 with 16 draws); a fixed 16 384 rows per level gave hourly-delay's 64 cells of
     * 19 features 14 rows a feature (C2ST 0.616 over four splits; 0.597 at 64) while iris's 2 cells
     * got 245. 32 cost quakes 0.022; 128 gained nothing (QUALITY.md, "Noise draws by the cells' features").
     */
    public static final int ROWS_PER_CELL_FEATURE = 64;
    /** At most this many automatic draws per record: past it the cost grows and the rows add little. */
    public static final int MAX_AUTO_DRAWS = 64;
    /** The default degree, and the one cells are planned with (and Voronoi bands warm-started with) when the data chooses it. */
    public static final int PLANNING_DEGREE = 2;

    /**
     * Most soft cells (mixture components) tried when max-cells is left automatic: the K search's
     * last candidate, so that the held-out likelihood, not the cap, ends the search on data of
     * many modes. Capped at 64, 100 clusters in 2-D took 64 cells and sampled at C2ST 0.529, with
     * the 96 their search then chose 0.515; capped at 128, 200 clusters took 128 and sampled at
     * 0.535, with the 160 they chose 0.515 (QUALITY.md, "Up to 256 soft cells").
     */
    public static final int SOFT_CELL_LIMIT = 256;

    // The default sampler's 30 steps (SamplingPlan): trained levels it would skip cost absorption
    // time and model bytes for nothing; first-order samplers refine between them (GridSpec).
    private int levels = 30;
    private double minTime = 2e-6;       // s = √(2t) ≈ 0.002 of the standardised scale
    private double maxTime = 10;         // e^{−t} ≈ 5e-5: pure noise
    private int degree = PLANNING_DEGREE; // Hermite degree of each cell's polynomial; AUTO: chosen by held-out denoising loss
    private boolean chooseDegree;        // resolved: the degree is the data's choice (planned at PLANNING_DEGREE)
    private int rank = AUTO;             // principal directions the polynomial spans: min(d, 4)
    private boolean shapeGiven;          // rank or degree given: the cells' shape is not judged (CellShapeJudge)
    private boolean allCoordinates;      // cells in every coordinate, no subspace split looked for (a judge's fits: the whole data's plan kept them all)
    private int subspaceRank;            // > 0: a subspace split of this rank, not looked for (a judge's fits: the whole data's plan's rank)
    private boolean judgedFit;           // a judge's fit of one candidate: planned as a kept candidate is planned, without the count judged again on more rows
    private int maxCells = AUTO;         // ≤ 32, and ≥ 32 samples per feature per cell
    private int reservoir = 4096;        // samples the partitions are planned on
    // Relative ridge λ (Λ_ii = λ·G_ii), kept small on purpose: shrinking ε̂ towards 0 is a bias
    // shared by every level that the sampler accumulates, while OLS noise is independent between
    // levels and averages out (measured: Cp-chosen ridges cut the low-noise score error 3× at
    // d = 64 but lost 14 nats of sample log-likelihood; see QUALITY.md).
    private double ridge = 1e-4;
    private double forgetting = 1;       // per-sample forgetting factor γ; 1 keeps everything
    private double coverRadius = 1;      // greedy-cover radius in units of the level's noise s/a
    private PartitionMethod partition = PartitionMethod.COVER;
    private CellKind cells = CellKind.AUTO;
    private int softCellLimit = AUTO;    // resolved: max-cells if given, else SOFT_CELL_LIMIT
    private int draws = AUTO;            // noise draws per record and level; AUTO: drawsFor the planned cells
    private int cellCount = AUTO;        // soft cells' count; AUTO: by cross-validation, then judged by the whole model (CellCountJudge)
    private boolean tiedCells;           // with a count fixed: the cells share one covariance, as the plan's they judge do
    private long seed = 0;               // seed of noise draws, reservoir and k-means++
    private ColumnOptions columns = ColumnOptions.DEFAULTS;   // column transforms and value types
    private FitOptions requested;        // before resolve: what a subspace split re-resolves from
    private long expectedSamples;

    private FitOptions() {}

    public static FitOptions defaults() { return new FitOptions(); }

    public int levels() { return levels; }
    public double minTime() { return minTime; }
    public double maxTime() { return maxTime; }
    public int degree() { return degree; }
    /** Whether the planner chooses the degree among {@link DegreeChoice#CANDIDATES} (resolved options: degree() is then the planning degree). */
    public boolean chooseDegree() { return chooseDegree; }
    public int rank() { return rank; }
    /** Whether the rank or the degree was given (then the cells' shape is the one given, not judged by the data). */
    public boolean shapeGiven() { return shapeGiven; }
    /** Whether the cells see every coordinate without a subspace split being looked for. */
    boolean allCoordinates() { return allCoordinates; }
    /** The rank of the subspace split the cells live in when it is given, not looked for (0: looked for). */
    int subspaceRank() { return subspaceRank; }
    /** Whether these are a judge's fit of one candidate, planned as the candidate is planned where it is kept ({@link MoreRowsCount} not run). */
    boolean judgedFit() { return judgedFit; }
    public int maxCells() { return maxCells; }
    public int reservoir() { return reservoir; }
    public double ridge() { return ridge; }
    public double forgetting() { return forgetting; }
    public double coverRadius() { return coverRadius; }
    public PartitionMethod partition() { return partition; }
    public CellKind cells() { return cells; }
    /** Most components the soft cells' mixture may have (resolved options only). */
    public int softCellLimit() { return softCellLimit == AUTO ? (maxCells == AUTO ? SOFT_CELL_LIMIT : maxCells) : softCellLimit; }
    public long seed() { return seed; }
    /** The soft cells' count fixed by a caller (the whole model's judge fits each candidate so), or {@link #AUTO}. */
    public int cellCount() { return cellCount; }
    /** Whether the cells of a count fixed by a caller share one covariance (the judges' fits of a plan whose cells do). */
    boolean tiedCells() { return tiedCells; }
    /** The options as given, before {@link #resolve}: what a fit of other rows resolves again from. */
    FitOptions unresolved() { return requested != null ? requested : this; }
    /** Noise draws per record and level as given, or {@link #AUTO}: then {@link #drawsFor} the planned cells. */
    public int draws() { return draws; }

    /**
     * Noise draws per record and level for a fit of this many records on these planned levels: the
     * given draws, or enough for {@value #ROWS_PER_CELL_FEATURE} rows per feature of each cell of
     * the level with the most cells × features, at most {@value #MAX_AUTO_DRAWS}.
     */
    public int drawsFor(LevelStructure[] levels, long samples) {
        return draws != AUTO ? draws : automaticDraws(levels, samples);
    }

    /** {@link #drawsFor} when draws are left automatic. */
    public static int automaticDraws(LevelStructure[] levels, long samples) {
        long cellFeatures = 0;
        for (LevelStructure level : levels) cellFeatures = Math.max(cellFeatures, (long) level.cells() * level.featureCount());
        long rows = ROWS_PER_CELL_FEATURE * cellFeatures, n = Math.max(1, samples);
        return (int) Math.max(1, Math.min(MAX_AUTO_DRAWS, (rows + n - 1) / n));
    }
    public ColumnOptions columns() { return columns; }
    /** The record count these options were resolved for (0 before resolve). */
    long expectedSamples() { return expectedSamples; }

    public FitOptions withLevels(int v) { return with(o -> o.levels = v); }
    public FitOptions withTimeRange(double min, double max) { return with(o -> { o.minTime = min; o.maxTime = max; }); }
    public FitOptions withDegree(int v) { return with(o -> { o.degree = v; o.shapeGiven = true; }); }
    public FitOptions withRank(int v) { return with(o -> { o.rank = v; o.shapeGiven = true; }); }
    public FitOptions withMaxCells(int v) { return with(o -> o.maxCells = v); }
    public FitOptions withReservoir(int v) { return with(o -> o.reservoir = v); }
    public FitOptions withRidge(double v) { return with(o -> o.ridge = v); }
    public FitOptions withForgetting(double v) { return with(o -> o.forgetting = v); }
    public FitOptions withCoverRadius(double v) { return with(o -> o.coverRadius = v); }
    public FitOptions withPartition(PartitionMethod v) { return with(o -> o.partition = v); }
    public FitOptions withCells(CellKind v) { return with(o -> o.cells = v); }
    public FitOptions withSeed(long v) { return with(o -> o.seed = v); }
    public FitOptions withDraws(int v) { return with(o -> o.draws = v); }
    /** These options with the soft cells' count fixed at k (no search, no judge). */
    FitOptions withCellCount(int k) { return with(o -> { o.cellCount = k; if (o.requested != null) o.requested = o.requested.withCellCount(k); }); }
    /** These options with the cells of a fixed count sharing one covariance, or each its own (the judges' fits take the plan's kind). */
    FitOptions withTiedCells(boolean tied) { return with(o -> { o.tiedCells = tied; if (o.requested != null) o.requested = o.requested.withTiedCells(tied); }); }
    public FitOptions withColumns(ColumnOptions v) { return with(o -> o.columns = v); }
    /** These options with the cells in every coordinate, no subspace split looked for (the judges' fits, where the whole data's plan kept every coordinate). */
    FitOptions withAllCoordinates() { return with(o -> { o.allCoordinates = true; if (o.requested != null) o.requested = o.requested.withAllCoordinates(); }); }
    /**
     * These options with the cells in a subspace split of rank r, its directions estimated on the
     * rows but the rank not looked for (the judges' fits, where the whole data's plan chose it).
     */
    FitOptions withSubspaceRank(int r) { return with(o -> { o.subspaceRank = r; if (o.requested != null) o.requested = o.requested.withSubspaceRank(r); }); }
    /**
     * These options as a judge's fits take them. Such a fit plans its candidate as {@link Fitter}
     * plans a kept candidate: a kept shape of its own count (full rank) is planned on the
     * reservoir's search, so its judged fits are too, not searched again on more rows and judged
     * there (a judge inside a judge: two thirds of each full-rank fit's time on 6 000 rows).
     */
    FitOptions forJudgedFits() { return with(o -> { o.judgedFit = true; if (o.requested != null) o.requested = o.requested.forJudgedFits(); }); }

    private FitOptions with(Consumer<FitOptions> change) {
        FitOptions copy = new FitOptions();
        copy.levels = levels; copy.minTime = minTime; copy.maxTime = maxTime; copy.degree = degree;
        copy.rank = rank; copy.maxCells = maxCells; copy.reservoir = reservoir; copy.ridge = ridge;
        copy.forgetting = forgetting; copy.coverRadius = coverRadius;
        copy.partition = partition; copy.seed = seed; copy.columns = columns;
        copy.requested = requested; copy.expectedSamples = expectedSamples;
        copy.cells = cells; copy.softCellLimit = softCellLimit; copy.draws = draws; copy.chooseDegree = chooseDegree; copy.cellCount = cellCount; copy.tiedCells = tiedCells;
        copy.shapeGiven = shapeGiven; copy.allCoordinates = allCoordinates; copy.subspaceRank = subspaceRank; copy.judgedFit = judgedFit;
        change.accept(copy);
        return copy;
    }

    /** Checks every value that does not depend on the data (all but the rank's upper bound); returns this. */
    public FitOptions validate() {
        require(levels >= 2, "levels must be at least 2, got " + levels);
        require(minTime > 0 && maxTime > minTime, "need 0 < min-time < max-time, got " + minTime + ", " + maxTime);
        require(degree == AUTO || (degree >= 1 && degree <= 6), "degree must be 1..6, got " + degree);
        require(rank == AUTO || rank >= 0, "rank must be at least 0, got " + rank);
        require(maxCells == AUTO || maxCells >= 1, "max-cells must be at least 1, got " + maxCells);
        require(reservoir >= 16, "reservoir must be at least 16, got " + reservoir);
        require(ridge > 0 && ridge < 1, "ridge must be in (0, 1), got " + ridge);
        require(forgetting > 0 && forgetting <= 1, "forgetting factor must be in (0, 1], got " + forgetting);
        require(coverRadius > 0, "cover radius must be positive, got " + coverRadius);
        require(draws == AUTO || (draws >= 1 && draws <= 1024), "draws must be 1..1024, got " + draws);
        return this;
    }

    /** Checks every value and fills in the automatic ones for data of this dimension and size. */
    public FitOptions resolve(int dimension, long expectedSamples) {
        validate();
        require(rank == AUTO || rank <= dimension, "rank must be 0.." + dimension + " for data of dimension " + dimension + ", got " + rank);
        int r = rank == AUTO ? Math.min(dimension, 4) : rank;
        boolean choose = degree == AUTO;
        int g = choose ? PLANNING_DEGREE : degree;
        int p = CellFeatureMap.size(dimension, new HermiteBasis(r, g));
        // Each cell should see ~32 samples per feature: at d = 64 (75 features) 32 cells of ~600
        // samples left the affine fits noisy (C2ST 0.546 vs floor 0.506); 8 cells gave 0.514.
        int voronoi = maxCells != AUTO ? maxCells : (int) Math.max(1, Math.min(32, expectedSamples / (32L * p)));
        int soft = maxCells != AUTO ? maxCells : SOFT_CELL_LIMIT;
        FitOptions original = requested != null ? requested : this;
        return with(o -> { o.degree = g; o.chooseDegree = choose; o.rank = r; o.maxCells = voronoi; o.softCellLimit = soft; o.requested = original; o.expectedSamples = expectedSamples; });
    }

    /**
     * These (resolved) options resolved again for cells that see only cellDimension coordinates, a
     * subspace split's rank: the automatic rank and cell count then follow the cells' feature count,
     * and a requested rank above the subspace's is capped at it.
     */
    public FitOptions resolveForCells(int cellDimension) { return resolveForCells(cellDimension, expectedSamples); }

    /** As {@link #resolveForCells(int)}, for this many samples. */
    public FitOptions resolveForCells(int cellDimension, long samples) {
        if (requested == null) throw new IllegalStateException("resolve the options before re-resolving them");
        FitOptions base = requested.rank > cellDimension ? requested.withRank(cellDimension) : requested;
        return base.resolve(cellDimension, samples);
    }

    /** One line for logs and model files. */
    public String describe() {
        return String.format("levels=%d degree=%s rank=%d maxCells=%d cells=%s ridge=%g partition=%s reservoir=%d draws=%s seed=%d %s",
                levels, degree == AUTO || chooseDegree ? "auto" : Integer.toString(degree), rank, maxCells, cells.name().toLowerCase(), ridge, partition.name().toLowerCase(), reservoir,
                draws == AUTO ? "auto" : Integer.toString(draws), seed, columns.describe());
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
