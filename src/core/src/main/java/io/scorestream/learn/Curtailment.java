package io.scorestream.learn;

/**
 * A judge's candidates stopped half way where they can no longer win (stochastic curtailment, as
 * a trial stops for futility). The judges ({@link CellShapeJudge}, {@link MapsJudge}, {@link
 * CellCountJudge}) hold out every fold once and keep a candidate only where its paired gain over
 * the default at the end is above margin standard errors; a candidate far below that after half
 * the folds almost never ends above it, and its remaining fits were most of a judge's cost on the
 * real sets (hourly-delay: full rank 0.007 behind the default, judged on all four quarters;
 * PERFORMANCE.md §94).
 *
 * <p>After half the rows, with gain g and standard error s there, the other half's gain is read
 * as drawn about g with the same s, so the final gain is about g with error s/2 and its bar is
 * margin · s/√2. A candidate goes on while that chance is at least {@value #CONDITIONAL_POWER}:
 * g ≥ s · (margin/√2 − z/2), z the one-sided quantile. The price: a candidate whose true gain is
 * twice the final error is stopped 2 % of the time at the cubic's margin (0), 12 % at full rank's
 * (1.28) and 19 % at the affine maps' and a count's (1.645); at three times, 0.3 %, 3 % and 6 %.
 * A bar of its own size on the gain (a larger file's count, {@link MoreRowsCount}) is read the same way.
 */
final class Curtailment {
    /** The least chance of ending above the bar for a candidate to go on. */
    static final double CONDITIONAL_POWER = 0.10;
    /** z of the one-sided {@value #CONDITIONAL_POWER}: Φ(−z) = 0.10. */
    private static final double Z = 1.2816;

    private Curtailment() {}

    /**
     * Whether a candidate with this paired gain over the default (positive: better) and standard
     * error on half the judged rows can still pass margin standard errors on all of them. A gain
     * that is not a number (a candidate that could not be fitted) cannot.
     */
    static boolean canStillPass(double gain, double error, double margin) {
        if (Double.isNaN(gain)) return false;
        double bar = Double.isNaN(error) ? 0 : error * (margin / Math.sqrt(2) - Z / 2);
        return gain >= bar;
    }

    /**
     * As above, where the final gain must also reach least (an absolute bar: the count judge's
     * share of the held-out rows' own kernel term, {@link MoreRowsCount}): the final gain, about g
     * with error s/2, reaches it with a chance of {@value #CONDITIONAL_POWER} or more while
     * g ≥ least − z·s/2. A candidate whose true gain is exactly least is stopped half the time,
     * one whose gain is least plus the final error 2 %.
     */
    static boolean canStillPass(double gain, double error, double margin, double least) {
        if (!canStillPass(gain, error, margin)) return false;
        return gain >= least - (Double.isNaN(error) ? 0 : error * Z / 2);
    }
}
