package io.scorestream.metrics;

import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;

/**
 * Compares a generated sample with a reference sample (rows are points). Both are first mapped to
 * the reference's standardised coordinates, (x − mean) / sd per coordinate, so every number is
 * scale free and comparable across datasets.
 *
 * <ul>
 *   <li>MMD² (unbiased) with Gaussian kernels at {0.5, 1, 2} × the median pairwise distance of the
 *       pooled sample (median from ≤ 1000 pooled points), and the unbiased energy distance, both on
 *       ≤ 2000 rows per side;</li>
 *   <li>sliced Wasserstein-1 over 64 random unit directions, on all rows;</li>
 *   <li>a classifier two-sample test: both sides cut to the same size m ≤ 10 000, each side split
 *       50/50 into train and test, held-out accuracy of 10-NN and of quadratic logistic regression.</li>
 * </ul>
 * All randomness comes from the seed: the same inputs and seed give the same report.
 */
public final class TwoSampleMetrics {
    static final int MIN_ROWS = 10;
    static final int KERNEL_MAX_ROWS = 2000;
    static final int CLASSIFIER_MAX_ROWS = 10_000;

    private TwoSampleMetrics() {}

    public static TwoSampleReport compare(DMatrixRMaj generated, DMatrixRMaj reference, long seed) {
        DMatrixRMaj[] standardised = standardised(generated, reference);
        DMatrixRMaj gen = standardised[0], ref = standardised[1];

        // One independent stream per metric, so changing one metric's sampling leaves the others alone.
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom kernelRng = root.split();
        SplittableRandom slicedRng = root.split();
        SplittableRandom classifierRng = root.split();

        KernelDiscrepancies kernel = KernelDiscrepancies.compute(
                SampleOps.subsampleRows(gen, KERNEL_MAX_ROWS, kernelRng),
                SampleOps.subsampleRows(ref, KERNEL_MAX_ROWS, kernelRng), kernelRng);
        double sliced = SlicedWasserstein.compute(gen, ref, slicedRng);
        double[] accuracies = classifierAccuracies(gen, ref, classifierRng);
        return new TwoSampleReport(kernel.bandwidths, kernel.mmd2, kernel.energy, sliced, accuracies[0], accuracies[1]);
    }

    /** Both samples in the reference's standardised coordinates, after the checks every comparison makes. */
    private static DMatrixRMaj[] standardised(DMatrixRMaj generated, DMatrixRMaj reference) {
        validate(generated, reference);
        return SampleOps.inUnitsOf(reference, generated, reference);
    }

    private static void validate(DMatrixRMaj generated, DMatrixRMaj reference) {
        if (generated == null || reference == null) throw new IllegalArgumentException("both samples are required");
        if (generated.numCols != reference.numCols)
            throw new IllegalArgumentException("generated sample has dimension " + generated.numCols
                    + " but reference sample has dimension " + reference.numCols);
        if (generated.numRows < MIN_ROWS || reference.numRows < MIN_ROWS)
            throw new IllegalArgumentException("need at least " + MIN_ROWS + " rows on each side, got generated "
                    + generated.numRows + " and reference " + reference.numRows);
        requireFinite(generated, "generated");
        requireFinite(reference, "reference");
    }

    private static void requireFinite(DMatrixRMaj x, String name) {
        for (int i = 0; i < x.getNumElements(); i++)
            if (!Double.isFinite(x.data[i]))
                throw new IllegalArgumentException(name + " sample has a non-finite value " + x.data[i]
                        + " at row " + i / x.numCols + ", column " + i % x.numCols);
    }

    /** {kNN accuracy, quadratic logistic accuracy}; label 0 = generated, 1 = reference. */
    private static double[] classifierAccuracies(DMatrixRMaj gen, DMatrixRMaj ref, SplittableRandom rng) {
        boolean[][] correct = classifierOutcomes(gen, ref, rng);
        return new double[]{share(correct[0]), share(correct[1])};
    }

    /**
     * Each test row's outcome under the 10-NN and the quadratic logistic classifier, the generated
     * test rows first, then the reference's; both sides split at random into equal training and
     * test halves, each exactly balanced.
     */
    private static boolean[][] classifierOutcomes(DMatrixRMaj gen, DMatrixRMaj ref, SplittableRandom rng) {
        int m = Math.min(CLASSIFIER_MAX_ROWS, Math.min(gen.numRows, ref.numRows));
        int trainPerSide = m / 2, testPerSide = m - trainPerSide;
        // Split each side separately so train and test are both exactly balanced.
        int[] genRows = SampleOps.randomPermutation(gen.numRows, m, rng);
        int[] refRows = SampleOps.randomPermutation(ref.numRows, m, rng);
        DMatrixRMaj train = SampleOps.stack(SampleOps.copyRows(gen, genRows, 0, trainPerSide),
                SampleOps.copyRows(ref, refRows, 0, trainPerSide));
        DMatrixRMaj test = SampleOps.stack(SampleOps.copyRows(gen, genRows, trainPerSide, testPerSide),
                SampleOps.copyRows(ref, refRows, trainPerSide, testPerSide));
        int[] trainLabels = labels(trainPerSide), testLabels = labels(testPerSide);
        return new boolean[][]{
                NearestNeighbourClassifier.heldOutCorrect(train, trainLabels, test, testLabels),
                QuadraticLogisticClassifier.heldOutCorrect(train, trainLabels, test, testLabels)};
    }

    /**
     * The outcomes behind {@link #compare}'s classifier accuracy, row by row: of the better
     * classifier, on its generated test rows and on the reference's. Two generated samples of the
     * same size compared with one reference and one seed are tested on the same reference rows in
     * the same order, so a judge of two models can pair their outcomes there ({@code
     * CellShapeJudge}): the difference of their accuracies is then less noisy than two independent
     * accuracies.
     */
    public record ClassifierOutcomes(boolean[] generated, boolean[] reference) {
        public double accuracy() {
            int correct = 0;
            for (boolean c : generated) if (c) correct++;
            for (boolean c : reference) if (c) correct++;
            return (double) correct / (generated.length + reference.length);
        }
    }

    /** As {@link #compare}'s classifier test (the same rows, classifiers and accuracy), each test row's outcome under the better classifier. */
    public static ClassifierOutcomes classifierOutcomes(DMatrixRMaj generated, DMatrixRMaj reference, long seed) {
        DMatrixRMaj[] standardised = standardised(generated, reference);
        DMatrixRMaj gen = standardised[0], ref = standardised[1];
        SplittableRandom root = new SplittableRandom(seed);
        root.split();   // compare's kernel and sliced streams, so that the classifier stream is compare's
        root.split();
        boolean[][] correct = classifierOutcomes(gen, ref, root.split());
        boolean[] better = share(correct[0]) >= share(correct[1]) ? correct[0] : correct[1];
        int half = better.length / 2;
        return new ClassifierOutcomes(java.util.Arrays.copyOfRange(better, 0, half), java.util.Arrays.copyOfRange(better, half, better.length));
    }

    /** The share of true outcomes. */
    static double share(boolean[] outcomes) {
        int correct = 0;
        for (boolean c : outcomes) if (c) correct++;
        return (double) correct / outcomes.length;
    }

    /** perSide zeros followed by perSide ones. */
    private static int[] labels(int perSide) {
        int[] y = new int[2 * perSide];
        for (int i = perSide; i < y.length; i++) y[i] = 1;
        return y;
    }
}
