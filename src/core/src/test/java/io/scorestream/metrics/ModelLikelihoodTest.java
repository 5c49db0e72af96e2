package io.scorestream.metrics;

import io.scorestream.data.Dataset;
import io.scorestream.data.Datasets;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.model.ScoreModel;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLikelihoodTest {
    @Test
    void aFittedModelGivesHeldOutRowsAboutTheirTrueDensity() {
        Dataset train = Datasets.generate("gmm", 4000, 1), heldOut = Datasets.generate("gmm", 1000, 2);
        ScoreModel model = Fitter.fit(train.samples(), FitOptions.defaults().withSeed(3), null);
        ModelLikelihood.Result result = ModelLikelihood.of(model, heldOut.samples());
        double truth = TruthMetrics.meanLogLikelihood(train.truth(), heldOut.samples());
        assertEquals(1000, result.scored());
        // The truth is the best any model can do on average; a model that found the four components is within a tenth of a nat of it.
        assertTrue(result.mean() < truth + 3 * result.standardError(), result.mean() + " above the truth's " + truth);
        assertEquals(truth, result.mean(), 0.1);
    }
}
