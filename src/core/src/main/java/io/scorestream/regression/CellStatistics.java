package io.scorestream.regression;

import org.ejml.data.DMatrixRMaj;

/**
 * Sufficient statistics of one least-squares problem y ≈ Wᵀφ: {@code G = Σ wφφᵀ},
 * {@code B = Σ wφyᵀ}, the total weight and {@code Σ w‖y‖²}.
 *
 * <p>They are sums, so statistics built on different threads or nodes merge by addition, and a
 * batch of m rows costs one matrix product {@code ΦᵀΦ} instead of m rank-one updates. A forgetting
 * factor γ discounts older rows: after a batch, every earlier row weighs γ^m less.
 *
 * <p>G and B accumulate as arrays of rows, the layout {@link GramKernel} vectorises; G keeps only
 * its lower triangle (row i has i + 1 entries), so a cell holds p(p+1)/2 + pd numbers. {@link #gram()}
 * and {@link #cross()} build matrices from them (the upper triangle mirrored) — once per solve or
 * snapshot, not per sample.
 */
public final class CellStatistics {
    private final int features;
    private final int outputs;
    private final double[][] gramRows;    // lower triangle: row i holds G[i][0..i]
    private final double[][] crossRows;
    private double weight;
    private double sumSquares;
    private long rows;

    public CellStatistics(int features, int outputs) {
        this.features = features;
        this.outputs = outputs;
        this.gramRows = new double[features][];
        for (int i = 0; i < features; i++) gramRows[i] = new double[i + 1];
        this.crossRows = new double[features][outputs];
    }

    public int features() { return features; }
    public int outputs() { return outputs; }
    /** A new p×p matrix holding Σφφᵀ (weighted, symmetric). */
    public DMatrixRMaj gram() {
        int p = features;
        DMatrixRMaj gram = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            double[] g = gramRows[i];
            for (int j = 0; j <= i; j++) {
                gram.data[i * p + j] = g[j];
                gram.data[j * p + i] = g[j];
            }
        }
        return gram;
    }

    /** A new p×d matrix holding Σφyᵀ (weighted). */
    public DMatrixRMaj cross() {
        DMatrixRMaj cross = new DMatrixRMaj(features, outputs);
        for (int i = 0; i < features; i++) System.arraycopy(crossRows[i], 0, cross.data, i * outputs, outputs);
        return cross;
    }
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
        int m = phi.numRows;
        double[][] phiRows = new double[m][features], yRows = new double[m][outputs];
        for (int r = 0; r < m; r++) {
            System.arraycopy(phi.data, r * features, phiRows[r], 0, features);
            System.arraycopy(y.data, r * outputs, yRows[r], 0, outputs);
        }
        add(phiRows, yRows, m, totalWeight);
    }

    /** As {@link #add(DMatrixRMaj, DMatrixRMaj, double)}, for rows [0, m) of phi and y held as arrays of rows: the learner's hot path, no allocation. */
    public void add(double[][] phi, double[][] y, int m, double totalWeight) {
        if (m == 0) return;
        GramKernel.accumulate(phi, y, 0, m, features, outputs, gramRows, crossRows);
        double s = 0;
        for (int r = 0; r < m; r++) {
            double[] row = y[r];
            for (int j = 0; j < outputs; j++) s += row[j] * row[j];
        }
        sumSquares += s;
        weight += totalWeight;
        rows += m;
    }

    /** Multiplies everything by factor (the forgetting factor's decay). */
    public void decay(double factor) {
        if (factor == 1) return;
        for (double[] row : gramRows) for (int j = 0; j < row.length; j++) row[j] *= factor;
        for (double[] row : crossRows) for (int j = 0; j < row.length; j++) row[j] *= factor;
        weight *= factor;
        sumSquares *= factor;
    }

    /** Adds another cell's statistics (same shape) to these. */
    public void merge(CellStatistics other) {
        if (other.features != features || other.outputs != outputs)
            throw new IllegalArgumentException("cannot merge statistics of shape " + other.features + "x" + other.outputs + " into " + features + "x" + outputs);
        for (int i = 0; i < features; i++) {
            double[] g = gramRows[i], h = other.gramRows[i];
            for (int j = 0; j <= i; j++) g[j] += h[j];
            double[] b = crossRows[i], c = other.crossRows[i];
            for (int j = 0; j < outputs; j++) b[j] += c[j];
        }
        weight += other.weight;
        sumSquares += other.sumSquares;
        rows += other.rows;
    }

    public CellStatistics copy() {
        CellStatistics c = new CellStatistics(features, outputs);
        c.merge(this);
        return c;
    }

    /** Restores statistics from stored arrays (snapshots); gram's lower triangle is taken. */
    public static CellStatistics of(DMatrixRMaj gram, DMatrixRMaj cross, double weight, double sumSquares, long rows) {
        CellStatistics c = new CellStatistics(gram.numRows, cross.numCols);
        for (int i = 0; i < c.features; i++) {
            System.arraycopy(gram.data, i * c.features, c.gramRows[i], 0, i + 1);
            System.arraycopy(cross.data, i * c.outputs, c.crossRows[i], 0, c.outputs);
        }
        c.weight = weight;
        c.sumSquares = sumSquares;
        c.rows = rows;
        return c;
    }
}
