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
 * A column's declared labels that no row holds (a Protobuf enum's unset value, an Avro symbol a
 * feed never sends) are never drawn, in every form a label's law takes: the smoothing that keeps a
 * held-out fold's loss finite must not leave them a share of the generated rows. A label the rows
 * read hold but the planning rows missed keeps its small share.
 */
class UnheldLabelsTest {
    /** Rows (x₁, x₂, label of 3 held among 4 declared); how the label follows the numbers per case. */
    private static DMatrixRMaj rows(int n, long seed, String law) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, 3);
        for (int i = 0; i < n; i++) {
            double x1 = gaussian(rng), x2 = gaussian(rng), u = rng.nextDouble();
            int c = switch (law) {
                case "shares" -> u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
                case "logistic" -> x1 + 0.5 * gaussian(rng) < -0.5 ? 0 : x2 + 0.5 * gaussian(rng) < 0 ? 1 : 2;
                case "codes" -> {   // x1 a code of 1 to 9: odd codes mostly label 0, even ones 1, code 9 label 2
                    x1 = 1 + rng.nextInt(9);
                    yield u < 0.15 ? (int) (3 * rng.nextDouble()) : x1 == 9 ? 2 : (int) x1 % 2 == 1 ? 0 : 1;
                }
                default -> (int) (3 * u);   // "clusters": each label's numbers a tight cluster of their own
            };
            if (law.equals("clusters")) {
                x1 = 4 * c + 0.3 * x1;
                x2 = (c - 1) * x1 * 0.2 + 0.1 * (c + 1) * x2;
            }
            x.set(i, 0, x1);
            x.set(i, 1, x2);
            x.set(i, 2, c == 2 ? 3 : c);   // label 2 of the four is declared and never held
        }
        return x;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    @Test
    void aDeclaredLabelNoRowHoldsIsNeverDrawnInAnyForm() throws IOException {
        List<Integer> forms = new ArrayList<>();
        for (String law : List.of("shares", "logistic", "clusters", "codes")) {
            DMatrixRMaj raw = rows(1024, 1, law);
            List<String> lines = new ArrayList<>();
            LabelConditionals laws = LabelConditionals.fit(raw, raw, new int[]{0, 0, 4},
                    List.of(List.of(), List.of(), List.of("Adelie", "Chinstrap", "Emperor", "Gentoo")), 7, lines::add);
            forms.add(laws.degree(0));
            assertTrue(lines.contains("labels of column 3: 1 no row holds, never drawn: Emperor"), law + ": " + lines);
            // Through the model file's columns section: a log share of −∞ is written and read as it is.
            Columns read = ColumnsCodec.read(new DataInputStream(new ByteArrayInputStream(
                    ColumnsCodec.toBytes(Columns.learn(raw, ColumnOptions.DEFAULTS).withLabels(laws)))), 3);
            for (LabelConditionals l : List.of(laws, read.labels())) {
                int[] drawn = draws(l, law);
                assertEquals(0, drawn[2], law + ", form " + l.degree(0) + ": the label no row holds drawn " + drawn[2] + " times");
                for (int c : new int[]{0, 1, 3}) assertTrue(drawn[c] > 0, law + ": held label " + c + " never drawn");
            }
        }
        assertEquals(java.util.Set.of(0, 1, LabelConditionals.GAUSSIAN, LabelConditionals.ADDITIVE), java.util.Set.copyOf(forms), "the four cases reach the four forms: " + forms);
    }

    /** Labels drawn at 100 000 rows' numbers, a tenth of them far outside the data (where a smoothed law's unheld label may lead). */
    private static int[] draws(LabelConditionals laws, String law) {
        DMatrixRMaj test = rows(100_000, 2, law);
        SplittableRandom rng = new SplittableRandom(3);
        int[] labels = new int[1], count = new int[4];
        double[] work = new double[laws.maxFeatures()], p = new double[laws.maxClasses()], scores = new double[laws.scoresLength()];
        for (int i = 0; i < test.numRows; i++) {
            if (i % 10 == 0) for (int j = 0; j < 2; j++) test.set(i, j, 40 * (rng.nextDouble() - 0.5));
            laws.draw(test.data, i * 3, test.data, i * 3, labels, work, p, scores);
            assertEquals(1, p[0] + p[1] + p[2] + p[3], 1e-9, "row " + i + "'s law sums to 1");
            assertEquals(0, p[2], "row " + i + ": the unheld label's probability");
            count[labels[0]]++;
        }
        return count;
    }

    @Test
    void aColumnOfManyLabelsDrawsNoneNoRowHolds() throws IOException {
        int declared = 100;
        DMatrixRMaj raw = rows(3000, 4, "shares");
        for (int i = 0; i < raw.numRows; i++) raw.set(i, 2, 2 * (i % 45));   // 45 held labels, the odd ones and those from 90 not
        List<String> lines = new ArrayList<>();
        LabelConditionals laws = LabelConditionals.fit(raw, raw, new int[]{0, 0, declared}, 7, lines::add);
        assertEquals(LabelConditionals.COUNTS, laws.degree(0));
        assertTrue(lines.contains("labels of column 3: 55 no row holds, never drawn: label 1, label 3, label 5, label 7, label 9, label 11, label 13, label 15, …"),
                lines.toString());
        Columns read = ColumnsCodec.read(new DataInputStream(new ByteArrayInputStream(
                ColumnsCodec.toBytes(Columns.learn(raw, ColumnOptions.DEFAULTS).withLabels(laws)))), 3);
        double[] p = new double[declared];
        for (LabelConditionals l : List.of(laws, read.labels())) {
            l.law(0, new double[2], new int[1], new double[l.maxFeatures()], p);
            for (int c = 0; c < declared; c++)
                if (c % 2 == 1 || c >= 90) assertEquals(0, p[c], "label " + c);
                else assertEquals((3000 / 45 + (c / 2 < 3000 % 45 ? 1 : 0) + 0.5) / (3000 + 45 * 0.5), p[c], 1e-12,
                        "label " + c + ": its smoothed share among the held labels' alone");
        }
    }

    @Test
    void aLabelTheRowsReadHoldButThePlanningRowsMissedKeepsItsSmallShare() {
        DMatrixRMaj planning = rows(3000, 5, "shares"), held = new DMatrixRMaj(planning.numRows + 1, 3);
        System.arraycopy(planning.data, 0, held.data, 0, planning.data.length);
        held.set(planning.numRows, 2, 2);   // one row read beyond the planning rows holds label 2
        LabelConditionals laws = LabelConditionals.fit(planning, planning, held, new int[]{0, 0, 4}, List.of(), 7, null);
        double[] p = new double[4];
        laws.law(0, new double[2], new int[1], new double[laws.maxFeatures()], p);
        assertTrue(p[2] > 0 && p[2] < 1e-3, "a small share, as the fit's token ridge leaves it: " + p[2]);
    }
}
