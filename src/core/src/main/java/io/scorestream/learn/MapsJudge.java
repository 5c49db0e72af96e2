package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.columns.MarginCalibration;
import io.scorestream.columns.RepeatedRows;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import org.ejml.data.DMatrixRMaj;

/**
 * The maps of count and other lattice columns judged by the whole model's samples against rows it
 * did not see. The planner keeps a column's quantile map or an affine one by a Gaussian mixture's
 * held-out likelihood ({@link StructurePlanner}, {@link HeldOutMaps}). On lattice columns that
 * proxy and the samples can disagree: on a mixture of four Poisson clusters in eight columns the
 * mixture on the quantile maps is 0.53 nats a row likelier (and still 0.33 likelier scored by the
 * mass of each held-out row's rounded cell), while the model's samples on the affine maps are far
 * closer to the data (C2ST 0.517 against 0.550; QUALITY.md, "Count columns' maps judged by the
 * samples"). On other count data the quantile maps sample better (negative binomial counts: 0.540
 * against 0.574), so neither map is a rule.
 *
 * <p>So where the plan keeps a quantile map on a lattice column, each set of maps (the plan's, and
 * the same with affine maps on those columns) has a model fitted, in its latent coordinates, on
 * three quarters of up to {@value #MAX_ROWS} rows, at the plan's cell count; its samples, put back
 * into data units by its maps and types, face the fourth quarter in a classifier two-sample test,
 * each quarter held out once, both on the same rows ({@link PairedAccuracies}). The affine maps
 * replace the plan's only where their accuracy is lower by {@value #SIGNIFICANT} standard errors
 * of the paired difference (5 % one-sided): where the two are level the plan stays.
 *
 * <p>Two fits and two samples per quarter, about two to three times a fit's time on such files,
 * half of it where the affine maps can no longer win after two quarters ({@link Curtailment}): it
 * runs on files of {@value #MIN_ROWS} rows or more in at most {@value #MAX_DIMENSION} columns,
 * none of them labels, with the transforms left to the data.
 */
final class MapsJudge {
    /** Fewest rows: with 2 000 the paired difference's standard error is about 0.011, a third of the gain it was built for. */
    static final int MIN_ROWS = 2000;
    /** Rows the judge fits on at most. */
    static final int MAX_ROWS = 8000;
    static final int MAX_DIMENSION = 32;
    private static final int FOLDS = 4;
    /** z of a one-sided test at 5 %. */
    static final double SIGNIFICANT = 1.645;
    private static final long SPLIT_SALT = 0x3A95_C011L;
    private static final long SAMPLE_SALT = 0x6D1F_04B3L;

    private MapsJudge() {}

    /** The two sets of maps' mean held-out two-sample accuracies, the rows and folds they were judged on, and whether the affine maps replace the plan's. */
    record Choice(int[] columns, boolean affine, double plannedAccuracy, double affineAccuracy, int heldOut, double error, int folds) {
        String describe() {
            return String.format("maps of %d lattice column%s judged by a two-sample test of the whole model's samples against %d held-out rows: quantile: C2ST %.4f; affine: %.4f (%+.4f ± %.4f%s) -> %s",
                    columns.length, columns.length == 1 ? "" : "s", heldOut, plannedAccuracy, affineAccuracy, affineAccuracy - plannedAccuracy, error,
                    folds < FOLDS ? String.format(", stopped after %d of %d quarters", folds, FOLDS) : "", affine ? "affine" : "quantile");
        }
    }

    /** Whether the judge runs for these (resolved) options on rows × d data whose plan has these columns. */
    static boolean applies(FitOptions resolved, int rows, int d, Columns planned) {
        if (resolved.columns().transform() != ColumnOptions.TransformChoice.AUTO || !resolved.columns().learnTypes()) return false;
        if (rows < MIN_ROWS || d > MAX_DIMENSION) return false;
        for (int classes : resolved.columns().labelClasses(d)) if (classes >= 2) return false;
        return planned.quantileMappedLattices(resolved.columns()).length > 0;
    }

    /**
     * @param rows     the rows the cells learn, in data units
     * @param planned  the plan's maps and types
     * @param searched the plan's soft cells' count (both sides' fits use it)
     * @param given    the options as given
     */
    static Choice choose(DMatrixRMaj rows, Columns planned, int searched, FitOptions given) {
        int d = rows.numCols;
        DMatrixRMaj judged = Fitter.reservoir(rows, MAX_ROWS, given.seed() ^ SPLIT_SALT);
        int[] lattices = planned.quantileMappedLattices(given.columns());
        // Copies of repeated rows are not what is judged: the rows here are those the cells learn.
        Columns quantile = planned.withRepeated(RepeatedRows.none(d));
        Columns affine = quantile.affineOn(judged, lattices);
        DMatrixRMaj quantileLatent = new DMatrixRMaj(1, 1), affineLatent = new DMatrixRMaj(1, 1);
        quantile.forward(judged, null, 0, quantileLatent);
        affine.forward(judged, null, 0, affineLatent);
        // Each side's fits in its own latent coordinates, its maps and types already learned.
        FitOptions fits = given.withColumns(ColumnOptions.PLAIN).withCellCount(searched).withLevels(CellCountJudge.JUDGED_LEVELS);
        int n = judged.numRows;
        PairedAccuracies paired = new PairedAccuracies();
        int folds = 0;
        for (int fold = 0; fold < FOLDS; fold++) {
            // Half way, affine maps that can no longer beat the plan's by the margin stop the judge ({@link Curtailment}).
            if (fold == FOLDS / 2 && !Curtailment.canStillPass(paired.gain(), paired.differenceError(), SIGNIFICANT)) break;
            folds = fold + 1;
            int from = fold * n / FOLDS, to = (fold + 1) * n / FOLDS;
            DMatrixRMaj heldOut = PairedAccuracies.foldRows(judged, from, to, true);
            long seed = given.seed() ^ fold;
            paired.add(outcomes(PairedAccuracies.foldRows(quantileLatent, from, to, false), quantile, heldOut, fits, seed),
                    outcomes(PairedAccuracies.foldRows(affineLatent, from, to, false), affine, heldOut, fits, seed));
        }
        double error = paired.differenceError();
        boolean kept = folds == FOLDS && paired.gain() > SIGNIFICANT * error;
        return new Choice(lattices, kept, paired.defaultAccuracy(), paired.alternativeAccuracy(), folds * n / FOLDS, error, folds);
    }

    /** The classifier test's outcomes of a model fitted on latent train rows, its samples in data units (these maps and types) against heldOut. */
    private static TwoSampleMetrics.ClassifierOutcomes outcomes(DMatrixRMaj train, Columns maps, DMatrixRMaj heldOut, FitOptions options, long seed) {
        ScoreModel model = Fitter.fit(train, options, null);
        SamplingPlan plan = SamplingPlan.defaults();
        DMatrixRMaj generated = plan.generate(model, plan.grid(model, model.schedule()), heldOut.numRows, seed ^ SAMPLE_SALT);
        // In the side's latent units now; its gapped columns read through these rows' own margins, as a model's are.
        maps.toData(generated, MarginCalibration.of(maps, generated));
        return TwoSampleMetrics.classifierOutcomes(generated, heldOut, seed);
    }
}
