package io.scorestream.report;

import io.scorestream.sampler.SamplingPlan;

/**
 * What a report draws and how.
 *
 * @param samples          generated samples to draw; 0 means as many as the reference has rows
 * @param seed             seed of the sampler, the metrics and the score-error points
 * @param plan             the sampler and its grid (see {@link SamplingPlan})
 * @param scoreErrorPoints points per noise level on which the score error is measured (with a truth)
 */
public record ReportOptions(int samples, long seed, SamplingPlan plan, int scoreErrorPoints) {
    public ReportOptions {
        if (samples < 0) throw new IllegalArgumentException("samples must be at least 1 (or 0 for as many as the reference), got " + samples);
        if (scoreErrorPoints < 1) throw new IllegalArgumentException("score-error points must be at least 1, got " + scoreErrorPoints);
        if (plan == null) throw new IllegalArgumentException("a sampling plan is required");
    }

    /** As many samples as the reference, seed 0, the default sampler and grid, 2000 points per noise level. */
    public static ReportOptions defaults() {
        return new ReportOptions(0, 0, SamplingPlan.defaults(), 2000);
    }

    public String sampler() { return plan.sampler(); }

    public ReportOptions withSamples(int n) { return new ReportOptions(n, seed, plan, scoreErrorPoints); }
    public ReportOptions withSeed(long s) { return new ReportOptions(samples, s, plan, scoreErrorPoints); }
    public ReportOptions withSampler(String name) { return withPlan(new SamplingPlan(name, plan.grid())); }
    public ReportOptions withPlan(SamplingPlan p) { return new ReportOptions(samples, seed, p, scoreErrorPoints); }
    public ReportOptions withScoreErrorPoints(int n) { return new ReportOptions(samples, seed, plan, n); }
}
