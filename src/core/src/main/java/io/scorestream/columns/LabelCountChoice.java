package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;

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
    record Chosen(int[] parents, double[] alphas, int same, double sameShare, double shrinkage, double[] rowLosses, String law, String line) {
        /** The law's counts on these rows (labels[m'] of each label column m' ≤ m), and its Gaussians on their numbers v where it has them. */
        double[] pack(int m, int[][] labels, int[] classes, int[][] sameLabels, DMatrixRMaj v) {
            double[] gaussians = Double.isNaN(shrinkage) ? null : GaussianClasses.fit(v, labels[m], classes[m], shrinkage);
            return LabelCounts.pack(labels[m], classes[m], labels, classes, parents, alphas, same, sameShare, same < 0 ? null : sameLabels[same],
                    gaussians == null ? 0 : v.numCols, gaussians == null ? new double[0] : GaussianClasses.withoutShares(gaussians, labels[m], classes[m], v.numCols));
        }
    }

    /** Shrinkages of each label's covariance towards the pooled one tried for the Gaussians over the numbers. */
    private static final double[] SHRINKAGES = {1, 0.5, 0.1};
    /** The Gaussians are tried while labels × numbers² is at most this: the draw's cost per row, as for 64 labels over 64 features. */
    private static final int MAX_GAUSSIAN_WORK = 64 * 64 * 64;
    /** Their judgement holds every row's held-out law over every label: at most this many values (32 MB; 4 096 rows of 1 024 labels). */
    private static final long MAX_PRIOR_VALUES = 4096L * 1024;

    /**
     * The law of label column m given the earlier label columns (labels[m'] the rows' labels of
     * column m' ≤ m, classes[m'] their counts), judged on every row.
     *
     * @param names per label column in draw order, its column's number as fit names it (1-based)
     * @param sameLabels per earlier column, the index here of each of its labels by name (−1: none), or null
     */
    static Chosen choose(int m, int[][] labels, int[] classes, int[] names, int[][] sameLabels, DMatrixRMaj v, long seed) {
        return choose(m, labels, classes, names, sameLabels, v, folds(labels[m].length, seed ^ m), FOLDS);
    }

    /** Each of n rows' fold of {@value #FOLDS}, at random but as even as can be. */
    static int[] folds(int n, long seed) {
        int[] fold = new int[n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed ^ LabelConditionals.SALT);
        for (int i = 0; i < n; i++) fold[i] = i % FOLDS;
        for (int i = n - 1; i > 0; i--) { int j = rng.nextInt(i + 1), t = fold[i]; fold[i] = fold[j]; fold[j] = t; }
        return fold;
    }

    /**
     * As above, on the rows and folds given (fold[i] in 0..folds−1 for each row of labels); v: the
     * rows' numbers as the laws map them, for one Gaussian per label over them (null: none).
     */
    static Chosen choose(int m, int[][] labels, int[] classes, int[] names, int[][] sameLabels, DMatrixRMaj v, int[] fold, int folds) {
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
        // Last, one Gaussian per label over the numbers, the law so far its prior: each airport's own counts of flights.
        double shrinkage = Double.NaN;
        String gaussianText = "";
        if (v != null && v.numCols > 0 && (long) k * v.numCols * v.numCols <= MAX_GAUSSIAN_WORK && (long) k * n <= MAX_PRIOR_VALUES) {
            double[][] prior = heldOut.full(labels, classes, parents, alphas, same < 0 ? null : sameLabels[same], same < 0 ? -1 : same);
            double[] bestLoss = null;
            double bestShrinkage = Double.NaN;
            for (double r : SHRINKAGES) {
                double[] l = heldOut.withGaussians(prior, v, r);
                if (l != null && (bestLoss == null || mean(l) < mean(bestLoss))) { bestLoss = l; bestShrinkage = r; }
            }
            if (bestLoss != null) {
                double gain = mean(chosenLoss) - mean(bestLoss), error = standardError(chosenLoss, bestLoss);
                figures.append(String.format(" | times a Gaussian per label@%s:%.3f (gain %.3f ± %.3f)", bestShrinkage, mean(bestLoss), gain, error));
                if (gain > error) {
                    chosenLoss = bestLoss;
                    shrinkage = bestShrinkage;
                    gaussianText = "; times a Gaussian per label over the numbers, shrunk by " + bestShrinkage;
                }
            }
        }
        String law = (parents.isEmpty() ? "the shares alone" : "the shares given " + String.join(", backing off to ", levels) + ", backing off to the shares") + sameText + gaussianText;
        String line = String.format("labels of column %d, %d labels, by their counts: held-out log-loss per row over %d folds of %d rows%s -> %s",
                names[m], k, folds, n, figures, law);
        return new Chosen(levelParents, levelAlphas, same, sameShare, shrinkage, chosenLoss, law, line);
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

        /** Per row, the held-out law over every label: the shares, the levels given, the same label's share (same ≥ 0). */
        double[][] full(int[][] labels, int[] classes, List<Integer> parents, List<Double> alphas, int[] sameLabel, int same) {
            int n = y.length;
            double[][] out = new double[n][k];
            int[] target = new int[n];
            for (int c = 0; c < k; c++) {
                java.util.Arrays.fill(target, c);
                double[] p = chain(target, labels, classes, parents, alphas);
                for (int i = 0; i < n; i++) out[i][c] = p[i];
            }
            if (same < 0) return out;
            int[] b = new int[n];
            for (int i = 0; i < n; i++) b[i] = sameLabel[labels[same][i]];
            double[] share = sameShares(b);
            for (int i = 0; i < n; i++) {
                if (b[i] < 0 || out[i][b[i]] >= 1) continue;
                double scale = (1 - share[i]) / (1 - out[i][b[i]]);
                for (int c = 0; c < k; c++) out[i][c] *= scale;
                out[i][b[i]] = share[i];
            }
            return out;
        }

        /** Per row, its held-out loss under the prior's law times one Gaussian per label over v, shrunk by r; null where a covariance is not positive definite. */
        double[] withGaussians(double[][] prior, DMatrixRMaj v, double r) {
            int n = y.length, e = v.numCols;
            double[] out = new double[n], logTerms = new double[k], work = new double[e];
            for (int f = 0; f < folds; f++) {
                int g = f;
                int[] train = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] != g).toArray();
                DMatrixRMaj vt = new DMatrixRMaj(train.length, e);
                int[] yt = new int[train.length];
                for (int t = 0; t < train.length; t++) {
                    System.arraycopy(v.data, train[t] * e, vt.data, t * e, e);
                    yt[t] = y[train[t]];
                }
                double[] packed = GaussianClasses.fit(vt, yt, k, r);
                if (packed == null) return null;
                packed = GaussianClasses.withoutShares(packed, yt, k, e);
                for (int i = 0; i < n; i++) {
                    if (fold[i] != f) continue;
                    GaussianClasses.logTerms(packed, v.data, i * e, e, k, logTerms, 0, work, 0);
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int c = 0; c < k; c++) max = Math.max(max, logTerms[c]);
                    for (int c = 0; c < k; c++) sum += prior[i][c] * Math.exp(logTerms[c] - max);
                    out[i] = -Math.log(Math.max(prior[i][y[i]] * Math.exp(logTerms[y[i]] - max) / sum, 1e-300));
                }
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
