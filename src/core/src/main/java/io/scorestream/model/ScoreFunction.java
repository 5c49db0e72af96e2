package io.scorestream.model;

import org.ejml.data.DMatrixRMaj;

/**
 * The score ∇ log p_t of the OU-noised data law at OU time t (x_t = e^{−t}x₀ + √(1−e^{−2t}) z).
 * Samplers only see this interface, so the learned model and the exact mixture score are
 * interchangeable.
 */
public interface ScoreFunction {
    int dimension();

    /** Writes the score at each row of x (n×d) into out (reshaped to n×d). */
    void score(double t, DMatrixRMaj x, DMatrixRMaj out);
}
