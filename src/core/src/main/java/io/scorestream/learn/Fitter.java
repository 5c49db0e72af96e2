package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.ColumnSketches;
import io.scorestream.columns.Columns;
import io.scorestream.columns.LabelConditionals;
import io.scorestream.columns.LinearRelations;
import io.scorestream.columns.OrderRelations;
import io.scorestream.columns.RepeatedRows;
import io.scorestream.features.HermiteBasis;
import io.scorestream.model.ModelInfo;
import io.scorestream.model.LevelStructure;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Batch fitting: learn the column transforms and types from sketches of every row, plan the
 * partitions on a random reservoir of the data, then stream every row through a
 * {@link ScoreLearner} in chunks and solve. There is no separate batch algorithm: a small file's
 * records are drawn several times per level ({@link FitOptions#draws}), which a stream's learner
 * can do too.
 */
public final class Fitter {
    private static final int CHUNK = 2048;

    private Fitter() {}

    /** Rows the polynomial degree is judged on (a random subset when the data has more). */
    static final int JUDGED_ROWS = 16_384;

    public static ScoreModel fit(DMatrixRMaj data, FitOptions options, Consumer<String> progress) {
        int n = data.numRows, d = data.numCols;
        if (n < 2) throw new IllegalArgumentException("need at least 2 samples to fit, got " + n);
        ColumnSketches sketches = ColumnSketches.of(data);
        RepeatedRows repeated = RepeatedRowsChoice.choose(data, sketches, options.resolve(d, n), progress);
        DMatrixRMaj modelled = modelRows(data, repeated);
        // The structure is sized for the rows the cells learn, not for those generated as copies.
        int learned = Math.max(2, (int) Math.round(n * (1 - repeated.share())));
        FitOptions resolved = options.resolve(d, learned);
        ModelStructure structure = plan(data, sketches, modelled, repeated, resolved, progress);
        int draws = resolved.drawsFor(structure.levels(), learned);
        ScoreLearner learner = new ScoreLearner(structure, resolved.seed(), resolved.forgetting(), resolved.ridge(), 0, structure.levelCount(), draws);
        if (progress != null && draws > 1) progress.accept(draws + " noise draws per record and level (" + learned * (long) draws + " rows per level)");
        DMatrixRMaj chunk = new DMatrixRMaj(1, d);
        long lastReport = System.nanoTime();
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            chunk.reshape(rows, d);
            System.arraycopy(data.data, start * d, chunk.data, 0, rows * d);
            learner.absorb(chunk, start);
            if (progress != null && System.nanoTime() - lastReport > 2_000_000_000L) {
                progress.accept(String.format("absorbed %d / %d samples", start + rows, n));
                lastReport = System.nanoTime();
            }
        }
        int cellDimension = structure.split().rank();
        String description = cellDimension == d ? resolved.withDraws(draws).describe()
                : resolved.resolveForCells(cellDimension).withDraws(draws).describe() + " subspace=" + cellDimension;
        HermiteBasis basis = structure.levels()[0].features()[0].basis();
        if (basis.degree() != resolved.degree() && !resolved.chooseDegree())
            description += " judged: rank=" + basis.rank() + " degree=" + basis.degree();
        return learner.solve(new ModelInfo(1, n, structure.version(), System.currentTimeMillis(), description));
    }

    /**
     * The structure fit plans on rows: the row values they hold more than once ({@link
     * RepeatedRows}, when the options copy them), the column types learned from all rows and the
     * transforms from the rest, the structure chosen on a seeded random reservoir of the rest and
     * judged (the degree, a split's directions, the soft cells' mixture) on up to {@value
     * #JUDGED_ROWS} of them. A stream plans
     * its warm-up records with this too, so its structure is the one fit plans on those records.
     *
     * @param resolved already {@link FitOptions#resolve resolved}
     */
    public static ModelStructure plan(DMatrixRMaj rows, FitOptions resolved, Consumer<String> progress) {
        ColumnSketches sketches = ColumnSketches.of(rows);
        RepeatedRows repeated = RepeatedRowsChoice.choose(rows, sketches, resolved, progress);
        return plan(rows, sketches, modelRows(rows, repeated), repeated, resolved, progress);
    }

    /**
     * The plan on the rows the cells learn (those off the repeated values, or all rows when too
     * few are off them for a plan), its columns carrying the repeated values; the column types are
     * those of all rows, from their sketches (a copy's value is always one of its column's).
     */
    private static ModelStructure plan(DMatrixRMaj all, ColumnSketches allSketches, DMatrixRMaj rows, RepeatedRows repeated, FitOptions resolved,
                                       Consumer<String> progress) {
        ColumnSketches mapped = all == rows ? allSketches : ColumnSketches.of(rows);
        Columns columns = Columns.learn(allSketches, mapped, resolved.columns()).withRepeated(repeated);
        // The same seed draws both: the reservoir is the judged rows' first reservoir() rows.
        DMatrixRMaj judged = reservoir(rows, Math.max(resolved.reservoir(), JUDGED_ROWS), resolved.seed());
        // Exact linear relations (a total and its parts) are part of the columns' types: kept on output unless types are off.
        if (resolved.columns().learnTypes()) {
            columns = columns.withRelations(LinearRelations.find(judged));
            columns = columns.withOrders(OrderRelations.find(judged, columns.types(), orderless(columns, resolved)));
        }
        if (progress != null) {
            progress.accept(columns.summary());
            for (int j = 0; j < Math.min(rows.numCols, 12); j++) progress.accept(columns.describe(j));
            int relations = columns.relations().count();
            if (relations > 0) progress.accept(relations + (relations == 1 ? " exact linear relation" : " exact linear relations") + " among the columns, kept on output");
            int orders = columns.orders().count();
            if (orders > 0) progress.accept(orders + (orders == 1 ? " order" : " orders") + " every row keeps, kept on output: "
                    + String.join(", ", columns.orders().describe(java.util.List.of()).subList(0, Math.min(orders, 6))) + (orders > 6 ? ", …" : ""));
        }
        DMatrixRMaj planning = reservoir(rows, resolved.reservoir(), resolved.seed());
        ModelStructure structure = StructurePlanner.plan(planning, judged, columns, resolved, progress);
        LevelStructure lowest = structure.levels()[0];
        int searched = lowest.gates() != null ? lowest.cells() : 1;   // Voronoi cells: the search found one component
        FitOptions judging = judging(resolved, structure);
        if (lowest.gates() != null && MapsJudge.applies(resolved, rows.numRows, rows.numCols, structure.columns())) {
            MapsJudge.Choice maps = MapsJudge.choose(rows, structure.columns(), searched, judging);
            if (progress != null) progress.accept(maps.describe());
            // The affine maps fixed on the judged columns, the plan is made again on them: its K, the
            // dequantisation spread and the other columns' maps are the affine side's own.
            if (maps.affine())
                return plan(all, allSketches, rows, repeated, resolved.withColumns(resolved.columns().withTransformOf(maps.columns(), ColumnOptions.TransformChoice.AFFINE)), progress);
        }
        // The K search ran on the planning reservoir; a file of more rows is searched again on them
        // and a larger count kept where the samples gain by it. Before the shape is judged, which
        // it judges at the count kept.
        if (lowest.gates() != null && structure.split().isFull() && MoreRowsCount.applies(resolved, judged.numRows, planning.numRows, rows.numCols, searched, lowest.tiedGates())) {
            int chosen = MoreRowsCount.choose(judged, planning.numRows, structure.columns(), searched, lowest.tiedGates(), resolved, judging, progress);
            if (chosen != searched) {
                structure = StructurePlanner.plan(planning, judged, columns, resolved.withCellCount(chosen), progress);
                lowest = structure.levels()[0];
                searched = lowest.gates() != null ? lowest.cells() : 1;
                judging = judging.withTiedCells(lowest.tiedGates());
            }
        }
        if (lowest.gates() != null && CellShapeJudge.applies(resolved, rows.numRows, rows.numCols,
                structure.columns().oneHotGroups().length > 0, structure.split().rank())) {
            CellShapeJudge.Choice shape = CellShapeJudge.choose(rows, structure.columns(), searched, judging);
            if (progress != null) progress.accept(shape.describe());
            if (shape.kept() != null) {
                FitOptions alternative = CellShapeJudge.shape(resolved.unresolved(), rows.numCols, shape.kept()).resolve(rows.numCols, resolved.expectedSamples());
                // The soft cells' plan (subspace, K, transforms, mixture) turns on the rank, never on
                // the degree: a cubic of the same rank is this plan with the cubic's basis, where
                // planning again took a quarter of a fit (hourly-delay: 8 s of 35).
                ModelStructure judgedShape = alternative.rank() == resolved.rank() ? withDegree(structure, alternative.degree())
                        : StructurePlanner.plan(planning, judged, columns, alternative, progress);
                return withLabelLaws(judgedShape, all, planning, alternative, progress);
            }
        }
        if (CellCountJudge.applies(resolved, rows.numRows, rows.numCols, searched)) {
            CellCountJudge.Choice choice = CellCountJudge.choose(rows, structure.columns(), searched, judging);
            if (progress != null) progress.accept(choice.describe());
            if (choice.chosen() != searched) structure = StructurePlanner.plan(planning, judged, columns, resolved.withCellCount(choice.chosen()), progress);
        }
        return withLabelLaws(structure, all, planning, resolved, progress);
    }

    /**
     * The options of the judges' fits of a plan: every coordinate where the plan kept them all, and
     * its split's rank where it has one (a subspace check in each judged fit was half of its time in
     * 30 columns, PERFORMANCE.md §74, and most of it on a split of 40 columns, §87); the plan's
     * covariance kind; and each candidate planned as it is where kept ({@link FitOptions#forJudgedFits}).
     */
    static FitOptions judging(FitOptions resolved, ModelStructure structure) {
        FitOptions given = resolved.unresolved();
        return (structure.split().isFull() ? given.withAllCoordinates() : given.withSubspaceRank(structure.split().rank()))
                .withTiedCells(structure.levels()[0].tiedGates()).forJudgedFits();
    }

    /** The structure with every level's cells on a basis of this degree (and their rank). */
    private static ModelStructure withDegree(ModelStructure structure, int degree) {
        HermiteBasis basis = new HermiteBasis(structure.levels()[0].features()[0].basis().rank(), degree);
        return new ModelStructure(structure.schedule(), structure.columns(), DegreeChoice.withBasis(structure.levels(), basis),
                structure.version(), structure.recordSchema(), structure.split());
    }

    /** Columns no order is looked for in: labels (their indices have no order) and the columns of exact linear relations. */
    private static boolean[] orderless(Columns columns, FitOptions resolved) {
        int d = columns.dimension();
        int[] classes = resolved.columns().labelClasses(d);
        boolean[] out = new boolean[d];
        for (int j = 0; j < d; j++) out[j] = classes[j] >= 2 || columns.relations().involves(j);
        return out;
    }

    /**
     * The structure whose columns of three labels or more are drawn from their law given the other
     * columns, fitted on the planning rows (and on them as the structure's columns map them);
     * unchanged when no column holds such labels or types are not learned.
     *
     * <p>A column of two labels is read off the diffusion's axis as a 0/1 column is. The law exists
     * because sorted names put labels in an order their numbers do not have (General Electric
     * between Diamond Match and General Motors); two labels have no such order. And the law's forms
     * (logistic, a Gaussian per label) can miss a label's dependence on few-valued columns that the
     * diffusion keeps: on medpar (an admission type beside two integer columns) the law drew the
     * rarer type at 0.70 where the data hold 0.37 at one value, C2ST 0.596 against 0.520 read off
     * the axis (EM full 0.517); penguins-labels 0.530 and 0.532, autos 0.571 and 0.577 (QUALITY.md,
     * "Two labels read off the diffusion's axis").
     */
    private static ModelStructure withLabelLaws(ModelStructure structure, DMatrixRMaj all, DMatrixRMaj planning, FitOptions resolved, Consumer<String> progress) {
        int[] classes = resolved.columns().labelClasses(planning.numCols);
        for (int j = 0; j < classes.length; j++) if (classes[j] == 2) classes[j] = 0;
        if (!resolved.columns().learnTypes() || java.util.Arrays.stream(classes).allMatch(k -> k < 2)) return structure;
        Columns columns = structure.columns();
        DMatrixRMaj latent = new DMatrixRMaj(1, 1);
        columns.forward(planning, null, 0, latent);
        LabelConditionals laws = LabelConditionals.fit(planning, latent, all, classes, resolved.columns().labelNames(), resolved.seed(), progress);
        return new ModelStructure(structure.schedule(), columns.withLabels(laws), structure.levels(), structure.version(), structure.recordSchema(), structure.split());
    }

    /** Fewer rows off the repeated values than this, and the cells are planned on all rows (the copies then hold nearly all the mass). */
    static final int MIN_PLANNED_ROWS = 20;

    /** The rows the cells are planned on: those off the repeated values, unless fewer than {@value #MIN_PLANNED_ROWS}. */
    private static DMatrixRMaj modelRows(DMatrixRMaj rows, RepeatedRows repeated) {
        if (repeated.isEmpty()) return rows;
        DMatrixRMaj off = repeated.outside(rows, null, 0).rows();
        return off.numRows >= MIN_PLANNED_ROWS ? off : rows;
    }

    /** A uniformly random subset (in random order) of at most size rows. */
    public static DMatrixRMaj reservoir(DMatrixRMaj data, int size, long seed) {
        int n = data.numRows, d = data.numCols, m = Math.min(n, size);
        int[] index = new int[n];
        for (int i = 0; i < n; i++) index[i] = i;
        SplittableRandom rng = new SplittableRandom(seed ^ 0xA5A5_5A5AL);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = index[i]; index[i] = index[j]; index[j] = t;
        }
        DMatrixRMaj out = new DMatrixRMaj(m, d);
        for (int i = 0; i < m; i++) System.arraycopy(data.data, index[i] * d, out.data, i * d, d);
        return out;
    }
}
