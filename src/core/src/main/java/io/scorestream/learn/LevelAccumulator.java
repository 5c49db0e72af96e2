package io.scorestream.learn;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.CellGates;
import io.scorestream.model.LevelModel;
import io.scorestream.model.LevelStructure;
import io.scorestream.partition.Partition;
import io.scorestream.regression.CellSolver;
import io.scorestream.regression.CellStatistics;
import io.scorestream.regression.RidgeSolver;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The statistics of one noise level: for each clean sample x₀ at stream position i it draws
 * z = noise(i, level), forms x_t = a·x₀ + s·z, finds x_t's cell and adds (φ(x_t), z) to that
 * cell's least squares — denoising score matching with the noise as target. A batch of m samples
 * becomes one matrix product per cell, so feeding samples one at a time or in batches gives the
 * same sums up to rounding.
 */
public final class LevelAccumulator {
    private final int level;
    private final LevelStructure structure;
    private final NoiseDraws noise;
    private final double forgetting;
    private final CellStatistics[] cells;
    private final Partition.Finder finder;
    private final CellGates.Evaluator cleanGates;   // null for Voronoi cells

    public LevelAccumulator(int level, LevelStructure structure, NoiseDraws noise, double forgetting) {
        this.level = level;
        this.structure = structure;
        this.finder = structure.partition().finder(structure.alpha());
        this.cleanGates = structure.soft() ? structure.cleanGates() : null;
        this.noise = noise;
        this.forgetting = forgetting;
        int p = structure.featureCount(), d = structure.dimension();
        this.cells = new CellStatistics[structure.cells()];
        for (int c = 0; c < cells.length; c++) cells[c] = new CellStatistics(p, d);
    }

    public LevelStructure structure() { return structure; }
    public CellStatistics cell(int c) { return cells[c]; }
    public int cellCount() { return cells.length; }

    /** Adds m standardised samples x0[0..m·d), which sit at stream positions first..first+m−1. */
    public void absorb(double[] x0, int m, long firstPosition, Workspace w) {
        absorb(x0, m, null, firstPosition, w);
    }

    /** Adds m standardised samples whose stream positions are positions[0..m) (consecutive from first when null). */
    public void absorb(double[] x0, int m, long[] positions, long firstPosition, Workspace w) {
        absorb(x0, m, positions, firstPosition, 1, null, true, w);
    }

    /**
     * Adds m standardised samples, each row with weight rowWeight (1/R when a record is drawn R
     * times), in the soft cells' shares when given (computed once for all levels that share the
     * gates), else from this level's own cells; decay says whether this call ages the statistics
     * (once per batch of records, not once per draw).
     */
    public void absorb(double[] x0, int m, long[] positions, long firstPosition, double rowWeight, CleanShares shares,
                       boolean decay, Workspace w) {
        int d = structure.dimension(), p = structure.featureCount(), k = cells.length;
        double a = structure.alpha(), s = structure.sigma();
        w.ensure(m, d, k, structure.features()[0].workLength());
        for (int i = 0; i < m; i++) {
            int base = i * d;
            noise.fill(positions == null ? firstPosition + i : positions[i], level, w.z, base, d);
            for (int j = 0; j < d; j++) w.xt[base + j] = a * x0[base + j] + s * w.z[base + j];
        }
        int pairs = cleanGates == null ? voronoiPairs(m, w) : shares != null ? shares.copyTo(w) : softPairs(x0, m, w);
        // Counting sort of the (sample, cell) pairs by cell, so each cell's rows are one block.
        java.util.Arrays.fill(w.start, 0, k + 1, 0);
        for (int i = 0; i < pairs; i++) w.start[w.cell[i] + 1]++;
        for (int c = 0; c < k; c++) w.start[c + 1] += w.start[c];
        System.arraycopy(w.start, 0, w.fill, 0, k + 1);
        for (int i = 0; i < pairs; i++) w.order[w.fill[w.cell[i]]++] = i;

        if (forgetting != 1 && decay) {
            double factor = Math.pow(forgetting, m);
            for (CellStatistics cs : cells) cs.decay(factor);
        }
        CellFeatureMap[] maps = structure.features();
        w.ensureRows(m, p, d);
        double[][] phi = w.phi, target = w.target;
        for (int c = 0; c < k; c++) {
            int rows = w.start[c + 1] - w.start[c];
            if (rows == 0) continue;
            double totalWeight = 0;
            for (int r = 0; r < rows; r++) {
                int pair = w.order[w.start[c] + r], i = w.sample[pair];
                double[] phiRow = phi[r], targetRow = target[r];
                maps[c].map(w.xt, i * d, phiRow, 0, w.featureWork);
                System.arraycopy(w.z, i * d, targetRow, 0, d);
                double weight = rowWeight * w.share[pair] * (forgetting == 1 ? 1 : Math.pow(forgetting, m - 1 - i));
                if (weight != 1) {
                    double root = Math.sqrt(weight);
                    for (int q = 0; q < p; q++) phiRow[q] *= root;
                    for (int q = 0; q < d; q++) targetRow[q] *= root;
                }
                totalWeight += weight;
            }
            cells[c].add(phi, target, rows, totalWeight);
        }
    }

    /** Each noisy sample in its nearest centre's cell, with weight 1. */
    private int voronoiPairs(int m, Workspace w) {
        finder.assign(w.xt, m, w.cell, w.finderWork);
        for (int i = 0; i < m; i++) { w.sample[i] = i; w.share[i] = 1; }
        return m;
    }

    /** Each clean sample in every cell where its responsibility is at least the cutoff, weighted by it. */
    private int softPairs(double[] x0, int m, Workspace w) {
        return CleanShares.compute(cleanGates, x0, m, structure.dimension(), cells.length, w.cleanShares).copyTo(w);
    }

    /**
     * Solves every cell: its own polynomial where Mallows' Cp expects it to predict the noise better
     * than the level's pooled affine fit (re-expressed around the cell's centre), else that pooled
     * fit. A cell with no more rows than features, or whose solve fails, gets the pooled fit too, so
     * a tiny or empty cell gives a sensible answer instead of noise or NaN. The choice is made from
     * the cell's sums alone, so a stream and a batch learner of the same records choose alike,
     * whatever their noise draws per record.
     */
    public LevelModel solve(CellSolver solver, double relativeRidge) {
        int p = structure.featureCount(), d = structure.dimension(), k = cells.length;
        DMatrixRMaj[] w = new DMatrixRMaj[k];
        DMatrixRMaj pooled = pooledAffine(relativeRidge), pooledHere = new DMatrixRMaj(p, d);
        for (int c = 0; c < k; c++) {
            w[c] = new DMatrixRMaj(p, d);
            CellStatistics cell = cells[c];
            boolean own = cell.rows() > p && solver.solve(cell, w[c]);
            pooledHere.zero();
            if (pooled != null) affineAround(pooled, structure.features()[c].centre(), pooledHere);
            if (own && (pooled == null || ownPays(cell, w[c], pooledHere))) continue;
            w[c].setTo(pooledHere);
        }
        return new LevelModel(structure, w);
    }

    /**
     * Mallows' Cp for a cell's own fit against the pooled one: the own fit wins where it lowers the
     * cell's weighted residual Σw‖z − Wᵀφ‖² by more than its optimism, 2σ²·(p·d)·w̄, with w̄ the
     * cell's mean row weight (1/draws times its soft shares) and σ² the own fit's residual variance.
     * The pooled fit draws on every cell's rows, so its optimism on one cell is left out. Under a
     * forgetting factor w̄ (decayed weight over rows ever absorbed) is low, which favours own fits.
     */
    private static boolean ownPays(CellStatistics cell, DMatrixRMaj own, DMatrixRMaj pooled) {
        int p = own.numRows, d = own.numCols;
        double ownResidual = residual(cell, own), gain = residual(cell, pooled) - ownResidual;
        double rowWeight = cell.weight() / cell.rows(), spare = cell.weight() - rowWeight * p;
        if (spare <= 0) return false;
        double variance = ownResidual / (d * spare);
        return gain > 2 * variance * rowWeight * p * d;
    }

    /** Σw‖z − Wᵀφ‖² of a cell's rows from its sums: Σw‖z‖² − 2⟨W, B⟩ + ⟨W, GW⟩. */
    static double residual(CellStatistics cell, DMatrixRMaj coefficients) {
        int p = coefficients.numRows, d = coefficients.numCols;
        double[] c = coefficients.data;
        double r = cell.sumSquares();
        for (int i = 0; i < p; i++)
            for (int o = 0; o < d; o++) {
                double gw = 0;
                for (int j = 0; j < p; j++) gw += cell.gramAt(i, j) * c[j * d + o];
                r += c[i * d + o] * (gw - 2 * cell.crossAt(i, o));
            }
        return r;
    }

    /**
     * Affine least squares in absolute coordinates [1, x] from all cells' affine blocks. With
     * [1, x] = M·[1, x − v], M = [[1, 0], [v, I]] (v the cell's centre), a cell's block G becomes
     * M·G·Mᵀ: [[g₀₀, g₀₀vᵀ + g₀ᵀ], [g₀₀v + g₀, Gₓₓ + v·g₀ᵀ + g₀·vᵀ + g₀₀·v·vᵀ]], and B becomes
     * [b₀; Bₓ + v·b₀] — O(d²) a cell.
     */
    private DMatrixRMaj pooledAffine(double ridge) {
        int d = structure.dimension(), q = d + 1;
        DMatrixRMaj gram = new DMatrixRMaj(q, q), cross = new DMatrixRMaj(q, d);
        for (int c = 0; c < cells.length; c++) {
            CellStatistics cell = cells[c];
            if (cell.weight() <= 0) continue;
            double[] v = structure.features()[c].centre();
            double g00 = cell.gramAt(0, 0);
            gram.add(0, 0, g00);
            for (int i = 0; i < d; i++) {
                double gi0 = cell.gramAt(i + 1, 0), side = g00 * v[i] + gi0;
                gram.add(i + 1, 0, side);
                gram.add(0, i + 1, side);
                for (int j = 0; j < d; j++)
                    gram.add(i + 1, j + 1, cell.gramAt(i + 1, j + 1) + v[i] * cell.gramAt(j + 1, 0) + gi0 * v[j] + g00 * v[i] * v[j]);
            }
            for (int o = 0; o < d; o++) {
                double b0 = cell.crossAt(0, o);
                cross.add(0, o, b0);
                for (int i = 0; i < d; i++) cross.add(i + 1, o, cell.crossAt(i + 1, o) + v[i] * b0);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(q, d);
        return new RidgeSolver(q, ridge).solve(gram, cross, out) ? out : null;
    }

    /** Writes the pooled fit as coefficients on [1, x − v, hermite...] (Hermite rows stay zero). */
    private static void affineAround(DMatrixRMaj pooled, double[] v, DMatrixRMaj w) {
        int d = v.length;
        for (int o = 0; o < d; o++) {
            double intercept = pooled.get(0, o);
            for (int j = 0; j < d; j++) intercept += v[j] * pooled.get(j + 1, o);
            w.set(0, o, intercept);
            for (int j = 0; j < d; j++) w.set(j + 1, o, pooled.get(j + 1, o));
        }
    }

    /** Per-thread scratch space, grown on demand and reused across batches and levels. */
    public static final class Workspace {
        double[] z = new double[0], xt = new double[0], featureWork = new double[0];
        final Partition.Scratch finderWork = new Partition.Scratch();
        // (sample, cell, share) pairs: one per sample for Voronoi cells, up to K for soft cells.
        int[] cell = new int[0], sample = new int[0], order = new int[0], start = new int[1], fill = new int[1];
        double[] share = new double[0];
        final CleanShares cleanShares = new CleanShares();
        // Φ and the targets as arrays of rows, the layout GramKernel vectorises.
        double[][] phi = new double[0][], target = new double[0][];

        void ensure(int m, int d, int k, int featureWorkSize) {
            if (z.length < m * d) { z = new double[m * d]; xt = new double[m * d]; }
            if (cell.length < m) growPairs(m);
            if (start.length < k + 1) { start = new int[k + 1]; fill = new int[k + 1]; }
            if (featureWork.length < featureWorkSize) featureWork = new double[featureWorkSize];
        }

        void ensurePairs(int pairs) {
            if (cell.length < pairs) growPairs(pairs);
        }

        private void growPairs(int n) {
            cell = new int[n]; sample = new int[n]; order = new int[n]; share = new double[n];
        }

        void ensureRows(int m, int p, int d) {
            if (phi.length < m || (m > 0 && (phi[0].length != p || target[0].length != d))) {
                phi = new double[Math.max(m, phi.length)][p];
                target = new double[phi.length][d];
            }
        }
    }
}
