package io.scorestream.columns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.scorestream.columns.RowFigures.mean;
import static io.scorestream.columns.RowFigures.standardError;

/**
 * How a label column's law from counts ({@link LabelCounts}) is chosen: by held-out log-loss on
 * folds of the planning rows, like the other label laws. It starts from the label's shares; then,
 * one level at a time, it tries its shares given each earlier label column not yet used, smoothed
 * towards the law so far at each α of {@link #ALPHAS}, and keeps the best only where it beats the
 * law so far by more than a standard error of the paired difference; last, for each earlier column
 * whose labels it shares by name, the share of rows holding that column's label, kept by the same
 * rule. A row's held-out probability needs a few pairs' counts only, so every candidate costs a
 * pass over the rows: judged on every planning row, in {@value #FOLDS} folds (the counts are thin:
 * a team is in 40 of 4 000 rows).
 */
final class LabelCountChoice {
    private LabelCountChoice() {}

    /** Pseudo-rows tried per level: from a level that all but replaces the one below to one that barely moves it. */
    static final double[] ALPHAS = {0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100};
    static final int FOLDS = 5;

    /**
     * A chosen law: its levels' earlier columns and α, its same-label column (−1: none) and share,
     * every judged row's held-out loss, the law in words and the line fit prints.
     */
    record Chosen(int[] parents, double[] alphas, int same, double sameShare, double[] rowLosses, String law, String line) {
        /** The law's counts on these rows (labels[m'] of each label column m' ≤ m). */
        double[] pack(int m, int[][] labels, int[] classes, int[][] sameLabels) {
            return LabelCounts.pack(labels[m], classes[m], labels, classes, parents, alphas, same, sameShare, same < 0 ? null : sameLabels[same]);
        }
    }

    /**
     * The law of label column m given the earlier label columns (labels[m'] the rows' labels of
     * column m' ≤ m, classes[m'] their counts), judged on every row.
     *
     * @param names per label column in draw order, its column's number as fit names it (1-based)
     * @param sameLabels per earlier column, the index here of each of its labels by name (−1: none), or null
     */
    static Chosen choose(int m, int[][] labels, int[] classes, int[] names, int[][] sameLabels, long seed) {
        int n = labels[m].length;
        int[] fold = new int[n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed ^ LabelConditionals.SALT ^ m);
        for (int i = 0; i < n; i++) fold[i] = i % FOLDS;
        for (int i = n - 1; i > 0; i--) { int j = rng.nextInt(i + 1), t = fold[i]; fold[i] = fold[j]; fold[j] = t; }
        return choose(m, labels, classes, names, sameLabels, fold, FOLDS);
    }

    /** As above, on the rows and folds given (fold[i] in 0..folds−1 for each row of labels). */
    static Chosen choose(int m, int[][] labels, int[] classes, int[] names, int[][] sameLabels, int[] fold, int folds) {
        int[] y = labels[m];
        int n = y.length, k = classes[m];
        HeldOut heldOut = new HeldOut(y, k, fold, folds);
        double[] current = heldOut.chain(y, labels, classes, List.of(), List.of());
        double[] sharesLoss = losses(current), chosenLoss = sharesLoss;
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
                double[][] counts = heldOut.pairs(labels[e], classes[e], y);
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
        // The share of rows holding an earlier column's label by name: a team never plays itself.
        int same = -1;
        double sameShare = 0;
        double[] sameLoss = null;
        for (int e = 0; e < m; e++) {
            if (sameLabels[e] == null) continue;
            int[] b = new int[n];
            for (int i = 0; i < n; i++) b[i] = sameLabels[e][labels[e][i]];
            double[] atB = heldOut.chain(b, labels, classes, parents, alphas), share = heldOut.sameShares(b);
            double[] p = new double[n];
            for (int i = 0; i < n; i++)
                p[i] = b[i] < 0 ? current[i] : y[i] == b[i] ? share[i] : (1 - share[i]) * current[i] / (1 - atB[i]);
            double[] l = losses(p);
            if (sameLoss == null || mean(l) < mean(sameLoss)) { sameLoss = l; same = e; }
        }
        String sameText = "";
        if (same >= 0) {
            double gain = mean(chosenLoss) - mean(sameLoss), error = standardError(chosenLoss, sameLoss);
            int held = 0, rows = 0;
            for (int i = 0; i < n; i++) {
                int b = sameLabels[same][labels[same][i]];
                if (b >= 0) { rows++; if (y[i] == b) held++; }
            }
            sameShare = (held + 0.5) / (rows + 1.0);
            figures.append(String.format(" | same label as column %d in %d of %d rows:%.3f (gain %.3f ± %.3f)", names[same], held, rows, mean(sameLoss), gain, error));
            if (gain > error) {
                chosenLoss = sameLoss;
                sameText = String.format("; column %d's label at share %.2g", names[same], sameShare);
            } else {
                same = -1;
            }
        }
        int[] levelParents = parents.stream().mapToInt(Integer::intValue).toArray();
        double[] levelAlphas = alphas.stream().mapToDouble(Double::doubleValue).toArray();
        String law = (parents.isEmpty() ? "the shares alone" : "the shares given " + String.join(", backing off to ", levels) + ", backing off to the shares") + sameText;
        String line = String.format("labels of column %d, %d labels, by their counts: held-out log-loss per row over %d folds of %d rows%s -> %s",
                names[m], k, folds, n, figures, law);
        return new Chosen(levelParents, levelAlphas, same, sameShare, chosenLoss, law, line);
    }

    /** Counts of a column's labels y from the rows of the other folds than each row's own. */
    private record HeldOut(int[] y, int k, int[] fold, int folds) {
        /** Per row, the held-out probability of label target[i] (none: −1, probability 0) under the shares then the levels given. */
        double[] chain(int[] target, int[][] labels, int[] classes, List<Integer> parents, List<Double> alphas) {
            int n = y.length;
            double[][] shareCounts = new double[folds][k];
            double[] foldRows = new double[folds];
            for (int i = 0; i < n; i++) { shareCounts[fold[i]][y[i]]++; foldRows[fold[i]]++; }
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                if (target[i] < 0) continue;
                double seen = 0;
                for (int f = 0; f < folds; f++) if (f != fold[i]) seen += shareCounts[f][target[i]];
                p[i] = (seen + 0.5) / (n - foldRows[fold[i]] + 0.5 * k);
            }
            for (int h = 0; h < parents.size(); h++) {
                int e = parents.get(h);
                double alpha = alphas.get(h);
                double[][] counts = pairs(labels[e], classes[e], target);
                for (int i = 0; i < n; i++) if (target[i] >= 0) p[i] = (counts[0][i] + alpha * p[i]) / (counts[1][i] + alpha);
            }
            return p;
        }

        /** Per row, the count of the pair (a[i], target[i]) and of a[i]'s rows. */
        double[][] pairs(int[] a, int parentClasses, int[] target) {
            int n = y.length;
            Map<Long, double[]> pairs = new HashMap<>();
            double[][] parentRows = new double[parentClasses][folds];
            for (int i = 0; i < n; i++) {
                pairs.computeIfAbsent((long) a[i] * k + y[i], key -> new double[folds])[fold[i]]++;
                parentRows[a[i]][fold[i]]++;
            }
            double[][] out = new double[2][n];
            for (int i = 0; i < n; i++) {
                double[] pair = target[i] < 0 ? null : pairs.get((long) a[i] * k + target[i]), rows = parentRows[a[i]];
                for (int f = 0; f < folds; f++)
                    if (f != fold[i]) { out[0][i] += pair == null ? 0 : pair[f]; out[1][i] += rows[f]; }
            }
            return out;
        }

        /** Per row, the held-out share (n_same + ½)/(n + 1) of rows whose label is their b (among those with one). */
        double[] sameShares(int[] b) {
            double[] held = new double[folds], rows = new double[folds];
            for (int i = 0; i < y.length; i++)
                if (b[i] >= 0) { rows[fold[i]]++; if (y[i] == b[i]) held[fold[i]]++; }
            double allHeld = java.util.Arrays.stream(held).sum(), allRows = java.util.Arrays.stream(rows).sum();
            double[] out = new double[y.length];
            for (int i = 0; i < y.length; i++) out[i] = (allHeld - held[fold[i]] + 0.5) / (allRows - rows[fold[i]] + 1);
            return out;
        }
    }

    private static double[] losses(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = -Math.log(Math.max(p[i], 1e-300));
        return out;
    }
}
