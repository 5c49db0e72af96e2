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

    @Test
    void theLastFoldChoiceScoresThatFoldAsCrossValidationDoesAndIsNoWorseThere() {
        // Four separated Gaussians in ℝ⁶: the last-fold search (what the subspace choice compares
        // against) fits the same models on the same rows as the cross-validation's last fold.
        int d = 6, n = 1200;
        SplittableRandom rng = new SplittableRandom(5);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(4);
            for (int j = 0; j < d; j++) x.data[i * d + j] = rng.nextGaussian() * (0.5 + 0.1 * j) + (j == c % 3 ? 5 * (c < 3 ? 1 : -1) : 0);
        }
        GaussianCells.Choice all = GaussianCells.choose(x, 16, 2, 9, null);
        GaussianCells.Choice last = GaussianCells.chooseOnLastFold(x, 16, 2, 9);
        int from = (GaussianCells.FOLDS - 1) * n / GaussianCells.FOLDS;
        for (int i = 0; i < from; i++) assertTrue(Double.isNaN(last.heldOutLogLikelihoods()[i]), "row " + i + " is not held out by the last fold");
        double allMean = 0, lastMean = 0;
        for (int i = from; i < n; i++) {
            allMean += all.heldOutLogLikelihoods()[i] / (n - from);
            lastMean += last.heldOutLogLikelihoods()[i] / (n - from);
        }
        assertTrue(lastMean >= allMean, "picked on the last fold, its figure there is the best tried: " + lastMean + " vs " + allMean);
        // Its figures are those of its K fitted on the first three folds alone (the fit cross-validation makes for that fold, from the search's starts).
        DMatrixRMaj train = new DMatrixRMaj(from, d), held = new DMatrixRMaj(n - from, d);
        System.arraycopy(x.data, 0, train.data, 0, from * d);
        System.arraycopy(x.data, from * d, held.data, 0, (n - from) * d);
        double[] direct = GaussianCells.fit(train, last.mixture().size(), 2, new SplittableRandom(9), GaussianCells.SEARCH_STARTS).logLikelihoods(held);
        for (int i = from; i < n; i++) assertEquals(direct[i - from], last.heldOutLogLikelihoods()[i], 0.0, "row " + i);
    }
}
