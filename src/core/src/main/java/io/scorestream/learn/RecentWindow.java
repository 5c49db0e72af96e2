package io.scorestream.learn;

import org.ejml.data.DMatrixRMaj;

/**
 * The most recent samples of a stream with their positions, in arrival order: what partitions are
 * re-planned on when the stream drifts, and what fresh statistics are rebuilt from. Bounded, so a
 * stream of any length holds the same memory.
 */
public final class RecentWindow {
    private final int capacity;
    private final int dimension;
    private final double[] rows;
    private final long[] positions;
    private long added;

    public RecentWindow(int capacity, int dimension) {
        this.capacity = capacity;
        this.dimension = dimension;
        this.rows = new double[capacity * dimension];
        this.positions = new long[capacity];
    }

    public void add(DMatrixRMaj batch, long[] batchPositions) {
        for (int i = 0; i < batch.numRows; i++) {
            int slot = (int) (added % capacity);
            System.arraycopy(batch.data, i * dimension, rows, slot * dimension, dimension);
            positions[slot] = batchPositions[i];
            added++;
        }
    }

    public int size() { return (int) Math.min(added, capacity); }

    /** The held samples, oldest first. */
    public DMatrixRMaj rows() {
        int n = size();
        DMatrixRMaj out = new DMatrixRMaj(n, dimension);
        for (int i = 0; i < n; i++) System.arraycopy(rows, slot(i) * dimension, out.data, i * dimension, dimension);
        return out;
    }

    /** Their positions, oldest first. */
    public long[] positions() {
        int n = size();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = positions[slot(i)];
        return out;
    }

    private int slot(int i) {
        long oldest = added - size();
        return (int) ((oldest + i) % capacity);
    }
}
