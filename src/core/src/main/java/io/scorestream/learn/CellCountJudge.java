package io.scorestream.learn;

import io.scorestream.metrics.ModelLikelihood;
import io.scorestream.metrics.SampleOps;
import io.scorestream.model.ScoreModel;
import io.scorestream.partition.GaussianCells;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The soft cells' count judged by the whole model on rows it did not see. The cross-validated K
 * search scores the cells' Gaussian mixture, a proxy: the diffusion model on those cells is what is
 * sampled, and on few rows the two disagree. On 300 rows of 25 tight clusters the mixture's
 * held-out likelihood chose 20 cells; the whole model's held-out log density preferred 12, and
 * its samples were far closer to the data (C2ST 0.577 against 0.684; QUALITY.md, "The whole model
 * judges the cells' count").
 *
 * <p>So for each count within a factor two of the search's, the whole model ({@link Fitter#fit},
 * every choice it makes, the count fixed) is fitted on three quarters of the rows and gives the
 * last quarter a log density by the probability-flow ODE ({@link ModelLikelihood}), four times
 * over, so every row is judged once. The search's count stays unless another is likelier by a
 * paired margin significant at 5 % (one-sided): a count moved on noise (aniso, 300 rows: 4 → 2
 * cells on a 0.07 ± 0.27 nat gain from one held-out quarter) sampled far worse.
 *
 * <p>A fit per candidate and an ODE per held-out row: it runs where that is cheap against the fit
 * itself, on files of {@value #MIN_ROWS}–{@value #MAX_ROWS} learned rows in at most
 * {@value #MAX_DIMENSION} columns, none of them labels.
 */
final class CellCountJudge {
    static final int MIN_ROWS = 64;
    static final int MAX_ROWS = 3000;
    static final int MAX_DIMENSION = 16;
    /** z of a one-sided test at 5 %: the paired gain over the search's count a candidate must reach. */
    static final double SIGNIFICANT = 1.645;
    private static final long SPLIT_SALT = 0x1D6E_5A17L;
    /** Folds: every row is judged once, by models fitted without it (one held-out quarter alone moved counts on noise). */
    static final int FOLDS = 4;
    /**
     * ODE steps per level interval: half the figure's own (worst error 0.024 nats a row against 0.006,
     * mean 0.0008), enough to rank models on the same rows at half the cost.
     */
    static final int SUBSTEPS = 4;

    private CellCountJudge() {}

    /** The counts tried (ascending), their mean log densities of the held-out rows (NaN where a fit failed), the chosen count and its paired gain over the search's. */
    record Choice(int searched, int chosen, int[] counts, double[] means, int heldOut, double gain, double error) {
        String describe() {
            StringBuilder s = new StringBuilder(String.format("soft cells judged by the whole model's log density of %d rows, each held out of a %d-fold fit (K:nats per row)", heldOut, FOLDS));
            for (int i = 0; i < counts.length; i++) s.append(String.format(" %d:%.3f", counts[i], means[i]));
            if (chosen != searched) s.append(String.format(" -> %d (%.3f ± %.3f nats a row above the search's %d)", chosen, gain, error, searched));
            else if (!Double.isNaN(gain)) s.append(String.format(" -> %d (the best gains %.3f ± %.3f: not significant)", chosen, gain, error));
            else s.append(" -> ").append(chosen);
            return s.toString();
        }
    }

    /** Whether the judge runs for these (resolved) options on rows×d data. */
    static boolean applies(FitOptions resolved, int rows, int d) {
        if (resolved.cells() == FitOptions.CellKind.VORONOI || resolved.cellCount() != FitOptions.AUTO) return false;
        if (rows < MIN_ROWS || rows > MAX_ROWS || d > MAX_DIMENSION) return false;
        for (int classes : resolved.columns().labelClasses(d)) if (classes >= 2) return false;
        return true;
    }

    /** Counts within a factor two of the search's that three quarters of the rows can fit (as the search requires). */
    static int[] candidates(int searched, int trainingRows, int d) {
        List<Integer> out = new ArrayList<>();
        for (int k : GaussianCells.candidateCounts())
            if (2 * k >= searched && k <= 2 * searched + 1 && (long) k * (d + 2) <= trainingRows * (GaussianCells.FOLDS - 1L) / GaussianCells.FOLDS) out.add(k);
        if (!out.contains(searched)) out.add(searched);
        return out.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param rows     the rows the cells learn, in data units
     * @param searched the count the K search chose (1 where it fell back to Voronoi cells)
     * @param options  the options as given (each candidate fit resolves them for its rows)
     */
    static Choice choose(DMatrixRMaj rows, int searched, FitOptions options) {
        int n = rows.numRows, d = rows.numCols;
        int[] order = SampleOps.randomPermutation(n, n, new SplittableRandom(options.seed() ^ SPLIT_SALT));
        int[] counts = candidates(searched, n - (n + FOLDS - 1) / FOLDS, d);
        double[][] logDensities = new double[counts.length][n];
        for (int fold = 0; fold < FOLDS; fold++) {
            int from = fold * n / FOLDS, to = (fold + 1) * n / FOLDS;
            DMatrixRMaj train = new DMatrixRMaj(n - (to - from), d), heldOut = new DMatrixRMaj(to - from, d);
            for (int i = 0, t = 0; i < n; i++) {
                boolean held = i >= from && i < to;
                System.arraycopy(rows.data, order[i] * d, (held ? heldOut : train).data, (held ? i - from : t++) * d, d);
            }
            for (int c = 0; c < counts.length; c++) {
                double[] part;
                try {
                    part = ModelLikelihood.of(Fitter.fit(train, options.withCellCount(counts[c]), null), heldOut, SUBSTEPS).logDensities();
                } catch (IllegalArgumentException tooFewRows) {
                    part = new double[to - from];   // the count cannot be fitted on these rows: no candidate
                    java.util.Arrays.fill(part, Double.NaN);
                }
                System.arraycopy(part, 0, logDensities[c], from, part.length);
            }
        }
        double[] means = new double[counts.length];
        int best = -1, searchedAt = -1;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == searched) searchedAt = c;
            means[c] = meanOf(logDensities[c]);
            if (!Double.isNaN(means[c]) && (best < 0 || means[c] > means[best])) best = c;
        }
        if (best < 0 || best == searchedAt) return new Choice(searched, searched, counts, means, n, Double.NaN, Double.NaN);
        double[] gain = pairedGain(logDensities[best], logDensities[searchedAt]);
        boolean significant = gain[0] > SIGNIFICANT * gain[1];
        return new Choice(searched, significant ? counts[best] : searched, counts, means, n, gain[0], gain[1]);
    }

    /** The mean over rows with a density (NaN: a fit that failed, or rows between point masses); NaN when none. */
    private static double meanOf(double[] v) {
        double sum = 0;
        int count = 0;
        for (double x : v) if (!Double.isNaN(x)) { sum += x; count++; }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mean and standard error of a − b over rows both give a density (−∞ where a model gives a row none). */
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
