package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.model.ModelStructure;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The degree chosen by held-out denoising loss. In one cell, the noise predictor of a symmetric
 * two-component mixture is odd and S-shaped (a tanh of the point): an affine fit misses its bend,
 * a quadratic's even term adds nothing, a cubic follows it. So the third degree must win clearly,
 * and the second must not beat the first by more than noise.
 */
class DegreeChoiceTest {
    @Test
    void anSShapedNoisePredictorNeedsTheThirdDegree() {
        int n = 4000;
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < n; i++) x.data[i] = (rng.nextBoolean() ? 1.5 : -1.5) + 0.5 * rng.nextGaussian();
        FitOptions options = FitOptions.defaults().withLevels(20).withDegree(FitOptions.AUTO)
                .withCells(FitOptions.CellKind.VORONOI).withMaxCells(1).withSeed(5)
                .withColumns(ColumnOptions.DEFAULTS.withTransform(ColumnOptions.parseTransform("affine")))
                .resolve(1, n);
        assertTrue(options.chooseDegree());
        assertEquals(FitOptions.PLANNING_DEGREE, options.degree(), "cells are planned at the default degree");
        ModelStructure planned = StructurePlanner.plan(x, options, null);
        for (int j = 0; j < planned.levelCount(); j++) assertEquals(1, planned.level(j).cells(), "one cell at level " + j);

        DMatrixRMaj latent = new DMatrixRMaj(n, 1);
        planned.columns().forward(x, null, 0, latent);
        DegreeChoice.Choice choice = DegreeChoice.choose(latent, levelsOf(planned), 1, options.ridge(), 1, 7);
        double[] loss = choice.losses();
        assertEquals(3, choice.degree(), choice.describe());
        assertEquals(3, planned.level(0).features()[0].basis().degree(), "the plan took the choice");
        assertTrue(loss[2] < loss[0] - 0.005, choice.describe());
        assertEquals(loss[0], loss[1], 0.002, "an even term cannot bend an odd predictor: " + choice.describe());
        // The loss is a mean squared error of a unit-variance target: an unbiased predictor's is at most about 1.
        for (double l : loss) assertTrue(l > 0 && l < 1.05, choice.describe());
    }

    @Test
    void aCandidateWithMoreFeaturesThanRowsIsNotTried() {
        DMatrixRMaj x = new DMatrixRMaj(40, 6);
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < x.data.length; i++) x.data[i] = rng.nextGaussian();
        FitOptions options = FitOptions.defaults().withLevels(8).withDegree(FitOptions.AUTO).withCells(FitOptions.CellKind.VORONOI)
                .withMaxCells(1).withDraws(1).resolve(6, 40);
        ModelStructure planned = StructurePlanner.plan(x, options, null);
        DegreeChoice.Choice choice = DegreeChoice.choose(x, levelsOf(planned), options.rank(), options.ridge(), 1, 7);
        assertFalse(Double.isNaN(choice.losses()[0]), choice.describe());
        assertTrue(Double.isNaN(choice.losses()[2]), "40 rows cannot judge 6-d cubics: " + choice.describe());
        assertNotEquals(3, choice.degree(), choice.describe());
    }

    private static io.scorestream.model.LevelStructure[] levelsOf(ModelStructure s) {
        io.scorestream.model.LevelStructure[] out = new io.scorestream.model.LevelStructure[s.levelCount()];
        for (int j = 0; j < out.length; j++) out[j] = s.level(j);
        return out;
    }
}
