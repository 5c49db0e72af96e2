package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.ColumnTransform;
import io.scorestream.columns.Columns;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two correlated clusters in five columns with 0.2 % of the rows scaled by 1 000 (gross errors, a
 * sensor's glitches). The 1 % quantiles do not see them, and the affine map's standard deviation
 * did: the other rows collapsed onto a point in latent units and the samples came out at C2ST
 * 0.785 against EM's 0.550 (QUALITY.md, "Gross outliers"). Their columns are heavy-tailed by their
 * extremes, so they are quantile-mapped, and the samples are at the floor.
 */
class GrossOutliersTest {
    static DMatrixRMaj rows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 5);
        for (int i = 0; i < n; i++) {
            double shift = rng.nextDouble() < 0.4 ? 4 : 0, scale = rng.nextDouble() < 0.002 ? 1000 : 1;
            double first = shift + rng.nextGaussian();
            x.set(i, 0, scale * first);
            x.set(i, 1, scale * (0.5 * first + rng.nextGaussian()));
            for (int j = 2; j < 5; j++) x.set(i, j, scale * rng.nextGaussian());
        }
        return x;
    }

    @Test
    void columnsWithGrossOutliersAreQuantileMappedAndPlainOnesAreNot() {
        DMatrixRMaj x = rows(8000, 1);
        Columns columns = Columns.learn(x, ColumnOptions.DEFAULTS);
        for (int j = 0; j < 5; j++) assertEquals(ColumnTransform.Kind.QUANTILE, columns.transform(j).kind(), columns.describe(j));
        // The same rows without the outliers keep the affine map (their 1 % tails are Gaussian).
        java.util.List<double[]> kept = new java.util.ArrayList<>();
        for (int i = 0; i < x.numRows; i++) if (Math.abs(x.get(i, 2)) < 50 && Math.abs(x.get(i, 3)) < 50) kept.add(java.util.Arrays.copyOfRange(x.data, i * 5, i * 5 + 5));
        DMatrixRMaj clean = new DMatrixRMaj(kept.toArray(new double[0][]));
        Columns plain = Columns.learn(clean, ColumnOptions.DEFAULTS);
        for (int j = 2; j < 5; j++) assertEquals(ColumnTransform.Kind.AFFINE, plain.transform(j).kind(), plain.describe(j));
    }

    @Test
    void aDefaultFitSamplesTheBulkAtTheFloor() {
        int n = 6000;
        DMatrixRMaj train = rows(n, 1), reference = rows(n, 2), floor = rows(n, 3);
        ScoreModel model = Fitter.fit(train, FitOptions.defaults().withSeed(1), null);
        DMatrixRMaj generated = SamplingPlan.defaults().sample(model, model.schedule(), n, 4);
        model.toData(generated);
        double accuracy = TwoSampleMetrics.compare(generated, reference, 7).classifierAccuracy();
        double floorAccuracy = TwoSampleMetrics.compare(floor, reference, 7).classifierAccuracy();
        // 0.03: the tolerance for a synthetic row; the floor's own noise at 6 000 a side is about ±0.01.
        assertTrue(accuracy < floorAccuracy + 0.03, "C2ST " + accuracy + " against the floor's " + floorAccuracy);
    }
}
