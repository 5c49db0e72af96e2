package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import org.ejml.data.DMatrixRMaj;

/**
 * The soft cells' shape judged by the whole model's samples against rows it did not see. The
 * default shape is a Gaussian of rank min(d, 4) plus one variance per cell, with a quadratic
 * polynomial on those four directions. One alternative is a Gaussian of full rank per cell with an
 * affine polynomial: a Gaussian mixture's exact score at every noise level ([CKS]), and so the
 * better model of a few anisotropic components in many dimensions (three components in 30-D,
 * 12 000 rows: C2ST 0.499 against the default's 0.575), while on many components, and on most
 * real sets, it samples worse (30 in 20-D: 0.620 against 0.534). The mixture's held-out
 * likelihood prefers full rank on both kinds, and so did the kernel score of the cells' count
 * judge ({@link CellCountJudge}), whose local bandwidth does not see a covariance's shape in 30-D
 * (QUALITY.md, "Random Gaussian mixtures in 5–30 dimensions").
 *
 * <p>Below {@value #MIN_DIMENSION} columns the default's cells with a cubic polynomial are judged
 * too. On heavy tails and curved data they sample better (two Student t of ν = 1.5 in 5-D:
 * C2ST 0.556 against 0.579; a torus in 10-D: 0.537 against 0.558), on Gaussian mixtures with few
 * rows a cell worse (ten components in 5-D at 4 000 rows: 0.527 against 0.515), and the
 * denoising loss, which prefers degree 1 on all of these, cannot tell ({@link DegreeChoice}).
 * Full rank is judged from {@value #MIN_FULL_RANK_DIMENSION} columns: on 20 000–40 000 rows of
 * Gaussian mixtures in 8 and 12 columns it sampled 0.005–0.007 nearer the data than the default
 * on four of six files (three and ten components; thirty in 12-D on 20 000 rows, the issue's
 * case), 0.006 further on thirty components on 40 000 rows; on fewer rows the held-out rows
 * cannot see so small a gain, and the default stays.
 *
 * <p>So each shape (full rank with its own K search, the cubic on the default's count) is fitted
 * on three quarters of up to {@value #MAX_ROWS} rows ({@value #MAX_CUBIC_ONLY_ROWS} in 3–4 columns) and samples as many rows as the fourth
 * quarter holds; the classifier two-sample test ({@link TwoSampleMetrics}, the better of 10-NN
 * and quadratic logistic regression) tells each from that quarter, each quarter held out once.
 * An alternative is a candidate where its accuracy is lower than the default's by its margin in
 * standard errors of the difference (full rank: {@value #SIGNIFICANT}, 10 % one-sided, so that
 * where the two are level the default stays); of the candidates, the one of lowest accuracy is
 * kept. Every shape is tested on the same held-out rows, so each difference is paired there
 * ({@link PairedAccuracies}): its standard error is 9–24 % below two independent accuracies' on
 * the random mixtures of QUALITY.md.
 *
 * <p>After two quarters an alternative that can no longer beat the default by its margin stops
 * ({@link Curtailment}), and the judge with it where none is left.
 *
 * <p>Two or three fits and samples per judged quarter, two to three times a fit's time (the
 * judged fits keep every coordinate where the whole data's plan did, PERFORMANCE.md §74): it
 * runs on files of {@value #MIN_ROWS} rows or more in {@value #MIN_CUBIC_DIMENSION}–{@value
 * #MAX_DIMENSION} columns, none of them labels, with the rank and the degree left to the data.
 * On many components full rank samples far worse (30 in 20-D: 0.620 against 0.534), which the
 * judge sees at once. Up to {@value #MAX_DIMENSION} columns: three anisotropic components in 48-D
 * at 10 000 rows sample with full rank at C2ST 0.509 against the default's 0.551 (floor 0.500),
 * in a third of the fit's time, its three cells cheaper to sample than the default's many; above
 * 64 a full-rank judged fit grows as d³ a cell.
 */
final class CellShapeJudge {
    /** Fewest rows: on fewer the held-out rows cannot show a gain of 0.02 (a first version judging one quarter moved none of the sweep's files of 1 500 rows). */
    static final int MIN_ROWS = 4000;
    /**
     * Rows the judge fits and tests on at most. Full rank needs rows, so a choice made on fewer
     * leans to the default: on 200 000 rows of eight components in 20-D, judged on 8 000 rows (the
     * bound before), full rank's gain was −0.009 ± 0.007 and the default stayed (C2ST 0.520, full
     * rank's 0.502); on 32 000, −0.009 ± 0.004 and full rank was kept. Four times the rows halve
     * the standard error, at 1.2–1.4 times a judged fit's time (QUALITY.md, "The cells' shape
     * judged on up to 32 000 rows").
     */
    static final int MAX_ROWS = 32_000;
    /** Rows judged where the cubic is the only alternative (3–4 columns): the larger judge served full rank, and was not measured for the cubic alone. */
    static final int MAX_CUBIC_ONLY_ROWS = 8000;
    /** Fewest columns where full rank is an alternative: in fewer, rank 4 plus one variance is a full covariance. */
    static final int MIN_FULL_RANK_DIMENSION = 5;
    /** Fewest columns where the cubic is no alternative: in as many, full rank alone is. */
    static final int MIN_DIMENSION = 16;
    /**
     * Fewest columns where the cubic is judged: in two columns, on the ten kinds of the synthetic
     * suite (20 000 rows), it sampled within ±0.004 of the quadratic, so the judge's cost would buy
     * nothing there (QUALITY.md, "The cubic judged by the samples below 16 columns").
     */
    static final int MIN_CUBIC_DIMENSION = 3;
    static final int MAX_DIMENSION = 64;
    /**
     * Quarters, each held out once: every judged row is scored. Two quarters of 8 500 rows left the
     * standard error of the difference at 0.011, and the choice on three components in 30-D
     * turned on the seed (full rank's gain 0.011 or 0.026); all four, 0.008, chose full rank on both.
     */
    private static final int FOLDS = 4;
    /** z of a one-sided test at 10 %. */
    static final double SIGNIFICANT = 1.28;
    private static final long SPLIT_SALT = 0x5A4E_7E11L;
    private static final long SAMPLE_SALT = 0x3C1D_9A0BL;

    private CellShapeJudge() {}

    /** A shape judged against the default: full rank and degree 1, or the default's cells with a cubic. */
    enum Alternative {
        FULL_RANK(SIGNIFICANT),
        /**
         * The default's cells with a cubic polynomial: kept wherever its accuracy is lower at all.
         * Its worst measured loss was small (ten components in 5-D at 4 000 rows, 0.012; the judge
         * kept the quadratic there), its gains on heavy tails and curved data two to three times that.
         */
        CUBIC(0);

        /** Standard errors of the paired difference by which it must beat the default. */
        private final double margin;

        Alternative(double margin) { this.margin = margin; }

        /** The shapes judged against the default in d columns: the cubic below {@value #MIN_DIMENSION}, full rank from {@value #MIN_FULL_RANK_DIMENSION}. */
        static java.util.List<Alternative> in(int d) {
            java.util.List<Alternative> out = new java.util.ArrayList<>();
            if (d >= MIN_CUBIC_DIMENSION && d < MIN_DIMENSION) out.add(CUBIC);
            if (d >= MIN_FULL_RANK_DIMENSION) out.add(FULL_RANK);
            return out;
        }
    }

    /** How the log names a shape's options. */
    private static String label(FitOptions shape, int d) {
        return (shape.rank() == d && d > 4 ? "full rank" : "rank " + shape.rank()) + ", degree " + shape.degree();
    }

    /**
     * One alternative's mean held-out accuracy and the default's on the same folds, the standard
     * error of their paired difference, whether it beat the default by its margin, and the folds
     * it was judged on (half of them where it was stopped there).
     */
    record Judged(Alternative alternative, String shape, double defaultAccuracy, double accuracy, double error, boolean beats, int folds) {}

    /** The default's mean held-out two-sample accuracy, each alternative's, the rows they were judged on, and the alternative kept (null: the default). */
    record Choice(String defaultShape, double defaultAccuracy, java.util.List<Judged> alternatives, Alternative kept, int heldOut) {
        String describe() {
            StringBuilder s = new StringBuilder(String.format("cells' shape judged by a two-sample test of the whole model's samples against %d held-out rows: %s: C2ST %.4f",
                    heldOut, defaultShape, defaultAccuracy));
            String chosen = defaultShape;
            for (Judged j : alternatives) {
                s.append(String.format("; %s: %.4f (%+.4f ± %.4f%s)", j.shape(), j.accuracy(), j.accuracy() - j.defaultAccuracy(), j.error(),
                        j.folds() < FOLDS ? String.format(", stopped after %d of %d quarters", j.folds(), FOLDS) : ""));
                if (j.alternative() == kept) chosen = j.shape();
            }
            return s.append(" -> ").append(chosen).toString();
        }
    }

    /**
     * Most columns judged in a file of one-hot categories: such files of 35–55 columns were
     * measured unjudged (QUALITY.md, "One-hot categories as one column of labels").
     */
    static final int MAX_ONE_HOT_DIMENSION = 32;

    /** Whether the judge runs for these (resolved) options on rows × d data, oneHot of whose columns are one-hot categories. */
    static boolean applies(FitOptions resolved, int rows, int d, boolean oneHot) { return applies(resolved, rows, d, oneHot, d); }

    /** Most columns at which a split plan is judged whatever its rank ({@link #applies(FitOptions, int, int, boolean, int)}). */
    static final int MAX_ANY_SPLIT_DIMENSION = 32;

    /**
     * As above, where the plan's cells see cellDimension coordinates (a subspace split's rank, or d).
     * Above {@value #MAX_ANY_SPLIT_DIMENSION} columns a plan whose cells see at most half of them is
     * not judged: full rank's fits work in every coordinate, d³ a cell, and on such plans it never
     * won (factors40, 10–14 of 40; embed64, 24 of 64: +0.008 ± 0.006, the judge 100 of a 117 s fit,
     * and a stream of 64-D embeddings planned for minutes). The split three components in 48-D
     * choose, 37 of 48, is judged: full rank 0.509 against 0.551 (PERFORMANCE.md §87).
     */
    static boolean applies(FitOptions resolved, int rows, int d, boolean oneHot, int cellDimension) {
        FitOptions given = resolved.unresolved();
        if (given.shapeGiven() || given.cellCount() != FitOptions.AUTO || resolved.cells() == FitOptions.CellKind.VORONOI) return false;
        if (rows < MIN_ROWS || d < MIN_CUBIC_DIMENSION || d > MAX_DIMENSION) return false;
        if (d > MAX_ONE_HOT_DIMENSION && oneHot) return false;
        if (d > MAX_ANY_SPLIT_DIMENSION && 2 * cellDimension <= d) return false;
        for (int classes : resolved.columns().labelClasses(d)) if (classes >= 2) return false;
        return true;
    }

    /** The options of the default shape's fits. */
    static FitOptions byDefault(FitOptions given, int d) {
        return given.withRank(Math.min(d, 4)).withDegree(FitOptions.PLANNING_DEGREE);
    }

    /**
     * The options of an alternative's fits. Full rank looks for its own subspace split (a plan of
     * full rank weighs a split against cells of full rank, and keeps every coordinate where the
     * default split: three components in 48-D), so the plan's split rank is not given to it. Its
     * count is its own search's on the reservoir of the fit's rows, as a kept full-rank plan's is
     * ({@link FitOptions#forJudgedFits}).
     */
    static FitOptions shape(FitOptions given, int d, Alternative alternative) {
        return alternative == Alternative.FULL_RANK ? given.withRank(d).withDegree(1).withSubspaceRank(0) : given.withRank(Math.min(d, 4)).withDegree(3);
    }

    /**
     * @param rows     the rows the cells learn, in data units
     * @param columns  their learned maps and types
     * @param searched the soft cells' count the default shape's search found on all of them
     * @param given    the options as given (each shape's fit resolves them for its rows)
     */
    static Choice choose(DMatrixRMaj rows, Columns columns, int searched, FitOptions given) {
        int d = rows.numCols;
        // In the columns' latent coordinates, where the cells live: the judged fits take the maps
        // and types already learned (plain columns), and do not judge them again.
        DMatrixRMaj judged = new DMatrixRMaj(1, 1);
        int most = d >= MIN_FULL_RANK_DIMENSION ? MAX_ROWS : MAX_CUBIC_ONLY_ROWS;
        columns.forward(Fitter.reservoir(rows, most, given.seed() ^ SPLIT_SALT), null, 0, judged);
        given = given.withColumns(ColumnOptions.PLAIN);
        int n = judged.numRows;
        // The default shape at the count its search found on all rows: its own search again would
        // double the judge's cost, and a count chosen with these rows in view favours the default,
        // the side kept when in doubt. The cubic keeps the default's cells (the K search scores the
        // cells' mixture, which the degree does not change); full rank searches its own.
        FitOptions defaultShape = byDefault(given, d).withCellCount(searched);
        java.util.List<Alternative> kinds = Alternative.in(d);
        FitOptions[] options = new FitOptions[kinds.size()];
        PairedAccuracies[] paired = new PairedAccuracies[kinds.size()];
        for (int a = 0; a < kinds.size(); a++) {
            options[a] = kinds.get(a) == Alternative.CUBIC ? shape(given, d, Alternative.CUBIC).withCellCount(searched) : shape(given, d, kinds.get(a));
            paired[a] = new PairedAccuracies();
        }
        // Half way, an alternative that can no longer beat the default by its margin stops ({@link Curtailment}).
        boolean[] going = new boolean[kinds.size()];
        java.util.Arrays.fill(going, true);
        int folds = 0;
        for (int fold = 0; fold < FOLDS; fold++) {
            if (fold == FOLDS / 2)
                for (int a = 0; a < kinds.size(); a++) going[a] = Curtailment.canStillPass(paired[a].gain(), paired[a].differenceError(), kinds.get(a).margin);
            if (!anyOf(going)) break;
            int from = fold * n / FOLDS, to = (fold + 1) * n / FOLDS;
            DMatrixRMaj train = PairedAccuracies.foldRows(judged, from, to, false), heldOut = PairedAccuracies.foldRows(judged, from, to, true);
            TwoSampleMetrics.ClassifierOutcomes byDefault = outcomes(train, heldOut, defaultShape, given.seed() ^ fold);
            for (int a = 0; a < kinds.size(); a++) if (going[a]) paired[a].add(byDefault, outcomes(train, heldOut, options[a], given.seed() ^ fold));
            folds = fold + 1;
        }
        // Every alternative judged on every fold that beats the default by its margin is a candidate; the one of lowest accuracy is kept.
        java.util.List<Judged> results = new java.util.ArrayList<>();
        Judged best = null;
        int longest = 0;
        for (int a = 0; a < kinds.size(); a++) {
            double error = paired[a].differenceError();
            boolean beats = going[a] && folds == FOLDS && paired[a].gain() > kinds.get(a).margin * error;
            Judged j = new Judged(kinds.get(a), label(options[a], d), paired[a].defaultAccuracy(), paired[a].alternativeAccuracy(), error, beats, going[a] ? folds : FOLDS / 2);
            results.add(j);
            if (beats && (best == null || j.accuracy() < best.accuracy())) best = j;
            if (j.folds() > results.get(longest).folds()) longest = a;
        }
        return new Choice(label(defaultShape, d), results.get(longest).defaultAccuracy(), results, best == null ? null : best.alternative(), folds * n / FOLDS);
    }

    private static boolean anyOf(boolean[] v) {
        for (boolean b : v) if (b) return true;
        return false;
    }

    /** The classifier test's outcomes of a fit of these options on train, its samples against heldOut (as many rows). */
    private static TwoSampleMetrics.ClassifierOutcomes outcomes(DMatrixRMaj train, DMatrixRMaj heldOut, FitOptions options, long seed) {
        ScoreModel model = Fitter.fit(train, options.withLevels(CellCountJudge.JUDGED_LEVELS), null);
        SamplingPlan plan = SamplingPlan.defaults();
        DMatrixRMaj generated = plan.generate(model, plan.grid(model, model.schedule()), heldOut.numRows, seed ^ SAMPLE_SALT);
        return TwoSampleMetrics.classifierOutcomes(generated, heldOut, seed);
    }
}
