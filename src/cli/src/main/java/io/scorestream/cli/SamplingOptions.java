package io.scorestream.cli;

import io.scorestream.sampler.SamplingPlan;
import picocli.CommandLine.Option;

/** The sampler and grid options of {@code sample} and {@code report} (a picocli mixin). */
final class SamplingOptions {
    @Option(names = "--sampler", defaultValue = SamplingPlan.DEFAULT_SAMPLER,
            description = "dpm3m-sde, dpm3m, dpm2m-sde, dpm2m, ddpm, ei, ve or ode (default ${DEFAULT-VALUE})") String sampler;
    @Option(names = "--grid", defaultValue = "model",
            description = "model, geometric, lcw, gkl, cks or measured (dpm3m-sde only: the model's 30 levels halved once or twice where a 256-row pilot measures their error too large; default ${DEFAULT-VALUE}: the model's own levels)") String grid;
    @Option(names = "--steps", description = "levels of the grid (default: 30 for dpm3m-sde and dpm3m, 40 for dpm2m-sde and dpm2m, else 200; on the model grid, more than the model's levels are a finer geometric grid over them; the measured grid sets its own)") Integer steps;
    @Option(names = "--c0", description = "[LCW] c0: the top level has alpha-bar = T^-c0 (lcw grid; default 2)") Double c0;
    @Option(names = "--c1", description = "[LCW] c1: step constant of the alpha-bar recursion (lcw grid; default 10)") Double c1;
    @Option(names = "--kappa", description = "step parameter of the gkl or cks grid (default: the smallest giving at most --steps levels)") Double kappa;
    @Option(names = "--delta", description = "[CKS] early-stopping time (cks grid; default 1e-5)") Double delta;
    @Option(names = "--epsilon", description = "target accuracy that sets the gkl and cks grids' ends (default 0.01)") Double epsilon;

    SamplingPlan plan() {
        return SamplingPlan.of(sampler, grid, steps, c0, c1, kappa, delta, epsilon);
    }
}
