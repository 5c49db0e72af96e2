package io.scorestream.sampler;

import io.scorestream.columns.MarginCalibration;
import io.scorestream.model.ScoreFunction;
import io.scorestream.model.ScoreModel;
import io.scorestream.schedule.GridSpec;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;

/**
 * A sampler and the grid it runs on: what {@code sample}, {@code report}, {@code /samples} and the
 * sampler actor are configured with. A grid without a step count gets the sampler's own default
 * ({@link Sampler#defaultSteps()}); the {@code measured} grid sets its count per model
 * ({@link StepChoice}).
 */
public record SamplingPlan(String sampler, GridSpec grid) {
    /**
     * The default: DPM-Solver++(3M) on the reverse SDE, on 30 of the model's own levels: within 0.01 of
     * DPM-Solver++(2M) on 40 on every synthetic quality row and on embed768, where 2M on 30 is not
     * (QUALITY.md, "DPM-Solver++(3M)"; PERFORMANCE.md §29).
     */
    public static final String DEFAULT_SAMPLER = "dpm3m-sde";
    private static final long CALIBRATION_SEED = 0xCA11_B8A7_E5EEDL;

    public SamplingPlan {
        Sampler.named(sampler);   // fails with the list of known samplers
        if (grid.kind().equals("measured") && !sampler.equalsIgnoreCase(DEFAULT_SAMPLER))
            throw new IllegalArgumentException("the measured grid is " + DEFAULT_SAMPLER + "'s (its pilot runs that sampler), not " + sampler + "'s");
    }

    public static SamplingPlan defaults() { return new SamplingPlan(DEFAULT_SAMPLER, GridSpec.of("model")); }

    /**
     * A plan from options as a user typed them (null: not given): each paper constant is accepted
     * only with the grid it belongs to, κ not together with a step count.
     */
    public static SamplingPlan of(String sampler, String grid, Integer steps, Double c0, Double c1, Double kappa, Double delta, Double epsilon) {
        GridSpec spec = GridSpec.of(grid == null ? "model" : grid);
        String kind = spec.kind();
        if (steps != null) {
            if (steps < 2) throw new IllegalArgumentException("steps must be at least 2, got " + steps);
            spec = spec.withSteps(steps);
        }
        if (c0 != null || c1 != null) {
            only(kind, c0 != null ? "c0" : "c1", "lcw");
            spec = spec.withLcw(c0 != null ? c0 : spec.c0(), c1 != null ? c1 : spec.c1());
        }
        if (kappa != null) {
            only(kind, "kappa", "gkl", "cks");
            if (steps != null) throw new IllegalArgumentException("give kappa or steps for the " + kind + " grid, not both (kappa sets the step count)");
            spec = spec.withKappa(kappa);
        }
        if (delta != null) {
            only(kind, "delta", "cks");
            spec = spec.withDelta(delta);
        }
        if (epsilon != null) {
            only(kind, "epsilon", "gkl", "cks");
            spec = spec.withEpsilon(epsilon);
        }
        return new SamplingPlan(sampler == null ? DEFAULT_SAMPLER : sampler, spec);
    }

    private static void only(String kind, String constant, String... grids) {
        if (!java.util.Arrays.asList(grids).contains(kind))
            throw new IllegalArgumentException(constant + " applies to the " + String.join(" or ", grids) + " grid only, not " + kind);
    }

    public Sampler newSampler() { return Sampler.named(sampler); }

    /** The grid for a model trained on levels, in dimension d, with the sampler's default count where none was given. */
    public NoiseSchedule grid(NoiseSchedule levels, int dimension) {
        return grid.withDefaultSteps(newSampler().defaultSteps()).on(levels, dimension);
    }

    /** The grid for score, trained on levels: the measured grid measured on it ({@link StepChoice}), else as {@link #grid(NoiseSchedule, int)}. */
    public NoiseSchedule grid(ScoreFunction score, NoiseSchedule levels) {
        return measured() ? StepChoice.grid(score, levels) : grid(levels, score.dimension());
    }

    /** Whether the grid is measured per model ({@code measured}). */
    public boolean measured() { return grid.kind().equals("measured"); }

    /** n points in the score's (standardised) coordinates. */
    public DMatrixRMaj sample(ScoreFunction score, NoiseSchedule levels, int n, long seed) {
        return newSampler().sample(score, grid(score, levels), n, seed);
    }

    /**
     * Where this plan's sampler puts model's gapped columns on grid: one batch of
     * {@link MarginCalibration#ROWS} rows at a fixed seed, so that it depends on the model and the
     * plan only; none (and no sampling) for a model without gapped columns.
     */
    public MarginCalibration calibration(ScoreModel model, NoiseSchedule grid) {
        if (model.columns().gappedColumns().length == 0) return MarginCalibration.NONE;
        return MarginCalibration.of(model.columns(), newSampler().sample(model, grid, MarginCalibration.ROWS, CALIBRATION_SEED));
    }

    /** n rows of data from model on grid: sampled, then to data through the plan's {@link #calibration}. */
    public DMatrixRMaj generate(ScoreModel model, NoiseSchedule grid, int n, long seed) {
        DMatrixRMaj x = newSampler().sample(model, grid, n, seed);
        model.toData(x, calibration(model, grid));
        return x;
    }

    @Override public String toString() { return sampler + " on " + grid; }
}
