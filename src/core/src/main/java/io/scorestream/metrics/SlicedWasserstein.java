package io.scorestream.metrics;

import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Sliced Wasserstein-1: the mean over random unit directions of the 1-D W₁ between projections. */
final class SlicedWasserstein {
    static final int DIRECTIONS = 64;

    private SlicedWasserstein() {}

    static double compute(DMatrixRMaj x, DMatrixRMaj y, SplittableRandom rng) {
        int d = x.numCols;
        double[] direction = new double[d];
        double[] px = new double[x.numRows], py = new double[y.numRows];
        double total = 0;
        for (int s = 0; s < DIRECTIONS; s++) {
            // A normalised standard Gaussian vector is uniform on the sphere.
            double norm;
            do {
                norm = 0;
                for (int k = 0; k < d; k++) { direction[k] = rng.nextGaussian(); norm += direction[k] * direction[k]; }
            } while (norm < 1e-24);
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) direction[k] /= norm;
            project(x, direction, px);
            project(y, direction, py);
            Arrays.sort(px);
            Arrays.sort(py);
            total += wasserstein1(px, py);
        }
        return total / DIRECTIONS;
    }

    private static void project(DMatrixRMaj x, double[] direction, double[] out) {
        int d = x.numCols;
        for (int i = 0; i < x.numRows; i++) {
            double v = 0;
            for (int k = 0; k < d; k++) v += x.data[i * d + k] * direction[k];
            out[i] = v;
        }
    }

    /**
     * Exact W₁ = ∫₀¹ |F⁻¹(u) − G⁻¹(u)| du between two empirical distributions given sorted values.
     * The quantile functions are step functions with jumps at i/m and j/n; walking the merged jump
     * points compares the samples at common quantile levels even when m ≠ n.
     */
    static double wasserstein1(double[] sortedA, double[] sortedB) {
        int m = sortedA.length, n = sortedB.length;
        int i = 0, j = 0;
        double u = 0, sum = 0;
        while (i < m && j < n) {
            // Next jump of each quantile function, compared exactly in integers: (i+1)/m vs (j+1)/n.
            long nextA = (long) (i + 1) * n, nextB = (long) (j + 1) * m;
            double next = Math.min(nextA, nextB) / ((double) m * n);
            sum += (next - u) * Math.abs(sortedA[i] - sortedB[j]);
            u = next;
            if (nextA <= nextB) i++;
            if (nextB <= nextA) j++;
        }
        return sum;
    }
}
