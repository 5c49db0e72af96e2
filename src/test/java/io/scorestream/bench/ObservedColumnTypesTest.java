package io.scorestream.bench;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ObservedColumnTypesTest {
    // Columns: a 0.1 grid, body masses in steps of 25 g, a continuous column (more than 4 decimals).
    private static final DMatrixRMaj TRAIN = new DMatrixRMaj(new double[][]{
            {5.1, 3750, 0.123456},
            {4.9, 3800, -1.5000001},
            {6.3, 4025, 2.25},
            {5.0, 2900, 0.75}});

    @Test
    void learnsTheDecimalGridTheStepAndContinuity() {
        ObservedColumnTypes types = ObservedColumnTypes.learn(TRAIN);
        assertEquals(0.1, types.step(0), 1e-12);
        assertEquals(25, types.step(1), 0.0);
        assertEquals(0, types.step(2), 0.0);
    }

    @Test
    void applyRoundsToTheLatticeAndClampsToTheObservedRange() {
        ObservedColumnTypes types = ObservedColumnTypes.learn(TRAIN);
        DMatrixRMaj generated = new DMatrixRMaj(new double[][]{
                {5.04, 3761, 0.5},
                {7.2, 2000.4, 9.0},
                {4.95, 3812.6, -2.0}}); // 3812.6 is nearer 3825 than 3800
        DMatrixRMaj typed = types.apply(generated);
        assertArrayEquals(new double[]{5.0, 3750, 0.5, 6.3, 2900, 2.25, 4.9, 3825, -1.5000001}, typed.data, 1e-9);
        assertEquals(0.0, types.offTypeShare(typed), 0.0);
        assertEquals(0.0, types.offTypeShare(TRAIN), 0.0);
        // Off: 5.04, 3761 | 7.2 (range), 2000.4, 9.0 (range) | 4.95, 3812.6, -2.0 (range); on: 0.5.
        assertEquals(8.0 / 9, types.offTypeShare(generated), 1e-12);
    }
}
