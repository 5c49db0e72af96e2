package io.scorestream.learn;

import io.scorestream.data.Datasets;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Structure in a subspace, seen through columns of unequal noise (the factors40 kind: five
 * clusters of five factors through 40 columns, each with noise of its own size). Probabilistic
 * PCA's shared complement variance reads the unequal noise as 39 directions, and the model kept
 * every coordinate (C2ST 0.546 against a floor of 0.499, QUALITY.md); the rank asked of the
 * columns scaled to unit noise is the five factors, and the default fit's samples are then within
 * the floor's reach.
 */
class FactorsThroughNoisyColumnsTest {
    @Test
    void aDefaultFitFindsTheFiveFactorsAndSamplesNearTheFloor() {
        int n = 6000;
        DMatrixRMaj train = Datasets.generate("factors40", n, 1).samples();
        DMatrixRMaj reference = Datasets.generate("factors40", n, 2).samples();
        DMatrixRMaj floor = Datasets.generate("factors40", n, 3).samples();
        ScoreModel model = Fitter.fit(train, FitOptions.defaults().withSeed(1), null);
        assertFalse(model.split().isFull(), "the cells should live in a subspace");
        assertEquals(5, model.split().rank());
        DMatrixRMaj generated = SamplingPlan.defaults().sample(model, model.schedule(), n, 4);
        model.toData(generated);
        double accuracy = TwoSampleMetrics.compare(generated, reference, 7).classifierAccuracy();
        double floorAccuracy = TwoSampleMetrics.compare(floor, reference, 7).classifierAccuracy();
        // 0.03: the tolerance for a synthetic row; the floor's own noise at 6 000 a side is about ±0.01.
        assertTrue(accuracy < floorAccuracy + 0.03, "C2ST " + accuracy + " against the floor's " + floorAccuracy);
    }
}
