package io.scorestream.regression;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Solves {@code (G + Λ) W = B} by Cholesky, with a ridge Λ relative to each feature's own scale:
 * {@code Λ_ii = λ·G_ii}. A ridge proportional to the trace would swamp small-variance directions
 * (the normal directions of a thin manifold, docs/method.md §7); a relative one shrinks every
 * coefficient by the same factor 1/(1+λ) in a diagonal problem, whatever the feature's units.
 */
public final class RidgeSolver implements CellSolver {
    private final double relativeRidge;
    private final DMatrixRMaj regularised;
    private final LinearSolverDense<DMatrixRMaj> cholesky;

    public RidgeSolver(int features, double relativeRidge) {
        if (!(relativeRidge > 0)) throw new IllegalArgumentException("ridge must be positive, got " + relativeRidge);
        this.relativeRidge = relativeRidge;
        this.regularised = new DMatrixRMaj(features, features);
        this.cholesky = LinearSolverFactory_DDRM.chol(features);
    }

    /**
     * Coefficients W (p×d) for the statistics, or false when the system is singular even after the
     * ridge (only possible for statistics with no rows). A feature that is identically zero in the
     * data gets a zero coefficient rather than a NaN.
     */
    public boolean solve(DMatrixRMaj gram, DMatrixRMaj cross, DMatrixRMaj coefficients) {
        int p = gram.numRows;
        regularised.setTo(gram);
        double maxDiagonal = 0;
        for (int i = 0; i < p; i++) maxDiagonal = Math.max(maxDiagonal, gram.get(i, i));
        if (!(maxDiagonal > 0) || !Double.isFinite(maxDiagonal)) return false;
        // A feature that never fired has an all-zero row and column: 1 on its diagonal pins its
        // coefficient to 0 without touching any other feature's scale.
        for (int i = 0; i < p; i++) {
            double g = gram.get(i, i);
            regularised.add(i, i, g > 0 ? relativeRidge * g : 1);
        }
        if (!cholesky.setA(regularised)) return false;
        coefficients.reshape(p, cross.numCols);
        cholesky.solve(cross, coefficients);
        for (double v : coefficients.data) if (!Double.isFinite(v)) return false;
        return true;
    }

    @Override
    public boolean solve(CellStatistics statistics, DMatrixRMaj coefficients) {
        return solve(statistics.gram(), statistics.cross(), coefficients);
    }

    public double relativeRidge() { return relativeRidge; }

    /** Residual mean square per output of a fit: (Σ‖y‖² − 2 tr(WᵀB) + tr(WᵀGW)) / (weight·d). */
    public static double meanSquaredResidual(CellStatistics s, DMatrixRMaj w) {
        if (s.weight() <= 0) return Double.NaN;
        DMatrixRMaj gw = new DMatrixRMaj(w.numRows, w.numCols);
        CommonOps_DDRM.mult(s.gram(), w, gw);
        DMatrixRMaj cross = s.cross();
        double quad = 0, lin = 0;
        for (int i = 0; i < w.getNumElements(); i++) {
            quad += w.data[i] * gw.data[i];
            lin += w.data[i] * cross.data[i];
        }
        return (s.sumSquares() - 2 * lin + quad) / (s.weight() * s.outputs());
    }
}
