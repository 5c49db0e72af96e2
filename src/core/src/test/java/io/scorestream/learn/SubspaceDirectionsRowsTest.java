package io.scorestream.learn;

import io.scorestream.columns.ColumnOptions;
import io.scorestream.columns.Columns;
import io.scorestream.data.Dataset;
import io.scorestream.data.Datasets;
import io.scorestream.mixture.GaussianMixture;
import io.scorestream.model.ModelStructure;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A kept split's directions are estimated on the judged rows when the planner has more of them than
 * the reservoir: from few rows the top directions mix in the complement's noise (at d = 768 from
 * 4 096 rows enough to make the samples too narrow, QUALITY.md). Without a split there are no
 * directions: the number of cells stays the reservoir's choice (the cells themselves are estimated
 * again on the judged rows since, StructurePlannerSoftCellsTest).
 */
class SubspaceDirectionsRowsTest {

    @Test
    void aKeptSplitsDirectionsComeFromTheJudgedRowsAndCaptureMoreOfTheTruth() {
        Dataset data = Datasets.generate("embed64", 8192, 3);
        DMatrixRMaj all = data.samples();
        DMatrixRMaj reservoir = Fitter.reservoir(all, 1024, 1);
        Columns columns = Columns.learn(all, ColumnOptions.PLAIN);
        FitOptions options = FitOptions.defaults().withLevels(8).withSeed(1).resolve(64, all.numRows);
        ModelStructure fromReservoir = StructurePlanner.plan(reservoir, reservoir, columns, options, null);
        ModelStructure fromJudged = StructurePlanner.plan(reservoir, all, columns, options, null);
        int r = fromReservoir.split().rank();
        assertTrue(r < 64, "embed64 keeps a subspace");
        assertEquals(r, fromJudged.split().rank(), "the rank is the reservoir's choice either way");

        // The truth's covariance in the standardised coordinates the split lives in; its top r
        // eigenvalues are the most variance any r directions can hold.
        double[] mean = new double[64], scale = new double[64];
        for (int j = 0; j < 64; j++) { mean[j] = columns.transform(j).mean(); scale[j] = columns.transform(j).scale(); }
        DMatrixRMaj sigma = totalCovariance(data.truth().standardised(mean, scale));
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(64, false, true);
        assertTrue(eig.decompose(sigma.copy()));
        double[] values = new double[64];
        for (int i = 0; i < 64; i++) values[i] = eig.getEigenvalue(i).real;
        Arrays.sort(values);
        double best = 0;
        for (int i = 0; i < r; i++) best += values[63 - i];
        double few = captured(fromReservoir.split().basis(), sigma) / best, many = captured(fromJudged.split().basis(), sigma) / best;
        assertTrue(many > few, "share of the best r directions' variance: from 1 024 rows " + few + ", from 8 192 rows " + many);
        assertTrue(1 - many < 0.5 * (1 - few), "8 × the rows should at least halve the variance missed: " + few + " → " + many);
    }

    @Test
    void withoutASplitTheJudgedRowsKeepTheReservoirsCellCount() {
        DMatrixRMaj all = Datasets.generate("many12", 8192, 3).samples();
        DMatrixRMaj reservoir = Fitter.reservoir(all, 2048, 1);
        Columns columns = Columns.learn(all, ColumnOptions.PLAIN);
        FitOptions options = FitOptions.defaults().withLevels(8).withSeed(1).resolve(12, all.numRows);
        ModelStructure a = StructurePlanner.plan(reservoir, reservoir, columns, options, null);
        ModelStructure b = StructurePlanner.plan(reservoir, all, columns, options, null);
        assertTrue(a.split().isFull() && b.split().isFull());
        assertTrue(a.level(0).cells() > 1, "many12 plans several cells");
        for (int j = 0; j < a.levelCount(); j++) assertEquals(a.level(j).cells(), b.level(j).cells(), "level " + j);
    }

    /** Σ_k w_k (Σ_k + μ_k μ_kᵀ) − μ̄ μ̄ᵀ. */
    private static DMatrixRMaj totalCovariance(GaussianMixture g) {
        int d = g.dimension();
        double[][][] cov = g.covariances();
        double[] centre = new double[d];
        for (int k = 0; k < g.size(); k++) for (int j = 0; j < d; j++) centre[j] += g.weight(k) * g.mean(k)[j];
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        for (int k = 0; k < g.size(); k++) {
            double[] mu = g.mean(k);
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) s.add(a, b, g.weight(k) * (cov[k][a][b] + (mu[a] - centre[a]) * (mu[b] - centre[b])));
        }
        return s;
    }

    /** trace(U Σ Uᵀ) for the r × d basis U. */
    private static double captured(DMatrixRMaj u, DMatrixRMaj sigma) {
        int d = sigma.numCols;
        double total = 0;
        for (int a = 0; a < u.numRows; a++)
            for (int i = 0; i < d; i++) {
                double row = 0;
                for (int j = 0; j < d; j++) row += sigma.get(i, j) * u.get(a, j);
                total += u.get(a, i) * row;
            }
        return total;
    }
}
