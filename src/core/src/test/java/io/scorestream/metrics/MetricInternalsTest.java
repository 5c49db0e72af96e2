package io.scorestream.metrics;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class MetricInternalsTest {
    @Test
    void blockedSquaredDistancesMatchTheDefinitionIncludingRaggedEdges() {
        SplittableRandom rng = new SplittableRandom(1);
        DMatrixRMaj query = random(11, 5, rng), target = random(9, 5, rng);
        SquaredDistances distances = new SquaredDistances(target);
        double[] out = new double[7 * 9];
        distances.fromRows(query, 3, 7, out); // 7 queries from row 3: one block of 4 plus 3 leftovers
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 9; j++) {
                double s = 0;
                for (int k = 0; k < 5; k++) s += Math.pow(query.get(3 + i, k) - target.get(j, k), 2);
                assertEquals(s, out[i * 9 + j], 1e-12, "(" + i + "," + j + ")");
            }
    }

    @Test
    void nearestNeighbourVoteMatchesSortingAllDistances() {
        SplittableRandom rng = new SplittableRandom(2);
        int nTrain = 203, nTest = 57, d = 3;
        DMatrixRMaj train = random(nTrain, d, rng), test = random(nTest, d, rng);
        int[] trainLabels = new int[nTrain], testLabels = new int[nTest];
        // Labels depend on position, so a correct k-NN does much better than chance.
        for (int i = 0; i < nTrain; i++) trainLabels[i] = train.get(i, 0) + 0.3 * rng.nextGaussian() > 0 ? 1 : 0;
        for (int i = 0; i < nTest; i++) testLabels[i] = test.get(i, 0) > 0 ? 1 : 0;
        int correct = 0;
        for (int i = 0; i < nTest; i++) {
            final int row = i;
            Integer[] order = IntStream.range(0, nTrain).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble(j -> distance2(test, row, train, j)));
            int votes = 0;
            for (int h = 0; h < NearestNeighbourClassifier.K; h++) votes += trainLabels[order[h]];
            int predicted = 2 * votes > NearestNeighbourClassifier.K ? 1 : 2 * votes < NearestNeighbourClassifier.K ? 0 : trainLabels[order[0]];
            if (predicted == testLabels[i]) correct++;
        }
        double expected = (double) correct / nTest;
        assertEquals(expected, NearestNeighbourClassifier.heldOutAccuracy(train, trainLabels, test, testLabels), 0.0);
        assertTrue(expected > 0.75, "sanity: k-NN should learn the sign of x₀, got " + expected);
    }

    @Test
    void oneDimensionalWassersteinComparesAtCommonQuantileLevels() {
        // Quantile functions: A is 0 on [0,½), 1 on [½,1); B is 0 on [0,⅔), 3 on [⅔,1).
        // ∫|A−B| = (⅔−½)·1 + (1−⅔)·2 = 5/6.
        assertEquals(5.0 / 6, SlicedWasserstein.wasserstein1(new double[]{0, 1}, new double[]{0, 0, 3}), 1e-15);
        assertEquals(5.0 / 6, SlicedWasserstein.wasserstein1(new double[]{0, 0, 3}, new double[]{0, 1}), 1e-15);
        assertEquals(0.5, SlicedWasserstein.wasserstein1(new double[]{1, 2, 3}, new double[]{1.5, 2.5, 3.5}), 1e-15);
    }

    @Test
    void quadraticLogisticSeparatesAnInnerDiscFromAnOuterRing() {
        // Only the x₀² + x₁² features can separate these; a linear model would sit at 0.5.
        SplittableRandom rng = new SplittableRandom(3);
        int n = 2000;
        DMatrixRMaj train = new DMatrixRMaj(n, 2), test = new DMatrixRMaj(n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < n / 2 ? 0 : 1;
            for (DMatrixRMaj m : new DMatrixRMaj[]{train, test}) {
                double r = labels[i] == 0 ? 0.5 * Math.sqrt(rng.nextDouble()) : 1 + 0.5 * rng.nextDouble();
                double theta = 2 * Math.PI * rng.nextDouble();
                m.set(i, 0, r * Math.cos(theta));
                m.set(i, 1, r * Math.sin(theta));
            }
        }
        assertTrue(QuadraticLogisticClassifier.heldOutAccuracy(train, labels, test, labels) > 0.99);
        assertEquals(1 + 2 * 16 + 120, QuadraticLogisticClassifier.featureCount(16));
        assertEquals(1 + 2 * 17, QuadraticLogisticClassifier.featureCount(17));
    }

    @Test
    void medianPairwiseDistanceOfCollinearPoints() {
        // Points 0, 1, 3 on a line: distances 1, 2, 3 → median 2.
        DMatrixRMaj x = new DMatrixRMaj(new double[][]{{0, 0}, {1, 0}, {3, 0}});
        assertEquals(2.0, KernelDiscrepancies.medianPairwiseDistance(x), 1e-15);
    }

    private static double distance2(DMatrixRMaj a, int i, DMatrixRMaj b, int j) {
        double s = 0;
        for (int k = 0; k < a.numCols; k++) s += Math.pow(a.get(i, k) - b.get(j, k), 2);
        return s;
    }

    private static DMatrixRMaj random(int n, int d, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(n, d);
        for (int i = 0; i < m.data.length; i++) m.data[i] = rng.nextGaussian();
        return m;
    }
}
