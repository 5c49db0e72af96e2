package io.scorestream.baseline;

import io.scorestream.mixture.GaussianMixture;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/** Not a test: measures EM wall time for k = 1..maxK. Run with exec or java -cp. Args: d n maxK. */
public final class EmTiming {
    public static void main(String[] args) {
        int d = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int maxK = Integer.parseInt(args[2]);
        SplittableRandom rng = new SplittableRandom(2024);
        double[][] means = new double[4][d];
        for (double[] m : means) for (int j = 0; j < d; j++) m[j] = 3 * rng.nextGaussian();
        GaussianMixture truth = GaussianMixture.isotropic(new double[]{0.4, 0.3, 0.2, 0.1}, means, 1);
        DMatrixRMaj data = truth.sample(n, new SplittableRandom(1), null);
        EmBaseline.Result r = EmBaseline.fit(data, maxK, 7,
                msg -> System.out.println("d=" + d + " " + msg));
        System.out.printf("d=%d n=%d k=1..%d: chose %d, total %.1f s%n", d, n, maxK, r.components(), r.seconds());
    }
}
