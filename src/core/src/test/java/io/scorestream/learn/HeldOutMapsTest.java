package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.partition.GaussianCells;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The transform check's figures come from maps that never saw the rows they score: no density
 * learned from other rows beats the truth on average, and maps read off the scored rows do.
 */
class HeldOutMapsTest {
    private static final io.scorestream.partition.GaussianCells.CrossValidation ONE = new io.scorestream.partition.GaussianCells.CrossValidation(1, null, io.scorestream.partition.GaussianCells.Covariance.SEPARATE);
    @Test
    void mapsLearnedWithoutTheScoredRowsDoNotBeatTheTruth() {
        int n = 1200, d = 2;
        SplittableRandom rng = new SplittableRandom(7);
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        double truth = 0;
        for (int i = 0; i < n * d; i++) {
            double z = gaussian(rng);
            x.data[i] = Math.exp(0.5 * z);                       // log-normal: quantile maps are the rule's choice
            truth += (-0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - Math.log(0.5) - 0.5 * z) / n;
        }
        Columns all = Columns.learn(x, ColumnOptions.DEFAULTS);
        double[][] heldOut = HeldOutMaps.logDensities(x, all, ColumnOptions.DEFAULTS, HeldOutMaps.Candidates.RULE_AGAINST_AFFINE, ONE, ONE, 2, 3);
        double shaped = mean(heldOut[0]), affine = mean(heldOut[1]);
        assertTrue(shaped < truth, "quantile maps on unseen rows " + shaped + ", truth " + truth);
        assertTrue(affine < truth, "affine maps on unseen rows " + affine + ", truth " + truth);
        assertTrue(affine < shaped, "a Gaussian in affine units of log-normal columns: " + affine + " against the maps' " + shaped);
        // The same maps and mixture scored on the rows they were read from: above the truth.
        DMatrixRMaj latent = new DMatrixRMaj(1, 1);
        all.forward(x, null, 0, latent);
        double[] seen = GaussianCells.fit(latent, 1, 2, new SplittableRandom(3)).logLikelihoods(latent);
        double inSample = 0;
        for (int i = 0; i < n; i++) inSample += (seen[i] + all.logJacobian(x.data, i * d, i)) / n;
        assertTrue(inSample > truth, "maps scored on their own rows " + inSample + ", truth " + truth);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double a : v) { assertTrue(Double.isFinite(a)); s += a; }
        return s / v.length;
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
