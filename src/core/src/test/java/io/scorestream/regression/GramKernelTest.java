package io.scorestream.regression;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The batched one-triangle update equals the naive sum of rank-one updates. */
class GramKernelTest {

    @Test
    void batchedUpdateEqualsNaiveRankOneSums() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int m : new int[]{1, 3, 4, 7, 64, 101}) {
            int p = 21, d = 10;
            DMatrixRMaj phi = random(m, p, rng), y = random(m, d, rng);
            CellStatistics fast = new CellStatistics(p, d);
            fast.add(phi, y, m);
            double[][] g = new double[p][p], b = new double[p][d];
            double ss = 0;
            for (int r = 0; r < m; r++) {
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) g[i][j] += phi.get(r, i) * phi.get(r, j);
                    for (int j = 0; j < d; j++) b[i][j] += phi.get(r, i) * y.get(r, j);
                }
                for (int j = 0; j < d; j++) ss += y.get(r, j) * y.get(r, j);
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) assertEquals(g[i][j], fast.gram().get(i, j), 1e-10 * (1 + Math.abs(g[i][j])), "G " + i + "," + j + " m=" + m);
                for (int j = 0; j < d; j++) assertEquals(b[i][j], fast.cross().get(i, j), 1e-10 * (1 + Math.abs(b[i][j])));
            }
            assertEquals(ss, fast.sumSquares(), 1e-10 * ss);
            assertEquals(m, fast.rows());
        }
    }

    @Test
    void rowByRowBatchedAndMergedStatisticsAgree() {
        SplittableRandom rng = new SplittableRandom(5);
        int m = 37, p = 6, d = 2;
        DMatrixRMaj phi = random(m, p, rng), y = random(m, d, rng);
        CellStatistics batch = new CellStatistics(p, d), single = new CellStatistics(p, d), half = new CellStatistics(p, d), other = new CellStatistics(p, d);
        batch.add(phi, y, m);
        for (int r = 0; r < m; r++) {
            DMatrixRMaj pr = new DMatrixRMaj(1, p), yr = new DMatrixRMaj(1, d);
            System.arraycopy(phi.data, r * p, pr.data, 0, p);
            System.arraycopy(y.data, r * d, yr.data, 0, d);
            single.add(pr, yr, 1);
            (r < 20 ? half : other).add(pr, yr, 1);
        }
        half.gram();            // one side mirrored, the other not: the merge must still be right
        half.merge(other);
        for (CellStatistics s : new CellStatistics[]{single, half, CellStatistics.of(batch.gram(), batch.cross(), m, batch.sumSquares(), m)}) {
            for (int i = 0; i < p * p; i++) assertEquals(batch.gram().data[i], s.gram().data[i], 1e-12);
            for (int i = 0; i < p * d; i++) assertEquals(batch.cross().data[i], s.cross().data[i], 1e-12);
        }
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) assertEquals(batch.gram().get(i, j), batch.gram().get(j, i), "symmetric");
    }

    /** Reading G and B between batches, decaying and restoring must not change what later batches add. */
    @Test
    void readsBetweenBatchesDecayAndRestoreKeepTheSums() {
        SplittableRandom rng = new SplittableRandom(9);
        int p = 21, d = 10;
        DMatrixRMaj a = random(30, p, rng), ya = random(30, d, rng), b = random(17, p, rng), yb = random(17, d, rng);
        CellStatistics once = new CellStatistics(p, d), twice = new CellStatistics(p, d);
        once.add(a, ya, 30);
        once.add(b, yb, 17);
        twice.add(a, ya, 30);
        DMatrixRMaj seen = twice.gram().copy();          // a read in between
        CellStatistics restored = CellStatistics.of(seen, twice.cross(), twice.weight(), twice.sumSquares(), twice.rows());
        twice.add(b, yb, 17);
        restored.add(b, yb, 17);
        for (CellStatistics s : new CellStatistics[]{twice, restored}) {
            assertArrayEquals(once.gram().data, s.gram().data, 0.0);
            assertArrayEquals(once.cross().data, s.cross().data, 0.0);
        }
        DMatrixRMaj before = once.gram().copy();
        once.decay(0.5);
        for (int i = 0; i < p * p; i++) assertEquals(0.5 * before.data[i], once.gram().data[i], 0.0);
        assertEquals(0.5 * 47, once.weight(), 0.0);
    }

    private static DMatrixRMaj random(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = rng.nextGaussian() * 3;
        return m;
    }
}
