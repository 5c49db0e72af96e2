package io.scorestream.partition;

import io.scorestream.features.PrincipalSubspace;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Above d = 128 a component's directions come from randomized subspace iteration: they must be the exact moment's. */
class GaussianCellsTest {

    @Test
    void randomizedDirectionsAboveD128AreTheExactEigenpairsOfEachComponent() {
        int d = 160, perComponent = 1500, rank = 3;
        assertTrue(d > GaussianCells.EXACT_EIGEN_DIMENSION);
        SplittableRandom rng = new SplittableRandom(11);
        double[] spikes = {4, 2.5, 1.5};
        DMatrixRMaj x = new DMatrixRMaj(2 * perComponent, d);
        int[] label = new int[x.numRows];
        for (int i = 0; i < x.numRows; i++) {
            int c = i % 2;   // interleaved: the held-out quarter of choose() sees both
            label[i] = c;
            for (int j = 0; j < d; j++) x.data[i * d + j] = Math.sqrt(0.5) * rng.nextGaussian();
            // Component c's spikes lie on axes 10c + 1, 10c + 2, 10c + 3; its mean at ±6 on axis 0.
            for (int k = 0; k < rank; k++) x.data[i * d + 10 * c + 1 + k] = Math.sqrt(spikes[k]) * rng.nextGaussian();
            x.data[i * d] += c == 0 ? -6 : 6;
        }
        GaussianCells cells = GaussianCells.fit(x, 2, rank, new SplittableRandom(1));
        for (int c = 0; c < 2; c++) {
            int fitted = cells.centres().get(c, 0) < 0 ? 0 : 1;
            int[] rows = new int[perComponent];
            int count = 0;
            for (int i = 0; i < x.numRows; i++) if (label[i] == fitted) rows[count++] = i;
            double[] centre = new double[d];
            System.arraycopy(cells.centres().data, c * d, centre, 0, d);
            PrincipalSubspace exact = PrincipalSubspace.of(x, rows, count, centre, rank);
            double[] got = cells.subspaces()[c].variances();
            for (int k = 0; k < rank; k++) {
                assertEquals(exact.variances()[k], got[k], 1e-3 * exact.variances()[k], "component " + c + " variance " + k);
                double dot = 0;
                for (int j = 0; j < d; j++) dot += exact.directions().get(k, j) * cells.subspaces()[c].directions().get(k, j);
                assertEquals(1, Math.abs(dot), 1e-3, "component " + c + " direction " + k);
            }
            assertEquals(0.5, cells.residuals()[c], 0.03, "component " + c + " residual variance");
        }
    }
}
