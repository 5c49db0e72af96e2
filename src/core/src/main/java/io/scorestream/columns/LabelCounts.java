package io.scorestream.columns;

import java.util.Arrays;

/**
 * A label's law from counts: its shares, then, level by level, its shares among the rows with the
 * same label of an earlier label column, each level smoothed towards the level below by α
 * pseudo-rows (additive, Dirichlet smoothing: MacKay and Peto's hierarchical Dirichlet language
 * model, 1995):
 * <pre>
 *   p₀(c)            = (n_c + ½) / (n + ½L)
 *   p_h(c | a₁…a_h)   = (n_h(a_h, c) + α_h p_{h−1}(c | a₁…a_{h−1})) / (n_h(a_h) + α_h)
 * </pre>
 * where a_h is the row's label of the level's earlier column. A pair no row holds keeps the mass
 * the levels below give it, shrunk by each level's α over its rows: the home team of a match is
 * its division's most of the time and itself almost never. The counts are kept as the pairs seen,
 * so the law costs rows, not labels × labels, and scales to hundreds of labels.
 *
 * <p>Last, where an earlier column's labels are this one's by name (a team at home and away), the
 * share s of rows holding that column's label may be set apart: p(b) = s for the label b the
 * earlier column holds, the rest scaled to 1 − s (s about 0 where no team plays itself).
 *
 * <p>Packed into one array (the label column's "weights"): the number of levels h, the L shares
 * p₀, then per level the earlier column's draw index, α, the number of pairs P and P triples
 * (earlier label, label, count); then the same-label column's draw index (−1: none) and, for one,
 * s and per label of that column the same label's index here (−1: none); last the numbers e a
 * Gaussian per label is over (0: none) and those Gaussians, packed as {@link GaussianClasses} packs
 * them less their shares: then p(c | x, a) ∝ p(c | a) N(x; μ_c, Σ_c), the counts' law as the prior.
 */
final class LabelCounts {
    private final int labels;
    private final double[] shares;
    private final int[] parents;        // per level, the draw index of its earlier label column
    private final double[] alphas;      // per level, its pseudo-rows
    private final int[][] start;        // per level, per earlier label, where its pairs start in the two arrays below (CSR)
    private final int[][] child;        // per level, the pairs' labels
    private final double[][] count;     // per level, the pairs' counts
    private final double[][] total;     // per level, per earlier label, its rows
    private final int same;             // the earlier column whose label this one holds at share sameShare, −1 for none
    private final double sameShare;
    private final int[] sameLabel;      // per label of that column, the same label's index here (−1: none)
    private final int numbers;          // the numbers one Gaussian per label is over (0: none)
    private final double[] gaussians;   // that Gaussian per label without its share ({@link GaussianClasses}), or empty

    /**
     * From the packed array; earlierClasses: the labels of each earlier column in draw order (index
     * m' must be below the column's own).
     */
    LabelCounts(double[] packed, int labels, int[] earlierClasses, int numberColumns) {
        this.labels = labels;
        int at = 0;
        int levels = whole(packed, at++, "levels");
        if (levels < 0 || levels > earlierClasses.length) throw new IllegalArgumentException(levels + " levels of counts over " + earlierClasses.length + " earlier label columns");
        if (packed.length < 1 + labels) throw new IllegalArgumentException(packed.length + " values for " + labels + " shares");
        shares = Arrays.copyOfRange(packed, at, at + labels);
        at += labels;
        double sum = 0;
        for (double s : shares) {
            if (!(s >= 0)) throw new IllegalArgumentException("a share " + s + " is negative");
            sum += s;
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("shares sum to " + sum);
        parents = new int[levels];
        alphas = new double[levels];
        start = new int[levels][];
        child = new int[levels][];
        count = new double[levels][];
        total = new double[levels][];
        for (int h = 0; h < levels; h++) {
            if (packed.length < at + 3) throw new IllegalArgumentException("level " + h + " of counts cut short");
            int parent = whole(packed, at++, "earlier column");
            if (parent < 0 || parent >= earlierClasses.length) throw new IllegalArgumentException("level " + h + ": earlier column " + parent + " is not before this one");
            double alpha = packed[at++];
            if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("level " + h + ": smoothing " + alpha);
            int pairs = whole(packed, at++, "pairs");
            if (pairs < 0 || packed.length < at + 3L * pairs) throw new IllegalArgumentException("level " + h + ": " + pairs + " pairs cut short");
            int k = earlierClasses[parent];
            parents[h] = parent;
            alphas[h] = alpha;
            int[] a = new int[pairs];
            start[h] = new int[k + 1];
            child[h] = new int[pairs];
            count[h] = new double[pairs];
            total[h] = new double[k];
            for (int p = 0; p < pairs; p++) {
                a[p] = whole(packed, at + 3 * p, "earlier label");
                if (a[p] < 0 || a[p] >= k || (p > 0 && a[p] < a[p - 1])) throw new IllegalArgumentException("level " + h + ": earlier label " + a[p] + " out of order or outside 0.." + (k - 1));
                child[h][p] = whole(packed, at + 3 * p + 1, "label");
                if (child[h][p] < 0 || child[h][p] >= labels) throw new IllegalArgumentException("level " + h + ": label " + child[h][p] + " outside 0.." + (labels - 1));
                count[h][p] = packed[at + 3 * p + 2];
                if (!(count[h][p] > 0)) throw new IllegalArgumentException("level " + h + ": count " + count[h][p]);
                start[h][a[p] + 1]++;
                total[h][a[p]] += count[h][p];
            }
            for (int e = 0; e < k; e++) start[h][e + 1] += start[h][e];
            at += 3 * pairs;
        }
        same = whole(packed, at++, "same-label column");
        if (same < -1 || same >= earlierClasses.length) throw new IllegalArgumentException("same-label column " + same + " is not before this one");
        if (same >= 0) {
            sameShare = at < packed.length ? packed[at++] : Double.NaN;
            if (!(sameShare > 0 && sameShare < 1)) throw new IllegalArgumentException("same-label share " + sameShare + " is not in (0, 1)");
            if (packed.length < at + earlierClasses[same]) throw new IllegalArgumentException("same-label map cut short");
            sameLabel = new int[earlierClasses[same]];
            for (int a = 0; a < sameLabel.length; a++) {
                sameLabel[a] = whole(packed, at++, "same label");
                if (sameLabel[a] < -1 || sameLabel[a] >= labels) throw new IllegalArgumentException("same label " + sameLabel[a] + " outside 0.." + (labels - 1));
            }
        } else {
            sameShare = 0;
            sameLabel = new int[0];
        }
        numbers = whole(packed, at++, "numbers");
        if (numbers != 0 && numbers != numberColumns) throw new IllegalArgumentException("Gaussians over " + numbers + " numbers of " + numberColumns);
        int gaussianLength = numbers == 0 ? 0 : GaussianClasses.packedLength(labels, numbers);
        if (packed.length < at + gaussianLength) throw new IllegalArgumentException("Gaussians cut short");
        gaussians = Arrays.copyOfRange(packed, at, at + gaussianLength);
        at += gaussianLength;
        if (at != packed.length) throw new IllegalArgumentException(packed.length - at + " values past the counts");
    }

    private static int whole(double[] packed, int at, String what) {
        if (at >= packed.length) throw new IllegalArgumentException("counts cut short at the " + what);
        double v = packed[at];
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException(what + " " + v + " is not a whole number");
        return (int) v;
    }

    int levels() { return parents.length; }
    int parent(int h) { return parents[h]; }
    double alpha(int h) { return alphas[h]; }

    /** Work {@link #probabilities} needs: L + the numbers where a Gaussian per label reads them. */
    int work() { return numbers == 0 ? 0 : labels + numbers; }

    /**
     * The law (into out, L values) given the labels drawn before, in draw order, and the row's
     * numbers (scores, as the laws map them); work holds {@link #work} values.
     */
    void probabilities(int[] earlier, double[] scores, double[] out, double[] work) {
        System.arraycopy(shares, 0, out, 0, labels);
        for (int h = 0; h < parents.length; h++) {
            int a = earlier[parents[h]];
            double n = total[h][a], keep = alphas[h] / (n + alphas[h]);
            for (int c = 0; c < labels; c++) out[c] *= keep;
            for (int p = start[h][a]; p < start[h][a + 1]; p++) out[child[h][p]] += count[h][p] / (n + alphas[h]);
        }
        int b = same < 0 ? -1 : sameLabel[earlier[same]];
        if (b >= 0 && shares[b] > 0 && out[b] < 1) {   // a label no row holds stays at 0
            double scale = (1 - sameShare) / (1 - out[b]);
            for (int c = 0; c < labels; c++) out[c] *= scale;
            out[b] = sameShare;
        }
        if (numbers == 0) return;
        // Bayes' rule with the counts' law as the prior: p(c | x, a) ∝ p(c | a) p(x | c), x taken as
        // independent of the earlier labels given this one (each label's numbers its own, wherever it sits).
        GaussianClasses.logTerms(gaussians, scores, 0, numbers, labels, work, 0, work, labels);
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int c = 0; c < labels; c++) if (out[c] > 0) max = Math.max(max, work[c]);   // a label at 0 must not set the scale
        for (int c = 0; c < labels; c++) sum += (out[c] *= Math.exp(work[c] - max));
        for (int c = 0; c < labels; c++) out[c] /= sum;
    }

    /** The earlier column whose label this one holds at {@link #sameShare}, −1 for none. */
    int same() { return same; }
    double sameShare() { return sameShare; }

    /**
     * A packed law with the labels marked absent at share 0 and the others' shares scaled to sum to
     * 1: no row holds them, so no level's pair does, and every level's law gives them 0.
     */
    static double[] withoutLabels(double[] packed, int labels, boolean[] absent) {
        double[] out = packed.clone();
        double kept = 0;
        for (int c = 0; c < labels; c++) if (!absent[c]) kept += out[1 + c];
        for (int c = 0; c < labels; c++) out[1 + c] = absent[c] ? 0 : out[1 + c] / kept;
        return out;
    }

    /**
     * The packed law of labels y from rows' earlier labels: levels (coarsest first) given by the
     * earlier columns' draw indices and α; earlierLabels[m'] the rows' labels of earlier column m'.
     */
    static double[] pack(int[] y, int labels, int[][] earlierLabels, int[] earlierClasses, int[] levelParents, double[] levelAlphas) {
        return pack(y, labels, earlierLabels, earlierClasses, levelParents, levelAlphas, -1, 0, null, 0, new double[0]);
    }

    /**
     * As above, with the share of rows holding the label of earlier column same (−1: none) that
     * sameLabel maps its labels to, and one Gaussian per label over the numbers (0: none) without
     * its share ({@link GaussianClasses#withoutShares}).
     */
    static double[] pack(int[] y, int labels, int[][] earlierLabels, int[] earlierClasses, int[] levelParents, double[] levelAlphas,
                         int same, double sameShare, int[] sameLabel, int numbers, double[] gaussians) {
        int n = y.length;
        double[] shareCounts = new double[labels];
        for (int c : y) shareCounts[c]++;
        int size = 1 + labels;
        long[][] keys = new long[levelParents.length][];
        for (int h = 0; h < levelParents.length; h++) {
            long[] key = new long[n];
            for (int i = 0; i < n; i++) key[i] = (long) earlierLabels[levelParents[h]][i] * labels + y[i];
            Arrays.sort(key);
            keys[h] = key;
            size += 3 + 3 * distinct(key);
        }
        size += (same < 0 ? 1 : 2 + sameLabel.length) + 1 + gaussians.length;
        double[] packed = new double[size];
        int at = 0;
        packed[at++] = levelParents.length;
        for (int c = 0; c < labels; c++) packed[at++] = (shareCounts[c] + 0.5) / (n + 0.5 * labels);
        for (int h = 0; h < levelParents.length; h++) {
            long[] key = keys[h];
            packed[at++] = levelParents[h];
            packed[at++] = levelAlphas[h];
            packed[at++] = distinct(key);
            for (int i = 0; i < n; ) {
                int j = i;
                while (j < n && key[j] == key[i]) j++;
                packed[at++] = key[i] / labels;
                packed[at++] = key[i] % labels;
                packed[at++] = j - i;
                i = j;
            }
        }
        packed[at++] = same;
        if (same >= 0) {
            packed[at++] = sameShare;
            for (int b : sameLabel) packed[at++] = b;
        }
        packed[at++] = numbers;
        System.arraycopy(gaussians, 0, packed, at, gaussians.length);
        return packed;
    }

    private static int distinct(long[] sorted) {
        int d = 0;
        for (int i = 0; i < sorted.length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) d++;
        return d;
    }
}
