package io.scorestream.partition;

import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/** k-means++ seeding and Lloyd refinement, for the alternative partition and to polish a cover. */
public final class KMeans {
    private KMeans() {}

    /** k centres by k-means++ (D² sampling). */
    public static DMatrixRMaj plusPlus(DMatrixRMaj points, int k, SplittableRandom rng) {
        int n = points.numRows, d = points.numCols;
        k = Math.min(k, n);
        DMatrixRMaj centres = new DMatrixRMaj(k, d);
        double[] best = new double[n];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        int first = rng.nextInt(n);
        System.arraycopy(points.data, first * d, centres.data, 0, d);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                best[i] = Math.min(best[i], squaredDistance(points.data, i * d, centres.data, (c - 1) * d, d));
                total += best[i];
            }
            double u = rng.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                u -= best[i];
                if (u <= 0) { pick = i; break; }
            }
            System.arraycopy(points.data, pick * d, centres.data, c * d, d);
        }
        return centres;
    }

    /**
     * Lloyd iterations from the given centres; a centre that loses all its points keeps its place
     * (it will be dropped by the caller's minimum-size rule rather than jump somewhere arbitrary).
     */
    public static DMatrixRMaj lloyd(DMatrixRMaj points, DMatrixRMaj start, int iterations) {
        int n = points.numRows, d = points.numCols, k = start.numRows;
        DMatrixRMaj centres = start.copy();
        double[] sums = new double[k * d];
        int[] counts = new int[k], cells = new int[n], previous = new int[n];
        Partition.Scratch scratch = new Partition.Scratch();
        for (int it = 0; it < iterations; it++) {
            // The blocked finder gives the cells Partition.nearest gives, some times faster at high d.
            new Partition(centres).finder(1.0).assign(points.data, n, cells, scratch);
            // Converged: the same cells give the same centres, and so on for every step left. Stopping
            // here returns what the remaining steps would (a small file's Lloyd runs settle in 3–5 steps).
            if (it > 0 && java.util.Arrays.equals(cells, previous)) break;
            System.arraycopy(cells, 0, previous, 0, n);
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int c = cells[i];
                counts[c]++;
                for (int j = 0; j < d; j++) sums[c * d + j] += points.data[i * d + j];
            }
            for (int c = 0; c < k; c++)
                if (counts[c] > 0) for (int j = 0; j < d; j++) centres.data[c * d + j] = sums[c * d + j] / counts[c];
        }
        return centres;
    }

    static double squaredDistance(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double diff = a[ao + j] - b[bo + j];
            s += diff * diff;
        }
        return s;
    }
}
