package io.scorestream.columns;

import io.scorestream.model.ColumnsCodec;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The labels' additive form against exact answers: its features at and between knots, and a law
 * whose shares turn with a few-valued column's value in no order (a code of 1 to 9), which the
 * affine form sees as one slope and the Gaussian form as one bump.
 */
class AdditiveLabelLawTest {
    /** P(label | code) for codes 1..9: odd codes mostly label 0, even ones mostly 1, the last mostly 2. */
    private static final double[][] LAW = new double[10][];
    static {
        for (int code = 1; code <= 9; code++)
            LAW[code] = code == 9 ? new double[]{0.05, 0.05, 0.9} : code % 2 == 1 ? new double[]{0.8, 0.15, 0.05} : new double[]{0.1, 0.8, 0.1};
    }

    /** Rows (code, x, label): x ~ N(0, 1) tells nothing of the label. */
    private static DMatrixRMaj rows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 3);
        for (int i = 0; i < n; i++) {
            int code = 1 + rng.nextInt(9);
            double u = rng.nextDouble();
            x.set(i, 0, code);
            x.set(i, 1, Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble()));
            x.set(i, 2, u < LAW[code][0] ? 0 : u < LAW[code][0] + LAW[code][1] ? 1 : 2);
        }
        return x;
    }

    @Test
    void theFeaturesAreTheValuesPositionAlongTheKnotsAndTheirHatFunctions() {
        double[][] knots = {{1, 2, 4}, {}, {7}};   // a column of one value or none adds no feature
        assertEquals(3, LabelConditionals.hatCount(knots));
        double[] out = new double[6];
        double[][] expected = {   // value of the first column -> 1, position from −2 to 2, hats 1 and 2
                {0, 1, -2, 0, 0}, {1, 1, -2, 0, 0}, {2, 1, 0, 1, 0}, {3, 1, 1, 0.5, 0.5}, {4, 1, 2, 0, 1}, {9, 1, 2, 0, 1}};
        for (double[] e : expected) {
            LabelConditionals.additiveFeatures(knots, new double[]{e[0], 5, 7}, 0, new int[]{3}, new int[]{2}, 1, out);
            assertArrayEquals(new double[]{e[1], e[2], e[3], e[4], 0, 1}, out, 1e-12, "value " + e[0] + " (then the earlier label's indicators)");
        }
    }

    @Test
    void aColumnOfFewValuesHasAKnotAtEachAndOneOfManyAtItsQuantiles() {
        double[] codes = {3, 1, 2, 3, 3, 9}, many = new double[1001];
        for (int i = 0; i < many.length; i++) many[i] = i * i;
        assertArrayEquals(new double[]{1, 2, 3, 9}, LabelLawChoice.hatKnots(codes, 7));
        // The least, the greatest and the rows at 1/6, 2/6, ... of the way: rows 167, 333, 500, 667 and 833 of 0..1000.
        assertArrayEquals(new double[]{0, 167 * 167, 333 * 333, 500 * 500, 667 * 667, 833 * 833, 1000 * 1000}, LabelLawChoice.hatKnots(many, 7), 0.0);
    }

    @Test
    void aLabelThatTurnsWithACodeInNoOrderGetsTheAdditiveLaw() throws IOException {
        DMatrixRMaj raw = rows(6000, 1);
        List<String> lines = new ArrayList<>();
        LabelConditionals laws = LabelConditionals.fit(raw, raw, new int[]{0, 0, 3}, 7, lines::add);
        assertEquals(LabelConditionals.ADDITIVE, laws.degree(0), lines.toString());
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, laws.hatKnots(0));
        // 6 000 rows: about 670 a code, so a share's sd is under 0.02; the fit's ridge and the x column's weights add a little.
        double[] p = new double[3];
        for (int code = 1; code <= 9; code++) {
            double[] scores = new double[laws.scoresLength()], row = {code, 0.3, 0};
            laws.scores(row, 0, row, 0, scores);
            laws.law(0, scores, new int[1], new double[laws.maxFeatures()], p);
            for (int c = 0; c < 3; c++) assertEquals(LAW[code][c], p[c], 0.06, "code " + code + ", label " + c);
        }
        // Its knots and weights survive the model file's columns section, and read back draw the same labels.
        Columns withLaws = Columns.learn(raw, ColumnOptions.DEFAULTS).withLabels(laws);
        byte[] bytes = ColumnsCodec.toBytes(withLaws);
        Columns readColumns = ColumnsCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)), 3);
        assertArrayEquals(bytes, ColumnsCodec.toBytes(readColumns));
        LabelConditionals read = readColumns.labels();
        assertArrayEquals(laws.hatKnots(1), read.hatKnots(1));
        DMatrixRMaj test = rows(2000, 2);
        int[] a = new int[1], b = new int[1];
        double[] work = new double[laws.maxFeatures()], scores = new double[laws.scoresLength()];
        for (int i = 0; i < test.numRows; i++) {
            laws.draw(test.data, i * 3, test.data, i * 3, a, work, p, scores);
            read.draw(test.data, i * 3, test.data, i * 3, b, work, p, scores);
            assertEquals(a[0], b[0], "row " + i);
        }
    }

    @Test
    void theChoiceIsJudgedOnAsManyRowsAsItsBudgetAllows() {
        // The adult-like table: education (16 labels) and marital status (5) beside 4 numbers of 32 hat functions, 852 weights.
        assertEquals(4096, LabelLawChoice.choiceRows(new int[]{16, 5}, 4, 32));
        // The census table of seven laws (7 to 41 labels) beside 8 numbers of 45 hat functions: about 8 000 weights.
        assertEquals(1024, LabelLawChoice.choiceRows(new int[]{7, 16, 5, 14, 6, 5, 41}, 8, 45));
        // Between the bounds, rows in inverse proportion to the weights: 3 × (1 + 2 + 900) of them.
        assertEquals(8_000_000 / 2709, LabelLawChoice.choiceRows(new int[]{3}, 2, 900));
        // A column of more than 64 labels has its law from counts, judged on its own rows: no weights here.
        assertEquals(4096, LabelLawChoice.choiceRows(new int[]{300}, 2, 14));
    }

    @Test
    void aLabelOfALogisticLawInTheNumbersKeepsTheAffineForm() {
        // The shares turn smoothly with x alone: the affine form's own family, in one weight where the additive form pays ridges on 16.
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj raw = new DMatrixRMaj(4000, 3);
        for (int i = 0; i < raw.numRows; i++) {
            double x = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            raw.set(i, 0, 1 + rng.nextInt(9));
            raw.set(i, 1, x);
            raw.set(i, 2, rng.nextDouble() < 1 / (1 + Math.exp(-2 * x)) ? 1 : 0);
        }
        List<String> lines = new ArrayList<>();
        LabelConditionals laws = LabelConditionals.fit(raw, raw, new int[]{0, 0, 2}, 7, lines::add);
        assertNotEquals(LabelConditionals.ADDITIVE, laws.degree(0), "one weight against a dozen: " + lines);
        for (int a = 0; a < 2; a++) assertEquals(0, laws.hatKnots(a).length, "no knots are kept where no column has the form");
    }
}
