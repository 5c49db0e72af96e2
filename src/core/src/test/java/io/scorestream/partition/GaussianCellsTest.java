package io.scorestream.partition;

import io.scorestream.features.PrincipalSubspace;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Above d = 128 a component's directions come from randomized subspace iteration: they must be the
 * exact moment's. The covariances' kind is the data's choice: tied where few rows share one shape,
 * separate where the components' shapes differ.
 */
class GaussianCellsTest {

    /** n rows of three components at 6 on the first three axes, each row's noise N(0, scale_c² Σ), Σ = diag(2.5, 1.6, 1, …, 0.3) rotated. */
    private static DMatrixRMaj threeComponents(int n, int d, double[] scales, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            double[] z = new double[d];
            for (int j = 0; j < d; j++) z[j] = rng.nextGaussian() * scales[c] * Math.sqrt(j == 0 ? 2.5 : j == 1 ? 1.6 : j == d - 1 ? 0.3 : 1);
            for (int j = 0; j < d; j++) {
                // A fixed rotation in the plane of axes j and j + 1 mixes every pair, so Σ is not diagonal.
                double a = j + 1 < d ? z[j] * 0.8 + z[j + 1] * 0.6 : z[j];
                x.data[i * d + j] = a + (j == c ? 6 : 0);
            }
        }
        return x;
    }

    @Test
    void fewRowsOfComponentsSharingOneCovarianceAreFittedTied() {
        // 150 rows of three components sharing one covariance in 10-D: three covariances of rank 4
        // on 112 training rows a fold overfit, one shared does not (wine's case, QUALITY.md "Tied cells").
        int d = 10;
        DMatrixRMaj x = threeComponents(150, d, new double[]{1, 1, 1}, 4);
        GaussianCells.CrossValidation searched = GaussianCells.crossValidate(x, 16, 4, 7, null);
        assertEquals(GaussianCells.Covariance.TIED, searched.covariance());
        assertTrue(searched.k() >= 3, "the three components found: " + searched.k());
        GaussianCells cells = GaussianCells.choose(x, 16, 4, 7, null).mixture();
        assertEquals(GaussianCells.Covariance.TIED, cells.covariance());
        for (int c = 1; c < cells.size(); c++) {
            assertArrayEquals(cells.subspaces()[0].directions().data, cells.subspaces()[c].directions().data, 0.0, "one covariance: its directions");
            assertArrayEquals(cells.subspaces()[0].variances(), cells.subspaces()[c].variances(), 0.0, "its variances");
            assertEquals(cells.residuals()[0], cells.residuals()[c], 0.0, "its residual");
        }
        // Fresh rows of the law are likelier under the tied mixture than under three separate components.
        DMatrixRMaj fresh = threeComponents(3000, d, new double[]{1, 1, 1}, 5);
        GaussianCells separate = GaussianCells.fit(x, 3, 4, GaussianCells.Covariance.SEPARATE, new SplittableRandom(7));
        assertTrue(cells.meanLogLikelihood(fresh) > separate.meanLogLikelihood(fresh) + 0.1,   // 0.43 nats a row measured; a mean over 3 000 fresh rows
                "tied " + cells.meanLogLikelihood(fresh) + " against separate " + separate.meanLogLikelihood(fresh));
    }

    @Test
    void aTiedMixtureBestOnlyAtTheCapIsNotKept() {
        // 320 rows of sixteen clusters of one shape in 6-D (centres spread over a square in the
        // first two axes), K capped at 16: every component added makes either kind likelier, and
        // one shared covariance is the likelier at the cap. There the cap, not the data, ends the
        // search, and the best separate mixture is kept; the log says why.
        SplittableRandom rng = new SplittableRandom(3);
        int n = 320, d = 6;
        double[][] centre = new double[16][2];
        for (double[] c : centre) { c[0] = 30 * rng.nextDouble(); c[1] = 30 * rng.nextDouble(); }
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            int c = i % 16;
            for (int j = 0; j < d; j++) x.data[i * d + j] = (0.3 + 0.1 * j) * rng.nextGaussian();
            x.data[i * d] += centre[c][0];
            x.data[i * d + 1] += centre[c][1];
        }
        java.util.List<String> log = new java.util.ArrayList<>();
        GaussianCells.CrossValidation searched = GaussianCells.crossValidate(x, 16, 2, 7, log::add);
        assertTrue(log.get(0).contains("(tied best at the cap, 16: not kept)"), log.get(0));
        assertEquals(GaussianCells.Covariance.SEPARATE, searched.covariance());
    }

    @Test
    void aHundredClustersAreSearchedPastSixtyFourWithSeparateCovariancesOnly() {
        // 4 000 rows of a hundred tight clusters on a 10 × 10 grid in 2-D: the held-out likelihood
        // rises past 64 components, and the search follows it (here capped at 128). Tied cells
        // are tried up to 64 only (past it they tile rather than cluster, QUALITY.md).
        SplittableRandom rng = new SplittableRandom(5);
        int n = 4000;
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(100);
            x.data[2 * i] = 3 * (c % 10) + 0.25 * rng.nextGaussian();
            x.data[2 * i + 1] = 3 * (c / 10) + 0.25 * rng.nextGaussian();
        }
        java.util.List<String> log = new java.util.ArrayList<>();
        GaussianCells.CrossValidation searched = GaussianCells.crossValidate(x, 128, 2, 7, log::add);
        assertTrue(searched.k() > 64, log.get(0));
        assertEquals(GaussianCells.Covariance.SEPARATE, searched.covariance(), log.get(0));
        assertTrue(log.get(0).matches(".* 64:-?[0-9.]+\\|-?[0-9.]+ 80:-?[0-9.]+ .*"), log.get(0));
    }

    @Test
    void componentsOfUnequalSpreadKeepTheirOwnCovariances() {
        DMatrixRMaj x = threeComponents(1500, 4, new double[]{0.3, 1, 2}, 4);
        GaussianCells.CrossValidation searched = GaussianCells.crossValidate(x, 16, 4, 7, null);
        assertEquals(GaussianCells.Covariance.SEPARATE, searched.covariance());
        assertEquals(3, searched.k());
    }

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
        double[] direct = GaussianCells.fit(train, last.mixture().size(), 2, new SplittableRandom(9), GaussianCells.SEARCH_STARTS, last.mixture().covariance()).logLikelihoods(held);
        for (int i = from; i < n; i++) assertEquals(direct[i - from], last.heldOutLogLikelihoods()[i], 0.0, "row " + i);
    }
}
