package io.scorestream.features;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;

/**
 * The top-r principal directions of a set of points around a given centre, with the variance
 * along each. When there are too few points, the missing directions are filled with coordinate
 * axes of zero variance, so every cell gets a feature map of the same shape.
 */
public record PrincipalSubspace(DMatrixRMaj directions, double[] variances) {

    /** The mean of each column of points (a centre for {@link #of} over all rows). */
    public static double[] columnMeans(DMatrixRMaj points) {
        int n = points.numRows, d = points.numCols;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += points.data[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= Math.max(n, 1);
        return mean;
    }

    /** Directions (r×d, rows) of the second-moment matrix of rows[] of points about centre. */
    public static PrincipalSubspace of(DMatrixRMaj points, int[] rows, int count, double[] centre, int rank) {
        int d = points.numCols;
        DMatrixRMaj moment = new DMatrixRMaj(d, d);
        double[] diff = new double[d];
        for (int i = 0; i < count; i++) {
            int base = rows[i] * d;
            for (int j = 0; j < d; j++) diff[j] = points.data[base + j] - centre[j];
            for (int a = 0; a < d; a++) {
                double va = diff[a];
                int row = a * d;
                for (int b = a; b < d; b++) moment.data[row + b] += va * diff[b];
            }
        }
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++) {
                double v = count > 0 ? moment.data[a * d + b] / count : 0;
                moment.data[a * d + b] = v;
                moment.data[b * d + a] = v;
            }
        return count > 0 ? ofMoment(moment, rank) : ofMoment(null, rank, d);
    }

    /** Top-r eigenvectors (as rows) and eigenvalues of a symmetric d×d second-moment matrix. */
    public static PrincipalSubspace ofMoment(DMatrixRMaj moment, int rank) { return ofMoment(moment, rank, moment.numRows); }

    private static PrincipalSubspace ofMoment(DMatrixRMaj moment, int rank, int d) {
        DMatrixRMaj directions = new DMatrixRMaj(rank, d);
        double[] variances = new double[rank];
        if (rank == 0) return new PrincipalSubspace(directions, variances);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        Integer[] order = new Integer[d];
        double[] values = new double[d];
        boolean ok = moment != null && eig.decompose(moment);
        for (int j = 0; j < d; j++) {
            order[j] = j;
            values[j] = ok ? eig.getEigenvalue(j).getReal() : 0;
        }
        Arrays.sort(order, (p, q) -> Double.compare(values[q], values[p]));
        for (int k = 0; k < rank; k++) {
            int j = order[k];
            if (ok) {
                DMatrixRMaj v = eig.getEigenVector(j);
                for (int c = 0; c < d; c++) directions.set(k, c, v.get(c));
                variances[k] = Math.max(0, values[j]);
            } else {
                directions.set(k, k, 1);
            }
        }
        return new PrincipalSubspace(directions, variances);
    }
}
