package io.scorestream.learn;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.HermiteBasis;
import io.scorestream.model.LevelModel;
import io.scorestream.model.LevelStructure;
import io.scorestream.regression.RidgeSolver;
import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;

/**
 * Chooses the cells' polynomial degree by the quantity the model is trained to make small: the
 * held-out denoising loss E‖ε̂(a·x₀ + σ·ε) − ε‖², by K-fold cross-validation of the judged rows
 * at a few check levels spread over the schedule. A candidate costs statistics and a solve per
 * fold and check level, never a refit of the data. The cells (centres, directions, scales,
 * gates) stay as planned; only the Hermite degree of each cell's polynomial changes.
 *
 * <p>Measured (QUALITY.md, "The degree by held-out denoising loss"): it helps where a cell's
 * polynomial needs a third degree (airports) and hurts where the loss, dominated by the lowest
 * noise levels, prefers degree 1 to the curvature a sphere needs; so it is an option, not the default.
 */
final class DegreeChoice {
    static final int[] CANDIDATES = {1, 2, 3};
    private static final int FOLDS = 4;
    private static final int CHECK_LEVELS = 6;
    /** Noise draws per held-out row: one draw's loss is too noisy to rank candidates on small files. */
    private static final int HELD_OUT_DRAWS = 4;
    private static final long HELD_OUT_SALT = 0x7A11_D8A7L;

    private DegreeChoice() {}

    /** The chosen degree, every candidate's mean held-out loss per coordinate and check level (NaN where not tried), and the judged row count. */
    record Choice(int degree, double[] losses, int rows) {
        String describe() {
            StringBuilder s = new StringBuilder("degree by held-out denoising loss per coordinate on " + rows + " rows:");
            for (int i = 0; i < CANDIDATES.length; i++)
                s.append(String.format(" %d: %s", CANDIDATES[i], Double.isNaN(losses[i]) ? "not tried" : String.format("%.5f", losses[i])));
            return s.append(" -> ").append(degree).toString();
        }
    }

    /**
     * @param x         the judged rows in the cells' coordinates (latent, projected on a split's subspace)
     * @param levels    the planned levels, all of the planning degree
     * @param draws     noise draws per training row (the fit's), each with weight 1/draws
     */
    static Choice choose(DMatrixRMaj x, LevelStructure[] levels, int rank, double ridge, int draws, long seed) {
        int m = x.numRows, d = x.numCols;
        int[] checks = checkLevels(levels.length);
        double[] means = new double[CANDIDATES.length];
        Arrays.fill(means, Double.NaN);
        double[][] rowLoss = new double[CANDIDATES.length][];
        for (int c = 0; c < CANDIDATES.length; c++) {
            HermiteBasis basis = new HermiteBasis(rank, CANDIDATES[c]);
            // A degree with more features than a fold has rows would fall back to the pooled affine fit everywhere.
            if (CANDIDATES[c] > 1 && CellFeatureMap.size(d, basis) * ScoreLearner.MIN_ROWS_PER_FEATURE > (double) m * draws * (FOLDS - 1) / FOLDS) break;
            rowLoss[c] = new double[m];
            for (int level : checks) addHeldOutLoss(x, withBasis(levels[level], basis), level, ridge, draws, seed, rowLoss[c]);
            double sum = 0;
            for (double v : rowLoss[c]) sum += v;
            means[c] = sum / (m * (double) checks.length * d);
        }
        int best = 0;
        for (int c = 1; c < CANDIDATES.length; c++) if (rowLoss[c] != null && means[c] < means[best]) best = c;
        return new Choice(CANDIDATES[best], means, m);
    }

    /** The level's cells with another polynomial basis. */
    static LevelStructure withBasis(LevelStructure level, HermiteBasis basis) {
        CellFeatureMap[] maps = level.features();
        CellFeatureMap[] out = new CellFeatureMap[maps.length];
        for (int c = 0; c < maps.length; c++)
            out[c] = new CellFeatureMap(maps[c].centre(), maps[c].directions(), maps[c].scales(), basis);
        return new LevelStructure(level.time(), level.partition(), out, level.gates());
    }

    /** Every level's cells with another polynomial basis (a degree chosen after the plan: the cells stay). */
    static LevelStructure[] withBasis(LevelStructure[] levels, HermiteBasis basis) {
        LevelStructure[] out = new LevelStructure[levels.length];
        for (int j = 0; j < levels.length; j++) out[j] = withBasis(levels[j], basis);
        return out;
    }

    /** Levels spread evenly over the schedule's indices, the lowest and highest included. */
    static int[] checkLevels(int count) {
        int k = Math.min(count, CHECK_LEVELS);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = k == 1 ? 0 : (int) Math.round(i * (count - 1) / (double) (k - 1));
        return out;
    }

    /** Adds to each row's entry its squared held-out noise error at one level, predicted by the fold that did not see it. */
    private static void addHeldOutLoss(DMatrixRMaj x, LevelStructure structure, int level, double ridge, int draws, long seed, double[] rowLoss) {
        int m = x.numRows, d = x.numCols;
        NoiseDraws trainNoise = new NoiseDraws(seed), heldOutNoise = new NoiseDraws(seed ^ HELD_OUT_SALT);
        LevelAccumulator.Workspace workspace = new LevelAccumulator.Workspace();
        RidgeSolver solver = new RidgeSolver(structure.featureCount(), ridge);
        double a = structure.alpha(), s = structure.sigma();
        for (int fold = 0; fold < FOLDS; fold++) {
            int held = (m - fold + FOLDS - 1) / FOLDS, trained = m - held;
            double[] train = new double[trained * d];
            long[] positions = new long[trained];
            int[] heldRows = new int[held];
            DMatrixRMaj xt = new DMatrixRMaj(held * HELD_OUT_DRAWS, d), eps = new DMatrixRMaj(held * HELD_OUT_DRAWS, d);
            int t = 0, h = 0;
            for (int i = 0; i < m; i++) {
                if (i % FOLDS != fold) {
                    System.arraycopy(x.data, i * d, train, t * d, d);
                    positions[t++] = i;
                    continue;
                }
                heldRows[h / HELD_OUT_DRAWS] = i;
                for (int r = 0; r < HELD_OUT_DRAWS; r++, h++) {
                    heldOutNoise.fill(i + r * ScoreLearner.DRAW_STRIDE, level, eps.data, h * d, d);
                    for (int j = 0; j < d; j++) xt.data[h * d + j] = a * x.data[i * d + j] + s * eps.data[h * d + j];
                }
            }
            LevelAccumulator accumulator = new LevelAccumulator(level, structure, trainNoise, 1);
            long[] shifted = new long[trained];
            for (int r = 0; r < draws; r++) {
                for (int i = 0; i < trained; i++) shifted[i] = positions[i] + r * ScoreLearner.DRAW_STRIDE;
                accumulator.absorb(train, trained, shifted, 0, 1.0 / draws, null, r == 0, workspace);
            }
            LevelModel model = accumulator.solve(solver, ridge, ScoreLearner.MIN_ROWS_PER_FEATURE / draws);
            DMatrixRMaj predicted = new DMatrixRMaj(xt.numRows, d);
            model.predictNoise(xt, predicted);
            for (int row = 0; row < xt.numRows; row++) {
                double sum = 0;
                for (int j = row * d; j < (row + 1) * d; j++) sum += (predicted.data[j] - eps.data[j]) * (predicted.data[j] - eps.data[j]);
                rowLoss[heldRows[row / HELD_OUT_DRAWS]] += sum / HELD_OUT_DRAWS;
            }
        }
    }
}
