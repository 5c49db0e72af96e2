package io.scorestream.schedule;

/**
 * OU times spaced geometrically between tMin and tMax: equal ratios t_{j+1}/t_j, which puts as
 * many levels in each decade of noise. The default grid of ScoreStream (with 200 levels the
 * exact score's samples land close to the two-sample floor, docs/method.md §12).
 */
public final class GeometricSchedule extends TimeGrid {
    public GeometricSchedule(int levels, double tMin, double tMax) {
        super("geometric", build(levels, tMin, tMax));
    }

    private static double[] build(int levels, double tMin, double tMax) {
        if (levels < 2) throw new IllegalArgumentException("geometric schedule needs at least 2 levels, got " + levels);
        if (!(tMin > 0) || !(tMax > tMin)) throw new IllegalArgumentException("geometric schedule needs 0 < tMin < tMax, got " + tMin + ", " + tMax);
        double[] t = new double[levels];
        double logRatio = Math.log(tMax / tMin) / (levels - 1);
        for (int j = 0; j < levels; j++) t[j] = tMin * Math.exp(logRatio * j);
        t[levels - 1] = tMax;
        return t;
    }
}
