package io.scorestream.partition;

import io.scorestream.features.CellGates;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The soft cells' K search is most of a small file's fit; what makes it cheaper must not change
 * what it finds: the vectorised E-step, Lloyd stopping once converged, and the search without its
 * refit give the numbers of the plain ones bit for bit. Only the stop at a clearly turned curve
 * may try fewer candidates, and only once two in a row are clearly below the best.
 */
class MixtureSearchShortcutsTest {

    private static DMatrixRMaj blobs(int n, int d, int components, double separation, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(components);
            for (int j = 0; j < d; j++) x.data[i * d + j] = rng.nextGaussian() * (0.4 + 0.1 * j) + (j == c % d ? separation : 0) - (c >= d ? separation : 0);
        }
        return x;
    }

    @Test
    void columnBlockResponsibilitiesAreThePointByPointOnes() {
        int n = 1300, d = 5, k = 6, rank = 2;   // three blocks, the last one short
        DMatrixRMaj x = blobs(n, d, k, 4, 3);
        GaussianCells mixture = GaussianCells.fit(x, k, rank, new SplittableRandom(1));
        double[] resp = new double[n * k];
        new GaussianCells.ColumnBlocks(x, k, rank).responsibilities(mixture.evaluator(), resp);
        CellGates.Evaluator e = mixture.evaluator();
        double[] out = new double[k], work = new double[d];
        for (int i = 0; i < n; i++) {
            e.weights(x.data, i * d, out, work);
            for (int c = 0; c < k; c++) assertEquals(out[c], resp[i * k + c], 0.0, "point " + i + " component " + c);
        }
    }

    @Test
    void lloydStopsOnlyWhereTheStepsLeftWouldChangeNothing() {
        DMatrixRMaj x = blobs(2000, 3, 5, 3, 8);
        for (int k : new int[]{2, 5, 12}) {
            DMatrixRMaj start = KMeans.plusPlus(x, k, new SplittableRandom(k));
            DMatrixRMaj stepwise = start.copy();
            for (int step = 0; step < 25; step++) stepwise = KMeans.lloyd(x, stepwise, 1);   // one step per call: never stops early
            assertArrayEquals(stepwise.data, KMeans.lloyd(x, start, 25).data, 0.0, "k = " + k);
        }
    }

    @Test
    void theSearchWithoutItsRefitPicksWhatChooseDoes() {
        DMatrixRMaj x = blobs(900, 4, 4, 5, 2);
        GaussianCells.CrossValidation searched = GaussianCells.crossValidate(x, 16, 2, 9, null);
        GaussianCells.Choice chosen = GaussianCells.choose(x, 16, 2, 9, null);
        assertEquals(chosen.mixture().size(), searched.k());
        assertArrayEquals(chosen.heldOutLogLikelihoods(), searched.heldOutLogLikelihoods(), 0.0);
        assertEquals(chosen.mixture().covariance(), searched.covariance());
        assertArrayEquals(GaussianCells.fit(x, searched.k(), 2, searched.covariance(), new SplittableRandom(9)).centres().data, chosen.mixture().centres().data, 0.0);
    }

    @Test
    void aCandidateIsClearlyWorseOnlyWhenItsGapExceedsThreeStandardErrors() {
        // Per-row figures of a best candidate and of later ones, paired by row; the first 100 rows
        // are not scored (a last-fold search), and NaN there must not count.
        int n = 500, from = 100;
        SplittableRandom rng = new SplittableRandom(6);
        double[] best = new double[n], clearly = new double[n], noisy = new double[n], better = new double[n];
        for (int i = 0; i < n; i++) {
            best[i] = i < from ? Double.NaN : -3 + rng.nextGaussian();
            clearly[i] = best[i] - 0.3 + 0.5 * rng.nextGaussian();   // gap 0.3, standard error 0.025
            noisy[i] = best[i] - 0.03 + 0.5 * rng.nextGaussian();    // gap 0.03: 1.2 standard errors
            better[i] = best[i] + 0.1;
        }
        assertTrue(GaussianCells.clearlyBelow(clearly, best, from));
        assertFalse(GaussianCells.clearlyBelow(noisy, best, from));
        assertFalse(GaussianCells.clearlyBelow(better, best, from));
        assertFalse(GaussianCells.clearlyBelow(best, best, from), "the same figures are not below themselves");
    }

    @Test
    void oneCandidateClearlyBelowTheBestDoesNotStopTheSearchTwoInARowDo() {
        // 1:-22.1 2:-14.7 3:-10.7 4:-11.3 (3 SE below 3: a poor local optimum) 6:-9.2 ... on ten
        // components in 20-D: stopping at 4 kept 3 cells where 20 score best.
        GaussianCells.SearchStop stop = new GaussianCells.SearchStop();
        assertFalse(stop.after(true, false));
        assertFalse(stop.after(true, false));
        assertFalse(stop.after(false, true), "one poor fit clearly below the best");
        assertFalse(stop.after(true, false), "the next candidate is a new best");
        assertFalse(stop.after(false, true));
        assertTrue(stop.after(false, true), "two in a row clearly below: the curve has turned");

        GaussianCells.SearchStop patient = new GaussianCells.SearchStop();
        assertFalse(patient.after(true, false));
        assertFalse(patient.after(false, true));
        assertFalse(patient.after(false, false), "a candidate not clearly below breaks the run");
        assertTrue(patient.after(false, true), "three without a new best: patience");
    }
}
