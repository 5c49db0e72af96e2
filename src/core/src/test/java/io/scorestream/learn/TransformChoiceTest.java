package io.scorestream.learn;

import io.scorestream.columns.ColumnTransform;
import io.scorestream.model.ModelStructure;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Auto's column transforms checked against the data in both directions: a uniform column, which
 * auto's rule leaves affine (light tails, no skew), gets the quantile map, since a Gaussian is far
 * likelier than any mixture fitted to a box; two well-separated modes per column keep the affine
 * map, which does not bend them.
 */
class TransformChoiceTest {
    @Test
    void uniformColumnsGetTheQuantileMap() {
        int n = 3000;
        DMatrixRMaj x = new DMatrixRMaj(n, 3);
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < x.data.length; i++) x.data[i] = rng.nextDouble();
        List<String> progress = new ArrayList<>();
        ModelStructure planned = StructurePlanner.plan(x, options(x.numCols, n), progress::add);
        for (int j = 0; j < 3; j++)
            assertEquals(ColumnTransform.Kind.QUANTILE, planned.columns().transform(j).kind(), "column " + j + ": " + progress);
        assertTrue(progress.stream().anyMatch(line -> line.contains("-> quantile where smooth")), progress.toString());
    }

    @Test
    void separatedModesKeepTheAffineMap() {
        int n = 3000;
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(4);
            x.set(i, 0, (k % 2 == 0 ? -4 : 4) + rng.nextGaussian());
            x.set(i, 1, (k < 2 ? -4 : 4) + rng.nextGaussian());
        }
        List<String> progress = new ArrayList<>();
        ModelStructure planned = StructurePlanner.plan(x, options(x.numCols, n), progress::add);
        for (int j = 0; j < 2; j++)
            assertEquals(ColumnTransform.Kind.AFFINE, planned.columns().transform(j).kind(), "column " + j + ": " + progress);
        assertTrue(progress.stream().anyMatch(line -> line.contains("-> auto's rule")), progress.toString());
    }

    private static FitOptions options(int d, int n) {
        return FitOptions.defaults().withLevels(10).withSeed(3).resolve(d, n);
    }
}
