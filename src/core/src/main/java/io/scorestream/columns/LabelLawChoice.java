package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.math3.special.Erf;

import static io.scorestream.columns.RowFigures.mean;
import static io.scorestream.columns.RowFigures.standardError;

/**
 * How the labels' laws ({@link LabelConditionals}) are chosen and fitted on planning rows: for each
 * map of the numbers (the diffusion's latent values, normal scores, standardised values) and each
 * label column, every form (the shares, logistic at each ridge, one Gaussian per label at each
 * shrinkage) judged by its log-loss on rows a fold left out, the shares kept unless beaten by a
 * standard error; the latent values kept unless the better of the other two maps beats them by a
 * standard error of the summed losses' paired difference.
 */
final class LabelLawChoice {
    private LabelLawChoice() {}

    /** Ridges tried, strongest first (each warm-starts the next); in units of the squared features, which are about N(0, 1). */
    private static final double[] RIDGES = {10, 1, 0.1, 0.01};
    /** Folds of the held-out choice: four on few rows, two from {@value #MANY_ROWS} rows, where each half judges as well and costs half. */
    private static final int FOLDS = 4;
    /** Shrinkages of each label's covariance towards the pooled one tried for the Gaussian form. */
    private static final double[] SHRINKAGES = {1, 0.5, 0.1, 0};
    private static final int MANY_ROWS = 1000;
    /**
     * Rows the choice is judged on: as many as {@link #CHOICE_BUDGET} allows, at least {@value
     * #MIN_CHOICE_ROWS} and at most {@value #MAX_CHOICE_ROWS} (every planning row of the default
     * reservoir). On 1 024 rows (two folds of 512) a law of a few dozen weights lost to its own
     * overfitting: an adult-like table's marital status, whose shares rise and fall with the age,
     * kept the affine form's one slope (held-out 1.082 nats a row against the additive form's
     * 1.086), C2ST of (age, status) 0.530 (floor 0.507); on 4 096 rows the additive form wins and
     * gives 0.508 (QUALITY.md, "Labels that turn with a column any way").
     */
    static final int MIN_CHOICE_ROWS = 1024, MAX_CHOICE_ROWS = 4096;
    /**
     * Rows × weights the choice may judge on: every form's fit costs about rows × weights a step.
     * Two laws of 852 weights in all get 4 096 rows (`fit` 12.0 s against 9.4 s on 1 024 rows
     * without the additive form); seven laws of about 8 000 weights (a census table's workclass,
     * education, marital status, occupation, relationship, race and country) keep 1 024, where
     * 4 096 took their choice from 26 s to 85 s (PERFORMANCE.md §88).
     */
    static final long CHOICE_BUDGET = 8_000_000;

    /** The rows the choice is judged on, for label columns of these classes beside q numbers of so many hat functions. */
    static int choiceRows(int[] classes, int q, int hats) {
        long weights = 0;
        int indicators = 0;
        for (int k : classes) {
            if (k <= MAX_LABELS) weights += (long) k * (1 + q + hats + indicators);
            if (k <= LabelConditionals.MAX_CONDITIONING_LABELS) indicators += k - 1;
        }
        return (int) Math.max(MIN_CHOICE_ROWS, Math.min(MAX_CHOICE_ROWS, CHOICE_BUDGET / Math.max(1, weights)));
    }

    /**
     * A column of more labels gets its law from counts ({@link LabelCountChoice}), not from the
     * numbers: a logistic or Gaussian law's weights grow with the labels, its fit with labels ×
     * features × rows × steps, and with a few rows per label the held-out folds judge little (an
     * airport among 300). Its counts given an earlier label (the airport a flight left from) cost
     * rows, not labels.
     */
    static final int MAX_LABELS = 64;
    /** The Gaussian form is tried up to this many features: its draw costs labels × features² a row. */
    static final int MAX_GAUSSIAN_FEATURES = 64;
    /** The additive form is tried up to this many hat functions (columns of many values then get 4 knots, not 7) ... */
    static final int MAX_HAT_FEATURES = 96;
    /** ... and this many weights (features × labels): its fit's steps cost rows × weights each. */
    static final int MAX_ADDITIVE_WEIGHTS = 2048;

    /**
     * A column's knots for the additive form: each of its values where it has at most {@value
     * LabelConditionals#MAX_VALUE_KNOTS}, so that its hat functions are its values' indicators;
     * else its least and greatest value and the quantiles evenly between, ties merged.
     */
    static double[] hatKnots(double[] values, int quantiles) {
        double[] v = values.clone();
        Arrays.sort(v);
        double[] distinct = Arrays.stream(v).distinct().toArray();
        if (distinct.length <= LabelConditionals.MAX_VALUE_KNOTS) return distinct;
        int n = v.length;
        return java.util.stream.IntStream.range(0, quantiles).mapToDouble(k -> v[(int) Math.round((double) k * (n - 1) / (quantiles - 1))]).distinct().toArray();
    }

    /** Per column that is not a label, its additive knots; every array empty where even 4 knots a column are too many hat functions. */
    static double[][] hatKnots(DMatrixRMaj raw, int[] others) {
        double[][] knots = new double[others.length][];
        for (int quantiles : new int[]{LabelConditionals.QUANTILE_KNOTS, 4}) {
            for (int a = 0; a < others.length; a++) {
                double[] column = new double[raw.numRows];
                for (int i = 0; i < column.length; i++) column[i] = raw.data[i * raw.numCols + others[a]];
                knots[a] = hatKnots(column, quantiles);
            }
            if (LabelConditionals.hatCount(knots) <= MAX_HAT_FEATURES) return knots;
        }
        return new double[others.length][0];
    }

    /**
     * A column's values standardised, as two knots: its least and greatest value, mapped to their
     * distance from the median in units of the spread (the interquartile range over 1.349, or the
     * standard deviation where that is 0).
     */
    static double[][] standardisingKnots(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = v[n / 2], spread = (v[(3 * n) / 4] - v[n / 4]) / 1.349;
        if (!(spread > 0)) {
            double mean = Arrays.stream(v).average().orElse(0);
            spread = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / n);
        }
        if (!(spread > 0)) return new double[][]{{v[0]}, {0}};
        return new double[][]{{v[0], v[n - 1]}, {(v[0] - median) / spread, (v[n - 1] - median) / spread}};
    }

    /**
     * A column's normal-score map: its values' quantiles at evenly spaced probabilities, each with
     * Φ⁻¹ of the mid-rank probability of the rows at or below it; tied quantiles (a point mass) are
     * one knot at the mean of their scores.
     */
    static double[][] normalScoreKnots(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double[] xs = new double[LabelConditionals.SCORE_KNOTS], zs = new double[LabelConditionals.SCORE_KNOTS];
        int count = 0, tied = 0;
        for (int k = 0; k < LabelConditionals.SCORE_KNOTS; k++) {
            double p = (k + 0.5) / LabelConditionals.SCORE_KNOTS;
            double x = v[Math.min(n - 1, (int) Math.floor(p * n))], z = Math.sqrt(2) * Erf.erfInv(2 * p - 1);
            if (count > 0 && x == xs[count - 1]) {
                zs[count - 1] += (z - zs[count - 1]) / ++tied;   // the running mean of the tied knots' scores
            } else {
                xs[count] = x;
                zs[count++] = z;
                tied = 1;
            }
        }
        return new double[][]{Arrays.copyOf(xs, count), Arrays.copyOf(zs, count)};
    }

    /**
     * The labels' laws, fitted on planning rows in data units (where a label column holds its
     * label's index) and the same rows as the columns map them onto the diffusion's axes.
     *
     * @param labelClasses per column, its number of labels (0: not a column of labels)
     */
    static LabelConditionals fit(DMatrixRMaj raw, DMatrixRMaj latent, DMatrixRMaj held, int[] labelClasses, List<List<String>> labelNames, long seed,
                                 Consumer<String> progress) {
        int d = raw.numCols, n = raw.numRows;
        int[] columns = java.util.stream.IntStream.range(0, d).filter(j -> labelClasses[j] >= 2).toArray();
        if (columns.length == 0 || n < 2 * FOLDS) return LabelConditionals.none(d);
        int folds = n >= MANY_ROWS ? 2 : FOLDS;
        int[] classes = Arrays.stream(columns).map(j -> labelClasses[j]).toArray();
        int[][] y = new int[columns.length][n];
        for (int m = 0; m < columns.length; m++)
            for (int i = 0; i < n; i++) y[m][i] = Math.max(0, Math.min(classes[m] - 1, (int) Math.round(raw.data[i * d + columns[m]])));
        int[] others = java.util.stream.IntStream.range(0, d).filter(j -> Arrays.binarySearch(columns, j) < 0).toArray();
        double[][] hats = hatKnots(raw, others);
        // The choice is judged on the first rows the budget allows (the planning rows are a random
        // reservoir, in random order); the chosen law is then fitted on every row.
        int judged = Math.min(n, choiceRows(classes, others.length, LabelConditionals.hatCount(hats)));
        // Columns of many labels: their law from counts given the earlier labels, the same whatever the numbers' map.
        int[] names = Arrays.stream(columns).map(j -> j + 1).toArray();
        int[][][] same = new int[columns.length][][];
        for (int m = 0; m < columns.length; m++) same[m] = sameLabels(columns, classes, labelNames, m);
        int[] fold = new int[judged];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed ^ LabelConditionals.SALT);
        for (int i = 0; i < judged; i++) fold[i] = i % folds;
        for (int i = judged - 1; i > 0; i--) { int j = rng.nextInt(i + 1), t = fold[i]; fold[i] = fold[j]; fold[j] = t; }
        // The additive form reads the numbers as written, whatever the map: judged once, offered to every map's choice.
        Additive additive = Additive.judge(raw, others, hats, columns, classes, y, fold, folds);
        // The numbers as the diffusion's latent values, by their normal scores, or standardised: the
        // first follows the diffusion's own axes, the second keeps heavy tails in hand, the third the
        // gaps between clusters (ranks close them: a cluster's largest value and the next one's
        // smallest get neighbouring scores). Each map's fits run on their own (in parallel), sharing
        // only the read-only rows.
        List<String> lines;
        List<Fitted> fits = java.util.stream.IntStream.range(0, 3).parallel().mapToObj(map -> {
            double[][] knotX = new double[others.length][], knotZ = new double[others.length][];
            for (int a = 0; a < others.length; a++) {
                double[] column = new double[n];
                for (int i = 0; i < n; i++) column[i] = raw.data[i * d + others[a]];
                double[][] knots = map == 0 ? new double[][]{{0}, {0}} : map == 1 ? normalScoreKnots(column) : standardisingKnots(column);
                knotX[a] = knots[0];
                knotZ[a] = knots[1];
            }
            return fitLaws(raw, latent, columns, classes, y, names, same, seed, map == 0, knotX, knotZ, fold, folds, additive,
                    map == 0 ? "latent values" : map == 1 ? "normal scores" : "standardised values");
        }).toList();
        // The diffusion's own axes unless another map's laws beat them by more than a standard error
        // of the paired difference: drawn from the generated row as the diffusion placed it, a label
        // follows that row's neighbours in the model's geometry.
        Fitted latentMap = fits.get(0), other = fits.get(1).loss() <= fits.get(2).loss() ? fits.get(1) : fits.get(2);
        double gain = mean(latentMap.rowLosses()) - mean(other.rowLosses()), error = standardError(latentMap.rowLosses(), other.rowLosses());
        Fitted best = gain > error ? other : latentMap;
        lines = new ArrayList<>(best.lines());
        lines.add(String.format("labels' maps of the numbers by held-out log-loss per row: latent values %.3f, normal scores %.3f, standardised values %.3f; %s",
                mean(fits.get(0).rowLosses()), mean(fits.get(1).rowLosses()), mean(fits.get(2).rowLosses()),
                best == latentMap ? "the latent values (another map needs a standard error: " + String.format("%.3f ± %.3f", gain, error) + ")"
                        : String.format("%s (%.3f ± %.3f below the latent values)", best.map(), gain, error)));
        boolean[][] absent = absent(held, columns, classes);
        for (int m = 0; m < columns.length; m++) {
            if (absent[m] == null) continue;
            List<String> own = names(labelNames, columns[m], classes[m]), missing = new ArrayList<>();
            for (int c = 0; c < classes[m]; c++) if (absent[m][c]) missing.add(own == null ? "label " + c : own.get(c));
            lines.add(String.format("labels of column %d: %d no row holds, never drawn: %s", columns[m] + 1, missing.size(),
                    String.join(", ", missing.subList(0, Math.min(missing.size(), 8))) + (missing.size() > 8 ? ", …" : "")));
        }
        if (progress != null) for (String line : lines) progress.accept(line);
        return best.laws().withoutLabels(absent);
    }

    /**
     * Per label column, the labels no row of held holds (null where every label is held, or none
     * is: a column no row holds keeps its smoothed law rather than none).
     */
    static boolean[][] absent(DMatrixRMaj held, int[] columns, int[] classes) {
        int d = held.numCols;
        boolean[][] out = new boolean[columns.length][];
        for (int m = 0; m < columns.length; m++) {
            boolean[] seen = new boolean[classes[m]];
            int count = 0;
            for (int i = 0; i < held.numRows && count < classes[m]; i++) {
                int c = Math.max(0, Math.min(classes[m] - 1, (int) Math.round(held.data[i * d + columns[m]])));
                if (!seen[c]) { seen[c] = true; count++; }
            }
            if (count == 0 || count == classes[m]) continue;
            out[m] = new boolean[classes[m]];
            for (int c = 0; c < classes[m]; c++) out[m][c] = !seen[c];
        }
        return out;
    }

    /**
     * Per earlier label column (draw order) the index in label column m of each of its labels by
     * name, −1 where m has no such label; null where the names are not known or none is shared.
     */
    static int[][] sameLabels(int[] columns, int[] classes, List<List<String>> labelNames, int m) {
        int[][] out = new int[m][];
        List<String> own = names(labelNames, columns[m], classes[m]);
        if (own == null) return out;
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int c = 0; c < own.size(); c++) index.put(own.get(c), c);
        for (int e = 0; e < m; e++) {
            List<String> theirs = names(labelNames, columns[e], classes[e]);
            if (theirs == null) continue;
            int[] map = new int[classes[e]];
            boolean shared = false;
            for (int a = 0; a < map.length; a++) {
                map[a] = index.getOrDefault(theirs.get(a), -1);
                shared |= map[a] >= 0;
            }
            if (shared) out[e] = map;
        }
        return out;
    }

    /** A column's label names in the order of their indices, or null where not known. */
    private static List<String> names(List<List<String>> labelNames, int column, int classes) {
        return column < labelNames.size() && labelNames.get(column).size() == classes ? labelNames.get(column) : null;
    }

    /** Laws fitted with one map of the numbers, their summed held-out loss per row, one line per label column. */
    private record Fitted(LabelConditionals laws, double loss, double[] rowLosses, String map, List<String> lines) {}

    private static Fitted fitLaws(DMatrixRMaj raw, DMatrixRMaj latent, int[] columns, int[] classes, int[][] y, int[] names, int[][][] same, long seed, boolean fromLatent,
                                  double[][] knotX, double[][] knotZ, int[] fold, int folds, Additive additive, String map) {
        int d = raw.numCols, n = raw.numRows;
        int[] degrees = new int[columns.length];
        double[][] weights = new double[columns.length][];
        double total = 0;
        int judged = fold.length;
        double[] rowTotals = new double[judged];
        List<String> lines = new ArrayList<>();
        LabelConditionals shape = new LabelConditionals(d, columns, classes, new int[columns.length], zeroWeights(d, columns, classes, new int[columns.length]),
                fromLatent, knotX, knotZ);
        int q = shape.others.length;
        DMatrixRMaj scores = new DMatrixRMaj(n, q);
        double[] rowScores = new double[q];
        for (int i = 0; i < n; i++) {
            shape.scores(latent.data, i * d, raw.data, i * d, rowScores);
            System.arraycopy(rowScores, 0, scores.data, i * q, q);
        }
        for (int m = 0; m < columns.length; m++) {
            if (classes[m] > MAX_LABELS) {   // judged on every row, in its own folds; the rows judged for the maps add its losses there
                LabelCountChoice.Chosen counted = LabelCountChoice.choose(m, y, classes, names, same[m], scores, seed);
                degrees[m] = LabelConditionals.COUNTS;
                weights[m] = counted.pack(m, y, classes, same[m], scores);
                lines.add(counted.line());
                total += mean(counted.rowLosses());
                for (int i = 0; i < judged; i++) rowTotals[i] += counted.rowLosses()[i];
                continue;
            }
            int k = classes[m], indicators = shape.earlierIndicators(m);
            // Every candidate's held-out loss on every row (each row judged by the fold that left it out).
            List<double[]> rowLosses = new ArrayList<>();
            List<int[]> forms = new ArrayList<>();   // {form, index of its ridge or shrinkage}
            DMatrixRMaj[] designs = {design(scores, 0, classes, y, m, indicators), design(scores, 1, classes, y, m, indicators)};
            for (int degree = 0; degree <= 1; degree++) {
                double[][] losses = logisticLosses(designs[degree], y[m], k, degree == 0 ? new double[]{0} : RIDGES, fold, folds);
                for (int r = 0; r < losses.length; r++) { rowLosses.add(losses[r]); forms.add(new int[]{degree, r}); }
            }
            // One Gaussian per label over the affine features but their leading 1, shrunk towards the pooled covariance.
            DMatrixRMaj v = dropFirstColumn(designs[1]);
            double[][] gaussian = new double[v.numCols <= MAX_GAUSSIAN_FEATURES ? SHRINKAGES.length : 0][judged];
            for (int f = 0; f < folds && gaussian.length > 0; f++) {
                int[] train = indices(fold, f, false), test = indices(fold, f, true);
                for (int r = 0; r < gaussian.length; r++) {
                    double[] l = GaussianClasses.rowLosses(GaussianClasses.fit(rows(v, train), pick(y[m], train), k, SHRINKAGES[r]), rows(v, test), pick(y[m], test), k);
                    for (int t = 0; t < test.length; t++) gaussian[r][test[t]] = l[t];
                }
            }
            for (int r = 0; r < gaussian.length; r++) { rowLosses.add(gaussian[r]); forms.add(new int[]{LabelConditionals.GAUSSIAN, r}); }
            if (additive.losses()[m] != null)
                for (int r = 0; r < RIDGES.length; r++) { rowLosses.add(additive.losses()[m][r]); forms.add(new int[]{LabelConditionals.ADDITIVE, r}); }
            // Its counts given earlier labels, where an earlier column has too many labels to be among the
            // features (a division after its team): judged on the same rows and folds as the forms above.
            LabelCountChoice.Chosen countForm = null;
            if (java.util.stream.IntStream.range(0, m).anyMatch(e -> classes[e] > LabelConditionals.MAX_CONDITIONING_LABELS)) {
                int[][] judgedLabels = new int[m + 1][];
                for (int e = 0; e <= m; e++) judgedLabels[e] = Arrays.copyOf(y[e], judged);
                countForm = LabelCountChoice.choose(m, judgedLabels, classes, names, new int[m][], null, fold, folds);
                if (countForm.parents().length > 0) { rowLosses.add(countForm.rowLosses()); forms.add(new int[]{LabelConditionals.COUNTS, 0}); }
            }
            int best = 0;
            StringBuilder figures = new StringBuilder();
            for (int c = 0; c < rowLosses.size(); c++) {
                int[] form = forms.get(c);
                figures.append(form[0] == 0 ? String.format(" shares:%.3f", mean(rowLosses.get(c)))
                        : form[0] == LabelConditionals.GAUSSIAN ? String.format(" gaussian@%s:%.3f", SHRINKAGES[form[1]], mean(rowLosses.get(c)))
                        : form[0] == LabelConditionals.COUNTS ? String.format(" counts:%.3f", mean(rowLosses.get(c)))
                        : form[0] == LabelConditionals.ADDITIVE ? String.format(" additive@%s:%.3f", RIDGES[form[1]], mean(rowLosses.get(c)))
                        : String.format(" logistic@%s:%.3f", RIDGES[form[1]], mean(rowLosses.get(c))));
                if (mean(rowLosses.get(c)) < mean(rowLosses.get(best)) - 1e-12) best = c;
            }
            // The shares (given the earlier labels) unless the best law beats them by more than a standard
            // error of the paired difference: a label the numbers do not tell is not given a law they invent.
            double gain = mean(rowLosses.get(0)) - mean(rowLosses.get(best)), error = standardError(rowLosses.get(0), rowLosses.get(best));
            if (gain <= error) best = 0;
            int[] chosenForm = forms.get(best);
            double[] gaussianLaw = chosenForm[0] == LabelConditionals.GAUSSIAN ? GaussianClasses.fit(v, y[m], k, SHRINKAGES[chosenForm[1]]) : null;
            if (chosenForm[0] == LabelConditionals.GAUSSIAN && gaussianLaw == null) chosenForm = forms.get(best = 0);   // not positive definite on every row
            degrees[m] = chosenForm[0];
            String chosen;
            if (chosenForm[0] == LabelConditionals.COUNTS) {
                weights[m] = countForm.pack(m, y, classes, new int[m][], null);
                chosen = "its counts: " + countForm.law();
            } else if (chosenForm[0] == LabelConditionals.ADDITIVE) {
                double ridge = RIDGES[chosenForm[1]];
                weights[m] = SoftmaxRegression.fit(additive.design(raw, m, y), y[m], k, ridge * n / (judged * (folds - 1.0) / folds), null);
                chosen = "additive, ridge " + ridge;
            } else if (chosenForm[0] == LabelConditionals.GAUSSIAN) {
                weights[m] = gaussianLaw;
                chosen = "a Gaussian per label, shrunk by " + SHRINKAGES[chosenForm[1]];
            } else {
                DMatrixRMaj x = designs[chosenForm[0]];
                double ridge = chosenForm[0] == 0 ? 0 : RIDGES[chosenForm[1]];
                // Every row now, so the ridge is scaled up with the rows to keep its weight per row.
                weights[m] = SoftmaxRegression.fit(x, y[m], k, ridge * n / (judged * (folds - 1.0) / folds), null);
                chosen = chosenForm[0] == 1 ? "logistic, ridge " + ridge : indicators == 0 ? "the shares alone" : "the shares given the earlier labels";
            }
            total += mean(rowLosses.get(best));
            for (int i = 0; i < judged; i++) rowTotals[i] += rowLosses.get(best)[i];
            lines.add(String.format("labels of column %d, given the other columns' %s: held-out log-loss per row (form@ridge or shrinkage)%s; gain over the shares %.3f ± %.3f -> %s",
                    columns[m] + 1, map, figures, gain, error, chosen));
        }
        boolean anyAdditive = Arrays.stream(degrees).anyMatch(f -> f == LabelConditionals.ADDITIVE);
        double[][] hats = anyAdditive ? additive.knots() : new double[additive.knots().length][0];
        return new Fitted(new LabelConditionals(d, columns, classes, degrees, weights, fromLatent, knotX, knotZ, hats), total, rowTotals, map, lines);
    }

    /**
     * The additive form's knots and, per label column where it is tried, its held-out losses on
     * every judged row at each ridge (null where not tried: a column of counts, or too many weights).
     */
    private record Additive(double[][] knots, int[] others, int[] classes, double[][][] losses) {
        static Additive judge(DMatrixRMaj raw, int[] others, double[][] knots, int[] columns, int[] classes, int[][] y, int[] fold, int folds) {
            Additive shape = new Additive(knots, others, classes, new double[columns.length][][]);
            int hats = LabelConditionals.hatCount(knots), indicators = 0;
            for (int m = 0; m < columns.length; m++) {
                int k = classes[m], p = 1 + hats + indicators;
                if (classes[m] <= LabelConditionals.MAX_CONDITIONING_LABELS) indicators += classes[m] - 1;
                if (hats == 0 || k > MAX_LABELS || p * k > MAX_ADDITIVE_WEIGHTS) continue;
                shape.losses[m] = logisticLosses(shape.design(raw, m, y), y[m], k, RIDGES, fold, folds);
            }
            return shape;
        }

        /** Every row's additive features for label column m (the rows' own earlier labels). */
        DMatrixRMaj design(DMatrixRMaj raw, int m, int[][] y) {
            int n = raw.numRows, d = raw.numCols, q = others.length, indicators = 0;
            for (int e = 0; e < m; e++) if (classes[e] <= LabelConditionals.MAX_CONDITIONING_LABELS) indicators += classes[e] - 1;
            int p = 1 + LabelConditionals.hatCount(knots) + indicators;
            DMatrixRMaj x = new DMatrixRMaj(n, p);
            double[] values = new double[q], row = new double[p];
            int[] earlier = new int[m];
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < q; a++) values[a] = raw.data[i * d + others[a]];
                for (int e = 0; e < m; e++) earlier[e] = y[e][i];
                LabelConditionals.additiveFeatures(knots, values, 0, classes, earlier, m, row);
                System.arraycopy(row, 0, x.data, i * p, p);
            }
            return x;
        }
    }

    /**
     * A logistic law's held-out loss on every judged row (the first fold.length rows of x) at each
     * ridge, each row judged by the fold that left it out; each ridge warm-starts the next.
     */
    private static double[][] logisticLosses(DMatrixRMaj x, int[] y, int k, double[] ridges, int[] fold, int folds) {
        double[][] losses = new double[ridges.length][fold.length];
        for (int f = 0; f < folds; f++) {
            int[] train = indices(fold, f, false), test = indices(fold, f, true);
            DMatrixRMaj xt = rows(x, train), xv = rows(x, test);
            int[] yt = pick(y, train), yv = pick(y, test);
            double[] w = null;
            for (int r = 0; r < ridges.length; r++) {
                w = SoftmaxRegression.fit(xt, yt, k, ridges[r], w);
                double[] l = SoftmaxRegression.losses(xv, yv, k, w);
                for (int t = 0; t < test.length; t++) losses[r][test[t]] = l[t];
            }
        }
        return losses;
    }

    private static double[][] zeroWeights(int d, int[] columns, int[] classes, int[] degrees) {
        int others = d - columns.length, indicators = 0;
        double[][] w = new double[columns.length][];
        for (int m = 0; m < columns.length; m++) {
            w[m] = new double[LabelConditionals.featureCount(degrees[m], others, indicators) * classes[m]];
            if (classes[m] <= LabelConditionals.MAX_CONDITIONING_LABELS) indicators += classes[m] - 1;
        }
        return w;
    }

    private static DMatrixRMaj design(DMatrixRMaj scores, int degree, int[] classes, int[][] y, int m, int indicators) {
        int n = scores.numRows, q = scores.numCols, p = LabelConditionals.featureCount(degree, q, indicators);
        DMatrixRMaj x = new DMatrixRMaj(n, p);
        double[] row = new double[p], rowScores = new double[q];
        int[] earlier = new int[m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) earlier[k] = y[k][i];
            System.arraycopy(scores.data, i * q, rowScores, 0, q);
            LabelConditionals.features(rowScores, q, degree, classes, earlier, m, row);
            System.arraycopy(row, 0, x.data, i * p, p);
        }
        return x;
    }

    private static DMatrixRMaj dropFirstColumn(DMatrixRMaj x) {
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, x.numCols - 1);
        for (int i = 0; i < x.numRows; i++) System.arraycopy(x.data, i * x.numCols + 1, out.data, i * out.numCols, out.numCols);
        return out;
    }

    private static int[] indices(int[] fold, int f, boolean in) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == in).toArray();
    }

    private static DMatrixRMaj rows(DMatrixRMaj x, int[] index) {
        DMatrixRMaj out = new DMatrixRMaj(index.length, x.numCols);
        for (int i = 0; i < index.length; i++) System.arraycopy(x.data, index[i] * x.numCols, out.data, i * x.numCols, x.numCols);
        return out;
    }

    private static int[] pick(int[] y, int[] index) {
        int[] out = new int[index.length];
        for (int i = 0; i < index.length; i++) out[i] = y[index[i]];
        return out;
    }

}
