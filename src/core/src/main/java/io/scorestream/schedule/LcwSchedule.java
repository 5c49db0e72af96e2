package io.scorestream.schedule;

/**
 * The schedule of Li, Cai and Wei (arXiv 2504.05300) whose step count does not depend on d or k:
 * {@code ᾱ_T = T^{−c₀}}, and for j = T..2, {@code ᾱ_{j−1} = ᾱ_j + (c₁ log T / T)·ᾱ_j(1 − ᾱ_j)}.
 *
 * <p>The recursion is run on u = 1 − ᾱ ({@code u_{j−1} = u_j(1 − c ᾱ_j)}) because ᾱ_1 comes
 * within 1e-16 of 1 and would otherwise round to exactly 1, i.e. zero noise.
 */
public final class LcwSchedule extends TimeGrid {
    public static final double DEFAULT_C0 = 2;
    public static final double DEFAULT_C1 = 10;

    public LcwSchedule(int steps) { this(steps, DEFAULT_C0, DEFAULT_C1); }

    public LcwSchedule(int steps, double c0, double c1) {
        super("lcw", build(steps, c0, c1));
    }

    /** The smallest T with c1·log T / T < 1. */
    public static int minimumSteps(double c1) {
        int t = 2;
        while (c1 * Math.log(t) / t >= 1) t++;
        return t;
    }

    private static double[] build(int steps, double c0, double c1) {
        if (steps < 2) throw new IllegalArgumentException("lcw schedule needs at least 2 steps, got " + steps);
        if (!(c0 > 0) || !(c1 > 0)) throw new IllegalArgumentException("lcw schedule needs c0, c1 > 0");
        double c = c1 * Math.log(steps) / steps;
        // ᾱ_{j−1} = ᾱ_j + c·ᾱ_j(1 − ᾱ_j) passes 1 (no noise left, then negative) once c·ᾱ_j ≥ 1
        if (!(c < 1))
            throw new IllegalArgumentException(String.format("lcw schedule needs c1·log T / T < 1 (with c1 = %s: T >= %d), got T = %d",
                    c1, minimumSteps(c1), steps));
        double[] t = new double[steps];
        double alphaBar = Math.pow(steps, -c0);
        double u = 1 - alphaBar;
        t[steps - 1] = -0.5 * Math.log(alphaBar);
        for (int j = steps; j >= 2; j--) {
            u = u * (1 - c * alphaBar);           // u_{j−1}
            alphaBar = 1 - u;                     // ᾱ_{j−1}
            t[j - 2] = -0.5 * Math.log1p(-u);
        }
        return t;
    }
}
