package io.scorestream.metrics;

import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Unbiased MMD² with Gaussian kernels at bandwidths {0.5, 1, 2} × the median pairwise distance, and
 * the unbiased energy distance, both from one pass over all pairwise distances.
 */
final class KernelDiscrepancies {
    static final int MEDIAN_SUBSAMPLE = 1000;
    private static final int QUERY_BLOCK = 32;

    final double[] bandwidths;
    final double[] mmd2;
    final double energy;

    private KernelDiscrepancies(double[] bandwidths, double[] mmd2, double energy) {
        this.bandwidths = bandwidths;
        this.mmd2 = mmd2;
        this.energy = energy;
    }

    /** x and y are already standardised and subsampled; each needs at least two rows. */
    static KernelDiscrepancies compute(DMatrixRMaj x, DMatrixRMaj y, SplittableRandom rng) {
        double h = medianPairwiseDistance(SampleOps.subsampleRows(SampleOps.stack(x, y), MEDIAN_SUBSAMPLE, rng));
        if (!(h > 0)) h = 1; // all pooled points coincide; any bandwidth gives MMD² = 0
        double[] bandwidths = {0.5 * h, h, 2 * h};
        double[] xx = pairSums(x, x, true, h);
        double[] yy = pairSums(y, y, true, h);
        double[] xy = pairSums(x, y, false, h);
        double m = x.numRows, n = y.numRows;
        double within = m * (m - 1), withinY = n * (n - 1), between = m * n;
        double[] mmd2 = new double[3];
        for (int b = 0; b < 3; b++) mmd2[b] = xx[b] / within + yy[b] / withinY - 2 * xy[b] / between;
        double energy = 2 * xy[3] / between - xx[3] / within - yy[3] / withinY;
        return new KernelDiscrepancies(bandwidths, mmd2, energy);
    }

    /**
     * Sums over pairs (skipping i == j when same) of the kernels at 0.5h, h, 2h and of the distance.
     * Only one exp per pair: with e = exp(−D/(2(2h)²)) the kernel at h is e⁴ and at 0.5h is e¹⁶.
     */
    private static double[] pairSums(DMatrixRMaj a, DMatrixRMaj b, boolean same, double h) {
        SquaredDistances distances = new SquaredDistances(b);
        int nb = b.numRows;
        double[] block = new double[QUERY_BLOCK * nb];
        double widest = -1 / (8 * h * h);
        double kHalf = 0, kOne = 0, kTwo = 0, dist = 0;
        for (int first = 0; first < a.numRows; first += QUERY_BLOCK) {
            int count = Math.min(QUERY_BLOCK, a.numRows - first);
            distances.fromRows(a, first, count, block);
            for (int i = 0; i < count; i++) {
                int base = i * nb;
                int skip = same ? first + i : -1;
                for (int j = 0; j < nb; j++) {
                    if (j == skip) continue;
                    double sq = block[base + j];
                    double e = Math.exp(widest * sq);
                    double e4 = (e * e) * (e * e);
                    double e16 = (e4 * e4) * (e4 * e4);
                    kTwo += e;
                    kOne += e4;
                    kHalf += e16;
                    dist += Math.sqrt(sq);
                }
            }
        }
        return new double[]{kHalf, kOne, kTwo, dist};
    }

    static double medianPairwiseDistance(DMatrixRMaj x) {
        int n = x.numRows, d = x.numCols;
        if (n < 2) return 0;
        double[] all = new double[n * (n - 1) / 2];
        int p = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double v = x.data[i * d + k] - x.data[j * d + k];
                    s += v * v;
                }
                all[p++] = Math.sqrt(s);
            }
        Arrays.sort(all);
        int mid = all.length / 2;
        return all.length % 2 == 1 ? all[mid] : 0.5 * (all[mid - 1] + all[mid]);
    }
}
