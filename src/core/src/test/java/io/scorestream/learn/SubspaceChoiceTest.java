package io.scorestream.learn;

import io.scorestream.data.Dataset;
import io.scorestream.data.Datasets;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.Standardiser;
import io.scorestream.model.SubspaceSplit;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The data choose the split: a subspace where the structure lives in one, every coordinate where it does not. */
class SubspaceChoiceTest {

    @Test
    void bicFindsTheSpikesAboveAFlatSpectrum() {
        int d = 100;
        double[] values = new double[d];
        for (int i = 0; i < d; i++) values[i] = i < 5 ? 10 - i : 1;
        assertEquals(5, SubspaceChoice.bicRank(values, 2000, d));
        for (int i = 0; i < d; i++) values[i] = d - i;      // no flat part: no split
        assertEquals(d - 1, SubspaceChoice.bicRank(values, 2000, d));
    }

    @Test
    void anEmbeddedMixtureIsSplitAndItsMeansLieInTheSubspace() {
        Dataset data = Datasets.generate("embed64", 4096, 3);
        Standardiser standardiser = Standardiser.of(data.samples());
        DMatrixRMaj x = new DMatrixRMaj(1, 1);
        standardiser.forward(data.samples(), x);
        SubspaceChoice.Choice choice = SubspaceChoice.choose(x, FitOptions.defaults().resolve(64, 4096));
        SubspaceSplit split = choice.split();
        assertFalse(split.isFull(), choice.describe());
        assertTrue(split.rank() >= 24 && split.rank() < 40, choice.describe());
        assertTrue(choice.splitLoss() < choice.fullLoss(), choice.describe());
        // [GKL]: the non-linear part of the score lies in the span of the means.
        GaussianMixture truth = data.truth().standardised(standardiser.mean(), standardiser.scale());
        DMatrixRMaj u = split.basis();
        for (int k = 0; k < truth.size(); k++) {
            double[] mu = truth.mean(k);
            double norm = 0, inside = 0;
            for (double v : mu) norm += v * v;
            for (int a = 0; a < u.numRows; a++) {
                double dot = 0;
                for (int j = 0; j < mu.length; j++) dot += u.get(a, j) * mu[j];
                inside += dot * dot;
            }
            assertTrue(inside > 0.99 * norm, "component " + k + ": only " + inside / norm + " of its mean inside the subspace");
        }
        // The complement's variance is the truth's outside variance in standardised units (scales are near-equal).
        double scale2 = 0;
        for (double s : standardiser.scale()) scale2 += s * s / 64;
        assertEquals(0.1 / scale2, split.complementVariance(), 0.15 * 0.1 / scale2);
    }

    @Test
    void lowDimensionalAndCurvedDataKeepEveryCoordinate() {
        for (DMatrixRMaj raw : new DMatrixRMaj[]{
                Mixtures.anisotropic().sample(4096, new SplittableRandom(1), null),
                Datasets.generate("gmm", 4096, 1).samples(),
                Datasets.generate("ring", 4096, 1).samples(),
                Datasets.generate("spiral", 4096, 1).samples()}) {
            DMatrixRMaj x = new DMatrixRMaj(1, 1);
            Standardiser.of(raw).forward(raw, x);
            SubspaceChoice.Choice choice = SubspaceChoice.choose(x, FitOptions.defaults().resolve(raw.numCols, 4096));
            assertTrue(choice.split().isFull(), choice.describe());
        }
    }
}
