package io.scorestream.learn;

import io.scorestream.features.CellGates;

import java.util.stream.IntStream;

/**
 * The (sample, soft cell, share) pairs of a batch of clean samples: each sample in every cell whose
 * responsibility P(c | x₀) is at least {@link CellGates#TRAIN_CUTOFF}, the kept shares renormalised
 * to sum to one (so a level's total weight counts its records exactly). The clean gates are the
 * same at every level, so a learner computes these once per batch and every level reuses them.
 * Reusable: arrays grow on demand.
 *
 * <p>The gates are evaluated a block of {@value #BLOCK} samples at a time by {@link
 * CellGates.Evaluator#weightsOfColumns}, whose loops over samples vectorise and which makes every
 * share bit for bit as {@link CellGates.Evaluator#weights} does. A learner's shared pairs are
 * computed before its levels run in parallel, on one thread, where they took a tenth of a fit's
 * samples (PERFORMANCE.md §95): {@link #computeInParallel} spreads the blocks over the cores and
 * joins their pairs in the order one pass would have written them.
 */
public final class CleanShares {
    private static final int BLOCK = 512;
    int[] cell = new int[0], sample = new int[0];
    double[] share = new double[0];
    int pairs;
    private Block[] blocks = new Block[0];
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Fills out (reused) with the pairs of the m samples x0[0..m·d) under the gates, on this thread. */
    public static CleanShares compute(CellGates.Evaluator gates, double[] x0, int m, int d, int k, CleanShares out) {
        return compute(gates, x0, m, d, k, out, false);
    }

    /**
     * As {@link #compute}, its blocks on the common pool's threads. Only for callers that are not
     * themselves inside a parallel loop whose workers keep per-thread state across this call.
     */
    public static CleanShares computeInParallel(CellGates.Evaluator gates, double[] x0, int m, int d, int k, CleanShares out) {
        return compute(gates, x0, m, d, k, out, true);
    }

    private static CleanShares compute(CellGates.Evaluator gates, double[] x0, int m, int d, int k, CleanShares out, boolean parallel) {
        int count = (m + BLOCK - 1) / BLOCK;
        if (out.blocks.length < count) {
            Block[] grown = java.util.Arrays.copyOf(out.blocks, count);
            for (int b = out.blocks.length; b < count; b++) grown[b] = new Block();
            out.blocks = grown;
        }
        Block[] blocks = out.blocks;
        IntStream range = IntStream.range(0, count);
        (parallel && count > 1 ? range.parallel() : range).forEach(b -> {
            int first = b * BLOCK;
            blocks[b].fill(gates, x0, first, Math.min(BLOCK, m - first), d, k, SCRATCH.get());
        });
        int pairs = 0;
        for (int b = 0; b < count; b++) pairs += blocks[b].pairs;
        if (out.cell.length < pairs) {
            int size = Math.max(pairs, out.cell.length + out.cell.length / 2);
            out.cell = new int[size]; out.sample = new int[size]; out.share = new double[size];
        }
        int at = 0;
        for (int b = 0; b < count; b++) {
            Block block = blocks[b];
            System.arraycopy(block.cell, 0, out.cell, at, block.pairs);
            System.arraycopy(block.sample, 0, out.sample, at, block.pairs);
            System.arraycopy(block.share, 0, out.share, at, block.pairs);
            at += block.pairs;
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

    /** One block's pairs, samples numbered in the whole batch. */
    private static final class Block {
        int[] cell = new int[0], sample = new int[0];
        double[] share = new double[0];
        int pairs;

        void fill(CellGates.Evaluator gates, double[] x0, int first, int n, int d, int k, Scratch s) {
            s.ensure(n, d, k, gates.rank());
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++) s.xT[j][i] = x0[(first + i) * d + j];
            gates.weightsOfColumns(s.xT, n, s.gate, s.projections, s.work);
            if (cell.length < n * k) { cell = new int[n * k]; sample = new int[n * k]; share = new double[n * k]; }
            int kept = 0;
            for (int i = 0; i < n; i++) {
                int from = kept;
                double total = 0;
                for (int c = 0; c < k; c++) {
                    double g = s.gate[c][i];
                    if (g < CellGates.TRAIN_CUTOFF) continue;
                    cell[kept] = c;
                    sample[kept] = first + i;
                    total += share[kept++] = g;
                }
                for (int q = from; q < kept; q++) share[q] /= total;
            }
            pairs = kept;
        }
    }

    /** A thread's gate evaluation arrays, grown on demand. */
    private static final class Scratch {
        int n, d = -1, k, r;
        double[][] xT, gate, projections, work;

        void ensure(int n, int d, int k, int r) {
            if (n <= this.n && d == this.d && k <= this.k && r <= this.r) return;
            this.n = Math.max(n, this.n); this.d = d; this.k = Math.max(k, this.k); this.r = Math.max(r, this.r);
            xT = new double[d][this.n];
            gate = new double[this.k][this.n];
            projections = new double[this.k * this.r][this.n];
            work = new double[d + 2][this.n];
        }
    }
}
