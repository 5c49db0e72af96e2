package io.scorestream.model;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.CellGates;
import org.ejml.data.DMatrixRMaj;

/**
 * The noise predictor of one soft-cell level for a block of points at once:
 * {@code ε̂(x) = Σ_c g_c(x)·φ_c(x)ᵀW_c} over the cells whose gate is at least
 * {@link CellGates#PREDICT_CUTOFF}.
 *
 * <p>Why blocks: point by point, every point paid for each cell's gate, its feature map (which
 * projects onto the cell's directions a second time) and a p×d product in short loops over d
 * outputs. Here the points are the columns of the work matrices, so every inner loop runs over
 * the block's points: the gates of all points cell by cell, then for each cell the points its gate
 * keeps gathered and its expert applied as one product (Wᵀ times their weighted features), its
 * projections taken from the gates'. Each output is the same sum, in the same order, as the
 * point-by-point form's, so the two agree bit for bit (SoftCellPredictionTest).
 */
final class SoftCellPrediction {
    private final CellGates.Evaluator gates;
    private final CellFeatureMap[] maps;
    private final double[][][] coefficientRows;   // W_c as [cell][feature][output]
    private final boolean sharedProjections;      // every map's centre is its gate's: reuse the gates' projections
    private final int k, d, p, r;
    /** Rows per block: the sampler's chunk; larger inputs are taken a block at a time. */
    static final int BLOCK = 512;
    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    SoftCellPrediction(LevelStructure structure, double[][][] coefficientRows) {
        this.gates = structure.noisyGates();
        this.maps = structure.features();
        this.coefficientRows = coefficientRows;
        this.k = structure.cells();
        this.d = structure.dimension();
        this.p = structure.featureCount();
        this.r = maps[0].basis().rank();
        // The gates' centres are a·μ_c, computed as CellGates.Evaluator computes them.
        double a = structure.alpha();
        double[] centres = structure.partition().centres().data;
        for (int i = 0; i < centres.length; i++) centres[i] = a * centres[i];
        boolean shared = true;
        for (int c = 0; c < k; c++) shared &= maps[c].centredAt(centres, c * d);
        this.sharedProjections = shared;
    }

    /** ε̂ at every row of x (n×d) into out (n×d), in blocks of at most {@value #BLOCK} rows (bounded work arrays). */
    void predict(DMatrixRMaj x, DMatrixRMaj out) {
        int rows = x.numRows;
        double[] xs = x.data;
        if (out != x) out.reshape(rows, d);
        for (int first = 0; first < rows; first += BLOCK) predictBlock(xs, first, Math.min(BLOCK, rows - first), out.data);
    }

    /** Rows first..first+n of xs into the same rows of out (either may be the other: a block is read before it is written). */
    private void predictBlock(double[] xs, int first, int n, double[] out) {
        Workspace w = WORKSPACES.get();
        w.ensure(n, k, d, p, r, maps[0].workLength());
        double[][] xT = w.xT, outT = w.outT, gate = w.gate;
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) xT[j][i] = xs[(first + i) * d + j];
        gates.weightsOfColumns(xT, n, gate, w.projections, w.gateWork);
        for (int j = 0; j < d; j++) java.util.Arrays.fill(outT[j], 0, n, 0);
        int[] kept = w.kept;
        for (int c = 0; c < k; c++) {
            int m = 0;
            double[] g = gate[c];
            for (int i = 0; i < n; i++) if (g[i] >= CellGates.PREDICT_CUTOFF) kept[m++] = i;
            if (m == 0) continue;
            weightedFeatures(c, xs, first, n, kept, m, w);
            if (m == n) {   // every point: accumulate in place
                addProduct(coefficientRows[c], w.features, outT, n);
                continue;
            }
            double[][] block = w.block;
            for (int j = 0; j < d; j++) for (int t = 0; t < m; t++) block[j][t] = outT[j][kept[t]];
            addProduct(coefficientRows[c], w.features, block, m);
            for (int j = 0; j < d; j++) for (int t = 0; t < m; t++) outT[j][kept[t]] = block[j][t];
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) out[(first + i) * d + j] = outT[j][i];
    }

    /** features (p rows of m) ← column t: g_c(x)·φ_c(x) of kept point t. */
    private void weightedFeatures(int c, double[] xs, int first, int n, int[] kept, int m, Workspace w) {
        double[] g = w.gate[c];
        double[][] features = w.features;
        if (!sharedProjections) {   // a map centred elsewhere projects on its own, point by point
            double[] phi = w.phi;
            for (int t = 0; t < m; t++) {
                int i = kept[t];
                maps[c].map(xs, (first + i) * d, phi, 0, w.featureWork);
                for (int q = 0; q < p; q++) features[q][t] = g[i] * phi[q];
            }
            return;
        }
        double[][] columns = w.xT, vs = w.cellProjections;
        double[] weight = g;
        if (m == n) {
            System.arraycopy(w.projections, c * r, vs, 0, r);
        } else {   // gather the kept points' columns
            columns = w.keptX;
            weight = w.keptWeight;
            for (int j = 0; j < d; j++) for (int t = 0; t < m; t++) columns[j][t] = w.xT[j][kept[t]];
            vs = w.keptProjections;
            for (int q = 0; q < r; q++) for (int t = 0; t < m; t++) vs[q][t] = w.projections[c * r + q][kept[t]];
            for (int t = 0; t < m; t++) weight[t] = g[kept[t]];
        }
        maps[c].weightedColumns(columns, vs, weight, m, features, w.table);
    }

    /**
     * block (d rows of m) += Wᵀ features, feature by feature: each inner loop is one output over
     * all m points, rows from 0, so the JIT vectorises it.
     *
     * <p>Eight features per pass, then four, then the last one to three in one more pass: one load
     * and store of the output per pass instead of per feature. The sums are still taken feature by
     * feature in order ((b + f₀w₀) + f₁w₁ …), so the result is the same bit for bit. On the quick
     * compiler `sample` runs on, which neither unrolls nor vectorises, the passes are what the
     * product costs (PERFORMANCE.md §20).
     */
    private void addProduct(double[][] rows, double[][] features, double[][] block, int m) {
        int q = 0;
        for (; q + 8 <= p; q += 8) {
            double[] f0 = features[q], f1 = features[q + 1], f2 = features[q + 2], f3 = features[q + 3];
            double[] f4 = features[q + 4], f5 = features[q + 5], f6 = features[q + 6], f7 = features[q + 7];
            for (int j = 0; j < d; j++) {
                double w0 = rows[q][j], w1 = rows[q + 1][j], w2 = rows[q + 2][j], w3 = rows[q + 3][j];
                double w4 = rows[q + 4][j], w5 = rows[q + 5][j], w6 = rows[q + 6][j], w7 = rows[q + 7][j];
                double[] b = block[j];
                for (int t = 0; t < m; t++)
                    b[t] = b[t] + f0[t] * w0 + f1[t] * w1 + f2[t] * w2 + f3[t] * w3 + f4[t] * w4 + f5[t] * w5 + f6[t] * w6 + f7[t] * w7;
            }
        }
        if (q + 4 <= p) {
            double[] f0 = features[q], f1 = features[q + 1], f2 = features[q + 2], f3 = features[q + 3];
            for (int j = 0; j < d; j++) {
                double w0 = rows[q][j], w1 = rows[q + 1][j], w2 = rows[q + 2][j], w3 = rows[q + 3][j];
                double[] b = block[j];
                for (int t = 0; t < m; t++) b[t] = b[t] + f0[t] * w0 + f1[t] * w1 + f2[t] * w2 + f3[t] * w3;
            }
            q += 4;
        }
        switch (p - q) {
            case 3 -> {
                double[] f0 = features[q], f1 = features[q + 1], f2 = features[q + 2];
                for (int j = 0; j < d; j++) {
                    double w0 = rows[q][j], w1 = rows[q + 1][j], w2 = rows[q + 2][j];
                    double[] b = block[j];
                    for (int t = 0; t < m; t++) b[t] = b[t] + f0[t] * w0 + f1[t] * w1 + f2[t] * w2;
                }
            }
            case 2 -> {
                double[] f0 = features[q], f1 = features[q + 1];
                for (int j = 0; j < d; j++) {
                    double w0 = rows[q][j], w1 = rows[q + 1][j];
                    double[] b = block[j];
                    for (int t = 0; t < m; t++) b[t] = b[t] + f0[t] * w0 + f1[t] * w1;
                }
            }
            case 1 -> {
                double[] f0 = features[q];
                for (int j = 0; j < d; j++) {
                    double w0 = rows[q][j];
                    double[] b = block[j];
                    for (int t = 0; t < m; t++) b[t] = b[t] + f0[t] * w0;
                }
            }
            default -> { }
        }
    }

    private static final class Workspace {
        int n = -1, k, d, p, r, tableRows;
        int[] kept;
        double[] phi, featureWork, keptWeight;
        double[][] xT, outT, block, gate, projections, features, gateWork, keptX, keptProjections, cellProjections, table;

        /** Grown on demand (the sampler's blocks are all the same size, so once per thread and shape). */
        void ensure(int n, int k, int d, int p, int r, int featureWorkLength) {
            if (n <= this.n && k <= this.k && d == this.d && p <= this.p && r <= this.r && featureWorkLength <= tableRows) return;
            int rows = Math.max(n, 1);
            this.n = rows; this.k = k; this.d = d; this.p = p; this.r = r; this.tableRows = featureWorkLength;
            kept = new int[rows];
            phi = new double[p];
            featureWork = new double[featureWorkLength];
            keptWeight = new double[rows];
            xT = new double[d][rows]; outT = new double[d][rows]; block = new double[d][rows]; keptX = new double[d][rows];
            gate = new double[k][rows]; projections = new double[k * r][rows];
            features = new double[p][rows]; gateWork = new double[d + 2][rows];
            keptProjections = new double[r][rows]; cellProjections = new double[r][];
            table = new double[featureWorkLength][rows];
        }
    }
}
