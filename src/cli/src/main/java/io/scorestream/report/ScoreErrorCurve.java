package io.scorestream.report;

import io.scorestream.metrics.ScoreErrors;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ScoreModel;

/**
 * The learned score's relative error against the exact mixture score at a spread of the model's
 * own noise levels (see {@link ScoreErrors#relative}), measured in the model's standardised
 * coordinates, where it was learned.
 */
public record ScoreErrorCurve(double[] times, double[] errors) {
    /** At most this many levels, geometrically spread over the model's grid. */
    static final int MAX_LEVELS = 24;

    public ScoreErrorCurve {
        if (times.length != errors.length) throw new IllegalArgumentException("one error per time");
        times = times.clone();
        errors = errors.clone();
    }

    @Override public double[] times() { return times.clone(); }
    @Override public double[] errors() { return errors.clone(); }

    /** truth is in the data's own coordinates, as generate-data writes it. */
    public static ScoreErrorCurve of(ScoreModel model, GaussianMixture truth, int points, long seed) {
        GaussianMixture standardised = truth.standardised(model.columns().affineMaps()[0], model.columns().affineMaps()[1]);
        int[] levels = spreadLevels(model.levelCount(), MAX_LEVELS);
        double[] times = new double[levels.length], errors = new double[levels.length];
        for (int i = 0; i < levels.length; i++) {
            times[i] = model.schedule().time(levels[i]);
            errors[i] = ScoreErrors.relative(model, standardised, times[i], points, seed + i);
        }
        return new ScoreErrorCurve(times, errors);
    }

    /** Up to max distinct level indices from 0 to count − 1, evenly spaced in index (the grids are geometric in t). */
    static int[] spreadLevels(int count, int max) {
        int k = Math.min(count, max);
        if (k == 1) return new int[]{0};
        int[] levels = new int[k];
        for (int i = 0; i < k; i++) levels[i] = (int) Math.round(i * (count - 1) / (double) (k - 1));
        return levels;
    }
}
