package io.scorestream.regression;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Sufficient statistics of one least-squares problem y ≈ Wᵀφ: {@code G = Σ wφφᵀ},
 * {@code B = Σ wφyᵀ}, the total weight and {@code Σ w‖y‖²}.
 *
 * <p>They are sums, so statistics built on different threads or nodes merge by addition, and a
 * batch of m rows costs one matrix product {@code ΦᵀΦ} instead of m rank-one updates. A forgetting
 * factor γ discounts older rows: after a batch, every earlier row weighs γ^m less.
 *
 * <p>Batches update only the lower triangle of G ({@link GramKernel}); the upper one is mirrored
 * from it on the next {@link #gram()}, so a batch costs p(p+1)/2 multiply-adds per row, not p².
 */
public final class CellStatistics {
    private final int features;
    private final int outputs;
    private final DMatrixRMaj gram;
    private final DMatrixRMaj cross;
    private double weight;
    private double sumSquares;
    private long rows;
    private boolean upperStale;   // the upper triangle of gram lags the lower one

    public CellStatistics(int features, int outputs) {
        this.features = features;
        this.outputs = outputs;
        this.gram = new DMatrixRMaj(features, features);
        this.cross = new DMatrixRMaj(features, outputs);
    }

    public int features() { return features; }
    public int outputs() { return outputs; }
    /** Σφφᵀ (weighted, symmetric); read-only by convention. */
    public DMatrixRMaj gram() {
        if (upperStale) {
            GramKernel.mirrorLower(gram.data, features);
            upperStale = false;
        }
        return gram;
    }
    /** Σφyᵀ (weighted); read-only by convention. */
    public DMatrixRMaj cross() { return cross; }
    /** Total weight of the rows absorbed (their count when γ = 1). */
    public double weight() { return weight; }
    public double sumSquares() { return sumSquares; }
    /** Number of rows ever absorbed, undiscounted. */
    public long rows() { return rows; }

    /**
     * Adds the first m rows of phi (m×p) and y (m×d), already scaled by √weight when a
     * forgetting factor is in use; totalWeight is the sum of those weights.
     */
    public void add(DMatrixRMaj phi, DMatrixRMaj y, double totalWeight) {
        if (phi.numCols != features || y.numCols != outputs || phi.numRows != y.numRows)
            throw new IllegalArgumentException("batch shapes " + phi.numRows + "x" + phi.numCols + " / " + y.numRows + "x" + y.numCols
                    + " do not match statistics " + features + " -> " + outputs);
        if (phi.numRows == 0) return;
        GramKernel.accumulate(phi.data, y.data, 0, phi.numRows, features, outputs, gram.data, cross.data);
        upperStale = true;
        int n = phi.numRows * outputs;
        double s = 0;
        for (int i = 0; i < n; i++) s += y.data[i] * y.data[i];
        sumSquares += s;
        weight += totalWeight;
        rows += phi.numRows;
    }

    /** Multiplies everything by factor (the forgetting factor's decay). */
    public void decay(double factor) {
        if (factor == 1) return;
        CommonOps_DDRM.scale(factor, gram);
        CommonOps_DDRM.scale(factor, cross);
        weight *= factor;
        sumSquares *= factor;
    }

    /** Adds another cell's statistics (same shape) to these. */
    public void merge(CellStatistics other) {
        if (other.features != features || other.outputs != outputs)
            throw new IllegalArgumentException("cannot merge statistics of shape " + other.features + "x" + other.outputs + " into " + features + "x" + outputs);
        // Raw sums: where either side's upper triangle is stale the sum's is too, and is re-mirrored.
        CommonOps_DDRM.addEquals(gram, other.gram);
        CommonOps_DDRM.addEquals(cross, other.cross);
        upperStale |= other.upperStale;
        weight += other.weight;
        sumSquares += other.sumSquares;
        rows += other.rows;
    }

    public CellStatistics copy() {
        CellStatistics c = new CellStatistics(features, outputs);
        c.merge(this);
        return c;
    }

    /** Restores statistics from stored arrays (snapshots). */
    public static CellStatistics of(DMatrixRMaj gram, DMatrixRMaj cross, double weight, double sumSquares, long rows) {
        CellStatistics c = new CellStatistics(gram.numRows, cross.numCols);
        c.gram.setTo(gram);
        c.cross.setTo(cross);
        c.weight = weight;
        c.sumSquares = sumSquares;
        c.rows = rows;
        return c;
    }
}
