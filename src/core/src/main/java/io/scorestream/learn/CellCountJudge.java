package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.columns.RepeatedRows;
import io.scorestream.metrics.SampleOps;
import io.scorestream.model.ScoreModel;
import io.scorestream.partition.GaussianCells;
import io.scorestream.sampler.SamplingPlan;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The soft cells' count judged by the whole model's samples against rows it did not see. The
 * cross-validated K search scores the cells' Gaussian mixture, a proxy: the diffusion model on
 * those cells is what is sampled, and on few rows the two disagree. The whole model's held-out
 * log density was tried first and measures coverage only: it does not see mass a model puts where
 * the data has none, which a two-sample test sees (QUALITY.md, "The whole model's held-out log
 * density").
 *
 * <p>So a count is judged by the kernel score of its samples, a proper scoring rule for
 * multivariate laws (Gneiting and Raftery, 2007): for a held-out row y and samples X, X′ of the
 * model, ½E k(X, X′) − E k(X, y), lower is better, and its mean over rows of a law Q is smallest
 * for the model that is Q. k is a sum of Gaussian kernels at the data's local scale, the median
 * distance of a row to its {@value #NEIGHBOUR}th nearest, as a nearest-neighbour classifier sees
 * the data (an energy score, bandwidth-free, was tried and could not tell 12 cells from 40 on 25
 * tight clusters). The whole model ({@link Fitter#fit}, the count fixed, in the columns' latent
 * coordinates with the maps and types already learned) is fitted on three quarters of the rows and
 * samples {@value #GENERATED} rows (the default sampler), put back into data units, which score the
 * fourth quarter, four times over, so every row is scored once; distances are in the columns'
 * standard deviations. Every count within a factor two of the search's is tried, and
 * the search's count stays unless another scores lower by a paired margin significant at 5 %
 * (one-sided).
 *
 * <p>After two folds a count that can no longer beat the search's by the margin stops ({@link
 * Curtailment}), and the judge with it where none is left.
 *
 * <p>A fit and a sample per count and fold, two to four times the fit's own time: it runs where
 * the search found at least {@value #MIN_CELLS} cells and fits are quick, on files of
 * {@value #MIN_ROWS}–{@value #MAX_ROWS} learned rows in at most {@value #MAX_DIMENSION} columns,
 * none of them labels. The judged fits have {@value #JUDGED_LEVELS} levels: on seven files they
 * chose the counts 30 levels chose, at half the cost.
 */
final class CellCountJudge {
    static final int MIN_ROWS = 64;
    /** Most learned rows: the judge's fits grow with them, and its gains were measured at 300–1 688 rows (airports' halves the largest). */
    static final int MAX_ROWS = 1700;
    static final int MAX_DIMENSION = 16;
    /**
     * The fewest cells the search must have found: many cells on few rows are where the mixture's
     * likelihood and the samples disagree (25 clusters in 300 rows, 30 in 1 000). Below it the
     * judge moved no real set beyond its noise, at five to seven times the fit's time (iris: 0.5 s
     * to 3 s).
     */
    static final int MIN_CELLS = 12;
    /** z of a one-sided test at 5 %: the paired gain over the search's count a candidate must reach. */
    static final double SIGNIFICANT = 1.645;
    private static final long SPLIT_SALT = 0x1D6E_5A17L;
    /** Folds: every row is judged once, by models fitted without it (one held-out quarter alone moved counts on noise). */
    static final int FOLDS = 4;
    /** Rows each candidate model samples per fold: the self term's and the cross term's noise well below the rows'. */
    static final int GENERATED = 1000;
    /** The neighbour whose distance sets the kernel's bandwidth: the 10-NN classifier's scale. */
    static final int NEIGHBOUR = 10;
    /** Levels of the judged fits (and steps of their sampler): half the default, half the cost. */
    static final int JUDGED_LEVELS = 15;
    private static final long SAMPLE_SALT = 0x5A3B_1E5EL;

    private CellCountJudge() {}

    /**
     * The candidate counts (ascending), their mean kernel scores of the held-out rows (NaN where a
     * fold's rows could not fit it), which were judged to the end (the others stopped half way, their
     * means of half the rows), the chosen count and its paired gain (lower score) over the search's;
     * where the search's count stays, the best other count's gain, on half the rows where every
     * other count stopped there (halfWay).
     */
    record Choice(int searched, int chosen, int[] counts, double[] means, boolean[] judgedToTheEnd, int heldOut, double gain, double error, boolean tied,
                  double leastGain, double leastShare, boolean halfWay) {
        String describe() {
            StringBuilder s = new StringBuilder(String.format("soft cells%s judged by the kernel score of the whole model's samples on %d rows, each held out of a %d-fold fit (K:score, lower is better; * stopped half way)",
                    tied ? " (one covariance shared, as the plan's)" : "", heldOut, FOLDS));
            for (int i = 0; i < counts.length; i++) if (!Double.isNaN(means[i])) s.append(String.format(" %d:%s%s", counts[i], figure(means[i]), judgedToTheEnd[i] ? "" : "*"));
            if (chosen != searched) s.append(String.format(" -> %d (%s ± %s below the search's %d%s)", chosen, figure(gain), figure(error), searched,
                    leastGain > 0 ? String.format("; %s needed, %.0f %% of the held-out rows' own ½E k", figure(leastGain), 100 * leastShare) : ""));
            else if (!Double.isNaN(gain) && halfWay)
                s.append(String.format(" -> %d (every other count stopped half way: the best gains %s ± %s there%s)", chosen, figure(gain), figure(error),
                        leastGain > 0 ? String.format(", %s needed, %.0f %% of the held-out rows' own ½E k", figure(leastGain), 100 * leastShare) : ""));
            else if (!Double.isNaN(gain) && gain > SIGNIFICANT * error && gain < leastGain)
                s.append(String.format(" -> %d (the best gains %s ± %s: less than %s, %.0f %% of the held-out rows' own ½E k)", chosen, figure(gain), figure(error),
                        figure(leastGain), 100 * leastShare));
            else if (!Double.isNaN(gain)) s.append(String.format(" -> %d (the best gains %s ± %s: not significant)", chosen, figure(gain), figure(error)));
            else s.append(" -> ").append(chosen);
            return s.toString();
        }
    }

    /** A score to four decimals, or to three significant digits where it is smaller (a large file's scores and gains are 10⁻⁴–10⁻⁶). */
    private static String figure(double x) {
        return Math.abs(x) >= 1e-3 || x == 0 || !Double.isFinite(x) ? String.format("%.4f", x) : String.format("%.3g", x);
    }

    /** Whether the judge runs for these (resolved) options on rows×d data whose search found searched cells. */
    static boolean applies(FitOptions resolved, int rows, int d, int searched) {
        if (searched < MIN_CELLS) return false;
        if (resolved.cells() == FitOptions.CellKind.VORONOI || resolved.cellCount() != FitOptions.AUTO) return false;
        if (rows < MIN_ROWS || rows > MAX_ROWS || d > MAX_DIMENSION) return false;
        for (int classes : resolved.columns().labelClasses(d)) if (classes >= 2) return false;
        return true;
    }

    /**
     * Counts within a factor two of the search's, at most maxCells (a fit of more would be one
     * cell: the search's cap refuses it), that three quarters of the rows can fit (as the search
     * requires).
     */
    static int[] candidates(int searched, int trainingRows, int d, int maxCells) {
        List<Integer> out = new ArrayList<>();
        for (int k : GaussianCells.candidateCounts())
            if (2 * k >= searched && k <= 2 * searched + 1 && k <= maxCells
                    && (long) k * (d + 2) <= trainingRows * (GaussianCells.FOLDS - 1L) / GaussianCells.FOLDS) out.add(k);
        if (!out.contains(searched)) out.add(searched);
        return out.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param rows     the rows the cells learn, in data units
     * @param columns  their learned maps and types
     * @param searched the count the K search chose (1 where it fell back to Voronoi cells)
     * @param options  the options as given (each candidate fit resolves them for its rows)
     */
    static Choice choose(DMatrixRMaj rows, Columns columns, int searched, FitOptions options) {
        return choose(rows, columns, searched, options, candidates(searched, rows.numRows - (rows.numRows + FOLDS - 1) / FOLDS, rows.numCols, options.softCellLimit()), 0);
    }

    /**
     * As above, over the given counts (ascending, the search's among them), a count kept only where
     * its gain also reaches leastShare of the held-out rows' own ½E k(Y, Y′).
     */
    static Choice choose(DMatrixRMaj rows, Columns columns, int searched, FitOptions options, int[] counts, double leastShare) {
        int n = rows.numRows, d = rows.numCols;
        int[] order = SampleOps.randomPermutation(n, n, new SplittableRandom(options.seed() ^ SPLIT_SALT));
        // Distances in the columns' standard deviations (a constant column's: 1).
        double[] inverseScale = SampleOps.meanAndScale(rows)[1];
        for (int j = 0; j < d; j++) inverseScale[j] = 1 / inverseScale[j];
        double bandwidth = bandwidth(rows, inverseScale);
        // The candidates are fitted in the columns' latent coordinates, on the maps and types
        // already learned (plain columns): each fit judging the transforms again was half the
        // judge's time. Their samples are mapped back to data units, where the rows are scored.
        DMatrixRMaj latent = new DMatrixRMaj(1, 1);
        columns.forward(rows, null, 0, latent);
        DMatrixRMaj[] train = new DMatrixRMaj[FOLDS], heldOut = new DMatrixRMaj[FOLDS];
        for (int fold = 0; fold < FOLDS; fold++) {
            int from = fold * n / FOLDS, to = (fold + 1) * n / FOLDS;
            train[fold] = new DMatrixRMaj(n - (to - from), d);
            heldOut[fold] = new DMatrixRMaj(to - from, d);
            for (int i = 0, t = 0; i < n; i++) {
                if (i >= from && i < to) System.arraycopy(rows.data, order[i] * d, heldOut[fold].data, (i - from) * d, d);
                else System.arraycopy(latent.data, order[i] * d, train[fold].data, t++ * d, d);
            }
        }
        // Every count within a factor two: a climb from the search's count that stopped at the first
        // step without a significant gain cost half the fits and lost the gain on 25 tight clusters
        // at 300 rows (C2ST 0.641 against 0.623 over three seeds; QUALITY.md, "The cells' count
        // judged by the samples").
        // Half way, a count that can no longer beat the search's by the margin stops ({@link Curtailment}).
        double[][] scores = new double[counts.length][n];
        for (double[] v : scores) java.util.Arrays.fill(v, Double.NaN);
        int at = java.util.Arrays.binarySearch(counts, searched);
        boolean[] going = new boolean[counts.length];
        java.util.Arrays.fill(going, true);
        FitOptions plain = options.withColumns(ColumnOptions.PLAIN).withLevels(JUDGED_LEVELS);
        Columns toData = columns.withRepeated(RepeatedRows.none(d));   // the rows judged are those off the repeated values
        // The held-out rows' own ½E k(Y, Y′), a fold at a time: the scale of the least gain, which a
        // count that can no longer reach it half way stops for too.
        double[] self = new double[FOLDS];
        java.util.Arrays.fill(self, Double.NaN);
        int folds = 0;
        for (int fold = 0, from = 0; fold < FOLDS; from += heldOut[fold].numRows, fold++) {
            if (fold == FOLDS / 2) {
                double least = leastGain(leastShare, self, heldOut, fold, inverseScale, bandwidth);
                boolean any = false;
                for (int c = 0; c < counts.length; c++) {
                    if (c == at) continue;
                    double[] gain = pairedGain(scores[at], scores[c]);
                    any |= going[c] = Curtailment.canStillPass(gain[0], gain[1], SIGNIFICANT, least);
                }
                if (!any) break;
            }
            for (int c = 0; c < counts.length; c++)
                if (going[c]) scoreFold(counts[c], train[fold], heldOut[fold], fold, toData, inverseScale, bandwidth, plain, scores[c], from);
            folds = fold + 1;
        }
        double[] means = new double[counts.length];
        int best = -1;
        for (int c = 0; c < counts.length; c++) {
            means[c] = meanOf(scores[c]);
            if (going[c] && !Double.isNaN(means[c]) && (best < 0 || means[c] < means[best])) best = c;
        }
        int scored = 0;
        for (int fold = 0; fold < folds; fold++) scored += heldOut[fold].numRows;
        double leastGain = leastGain(leastShare, self, heldOut, folds, inverseScale, bandwidth);
        if (best < 0 || best == at) {
            // Every other count stopped half way: said with the best one's gain on the rows it was judged on.
            int stopped = -1;
            boolean judgedOthers = false;
            for (int c = 0; c < counts.length; c++) {
                if (c == at) continue;
                judgedOthers |= going[c];
                if (!going[c] && !Double.isNaN(means[c]) && (stopped < 0 || means[c] < means[stopped])) stopped = c;
            }
            if (judgedOthers) stopped = -1;
            double[] gain = stopped < 0 ? new double[]{Double.NaN, Double.NaN} : pairedGain(scores[at], scores[stopped]);
            return new Choice(searched, searched, counts, means, going, scored, gain[0], gain[1], options.tiedCells(), leastGain, leastShare, stopped >= 0);
        }
        double[] gain = pairedGain(scores[at], scores[best]);
        boolean significant = gain[0] > SIGNIFICANT * gain[1] && gain[0] >= leastGain;
        return new Choice(searched, significant ? counts[best] : searched, counts, means, going, scored, gain[0], gain[1], options.tiedCells(), leastGain, leastShare, false);
    }

    /**
     * The kernel scores of one fold's held-out rows, from out[from] on, under the samples of the
     * whole model with this count fitted in latent coordinates on the fold's other rows, its samples
     * put into data units by columns (NaN: those rows cannot fit it).
     */
    private static void scoreFold(int count, DMatrixRMaj train, DMatrixRMaj heldOut, int fold, Columns columns, double[] inverseScale, double bandwidth,
                                  FitOptions options, double[] out, int from) {
        double[] part = new double[heldOut.numRows];
        try {
            ScoreModel model = Fitter.fit(train, options.withCellCount(count), null);
            SamplingPlan plan = SamplingPlan.defaults();
            DMatrixRMaj generated = plan.generate(model, plan.grid(model, model.schedule()), GENERATED, options.seed() ^ SAMPLE_SALT ^ fold);
            columns.toData(generated);
            kernelScores(generated, heldOut, inverseScale, bandwidth, part);
        } catch (IllegalArgumentException tooFewRows) {
            java.util.Arrays.fill(part, Double.NaN);
        }
        System.arraycopy(part, 0, out, from, part.length);
    }

    /**
     * Each held-out row's kernel score under the generated rows, a proper scoring rule for a
     * positive-definite kernel k: ½E k(X, X′) − E k(X, y), lower is better. k is the sum of Gaussian
     * kernels at half, one and two times the bandwidth, so that the score sees the data's local
     * shape (clusters, a thin tube) as a nearest-neighbour classifier does.
     */
    static void kernelScores(DMatrixRMaj generated, DMatrixRMaj heldOut, double[] inverseScale, double bandwidth, double[] out) {
        int m = generated.numRows, d = generated.numCols;
        double inverseSquare = 1 / (bandwidth * bandwidth);
        double self = (pairKernelSum(generated, m, inverseScale, inverseSquare) * 2 + m * kernel(0)) / ((double) m * m);
        for (int i = 0; i < heldOut.numRows; i++) {
            double cross = 0;
            for (int a = 0; a < m; a++) cross += kernel(squaredDistance(generated.data, a, heldOut.data, i, inverseScale, d) * inverseSquare);
            out[i] = self / 2 - cross / m;
        }
    }

    /** leastShare of the mean self term of the first folds held-out folds (0 where no share is asked), each fold's computed once into self. */
    private static double leastGain(double leastShare, double[] self, DMatrixRMaj[] heldOut, int folds, double[] inverseScale, double bandwidth) {
        if (leastShare <= 0 || folds == 0) return 0;
        double sum = 0;
        for (int fold = 0; fold < folds; fold++) {
            if (Double.isNaN(self[fold])) self[fold] = selfTerm(heldOut[fold], inverseScale, bandwidth);
            sum += self[fold];
        }
        return leastShare * sum / folds;
    }

    /** ½E k(Y, Y′) over pairs of these rows (at most {@value #BANDWIDTH_ROWS} of them): the score's scale, minus the score of a model that is their law. */
    static double selfTerm(DMatrixRMaj rows, double[] inverseScale, double bandwidth) {
        int m = Math.min(rows.numRows, BANDWIDTH_ROWS);
        return m < 2 ? 0 : pairKernelSum(rows, m, inverseScale, 1 / (bandwidth * bandwidth)) / ((double) m * (m - 1));
    }

    /** Σ k over the pairs a < b of the first m rows. */
    private static double pairKernelSum(DMatrixRMaj rows, int m, double[] inverseScale, double inverseSquare) {
        int d = rows.numCols;
        double sum = 0;
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++) sum += kernel(squaredDistance(rows.data, a, rows.data, b, inverseScale, d) * inverseSquare);
        return sum;
    }

    /**
     * The kernel at a squared distance q in squared bandwidths: exp(−2q) + exp(−q/2) + exp(−q/8),
     * the first two as the 16th and 4th powers of the third, so one exponential per pair (the
     * judge's million pairs a fold were a tenth of its time with three).
     */
    private static double kernel(double q) {
        double wide = Math.exp(-0.125 * q), middle = wide * wide;
        middle *= middle;
        double narrow = middle * middle;
        return narrow * narrow + middle + wide;
    }

    /** Rows whose neighbours set the bandwidth on more than {@value #MAX_ROWS} rows. */
    static final int BANDWIDTH_ROWS = 1000;
    private static final long BANDWIDTH_SALT = 0x5EED_BA4DL;

    /** The median over rows of the distance to a row's {@value #NEIGHBOUR}-th nearest other row, in scaled units: the data's local scale. */
    static double bandwidth(DMatrixRMaj rows, double[] inverseScale) {
        int n = rows.numRows, d = rows.numCols;
        // On more rows, the median over a random thousand of them: n² sorted distances were seconds.
        int[] queries = n > MAX_ROWS ? SampleOps.randomPermutation(n, BANDWIDTH_ROWS, new SplittableRandom(BANDWIDTH_SALT)) : null;
        int q = queries == null ? n : BANDWIDTH_ROWS;
        double[] kth = new double[q], nearest = new double[n - 1];
        for (int t = 0; t < q; t++) {
            int i = queries == null ? t : queries[t];
            for (int j = 0, k = 0; j < n; j++) if (j != i) nearest[k++] = Math.sqrt(squaredDistance(rows.data, i, rows.data, j, inverseScale, d));
            java.util.Arrays.sort(nearest);
            kth[t] = nearest[Math.min(NEIGHBOUR, n - 1) - 1];
        }
        java.util.Arrays.sort(kth);
        double h = kth[q / 2];
        return h > 0 ? h : 1;
    }

    private static double squaredDistance(double[] x, int a, double[] y, int b, double[] inverseScale, int d) {
        double sum = 0;
        for (int j = 0; j < d; j++) {
            double e = (x[a * d + j] - y[b * d + j]) * inverseScale[j];
            sum += e * e;
        }
        return sum;
    }

    /** The mean over rows with a score (NaN: a fit that failed); NaN when none. */
    private static double meanOf(double[] v) {
        double sum = 0;
        int count = 0;
        for (double x : v) if (!Double.isNaN(x)) { sum += x; count++; }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mean and standard error of a − b over rows both score. */
    static double[] pairedGain(double[] a, double[] b) {
        int count = 0;
        double sum = 0, squares = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) continue;
            double g = a[i] - b[i];
            if (!Double.isFinite(g)) return new double[]{g, 0};   // one side gives the row no mass at all
            count++;
            sum += g;
            squares += g * g;
        }
        if (count < 2) return new double[]{Double.NaN, Double.NaN};
        double mean = sum / count;
        return new double[]{mean, Math.sqrt(Math.max(0, squares / count - mean * mean) / (count - 1))};
    }
}
