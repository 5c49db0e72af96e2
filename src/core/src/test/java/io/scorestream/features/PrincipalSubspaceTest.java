package io.scorestream.features;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrincipalSubspaceTest {

    /** Rows whose third coordinate is constant zero and whose fourth is the sum of the first two: rank 2 in 4-D. */
    private static DMatrixRMaj rankTwoRows(int m) {
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj a = new DMatrixRMaj(m, 4);
        for (int i = 0; i < m; i++) {
            double x = rng.nextGaussian() * 2, y = rng.nextGaussian();
            a.set(i, 0, x); a.set(i, 1, y); a.set(i, 2, 0); a.set(i, 3, x + y);
        }
        return a;
    }

    @Test
    void dependentColumnsStillGiveAnOrthonormalBasis() {
        DMatrixRMaj a = new DMatrixRMaj(5, 4);
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 5; i++) { a.set(i, 0, rng.nextGaussian()); a.set(i, 1, 2 * a.get(i, 0)); a.set(i, 3, rng.nextGaussian()); }
        DMatrixRMaj q = PrincipalSubspace.orthonormalColumns(a);
        DMatrixRMaj gram = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.multTransA(q, q, gram);
        for (int r = 0; r < 4; r++) for (int c = 0; c < 4; c++) assertEquals(r == c ? 1 : 0, gram.get(r, c), 1e-12, "QᵀQ at " + r + "," + c);
        // The first column keeps a's first direction.
        double dot = 0, norm = 0;
        for (int i = 0; i < 5; i++) { dot += q.get(i, 0) * a.get(i, 0); norm += a.get(i, 0) * a.get(i, 0); }
        assertEquals(Math.sqrt(norm), Math.abs(dot), 1e-12);
    }

    @Test
    void rankDeficientRowsGiveTheirTrueSpectrum() {
        // The randomized iteration's width (rank + 10, at most d) exceeds the rows' rank: it used to
        // fail with "QR decomposition failed" on a file with a constant column.
        DMatrixRMaj a = rankTwoRows(400);
        PrincipalSubspace fast = PrincipalSubspace.ofRows(a, 1.0 / 400, 3, new SplittableRandom(9));
        DMatrixRMaj moment = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.multTransA(a, a, moment);
        CommonOps_DDRM.scale(1.0 / 400, moment);
        PrincipalSubspace exact = PrincipalSubspace.ofMoment(moment, 3);
        for (int k = 0; k < 3; k++) assertEquals(exact.variances()[k], fast.variances()[k], 1e-9 * (1 + exact.variances()[0]), "variance " + k);
        assertEquals(0, fast.variances()[2], 1e-9);
    }
}
