package io.scorestream.learn;

import io.scorestream.model.SubspaceSplit;
import io.scorestream.partition.GaussianCells;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

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
 *       it is also asked of the columns scaled to unit noise (unequal noise across columns is not
 *       structure), whose rank is taken where plain PPCA finds no flat tail below every direction
 *       examined, or where BIC prefers the scaled columns; from that rank the split's is searched
 *       upwards, doubling while the split's density of the last quarter rises (BIC charges a
 *       direction d parameters under one Gaussian, and at d = 785 stops before the cells do);</li>
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
            if (Double.isNaN(fullLogLikelihood))
                return (split.isFull() ? "cells see all " + split.dimension() + " coordinates" : "subspace " + split.rank() + " of " + split.dimension()) + " (" + reason + ")";
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
        int limit = Math.min(d - 1, Math.max(1, trainRows / 4));
        Ranked ranked = bicRank(train, limit, options.seed());
        PrincipalDirections directions = ranked.directions();
        int r = ranked.rank(), computed = ranked.examined();
        // PPCA's noise is one variance shared by every column; columns of unequal noise (sensors of
        // unequal gain, standardised) are not structure, but PPCA spends directions on them: five
        // factors seen through 40 such columns found no flat tail below 39 directions, and ten
        // through 100 a tail only after 58 (C2ST 0.549 against a floor of 0.509, `fit` 36 s). So
        // PPCA is also asked of the columns scaled to unit noise, each column's noise estimated as
        // the variance the other columns leave unexplained, 1/(C⁻¹)ⱼⱼ (factor analysis's usual
        // start), and its rank is taken where PPCA finds no tail, or where BIC prefers it: the two
        // likelihoods in the same coordinates (the scaling's Jacobian), d more parameters for the scales.
        // With no more rows than columns every column is fitted exactly by the others, so no noise is
        // left to estimate (the covariance is singular) and the scaled columns are skipped: at 100
        // rows of 3 000 columns their d×d inverse was 80 of the fit's 84 s.
        double[] logScales = new double[1];
        Ranked scaled = train.numRows > d ? bicRank(scaledToUnitNoise(train, logScales), limit, options.seed()) : null;
        double plainBic = directions.bic(trainRows).score();
        double scaledBic = scaled == null ? Double.NaN : scaled.directions().bic(trainRows).score() - 2 * trainRows * logScales[0] + d * Math.log(trainRows);
        String rankSource = "";
        boolean fromScaled = scaled != null && scaled.rank() < scaled.examined() && scaled.rank() != r && (r >= computed || scaledBic < plainBic);
        if (fromScaled) {
            rankSource = String.format("rank from the columns scaled to unit noise (PPCA's rank %s, BIC %.0f against %.0f); ",
                    r >= computed ? "beyond the " + computed + " directions examined" : Integer.toString(r), scaledBic, plainBic);
            r = scaled.rank();
        } else if (r >= computed) {
            return full(d, r, "BIC rank " + r + " reaches the " + computed + " directions examined");
        }

        // The rank the split is cut at is then the held-out rows' too: BIC's rank, then twice it,
        // and so on while the split's held-out density rises. PPCA's BIC charges a direction d
        // parameters and judges one Gaussian, so on 785-column MNIST it stops at 35 directions
        // where the soft cells in the subspace still gain at 70 (QUALITY.md, "The split's rank by
        // held-out likelihood").
        // The split is cut from the plain directions, so there must be as many as its rank: a scaled
        // rank can be beyond those the plain search examined (785-column MNIST: scaled 35, plain
        // tail below 32), which used to send the fit to the slowest, all-coordinate path.
        long seed = options.seed() ^ CHECK_SALT;
        directions = atLeast(directions, train, r, options.seed());
        Candidate best = Candidate.at(directions, train, valid, r, options, seed);
        String ranks = best.describe();
        for (int next = Math.min(limit, 2 * best.rank()); next > best.rank(); next = Math.min(limit, 2 * best.rank())) {
            directions = atLeast(directions, train, next, options.seed());
            Candidate c = Candidate.at(directions, train, valid, next, options, seed);
            ranks += ", " + c.describe();
            if (!(c.mean() > best.mean())) break;
            best = c;
        }
        if (best.rank() != r) rankSource += "held-out log-likelihood per row of the split at rank " + ranks + "; ";
        int bicRank = r;
        r = best.rank();
        GaussianCells subspaceCells = best.cells();
        GaussianCells.Choice full = fullCells != null ? fullCells.get() : GaussianCells.chooseOnLastFold(x, options.softCellLimit(), options.rank(), seed);
        double[] split = best.heldOut();
        double[] whole = java.util.Arrays.copyOfRange(full.heldOutLogLikelihoods(), trainRows, m);
        double[] difference = new double[valid.numRows];
        double fullMean = 0, splitMean = 0;
        for (int i = 0; i < difference.length; i++) {
            difference[i] = split[i] - whole[i];
            fullMean += whole[i] / difference.length;
            splitMean += split[i] / difference.length;
        }
        double[] gain = meanAndStandardError(difference);
        boolean significant = gain[0] > SIGNIFICANCE * gain[1], large = gain[0] >= MIN_GAIN_PER_COORDINATE * d;
        boolean kept = significant && large;
        String reason = String.format("%s%d soft cells in the subspace, %d in all coordinates%s", rankSource, subspaceCells.size(), full.mixture().size(),
                !significant ? "; the split does not win by " + SIGNIFICANCE + " standard errors"
                        : !large ? String.format("; the split gains %.4f nats per coordinate, less than %.2f", gain[0] / d, MIN_GAIN_PER_COORDINATE) : "");
        // The kept split is re-estimated on the whole reservoir, at the rank chosen above.
        SubspaceSplit chosen = kept ? estimate(x, r, options) : SubspaceSplit.full(d);
        return new Choice(chosen, bicRank, fullMean, splitMean, gain[1], reason, split);
    }

    /** These directions when at least k were computed, else the top k of the rows computed afresh (the same seed as the rank search's). */
    private static PrincipalDirections atLeast(PrincipalDirections directions, DMatrixRMaj rows, int k, long seed) {
        return directions.count() >= k ? directions : PrincipalDirections.of(rows, k, new SplittableRandom(seed ^ CHECK_SALT));
    }

    /** A split cut at one rank, its soft cells fitted on the training rows, and its log-likelihoods of the held-out rows. */
    private record Candidate(int rank, GaussianCells cells, double[] heldOut, double mean) {
        static Candidate at(PrincipalDirections directions, DMatrixRMaj train, DMatrixRMaj valid, int rank, FitOptions options, long seed) {
            SubspaceSplit split = directions.split(train, rank, MIN_VARIANCE);
            FitOptions inside = options.resolveForCells(rank);
            GaussianCells cells = GaussianCells.choose(split.project(train), inside.softCellLimit(), inside.rank(), seed, null).mixture();
            double[] heldOut = cells.logLikelihoods(split.project(valid)), complement = split.complementLogDensities(valid);
            double mean = 0;
            for (int i = 0; i < heldOut.length; i++) {
                heldOut[i] += complement[i];
                mean += heldOut[i] / heldOut.length;
            }
            return new Candidate(rank, cells, heldOut, mean);
        }

        String describe() { return String.format("%d %.3f", rank, mean); }
    }

    /**
     * The rows, centred, with each column divided by the standard deviation of its noise, estimated
     * as the variance the other columns leave unexplained: 1/(C⁻¹)ⱼⱼ of the rows' covariance C (with
     * a ridge of 10⁻⁶ of the mean variance, for constant or collinear columns); the sum of the log
     * scales into logScales[0] (the map's log Jacobian per row; 0 where C cannot be inverted and
     * the rows come back only centred). O(m·d² + d³): at d = 768 on 3 072 rows within the noise of
     * the planning's 8.5 s.
     */
    static DMatrixRMaj scaledToUnitNoise(DMatrixRMaj x, double[] logScales) {
        int m = x.numRows, d = x.numCols;
        double[] mean = new double[d];
        for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) mean[j] += x.data[i * d + j] / m;
        DMatrixRMaj centred = new DMatrixRMaj(m, d), covariance = new DMatrixRMaj(d, d), precision = new DMatrixRMaj(d, d);
        for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) centred.data[i * d + j] = x.data[i * d + j] - mean[j];
        CommonOps_DDRM.multTransA(centred, centred, covariance);
        CommonOps_DDRM.scale(1.0 / m, covariance);
        double ridge = 1e-6 * Math.max(CommonOps_DDRM.trace(covariance) / d, 1e-300);
        for (int j = 0; j < d; j++) covariance.add(j, j, ridge);
        if (!CommonOps_DDRM.invert(covariance, precision)) return centred;
        for (int j = 0; j < d; j++) {
            double scale = Math.sqrt(precision.get(j, j));   // 1 / the noise's standard deviation
            logScales[0] += Math.log(scale);
            for (int i = 0; i < m; i++) centred.data[i * d + j] *= scale;
        }
        return centred;
    }

    /** PPCA's BIC rank of rows and the directions it was read from; rank == examined: no flat tail below them. */
    private record Ranked(PrincipalDirections directions, int rank, int examined) {}

    /**
     * Directions are computed 32 at a time more until BIC's rank falls short of those computed (or
     * there are limit: d − 1, or a quarter as many as training rows, where PPCA's estimate is noise).
     */
    private static Ranked bicRank(DMatrixRMaj rows, int limit, long seed) {
        int examined = Math.min(limit, FIRST_DIRECTIONS);
        while (true) {
            PrincipalDirections directions = PrincipalDirections.of(rows, examined, new SplittableRandom(seed ^ CHECK_SALT));
            int r = directions.bicRank(rows.numRows);
            if (r < examined || examined == limit) return new Ranked(directions, r, examined);
            examined = Math.min(limit, 2 * examined);
        }
    }

    /** The first of the m reservoir rows the choice holds out: the mixtures' last cross-validation fold. */
    public static int heldOutFrom(int m) { return (GaussianCells.FOLDS - 1) * m / GaussianCells.FOLDS; }

    /** The split of rank r estimated on the rows x: their top r principal directions and the complement's Gaussian. */
    static SubspaceSplit estimate(DMatrixRMaj x, int r, FitOptions options) {
        return PrincipalDirections.of(x, r, new SplittableRandom(options.seed() ^ CHECK_SALT)).split(x, r, MIN_VARIANCE);
    }

    /** Most columns at which a file of one-hot categories keeps its cells in every coordinate ({@link #keepingCategories}). */
    static final int MAX_CATEGORY_COORDINATES = 64;

    /**
     * As {@link #choose(DMatrixRMaj, FitOptions, Supplier)}, but no split where the columns hold
     * one-hot categories (oneHotColumns indicator columns in groups that sum to one) and there are at
     * most {@value #MAX_CATEGORY_COORDINATES} columns. A split's complement is one Gaussian,
     * independent of the cells: a category whose indicators fall there is drawn regardless of
     * everything else. On a covertype-like file (`cover.csv`, 35 columns, 24 indicators) the split
     * of rank 4 won the held-out likelihood by 0.025 nats a coordinate and lost the soil type's law
     * given the wilderness area (in the data 60 % of an area's rows are in its five soil types; in
     * the samples 21–38 %; every coordinate: 51–66 %), C2ST 0.585 against 0.546 (QUALITY.md,
     * "One-hot categories"). Above that many columns the split's cost savings stay.
     */
    static Choice keepingCategories(DMatrixRMaj x, FitOptions options, Supplier<GaussianCells.Choice> fullCells, int oneHotColumns) {
        int d = x.numCols;
        if (options.allCoordinates()) return full(d, d, "as the whole data's plan");
        int given = options.subspaceRank();
        if (given > 0 && given < d && x.numRows > given)   // the directions are these rows' own; only the rank is the plan's
            return new Choice(estimate(x, given, options), given, Double.NaN, Double.NaN, Double.NaN, "the whole data's plan's rank", null);
        if (oneHotColumns > 0 && d <= MAX_CATEGORY_COORDINATES)
            return full(d, d, oneHotColumns + " of the columns are one-hot categories, which a split's Gaussian complement would draw apart from the rest");
        return choose(x, options, fullCells);
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
