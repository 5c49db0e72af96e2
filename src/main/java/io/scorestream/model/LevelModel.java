package io.scorestream.model;

import io.scorestream.features.CellFeatureMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A solved level: the noise predictor {@code ε̂(x) = φ_c(x)ᵀ W_c} on each Voronoi cell c.
 * Immutable. The score is {@code −ε̂/s} and the Tweedie denoiser {@code (x − s·ε̂)/a}.
 */
public final class LevelModel {
    private final LevelStructure structure;
    private final DMatrixRMaj[] coefficients;

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
    }

    public LevelStructure structure() { return structure; }
    public double time() { return structure.time(); }
    public DMatrixRMaj coefficients(int cell) { return coefficients[cell].copy(); }

    /** ε̂ at every row of x into out: rows are grouped by cell so each cell costs one product Φ_c W_c. */
    public void predictNoise(DMatrixRMaj x, DMatrixRMaj out) {
        int n = x.numRows, d = structure.dimension(), p = structure.featureCount(), k = structure.cells();
        out.reshape(n, d);
        int[] cell = new int[n];
        int[] start = new int[k + 1];
        for (int i = 0; i < n; i++) {
            cell[i] = structure.cellOf(x.data, i * d);
            start[cell[i] + 1]++;
        }
        for (int c = 0; c < k; c++) start[c + 1] += start[c];
        int[] order = new int[n];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) order[fill[cell[i]]++] = i;

        CellFeatureMap[] maps = structure.features();
        double[] work = maps[0].newWork();
        DMatrixRMaj phi = new DMatrixRMaj(1, p);
        DMatrixRMaj eps = new DMatrixRMaj(1, d);
        for (int c = 0; c < k; c++) {
            int m = start[c + 1] - start[c];
            if (m == 0) continue;
            phi.reshape(m, p);
            for (int r = 0; r < m; r++) maps[c].map(x.data, order[start[c] + r] * d, phi.data, r * p, work);
            eps.reshape(m, d);
            CommonOps_DDRM.mult(phi, coefficients[c], eps);
            for (int r = 0; r < m; r++) System.arraycopy(eps.data, r * d, out.data, order[start[c] + r] * d, d);
        }
    }
}
