package io.scorestream.learn;


import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.CellGates;
import io.scorestream.features.HermiteBasis;
import io.scorestream.features.PrincipalSubspace;
import io.scorestream.model.LevelModel;
import io.scorestream.model.LevelStructure;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.SubspaceSplit;
import io.scorestream.partition.GaussianCells;
import io.scorestream.partition.GreedyCover;
import io.scorestream.partition.KMeans;
import io.scorestream.partition.Partition;
import io.scorestream.regression.CellSolver;
import io.scorestream.regression.RidgeSolver;
import io.scorestream.schedule.GeometricSchedule;
import io.scorestream.schedule.TimeGrid;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static io.scorestream.columns.RowFigures.mean;
import static io.scorestream.columns.RowFigures.standardError;

/**
 * Derives every level's partition and feature maps from a reservoir of samples, from the largest
 * noise down — [GKL]'s warm start. Levels are grouped into bands within which the VE noise
 * variance τ at most halves. The top band has the single centre 0. For each next band, fresh
 * noisy reservoir samples at the last planned level are denoised with that level's fitted model
 * (Tweedie) and new centres are picked among them by greedy cover at a radius proportional to the
 * band's noise √τ, then polished by a few Lloyd steps. Cells therefore get finer as noise falls.
 */
public final class StructurePlanner {
    private static final long PLAN_SALT = 0x5EED_C0DEL;
    private static final int COVER_POINTS = 1024;
    private static final int LLOYD_STEPS = 3;
    /** Fewest reservoir rows on which cross-validation judges the column transforms. */
    private static final int MIN_JUDGED = 64;
    /** Reservoir rows a searched component needs at the least before a file's other rows are searched too (4 096 rows: 128 cells or more). */
    static final int ROWS_PER_SEARCHED_COMPONENT = 32;
    /** z of a one-sided test at 5 %: how many standard errors a held-out gain must reach to overturn a default. */
    private static final double SIGNIFICANT = 1.645;

    private StructurePlanner() {}

    /** @param options already {@link FitOptions#resolve resolved} */
    public static ModelStructure plan(DMatrixRMaj reservoir, FitOptions options, Consumer<String> progress) {
        return plan(reservoir, Columns.learn(reservoir, options.columns()), options, progress);
    }

    /** Plans on the reservoir in the latent coordinates of columns (learned beforehand, e.g. from all the data). */
    public static ModelStructure plan(DMatrixRMaj reservoir, Columns columns, FitOptions options, Consumer<String> progress) {
        return plan(reservoir, reservoir, columns, options, progress);
    }

    /**
     * As {@link #plan(DMatrixRMaj, Columns, FitOptions, Consumer)}, with the polynomial degree
     * judged on other rows (more than the reservoir: a degree judged on few rows is judged for a
     * smaller fit than the one that follows).
     */
    public static ModelStructure plan(DMatrixRMaj reservoir, DMatrixRMaj judged, Columns columns, FitOptions options, Consumer<String> progress) {
        int m = reservoir.numRows, d = reservoir.numCols;
        if (m < 2) throw new IllegalArgumentException("need at least 2 samples to plan a model, got " + m);
        DMatrixRMaj x = latent(reservoir, columns);
        // The soft cells in every coordinate, cross-validated only where the subspace choice keeps
        // every coordinate (they are then the model's cells). The choice itself compares against
        // the best of the same fits on their last fold alone: a quarter of the cost, and at
        // d = 768 the full cross-validation was most of the planning (PERFORMANCE.md §17).
        Supplier<GaussianCells.Choice> lastFold = lastFoldOnce(x, options);
        // Cells live in a principal subspace when the data say so (issue 16); below, x and d are its coordinates.
        int oneHot = 0;
        for (int[] group : columns.oneHotGroups()) oneHot += group.length;
        SubspaceChoice.Choice subspace = SubspaceChoice.keepingCategories(x, options, lastFold, oneHot);
        if (progress != null) progress.accept(subspace.describe());
        // Quantile maps bend each column on its own, which also bends a subspace the data lie near:
        // five factors seen through 40 columns, six of them quantile-mapped, asked for 11 directions
        // and 24 cells where the affine maps give 5 and 6 (C2ST 0.536 against 0.508). Where either
        // map's data choose a split, the maps are judged by the two structures' held-out likelihood.
        boolean transformsJudged = false;
        if (options.columns().transform() == ColumnOptions.TransformChoice.AUTO && m >= MIN_JUDGED && options.subspaceRank() == 0) {
            Columns alternative = columns.affineWhereSmooth(reservoir, options.columns());
            if (alternative != columns) {
                DMatrixRMaj y = latent(reservoir, alternative);
                Supplier<GaussianCells.Choice> affineFold = lastFoldOnce(y, options);
                SubspaceChoice.Choice other = SubspaceChoice.keepingCategories(y, options, affineFold, oneHot);
                if (!subspace.split().isFull() || !other.split().isFull()) {
                    transformsJudged = true;
                    if (progress != null) progress.accept("with affine maps, " + other.describe());
                    double[] shaped = inDataUnits(heldOut(subspace, lastFold, m), reservoir, columns);
                    double[] affine = inDataUnits(heldOut(other, affineFold, m), reservoir, alternative);
                    if (affineIsLikelier(shaped, affine, 0, 0, columns.mapParameters() / m, alternative.mapParameters() / m, progress)) { columns = alternative; x = y; subspace = other; }
                }
            }
        }
        SubspaceSplit split = subspace.split();
        // A kept split's directions are estimated again on the judged rows (16 384 where the data has
        // them) at the chosen rank: from the reservoir's 4 096 rows at d = 768 the top 24 directions
        // mix in enough of the complement's noise that the samples came out too narrow inside the true
        // subspace (QUALITY.md, "d = 768: where the 0.038 above the floor comes from"). O(rows·d·r).
        if (!split.isFull() && judged != reservoir && judged.numRows > m)
            split = SubspaceChoice.estimate(latent(judged, columns), split.rank(), options);
        if (!split.isFull()) {
            x = split.project(x);
            d = split.rank();
            options = options.resolveForCells(d);
        }
        TimeGrid schedule = new GeometricSchedule(options.levels(), options.minTime(), options.maxTime());
        HermiteBasis basis = new HermiteBasis(options.rank(), options.degree());
        int p = CellFeatureMap.size(d, basis);
        NoiseDraws planNoise = new NoiseDraws(options.seed() ^ PLAN_SALT);
        CellSolver solver = new RidgeSolver(p, options.ridge());
        LevelAccumulator.Workspace workspace = new LevelAccumulator.Workspace();
        SplittableRandom rng = new SplittableRandom(options.seed() ^ PLAN_SALT);

        Cells soft = null;
        if (options.cells() != FitOptions.CellKind.VORONOI) {   // a split's soft cells are a mixture in its subspace coordinates, x
            // How widely lattice columns are dequantised, judged before the maps are (the maps' check
            // compares candidates at one spread: its figure is a density at dequantised points).
            if (options.columns().transform() == ColumnOptions.TransformChoice.AUTO && m >= MIN_JUDGED && split.isFull()) {
                Columns spread = DequantisationChoice.choose(reservoir, columns, options, progress);
                if (spread != columns) { columns = spread; x = latent(reservoir, columns); }
            }
            // K is chosen first and the mixture fitted once, on the rows and columns finally kept.
            // Tied covariances are tried where the columns hold no exact linear relation (GaussianCells.crossValidate).
            boolean tiedAllowed = columns.relations().count() == 0;
            GaussianCells.CrossValidation mixture = crossValidated(x, options, tiedAllowed, progress);
            // The column transforms are judged here with mixtures in every coordinate, unless a split was in question above.
            boolean judgeTransforms = options.columns().transform() == ColumnOptions.TransformChoice.AUTO && m >= MIN_JUDGED && split.isFull() && !transformsJudged;
            Columns alternative = judgeTransforms ? columns.affineWhereSmooth(reservoir, options.columns()) : columns;
            boolean ruleKept = true, mixedRule = alternative != columns;
            if (alternative != columns) {
                // Auto's quantile maps bend skewed columns towards a Gaussian, which can also bend
                // a mixture's components; keep them only if the data is likelier with them.
                DMatrixRMaj y = latent(reservoir, alternative);
                GaussianCells.CrossValidation other = crossValidated(y, options, tiedAllowed, null);
                // Each side's maps learned again without the rows they are scored on (HeldOutMaps):
                // the mixtures' own held-out rows were mapped by maps read off them.
                double[][] heldOut = HeldOutMaps.logDensities(reservoir, columns, options.columns(), HeldOutMaps.Candidates.RULE_AGAINST_AFFINE, mixture, other, options.rank(), options.seed() ^ PLAN_SALT);
                if (affineIsLikelier(heldOut[0], heldOut[1], mixture.k(), other.k(), 0, 0, progress)) { columns = alternative; x = y; mixture = other; ruleKept = false; }
            }
            if (judgeTransforms && ruleKept) {
                // The rule's maps kept, or none an affine one could replace: where it left smooth
                // columns affine (light tails: a uniform column, a time stamp), quantile maps on those
                // columns are the alternative, judged with the kept side's K (a second K search only
                // if they win). Their maps are read off the reservoir, as the affine alternative's
                // moments are above.
                Columns shaped = columns.quantileWhereAffine(reservoir, options.columns());
                if (shaped != columns) {
                    double[][] heldOut = HeldOutMaps.logDensities(reservoir, columns, options.columns(),
                            mixedRule ? HeldOutMaps.Candidates.QUANTILE_EVERYWHERE_AGAINST_RULE : HeldOutMaps.Candidates.QUANTILE_EVERYWHERE_AGAINST_AFFINE,
                            mixture, mixture, options.rank(), options.seed() ^ PLAN_SALT);
                    if (quantileIsLikelier(heldOut[0], heldOut[1], mixture.k(), mixedRule ? "the rule's maps" : "affine", progress)) {
                        columns = shaped;
                        x = latent(reservoir, columns);
                        mixture = crossValidated(x, options, tiedAllowed, progress);
                    }
                }
            }
            // K is chosen on the reservoir; where fit has more rows (the judged ones, up to 16 384)
            // the chosen K's components are estimated on them, else on the reservoir. The cells are the score's
            // gates at every noise level: on `many` (2-D, 32 cells) components from 4 096 rows left
            // the learned score 0.005 of C2ST behind the exact one, at t from 0.01 to 1 where
            // neighbouring components merge; from 16 384 rows it is level with it (QUALITY.md,
            // "Behind EM in two dimensions"). One EM fit, a fraction of the K search's cost.
            // One component is one Gaussian: the Voronoi planner's cells, finer as the noise falls,
            // describe such data better than a single cell at every level.
            int k = mixture.k();
            // A search whose best K leaves fewer than ROWS_PER_SEARCHED_COMPONENT reservoir rows a
            // component was limited by the reservoir's rows, not by the data: where fit has more
            // rows it searches again on them (many200, 4 096 rows: 160 cells, C2ST 0.518; on 16 384
            // rows 256 cells, 0.505).
            boolean moreRowsHeld = options.cellCount() == FitOptions.AUTO && judged != reservoir && judged.numRows > m;
            if (moreRowsHeld && rowLimited(k, m)) {
                if (progress != null) progress.accept(String.format("%d cells leave %.0f of the reservoir's rows a component: the search again on %d rows", k, m / (double) k, judged.numRows));
                mixture = crossValidated(cellCoordinates(judged, columns, split), options, tiedAllowed, progress);
                k = mixture.k();
            } else if (moreRowsHeld && split.isFull() && rowLimited(k, m, x.numCols, options.rank(), mixture.covariance() == GaussianCells.Covariance.TIED)) {
                // Full covariances (each its own) need a row a parameter: the search climbs from the reservoir's K
                // on more rows while they are likelier (the ladder of a larger file's count, unjudged:
                // the reservoir could not estimate this count, let alone its neighbours).
                if (progress != null) progress.accept(String.format("%d full-rank cells leave %.0f of the reservoir's rows a component, %d needed: the search again on %d rows, from %d cells up",
                        k, m / (double) k, rowsPerSearchedComponent(x.numCols, options.rank()), judged.numRows, k));
                mixture = searchedFrom(judged, columns, options, k, false, m, progress);
                k = mixture.k();
            }
            if (k > 1 || options.cells() == FitOptions.CellKind.SOFT) {
                boolean moreRows = k > 1 && judged != reservoir && judged.numRows > m;
                GaussianCells fitted = GaussianCells.fit(moreRows ? cellCoordinates(judged, columns, split) : x, k, options.rank(), mixture.covariance(),
                        new SplittableRandom(options.seed() ^ PLAN_SALT));
                if (moreRows && progress != null) progress.accept(String.format("the %d cells' mixture estimated on %d rows", fitted.size(), judged.numRows));
                soft = Cells.soft(fitted);
            }
        }

        LevelStructure[] levels = new LevelStructure[schedule.size()];
        if (soft != null) {
            for (int j = 0; j < levels.length; j++) levels[j] = soft.structureAt(schedule.time(j), basis);
            if (progress != null) progress.accept(String.format("planned %d levels on %d soft cells", levels.length, soft.partition().size()));
            return new ModelStructure(schedule, columns, withChosenDegree(levels, judged == reservoir ? x : cellCoordinates(judged, columns, split), options, progress), 1, null, split);
        }
        Cells cells = Cells.of(Partition.single(d), x, options.rank());
        LevelModel above = null;
        int bands = 0;
        for (int top = schedule.size() - 1; top >= 0; ) {
            double tau = schedule.veVariance(top);
            int bottom = top;
            while (bottom > 0 && schedule.veVariance(bottom - 1) > tau / 2) bottom--;
            if (above != null) {
                DMatrixRMaj denoised = denoiseFresh(above, x, planNoise, m);
                cells = Cells.of(chooseCentres(denoised, options, Math.sqrt(tau), rng), denoised, options.rank());
            }
            for (int j = bottom; j <= top; j++) levels[j] = cells.structureAt(schedule.time(j), basis);
            if (bottom > 0) {
                LevelAccumulator fit = new LevelAccumulator(bottom, levels[bottom], planNoise, 1);
                fit.absorb(x.data, m, 0, workspace);
                above = fit.solve(solver, options.ridge(), ScoreLearner.MIN_ROWS_PER_FEATURE);
            }
            bands++;
            top = bottom - 1;
        }
        if (progress != null) progress.accept(String.format("planned %d levels in %d bands of Voronoi cells, %d cells at the lowest level",
                levels.length, bands, levels[0].cells()));
        return new ModelStructure(schedule, columns, withChosenDegree(levels, judged == reservoir ? x : cellCoordinates(judged, columns, split), options, progress), 1, null, split);
    }

    /** The planned levels with the polynomial degree the held-out denoising loss prefers, when the options leave it to the data. */
    private static LevelStructure[] withChosenDegree(LevelStructure[] levels, DMatrixRMaj x, FitOptions options, Consumer<String> progress) {
        if (!options.chooseDegree()) return levels;
        DegreeChoice.Choice choice = DegreeChoice.choose(x, levels, options.rank(), options.ridge(), options.drawsFor(levels, options.expectedSamples()), options.seed() ^ PLAN_SALT);
        if (progress != null) progress.accept(choice.describe());
        if (choice.degree() == options.degree()) return levels;
        return DegreeChoice.withBasis(levels, new HermiteBasis(options.rank(), choice.degree()));
    }

    private static DMatrixRMaj cellCoordinates(DMatrixRMaj raw, Columns columns, SubspaceSplit split) {
        DMatrixRMaj x = latent(raw, columns);
        return split.isFull() ? x : split.project(x);
    }

    private static DMatrixRMaj latent(DMatrixRMaj reservoir, Columns columns) {
        DMatrixRMaj x = new DMatrixRMaj(reservoir.numRows, reservoir.numCols);
        columns.forward(reservoir, null, 0, x);
        return x;
    }

    /**
     * Whether the affine maps are kept over the rule's quantile maps, from both structures' held-out
     * log densities in data units of the same rows, each less its charge per row: where the maps
     * were learned from the rows they are scored on (a subspace split's check), their parameters
     * per row ({@link Columns#mapParameters}, Akaike); where they were learned without them
     * ({@link HeldOutMaps}), nothing. The rule's maps stay unless the affine map is likelier by a
     * margin significant at 5 % (one-sided): the figure is a proxy (a Gaussian mixture's fit, not
     * the diffusion's), and on heavy tails (a t with 2 degrees of freedom) an affine map that won
     * by 0.035 ± 0.025 nats a row sampled worse (C2ST 0.531 against 0.515). Rows either side's
     * maps give no density at all (NaN: a value between two neighbouring point masses, whose cells
     * took their whole share) are left out of both: on glass five such rows, at some −690 nats a
     * column from the slope's floor, outvoted the 70 % of rows where the quantile maps were likelier
     * (median 4.3 nats), and the affine maps they chose sampled far worse (QUALITY.md). The samples
     * cannot show such a gap's emptiness to a classifier the way the floor shows it to a mean.
     */
    private static boolean affineIsLikelier(double[] shaped, double[] affine, int shapedCells, int affineCells,
                                            double shapedCharge, double affineCharge, Consumer<String> progress) {
        return otherMapsAreLikelier(shaped, affine, shapedCells, affineCells, shapedCharge, affineCharge, true, "affine", progress);
    }

    /**
     * The same judgement the other way round, where the rule left columns affine (light tails, no
     * point mass): quantile maps on every column replace the kept maps (affine throughout, or the
     * rule's mix, given as affine here) only if likelier by the same margin. A bounded column of
     * flat density (uniform rows, time stamps) has light tails, yet its edges are what a mixture's
     * cells in affine units approximate worst (5-D uniform box: C2ST 0.544 against EM's 0.532;
     * beside a skewed price, a month of time stamps: 0.543 against 0.529, QUALITY.md), and its
     * quantile map makes it one Gaussian.
     */
    private static boolean quantileIsLikelier(double[] shaped, double[] affine, int cells, String affineLabel, Consumer<String> progress) {
        return otherMapsAreLikelier(shaped, affine, cells, cells, 0, 0, false, affineLabel, progress);
    }

    /**
     * Whether the maps the rule did not choose (affine if quantileIsRule, else quantile) win by the
     * margin; one progress line, naming the affine side affineLabel ("affine", "the rule's maps").
     */
    private static boolean otherMapsAreLikelier(double[] shaped, double[] affine, int shapedCells, int affineCells, double shapedCharge,
                                                double affineCharge, boolean quantileIsRule, String affineLabel, Consumer<String> progress) {
        int[] scored = java.util.stream.IntStream.range(0, shaped.length).filter(i -> !Double.isNaN(shaped[i]) && !Double.isNaN(affine[i])).toArray();
        if (scored.length < 2) return false;   // nothing to judge on: the rule's maps stay
        double[] s = new double[scored.length], a = new double[scored.length];
        for (int k = 0; k < scored.length; k++) { s[k] = shaped[scored[k]]; a[k] = affine[scored[k]]; }
        double gain = (mean(a) - affineCharge) - (mean(s) - shapedCharge);
        if (!quantileIsRule) gain = -gain;
        double error = standardError(a, s);
        boolean switched = gain > SIGNIFICANT * error;
        int unscored = shaped.length - scored.length;
        String other = quantileIsRule ? affineLabel : "quantile maps";
        if (progress != null) progress.accept(String.format(
                "column transforms by held-out log-likelihood per row: quantile maps %.3f%s, %s %.3f%s (difference %.3f ± %.3f; %s need%s %.1f standard errors%s) -> %s",
                mean(s) - shapedCharge, cellCount(shapedCells), affineLabel, mean(a) - affineCharge, cellCount(affineCells),
                gain, error, other, quantileIsRule ? "s" : "", SIGNIFICANT,
                unscored == 0 ? "" : String.format("; %d of %d rows left out, between point masses where the maps give no density", unscored, shaped.length),
                switched == quantileIsRule ? affineLabel : "quantile maps"));
        return switched;
    }

    /** " (K = k)", the side's soft cells where its mixture was searched here (0: a split's choice, which says its own). */
    private static String cellCount(int k) { return k > 0 ? " (K = " + k + ")" : ""; }

    /**
     * Held-out log densities in data units: latent ones of the reservoir's last rows (all of them
     * when there are as many as rows) times the columns' Jacobian; NaN where the maps give a row
     * no density ({@link Columns#hasDensity}).
     */
    private static double[] inDataUnits(double[] latentLogLik, DMatrixRMaj raw, Columns columns) {
        double[] logLik = latentLogLik.clone();
        int first = raw.numRows - logLik.length;
        for (int i = 0; i < logLik.length; i++) logLik[i] = columns.logDensityInDataUnits(logLik[i], raw.data, (first + i) * raw.numCols, first + i);
        return logLik;
    }

    /** The chosen structure's held-out log-likelihoods of the reservoir's last quarter: the split's, or the mixture's in every coordinate. */
    private static double[] heldOut(SubspaceChoice.Choice choice, Supplier<GaussianCells.Choice> full, int m) {
        if (!choice.split().isFull()) return choice.splitHeldOut();
        return java.util.Arrays.copyOfRange(full.get().heldOutLogLikelihoods(), SubspaceChoice.heldOutFrom(m), m);
    }

    /** The best mixture in every coordinate of points on their last fold ({@link GaussianCells#chooseOnLastFold}), fitted once, on first use. */
    private static Supplier<GaussianCells.Choice> lastFoldOnce(DMatrixRMaj points, FitOptions options) {
        GaussianCells.Choice[] value = new GaussianCells.Choice[1];
        return () -> {
            if (value[0] == null) value[0] = GaussianCells.chooseOnLastFold(points, options.softCellLimit(), options.rank(), options.seed() ^ PLAN_SALT);
            return value[0];
        };
    }

    /**
     * Whether a search that found k cells of this rank in d coordinates on m reservoir rows was
     * limited by those rows (and runs again on more where there are): each component needs {@link
     * #rowsPerSearchedComponent} of them, or {@value #ROWS_PER_SEARCHED_COMPONENT} where they share
     * one covariance (tied).
     */
    static boolean rowLimited(int k, int m, int d, int rank, boolean tied) {
        return (long) k * (tied ? ROWS_PER_SEARCHED_COMPONENT : rowsPerSearchedComponent(d, rank)) > m;
    }

    /** Whether k cells leave fewer than {@value #ROWS_PER_SEARCHED_COMPONENT} of m reservoir rows a component: then every count is searched again on more rows. */
    static boolean rowLimited(int k, int m) { return (long) k * ROWS_PER_SEARCHED_COMPONENT > m; }

    /**
     * Reservoir rows a searched component needs: {@value #ROWS_PER_SEARCHED_COMPONENT}, or a row
     * for each parameter of a full covariance and its mean, d(d + 3)/2, where the cells have full
     * rank and that is more (from 7 coordinates). On 40 components of full covariances in 15
     * columns (135 parameters each) the reservoir's search stopped at 40 cells, 5 400 parameters on
     * 4 096 rows; searched on 16 384 rows it keeps 64, and full-rank cells sample at C2ST 0.511
     * against 0.559 (floor 0.502; QUALITY.md, "Forty components in 15 columns").
     */
    static int rowsPerSearchedComponent(int d, int rank) {
        return rank >= d ? Math.max(ROWS_PER_SEARCHED_COMPONENT, d * (d + 3) / 2) : ROWS_PER_SEARCHED_COMPONENT;
    }

    /**
     * The K search on more rows than the reservoir's (in every coordinate, the columns' latent
     * ones): from the reservoir's count up a ladder of counts each at least {@value
     * #MORE_ROWS_STEP} times the last (that a plan on m reservoir rows can fit: a fixed count is
     * planned there), with separate covariances where the reservoir's search kept them (both kinds
     * where it kept a tied one), stopping at the first count not likelier than the best. More
     * rows can hold more components than the reservoir's could tell from noise; whether the
     * samples gain by them, which the held-out likelihood does not say, {@link MoreRowsCount}
     * judges. The ladder and the one kind keep the search, which every file of more rows than the
     * reservoir pays, to a few fits (`many`: 32 cells, then 48).
     */
    static GaussianCells.CrossValidation searchedFrom(DMatrixRMaj rows, Columns columns, FitOptions options, int from, boolean tied, int m, Consumer<String> progress) {
        int[] counts = ladder(from, m, rows.numCols, options.softCellLimit());
        if (counts.length == 1) return new GaussianCells.CrossValidation(from, null, tied ? GaussianCells.Covariance.TIED : GaussianCells.Covariance.SEPARATE);
        return GaussianCells.crossValidate(latent(rows, columns), options.softCellLimit(), options.rank(), options.seed() ^ PLAN_SALT, counts,
                tied && columns.relations().count() == 0, 1, progress);
    }

    /** The counts {@link #searchedFrom} tries: from, then each candidate at least {@value #MORE_ROWS_STEP} times the last that m rows in d columns can fit. */
    static int[] ladder(int from, int m, int d, int maxCells) {
        java.util.List<Integer> out = new java.util.ArrayList<>(java.util.List.of(from));
        for (int k : GaussianCells.candidateCounts())
            if (k >= MORE_ROWS_STEP * out.get(out.size() - 1) && GaussianCells.searchable(m, d, k, maxCells)) out.add(k);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The least ratio of one count to the last on the ladder a larger file searches ({@link #searchedFrom}): counts nearer sample alike (a wave in 2-D: 80 and 96 cells, kernel scores within 1.1 standard errors). */
    static final double MORE_ROWS_STEP = 1.5;

    /**
     * The soft cells' K by cross-validation on points ({@link GaussianCells#crossValidate}) with
     * the planner's seed; where no fold could be held out, the figures are those of the K = 1 fit
     * on all points, as {@link GaussianCells#choose} gives them.
     */
    private static GaussianCells.CrossValidation crossValidated(DMatrixRMaj points, FitOptions options, boolean tiedAllowed, Consumer<String> progress) {
        // A count fixed by the caller (the whole model's judge, CellCountJudge) is the one candidate.
        // Its held-out figures serve only the column transforms' judge: where the transforms are
        // given, the search's four fold fits would be thrown away (the final fit has its own seed).
        // Its cells share one covariance where the plan it judges has them so (tied cells judged as
        // separate ones were not the plan's model: gapminder's count judge weighed 12–24 separate
        // cells for a plan of 20 tied ones).
        if (options.cellCount() != FitOptions.AUTO && options.columns().transform() != ColumnOptions.TransformChoice.AUTO) {
            int k = GaussianCells.searchable(points.numRows, points.numCols, options.cellCount(), options.softCellLimit()) ? options.cellCount() : 1;
            boolean tied = options.tiedCells() && tiedAllowed && GaussianCells.tiedPossible(k, points.numCols);
            return new GaussianCells.CrossValidation(k, null, tied ? GaussianCells.Covariance.TIED : GaussianCells.Covariance.SEPARATE);
        }
        int[] candidates = options.cellCount() == FitOptions.AUTO ? GaussianCells.candidateCounts() : new int[]{options.cellCount()};
        GaussianCells.CrossValidation chosen = GaussianCells.crossValidate(points, options.softCellLimit(), options.rank(), options.seed() ^ PLAN_SALT, candidates, tiedAllowed, progress);
        if (chosen.heldOutLogLikelihoods() != null) return chosen;
        GaussianCells all = GaussianCells.fit(points, chosen.k(), options.rank(), chosen.covariance(), new SplittableRandom(options.seed() ^ PLAN_SALT));
        return new GaussianCells.CrossValidation(chosen.k(), all.logLikelihoods(points), chosen.covariance());
    }

    /** Tweedie estimates E[x₀ | x_t] of the reservoir noised afresh at the given level. */
    private static DMatrixRMaj denoiseFresh(LevelModel model, DMatrixRMaj x0, NoiseDraws noise, long positionOffset) {
        int m = x0.numRows, d = x0.numCols;
        double a = model.structure().alpha(), s = model.structure().sigma();
        DMatrixRMaj xt = new DMatrixRMaj(m, d);
        double[] z = new double[d];
        int level = -1 - (int) Math.round(1e6 * model.time()); // a stream of draws no learner uses
        for (int i = 0; i < m; i++) {
            noise.fill(positionOffset + i, level, z, 0, d);
            for (int j = 0; j < d; j++) xt.data[i * d + j] = a * x0.data[i * d + j] + s * z[j];
        }
        DMatrixRMaj eps = new DMatrixRMaj(m, d);
        model.predictNoise(xt, eps);
        for (int i = 0; i < m * d; i++) xt.data[i] = (xt.data[i] - s * eps.data[i]) / a;
        return xt;
    }

    static Partition chooseCentres(DMatrixRMaj points, FitOptions options, double noiseScale, SplittableRandom rng) {
        int m = points.numRows, d = points.numCols;
        int coverRows = Math.min(m, COVER_POINTS);
        DMatrixRMaj sample = new DMatrixRMaj(coverRows, d);
        System.arraycopy(points.data, 0, sample.data, 0, coverRows * d);
        int[] picks = GreedyCover.select(sample, options.coverRadius() * noiseScale, options.maxCells());
        DMatrixRMaj centres;
        if (options.partition() == FitOptions.PartitionMethod.KMEANS) {
            centres = KMeans.lloyd(points, KMeans.plusPlus(points, picks.length, rng), 10);
        } else {
            centres = new DMatrixRMaj(picks.length, d);
            for (int c = 0; c < picks.length; c++) System.arraycopy(sample.data, picks[c] * d, centres.data, c * d, d);
            centres = KMeans.lloyd(points, centres, LLOYD_STEPS);
        }
        return dropSmallCells(centres, points, Math.max(4, m / (4 * options.maxCells())));
    }

    /** Removes centres whose cell holds fewer than minPoints points (their points go to neighbours). */
    private static Partition dropSmallCells(DMatrixRMaj centres, DMatrixRMaj points, int minPoints) {
        int[] counts = new int[centres.numRows];
        for (int c : new Partition(centres).assign(points)) counts[c]++;
        int kept = 0, d = centres.numCols;
        for (int count : counts) if (count >= minPoints) kept++;
        if (kept == counts.length || kept == 0) return new Partition(centres);
        DMatrixRMaj out = new DMatrixRMaj(kept, d);
        int row = 0;
        for (int c = 0; c < counts.length; c++)
            if (counts[c] >= minPoints) System.arraycopy(centres.data, c * d, out.data, (row++) * d, d);
        return new Partition(out);
    }

    /** A partition with each cell's principal subspace, in x₀ coordinates; soft cells carry their gates (the same at every level), Voronoi cells null. */
    private record Cells(Partition partition, PrincipalSubspace[] subspaces, CellGates gates) {
        /** Voronoi cells of the partition, with the spreads of the points each holds. */
        static Cells of(Partition partition, DMatrixRMaj points, int rank) {
            int k = partition.size();
            int[] cell = partition.assign(points);
            int[][] rows = new int[k][points.numRows];
            int[] counts = new int[k];
            for (int i = 0; i < cell.length; i++) rows[cell[i]][counts[cell[i]]++] = i;
            PrincipalSubspace[] subspaces = new PrincipalSubspace[k];
            for (int c = 0; c < k; c++) subspaces[c] = PrincipalSubspace.of(points, rows[c], counts[c], partition.centre(c), rank);
            return new Cells(partition, subspaces, null);
        }

        /** Soft cells: the components of a Gaussian mixture fitted to the data. */
        static Cells soft(GaussianCells mixture) {
            return new Cells(mixture.partition(), mixture.subspaces(), mixture.gates());
        }

        /** Feature maps at OU time t: centres scaled by a, spreads √(a²λ + s²). */
        LevelStructure structureAt(double t, HermiteBasis basis) {
            double a = Math.exp(-t), s2 = -Math.expm1(-2 * t);
            CellFeatureMap[] maps = new CellFeatureMap[partition.size()];
            for (int c = 0; c < maps.length; c++) {
                double[] centre = partition.centre(c);
                for (int j = 0; j < centre.length; j++) centre[j] *= a;
                double[] lambda = subspaces[c].variances();
                double[] scales = new double[lambda.length];
                for (int k = 0; k < scales.length; k++) scales[k] = Math.sqrt(a * a * lambda[k] + s2);
                maps[c] = new CellFeatureMap(centre, subspaces[c].directions(), scales, basis);
            }
            return new LevelStructure(t, partition, maps, gates);
        }
    }
}
