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
 * The labels' laws given the other columns against exact answers. The numbers are two independent
 * N(0, 1) columns, so their normal scores are the numbers themselves (but for the knots'
 * interpolation), and the label is drawn from softmax(a + Bx), a law of the fitted family: the
 * fitted law must match it. A label independent of the numbers must come out as its shares; a
 * second label fixed by the first must never be drawn against it.
 */
class LabelConditionalsTest {
    private static final double[] INTERCEPT = {0, -0.5, -1};
    private static final double[][] SLOPE = {{0, 0}, {2, 0}, {0, 2.5}};
    private static final double[] SHARE = {0.5, 0.3, 0.2};

    /** Rows (x₁, x₂, label, second label fixed by the first); the labels are columns 2 and 3. */
    private static DMatrixRMaj rows(int n, long seed, boolean labelFollowsNumbers) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 4);
        for (int i = 0; i < n; i++) {
            double x1 = gaussian(rng), x2 = gaussian(rng);
            double[] p = labelFollowsNumbers ? exactLaw(x1, x2) : SHARE;
            double u = rng.nextDouble();
            int c = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            x.set(i, 0, x1);
            x.set(i, 1, x2);
            x.set(i, 2, c);
            x.set(i, 3, c == 0 ? 1 : 0);   // a second label column fixed by the first
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static double[] exactLaw(double x1, double x2) {
        double[] p = new double[3];
        double sum = 0;
        for (int c = 0; c < 3; c++) sum += p[c] = Math.exp(INTERCEPT[c] + SLOPE[c][0] * x1 + SLOPE[c][1] * x2);
        for (int c = 0; c < 3; c++) p[c] /= sum;
        return p;
    }

    /** The fitted law's probabilities of the first label column at a row's numbers. */
    private static double[] fitted(LabelConditionals laws, double v1, double v2) {
        double[] scores = new double[2], p = new double[3];
        double[] row = {v1, v2, 0, 0};
        laws.scores(row, 0, row, 0, scores);
        laws.law(0, scores, new int[2], new double[laws.maxFeatures()], p);
        return p;
    }

    private static LabelConditionals fit(DMatrixRMaj raw) {
        // The latent rows are the raw ones here (the identity map).
        return LabelConditionals.fit(raw, raw, new int[]{0, 0, 3, 2}, 7, null);
    }

    @Test
    void aLabelOfALogisticLawGetsThatLaw() {
        LabelConditionals laws = fit(rows(4000, 1, true));
        assertEquals(2, laws.count());
        assertEquals(2, laws.column(0));
        assertTrue(laws.degree(0) >= 1, "the numbers tell the labels apart: form " + laws.degree(0));
        DMatrixRMaj test = rows(500, 2, true);
        double worst = 0, mean = 0;
        for (int i = 0; i < test.numRows; i++) {
            double[] exact = exactLaw(test.get(i, 0), test.get(i, 1)), got = fitted(laws, test.get(i, 0), test.get(i, 1));
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
        int[] labels = new int[2], count = new int[3], truth = new int[3];
        double[] work = new double[laws.maxFeatures()], p = new double[laws.maxClasses()], scores = new double[2];
        int contradictions = 0;
        for (int i = 0; i < test.numRows; i++) {
            laws.draw(test.data, i * 4, test.data, i * 4, labels, work, p, scores);
            count[labels[0]]++;
            truth[(int) test.get(i, 2)]++;
            if (labels[1] != (labels[0] == 0 ? 1 : 0)) contradictions++;
            int[] again = new int[2];
            laws.draw(test.data, i * 4, test.data, i * 4, again, work, p, scores);
            assertArrayEquals(labels, again, "a row's draw is a function of its values");
        }
        // Drawn on the true rows' numbers, each label is as common as the true labels are (20 000 rows: sd of a share under 0.004).
        for (int c = 0; c < 3; c++) assertEquals(truth[c] / 20_000.0, count[c] / 20_000.0, 0.015, "label " + c + "'s share");
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
        // Labels drawn from their law are not read off the diffusion's axis: no margins to calibrate there.
        Columns gapped = withLaws.withFewValuedSpread(0.5);
        for (int m = 0; m < gapped.labels().count(); m++) {
            int label = gapped.labels().column(m);
            assertTrue(gapped.transform(label).spread() < 1, "label column " + label + " is few-valued");
            assertFalse(java.util.Arrays.stream(gapped.gappedColumns()).anyMatch(j -> j == label), "label column " + label);
        }
    }

    @Test
    void normalScoresOfAColumnWithAPointMassAreOneKnotThere() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) values[i] = i < 400 ? 0 : i;   // 40 % at zero
        double[][] knots = LabelLawChoice.normalScoreKnots(values);
        assertEquals(0, knots[0][0]);
        for (int k = 1; k < knots[0].length; k++) assertTrue(knots[0][k] > knots[0][k - 1] && knots[1][k] > knots[1][k - 1]);
        // The zero knot's score is the mean of the scores of the 26 quantiles below 0.4 (each (k + ½)/65): about −0.93.
        double mean = 0;
        for (int k = 0; k < 26; k++) mean += Math.sqrt(2) * org.apache.commons.math3.special.Erf.erfInv(2 * (k + 0.5) / 65 - 1) / 26;
        assertEquals(mean, knots[1][0], 1e-12);
        assertEquals(knots[1][0], LabelConditionals.interpolate(knots[0], knots[1], -5), 0.0, "constant below the first knot");
    }

    @Test
    void aColumnOfMoreThan64LabelsGetsALawFromItsCountsAndLeavesTheNumbers() {
        DMatrixRMaj raw = rows(2000, 1, true);
        for (int i = 0; i < raw.numRows; i++) raw.set(i, 3, i % 100);   // 100 labels: more than a logistic law is fitted for
        java.util.List<String> lines = new java.util.ArrayList<>();
        LabelConditionals laws = LabelConditionals.fit(raw, raw, new int[]{0, 0, 3, 100}, 7, lines::add);
        assertEquals(2, laws.count());
        assertEquals(3, laws.column(1));
        assertEquals(LabelConditionals.COUNTS, laws.degree(1));
        assertArrayEquals(new int[]{0, 1}, laws.others(), "the column of many labels is no longer one of the numbers the laws read");
        // Labels i mod 100 independent of column 3's: its shares alone, 1/100 each (20 rows of 2 000 each).
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("labels of column 4, 100 labels, by their counts: held-out log-loss per row over 5 folds of 2000 rows shares:4.6")
                && l.endsWith("-> the shares alone")), lines.toString());
        double[] p = new double[laws.maxClasses()];
        laws.law(1, new double[2], new int[]{2, 0}, new double[laws.maxFeatures()], p);
        for (int c = 0; c < 100; c++) assertEquals(20.5 / 2050, p[c], 1e-12, "label " + c);
    }

    @Test
    void weightsThatDoNotMatchTheirFeaturesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabelConditionals(3, new int[]{2}, new int[]{3}, new int[]{1}, new double[][]{new double[5]}, false,
                        new double[][]{{0, 1}, {0, 1}}, new double[][]{{-1, 1}, {-1, 1}}));
        assertEquals("label column 2: 5 weights for 3 features × 3 labels", e.getMessage());
    }
}
