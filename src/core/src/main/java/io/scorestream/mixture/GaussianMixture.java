package io.scorestream.mixture;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Gaussian mixture {@code Σ wᵢ N(μᵢ, Σᵢ)} with exact density, sampling and score.
 *
 * <p>This is the oracle the learned models are tested against: under the OU forward process a
 * mixture stays a mixture ({@link #noised}), so its score at every noise level is known exactly.
 * All log-densities go through log-sum-exp so far-away points do not underflow to 0/0.
 */
public final class GaussianMixture {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int d;
    private final double[] weights;
    private final double[][] means;
    private final double[][][] covariances;
    // Derived per component: Cholesky factor L (Σ = L Lᵀ), Σ⁻¹, and log(wᵢ) − ½ log det Σᵢ − (d/2) log 2π.
    private final DMatrixRMaj[] cholesky;
    private final DMatrixRMaj[] precision;
    private final double[] logNormaliser;

    @JsonCreator
    public GaussianMixture(@JsonProperty("weights") double[] weights,
                           @JsonProperty("means") double[][] means,
                           @JsonProperty("covariances") double[][][] covariances) {
        if (weights == null || means == null || covariances == null || weights.length == 0)
            throw new IllegalArgumentException("a mixture needs weights, means and covariances");
        if (means.length != weights.length || covariances.length != weights.length)
            throw new IllegalArgumentException("weights, means and covariances must have one entry per component");
        this.d = means[0].length;
        double total = 0;
        for (double w : weights) {
            if (!(w > 0) || !Double.isFinite(w)) throw new IllegalArgumentException("mixture weights must be positive: " + w);
            total += w;
        }
        int k = weights.length;
        this.weights = new double[k];
        this.means = new double[k][];
        this.covariances = new double[k][][];
        this.cholesky = new DMatrixRMaj[k];
        this.precision = new DMatrixRMaj[k];
        this.logNormaliser = new double[k];
        for (int i = 0; i < k; i++) {
            this.weights[i] = weights[i] / total;
            if (means[i].length != d) throw new IllegalArgumentException("component " + i + " mean has dimension " + means[i].length + ", expected " + d);
            if (covariances[i].length != d) throw new IllegalArgumentException("component " + i + " covariance is not " + d + "x" + d);
            this.means[i] = means[i].clone();
            this.covariances[i] = new double[d][];
            for (int r = 0; r < d; r++) {
                if (covariances[i][r].length != d) throw new IllegalArgumentException("component " + i + " covariance is not " + d + "x" + d);
                this.covariances[i][r] = covariances[i][r].clone();
            }
            DMatrixRMaj sigma = new DMatrixRMaj(this.covariances[i]);
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
            if (!chol.decompose(sigma.copy()))
                throw new IllegalArgumentException("component " + i + " covariance is not positive definite");
            DMatrixRMaj l = chol.getT(null);
            double logDet = 0;
            for (int r = 0; r < d; r++) logDet += 2 * Math.log(l.get(r, r));
            DMatrixRMaj inv = new DMatrixRMaj(d, d);
            if (!CommonOps_DDRM.invertSPD(sigma.copy(), inv))
                throw new IllegalArgumentException("component " + i + " covariance is not invertible");
            cholesky[i] = l;
            precision[i] = inv;
            logNormaliser[i] = Math.log(this.weights[i]) - 0.5 * logDet - 0.5 * d * LOG_2PI;
        }
    }

    /** Mixture of {@code N(μᵢ, variance·I)}. */
    public static GaussianMixture isotropic(double[] weights, double[][] means, double variance) {
        int d = means[0].length;
        double[][][] covs = new double[means.length][][];
        for (int i = 0; i < means.length; i++) covs[i] = scaledIdentity(d, variance);
        return new GaussianMixture(weights, means, covs);
    }

    @JsonProperty("weights") public double[] weights() { return weights.clone(); }
    @JsonProperty("means") public double[][] means() { return deepCopy(means); }
    @JsonProperty("covariances") public double[][][] covariances() {
        double[][][] out = new double[covariances.length][][];
        for (int i = 0; i < out.length; i++) out[i] = deepCopy(covariances[i]);
        return out;
    }
    public int dimension() { return d; }
    public int size() { return weights.length; }
    public double weight(int i) { return weights[i]; }
    public double[] mean(int i) { return means[i].clone(); }

    /**
     * The law of {@code a·x + s·z} for x from this mixture and z ~ N(0, I): components
     * {@code N(aμᵢ, a²Σᵢ + s²I)}.
     */
    public GaussianMixture noised(double a, double s) {
        double[][] m = new double[size()][d];
        double[][][] c = new double[size()][d][d];
        for (int i = 0; i < size(); i++)
            for (int r = 0; r < d; r++) {
                m[i][r] = a * means[i][r];
                for (int q = 0; q < d; q++) c[i][r][q] = a * a * covariances[i][r][q] + (r == q ? s * s : 0);
            }
        return new GaussianMixture(weights, m, c);
    }

    /** The law of {@code (x − shift) / scale} (per coordinate) for x from this mixture. */
    public GaussianMixture standardised(double[] shift, double[] scale) {
        double[][] m = new double[size()][d];
        double[][][] c = new double[size()][d][d];
        for (int i = 0; i < size(); i++)
            for (int r = 0; r < d; r++) {
                m[i][r] = (means[i][r] - shift[r]) / scale[r];
                for (int q = 0; q < d; q++) c[i][r][q] = covariances[i][r][q] / (scale[r] * scale[q]);
            }
        return new GaussianMixture(weights, m, c);
    }

    /** n rows drawn from the mixture; when labels is non-null it receives each row's component. */
    public DMatrixRMaj sample(int n, SplittableRandom rng, int[] labels) {
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        double[] z = new double[d];
        for (int row = 0; row < n; row++) {
            int comp = pickComponent(rng.nextDouble());
            if (labels != null) labels[row] = comp;
            for (int j = 0; j < d; j++) z[j] = rng.nextGaussian();
            DMatrixRMaj l = cholesky[comp];
            for (int r = 0; r < d; r++) {
                double v = means[comp][r];
                for (int q = 0; q <= r; q++) v += l.unsafe_get(r, q) * z[q];
                out.unsafe_set(row, r, v);
            }
        }
        return out;
    }

    private int pickComponent(double u) {
        double acc = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            acc += weights[i];
            if (u < acc) return i;
        }
        return weights.length - 1;
    }

    /** log p(x) for one point. */
    public double logDensity(double[] x) {
        double[] logTerms = new double[size()];
        double[] diff = new double[d];
        for (int i = 0; i < size(); i++) logTerms[i] = componentLogTerm(i, x, 0, diff, null);
        return logSumExp(logTerms);
    }

    /** out[i] = log wᵢ + log N(x; μᵢ, Σᵢ) for every component i (the E-step of EM); returns log p(x). */
    public double componentLogTerms(double[] x, double[] out) {
        double[] diff = new double[d];
        for (int i = 0; i < size(); i++) out[i] = componentLogTerm(i, x, 0, diff, null);
        return logSumExp(out);
    }

    /** Index of the component with the largest posterior weight at x. */
    public int mostLikelyComponent(double[] x) {
        double[] diff = new double[d];
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size(); i++) {
            double v = componentLogTerm(i, x, 0, diff, null);
            if (v > bestValue) { bestValue = v; best = i; }
        }
        return best;
    }

    /**
     * Exact score ∇ log p(x) for each row of x (n×d) into out (n×d):
     * {@code Σᵢ πᵢ(x) · (−Σᵢ⁻¹(x − μᵢ))} with posterior weights from log-sum-exp.
     */
    public void score(DMatrixRMaj x, DMatrixRMaj out) {
        if (x.numCols != d) throw new IllegalArgumentException("points have dimension " + x.numCols + ", mixture has " + d);
        out.reshape(x.numRows, d);
        int k = size();
        double[] logTerms = new double[k];
        double[][] grads = new double[k][d];
        double[] diff = new double[d];
        double[] row = new double[d];
        for (int n = 0; n < x.numRows; n++) {
            System.arraycopy(x.data, n * d, row, 0, d);
            for (int i = 0; i < k; i++) logTerms[i] = componentLogTerm(i, row, 0, diff, grads[i]);
            double lse = logSumExp(logTerms);
            for (int r = 0; r < d; r++) {
                double v = 0;
                for (int i = 0; i < k; i++) v += Math.exp(logTerms[i] - lse) * grads[i][r];
                out.unsafe_set(n, r, v);
            }
        }
    }

    /** log wᵢ + log N(x; μᵢ, Σᵢ); when grad is non-null it receives −Σᵢ⁻¹(x − μᵢ). */
    private double componentLogTerm(int i, double[] x, int offset, double[] diff, double[] grad) {
        double[] mu = means[i];
        for (int r = 0; r < d; r++) diff[r] = x[offset + r] - mu[r];
        DMatrixRMaj p = precision[i];
        double quad = 0;
        for (int r = 0; r < d; r++) {
            double v = 0;
            int base = r * d;
            for (int q = 0; q < d; q++) v += p.data[base + q] * diff[q];
            quad += diff[r] * v;
            if (grad != null) grad[r] = -v;
        }
        return logNormaliser[i] - 0.5 * quad;
    }

    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) max = Math.max(max, x);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double s = 0;
        for (double x : v) s += Math.exp(x - max);
        return max + Math.log(s);
    }

    private static double[][] scaledIdentity(int d, double v) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) m[i][i] = v;
        return m;
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = Arrays.copyOf(m[i], m[i].length);
        return out;
    }
}
