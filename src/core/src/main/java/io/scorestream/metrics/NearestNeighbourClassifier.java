package io.scorestream.metrics;

import org.ejml.data.DMatrixRMaj;

/**
 * Brute-force k-nearest-neighbour classifier (k = 10, Euclidean) for two labels, 0 and 1.
 * A 5–5 vote is broken by the label of the single nearest neighbour, so ties carry information
 * instead of coin flips.
 */
final class NearestNeighbourClassifier {
    static final int K = 10;
    // Test rows processed together; the block of distances (QUERY_BLOCK × train rows) is reused.
    private static final int QUERY_BLOCK = 32;

    private NearestNeighbourClassifier() {}

    static double heldOutAccuracy(DMatrixRMaj train, int[] trainLabels, DMatrixRMaj test, int[] testLabels) {
        return TwoSampleMetrics.share(heldOutCorrect(train, trainLabels, test, testLabels));
    }

    /** Whether each test row is classified correctly. */
    static boolean[] heldOutCorrect(DMatrixRMaj train, int[] trainLabels, DMatrixRMaj test, int[] testLabels) {
        boolean[] out = new boolean[test.numRows];
        int k = Math.min(K, train.numRows);
        SquaredDistances distances = new SquaredDistances(train);
        int nTrain = train.numRows;
        double[] block = new double[QUERY_BLOCK * nTrain];
        // Bounded max-heap of the k nearest so far: root = farthest kept neighbour.
        double[] heapDist = new double[k];
        int[] heapIndex = new int[k];
        for (int first = 0; first < test.numRows; first += QUERY_BLOCK) {
            int count = Math.min(QUERY_BLOCK, test.numRows - first);
            distances.fromRows(test, first, count, block);
            for (int i = 0; i < count; i++) {
                int base = i * nTrain;
                int size = 0;
                for (int j = 0; j < nTrain; j++) {
                    double dist = block[base + j];
                    if (size < k) {
                        siftUp(heapDist, heapIndex, size++, dist, j);
                    } else if (dist < heapDist[0]) {
                        siftDown(heapDist, heapIndex, k, dist, j);
                    }
                }
                int votes = 0, nearest = heapIndex[0];
                double nearestDist = heapDist[0];
                for (int h = 0; h < size; h++) {
                    votes += trainLabels[heapIndex[h]];
                    if (heapDist[h] < nearestDist) { nearestDist = heapDist[h]; nearest = heapIndex[h]; }
                }
                int predicted = 2 * votes > size ? 1 : 2 * votes < size ? 0 : trainLabels[nearest];
                out[first + i] = predicted == testLabels[first + i];
            }
        }
        return out;
    }

    private static void siftUp(double[] dist, int[] index, int pos, double value, int idx) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (dist[parent] >= value) break;
            dist[pos] = dist[parent];
            index[pos] = index[parent];
            pos = parent;
        }
        dist[pos] = value;
        index[pos] = idx;
    }

    /** Replaces the root with (value, idx) and restores the max-heap order. */
    private static void siftDown(double[] dist, int[] index, int size, double value, int idx) {
        int pos = 0;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) break;
            if (child + 1 < size && dist[child + 1] > dist[child]) child++;
            if (dist[child] <= value) break;
            dist[pos] = dist[child];
            index[pos] = index[child];
            pos = child;
        }
        dist[pos] = value;
        index[pos] = idx;
    }
}
