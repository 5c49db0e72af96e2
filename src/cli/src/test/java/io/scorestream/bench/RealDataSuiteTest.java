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

    /**
     * 60 rows of one Gaussian in 8 dimensions: BIC, fooled by components of fewer rows than
     * dimensions (their covariances singular but for reg_covar), picks k > 1, and the note shows
     * the held-out rows far less likely under it than under one Gaussian.
     */
    @Test
    void emsNoteShowsADegenerateFitBelowOneGaussian() throws Exception {
        RealDataSuite.Generator em = RealDataSuite.emMethods(null).get(0).generator();
        em.generate(gaussianRows(60, 8, 0, 1), io.scorestream.io.RecordSchema.UNNAMED_CSV, 10, 3);
        RealDataSuite.FitNote note = em.lastFit(gaussianRows(500, 8, 0, 2));
        assertTrue(note.components() > 1, note.toString());
        assertTrue(note.heldOutLogLikelihood() < note.oneGaussianHeldOutLogLikelihood() - 100, note.toString());
        // One Gaussian's held-out figure is near the truth's, −(8/2)·log(2πe) = −11.35 nats a row.
        assertEquals(-11.35, note.oneGaussianHeldOutLogLikelihood(), 1.5);
    }

    /** Two far-apart clusters of 200 rows each in 2-D: k = 2, and held-out rows more likely under it than under one Gaussian. */
    @Test
    void emsNoteShowsAHealthyFitAboveOneGaussian() throws Exception {
        RealDataSuite.Generator em = RealDataSuite.emMethods(null).get(0).generator();
        em.generate(twoClusters(400, 1), io.scorestream.io.RecordSchema.UNNAMED_CSV, 10, 3);
        RealDataSuite.FitNote note = em.lastFit(twoClusters(400, 2));
        assertEquals(2, note.components(), note.toString());
        // The truth, two unit Gaussians of weight ½ far apart: −log(2πe) − log 2 = −3.53 nats a row.
        assertEquals(-Math.log(2 * Math.PI * Math.E) - Math.log(2), note.heldOutLogLikelihood(), 0.2);
        assertTrue(note.heldOutLogLikelihood() > note.oneGaussianHeldOutLogLikelihood() + 1, note.toString());
    }

    private static DMatrixRMaj gaussianRows(int n, int d, double shift, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n * d; i++) x.data[i] = shift + rng.nextGaussian();
        return x;
    }

    private static DMatrixRMaj twoClusters(int n, long seed) {
        DMatrixRMaj x = gaussianRows(n, 2, 0, seed);
        for (int i = 0; i < n / 2; i++) x.data[2 * i] += 20;
        return x;
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
