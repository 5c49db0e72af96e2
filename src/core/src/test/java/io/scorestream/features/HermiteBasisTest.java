package io.scorestream.features;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class HermiteBasisTest {

    @Test
    void countsMultiIndicesOfDegreeTwoToD() {
        assertEquals(10, new HermiteBasis(4, 2).size(), "C(4+2,2) − 1 − 4");
        assertEquals(30, new HermiteBasis(4, 3).size());
        assertEquals(0, new HermiteBasis(0, 3).size());
        assertEquals(0, new HermiteBasis(3, 1).size());
    }

    @Test
    void productsAreOrthonormalUpToFactorialsUnderTheGaussian() {
        HermiteBasis basis = new HermiteBasis(2, 3);
        int p = basis.size(), n = 400_000;
        double[][] gram = new double[p][p];
        double[] z = new double[2], out = new double[p], work = new double[basis.workSize()];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            z[0] = rng.nextGaussian();
            z[1] = rng.nextGaussian();
            basis.evaluate(z, out, 0, work, 0);
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) gram[a][b] += out[a] * out[b] / n;
        }
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++)
                if (a != b) assertEquals(0, gram[a][b], 0.1, "E[He_α He_β] = 0 for α ≠ β");
                else assertEquals(factorial(basis.exponents(a)), gram[a][a], 0.05 * factorial(basis.exponents(a)), "E[He_α²] = Π αᵢ!");
    }

    private static double factorial(int[] alpha) {
        double f = 1;
        for (int e : alpha) for (int k = 2; k <= e; k++) f *= k;
        return f;
    }

    @Test
    void matchesClosedForms() {
        HermiteBasis basis = new HermiteBasis(1, 4);
        double[] out = new double[3], work = new double[basis.workSize()];
        double z = 1.7;
        basis.evaluate(new double[]{z}, out, 0, work, 0);
        // exponents come highest-first within a degree, degrees ascending: He2, He3, He4
        assertEquals(z * z - 1, out[0], 1e-12);
        assertEquals(z * z * z - 3 * z, out[1], 1e-12);
        assertEquals(Math.pow(z, 4) - 6 * z * z + 3, out[2], 1e-12);
    }

    /** The padded, branch-free evaluation is exactly the product of the terms' He factors, bit for bit. */
    @Test
    void everyTermIsExactlyTheProductOfItsFactors() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        for (int rank = 1; rank <= 4; rank++) {
            for (int degree = 1; degree <= 4; degree++) {
                HermiteBasis basis = new HermiteBasis(rank, degree);
                double[] z = new double[rank], work = new double[basis.workSize()], out = new double[basis.size()];
                for (int trial = 0; trial < 50; trial++) {
                    for (int i = 0; i < rank; i++) z[i] = 3 * rng.nextGaussian();
                    basis.evaluate(z, out, 0, work, 0);
                    for (int t = 0; t < basis.size(); t++) {
                        int[] alpha = basis.exponents(t);
                        double expected = 1;
                        for (int i = 0; i < rank; i++) if (alpha[i] != 0) expected *= he(alpha[i], z[i]);
                        assertEquals(expected, out[t], 0.0, "rank " + rank + " degree " + degree + " term " + t);
                    }
                }
            }
        }
    }

    /** He_n(z) by the same three-term recurrence, one value at a time. */
    private static double he(int n, double z) {
        double previous = 1, current = z;
        if (n == 0) return 1;
        for (int k = 1; k < n; k++) {
            double next = z * current - k * previous;
            previous = current;
            current = next;
        }
        return current;
    }
}
