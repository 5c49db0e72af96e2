package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * A label's law given a vector by Bayes' rule over one Gaussian per label: p(c | v) ∝ π_c
 * N(v; μ_c, Σ_c), with Σ_c shrunk towards the labels' pooled covariance, (1 − α)Σ_c + αΣ + εI
 * (Friedman's regularised discriminant analysis, 1989). Where each label's rows form a cluster,
 * the clusters themselves tell the labels apart, however many and however ordered; a logistic law
 * would need ever larger weights for it. Packed as one array per label column: per label the log
 * of its share over √det Σ_c, its mean, and the inverse of Σ_c's Cholesky factor.
 */
final class GaussianClasses {
    /** Added to every covariance's diagonal: the features are normal scores (variance about 1) and 0/1 indicators, which may not vary in a label. */
    static final double FLOOR = 1e-4;

    private GaussianClasses() {}

    /** Values packed per label: 1 + e + e². */
    static int packedLength(int labels, int e) { return labels * (1 + e + e * e); }

    /**
     * The packed law fitted on rows v (n × e) with labels y in 0..k−1 and shrinkage alpha; a label
     * no row holds keeps a share of ½ a row at the pooled mean and covariance. Null where a
     * covariance is not numerically positive definite.
     */
    static double[] fit(DMatrixRMaj v, int[] y, int k, double alpha) {
        int n = v.numRows, e = v.numCols;
        double[] count = new double[k];
        double[][] mean = new double[k][e];
        for (int i = 0; i < n; i++) {
            count[y[i]]++;
            for (int a = 0; a < e; a++) mean[y[i]][a] += v.data[i * e + a];
        }
        double[] pooledMean = new double[e];
        for (int c = 0; c < k; c++)
            for (int a = 0; a < e; a++) pooledMean[a] += mean[c][a] / n;
        for (int c = 0; c < k; c++)
            for (int a = 0; a < e; a++) mean[c][a] = count[c] > 0 ? mean[c][a] / count[c] : pooledMean[a];
        double[][] scatter = new double[k][e * e];
        double[] pooled = new double[e * e];
        for (int i = 0; i < n; i++) {
            double[] s = scatter[y[i]], m = mean[y[i]];
            for (int a = 0; a < e; a++) {
                double da = v.data[i * e + a] - m[a];
                for (int b = 0; b <= a; b++) s[a * e + b] += da * (v.data[i * e + b] - m[b]);
            }
        }
        for (int c = 0; c < k; c++) for (int q = 0; q < e * e; q++) pooled[q] += scatter[c][q] / n;
        double[] packed = new double[packedLength(k, e)];
        DMatrixRMaj sigma = new DMatrixRMaj(e, e), inverse = new DMatrixRMaj(e, e);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(e, true);
        int stride = 1 + e + e * e;
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < e; a++)
                for (int b = 0; b <= a; b++) {
                    double own = count[c] > 0 ? scatter[c][a * e + b] / count[c] : pooled[a * e + b];
                    // The floor in the feature's own units: latent values may be far from unit variance.
                    double s = (1 - alpha) * own + alpha * pooled[a * e + b] + (a == b ? FLOOR * Math.max(pooled[a * e + a], 1) : 0);
                    sigma.set(a, b, s);
                    sigma.set(b, a, s);
                }
            if (!chol.decompose(sigma)) return null;   // rounding beat the floor: no such law
            DMatrixRMaj lower = chol.getT(null);
            double logDet = 0;
            for (int a = 0; a < e; a++) logDet += 2 * Math.log(lower.get(a, a));
            TriangularSolver_DDRM.invertLower(lower.data, inverse.data, e);   // L⁻¹, lower triangular
            int o = c * stride;
            packed[o] = Math.log((count[c] + 0.5) / (n + 0.5 * k)) - 0.5 * logDet;
            System.arraycopy(mean[c], 0, packed, o + 1, e);
            System.arraycopy(inverse.data, 0, packed, o + 1 + e, e * e);
        }
        return packed;
    }

    /** p(c | v) for every label into out; v holds e values from offset; work has e free values from workOffset. */
    static void probabilities(double[] packed, double[] v, int offset, int e, int k, double[] out, double[] work, int workOffset) {
        logTerms(packed, v, offset, e, k, out, 0, work, workOffset);
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) max = Math.max(max, out[c]);
        double sum = 0;
        for (int c = 0; c < k; c++) sum += (out[c] = Math.exp(out[c] - max));
        for (int c = 0; c < k; c++) out[c] /= sum;
    }

    /** Each label's packed constant less half its squared Mahalanobis distance to v, into out from outOffset: log p(c | v) but for a constant. */
    static void logTerms(double[] packed, double[] v, int offset, int e, int k, double[] out, int outOffset, double[] work, int workOffset) {
        int stride = 1 + e + e * e;
        for (int c = 0; c < k; c++) {
            int o = c * stride;
            for (int a = 0; a < e; a++) work[workOffset + a] = v[offset + a] - packed[o + 1 + a];
            double quadratic = 0;
            for (int a = 0; a < e; a++) {
                double s = 0;
                int row = o + 1 + e + a * e;
                for (int b = 0; b <= a; b++) s += packed[row + b] * work[workOffset + b];
                quadratic += s * s;
            }
            out[outOffset + c] = packed[o] - 0.5 * quadratic;
        }
    }

    /** The packed law with the labels marked absent at probability zero: a log share of −∞ in each one's constant. */
    static double[] withoutLabels(double[] packed, int e, int k, boolean[] absent) {
        double[] out = packed.clone();
        int stride = 1 + e + e * e;
        for (int c = 0; c < k; c++) if (absent[c]) out[c * stride] = Double.NEGATIVE_INFINITY;
        return out;
    }

    /** The packed law without its shares (each label's constant less its log share as fit set it from labels y): p(v | c) but for a constant. */
    static double[] withoutShares(double[] packed, int[] y, int k, int e) {
        double[] count = new double[k];
        for (int c : y) count[c]++;
        double[] out = packed.clone();
        int stride = 1 + e + e * e;
        for (int c = 0; c < k; c++) out[c * stride] -= Math.log((count[c] + 0.5) / (y.length + 0.5 * k));
        return out;
    }

    /** −log p(y | v) of every row (infinite for no law). */
    static double[] rowLosses(double[] packed, DMatrixRMaj v, int[] y, int k) {
        int e = v.numCols;
        double[] p = new double[k], work = new double[e], out = new double[v.numRows];
        if (packed == null) {
            java.util.Arrays.fill(out, Double.POSITIVE_INFINITY);
            return out;
        }
        for (int i = 0; i < v.numRows; i++) {
            probabilities(packed, v.data, i * e, e, k, p, work, 0);
            out[i] = -Math.log(Math.max(p[y[i]], 1e-300));
        }
        return out;
    }
}
