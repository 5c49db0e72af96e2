package io.scorestream.learn;

import io.scorestream.model.ModelStructure;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A file of one-hot categories keeps its cells in every coordinate: a subspace split's complement
 * is one Gaussian apart from the cells, so a category whose indicators fall there loses its law
 * given everything else (QUALITY.md, "One-hot categories").
 */
class OneHotSplitTest {
    /**
     * Sixteen sensor columns driven by three factors (a subspace the held-out likelihood finds),
     * whose means depend on the wilderness area, and four wilderness areas and twenty soil types
     * one-hot, each area's rows mostly in five soil types of its own.
     */
    static DMatrixRMaj factorsAndCategories(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] areaShares = {0.45, 0.05, 0.43, 0.07};
        int sensors = 16, d = sensors + 4 + 20;
        double[][] loading = new double[sensors][3];
        for (double[] row : loading) for (int f = 0; f < 3; f++) row[f] = rng.nextGaussian();
        DMatrixRMaj rows = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            int area = draw(rng, areaShares);
            double[] soilShares = new double[20];
            for (int s = 0; s < 20; s++) soilShares[s] = (s - 5 * area + 20) % 20 < 5 ? 0.12 : 0.4 / 15;
            int soil = draw(rng, soilShares);
            double[] factor = {area + rng.nextGaussian(), rng.nextGaussian(), 0.1 * soil + rng.nextGaussian()};
            for (int j = 0; j < sensors; j++) {
                double v = 0.3 * rng.nextGaussian();
                for (int f = 0; f < 3; f++) v += loading[j][f] * factor[f];
                rows.set(i, j, Math.rint(v * 1000) / 1000);
            }
            rows.set(i, sensors + area, 1);
            rows.set(i, sensors + 4 + soil, 1);
        }
        return rows;
    }

    private static int draw(SplittableRandom rng, double[] shares) {
        double u = rng.nextDouble(), sum = 0;
        for (int k = 0; k < shares.length; k++) if (u < (sum += shares[k])) return k;
        return shares.length - 1;
    }

    @Test
    void theLikelihoodWouldSplitTheColumnsButTheCategoriesKeepEveryCoordinate() {
        DMatrixRMaj rows = factorsAndCategories(4500, 3);
        FitOptions options = FitOptions.defaults().resolve(rows.numCols, rows.numRows);
        List<String> progress = new ArrayList<>();
        ModelStructure structure = Fitter.plan(rows, options, progress::add);
        assertTrue(structure.split().isFull(), String.join("\n", progress));
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("cells see all 40 coordinates (24 of the columns are one-hot categories")), String.join("\n", progress));
        assertEquals(2, structure.columns().oneHotGroups().length);
        // The premise: on the same latent rows the held-out likelihood alone prefers a split.
        DMatrixRMaj latent = new DMatrixRMaj(1, 1);
        structure.columns().forward(Fitter.reservoir(rows, options.reservoir(), options.seed()), null, 0, latent);
        SubspaceChoice.Choice plain = SubspaceChoice.choose(latent, options);
        assertFalse(plain.split().isFull(), plain.describe());
    }
}
