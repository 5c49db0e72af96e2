package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.RepeatedRows;
import io.scorestream.metrics.TwoSampleMetrics;
import io.scorestream.model.ModelCodec;
import io.scorestream.model.ScoreModel;
import io.scorestream.sampler.SamplingPlan;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Rows of which 40 % sit on four exact values (weights 0.2, 0.1, 0.06, 0.04: answers a survey
 * allows, a sensor's stuck readings) and 60 % are Gaussian in three columns. The four values are
 * found with their counts, the cells learn the Gaussian rows only, and the samples put each value
 * at its true weight and are at the two-sample floor; learned like any other rows (the option
 * {@code model}) the values are blurred and the samples are not.
 */
public class RepeatedRowsFitTest {
    public static final double[][] VALUES = {{0, 0, 0}, {1, 2, 3}, {-1, 0.5, 2}, {2, -1, 0}};
    public static final double[] WEIGHTS = {0.2, 0.1, 0.06, 0.04};

    public static DMatrixRMaj rows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 3);
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int k = 0;
            while (k < WEIGHTS.length && u >= WEIGHTS[k]) u -= WEIGHTS[k++];
            for (int j = 0; j < 3; j++) x.set(i, j, k < WEIGHTS.length ? VALUES[k][j] : 0.5 * j + (1 + 0.3 * j) * rng.nextGaussian());
        }
        return x;
    }

    public static int[] onValues(DMatrixRMaj x) {
        int[] count = new int[VALUES.length];
        for (int i = 0; i < x.numRows; i++)
            for (int k = 0; k < VALUES.length; k++)
                if (x.get(i, 0) == VALUES[k][0] && x.get(i, 1) == VALUES[k][1] && x.get(i, 2) == VALUES[k][2]) count[k]++;
        return count;
    }

    @Test
    void theValuesAreCopiedAtTheirWeightsAndTheRestIsAtTheFloor() {
        int n = 4000, m = 20_000;
        DMatrixRMaj train = rows(n, 1), reference = rows(m, 2), floor = rows(m, 3);
        ScoreModel model = Fitter.fit(train, FitOptions.defaults().withSeed(1), null);
        RepeatedRows repeated = model.columns().repeated();
        int[] trained = onValues(train);
        assertEquals(4, repeated.size());
        long[] counts = repeated.counts();
        for (int k = 0; k < 4; k++) assertEquals(trained[k], counts[k], "value " + k + " is held by its rows, most frequent first");
        assertEquals((trained[0] + trained[1] + trained[2] + trained[3]) / (double) n, repeated.share(), 1e-12);
        assertEquals(n, model.info().samplesAbsorbed());
        // The file keeps them.
        assertEquals(repeated, ModelCodec.decode(ModelCodec.encode(model), "m.bin").columns().repeated());

        DMatrixRMaj generated = SamplingPlan.defaults().sample(model, model.schedule(), m, 4);
        model.toData(generated);
        int[] copies = onValues(generated);
        // Each value at its true weight within 4 binomial standard deviations of the training share and the draw (about 0.01).
        for (int k = 0; k < 4; k++) {
            double sd = Math.sqrt(WEIGHTS[k] * (1 - WEIGHTS[k]) * (1.0 / n + 1.0 / m));
            assertEquals(WEIGHTS[k], copies[k] / (double) m, 4 * sd, "value " + k);
        }
        double accuracy = TwoSampleMetrics.compare(generated, reference, 7).classifierAccuracy();
        double floorAccuracy = TwoSampleMetrics.compare(floor, reference, 7).classifierAccuracy();
        assertTrue(accuracy < floorAccuracy + 0.03, "C2ST " + accuracy + " against the floor's " + floorAccuracy);

        ScoreModel learned = Fitter.fit(train, FitOptions.defaults().withSeed(1).withColumns(ColumnOptions.DEFAULTS.withRepeatedRows(false)), null);
        assertTrue(learned.columns().repeated().isEmpty());
        DMatrixRMaj blurred = SamplingPlan.defaults().sample(learned, learned.schedule(), m, 4);
        learned.toData(blurred);
        double blurredAccuracy = TwoSampleMetrics.compare(blurred, reference, 7).classifierAccuracy();
        // Learned, each column's point masses are snapped apart and the joint values fall short of
        // their weight (0.31 of the rows against 0.40 when measured), and the classifier sees it.
        int[] blurredOn = onValues(blurred);
        double blurredShare = (blurredOn[0] + blurredOn[1] + blurredOn[2] + blurredOn[3]) / (double) m;
        assertTrue(blurredShare < 0.37, "learned like the rest, the values hold " + blurredShare + " of the samples");
        assertTrue(blurredAccuracy > accuracy + 0.01, "learned like the rest: C2ST " + blurredAccuracy + " against the copies' " + accuracy);
    }

    /**
     * A value only repeated rows hold (a count of 30, above every other row's) is still on its
     * column's type: the types are learned from every row, so no copy is clamped or moved.
     */
    @Test
    void copiesKeepValuesThatOnlyRepeatedRowsHold() {
        DMatrixRMaj typed = io.scorestream.columns.TypedData.rows(3000, 1), train = new DMatrixRMaj(3040, 4);
        System.arraycopy(typed.data, 0, train.data, 0, typed.data.length);
        double[] odd = {30, 0, 10, io.scorestream.columns.TypedData.CODES[7]};
        for (int i = 3000; i < 3040; i++) System.arraycopy(odd, 0, train.data, i * 4, 4);
        ScoreModel model = Fitter.fit(train, FitOptions.defaults().withSeed(1).withLevels(12), null);
        RepeatedRows repeated = model.columns().repeated();
        assertTrue(repeated.contains(odd, 0));
        double[] values = repeated.values();
        for (int i = 0; i < values.length; i++)
            assertEquals(values[i], model.columns().types().type(i % 4).snap(values[i]), 0.0, "value " + i / 4 + " column " + (i % 4 + 1));
        DMatrixRMaj generated = SamplingPlan.defaults().sample(model, model.schedule(), 20_000, 4);
        model.toData(generated);
        int odds = 0;
        for (int i = 0; i < generated.numRows; i++) if (java.util.Arrays.equals(odd, java.util.Arrays.copyOfRange(generated.data, i * 4, i * 4 + 4))) odds++;
        double want = 40 / 3040.0;
        assertEquals(want, odds / 20_000.0, 4 * Math.sqrt(want * (1 - want) / 20_000), "the odd row at its share");
    }

    /** Every row on one of a few values: all samples are copies, at the values' shares. */
    @Test
    void rowsThatAllRepeatAreAllCopies() {
        DMatrixRMaj train = new DMatrixRMaj(600, 2);
        for (int i = 0; i < 600; i++) {
            train.set(i, 0, i % 3);
            train.set(i, 1, i % 2);
        }
        ScoreModel model = Fitter.fit(train, FitOptions.defaults().withSeed(1).withLevels(8), null);
        assertEquals(6, model.columns().repeated().size());
        assertEquals(1.0, model.columns().repeated().share());
        // The cells absorbed no row (each is a copy's) and still solve to finite coefficients.
        for (int j = 0; j < model.levelCount(); j++)
            for (int c = 0; c < model.level(j).structure().cells(); c++)
                for (double w : model.level(j).coefficients(c).data) assertTrue(Double.isFinite(w), "level " + j + " cell " + c);
        DMatrixRMaj generated = SamplingPlan.defaults().sample(model, model.schedule(), 6000, 4);
        model.toData(generated);
        int[] cells = new int[6];
        for (int i = 0; i < 6000; i++) {
            double a = generated.get(i, 0), b = generated.get(i, 1);
            assertTrue((a == 0 || a == 1 || a == 2) && (b == 0 || b == 1), "row " + i + ": " + a + ", " + b);
            cells[(int) a * 2 + (int) b]++;
        }
        for (int c : cells) assertEquals(1000, c, 4 * Math.sqrt(6000 * (1.0 / 6) * (5.0 / 6)));
    }
}
