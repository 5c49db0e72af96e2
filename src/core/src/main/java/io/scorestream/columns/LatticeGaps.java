package io.scorestream.columns;

/**
 * The gaps a column's values leave in their lattice amid the rows (between the values at 5 % and
 * 95 % of them): the share of its points no value takes, and the share that would be empty were the
 * same rows spread smoothly over it, each point a Poisson count whose mean is the rows' mean over
 * the {@value #WINDOW} points on either side. Empty points beyond those expected are the column's own
 * gaps (a sensor's readings, which are a function of whole codes; time zones), not too few rows'
 * (wine's alcalinity, 90 rows on a grid of 194 points).
 *
 * @param empty         the share of the lattice's points amid the rows that no value takes
 * @param expectedEmpty the share expected empty of the same rows spread smoothly (0 when not asked)
 */
record LatticeGaps(double empty, double expectedEmpty) {
    /** The share of rows left out at either end. */
    static final double CENTRAL_TAIL = 0.05;
    /** Points on either side whose rows a point's smooth count is the mean of. */
    static final int WINDOW = 5;
    private static final LatticeGaps NONE = new LatticeGaps(0, 0);

    /**
     * @param values the distinct values, sorted
     * @param shares the share of the rows each holds
     * @param rows   the rows in all, or 0 for the observed share alone
     */
    static LatticeGaps of(double[] values, double[] shares, long rows, double step) {
        if (!(step > 0) || values.length < 2) return NONE;
        int lo = 0, hi = values.length - 1;
        double below = 0, above = 0;
        while (lo < values.length - 1 && below + shares[lo] < CENTRAL_TAIL) below += shares[lo++];
        while (hi > 0 && above + shares[hi] < CENTRAL_TAIL) above += shares[hi--];
        if (hi <= lo) return NONE;
        long points = (long) Math.floor((values[hi] - values[lo]) / step + 1e-6) + 1;
        double empty = Math.max(0, 1 - (hi - lo + 1) / (double) points);
        return new LatticeGaps(empty, rows > 0 ? expectedEmpty(values, shares, rows, step, lo, hi, points) : 0);
    }

    /**
     * Points farther than the window from every value have a smooth count of mean 0 and are empty;
     * each other point is empty with probability e^(−mean). One pass over the covered points, the
     * window's sum kept as it slides.
     */
    private static double expectedEmpty(double[] values, double[] shares, long rows, double step, int lo, int hi, long points) {
        int m = hi - lo + 1;
        long[] at = new long[m];
        double[] count = new double[m];
        for (int i = 0; i < m; i++) {
            at[i] = Math.round((values[lo + i] - values[lo]) / step);
            count[i] = shares[lo + i] * rows;
        }
        double expected = 0, sum = 0;
        long covered = 0, next = 0;   // next: the first point not yet visited
        int enter = 0, leave = 0;     // values in the window: leave..enter-1
        for (int i = 0; i < m; i++) {
            long from = Math.max(next, at[i] - WINDOW), to = Math.min(points - 1, at[i] + WINDOW);
            for (long j = from; j <= to; j++) {
                while (enter < m && at[enter] <= j + WINDOW) sum += count[enter++];
                while (at[leave] < j - WINDOW) sum -= count[leave++];
                expected += Math.exp(-Math.max(0, sum) / (2 * WINDOW + 1));
                covered++;
            }
            next = Math.max(next, to + 1);
        }
        return (expected + (points - covered)) / points;
    }
}
