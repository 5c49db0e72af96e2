package io.scorestream.metrics;

/**
 * Two-sample comparison of a generated sample against a reference sample, all in the reference's
 * standardised coordinates (see {@link TwoSampleMetrics#compare}).
 *
 * @param mmdBandwidths             Gaussian-kernel bandwidths used for MMD (standardised units)
 * @param mmd2                      unbiased MMD² at each bandwidth; ≈0 (and may be slightly negative) when equal in law
 * @param energyDistance            unbiased energy distance 2E|X−Y| − E|X−X′| − E|Y−Y′| (Székely's D², not its root)
 * @param slicedWasserstein         sliced Wasserstein-1 over random unit directions
 * @param knnAccuracy               held-out accuracy of a 10-nearest-neighbour classifier (0.5 = indistinguishable)
 * @param quadraticLogisticAccuracy held-out accuracy of L2-penalised logistic regression on quadratic features
 */
public record TwoSampleReport(double[] mmdBandwidths, double[] mmd2, double energyDistance,
                              double slicedWasserstein, double knnAccuracy, double quadraticLogisticAccuracy) {
    public TwoSampleReport {
        mmdBandwidths = mmdBandwidths.clone();
        mmd2 = mmd2.clone();
    }

    @Override public double[] mmdBandwidths() { return mmdBandwidths.clone(); }
    @Override public double[] mmd2() { return mmd2.clone(); }

    /** The better of the two classifiers: a lower bound on how distinguishable the samples are. */
    public double classifierAccuracy() { return Math.max(knnAccuracy, quadraticLogisticAccuracy); }

    /** {@code 2·acc − 1} is a lower bound on the total-variation distance (up to sampling error). */
    public double tvLowerBound() { return Math.max(0, 2 * classifierAccuracy() - 1); }
}
