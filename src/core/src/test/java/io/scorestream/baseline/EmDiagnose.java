package io.scorestream.baseline;

import io.scorestream.mixture.GaussianMixture;
import org.apache.commons.math3.distribution.MixtureMultivariateNormalDistribution;
import org.apache.commons.math3.distribution.fitting.MultivariateNormalMixtureExpectationMaximization;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/** Not a test: EM log-likelihood trajectory for one k (args: d n k iterations...). */
public final class EmDiagnose {
    public static void main(String[] args) {
        int d = Integer.parseInt(args[0]), n = Integer.parseInt(args[1]), k = Integer.parseInt(args[2]);
        SplittableRandom rng = new SplittableRandom(2024);
        double[][] means = new double[4][d];
        for (double[] m : means) for (int j = 0; j < d; j++) m[j] = 3 * rng.nextGaussian();
        GaussianMixture truth = GaussianMixture.isotropic(new double[]{0.4, 0.3, 0.2, 0.1}, means, 1);
        DMatrixRMaj data = truth.sample(n, new SplittableRandom(1), null);
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(data.data, i * d, rows[i], 0, d);
        MixtureMultivariateNormalDistribution seed = EmBaseline.kMeansSeed(rows, k, new SplittableRandom(7));
        for (int a = 3; a < args.length; a++) {
            int it = Integer.parseInt(args[a]);
            MultivariateNormalMixtureExpectationMaximization em = new MultivariateNormalMixtureExpectationMaximization(rows);
            long t = System.nanoTime();
            String status = "converged";
            try { em.fit(seed, it, 1e-5); } catch (RuntimeException e) { status = e.getClass().getSimpleName(); }
            System.out.printf("k=%d maxIt=%d %s avgLogL=%.8f %.1f s%n", k, it, status, em.getLogLikelihood(), (System.nanoTime() - t) / 1e9);
        }
    }
}
