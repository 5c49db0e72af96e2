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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapsJudgeTest {
    /** A Poisson count by inversion. */
    static int poisson(double rate, SplittableRandom rng) {
        int count = 0;
        for (double p = Math.exp(-rate), s = p, u = rng.nextDouble(); u > s; s += p) p *= rate / ++count;
        return count;
    }

    /** Four clusters of independent Poisson counts in eight columns, rates log-uniform on [0.5, 30] (the law of poisson8 in tests/battery/families.py). */
    static DMatrixRMaj poissonClusters(int n, long lawSeed, long rowSeed) {
        SplittableRandom law = new SplittableRandom(lawSeed), rng = new SplittableRandom(rowSeed);
        double[] weights = {0.4, 0.3, 0.2, 0.1};
        double[][] rates = new double[4][8];
        for (double[] r : rates) for (int j = 0; j < 8; j++) r[j] = Math.exp(Math.log(0.5) + law.nextDouble() * Math.log(60));
        DMatrixRMaj x = new DMatrixRMaj(n, 8);
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int c = 0;
            while (c < 3 && u > weights[c]) u -= weights[c++];
            for (int j = 0; j < 8; j++) x.set(i, j, poisson(rates[c][j], rng));
        }
        return x;
    }

    @Test
    void theMapsAreJudgedOnlyWhereAQuantileMapSitsOnALatticeAndTheTransformsAreTheData() {
        DMatrixRMaj counts = poissonClusters(2000, 5, 6);
        Columns learned = Columns.learn(counts, ColumnOptions.DEFAULTS);
        FitOptions given = FitOptions.defaults();
        assertTrue(learned.quantileMappedLattices(ColumnOptions.DEFAULTS).length > 0, learned.summary());
        assertTrue(MapsJudge.applies(given.resolve(8, 2000), 2000, 8, learned));
        assertFalse(MapsJudge.applies(given.resolve(8, 1999), 1999, 8, learned), "too few rows to see a difference of 0.03");
        assertFalse(MapsJudge.applies(given.resolve(33, 4000), 4000, 33, learned), "too many columns");
        for (ColumnOptions.TransformChoice t : new ColumnOptions.TransformChoice[] {ColumnOptions.TransformChoice.AFFINE, ColumnOptions.TransformChoice.QUANTILE})
            assertFalse(MapsJudge.applies(given.withColumns(ColumnOptions.DEFAULTS.withTransform(t)).resolve(8, 2000), 2000, 8, learned), "--transform " + t);
        FitOptions labelled = given.withColumns(ColumnOptions.DEFAULTS.withLabelCounts(java.util.Map.of(3, 3))).resolve(8, 2000);
        assertFalse(MapsJudge.applies(labelled, 2000, 8, learned), "a column of labels");
        // Columns whose maps an override fixes are not judged; with every one fixed there is nothing to judge.
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        ColumnOptions fixed = ColumnOptions.DEFAULTS.withTransformOf(all, ColumnOptions.TransformChoice.QUANTILE);
        assertEquals(0, learned.quantileMappedLattices(fixed).length);
        assertFalse(MapsJudge.applies(given.withColumns(fixed).resolve(8, 2000), 2000, 8, learned));
        // A smooth real column has no lattice: its map is the planner's alone.
        SplittableRandom rng = new SplittableRandom(1);
        DMatrixRMaj skewed = new DMatrixRMaj(2000, 2);
        for (int i = 0; i < 2000; i++) { skewed.set(i, 0, Math.exp(rng.nextGaussian())); skewed.set(i, 1, rng.nextGaussian()); }
        Columns smooth = Columns.learn(skewed, ColumnOptions.DEFAULTS);
        assertEquals(ColumnTransform.Kind.QUANTILE, smooth.transform(0).kind(), smooth.describe(0));
        assertFalse(MapsJudge.applies(given.resolve(2, 2000), 2000, 2, smooth));
    }

    @Test
    void countClustersAreGivenAffineMapsByTheirSamplesAndSampleCloserToTheData() {
        // The planner's mixture is likelier on the quantile maps; the samples are closer on the
        // affine ones (families' poisson8: C2ST 0.517 against 0.550, QUALITY.md).
        DMatrixRMaj train = poissonClusters(3000, 5, 6), fresh = poissonClusters(3000, 5, 7);
        StringBuilder log = new StringBuilder();
        ScoreModel judged = Fitter.fit(train, FitOptions.defaults(), line -> log.append(line).append('\n'));
        Matcher choice = Pattern.compile("maps of 8 lattice columns judged .*: quantile: C2ST (0\\.\\d+); affine: (0\\.\\d+) .* -> (\\w+)").matcher(log);
        assertTrue(choice.find(), log.toString());
        assertEquals("affine", choice.group(3), log.toString());
        for (int j = 0; j < 8; j++) assertEquals(ColumnTransform.Kind.AFFINE, judged.structure().columns().transform(j).kind(), judged.structure().columns().describe(j));
        // What the plan had without the judge: quantile maps on every column.
        ScoreModel quantile = Fitter.fit(train, FitOptions.defaults().withColumns(ColumnOptions.DEFAULTS.withTransform(ColumnOptions.TransformChoice.QUANTILE)), null);
        double judgedAccuracy = accuracy(judged, fresh), quantileAccuracy = accuracy(quantile, fresh);
        assertTrue(judgedAccuracy < quantileAccuracy - 0.01, "judged " + judgedAccuracy + ", quantile maps " + quantileAccuracy);
        // Every generated value a count, as the data's.
        DMatrixRMaj generated = generate(judged, 2000);
        for (double v : generated.data) assertTrue(v >= 0 && v == Math.rint(v), "value " + v);
    }

    private static DMatrixRMaj generate(ScoreModel model, int n) {
        SamplingPlan plan = SamplingPlan.defaults();
        return plan.generate(model, plan.grid(model, model.schedule()), n, 11);
    }

    private static double accuracy(ScoreModel model, DMatrixRMaj reference) {
        return TwoSampleMetrics.compare(generate(model, reference.numRows), reference, 3).classifierAccuracy();
    }
}
