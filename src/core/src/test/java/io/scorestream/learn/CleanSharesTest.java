package io.scorestream.learn;

import io.scorestream.features.CellGates;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pairs made a block of samples at a time, on one thread or on several, are the pairs of one
 * sample at a time through {@link CellGates.Evaluator#weights}: the same samples, cells and shares,
 * bit for bit, in the same order — what keeps a fit the same model however its shares were made.
 */
class CleanSharesTest {
    @Test
    void blocksOnSeveralThreadsGiveEveryPairOfOneSampleAtATimeBitForBit() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int[] shape : new int[][]{{1, 1, 1}, {3, 5, 2}, {8, 40, 4}, {13, 96, 4}}) {
            int d = shape[0], k = shape[1], r = Math.min(shape[2], d), m = 1500;   // three blocks, the last one short
            CellGates.Evaluator gates = randomGates(d, k, r, rng);
            double[] x0 = new double[m * d];
            for (int i = 0; i < x0.length; i++) x0[i] = 2 * rng.nextGaussian();

            Reference expected = oneAtATime(gates, x0, m, d, k);
            CleanShares serial = CleanShares.compute(gates, x0, m, d, k, new CleanShares());
            CleanShares reused = new CleanShares();
            CleanShares.computeInParallel(gates, x0, 7, d, k, reused);   // a smaller batch first: the arrays are reused
            CleanShares parallel = CleanShares.computeInParallel(gates, x0, m, d, k, reused);
            for (CleanShares got : new CleanShares[]{serial, parallel}) {
                assertEquals(expected.pairs, got.pairs, "pairs in " + d + " columns, " + k + " cells");
                for (int q = 0; q < expected.pairs; q++) {
                    assertEquals(expected.sample[q], got.sample[q], "sample of pair " + q);
                    assertEquals(expected.cell[q], got.cell[q], "cell of pair " + q);
                    assertEquals(Double.doubleToLongBits(expected.share[q]), Double.doubleToLongBits(got.share[q]), "share of pair " + q);
                }
            }
            if (k > 1) assertTrue(expected.pairs > m, "some samples are shared between cells in " + d + " columns: " + expected.pairs);
        }
    }

    private record Reference(int[] sample, int[] cell, double[] share, int pairs) {}

    /** The pairs as one sample at a time made them before blocks: the specification. */
    private static Reference oneAtATime(CellGates.Evaluator gates, double[] x0, int m, int d, int k) {
        int[] sample = new int[m * k], cell = new int[m * k];
        double[] share = new double[m * k], gate = new double[k], work = new double[d];
        int pairs = 0;
        for (int i = 0; i < m; i++) {
            gates.weights(x0, i * d, gate, work);
            int first = pairs;
            double kept = 0;
            for (int c = 0; c < k; c++) {
                if (gate[c] < CellGates.TRAIN_CUTOFF) continue;
                cell[pairs] = c;
                sample[pairs] = i;
                kept += share[pairs++] = gate[c];
            }
            for (int q = first; q < pairs; q++) share[q] /= kept;
        }
        return new Reference(sample, cell, share, pairs);
    }

    /** k cells of r orthonormal directions in d coordinates, centres spread over a few units, unequal weights and variances. */
    private static CellGates.Evaluator randomGates(int d, int k, int r, SplittableRandom rng) {
        double[] logWeights = new double[k], variances = new double[k * r], residuals = new double[k], centres = new double[k * d];
        double[][] directions = new double[k][r * d];
        for (int c = 0; c < k; c++) {
            logWeights[c] = Math.log(0.2 + rng.nextDouble());
            residuals[c] = 0.05 + 0.5 * rng.nextDouble();
            for (int q = 0; q < r; q++) variances[c * r + q] = 0.1 + 2 * rng.nextDouble();
            for (int j = 0; j < d; j++) centres[c * d + j] = 3 * rng.nextGaussian();
            // Gram–Schmidt on random rows
            for (int q = 0; q < r; q++) {
                double[] u = new double[d];
                for (int j = 0; j < d; j++) u[j] = rng.nextGaussian();
                for (int p = 0; p < q; p++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += u[j] * directions[c][p * d + j];
                    for (int j = 0; j < d; j++) u[j] -= dot * directions[c][p * d + j];
                }
                double norm = 0;
                for (double v : u) norm += v * v;
                norm = Math.sqrt(norm);
                for (int j = 0; j < d; j++) directions[c][q * d + j] = u[j] / norm;
            }
        }
        double total = 0;
        for (double w : logWeights) total += Math.exp(w);
        for (int c = 0; c < k; c++) logWeights[c] -= Math.log(total);
        return new CellGates(logWeights, variances, residuals).at(1, 0, centres, directions, d);
    }
}
