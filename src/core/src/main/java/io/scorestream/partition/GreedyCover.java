package io.scorestream.partition;

import org.ejml.data.DMatrixRMaj;

import java.util.BitSet;

/**
 * [GKL]'s centre selection: repeatedly take the point whose ball of radius R covers the most points
 * not yet covered, until every point is covered or maxCentres are taken. The picks come in order
 * of coverage, so truncating at maxCentres keeps the densest regions.
 */
public final class GreedyCover {
    private GreedyCover() {}

    /** Row indices of the chosen centres, in the order they were picked. */
    public static int[] select(DMatrixRMaj points, double radius, int maxCentres) {
        int n = points.numRows, d = points.numCols;
        if (n == 0) return new int[0];
        double r2 = radius * radius;
        BitSet[] balls = new BitSet[n];
        double[] x = points.data;
        for (int i = 0; i < n; i++) balls[i] = new BitSet(n);
        for (int i = 0; i < n; i++) {
            balls[i].set(i);
            for (int j = i + 1; j < n; j++) {
                double dist = 0;
                for (int k = 0; k < d && dist <= r2; k++) {
                    double diff = x[i * d + k] - x[j * d + k];
                    dist += diff * diff;
                }
                if (dist <= r2) { balls[i].set(j); balls[j].set(i); }
            }
        }
        BitSet uncovered = new BitSet(n);
        uncovered.set(0, n);
        int[] chosen = new int[Math.min(maxCentres, n)];
        int count = 0;
        BitSet scratch = new BitSet(n);
        while (count < chosen.length && !uncovered.isEmpty()) {
            int best = -1, bestGain = -1;
            for (int i = 0; i < n; i++) {
                scratch.clear();
                scratch.or(balls[i]);
                scratch.and(uncovered);
                int gain = scratch.cardinality();
                if (gain > bestGain) { bestGain = gain; best = i; }
            }
            chosen[count++] = best;
            uncovered.andNot(balls[best]);
        }
        return java.util.Arrays.copyOf(chosen, count);
    }
}
