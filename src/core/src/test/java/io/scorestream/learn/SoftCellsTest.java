package io.scorestream.learn;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.CellGates;
import io.scorestream.features.HermiteBasis;
import io.scorestream.features.PrincipalSubspace;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.LevelModel;
import io.scorestream.model.LevelStructure;
import io.scorestream.partition.GaussianCells;
import io.scorestream.partition.Partition;
import io.scorestream.regression.RidgeSolver;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Soft cells against exact answers: with the mixture's own components as cells, the gates are the
 * exact posterior and the gated affine fits give the exact noise predictor, where Voronoi cells
 * on the same centres cannot follow the posterior across the boundary.
 */
class SoftCellsTest {
    /** Two overlapping anisotropic components in 2-D, unequal weights. */
    private static final GaussianMixture TRUTH = new GaussianMixture(new double[]{0.3, 0.7},
            new double[][]{{-1.2, 0}, {1.2, 0.4}},
            new double[][][]{{{0.5, 0.2}, {0.2, 0.3}}, {{0.2, -0.1}, {-0.1, 0.8}}});
    private static final double T = 0.2;

    @Test
    void gatesAreTheExactPosteriorOfTheNoisedComponents() {
        GaussianCells cells = cellsOf(TRUTH);
        LevelStructure level = structure(cells, T, new HermiteBasis(2, 2));
        double a = level.alpha(), s = level.sigma();
        GaussianMixture noised = TRUTH.noised(a, s);
        CellGates.Evaluator gates = level.noisyGates();
        DMatrixRMaj x = noised.sample(200, new SplittableRandom(3), null);
        double[] got = new double[2], work = new double[2], terms = new double[2];
        for (int i = 0; i < x.numRows; i++) {
            double[] row = {x.get(i, 0), x.get(i, 1)};
            double logDensity = gates.weights(x.data, 2 * i, got, work);
            double total = noised.componentLogTerms(row, terms);
            for (int c = 0; c < 2; c++) assertEquals(Math.exp(terms[c] - total), got[c], 1e-9, "posterior of component " + c);
            assertEquals(noised.logDensity(row), logDensity, 1e-9, "log density");
        }
    }

    @Test
    void gatedAffineCellsGiveTheExactNoisePredictorOfAMixture() {
        HermiteBasis basis = new HermiteBasis(2, 2);
        GaussianCells cells = cellsOf(TRUTH);
        double soft = relativeError(fit(structure(cells, T, basis)));
        LevelStructure voronoi = structure(cells, T, basis);
        double hard = relativeError(fit(new LevelStructure(T, voronoi.partition(), voronoi.features())));
        // 200 000 samples and 13 features per cell leave an OLS error of a few thousandths.
        assertTrue(soft < 0.02, "soft cells: relative error " + soft);
        assertTrue(hard > 3 * soft, "Voronoi cells on the same centres: " + hard + " against soft " + soft);
    }

    @Test
    void crossValidatedLikelihoodFindsTheComponentsOfASeparatedMixture() {
        GaussianMixture truth = Mixtures.anisotropic();
        DMatrixRMaj x = truth.sample(4000, new SplittableRandom(5), null);
        GaussianCells cells = GaussianCells.choose(x, 64, 3, 1, null).mixture();
        assertEquals(truth.size(), cells.size(), "cells chosen");
        // The fitted mixture is as likely as the truth on fresh data, to sampling error.
        DMatrixRMaj fresh = truth.sample(4000, new SplittableRandom(6), null);
        double truthLogLik = 0;
        double[] row = new double[3];
        for (int i = 0; i < fresh.numRows; i++) {
            System.arraycopy(fresh.data, 3 * i, row, 0, 3);
            truthLogLik += truth.logDensity(row) / fresh.numRows;
        }
        assertEquals(truthLogLik, cells.meanLogLikelihood(fresh), 0.03);
    }

    private static LevelModel fit(LevelStructure structure) {
        LevelAccumulator acc = new LevelAccumulator(7, structure, new NoiseDraws(11), 1);
        DMatrixRMaj x0 = TRUTH.sample(200_000, new SplittableRandom(2), null);
        acc.absorb(x0.data, x0.numRows, 0, new LevelAccumulator.Workspace());
        return acc.solve(new RidgeSolver(structure.featureCount(), 1e-6), 1e-6, ScoreLearner.MIN_ROWS_PER_FEATURE);
    }

    /** √(Σ‖ε̂ − ε*‖² / Σ‖ε*‖²) on points of the noised truth, ε* = −s·∇log p_t. */
    private static double relativeError(LevelModel model) {
        double a = model.structure().alpha(), s = model.structure().sigma();
        GaussianMixture noised = TRUTH.noised(a, s);
        DMatrixRMaj x = noised.sample(20_000, new SplittableRandom(9), null);
        DMatrixRMaj got = new DMatrixRMaj(1, 1), score = new DMatrixRMaj(1, 1);
        model.predictNoise(x, got);
        noised.score(x, score);
        double num = 0, den = 0;
        for (int i = 0; i < got.data.length; i++) {
            double want = -s * score.data[i];
            num += (got.data[i] - want) * (got.data[i] - want);
            den += want * want;
        }
        return Math.sqrt(num / den);
    }

    /** The truth's components as soft cells (full rank, so the gates are exact). */
    static GaussianCells cellsOf(GaussianMixture truth) {
        int k = truth.size(), d = truth.dimension();
        DMatrixRMaj centres = new DMatrixRMaj(k, d);
        PrincipalSubspace[] subspaces = new PrincipalSubspace[k];
        double[] shares = new double[k], residuals = new double[k];
        for (int c = 0; c < k; c++) {
            System.arraycopy(truth.mean(c), 0, centres.data, c * d, d);
            subspaces[c] = PrincipalSubspace.ofMoment(new DMatrixRMaj(truth.covariances()[c]), d);
            shares[c] = truth.weight(c);
        }
        return new GaussianCells(centres, subspaces, shares, residuals);
    }

    static LevelStructure structure(GaussianCells cells, double t, HermiteBasis basis) {
        double a = Math.exp(-t), s2 = -Math.expm1(-2 * t);
        Partition partition = cells.partition();
        CellFeatureMap[] maps = new CellFeatureMap[cells.size()];
        for (int c = 0; c < maps.length; c++) {
            double[] centre = partition.centre(c);
            for (int j = 0; j < centre.length; j++) centre[j] *= a;
            double[] lambda = cells.subspaces()[c].variances();
            double[] scales = new double[lambda.length];
            for (int q = 0; q < scales.length; q++) scales[q] = Math.sqrt(a * a * lambda[q] + s2);
            maps[c] = new CellFeatureMap(centre, cells.subspaces()[c].directions(), scales, basis);
        }
        return new LevelStructure(t, partition, maps, cells.gates());
    }
}
