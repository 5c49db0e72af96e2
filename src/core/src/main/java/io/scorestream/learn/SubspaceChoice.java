package io.scorestream.learn;

import io.scorestream.model.SubspaceSplit;
import io.scorestream.partition.GaussianCells;
import org.ejml.data.DMatrixRMaj;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Chooses, from the planning reservoir in latent coordinates, whether a model's cells see all d
 * coordinates or only a principal subspace with a Gaussian in its complement ({@link SubspaceSplit}).
 * Both steps are decided by the data, never by a threshold on d:
 * <ol>
 *   <li>the rank r minimises BIC of probabilistic PCA (top-r eigenvalues free, the rest one shared
 *       variance), fitted on the first three quarters of the reservoir, from the top
 *       eigenpairs of {@link PrincipalDirections} (randomized subspace iteration, O(m·d·r): no d×d matrix);
 *       where PPCA finds no flat tail below every direction examined, BIC of the split's own
 *       Gaussian model (the complement a variance per coordinate: unequal noise across columns is
 *       not structure) chooses it;</li>
 *   <li>the split is kept only if, on the last quarter, its density — the soft cells' mixture
 *       fitted in the r subspace coordinates times the complement's Gaussian — is higher than the
 *       held-out density of the best mixture in all d coordinates — the K whose fit on the first
 *       three quarters is likeliest on that very quarter ({@link GaussianCells#chooseOnLastFold}),
 *       an optimistic figure for the full structure, at a quarter of the cost of cross-validating
 *       it — by more than two standard errors of the paired per-row difference and by at least {@link #MIN_GAIN_PER_COORDINATE} nats per
 *       coordinate. Otherwise the
 *       full structure stays, planned exactly as without this step. Both mixtures cost
 *       O(m·K·d·rank) ({@link GaussianCells}), so the check is linear in d.</li>
 * </ol>
 */
public final class SubspaceChoice {
    private static final long CHECK_SALT = 0x5B5B_ACE5L;
    /** The split must win by this many standard errors of the paired held-out difference. */
    private static final double SIGNIFICANCE = 2;
    /**
     * ... and by at least this many nats per coordinate: the issue's own tolerance for a model's
     * log-likelihood. A smaller gain is within what the split's one approximation (a complement
     * independent of the subspace) can cost elsewhere: on gmm64 the split is likelier by 0.009
     * nats per coordinate, yet its samples' cross-moments are off (C2ST 0.519 against 0.513).
     */
    static final double MIN_GAIN_PER_COORDINATE = 0.02;
    /** Floor of a complement variance, relative to the latent scale 1 (a constant column). */
    private static final double MIN_VARIANCE = 1e-6;
    private static final int FIRST_DIRECTIONS = 32;

    private SubspaceChoice() {}

    /** What was chosen and why (log-likelihoods in nats per held-out row). */
    /**
     * @param splitHeldOut the split candidate's log-likelihoods (latent units) of the reservoir's last
     *                     quarter, rows {@link #heldOutFrom} on, from a fit that never saw them; null
     *                     when no candidate was fitted
     */
    public record Choice(SubspaceSplit split, int bicRank, double fullLogLikelihood, double splitLogLikelihood, double standardError, String reason,
                         double[] splitHeldOut) {
        public String describe() {
            if (Double.isNaN(fullLogLikelihood)) return "cells see all " + split.dimension() + " coordinates (" + reason + ")";
            return String.format("%s: BIC rank %d of %d, held-out log-likelihood per row full %.3f vs split %.3f (±%.3f)%s",
                    split.isFull() ? "cells see all coordinates" : "subspace " + split.rank(), bicRank, split.dimension(),
                    fullLogLikelihood, splitLogLikelihood, standardError, reason.isEmpty() ? "" : "; " + reason);
        }
    }

    /** @param x reservoir in latent coordinates (m×d); options resolved for d */
    public static Choice choose(DMatrixRMaj x, FitOptions options) { return choose(x, options, null); }

    /**
     * As {@link #choose(DMatrixRMaj, FitOptions)}, comparing against fullCells (the best mixture in
     * every coordinate on the last quarter of x, {@link GaussianCells#chooseOnLastFold}, with the
     * planner's seed) when given; null: fitted here.
     */
    public static Choice choose(DMatrixRMaj x, FitOptions options, Supplier<GaussianCells.Choice> fullCells) {
        int m = x.numRows, d = x.numCols;
        if (d < 3 || m < 16) return full(d, d, "too few coordinates or samples to compare");
        // The last of the mixtures' cross-validation folds is the held-out part (GaussianCells:
        // fold f holds rows f·m/4 up to (f + 1)·m/4 out), so the full mixture's held-out
        // log-likelihoods of those rows come from a fit that never saw them, as the split's do
        // (only its K was picked on them, which favours the full structure).
        int trainRows = heldOutFrom(m);
        DMatrixRMaj train = rows(x, 0, trainRows), valid = rows(x, trainRows, m);
        // Directions are computed 32 at a time more until BIC's rank falls short of those computed
        // (or there are d − 1, or a quarter as many as training rows: PPCA's estimate is then noise).
        int limit = Math.min(d - 1, Math.max(1, trainRows / 4));
        PrincipalDirections directions;
        int r, computed = Math.min(limit, FIRST_DIRECTIONS);
        while (true) {
            directions = PrincipalDirections.of(train, computed, new SplittableRandom(options.seed() ^ CHECK_SALT));
            r = directions.bicRank(trainRows);
            if (r < computed || computed == limit) break;
            computed = Math.min(limit, 2 * computed);
        }
        // No flat tail at all: the complement's one shared variance is what the data reject, as
        // when columns carry noise of unequal size. The split's own complement has a variance per
        // coordinate; its BIC is asked instead (O(m·d·r) per rank, so from the first 32 on).
        for (int most = Math.min(computed, FIRST_DIRECTIONS); r >= computed && computed > 1; most = Math.min(computed, 2 * most)) {
            int perCoordinate = directions.bicRankWithDiagonalComplement(train, MIN_VARIANCE, most);
            if (perCoordinate < most) r = perCoordinate;
            else if (most == computed) break;
        }
        if (r >= computed) return full(d, r, "BIC rank " + r + " reaches the " + computed + " directions examined");

        SubspaceSplit candidate = directions.split(train, r, MIN_VARIANCE);
        long seed = options.seed() ^ CHECK_SALT;
        FitOptions inside = options.resolveForCells(r);
        GaussianCells subspaceCells = GaussianCells.choose(candidate.project(train), inside.softCellLimit(), inside.rank(), seed, null).mixture();
        GaussianCells.Choice full = fullCells != null ? fullCells.get() : GaussianCells.chooseOnLastFold(x, options.softCellLimit(), options.rank(), seed);
        double[] split = subspaceCells.logLikelihoods(candidate.project(valid));
        double[] complement = candidate.complementLogDensities(valid);
        double[] whole = java.util.Arrays.copyOfRange(full.heldOutLogLikelihoods(), trainRows, m);
        double[] difference = new double[valid.numRows];
        double fullMean = 0, splitMean = 0;
        for (int i = 0; i < difference.length; i++) {
            split[i] += complement[i];
            difference[i] = split[i] - whole[i];
            fullMean += whole[i] / difference.length;
            splitMean += split[i] / difference.length;
        }
        double[] gain = meanAndStandardError(difference);
        boolean significant = gain[0] > SIGNIFICANCE * gain[1], large = gain[0] >= MIN_GAIN_PER_COORDINATE * d;
        boolean kept = significant && large;
        String reason = String.format("%d soft cells in the subspace, %d in all coordinates%s", subspaceCells.size(), full.mixture().size(),
                !significant ? "; the split does not win by " + SIGNIFICANCE + " standard errors"
                        : !large ? String.format("; the split gains %.4f nats per coordinate, less than %.2f", gain[0] / d, MIN_GAIN_PER_COORDINATE) : "");
        // The kept split is re-estimated on the whole reservoir, at the rank chosen above.
        SubspaceSplit chosen = kept ? estimate(x, r, options) : SubspaceSplit.full(d);
        return new Choice(chosen, r, fullMean, splitMean, gain[1], reason, split);
    }

    /** The first of the m reservoir rows the choice holds out: the mixtures' last cross-validation fold. */
    public static int heldOutFrom(int m) { return (GaussianCells.FOLDS - 1) * m / GaussianCells.FOLDS; }

    /** The split of rank r estimated on the rows x: their top r principal directions and the complement's Gaussian. */
    static SubspaceSplit estimate(DMatrixRMaj x, int r, FitOptions options) {
        return PrincipalDirections.of(x, r, new SplittableRandom(options.seed() ^ CHECK_SALT)).split(x, r, MIN_VARIANCE);
    }

    private static Choice full(int d, int bicRank, String reason) {
        return new Choice(SubspaceSplit.full(d), bicRank, Double.NaN, Double.NaN, Double.NaN, reason, null);
    }

    private static double[] meanAndStandardError(double[] v) {
        double mean = 0, var = 0;
        for (double e : v) mean += e / v.length;
        for (double e : v) var += (e - mean) * (e - mean) / (v.length - 1);
        return new double[]{mean, Math.sqrt(var / v.length)};
    }

    private static DMatrixRMaj rows(DMatrixRMaj x, int from, int to) {
        DMatrixRMaj out = new DMatrixRMaj(to - from, x.numCols);
        System.arraycopy(x.data, from * x.numCols, out.data, 0, (to - from) * x.numCols);
        return out;
    }
}
