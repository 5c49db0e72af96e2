package io.scorestream.columns;

import java.util.ArrayList;
import java.util.List;

import static io.scorestream.columns.RowFigures.mean;
import static io.scorestream.columns.RowFigures.standardError;

/**
 * How a label column's law from counts ({@link LabelCounts}) is chosen: by held-out log-loss on
 * folds of the planning rows, like the other label laws. It starts from the label's shares; then,
 * one level at a time, it tries its shares given each earlier label column not yet used, smoothed
 * towards the law so far at each α of {@link #ALPHAS}, and keeps the best only where it beats the
 * law so far by more than a standard error of the paired difference. A row's held-out probability
 * needs its own pair's counts only, so every candidate costs a pass over the rows: judged on every
 * planning row, in {@value #FOLDS} folds (the counts are thin: a team is in 40 of 4 000 rows).
 */
final class LabelCountChoice {
    private LabelCountChoice() {}

    /** Pseudo-rows tried per level: from a level that nearly replaces the one below to one that barely moves it. */
    static final double[] ALPHAS = {0.03, 0.1, 0.3, 1, 3, 10, 30, 100};
    static final int FOLDS = 5;

    /** A chosen law: its packed counts, every row's held-out loss, and the line fit prints. */
    record Chosen(double[] packed, double[] rowLosses, String line) {}

    /**
     * The law of label column m (labels y, k of them) given the earlier label columns' labels
     * (earlier[m'] for m' < m, with their label counts), judged on every row.
     *
     * @param names per label column in draw order, its column's number as fit names it (1-based)
     */
    static Chosen choose(int m, int[][] earlier, int[] classes, int[] names, long seed) {
        int[] y = earlier[m];
        int n = y.length, k = classes[m];
        int[] fold = new int[n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed ^ LabelConditionals.SALT ^ m);
        for (int i = 0; i < n; i++) fold[i] = i % FOLDS;
        for (int i = n - 1; i > 0; i--) { int j = rng.nextInt(i + 1), t = fold[i]; fold[i] = fold[j]; fold[j] = t; }
        // The shares fitted without each row's fold, at that row's label.
        double[][] shareCounts = new double[FOLDS][k];
        double[] foldRows = new double[FOLDS];
        for (int i = 0; i < n; i++) { shareCounts[fold[i]][y[i]]++; foldRows[fold[i]]++; }
        double[] current = new double[n];
        for (int i = 0; i < n; i++) {
            double seen = 0;
            for (int f = 0; f < FOLDS; f++) if (f != fold[i]) seen += shareCounts[f][y[i]];
            current[i] = (seen + 0.5) / (n - foldRows[fold[i]] + 0.5 * k);
        }
        double[] sharesLoss = losses(current);
        double[] chosenLoss = sharesLoss;
        List<Integer> parents = new ArrayList<>();
        List<Double> alphas = new ArrayList<>();
        StringBuilder figures = new StringBuilder(String.format(" shares:%.3f", mean(sharesLoss)));
        List<String> levels = new ArrayList<>();   // finest first
        boolean[] used = new boolean[m];
        while (parents.size() < m) {
            int bestParent = -1;
            double bestAlpha = 0;
            double[] best = null, bestP = null;
            for (int e = 0; e < m; e++) {
                if (used[e]) continue;
                double[][] counts = heldOutCounts(earlier[e], classes[e], y, k, fold);
                for (double alpha : ALPHAS) {
                    double[] p = new double[n];
                    for (int i = 0; i < n; i++) p[i] = (counts[0][i] + alpha * current[i]) / (counts[1][i] + alpha);
                    double[] l = losses(p);
                    if (best == null || mean(l) < mean(best) - 1e-12) { best = l; bestP = p; bestParent = e; bestAlpha = alpha; }
                }
            }
            double gain = mean(chosenLoss) - mean(best), error = standardError(chosenLoss, best);
            figures.append(String.format(" | %sgiven column %d@%s:%.3f (gain %.3f ± %.3f)", parents.isEmpty() ? "" : "then ", names[bestParent], bestAlpha, mean(best), gain, error));
            if (gain <= error) break;
            parents.add(bestParent);
            alphas.add(bestAlpha);
            used[bestParent] = true;
            chosenLoss = best;
            current = bestP;
            levels.add(0, String.format("column %d (α %s)", names[bestParent], bestAlpha));
        }
        int[] levelParents = parents.stream().mapToInt(Integer::intValue).toArray();
        double[] levelAlphas = alphas.stream().mapToDouble(Double::doubleValue).toArray();
        double[] packed = LabelCounts.pack(y, k, earlier, classes, levelParents, levelAlphas);
        String law = parents.isEmpty() ? "the shares alone" : "the shares given " + String.join(", backing off to ", levels) + ", backing off to the shares";
        String line = String.format("labels of column %d, %d labels, by their counts: held-out log-loss per row over %d folds of %d rows%s -> %s",
                names[m], k, FOLDS, n, figures, law);
        return new Chosen(packed, chosenLoss, line);
    }

    /** Per row, its own pair's count and its earlier label's rows, both from the rows of the other folds. */
    private static double[][] heldOutCounts(int[] a, int parentClasses, int[] y, int k, int[] fold) {
        int n = y.length;
        java.util.HashMap<Long, double[]> pairs = new java.util.HashMap<>();
        double[][] parentRows = new double[parentClasses][FOLDS];
        for (int i = 0; i < n; i++) {
            pairs.computeIfAbsent((long) a[i] * k + y[i], key -> new double[FOLDS])[fold[i]]++;
            parentRows[a[i]][fold[i]]++;
        }
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            double[] pair = pairs.get((long) a[i] * k + y[i]), rows = parentRows[a[i]];
            double pc = 0, rc = 0;
            for (int f = 0; f < FOLDS; f++) if (f != fold[i]) { pc += pair[f]; rc += rows[f]; }
            out[0][i] = pc;
            out[1][i] = rc;
        }
        return out;
    }

    private static double[] losses(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = -Math.log(Math.max(p[i], 1e-300));
        return out;
    }

    /** For tests: the levels' earlier columns of a packed law. */
    static int[] parents(double[] packed, int labels, int[] earlierClasses) {
        LabelCounts counts = new LabelCounts(packed, labels, earlierClasses);
        int[] out = new int[counts.levels()];
        for (int h = 0; h < out.length; h++) out[h] = counts.parent(h);
        return out;
    }
}
