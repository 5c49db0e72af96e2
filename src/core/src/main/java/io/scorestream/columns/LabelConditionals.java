package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;

import java.util.function.Consumer;

/**
 * Columns of labels drawn on output from their law given the row's other columns, instead of
 * rounded from the diffusion's coordinate for them. A label is learned as its index among the
 * sorted labels, so the diffusion sees eleven firms as one axis on which General Electric sits
 * between Diamond Match and General Motors; a row drawn between two firms' rows is one firm's
 * label with another's numbers. Here each label column has a law given the columns that are not
 * labels and the labels drawn before it: p(c₁, c₂, … | x) = p(c₁ | x) · p(c₂ | x, c₁) · …, with x
 * drawn by the diffusion. The numbers are what the diffusion generates; only the labels' law given
 * them is this model's.
 *
 * <p>Everything is chosen by held-out log-loss on folds of the planning rows:
 * <ul>
 * <li>how the numbers enter: as the diffusion's latent values, which follow its own axes; by
 *     their normal scores Φ⁻¹(F(x)), F a column's distribution (piecewise linear between {@value
 *     #SCORE_KNOTS} quantiles), which keep heavy tails in hand; or standardised, which keep the gaps
 *     between clusters that ranks close (a dozen firms' sizes over four orders of magnitude);</li>
 * <li>the form of each label column's law: the labels' shares alone; logistic and affine in the
 *     numbers and the earlier labels' indicators, at a few ridges (Newton's method, or Böhning's
 *     bound where the Hessian would be large); or one Gaussian per label over the same vector,
 *     shrunk towards the pooled covariance ({@link GaussianClasses}), which tells apart any number
 *     of labels whose rows form clusters. The shares are kept unless the best form beats them by
 *     more than a standard error of the paired difference.</li>
 * <li>or logistic and additive in the numbers as written: each number column enters through its
 *     hat functions, piecewise linear between its knots (every value of a column of at most
 *     {@value #MAX_VALUE_KNOTS} values, else {@value #QUANTILE_KNOTS} of its quantiles), so that a
 *     label may turn with a column's value any way it likes — a degree named by its years of
 *     schooling, the widowed among the old and the never married among the young — where the
 *     affine form sees one slope and the Gaussian one bump.</li>
 * <li>a column of more than 64 labels: its law from counts
 *     ({@link LabelCounts}), its shares given earlier labels level by level, an earlier column's
 *     same label at its own share, times one Gaussian per label over the numbers, each step chosen
 *     by the same rule ({@link LabelCountChoice}).</li>
 * </ul>
 *
 * <p>The draw is a pure function of the row's values (a hash of their bits), so a seeded sampler's
 * rows get the same labels on every run.
 */
public final class LabelConditionals {
    /** Quantiles per number column its normal scores interpolate. */
    static final int SCORE_KNOTS = 65;
    /** The form of a label column whose law is one Gaussian per label ({@link GaussianClasses}), not a logistic one. */
    public static final int GAUSSIAN = 2;
    /** The form of a label column whose law is its counts given earlier labels ({@link LabelCounts}): a column of many labels. */
    public static final int COUNTS = 3;
    /** The form of a label column whose law is logistic in the hat functions of the numbers as written ({@link #hatKnots}). */
    public static final int ADDITIVE = 4;
    /** A column of at most this many values has a knot at each: its hat functions are then its values' indicators. */
    static final int MAX_VALUE_KNOTS = 16;
    /** Knots of a column of more values: its least and greatest and the quantiles evenly between. */
    static final int QUANTILE_KNOTS = 7;
    static final long SALT = 0x1ABE_15EEDL;

    private final int dimension;
    private final int[] columns;     // label columns in draw order
    private final int[] classes;     // labels per label column
    private final int[] degrees;     // per label column: 0 the shares, 1 logistic and affine in the other columns' scores, GAUSSIAN or COUNTS
    private final LabelCounts[] counts; // per label column of form COUNTS, its law; else null
    private final double[][] weights; // per label column: features × classes, row-major
    final int[] others;      // the columns that are not labels: the features' source
    private final boolean fromLatent;          // the numbers as the diffusion's latent values, not by the knots below
    private final double[][] knotX, knotZ;   // per column of others: knots of its map (normal scores or standardised values)
    private final double[][] hatKnots;       // per column of others: the additive form's knots in data units (empty: none)
    private final boolean additive;          // some label column has the additive form

    public LabelConditionals(int dimension, int[] columns, int[] classes, int[] degrees, double[][] weights, boolean fromLatent,
                             double[][] knotX, double[][] knotZ) {
        this(dimension, columns, classes, degrees, weights, fromLatent, knotX, knotZ, new double[dimension - columns.length][0]);
    }

    /** hatKnots: per column that is not a label, the additive form's knots in data units, increasing (empty where no column has that form). */
    public LabelConditionals(int dimension, int[] columns, int[] classes, int[] degrees, double[][] weights, boolean fromLatent,
                             double[][] knotX, double[][] knotZ, double[][] hatKnots) {
        if (columns.length != classes.length || columns.length != degrees.length || columns.length != weights.length)
            throw new IllegalArgumentException("label columns, classes, degrees and weights differ in length");
        this.dimension = dimension;
        this.columns = columns.clone();
        this.classes = classes.clone();
        this.degrees = degrees.clone();
        this.weights = weights.clone();
        boolean[] label = new boolean[dimension];
        for (int c : columns) {
            if (c < 0 || c >= dimension) throw new IllegalArgumentException("label column " + c + " outside 0.." + (dimension - 1));
            label[c] = true;
        }
        this.others = java.util.stream.IntStream.range(0, dimension).filter(j -> !label[j]).toArray();
        if (knotX.length != others.length || knotZ.length != others.length)
            throw new IllegalArgumentException(knotX.length + " normal-score maps for " + others.length + " columns that are not labels");
        for (int a = 0; a < others.length; a++) {
            if (knotX[a].length != knotZ[a].length || knotX[a].length < 1)
                throw new IllegalArgumentException("column " + others[a] + ": normal-score knots of lengths " + knotX[a].length + " and " + knotZ[a].length);
            for (int k = 1; k < knotX[a].length; k++)
                if (!(knotX[a][k] > knotX[a][k - 1]) || !(knotZ[a][k] >= knotZ[a][k - 1]))
                    throw new IllegalArgumentException("column " + others[a] + ": normal-score knots not increasing at " + k);
        }
        if (hatKnots.length != others.length) throw new IllegalArgumentException(hatKnots.length + " hat-function knot sets for " + others.length + " columns that are not labels");
        for (int a = 0; a < others.length; a++)
            for (int k = 1; k < hatKnots[a].length; k++)
                if (!(hatKnots[a][k] > hatKnots[a][k - 1])) throw new IllegalArgumentException("column " + others[a] + ": hat-function knots not increasing at " + k);
        this.fromLatent = fromLatent;
        this.knotX = knotX.clone();
        this.knotZ = knotZ.clone();
        this.hatKnots = hatKnots.clone();
        this.additive = java.util.Arrays.stream(degrees).anyMatch(f -> f == ADDITIVE);
        this.counts = new LabelCounts[columns.length];
        for (int m = 0; m < columns.length; m++) {
            if (classes[m] < 2) throw new IllegalArgumentException("label column " + columns[m] + " has " + classes[m] + " labels");
            if (degrees[m] < 0 || degrees[m] > ADDITIVE) throw new IllegalArgumentException("label column " + columns[m] + " of form " + degrees[m]);
            if (degrees[m] == COUNTS) {
                try {
                    counts[m] = new LabelCounts(weights[m], classes[m], java.util.Arrays.copyOf(classes, m), others.length);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("label column " + columns[m] + ": " + e.getMessage(), e);
                }
            } else if (degrees[m] == GAUSSIAN) {
                if (weights[m].length != GaussianClasses.packedLength(classes[m], features(m) - 1))
                    throw new IllegalArgumentException("label column " + columns[m] + ": " + weights[m].length + " values for " + classes[m] + " Gaussians");
            } else if (weights[m].length != features(m) * classes[m])
                throw new IllegalArgumentException("label column " + columns[m] + ": " + weights[m].length + " weights for " + features(m) + " features × " + classes[m] + " labels");
        }
    }

    public static LabelConditionals none(int dimension) {
        double[][] identity = new double[dimension][];
        for (int j = 0; j < dimension; j++) identity[j] = new double[]{0};
        return new LabelConditionals(dimension, new int[0], new int[0], new int[0], new double[0][], false, identity, identity);
    }

    public boolean isEmpty() { return columns.length == 0; }
    public int dimension() { return dimension; }
    public int count() { return columns.length; }
    public int column(int m) { return columns[m]; }
    public int classes(int m) { return classes[m]; }
    public int degree(int m) { return degrees[m]; }
    public double[] weights(int m) { return weights[m].clone(); }
    /** The columns that are not labels, whose normal scores are the features. */
    public int[] others() { return others.clone(); }
    public boolean fromLatent() { return fromLatent; }
    public double[] knotX(int a) { return knotX[a].clone(); }
    public double[] knotZ(int a) { return knotZ[a].clone(); }
    public double[] hatKnots(int a) { return hatKnots[a].clone(); }

    /**
     * Features of label column m: 1, the other columns (degree 1) or their hat functions
     * ({@link #ADDITIVE}), the earlier labels' indicators (of columns of at most {@value
     * #MAX_CONDITIONING_LABELS} labels); a column of counts, its own work.
     */
    int features(int m) {
        return degrees[m] == COUNTS ? Math.max(1, counts[m].work())
                : degrees[m] == ADDITIVE ? 1 + hatCount(hatKnots) + earlierIndicators(m)
                : featureCount(degrees[m] == GAUSSIAN ? 1 : degrees[m], others.length, earlierIndicators(m));
    }

    /** The additive form's number features: per column of two knots or more, its position along them and its hat functions but the first (which the others and the intercept sum to). */
    static int hatCount(double[][] hatKnots) {
        int s = 0;
        for (double[] knots : hatKnots) if (knots.length >= 2) s += knots.length;
        return s;
    }

    /**
     * One row's additive features (into out): 1, per number column (values at offset, in the
     * order of hatKnots) its position along its knots, from −2 at the first to 2 at the last
     * (linear between neighbouring knots, as a normal score is between quantiles) and its hat
     * functions on them but the first, then the labels drawn before label column m. A value
     * beyond the end knots takes the end knot's. The position carries a trend at the price of one
     * weight, where the hat functions alone would pay the ridge on every knot's.
     */
    static void additiveFeatures(double[][] hatKnots, double[] values, int offset, int[] earlierClasses, int[] earlierLabels, int earlier, double[] out) {
        int f = 0;
        out[f++] = 1;
        for (int a = 0; a < hatKnots.length; a++) {
            double[] x = hatKnots[a];
            int b = x.length;
            if (b < 2) continue;
            java.util.Arrays.fill(out, f, f + b, 0);
            double v = values[offset + a], position = 0;
            if (v >= x[b - 1]) {
                out[f + b - 1] = 1;
                position = b - 1;
            } else if (v > x[0]) {
                int lo = 0, hi = b - 1;
                while (hi - lo > 1) {
                    int mid = (lo + hi) >>> 1;
                    if (x[mid] <= v) lo = mid; else hi = mid;
                }
                double t = (v - x[lo]) / (x[hi] - x[lo]);
                if (lo > 0) out[f + lo] = 1 - t;   // hat k is out[f + k]; hat 0 is left out
                out[f + hi] = t;
                position = lo + t;
            }
            out[f] = 4 * position / (b - 1) - 2;
            f += b;
        }
        for (int k = 0; k < earlier; k++)
            if (earlierClasses[k] <= MAX_CONDITIONING_LABELS)
                for (int c = 1; c < earlierClasses[k]; c++) out[f++] = earlierLabels[k] == c ? 1 : 0;
    }

    int earlierIndicators(int m) {
        int s = 0;
        for (int k = 0; k < m; k++) if (classes[k] <= MAX_CONDITIONING_LABELS) s += classes[k] - 1;
        return s;
    }

    /**
     * An earlier column of more labels is not among a later label's features: its indicators would
     * be most of the features (fifty distributors before a film's genre), each seen in few rows.
     */
    static final int MAX_CONDITIONING_LABELS = 16;

    static int featureCount(int degree, int numbers, int indicators) {
        return 1 + (degree >= 1 ? numbers : 0) + indicators;
    }

    /** One row's features (into out): from its numbers' normal scores and the labels drawn before label column m. */
    static void features(double[] scores, int q, int degree, int[] earlierClasses, int[] earlierLabels, int earlier, double[] out) {
        int f = 0;
        out[f++] = 1;
        if (degree >= 1) for (int a = 0; a < q; a++) out[f++] = scores[a];
        for (int k = 0; k < earlier; k++)
            if (earlierClasses[k] <= MAX_CONDITIONING_LABELS)
                for (int c = 1; c < earlierClasses[k]; c++) out[f++] = earlierLabels[k] == c ? 1 : 0;
    }

    /**
     * Draws every label column of a row in data units (at offset; latent: the same row as the
     * diffusion generated it) into labels, in draw order: the
     * index of the label, from the law given the row's other columns and the labels drawn before.
     * work needs room for the largest feature count; probabilities for the most labels; scores for
     * the columns that are not labels (or more).
     */
    public void draw(double[] latent, int latentOffset, double[] row, int offset, int[] labels, double[] work, double[] probabilities, double[] scores) {
        long key = rowKey(row, offset, dimension);
        scores(latent, latentOffset, row, offset, scores);
        for (int m = 0; m < columns.length; m++) {
            law(m, scores, labels, work, probabilities);
            int k = classes[m];
            double u = uniform(key, m), cumulative = 0;
            int chosen = k - 1;
            for (int c = 0; c < k; c++) {
                cumulative += probabilities[c];
                if (u < cumulative) { chosen = c; break; }
            }
            labels[m] = chosen;
        }
    }

    /** Label column m's law (into probabilities) given a row's scores ({@link #scores}) and the labels before m. */
    void law(int m, double[] scores, int[] labels, double[] work, double[] probabilities) {
        int p = features(m), k = classes[m];
        if (degrees[m] == COUNTS) {
            counts[m].probabilities(labels, scores, probabilities, work);
        } else if (degrees[m] == ADDITIVE) {
            additiveFeatures(hatKnots, scores, others.length, classes, labels, m, work);   // the numbers as written follow their maps' scores
            SoftmaxRegression.softmax(weights[m], work, p, k, probabilities);
        } else if (degrees[m] == GAUSSIAN) {
            features(scores, others.length, 1, classes, labels, m, work);
            // The affine features but their leading 1: the vector each label's Gaussian is over.
            GaussianClasses.probabilities(weights[m], work, 1, p - 1, k, probabilities, work, p);
        } else {
            features(scores, others.length, degrees[m], classes, labels, m, work);
            SoftmaxRegression.softmax(weights[m], work, p, k, probabilities);
        }
    }

    /**
     * These laws with the labels marked absent (per label column in draw order; null: none) at
     * probability zero in every form, so that a label no row holds (an enum's value a feed never
     * sends) is never drawn, however a smoothed law spreads its mass.
     */
    LabelConditionals withoutLabels(boolean[][] absent) {
        double[][] w = weights.clone();
        for (int m = 0; m < columns.length; m++) {
            if (absent[m] == null) continue;
            w[m] = switch (degrees[m]) {
                case COUNTS -> LabelCounts.withoutLabels(weights[m], classes[m], absent[m]);
                case GAUSSIAN -> GaussianClasses.withoutLabels(weights[m], features(m) - 1, classes[m], absent[m]);
                default -> SoftmaxRegression.withoutLabels(weights[m], features(m), classes[m], absent[m]);
            };
        }
        return new LabelConditionals(dimension, columns, classes, degrees, w, fromLatent, knotX, knotZ, hatKnots);
    }

    /**
     * The features' values of a row's columns that are not labels, by their maps (normal scores or
     * standardised values), into scores; where a label column has the additive form, then the same
     * columns as written (scores needs {@link #scoresLength()}).
     */
    void scores(double[] latent, int latentOffset, double[] row, int offset, double[] scores) {
        for (int a = 0; a < others.length; a++)
            scores[a] = fromLatent ? latent[latentOffset + others[a]] : interpolate(knotX[a], knotZ[a], row[offset + others[a]]);
        if (additive) for (int a = 0; a < others.length; a++) scores[others.length + a] = row[offset + others[a]];
    }

    /** The size of draw's scores. */
    public int scoresLength() { return Math.max(1, 2 * others.length); }

    /** Piecewise linear through the knots, constant beyond the end ones. */
    static double interpolate(double[] x, double[] z, double v) {
        int n = x.length;
        if (!(v > x[0])) return z[0];
        if (v >= x[n - 1]) return z[n - 1];
        int lo = 0, hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= v) lo = mid; else hi = mid;
        }
        return z[lo] + (z[hi] - z[lo]) * (v - x[lo]) / (x[hi] - x[lo]);
    }



    /** The size of draw's work: twice the most features any label column has (the Gaussian form works beside its features). */
    public int maxFeatures() {
        int max = 1;
        for (int m = 0; m < columns.length; m++) max = Math.max(max, features(m));
        return 2 * max;
    }

    /** The most labels any label column has. */
    public int maxClasses() {
        int max = 1;
        for (int k : classes) max = Math.max(max, k);
        return max;
    }


    private static long rowKey(double[] row, int offset, int d) {
        long h = SALT;
        for (int j = 0; j < d; j++) h = mix(h ^ Double.doubleToLongBits(row[offset + j]) + j);
        return h;
    }

    private static double uniform(long key, int m) { return (mix(key + 0x9E3779B97F4A7C15L * (m + 1)) >>> 11) * 0x1.0p-53; }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The labels' laws, fitted on planning rows in data units (where a label column holds its
     * label's index) and the same rows as the columns map them onto the diffusion's axes
     * ({@link LabelLawChoice}).
     *
     * @param labelClasses per column, its number of labels (0: not a column of labels)
     */
    public static LabelConditionals fit(DMatrixRMaj raw, DMatrixRMaj latent, int[] labelClasses, long seed, Consumer<String> progress) {
        return fit(raw, latent, labelClasses, java.util.List.of(), seed, progress);
    }

    /**
     * As above, knowing the labels' names per column (sorted, as their indices; empty where not
     * known): a column of many labels may then be told that it never, or often, holds the label an
     * earlier column holds (a team does not play itself).
     */
    public static LabelConditionals fit(DMatrixRMaj raw, DMatrixRMaj latent, int[] labelClasses, java.util.List<java.util.List<String>> labelNames,
                                        long seed, Consumer<String> progress) {
        return fit(raw, latent, raw, labelClasses, labelNames, seed, progress);
    }

    /**
     * As above, the labels no row of held holds (all the rows read, of which the planning rows are
     * a sample) never drawn: a declared label no record carries (an enum's unset value) is not
     * generated, while one the sample missed keeps the small share the laws smooth towards.
     */
    public static LabelConditionals fit(DMatrixRMaj raw, DMatrixRMaj latent, DMatrixRMaj held, int[] labelClasses,
                                        java.util.List<java.util.List<String>> labelNames, long seed, Consumer<String> progress) {
        return LabelLawChoice.fit(raw, latent, held, labelClasses, labelNames, seed, progress);
    }
}
