package io.scorestream.learn;

import io.scorestream.features.CellGates;

/**
 * The (sample, soft cell, share) pairs of a batch of clean samples: each sample in every cell whose
 * responsibility P(c | x₀) is at least {@link CellGates#TRAIN_CUTOFF}, the kept shares renormalised
 * to sum to one (so a level's total weight counts its records exactly). The clean gates are the
 * same at every level, so a learner computes these once per batch and every level reuses them.
 * Reusable: arrays grow on demand.
 */
public final class CleanShares {
    int[] cell = new int[0], sample = new int[0];
    double[] share = new double[0];
    int pairs;
    private double[] gate = new double[0], gateWork = new double[0];

    /** Fills out (reused) with the pairs of the m samples x0[0..m·d) under the gates. */
    public static CleanShares compute(CellGates.Evaluator gates, double[] x0, int m, int d, int k, CleanShares out) {
        if (out.cell.length < m * k) { out.cell = new int[m * k]; out.sample = new int[m * k]; out.share = new double[m * k]; }
        if (out.gate.length < k) out.gate = new double[k];
        if (out.gateWork.length < d) out.gateWork = new double[d];
        int pairs = 0;
        for (int i = 0; i < m; i++) {
            gates.weights(x0, i * d, out.gate, out.gateWork);
            int first = pairs;
            double kept = 0;
            for (int c = 0; c < k; c++) {
                if (out.gate[c] < CellGates.TRAIN_CUTOFF) continue;
                out.cell[pairs] = c;
                out.sample[pairs] = i;
                kept += out.share[pairs++] = out.gate[c];
            }
            for (int q = first; q < pairs; q++) out.share[q] /= kept;
        }
        out.pairs = pairs;
        return out;
    }

    /** Copies the pairs into a level's workspace; returns their number. */
    int copyTo(LevelAccumulator.Workspace w) {
        w.ensurePairs(pairs);
        System.arraycopy(cell, 0, w.cell, 0, pairs);
        System.arraycopy(sample, 0, w.sample, 0, pairs);
        System.arraycopy(share, 0, w.share, 0, pairs);
        return pairs;
    }
}
