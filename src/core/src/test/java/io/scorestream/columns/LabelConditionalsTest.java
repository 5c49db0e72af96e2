package io.scorestream.columns;

import io.scorestream.model.ColumnsCodec;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The labels' laws given the other columns against exact answers: three labels whose numbers are
 * N(μ_c, I) in two dimensions have the posterior softmax(log π_c − ½‖x − μ_c‖²), affine in x, so
 * the fitted law must match it; a label independent of the numbers must come out as its shares; a
 * second label fixed by the first must never be drawn against it.
 */
class LabelConditionalsTest {
    private static final double[] SHARE = {0.5, 0.3, 0.2};
    private static final double[][] MEAN = {{0, 0}, {2, 0}, {0, 2.5}};

    /** Rows (x₁, x₂, label, second label = label's partner) of the mixture; the labels are columns 2 and 3. */
    private static DMatrixRMaj rows(int n, long seed, boolean labelFollowsNumbers) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 4);
        for (int i = 0; i < n; i++) {
            int c = draw(rng.nextDouble());
            int numbersOf = labelFollowsNumbers ? c : draw(rng.nextDouble());
            x.set(i, 0, MEAN[numbersOf][0] + gaussian(rng));
            x.set(i, 1, MEAN[numbersOf][1] + gaussian(rng));
            x.set(i, 2, c);
            x.set(i, 3, c == 0 ? 1 : 0);   // a second label column fixed by the first
        }
        return x;
    }

    private static int draw(double u) { return u < SHARE[0] ? 0 : u < SHARE[0] + SHARE[1] ? 1 : 2; }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static double[] exactPosterior(double x1, double x2) {
        double[] p = new double[3];
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            double dx = x1 - MEAN[c][0], dy = x2 - MEAN[c][1];
            sum += p[c] = SHARE[c] * Math.exp(-0.5 * (dx * dx + dy * dy));
        }
        for (int c = 0; c < 3; c++) p[c] /= sum;
        return p;
    }

    /** The fitted law's probabilities of the first label column at a latent row. */
    private static double[] fitted(LabelConditionals laws, double x1, double x2) {
        double[] features = new double[laws.maxFeatures()], p = new double[3];
        double[] w = laws.weights(0);
        int f = 0;
        features[f++] = 1;
        if (laws.degree(0) >= 1) { features[f++] = x1; features[f++] = x2; }
        if (laws.degree(0) == 2) { features[f++] = x1 * x1; features[f++] = x1 * x2; features[f++] = x2 * x2; }
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < f; j++) p[c] += features[j] * w[j * 3 + c];
            max = Math.max(max, p[c]);
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) sum += p[c] = Math.exp(p[c] - max);
        for (int c = 0; c < 3; c++) p[c] /= sum;
        return p;
    }

    private static LabelConditionals fit(DMatrixRMaj raw) {
        // The latent rows are the raw ones here (the identity map): the law is judged in the numbers' own units.
        return LabelConditionals.fit(raw, raw, new int[]{0, 0, 3, 2}, 7, null);
    }

    @Test
    void aLabelWhoseNumbersAreGaussiansGetsTheExactPosterior() {
        LabelConditionals laws = fit(rows(4000, 1, true));
        assertEquals(2, laws.count());
        assertEquals(2, laws.column(0));
        assertTrue(laws.degree(0) >= 1, "the numbers tell the labels apart: degree " + laws.degree(0));
        DMatrixRMaj test = rows(500, 2, true);
        double worst = 0, mean = 0;
        for (int i = 0; i < test.numRows; i++) {
            double[] exact = exactPosterior(test.get(i, 0), test.get(i, 1)), got = fitted(laws, test.get(i, 0), test.get(i, 1));
            for (int c = 0; c < 3; c++) {
                worst = Math.max(worst, Math.abs(exact[c] - got[c]));
                mean += Math.abs(exact[c] - got[c]) / (3.0 * test.numRows);
            }
        }
        // 4 000 rows fit 6 free weights: their sampling error moves a probability by about 0.01.
        assertTrue(mean < 0.02, "mean |p − exact| " + mean);
        assertTrue(worst < 0.1, "largest |p − exact| " + worst);
    }

    @Test
    void drawnLabelsFollowTheLawAndTheSecondLabelNeverContradictsTheFirst() {
        LabelConditionals laws = fit(rows(4000, 1, true));
        DMatrixRMaj test = rows(20_000, 3, true);
        int[] labels = new int[2], count = new int[3];
        double[] work = new double[laws.maxFeatures()], p = new double[laws.maxClasses()];
        int agree = 0, contradictions = 0;
        for (int i = 0; i < test.numRows; i++) {
            laws.draw(test.data, i * 4, labels, work, p);
            count[labels[0]]++;
            if (labels[0] == (int) test.get(i, 2)) agree++;
            if (labels[1] != (labels[0] == 0 ? 1 : 0)) contradictions++;
            int[] again = new int[2];
            laws.draw(test.data, i * 4, again, work, p);
            assertArrayEquals(labels, again, "a row's draw is a function of its latent values");
        }
        for (int c = 0; c < 3; c++) assertEquals(SHARE[c], count[c] / 20_000.0, 0.02, "label " + c + "'s share");
        // The Bayes classifier is right on about 80 % of these rows; drawing from the posterior agrees with the truth on Σ p²-weighted rows, about 0.7.
        assertTrue(agree > 0.6 * test.numRows, agree + " of " + test.numRows + " drawn labels are the row's own");
        assertTrue(contradictions < 0.005 * test.numRows, contradictions + " rows whose second label contradicts the first");
    }

    @Test
    void aLabelIndependentOfTheNumbersIsDrawnAtItsShares() {
        LabelConditionals laws = fit(rows(4000, 4, false));
        DMatrixRMaj test = rows(300, 5, false);
        for (int i = 0; i < test.numRows; i++) {
            double[] got = fitted(laws, test.get(i, 0), test.get(i, 1));
            for (int c = 0; c < 3; c++) assertEquals(SHARE[c], got[c], 0.06, "row " + i + " label " + c + " (degree " + laws.degree(0) + ")");
        }
    }

    @Test
    void theLawsSurviveTheModelFilesColumnsSection() throws IOException {
        DMatrixRMaj raw = rows(2000, 1, true);
        Columns columns = Columns.learn(raw, ColumnOptions.DEFAULTS);
        Columns withLaws = columns.withLabels(fit(raw));
        byte[] bytes = ColumnsCodec.toBytes(withLaws);
        Columns read = ColumnsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 4);
        assertArrayEquals(bytes, ColumnsCodec.toBytes(read));
        assertEquals(2, read.labels().count());
        assertArrayEquals(withLaws.labels().weights(0), read.labels().weights(0));
        assertTrue(ColumnsCodec.toBytes(columns).length < bytes.length, "a model without labels writes no laws");
    }

    @Test
    void weightsThatDoNotMatchTheirFeaturesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabelConditionals(3, new int[]{2}, new int[]{3}, new int[]{1}, new double[][]{new double[5]}));
        assertEquals("label column 2: 5 weights for 3 features × 3 labels", e.getMessage());
    }
}
