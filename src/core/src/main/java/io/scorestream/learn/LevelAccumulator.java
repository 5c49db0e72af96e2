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
        absorb(x0, m, positions, firstPosition, rowWeight, null, null, m, shares, decay, w);
    }

    /**
     * Adds m stacked rows standing for {@code records} records (a stream's several draws of its
     * records, {@link ScoreLearner#cellRows}): row i has weight rowWeights[i] and is a draw of
     * record recordOf[i], whose place in the batch sets its age under forgetting; the statistics
     * age by the records, once.
     */
    public void absorbStacked(double[] x0, int m, long[] positions, double[] rowWeights, int[] recordOf, int records, CleanShares shares, Workspace w) {
        absorb(x0, m, positions, 0, 1, rowWeights, recordOf, records, shares, true, w);
    }

    private void absorb(double[] x0, int m, long[] positions, long firstPosition, double rowWeight, double[] rowWeights, int[] recordOf,
                        int records, CleanShares shares, boolean decay, Workspace w) {
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
            double factor = Math.pow(forgetting, records);
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
                double weight = (rowWeights == null ? rowWeight : rowWeights[i]) * w.share[pair]
                        * (forgetting == 1 ? 1 : Math.pow(forgetting, records - 1 - (recordOf == null ? i : recordOf[i])));
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
     * Solves every cell. A cell with fewer than minRowsPerFeature·p rows is too small for its own
     * polynomial; it gets the level's pooled affine fit, re-expressed around its own centre, so a
     * tiny or empty cell gives a sensible answer instead of noise or NaN.
     */
    public LevelModel solve(CellSolver solver, double relativeRidge, double minRowsPerFeature) {
        int p = structure.featureCount(), d = structure.dimension(), k = cells.length;
        DMatrixRMaj[] w = new DMatrixRMaj[k];
        DMatrixRMaj pooled = null;
        for (int c = 0; c < k; c++) {
            w[c] = new DMatrixRMaj(p, d);
            boolean enough = cells[c].weight() >= minRowsPerFeature * p;
            if (enough && solver.solve(cells[c], w[c])) continue;
            if (pooled == null) pooled = pooledAffine(relativeRidge);
            w[c].zero();
            if (pooled != null) affineAround(pooled, structure.features()[c].centre(), w[c]);
        }
        return new LevelModel(structure, w);
    }

    /** Affine least squares in absolute coordinates [1, x] from all cells' affine blocks. */
    private DMatrixRMaj pooledAffine(double ridge) {
        int d = structure.dimension(), q = d + 1;
        DMatrixRMaj gram = new DMatrixRMaj(q, q), cross = new DMatrixRMaj(q, d);
        DMatrixRMaj shift = new DMatrixRMaj(q, q), tmp = new DMatrixRMaj(q, q), tmpCross = new DMatrixRMaj(q, d);
        for (int c = 0; c < cells.length; c++) {
            if (cells[c].weight() <= 0) continue;
            // [1, x] = M [1, x − v] with M = [[1, 0], [v, I]], v the cell's centre in x_t space.
            double[] v = structure.features()[c].centre();
            CommonOps_DDRM.setIdentity(shift);
            for (int j = 0; j < d; j++) shift.set(j + 1, 0, v[j]);
            DMatrixRMaj g = CommonOps_DDRM.extract(cells[c].gram(), 0, q, 0, q);
            DMatrixRMaj b = CommonOps_DDRM.extract(cells[c].cross(), 0, q, 0, d);
            CommonOps_DDRM.mult(shift, g, tmp);
            CommonOps_DDRM.multAddTransB(tmp, shift, gram);
            CommonOps_DDRM.mult(shift, b, tmpCross);
            CommonOps_DDRM.addEquals(cross, tmpCross);
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
