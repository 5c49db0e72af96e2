package io.scorestream.report;

import io.scorestream.sampler.Sampler;

/**
 * What a report draws and how.
 *
 * @param samples          generated samples to draw; 0 means as many as the reference has rows
 * @param seed             seed of the sampler, the metrics and the score-error points
 * @param sampler          ddpm, ei, ve or ode (see {@link Sampler#named})
 * @param scoreErrorPoints points per noise level on which the score error is measured (with a truth)
 */
public record ReportOptions(int samples, long seed, String sampler, int scoreErrorPoints) {
    public ReportOptions {
        if (samples < 0) throw new IllegalArgumentException("samples must be at least 1 (or 0 for as many as the reference), got " + samples);
        if (scoreErrorPoints < 1) throw new IllegalArgumentException("score-error points must be at least 1, got " + scoreErrorPoints);
        Sampler.named(sampler); // fails with the list of known samplers
    }

    /** As many samples as the reference, seed 0, the ddpm sampler, 2000 points per noise level. */
    public static ReportOptions defaults() {
        return new ReportOptions(0, 0, "ddpm", 2000);
    }

    public ReportOptions withSamples(int n) { return new ReportOptions(n, seed, sampler, scoreErrorPoints); }
    public ReportOptions withSeed(long s) { return new ReportOptions(samples, s, sampler, scoreErrorPoints); }
    public ReportOptions withSampler(String name) { return new ReportOptions(samples, seed, name, scoreErrorPoints); }
    public ReportOptions withScoreErrorPoints(int n) { return new ReportOptions(samples, seed, sampler, n); }
}
