package io.scorestream.sampler;

import io.scorestream.model.ScoreFunction;
import io.scorestream.schedule.GridSpec;
import io.scorestream.schedule.NoiseSchedule;
import io.scorestream.schedule.TimeGrid;
import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;

/**
 * The {@code measured} grid of {@code dpm3m-sde}: its default 30 levels, halved until a Richardson
 * estimate of the grid's discretisation error on the model itself is within a tolerance. Not the
 * default: on the quality suite it changed the two-sample accuracy within its noise, both ways,
 * for twice the sampling (QUALITY.md, "A step count measured per model").
 *
 * <p>The estimate: a pilot batch sampled on the grid and on the grid halved (the geometric midpoint
 * put into every interval, so the coarse grid's levels are the fine grid's even ones), driven by
 * the same Brownian path. The SDE form's noise over a coarse step is built from the two fine
 * steps' draws: the step's linear part is exact, so {@code n_c·z_c = keep₂·n₁·z₁ + n₂·z₂} with
 * {@code n_c² = keep₂²n₁² + n₂²} (the forward process's variance over the two steps). The distance
 * between the coupled end points is then discretisation error alone, and bounds the
 * Wasserstein-2 distance between the two grids' laws.
 *
 * <p>Halving, not a ladder of counts, because a halved grid keeps every level of the one before: on
 * a 30-level model the 59-level grid still runs on every trained level, where a 45-level geometric
 * grid asks the model's blend between levels at every step but the ends, which measured worse than
 * the 30 levels on aniso (QUALITY.md, "A step count measured per model").
 */
public final class StepChoice {
    private StepChoice() {}

    /** Rows of the pilot: one sampler chunk. */
    static final int ROWS = 256;
    static final long SEED = 20261201L;

    /** At most this many halvings: 30 levels become 59, then 117. */
    static final int MAX_HALVINGS = 2;

    /**
     * The largest {@link #error} a chosen grid may have: the median row moves by 8 % of its local
     * spread per coordinate between the grid and its halving, so its spread changes by about 0.6 %
     * if the moves are unrelated to it (the variance adds 0.08²). The solver on N(0, I) with the
     * exact score, whose samples on 30 levels are at the two-sample floor, measures 0.076 there and
     * passes; gmm's mixture with the exact score measures 0.105 and is halved.
     */
    static final double TOLERANCE = 0.08;

    /**
     * The noise level s at which the local spread is read: structure finer than 5 % of a
     * standardised column's spread is below what the two-sample test resolves at the suite's sizes,
     * and the lowest levels' Jacobians are the noisiest part of a learned model.
     */
    static final double PROBE_NOISE = 0.05;

    private static final Map<ScoreFunction, NoiseSchedule> CHOSEN = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The grid chosen for score on its levels, measured once per score function (by identity) and
     * kept while it lives: a node pays the pilot on a model version's first sample only, {@code
     * sample} on every run.
     */
    public static NoiseSchedule grid(ScoreFunction score, NoiseSchedule levels) {
        return CHOSEN.computeIfAbsent(score, s -> choose(s, levels));
    }

    /** The default grid, halved until its {@link #error} is within {@link #TOLERANCE} or {@link #MAX_HALVINGS} times. */
    static NoiseSchedule choose(ScoreFunction score, NoiseSchedule levels) {
        NoiseSchedule grid = GridSpec.of("model").withSteps(DpmSolver3Sampler.DEFAULT_STEPS).on(levels, score.dimension());
        for (int k = 0; k < MAX_HALVINGS && error(score, grid) > TOLERANCE; k++) grid = halved(grid);
        return grid;
    }

    /**
     * The pilot's median discrepancy on grid, in local spreads (at noise {@link #PROBE_NOISE}) per
     * coordinate: {@link #relativeDiscrepancies} over √d, so that an error spread over many
     * coordinates counts by what it does to each.
     */
    public static double error(ScoreFunction score, NoiseSchedule grid) {
        double[] r = relativeDiscrepancies(score, probeTime(), pilot(score, grid));
        Arrays.sort(r);
        double median = r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
        return median / Math.sqrt(score.dimension());
    }

    static double probeTime() { return -0.5 * Math.log1p(-PROBE_NOISE * PROBE_NOISE); }

    /** The pilot's end points on a grid (coarse) and on its halving (fine), row by row. */
    public record Pilot(DMatrixRMaj coarse, DMatrixRMaj fine) {}

    /** The pilot of the coarse grid. */
    public static Pilot pilot(ScoreFunction score, NoiseSchedule coarse) {
        int d = score.dimension();
        NoiseSchedule fine = halved(coarse);
        SplittableRandom root = new SplittableRandom(SEED);
        DMatrixRMaj start = new DMatrixRMaj(ROWS, d);
        for (int i = 0; i < start.data.length; i++) start.data[i] = root.nextGaussian();
        long[] seeds = new long[fine.size()];
        for (int m = 0; m < seeds.length; m++) seeds[m] = root.nextLong();
        double[] keep = new double[fine.size()], noise = new double[fine.size()];
        for (int m = 1; m < fine.size(); m++) {
            double tHigh = fine.time(m), tLow = fine.time(m - 1);
            double h = DpmSolverSampler.halfLogSnr(tLow) - DpmSolverSampler.halfLogSnr(tHigh);
            double sHigh = Math.sqrt(-Math.expm1(-2 * tHigh)), sLow = Math.sqrt(-Math.expm1(-2 * tLow));
            keep[m] = sLow / sHigh * Math.exp(-h);
            noise[m] = sLow * Math.sqrt(-Math.expm1(-2 * h));
        }
        DpmSolver3Sampler sampler = new DpmSolver3Sampler(true);
        DMatrixRMaj xFine = start.copy();
        sampler.descend(score, fine, xFine, (m, z) -> draw(seeds[m], z));
        DMatrixRMaj xCoarse = start.copy();
        double[] second = new double[start.data.length];
        sampler.descend(score, coarse, xCoarse, (j, z) -> {
            int m = 2 * j;   // the coarse step down from level j is the fine steps down from 2j and 2j − 1
            draw(seeds[m], z);
            draw(seeds[m - 1], second);
            double a = keep[m - 1] * noise[m], b = noise[m - 1], norm = Math.sqrt(a * a + b * b);
            for (int i = 0; i < z.length; i++) z[i] = (a * z[i] + b * second[i]) / norm;
        });
        return new Pilot(xCoarse, xFine);
    }

    /**
     * Each row's discrepancy in units of the law's local spread along it: |Δ|·√q with q = −Δ̂ᵀJΔ̂,
     * J the score's Jacobian at time t at the fine end point (central differences along Δ̂). For a
     * Gaussian component of covariance Σ that is the Mahalanobis length of Δ in Σ_t = a²Σ + s²I, so
     * a displacement along a thin manifold counts little and one across it much. 0 where the
     * curvature along Δ is not negative (between modes, where no spread is defined).
     */
    public static double[] relativeDiscrepancies(ScoreFunction score, double t, Pilot pilot) {
        DMatrixRMaj a = pilot.coarse(), b = pilot.fine();
        int rows = a.numRows, d = a.numCols;
        double eps = 1e-4;
        double[] length = new double[rows];
        DMatrixRMaj unit = new DMatrixRMaj(rows, d), plus = b.copy(), minus = b.copy();
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < d; c++) sum += Math.pow(a.get(r, c) - b.get(r, c), 2);
            length[r] = Math.sqrt(sum);
            for (int c = 0; c < d; c++) {
                double u = length[r] > 0 ? (a.get(r, c) - b.get(r, c)) / length[r] : 0;
                unit.set(r, c, u);
                plus.add(r, c, eps * u);
                minus.add(r, c, -eps * u);
            }
        }
        DMatrixRMaj sp = new DMatrixRMaj(rows, d), sm = new DMatrixRMaj(rows, d);
        score.score(t, plus, sp);
        score.score(t, minus, sm);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double q = 0;
            for (int c = 0; c < d; c++) q -= unit.get(r, c) * (sp.get(r, c) - sm.get(r, c)) / (2 * eps);
            out[r] = q > 0 ? length[r] * Math.sqrt(q) : 0;
        }
        return out;
    }

    private static void draw(long seed, double[] z) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < z.length; i++) z[i] = rng.nextGaussian();
    }

    /** The grid with the geometric midpoint of every interval added (2n − 1 levels). */
    public static NoiseSchedule halved(NoiseSchedule grid) {
        double[] t = new double[2 * grid.size() - 1];
        for (int j = 0; j < grid.size(); j++) {
            t[2 * j] = grid.time(j);
            if (j + 1 < grid.size()) t[2 * j + 1] = Math.sqrt(grid.time(j) * grid.time(j + 1));
        }
        return new TimeGrid(grid.name() + "/halved", t);
    }
}
