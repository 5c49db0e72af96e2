package io.scorestream.model;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.partition.Partition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A solved level: the noise predictor {@code ε̂(x) = φ_c(x)ᵀ W_c} on each Voronoi cell c.
 * Immutable. The score is {@code −ε̂/s} and the Tweedie denoiser {@code (x − s·ε̂)/a}.
 */
public final class LevelModel {
    private final LevelStructure structure;
    private final DMatrixRMaj[] coefficients;
    private final Partition.Finder finder;
    /** Per-thread scratch for {@link #predictNoise}: grown on demand, shared by every level. */
    private static final ThreadLocal<Workspace> WORKSPACES = ThreadLocal.withInitial(Workspace::new);

    public LevelModel(LevelStructure structure, DMatrixRMaj[] coefficients) {
        if (coefficients.length != structure.cells())
            throw new IllegalArgumentException(coefficients.length + " coefficient blocks for " + structure.cells() + " cells");
        int p = structure.featureCount(), d = structure.dimension();
        this.coefficients = new DMatrixRMaj[coefficients.length];
        for (int c = 0; c < coefficients.length; c++) {
            if (coefficients[c].numRows != p || coefficients[c].numCols != d)
                throw new IllegalArgumentException("cell " + c + " coefficients are " + coefficients[c].numRows + "x" + coefficients[c].numCols + ", expected " + p + "x" + d);
            this.coefficients[c] = coefficients[c].copy();
        }
        this.structure = structure;
        this.finder = structure.partition().finder(structure.alpha());
    }

    public LevelStructure structure() { return structure; }
    public double time() { return structure.time(); }
    public DMatrixRMaj coefficients(int cell) { return coefficients[cell].copy(); }

    /** ε̂ at every row of x into out: rows are grouped by cell so each cell costs one product Φ_c W_c. */
    public void predictNoise(DMatrixRMaj x, DMatrixRMaj out) {
        int n = x.numRows, d = structure.dimension(), p = structure.featureCount(), k = structure.cells();
        out.reshape(n, d);
        CellFeatureMap[] maps = structure.features();
        Workspace w = WORKSPACES.get();
        w.ensure(n, k, maps[0].workLength());
        int[] cell = w.cell, start = w.start, order = w.order, fill = w.fill;
        finder.assign(x.data, n, cell, w.finderWork);
        java.util.Arrays.fill(start, 0, k + 1, 0);
        for (int i = 0; i < n; i++) start[cell[i] + 1]++;
        for (int c = 0; c < k; c++) start[c + 1] += start[c];
        System.arraycopy(start, 0, fill, 0, k + 1);
        for (int i = 0; i < n; i++) order[fill[cell[i]]++] = i;

        DMatrixRMaj phi = w.phi, eps = w.eps;
        for (int c = 0; c < k; c++) {
            int m = start[c + 1] - start[c];
            if (m == 0) continue;
            phi.reshape(m, p);
            for (int r = 0; r < m; r++) maps[c].map(x.data, order[start[c] + r] * d, phi.data, r * p, w.featureWork);
            eps.reshape(m, d);
            CommonOps_DDRM.mult(phi, coefficients[c], eps);
            for (int r = 0; r < m; r++) System.arraycopy(eps.data, r * d, out.data, order[start[c] + r] * d, d);
        }
    }

    private static final class Workspace {
        final Partition.Scratch finderWork = new Partition.Scratch();
        int[] cell = new int[0], order = new int[0], start = new int[1], fill = new int[1];
        double[] featureWork = new double[0];
        final DMatrixRMaj phi = new DMatrixRMaj(1, 1), eps = new DMatrixRMaj(1, 1);

        void ensure(int n, int k, int featureWorkSize) {
            if (cell.length < n) { cell = new int[n]; order = new int[n]; }
            if (start.length < k + 1) { start = new int[k + 1]; fill = new int[k + 1]; }
            if (featureWork.length < featureWorkSize) featureWork = new double[featureWorkSize];
        }
    }
}
