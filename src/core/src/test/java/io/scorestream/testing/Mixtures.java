package io.scorestream.testing;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

/** Known mixtures and an error measure shared by the quality tests (the score error is {@link io.scorestream.metrics.ScoreErrors}). */
public final class Mixtures {
    private Mixtures() {}

    /** 2-D, four unit-variance components on a square of side 8, unequal weights. */
    public static GaussianMixture separatedIsotropic() {
        return GaussianMixture.isotropic(new double[]{0.1, 0.2, 0.3, 0.4},
                new double[][]{{0, 0}, {8, 0}, {0, 8}, {8, 8}}, 1.0);
    }

    /** 3-D, three components with full covariances (eigenvalues spanning a factor 25). */
    public static GaussianMixture anisotropic() {
        double[][] c1 = {{2.5, 1.2, 0.3}, {1.2, 1.0, 0.1}, {0.3, 0.1, 0.2}};
        double[][] c2 = {{0.3, -0.2, 0.0}, {-0.2, 2.0, 0.8}, {0.0, 0.8, 1.0}};
        double[][] c3 = {{1.0, 0.0, 0.0}, {0.0, 0.15, 0.0}, {0.0, 0.0, 3.0}};
        return new GaussianMixture(new double[]{0.5, 0.3, 0.2},
                new double[][]{{0, 0, 0}, {6, 1, -2}, {-2, 7, 3}}, new double[][][]{c1, c2, c3});
    }

    /** Total variation between the truth's weights and the share of points nearest each component. */
    public static double weightError(GaussianMixture truth, DMatrixRMaj x) {
        double[] share = new double[truth.size()];
        double[] row = new double[x.numCols];
        for (int i = 0; i < x.numRows; i++) {
            System.arraycopy(x.data, i * x.numCols, row, 0, x.numCols);
            share[truth.mostLikelyComponent(row)] += 1.0 / x.numRows;
        }
        double tv = 0;
        for (int i = 0; i < share.length; i++) tv += Math.abs(share[i] - truth.weight(i));
        return tv / 2;
    }
}
