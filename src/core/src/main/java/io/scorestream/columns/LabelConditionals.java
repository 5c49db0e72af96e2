package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Columns of labels drawn on output from their law given the row's other columns, instead of
 * rounded from the diffusion's coordinate for them. A label is learned as its index among the
 * sorted labels, so the diffusion sees eleven firms as one axis on which General Electric sits
 * between Diamond Match and General Motors; a row drawn between two firms' rows is one firm's
 * label with another's numbers. Here each label column has a multinomial logistic law given the
 * latent values of the columns that are not labels (the column transforms' Gaussianised axes) and
 * the labels drawn before it: p(c₁, c₂, … | x) = p(c₁ | x) · p(c₂ | x, c₁) · …, with x drawn by the
 * diffusion. The numbers are what the diffusion generates; only the labels' law given them is
 * this model's.
 *
 * <p>Each label column's features and ridge are chosen by held-out log-loss on folds of the
 * planning rows: none (the labels' shares alone), affine, or quadratic in the other columns, each
 * at a few ridges. The fit is the bound optimiser of Böhning (1992): the softmax Hessian is below
 * ½ I ⊗ XᵀX, so one Cholesky factor of ½XᵀX + λI gives every step, each one lowering the loss.
 *
 * <p>The draw is a pure function of the row's latent values (a hash of their bits), so a seeded
 * sampler's rows get the same labels on every run.
 */
public final class LabelConditionals {
    /** Ridges tried, strongest first (each warm-starts the next); in units of the squared features, which are about N(0, 1). */
    private static final double[] RIDGES = {100, 10, 1, 0.1};
    /** Bound-optimiser steps per fit; the held-out choice and the final fit both stop earlier once the step is this small. */
    private static final int MAX_STEPS = 100;
    /** A step this small moves no probability by more than about 10⁻⁴ at features of size a few. */
    private static final double STEP_TOLERANCE = 1e-4;
    /** Quadratic features only while their count times the labels stays this small (cost and rows per parameter). */
    private static final int MAX_QUADRATIC_PARAMETERS = 2_000;
    /** Folds of the held-out choice: four on few rows, two from {@value #MANY_ROWS} rows, where each half judges as well and costs half. */
    private static final int FOLDS = 4;
    private static final int MANY_ROWS = 1000;
    private static final long SALT = 0x1ABE_15EEDL;

    private final int dimension;
    private final int[] columns;     // label columns in draw order
    private final int[] classes;     // labels per label column
    private final int[] degrees;     // per label column: 0 shares, 1 affine, 2 quadratic in the other columns' latent values
    private final double[][] weights; // per label column: features × classes, row-major
    private final int[] others;      // the columns that are not labels: the features' source

    public LabelConditionals(int dimension, int[] columns, int[] classes, int[] degrees, double[][] weights) {
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
        for (int m = 0; m < columns.length; m++) {
            if (classes[m] < 2) throw new IllegalArgumentException("label column " + columns[m] + " has " + classes[m] + " labels");
            if (degrees[m] < 0 || degrees[m] > 2) throw new IllegalArgumentException("label column " + columns[m] + " of degree " + degrees[m]);
            if (weights[m].length != features(m) * classes[m])
                throw new IllegalArgumentException("label column " + columns[m] + ": " + weights[m].length + " weights for " + features(m) + " features × " + classes[m] + " labels");
        }
    }

    public static LabelConditionals none(int dimension) { return new LabelConditionals(dimension, new int[0], new int[0], new int[0], new double[0][]); }

    public boolean isEmpty() { return columns.length == 0; }
    public int dimension() { return dimension; }
    public int count() { return columns.length; }
    public int column(int m) { return columns[m]; }
    public int classes(int m) { return classes[m]; }
    public int degree(int m) { return degrees[m]; }
    public double[] weights(int m) { return weights[m].clone(); }

    /** Features of label column m: 1, the other columns (degree ≥ 1), their products (degree 2), the earlier labels' indicators. */
    int features(int m) { return featureCount(degrees[m], others.length, earlierIndicators(m)); }

    private int earlierIndicators(int m) {
        int s = 0;
        for (int k = 0; k < m; k++) s += classes[k] - 1;
        return s;
    }

    private static int featureCount(int degree, int numbers, int indicators) {
        return 1 + (degree >= 1 ? numbers : 0) + (degree == 2 ? numbers * (numbers + 1) / 2 : 0) + indicators;
    }

    /** One row's features (into out): from its latent values at offset and the labels drawn before label column m. */
    private static void features(double[] latent, int offset, int[] others, int degree, int[] earlierClasses, int[] earlierLabels,
                                 int earlier, double[] out) {
        int f = 0;
        out[f++] = 1;
        if (degree >= 1) for (int a : others) out[f++] = latent[offset + a];
        if (degree == 2)
            for (int a = 0; a < others.length; a++)
                for (int b = a; b < others.length; b++) out[f++] = latent[offset + others[a]] * latent[offset + others[b]];
        for (int k = 0; k < earlier; k++)
            for (int c = 1; c < earlierClasses[k]; c++) out[f++] = earlierLabels[k] == c ? 1 : 0;
    }

    /**
     * Draws every label column of a latent row (at offset) into labels, in draw order: the index of
     * the label, from the law given the row's other latent values and the labels drawn before.
     * work needs room for the largest feature count; probabilities for the most labels.
     */
    public void draw(double[] latent, int offset, int[] labels, double[] work, double[] probabilities) {
        long key = rowKey(latent, offset, dimension);
        for (int m = 0; m < columns.length; m++) {
            int p = features(m), k = classes[m];
            features(latent, offset, others, degrees[m], classes, labels, m, work);
            softmax(weights[m], work, p, k, probabilities);
            double u = uniform(key, m), cumulative = 0;
            int chosen = k - 1;
            for (int c = 0; c < k; c++) {
                cumulative += probabilities[c];
                if (u < cumulative) { chosen = c; break; }
            }
            labels[m] = chosen;
        }
    }

    /** The most features any label column has (the size of draw's work). */
    public int maxFeatures() {
        int max = 1;
        for (int m = 0; m < columns.length; m++) max = Math.max(max, features(m));
        return max;
    }

    /** The most labels any label column has. */
    public int maxClasses() {
        int max = 1;
        for (int k : classes) max = Math.max(max, k);
        return max;
    }

    private static void softmax(double[] w, double[] x, int p, int k, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int f = 0; f < p; f++) s += x[f] * w[f * k + c];
            out[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) sum += (out[c] = Math.exp(out[c] - max));
        for (int c = 0; c < k; c++) out[c] /= sum;
    }

    private static long rowKey(double[] latent, int offset, int d) {
        long h = SALT;
        for (int j = 0; j < d; j++) h = mix(h ^ Double.doubleToLongBits(latent[offset + j]) + j);
        return h;
    }

    private static double uniform(long key, int m) { return (mix(key + 0x9E3779B97F4A7C15L * (m + 1)) >>> 11) * 0x1.0p-53; }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The labels' laws, fitted on planning rows: latent holds the rows as the columns map them,
     * raw the same rows in data units (where a label column holds its label's index).
     *
     * @param labelClasses per column, its number of labels (0: not a column of labels)
     */
    public static LabelConditionals fit(DMatrixRMaj latent, DMatrixRMaj raw, int[] labelClasses, long seed, Consumer<String> progress) {
        int d = raw.numCols, n = raw.numRows;
        int[] columns = java.util.stream.IntStream.range(0, d).filter(j -> labelClasses[j] >= 2).toArray();
        if (columns.length == 0 || n < 2 * FOLDS) return none(d);
        int folds = n >= MANY_ROWS ? 2 : FOLDS;
        int[] classes = Arrays.stream(columns).map(j -> labelClasses[j]).toArray();
        int[][] y = new int[columns.length][n];
        for (int m = 0; m < columns.length; m++)
            for (int i = 0; i < n; i++) y[m][i] = Math.max(0, Math.min(classes[m] - 1, (int) Math.round(raw.data[i * d + columns[m]])));
        int[] degrees = new int[columns.length];
        double[][] weights = new double[columns.length][];
        LabelConditionals shape = new LabelConditionals(d, columns, classes, new int[columns.length], zeroWeights(d, columns, classes, new int[columns.length]));
        int[] fold = new int[n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed ^ SALT);
        for (int i = 0; i < n; i++) fold[i] = i % folds;
        for (int i = n - 1; i > 0; i--) { int j = rng.nextInt(i + 1), t = fold[i]; fold[i] = fold[j]; fold[j] = t; }
        for (int m = 0; m < columns.length; m++) {
            int k = classes[m], indicators = shape.earlierIndicators(m);
            int numbers = shape.others.length;
            int maxDegree = featureCount(2, numbers, indicators) * k <= MAX_QUADRATIC_PARAMETERS ? 2 : 1;
            double best = Double.POSITIVE_INFINITY;
            int bestDegree = 0;
            double bestRidge = RIDGES[0];
            StringBuilder figures = new StringBuilder();
            for (int degree = 0; degree <= maxDegree; degree++) {
                DMatrixRMaj x = design(latent, shape.others, degree, classes, y, m, indicators);
                double[] losses = new double[degree == 0 ? 1 : RIDGES.length];
                for (int f = 0; f < folds; f++) {
                    int[] train = indices(fold, f, false), test = indices(fold, f, true);
                    DMatrixRMaj xt = rows(x, train);
                    int[] yt = pick(y[m], train);
                    double[] w = null;
                    for (int r = 0; r < losses.length; r++) {
                        w = fitSoftmax(xt, yt, k, degree == 0 ? 0 : RIDGES[r], w);
                        losses[r] += logLoss(rows(x, test), pick(y[m], test), k, w);
                    }
                }
                for (int r = 0; r < losses.length; r++) {
                    double loss = losses[r] / n;
                    figures.append(degree == 0 ? String.format(" shares:%.3f", loss) : String.format(" %d@%s:%.3f", degree, RIDGES[r], loss));
                    if (loss < best - 1e-12) { best = loss; bestDegree = degree; bestRidge = RIDGES[r]; }
                }
            }
            degrees[m] = bestDegree;
            DMatrixRMaj x = design(latent, shape.others, bestDegree, classes, y, m, indicators);
            // Every row now, so the ridge is scaled up with the rows to keep its weight per row.
            weights[m] = fitSoftmax(x, y[m], k, bestDegree == 0 ? 0 : bestRidge * folds / (folds - 1.0), null);
            if (progress != null) progress.accept(String.format(
                    "labels of column %d drawn from their law given the other columns: held-out log-loss per row (degree@ridge)%s -> %s",
                    columns[m] + 1, figures, bestDegree == 0 ? "the shares alone" : "degree " + bestDegree + ", ridge " + bestRidge));
        }
        return new LabelConditionals(d, columns, classes, degrees, weights);
    }

    private static double[][] zeroWeights(int d, int[] columns, int[] classes, int[] degrees) {
        int others = d - columns.length, indicators = 0;
        double[][] w = new double[columns.length][];
        for (int m = 0; m < columns.length; m++) {
            w[m] = new double[featureCount(degrees[m], others, indicators) * classes[m]];
            indicators += classes[m] - 1;
        }
        return w;
    }

    private static DMatrixRMaj design(DMatrixRMaj latent, int[] others, int degree, int[] classes, int[][] y, int m, int indicators) {
        int n = latent.numRows, d = latent.numCols, p = featureCount(degree, others.length, indicators);
        DMatrixRMaj x = new DMatrixRMaj(n, p);
        double[] row = new double[p];
        int[] earlier = new int[m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) earlier[k] = y[k][i];
            features(latent.data, i * d, others, degree, classes, earlier, m, row);
            System.arraycopy(row, 0, x.data, i * p, p);
        }
        return x;
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

    /** Mean of −log p(y | x) over the rows; a label the fit never saw costs what its probability floor gives. */
    static double logLoss(DMatrixRMaj x, int[] y, int k, double[] w) {
        int p = x.numCols;
        double[] prob = new double[k], row = new double[p];
        double sum = 0;
        for (int i = 0; i < x.numRows; i++) {
            System.arraycopy(x.data, i * p, row, 0, p);
            softmax(w, row, p, k, prob);
            sum -= Math.log(Math.max(prob[y[i]], 1e-300));
        }
        return sum;
    }

    /**
     * Ridge-penalised multinomial logistic regression by Böhning's bound: W ← W + (½XᵀX + λJ)⁻¹(Xᵀ(Y − P) − λJW),
     * J the identity but for the intercept (which gets a token ridge so that a label no row holds stays finite).
     * start: weights to start from (a stronger ridge's), or null for the labels' log shares.
     */
    static double[] fitSoftmax(DMatrixRMaj x, int[] y, int k, double ridge, double[] start) {
        int n = x.numRows, p = x.numCols;
        DMatrixRMaj a = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multTransA(x, x, a);
        CommonOps_DDRM.scale(0.5, a);
        for (int f = 0; f < p; f++) a.add(f, f, f == 0 ? 1e-3 : ridge + 1e-9 * n);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(p);
        if (!solver.setA(a)) throw new IllegalStateException("label features' Gram matrix is not positive definite");
        DMatrixRMaj w = new DMatrixRMaj(p, k), g = new DMatrixRMaj(p, k), step = new DMatrixRMaj(p, k);
        if (start != null) {
            System.arraycopy(start, 0, w.data, 0, p * k);
        } else {
            double[] count = new double[k];
            for (int label : y) count[label]++;
            for (int c = 0; c < k; c++) w.data[c] = Math.log((count[c] + 0.5) / (n + 0.5 * k));
        }
        double[] prob = new double[k], row = new double[p];
        for (int iteration = 0; iteration < MAX_STEPS; iteration++) {
            Arrays.fill(g.data, 0);
            for (int i = 0; i < n; i++) {
                System.arraycopy(x.data, i * p, row, 0, p);
                softmax(w.data, row, p, k, prob);
                prob[y[i]] -= 1;                     // P − Y
                for (int f = 0; f < p; f++) {
                    double xf = row[f];
                    if (xf == 0) continue;
                    int o = f * k;
                    for (int c = 0; c < k; c++) g.data[o + c] -= xf * prob[c];
                }
            }
            for (int f = 0; f < p; f++)
                for (int c = 0; c < k; c++) g.data[f * k + c] -= (f == 0 ? 1e-3 : ridge) * w.data[f * k + c];
            solver.solve(g, step);
            CommonOps_DDRM.addEquals(w, step);
            if (CommonOps_DDRM.elementMaxAbs(step) < STEP_TOLERANCE) break;
        }
        return w.data;
    }
}
