package io.scorestream.model;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.partition.Partition;
import org.ejml.data.DMatrixRMaj;

/**
 * A solved level: the noise predictor {@code ε̂(x) = φ_c(x)ᵀ W_c} on each Voronoi cell c, or the
 * gated blend of every cell's for soft cells ({@link SoftCellPrediction}).
 * Immutable. The score is {@code −ε̂/s} and the Tweedie denoiser {@code (x − s·ε̂)/a}.
 */
public final class LevelModel {
    private final LevelStructure structure;
    private final double[][][] coefficientRows;   // W_c as [cell][feature][output]: the layout predictNoise's loop vectorises
    private final Partition.Finder finder;
    private final SoftCellPrediction soft;        // null for Voronoi cells
    /** Per-thread scratch for {@link #predictNoise}: grown on demand, shared by every level. */
    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    public LevelModel(LevelStructure structure, DMatrixRMaj[] coefficients) {
        if (coefficients.length != structure.cells())
            throw new IllegalArgumentException(coefficients.length + " coefficient blocks for " + structure.cells() + " cells");
        int p = structure.featureCount(), d = structure.dimension();
        this.coefficientRows = new double[coefficients.length][p][d];
        for (int c = 0; c < coefficients.length; c++) {
            if (coefficients[c].numRows != p || coefficients[c].numCols != d)
                throw new IllegalArgumentException("cell " + c + " coefficients are " + coefficients[c].numRows + "x" + coefficients[c].numCols + ", expected " + p + "x" + d);
            for (int q = 0; q < p; q++) System.arraycopy(coefficients[c].data, q * d, coefficientRows[c][q], 0, d);
        }
        this.structure = structure;
        this.finder = structure.partition().finder(structure.alpha());
        this.soft = structure.soft() ? new SoftCellPrediction(structure, coefficientRows) : null;
    }

    public LevelStructure structure() { return structure; }
    public double time() { return structure.time(); }
    /** A new p×d matrix holding W_c. */
    public DMatrixRMaj coefficients(int cell) {
        int p = structure.featureCount(), d = structure.dimension();
        DMatrixRMaj w = new DMatrixRMaj(p, d);
        for (int q = 0; q < p; q++) System.arraycopy(coefficientRows[cell][q], 0, w.data, q * d, d);
        return w;
    }

    /**
     * ε̂ at every row of x into out: φ_c(x)ᵀ W_c, accumulated over the features in order as one
     * row of outputs, W_c held as rows so the loop over outputs vectorises; the same sums, in the
     * same order, as a matrix product Φ_c W_c.
     */
    public void predictNoise(DMatrixRMaj x, DMatrixRMaj out) {
        if (soft != null) {
            soft.predict(x, out);
            return;
        }
        int n = x.numRows, d = structure.dimension(), p = structure.featureCount();
        out.reshape(n, d);
        CellFeatureMap[] maps = structure.features();
        Workspace w = WORKSPACES.get();
        w.ensure(n, p, d, maps[0].workLength());
        int[] cell = w.cell;
        double[] phi = w.phi, eps = w.eps;
        finder.assign(x.data, n, cell, w.finderWork);
        for (int i = 0; i < n; i++) {
            int c = cell[i];
            maps[c].map(x.data, i * d, phi, 0, w.featureWork);
            java.util.Arrays.fill(eps, 0, d, 0);
            addCell(c, phi, eps);
            System.arraycopy(eps, 0, out.data, i * d, d);
        }
    }

    /** eps += φᵀW_c, accumulated feature by feature as one row of outputs. */
    private void addCell(int c, double[] phi, double[] eps) {
        int p = structure.featureCount(), d = structure.dimension();
        double[][] rows = coefficientRows[c];
        for (int q = 0; q < p; q++) {
            double a = phi[q];
            double[] row = rows[q];
            for (int j = 0; j < d; j++) eps[j] += a * row[j];
        }
    }

    private static final class Workspace {
        final Partition.Scratch finderWork = new Partition.Scratch();
        int[] cell = new int[0];
        double[] featureWork = new double[0], phi = new double[0], eps = new double[0];

        void ensure(int n, int p, int d, int featureWorkSize) {
            if (cell.length < n) cell = new int[n];
            if (phi.length < p) phi = new double[p];
            if (eps.length < d) eps = new double[d];
            if (featureWork.length < featureWorkSize) featureWork = new double[featureWorkSize];
        }
    }
}
