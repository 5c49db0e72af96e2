package io.scorestream.regression;

import org.ejml.data.DMatrixRMaj;

/** Turns one cell's statistics into coefficients W (p×d); false when the statistics cannot determine them. */
public interface CellSolver {
    boolean solve(CellStatistics statistics, DMatrixRMaj coefficients);
}
