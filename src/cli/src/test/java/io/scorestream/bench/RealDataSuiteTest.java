package io.scorestream.bench;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The nearest-training-row distance that tells a model that copies its training rows from one that
 * generates new ones, and how many splits a set gets by default.
 */
class RealDataSuiteTest {
    // The corners of a 100 × 100 square and a constant third column: each column's standard deviation is 100 / √3 (the constant's: 1 by rule).
    private static final DMatrixRMaj TRAIN = new DMatrixRMaj(new double[][]{{0, 0, 5}, {0, 100, 5}, {100, 0, 5}, {100, 100, 5}});
    private static final double SD = 100 / Math.sqrt(3);

    @Test
    void copiesOfTrainingRowsAreAtDistanceZero() {
        assertEquals(0.0, RealDataSuite.medianNearestDistance(TRAIN, TRAIN), 0.0);
    }

    @Test
    void distancesAreInTheTrainingRowsStandardDeviationsAndTheMedianIsTaken() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][]{
                {0, 0.5 * SD, 5},          // 0.5 from (0, 0)
                {100, 100 - 0.5 * SD, 5},  // 0.5 from (100, 100)
                {100, 0, 5.25},            // 0.25 off the constant column, which is scaled by 1
                {50, 50, 5},               // the centre: √1.5 from every corner
                {0, 0, 5}});               // a copy: 0
        assertEquals(0.5, RealDataSuite.medianNearestDistance(x, TRAIN), 1e-9);
        DMatrixRMaj even = new DMatrixRMaj(new double[][]{{0, 0.5 * SD, 5}, {50, 50, 5}});
        assertEquals((0.5 + Math.sqrt(1.5)) / 2, RealDataSuite.medianNearestDistance(even, TRAIN), 1e-9);
    }

    @Test
    void defaultSplitsGiveAboutEightThousandRowsBetweenOneAndTwentyFour() {
        assertEquals(24, RealDataSuite.defaultRepeats(150));    // iris: 8000 / 150 = 54, capped
        assertEquals(24, RealDataSuite.defaultRepeats(342));    // penguins: 23.4, rounded up
        assertEquals(21, RealDataSuite.defaultRepeats(392));    // cars
        assertEquals(5, RealDataSuite.defaultRepeats(1797));    // digits
        assertEquals(1, RealDataSuite.defaultRepeats(8752));    // hourly-delay
        assertEquals(1, RealDataSuite.defaultRepeats(100_000));
    }
}
