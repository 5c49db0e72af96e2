package io.scorestream.baseline;

import io.scorestream.metrics.SampleOps;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

import java.util.SplittableRandom;

/**
 * The simplest generator of new rows one could write, kept beside EM as a baseline: a Gaussian
 * kernel density estimate with kernel covariance h²Σ (Σ the rows' covariance), sampled as a
 * smoothed bootstrap: a training row drawn at random plus N(0, h²Σ) noise.
 *
 * <p>h is chosen by the rows' leave-one-out log-likelihood over a geometric grid, the classical
 * data-driven bandwidth. Two choices keep that judge honest on real tables:
 * <ul>
 *   <li>A row's exact copies are left out with it. Integer and rounded columns repeat rows, and a
 *       copy left in makes the likelihood grow without bound as h shrinks: the estimate would
 *       collapse to the bootstrap of the training rows.</li>
 *   <li>Above {@value #JUDGED_ROWS} rows the bandwidth is judged on a random subset and scaled by
 *       Scott's rate (m/n)^{1/(d+4)}, since the judge costs m² kernel evaluations per candidate.</li>
 * </ul>
 * Σ gets a ridge of 10⁻⁹ of its mean variance, so constant and duplicated columns (a singular Σ)
 * still give a kernel; the column types put such columns back on their values.
 */
public final class KernelDensity {
    /** Rows the bandwidth is judged on at most. */
    static final int JUDGED_ROWS = 2000;
    private static final double RIDGE = 1e-9;
    /** The grid: h from {@value #SMALLEST} to {@value #LARGEST} in steps of {@value #COARSE}, then steps of {@value #FINE} around the best. */
    private static final double SMALLEST = 0.01, LARGEST = 3, COARSE = 1.25, FINE = 1.02;

    private final DMatrixRMaj rows;
    private final DMatrixRMaj cholesky;   // lower triangular L, Σ = LLᵀ
    private final double bandwidth;

    private KernelDensity(DMatrixRMaj rows, DMatrixRMaj cholesky, double bandwidth) {
        this.rows = rows;
        this.cholesky = cholesky;
        this.bandwidth = bandwidth;
    }

    /** Fits to the rows (n×d, at least 2 rows); seed drives the subset the bandwidth is judged on. */
    public static KernelDensity fit(DMatrixRMaj rows, long seed) {
        int n = rows.numRows, d = rows.numCols;
        if (n < 2) throw new IllegalArgumentException("a kernel density needs at least 2 rows, got " + n);
        DMatrixRMaj cholesky = choleskyOfCovariance(rows);
        int m = Math.min(n, JUDGED_ROWS);
        int[] judged = SampleOps.randomPermutation(n, m, new SplittableRandom(seed));   // its first m entries
        double[][] whitened = new double[m][];
        for (int i = 0; i < m; i++) whitened[i] = whiten(cholesky, rows, judged[i]);
        double h = leaveOneOutBandwidth(whitened, d);
        if (m < n) h *= Math.pow((double) m / n, 1.0 / (d + 4));
        return new KernelDensity(rows.copy(), cholesky, h);
    }

    /** The kernel's scale h: its covariance is h²Σ. */
    public double bandwidth() { return bandwidth; }

    /** n new rows: each a training row drawn at random plus N(0, h²Σ). */
    public DMatrixRMaj sample(int n, SplittableRandom rng) {
        int d = rows.numCols;
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        double[] e = new double[d];
        for (int i = 0; i < n; i++) {
            int source = rng.nextInt(rows.numRows);
            for (int j = 0; j < d; j++) e[j] = bandwidth * rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                double v = rows.get(source, j);
                for (int q = 0; q <= j; q++) v += cholesky.get(j, q) * e[q];
                out.set(i, j, v);
            }
        }
        return out;
    }

    private static DMatrixRMaj choleskyOfCovariance(DMatrixRMaj rows) {
        int n = rows.numRows, d = rows.numCols;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += rows.get(i, j) / n;
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++) {
                double da = rows.get(i, a) - mean[a];
                for (int b = 0; b <= a; b++) cov.data[a * d + b] += da * (rows.get(i, b) - mean[b]) / (n - 1);
            }
        double trace = 0;
        for (int a = 0; a < d; a++) trace += cov.get(a, a);
        double ridge = RIDGE * Math.max(trace / d, Double.MIN_NORMAL);
        for (int a = 0; a < d; a++) {
            cov.data[a * d + a] += ridge;
            for (int b = 0; b < a; b++) cov.data[b * d + a] = cov.data[a * d + b];
        }
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(cov)) throw new IllegalArgumentException("the rows' covariance is not finite");
        return chol.getT(null);
    }

    /** L⁻¹x_i: differences of whitened rows are Mahalanobis differences. */
    private static double[] whiten(DMatrixRMaj l, DMatrixRMaj rows, int i) {
        int d = rows.numCols;
        double[] y = new double[d];
        for (int a = 0; a < d; a++) {
            double s = rows.get(i, a);
            for (int b = 0; b < a; b++) s -= l.get(a, b) * y[b];
            y[a] = s / l.get(a, a);
        }
        return y;
    }

    /** The h of the highest leave-one-out log-likelihood (copies of a row left out with it). */
    static double leaveOneOutBandwidth(double[][] z, int d) {
        int m = z.length;
        double[][] squared = new double[m][m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int q = 0; q < d; q++) {
                    double t = z[i][q] - z[j][q];
                    s += t * t;
                }
                squared[i][j] = squared[j][i] = s;
            }
        double coarse = best(squared, d, SMALLEST, LARGEST, COARSE);
        return best(squared, d, coarse / COARSE, coarse * COARSE, FINE);
    }

    private static double best(double[][] squared, int d, double from, double to, double step) {
        double best = Double.NEGATIVE_INFINITY, bestH = from;
        for (double h = from; h <= to * (1 + 1e-12); h *= step) {
            double ll = leaveOneOutLogLikelihood(squared, h, d);
            if (ll > best) {
                best = ll;
                bestH = h;
            }
        }
        return bestH;
    }

    /** Σ_i log( mean over the other distinct rows j of N(z_i; z_j, h²I) ), without the constant in 2π. */
    private static double leaveOneOutLogLikelihood(double[][] squared, double h, int d) {
        int m = squared.length;
        double inv = 1 / (2 * h * h), total = 0;
        for (int i = 0; i < m; i++) {
            double[] row = squared[i];
            double nearest = Double.POSITIVE_INFINITY;
            int others = 0;
            for (int j = 0; j < m; j++)
                if (j != i && row[j] > 0) {
                    nearest = Math.min(nearest, row[j]);
                    others++;
                }
            if (others == 0) continue;   // every row a copy: no information on h
            double sum = 0;
            for (int j = 0; j < m; j++) if (j != i && row[j] > 0) sum += Math.exp(-(row[j] - nearest) * inv);
            total += -nearest * inv + Math.log(sum / others) - d * Math.log(h);
        }
        return total;
    }
}
