package io.scorestream.columns;

/**
 * Per-row held-out figures as the planner's checks (and the labels' law choice) compare two
 * candidates on the same rows: the mean of each, and the standard error of the mean of their
 * row-by-row difference (a paired test).
 */
public final class RowFigures {
    private RowFigures() {}

    public static double mean(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        return sum / Math.max(1, v.length);
    }

    /** Standard error of the mean of a − b, row by row. */
    public static double standardError(double[] a, double[] b) {
        int n = a.length;
        double m = mean(a) - mean(b), squares = 0;
        for (int i = 0; i < n; i++) squares += (a[i] - b[i] - m) * (a[i] - b[i] - m);
        return Math.sqrt(squares / Math.max(1, n - 1) / Math.max(1, n));
    }
}
