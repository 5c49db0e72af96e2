package io.scorestream.learn;

import io.scorestream.metrics.TwoSampleMetrics;
import org.ejml.data.DMatrixRMaj;

/**
 * Two candidate models' classifier outcomes pooled over the folds of a judge ({@link CellShapeJudge},
 * {@link MapsJudge}): the default's and the alternative's. Both are tested on the same
 * held-out rows in the same order ({@link TwoSampleMetrics#classifierOutcomes}), so the
 * difference of their accuracies is paired there and independent on their own generated rows:
 * its variance is [n_held·var(a − b) + n_gen·(var(a′) + var(b′))] / N², each read off the
 * outcomes. Two independent accuracies near 0.5 (1/(4N) each) overstate it by what the two
 * classifiers agree on about the held-out rows.
 */
final class PairedAccuracies {
    private long defaultCorrect, alternativeCorrect, held, generated;
    private double heldDifference, heldDifferenceSquares;
    private long defaultGenerated, alternativeGenerated;

    void add(TwoSampleMetrics.ClassifierOutcomes byDefault, TwoSampleMetrics.ClassifierOutcomes byAlternative) {
        if (byDefault.reference().length != byAlternative.reference().length || byDefault.generated().length != byAlternative.generated().length)
            throw new IllegalStateException("the two candidates were not tested on the same rows");
        for (int i = 0; i < byDefault.reference().length; i++) {
            int a = byDefault.reference()[i] ? 1 : 0, b = byAlternative.reference()[i] ? 1 : 0;
            defaultCorrect += a;
            alternativeCorrect += b;
            heldDifference += a - b;
            heldDifferenceSquares += (a - b) * (a - b);
        }
        for (int j = 0; j < byDefault.generated().length; j++) {
            if (byDefault.generated()[j]) { defaultCorrect++; defaultGenerated++; }
            if (byAlternative.generated()[j]) { alternativeCorrect++; alternativeGenerated++; }
        }
        held += byDefault.reference().length;
        generated += byDefault.generated().length;
    }

    double defaultAccuracy() { return (double) defaultCorrect / (held + generated); }
    double alternativeAccuracy() { return (double) alternativeCorrect / (held + generated); }

    /** The default's accuracy less the alternative's: positive where the alternative's samples are harder to tell from the data. */
    double gain() { return defaultAccuracy() - alternativeAccuracy(); }

    double differenceError() {
        double meanDifference = heldDifference / held;
        double heldVariance = heldDifferenceSquares / held - meanDifference * meanDifference;
        double defaultShare = (double) defaultGenerated / generated, alternativeShare = (double) alternativeGenerated / generated;
        double variance = held * heldVariance + generated * (defaultShare * (1 - defaultShare) + alternativeShare * (1 - alternativeShare));
        return Math.sqrt(variance) / (held + generated);
    }

    /** A judge's fold: rows [from, to) of x (held), or every other row, in order (not held). */
    static DMatrixRMaj foldRows(DMatrixRMaj x, int from, int to, boolean held) {
        int n = x.numRows, d = x.numCols;
        DMatrixRMaj out = new DMatrixRMaj(held ? to - from : n - (to - from), d);
        if (held) System.arraycopy(x.data, from * d, out.data, 0, (to - from) * d);
        else {
            System.arraycopy(x.data, 0, out.data, 0, from * d);
            System.arraycopy(x.data, to * d, out.data, from * d, (n - to) * d);
        }
        return out;
    }
}
