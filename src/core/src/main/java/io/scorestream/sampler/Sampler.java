package io.scorestream.sampler;

import io.scorestream.model.ScoreFunction;
import io.scorestream.schedule.NoiseSchedule;
import org.ejml.data.DMatrixRMaj;

import java.util.Locale;

/**
 * Runs the reverse diffusion from pure noise at the grid's top level down to its level 0 and
 * returns the state there: a sample of the data law convolved with the tiny level-0 noise, not a
 * posterior mean (posterior means thin the output, docs/method.md §11).
 */
public interface Sampler {
    String name();

    /** n points in the score function's coordinates; the same seed gives the same points. */
    DMatrixRMaj sample(ScoreFunction score, NoiseSchedule grid, int n, long seed);

    /**
     * Steps this sampler needs by default (on a grid without a count). The first-order samplers
     * (ddpm, ei, ve, ode) reach the floor with the exact score at about 200 (docs/method.md §12);
     * on a model with fewer levels the model grid is refined between them ({@link
     * io.scorestream.schedule.GridSpec#on}).
     */
    default int defaultSteps() { return FIRST_ORDER_STEPS; }

    /** The step count of the first-order samplers. */
    int FIRST_ORDER_STEPS = 200;

    /** Every name {@link #named} knows, in the order the help text lists them. */
    java.util.List<String> NAMES = java.util.List.of("dpm2m", "dpm2m-sde", "dpm3m", "dpm3m-sde", "ddpm", "ei", "ve", "ode");

    /**
     * dpm2m (DPM-Solver++(2M), probability flow), dpm2m-sde (the same on the reverse SDE), dpm3m and
     * dpm3m-sde (DPM-Solver++(3M), third order, on each of the two), ddpm
     * (ancestral, [LCW]), ei (exponential integrator, [CKS]), ve ([GKL] Euler–Maruyama), ode
     * (first-order probability flow).
     */
    static Sampler named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ddpm" -> new AncestralSampler();
            case "ei" -> new ExponentialIntegratorSampler();
            case "ve" -> new VarianceExplodingSampler();
            case "ode" -> new ProbabilityFlowSampler();
            case "dpm2m" -> new DpmSolverSampler(false);
            case "dpm2m-sde" -> new DpmSolverSampler(true);
            case "dpm3m" -> new DpmSolver3Sampler(false);
            case "dpm3m-sde" -> new DpmSolver3Sampler(true);
            default -> throw new IllegalArgumentException("unknown sampler '" + name + "'; known samplers: " + String.join(", ", NAMES));
        };
    }
}
