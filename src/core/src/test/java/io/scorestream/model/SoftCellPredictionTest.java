package io.scorestream.model;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.CellGates;
import io.scorestream.features.HermiteBasis;
import io.scorestream.features.PrincipalSubspace;
import io.scorestream.partition.GaussianCells;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The block form of a soft-cell level's noise predictor against the point-by-point form it
 * replaced (kept here as the reference): the same numbers bit for bit, at high noise (every
 * point blends every cell), at low noise (most points one cell), over several blocks, in place, with the gates' projections
 * reused by the feature maps and with a map whose centre is not its gate's.
 */
class SoftCellPredictionTest {
    private static final int K = 9, RANK = 3;
    /** The dimension; 7 unless a test sets it (the kernels take coordinates and features several per pass, and d = 5…8 leaves every remainder). */
    private int D = 7;

    @Test
    void blockPredictionIsThePointByPointOneBitForBit() {
        for (double t : new double[]{2.0, 0.3, 0.01, 1e-4}) {
            LevelModel model = randomModel(t, false, 17);
            for (int n : new int[]{1, 5, 512, 1300}) {   // 1300: three blocks, the last one short
                DMatrixRMaj x = points(model, n, 100 + n);
                DMatrixRMaj got = new DMatrixRMaj(1, 1);
                model.predictNoise(x, got);
                assertArrayEquals(pointByPoint(model, x), got.data, "t = " + t + ", n = " + n);
            }
        }
    }

    @Test
    void everyRemainderOfThePassesGivesThePointByPointBits() {
        // d = 5..8 leaves 1, 2, 3 and 0 coordinates after the gates' four-wide passes, and
        // p = 1 + d + 6 = 12..15 features leave 0..3 after the product's eight- and four-wide ones.
        for (int d : new int[]{5, 6, 7, 8}) {
            D = d;
            for (double t : new double[]{2.0, 0.01}) {
                LevelModel model = randomModel(t, false, 31 + d);
                DMatrixRMaj x = points(model, 700, 200 + d);
                DMatrixRMaj got = new DMatrixRMaj(1, 1);
                model.predictNoise(x, got);
                assertArrayEquals(pointByPoint(model, x), got.data, "d = " + d + ", t = " + t);
            }
        }
    }

    @Test
    void theInputMayBeTheOutput() {
        LevelModel model = randomModel(0.3, false, 17);
        DMatrixRMaj x = points(model, 1100, 8);
        double[] want = pointByPoint(model, x);
        model.predictNoise(x, x);
        assertArrayEquals(want, x.data);
    }

    @Test
    void aMapCentredAwayFromItsGateProjectsOnItsOwn() {
        LevelModel model = randomModel(0.3, true, 23);
        DMatrixRMaj x = points(model, 300, 5);
        DMatrixRMaj got = new DMatrixRMaj(1, 1);
        model.predictNoise(x, got);
        assertArrayEquals(pointByPoint(model, x), got.data);
    }

    @Test
    void theBlockSpansCellsThatKeepAllPointsAndCellsThatKeepFew() {
        // Guards the test above: at mid noise some cells keep every point and some only part.
        LevelModel model = randomModel(0.3, false, 17);
        DMatrixRMaj x = points(model, 512, 612);
        CellGates.Evaluator gates = model.structure().noisyGates();
        int[] kept = new int[K];
        double[] g = new double[K], work = new double[D];
        for (int i = 0; i < x.numRows; i++) {
            gates.weights(x.data, i * D, g, work);
            for (int c = 0; c < K; c++) if (g[c] >= CellGates.PREDICT_CUTOFF) kept[c]++;
        }
        int partial = 0;
        for (int c = 0; c < K; c++) if (kept[c] > 0 && kept[c] < x.numRows) partial++;
        assertTrue(partial >= 2, "cells keeping part of the block: " + partial);
    }

    /** What LevelModel computed before blocks: ε̂ = Σ_c g_c·φ_cᵀW_c, point by point. */
    private double[] pointByPoint(LevelModel model, DMatrixRMaj x) {
        LevelStructure s = model.structure();
        int n = x.numRows, p = s.featureCount();
        CellGates.Evaluator gates = s.noisyGates();
        CellFeatureMap[] maps = s.features();
        double[] out = new double[n * D], gate = new double[K], gateWork = new double[D], phi = new double[p], eps = new double[D];
        double[] featureWork = maps[0].newWork();
        for (int i = 0; i < n; i++) {
            gates.weights(x.data, i * D, gate, gateWork);
            java.util.Arrays.fill(eps, 0);
            for (int c = 0; c < K; c++) {
                if (gate[c] < CellGates.PREDICT_CUTOFF) continue;
                maps[c].map(x.data, i * D, phi, 0, featureWork);
                DMatrixRMaj w = model.coefficients(c);
                for (int q = 0; q < p; q++) {
                    double a = gate[c] * phi[q];
                    for (int j = 0; j < D; j++) eps[j] += a * w.data[q * D + j];
                }
            }
            System.arraycopy(eps, 0, out, i * D, D);
        }
        return out;
    }

    /** K anisotropic cells at random centres, random coefficients; optionally map 0 off its gate's centre. */
    private LevelModel randomModel(double t, boolean offCentre, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj centres = new DMatrixRMaj(K, D);
        for (int i = 0; i < centres.data.length; i++) centres.data[i] = 4 * rng.nextGaussian();
        PrincipalSubspace[] subspaces = new PrincipalSubspace[K];
        double[] shares = new double[K], residuals = new double[K];
        for (int c = 0; c < K; c++) {
            DMatrixRMaj moment = new DMatrixRMaj(D, D);
            for (int row = 0; row < D + 2; row++) {
                double[] v = new double[D];
                for (int j = 0; j < D; j++) v[j] = rng.nextGaussian();
                for (int a = 0; a < D; a++) for (int b = 0; b < D; b++) moment.data[a * D + b] += v[a] * v[b] / D;
            }
            subspaces[c] = PrincipalSubspace.ofMoment(moment, RANK);
            shares[c] = 0.2 + rng.nextDouble();
            residuals[c] = 0.05 + 0.2 * rng.nextDouble();
        }
        GaussianCells cells = new GaussianCells(centres, subspaces, shares, residuals);
        HermiteBasis basis = new HermiteBasis(RANK, 2);
        double a = Math.exp(-t), s2 = -Math.expm1(-2 * t);
        CellFeatureMap[] maps = new CellFeatureMap[K];
        DMatrixRMaj[] coefficients = new DMatrixRMaj[K];
        int p = CellFeatureMap.size(D, basis);
        for (int c = 0; c < K; c++) {
            double[] centre = cells.partition().centre(c);
            for (int j = 0; j < D; j++) centre[j] *= a;
            if (offCentre && c == 0) centre[0] += 0.25;
            double[] lambda = subspaces[c].variances(), scales = new double[RANK];
            for (int q = 0; q < RANK; q++) scales[q] = Math.sqrt(a * a * lambda[q] + s2);
            maps[c] = new CellFeatureMap(centre, subspaces[c].directions(), scales, basis);
            coefficients[c] = new DMatrixRMaj(p, D);
            for (int i = 0; i < coefficients[c].data.length; i++) coefficients[c].data[i] = rng.nextGaussian();
        }
        return new LevelModel(new LevelStructure(t, cells.partition(), maps, cells.gates()), coefficients);
    }

    /** n noisy points around the level's cell centres. */
    private DMatrixRMaj points(LevelModel model, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LevelStructure s = model.structure();
        double[] centres = s.partition().centres().data;
        DMatrixRMaj x = new DMatrixRMaj(n, D);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(K);
            for (int j = 0; j < D; j++) x.data[i * D + j] = s.alpha() * (centres[c * D + j] + rng.nextGaussian()) + s.sigma() * rng.nextGaussian();
        }
        return x;
    }
}
