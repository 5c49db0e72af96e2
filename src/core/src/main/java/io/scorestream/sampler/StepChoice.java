package io.scorestream.sampler;

import io.scorestream.model.ScoreFunction;
import io.scorestream.schedule.GridSpec;
import io.scorestream.schedule.NoiseSchedule;
import io.scorestream.schedule.TimeGrid;
import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;

/**
 * How far {@code dpm3m-sde}'s samples on n steps of a model's grid are from those on the same grid
 * with every step halved, driven by the same Brownian path: a Richardson estimate of the n-step
 * grid's discretisation error, measured on the model itself.
 *
 * <p>The fine grid puts the geometric midpoint into every interval of the coarse one, so the coarse
 * grid's levels are the fine grid's even ones. The SDE form's noise over a coarse step is then
 * built from the two fine steps' draws: the step's linear part is exact, so
 * {@code n_c·z_c = keep₂·n₁·z₁ + n₂·z₂} with {@code n_c² = keep₂²n₁² + n₂²} (the forward process's
 * variance over the two steps), and both runs sample the same path. The distance between the
 * coupled end points bounds the Wasserstein-2 distance between the two grids' laws.
 */
public final class StepChoice {
    private StepChoice() {}

    /** Rows of the pilot: one sampler chunk. */
    static final int ROWS = 256;
    static final long SEED = 20261201L;

    /** The step counts tried, fewest first. */
    public static final List<Integer> LADDER = List.of(30, 45, 60, 90, 120);

    /**
     * The largest {@link #error} a chosen count may have: the median row moves by 8 % of its local
     * spread per coordinate between n and 2n steps, so its spread changes by about 0.6 % if the
     * moves are unrelated to it (the variance adds 0.08²). The solver on N(0, I) with the exact
     * score, whose samples at 30 steps are at the two-sample floor, measures 0.076 at 30 and
     * passes; gmm's mixture with the exact score measures 0.105 and takes 45 (QUALITY.md, "A step
     * count measured per model").
     */
    static final double TOLERANCE = 0.08;

    /**
     * The noise level s at which the local spread is read: structure finer than 5 % of a
     * standardised column's spread is below what the two-sample test resolves at the suite's sizes,
     * and the lowest levels' Jacobians are the noisiest part of a learned model.
     */
    static final double PROBE_NOISE = 0.05;

    private static final Map<ScoreFunction, Integer> CHOSEN = Collections.synchronizedMap(new WeakHashMap<>());

    /** The count chosen for score on its levels, measured once per score function (by identity) and kept while it lives. */
    public static int steps(ScoreFunction score, NoiseSchedule levels) {
        return CHOSEN.computeIfAbsent(score, s -> choose(s, levels));
    }

    /** The fewest steps on the ladder whose {@link #error} is within {@link #TOLERANCE}, else the most. */
    static int choose(ScoreFunction score, NoiseSchedule levels) {
        for (int n : LADDER)
            if (error(score, levels, n) <= TOLERANCE) return n;
        return LADDER.get(LADDER.size() - 1);
    }

    /**
     * The pilot's median discrepancy on n steps, in local spreads (at noise {@link #PROBE_NOISE}) per
     * coordinate: {@link #relativeDiscrepancies} over √d, so that an error spread over many
     * coordinates counts by what it does to each.
     */
    public static double error(ScoreFunction score, NoiseSchedule levels, int n) {
        double[] r = relativeDiscrepancies(score, probeTime(), pilot(score, levels, n));
        Arrays.sort(r);
        double median = r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
        return median / Math.sqrt(score.dimension());
    }

    static double probeTime() { return -0.5 * Math.log1p(-PROBE_NOISE * PROBE_NOISE); }

    /** The pilot's end points on the n-step grid (coarse) and on the halved one (fine), row by row. */
    public record Pilot(DMatrixRMaj coarse, DMatrixRMaj fine) {}

    /** The pilot of the n-step grid of levels. */
    public static Pilot pilot(ScoreFunction score, NoiseSchedule levels, int n) {
        int d = score.dimension();
        NoiseSchedule coarse = GridSpec.of("model").withSteps(n).on(levels, d);
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
    static NoiseSchedule halved(NoiseSchedule grid) {
        double[] t = new double[2 * grid.size() - 1];
        for (int j = 0; j < grid.size(); j++) {
            t[2 * j] = grid.time(j);
            if (j + 1 < grid.size()) t[2 * j + 1] = Math.sqrt(grid.time(j) * grid.time(j + 1));
        }
        return new TimeGrid(grid.name() + "/halved", t);
    }
}
