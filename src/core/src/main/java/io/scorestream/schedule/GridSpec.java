package io.scorestream.schedule;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Which grid a sampler runs on, with the papers' constants. Built against the grid a model was
 * trained on (its levels), in the model's standardised coordinates (E|x|² = d):
 * <ul>
 *   <li>{@code model}: the model's own levels; with {@code steps} below their count, that many of
 *       them evenly spaced by index (always the lowest and the highest), so every score is one
 *       trained level's, never a blend;</li>
 *   <li>{@code geometric}: steps OU times in geometric progression over the model's range;</li>
 *   <li>{@code lcw}: [LCW]'s ᾱ recursion with T = steps and constants c₀, c₁;</li>
 *   <li>{@code gkl}: [GKL]'s VE grid from τ₁ = ε²σ₀²/(2√d) (σ₀ = 1, the standardised scale) to
 *       τ_max = (E|x|² + d)/ε², step parameter κ;</li>
 *   <li>{@code cks}: [CKS]'s uniform-then-geometric grid on [δ, T], T = log(R/ε) with R = √d the
 *       standardised data radius, step parameter κ;</li>
 *   <li>{@code measured}: {@code dpm3m-sde}'s 30 levels of the model halved until a pilot on the
 *       model measures their error within a tolerance (io.scorestream.sampler.StepChoice): built
 *       from the model's score, not here; it sets its own count.</li>
 * </ul>
 * κ, when not given (NaN), is the smallest value whose grid has at most steps levels.
 * steps = 0 leaves the count to the caller's default ({@link #withDefaultSteps}).
 */
public record GridSpec(String kind, int steps, double c0, double c1, double kappa, double delta, double epsilon) {
    public static final List<String> KINDS = List.of("model", "geometric", "lcw", "gkl", "cks", "measured");
    public static final double DEFAULT_EPSILON = 0.01;
    public static final double DEFAULT_DELTA = 1e-5;

    public GridSpec {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) throw new IllegalArgumentException("unknown grid '" + kind + "'; known grids: " + String.join(", ", KINDS));
        if (steps != 0 && steps < 2) throw new IllegalArgumentException("steps must be at least 2, got " + steps);
        if (kind.equals("measured") && steps != 0) throw new IllegalArgumentException("give steps or the measured grid, not both (the measured grid sets the count)");
        if (!(c0 > 0) || !(c1 > 0)) throw new IllegalArgumentException("lcw constants c0, c1 must be positive, got " + c0 + ", " + c1);
        if (kind.equals("lcw") && steps != 0 && steps < LcwSchedule.minimumSteps(c1))
            throw new IllegalArgumentException(String.format("lcw schedule needs c1·log T / T < 1 (with c1 = %s: T >= %d), got T = %d",
                    c1, LcwSchedule.minimumSteps(c1), steps));
        if (!Double.isNaN(kappa) && !(kappa > 0)) throw new IllegalArgumentException("kappa must be positive, got " + kappa);
        if (kind.equals("gkl") && !Double.isNaN(kappa) && !(kappa < 1)) throw new IllegalArgumentException("gkl needs kappa < 1, got " + kappa);
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        if (!(epsilon > 0 && epsilon < 1)) throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
    }

    /** The named grid with every constant at its default and the count left to the caller. */
    public static GridSpec of(String kind) {
        return new GridSpec(kind, 0, LcwSchedule.DEFAULT_C0, LcwSchedule.DEFAULT_C1, Double.NaN, DEFAULT_DELTA, DEFAULT_EPSILON);
    }

    public GridSpec withSteps(int n) { return new GridSpec(kind, n, c0, c1, kappa, delta, epsilon); }
    public GridSpec withDefaultSteps(int n) { return steps == 0 ? withSteps(n) : this; }
    public GridSpec withLcw(double newC0, double newC1) { return new GridSpec(kind, steps, newC0, newC1, kappa, delta, epsilon); }
    public GridSpec withKappa(double k) { return new GridSpec(kind, steps, c0, c1, k, delta, epsilon); }
    public GridSpec withDelta(double d) { return new GridSpec(kind, steps, c0, c1, kappa, d, epsilon); }
    public GridSpec withEpsilon(double e) { return new GridSpec(kind, steps, c0, c1, kappa, delta, e); }

    /** The grid for a model trained on levels, in dimension d; steps 0 means as many as the levels. */
    public NoiseSchedule on(NoiseSchedule levels, int dimension) {
        int n = steps == 0 ? levels.size() : steps;
        return switch (kind) {
            case "model" -> n == levels.size() ? levels : n < levels.size() ? everyNth(levels, n) : refined(levels, n);
            case "geometric" -> new GeometricSchedule(n, levels.minTime(), levels.maxTime());
            case "lcw" -> new LcwSchedule(n, c0, c1);
            case "gkl" -> byKappa(n, 0.999, k -> GklSchedule.forData(epsilon, 1.0, dimension, dimension, k));
            case "cks" -> byKappa(n, 10, k -> new CksSchedule(Math.max(Math.log(Math.sqrt(dimension) / epsilon), 1.5), k, delta));
            case "measured" -> throw new IllegalArgumentException("the measured grid is measured on a model's score (SamplingPlan.grid with the score)");
            default -> throw new AssertionError(kind);
        };
    }

    /**
     * More steps than the model has levels: a geometric grid of n over the same noise range, the
     * score between trained levels being the model's blend. The model's own levels are geometric
     * (StructurePlanner), so this is the same grid made finer: a first-order sampler asked for 200
     * steps on a 30-level model gets 200, not 30 (measured: ddpm on gmm 0.508 against 0.518 on the
     * 30 levels alone, QUALITY.md "30 trained levels").
     */
    static NoiseSchedule refined(NoiseSchedule levels, int n) {
        return new GeometricSchedule(n, levels.minTime(), levels.maxTime());
    }

    /** n of the levels, evenly spaced by index, the lowest and highest always among them. */
    static TimeGrid everyNth(NoiseSchedule levels, int n) {
        double[] t = new double[n];
        int last = levels.size() - 1;
        for (int j = 0; j < n; j++) t[j] = levels.time((int) Math.round((double) j * last / (n - 1)));
        return new TimeGrid(levels.name() + "/" + n, t);
    }

    /** The grid at the given κ, or at the smallest κ (bisection) whose grid has at most n levels. */
    private NoiseSchedule byKappa(int n, double kappaMax, DoubleFunction<NoiseSchedule> build) {
        if (!Double.isNaN(kappa)) return build.apply(kappa);
        double lo = 1e-3, hi = kappaMax;
        if (build.apply(hi).size() > n) return build.apply(hi);
        for (int i = 0; i < 60; i++) {
            double mid = Math.sqrt(lo * hi);
            if (build.apply(mid).size() > n) lo = mid; else hi = mid;
        }
        return build.apply(hi);
    }

    @Override public String toString() {
        return kind + (steps == 0 ? "" : "/" + steps);
    }
}
