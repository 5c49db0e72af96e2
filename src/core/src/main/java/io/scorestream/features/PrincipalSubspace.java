package io.scorestream.features;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;

import java.util.Arrays;
import java.util.SplittableRandom;

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

    private static final int OVERSAMPLING = 10;
    private static final int POWER_PASSES = 4;
    private static final int WARM_OVERSAMPLING = 4;

    /**
     * Top-rank eigenvectors (as rows) and eigenvalues of scale·AᵀA for the rows A (m×d), by
     * randomized subspace iteration (Halko, Martinsson and Tropp 2011, algorithm 4.4 with a
     * Rayleigh–Ritz step): O(m·d·(rank + 10)) per pass and never a d×d matrix.
     */
    public static PrincipalSubspace ofRows(DMatrixRMaj a, double scale, int rank, SplittableRandom rng) {
        return ofRows(a, scale, rank, null, rng);
    }

    /**
     * As {@link #ofRows(DMatrixRMaj, double, int, SplittableRandom)}, started from the rows of start
     * (a previous estimate, e.g. the last EM step's directions; null: random) with a few random
     * directions beside them, and one power pass instead of four: an iteration that refines its own
     * directions step by step (EM) needs no more.
     */
    public static PrincipalSubspace ofRows(DMatrixRMaj a, double scale, int rank, DMatrixRMaj start, SplittableRandom rng) {
        int m = a.numRows, d = a.numCols;
        if (rank < 1 || rank > d) throw new IllegalArgumentException("asked for " + rank + " directions of dimension " + d);
        int width = Math.min(d, rank + (start == null ? OVERSAMPLING : WARM_OVERSAMPLING));
        DMatrixRMaj q = new DMatrixRMaj(d, width);
        for (int i = 0; i < q.data.length; i++) q.data[i] = rng.nextGaussian();
        if (start != null)
            for (int k = 0; k < Math.min(rank, start.numRows); k++) for (int j = 0; j < d; j++) q.data[j * width + k] = start.data[k * d + j];
        q = orthonormalColumns(q);
        DMatrixRMaj y = new DMatrixRMaj(m, width), z = new DMatrixRMaj(d, width);
        for (int pass = 0; pass < (start == null ? POWER_PASSES : 1); pass++) {
            CommonOps_DDRM.mult(a, q, y);
            CommonOps_DDRM.multTransA(a, y, z);
            q = orthonormalColumns(z);
        }
        CommonOps_DDRM.mult(a, q, y);
        DMatrixRMaj small = new DMatrixRMaj(width, width);
        CommonOps_DDRM.multTransA(y, y, small);
        CommonOps_DDRM.scale(scale, small);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(width, true, true);
        if (!eig.decompose(small)) throw new IllegalStateException("eigen-decomposition of the projected moment failed");
        Integer[] order = new Integer[width];
        for (int j = 0; j < width; j++) order[j] = j;
        Arrays.sort(order, (p, o) -> Double.compare(eig.getEigenvalue(o).getReal(), eig.getEigenvalue(p).getReal()));
        double[] values = new double[rank];
        DMatrixRMaj w = new DMatrixRMaj(width, rank);
        for (int c = 0; c < rank; c++) {
            values[c] = Math.max(0, eig.getEigenvalue(order[c]).getReal());
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            for (int row = 0; row < width; row++) w.set(row, c, v.get(row));
        }
        DMatrixRMaj vectors = new DMatrixRMaj(d, rank);
        CommonOps_DDRM.mult(q, w, vectors);
        return new PrincipalSubspace(CommonOps_DDRM.transpose(vectors, null), values);
    }

    /**
     * An orthonormal basis of a's columns' span, completed to a.numCols columns. EJML's Householder QR
     * refuses a matrix whose columns are dependent (a constant column, a column that is the sum of
     * two others: the subspace iteration's image then has lower rank than its width), so such a
     * matrix goes through Gram–Schmidt, where a dependent column is replaced by the coordinate axis
     * farthest from the basis so far.
     */
    static DMatrixRMaj orthonormalColumns(DMatrixRMaj a) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(a.numRows, a.numCols);
        if (qr.decompose(a.copy())) return qr.getQ(null, true);
        return gramSchmidt(a);
    }

    private static DMatrixRMaj gramSchmidt(DMatrixRMaj a) {
        int d = a.numRows, w = a.numCols;
        DMatrixRMaj q = new DMatrixRMaj(d, w);
        double[] v = new double[d];
        for (int c = 0; c < w; c++) {
            double norm = 0;
            for (int i = 0; i < d; i++) { v[i] = a.get(i, c); norm = Math.max(norm, Math.abs(v[i])); }
            if (!(norm > 0) || !Double.isFinite(norm) || residual(q, c, v) <= 1e-10 * norm) {
                int axis = farthestAxis(q, c);
                Arrays.fill(v, 0);
                v[axis] = 1;
                residual(q, c, v);
            }
            double length = 0;
            for (double x : v) length += x * x;
            length = Math.sqrt(length);
            for (int i = 0; i < d; i++) q.set(i, c, v[i] / length);
        }
        return q;
    }

    /** Removes from v (twice, for accuracy) its parts along q's first c columns; v's largest remaining entry. */
    private static double residual(DMatrixRMaj q, int c, double[] v) {
        for (int pass = 0; pass < 2; pass++)
            for (int k = 0; k < c; k++) {
                double dot = 0;
                for (int i = 0; i < v.length; i++) dot += q.get(i, k) * v[i];
                for (int i = 0; i < v.length; i++) v[i] -= dot * q.get(i, k);
            }
        double max = 0;
        for (double x : v) max = Math.max(max, Math.abs(x));
        return max;
    }

    /** The coordinate axis with the least of its length inside the span of q's first c columns. */
    private static int farthestAxis(DMatrixRMaj q, int c) {
        int best = 0;
        double bestInside = Double.POSITIVE_INFINITY;
        for (int i = 0; i < q.numRows; i++) {
            double inside = 0;
            for (int k = 0; k < c; k++) inside += q.get(i, k) * q.get(i, k);
            if (inside < bestInside) { bestInside = inside; best = i; }
        }
        return best;
    }

    /**
     * From this dimension up, {@link #ofMoment} finds only the top directions ({@link TopEigenpairs});
     * below it, EJML's full decomposition, which a microbenchmark of rank 4 found as fast (both
     * about 10 µs at d = 10; at d = 64 the top four alone took a third to four fifths of the time,
     * from run to run) and which keeps the models of low-dimensional data bit for bit as they were
     * (PERFORMANCE.md §48).
     */
    public static final int TOP_ONLY_DIMENSION = 16;

    /** Top-r eigenvectors (as rows) and eigenvalues of a symmetric d×d second-moment matrix. */
    public static PrincipalSubspace ofMoment(DMatrixRMaj moment, int rank) {
        int d = moment.numRows;
        return ofMoment(moment, rank, d >= TOP_ONLY_DIMENSION && rank > 0 ? new TopEigenpairs(d) : null);
    }

    /**
     * As {@link #ofMoment(DMatrixRMaj, int)}, with a solver of the moment's dimension to reuse
     * (null below {@link #TOP_ONLY_DIMENSION}): for a caller that decomposes many moments.
     */
    public static PrincipalSubspace ofMoment(DMatrixRMaj moment, int rank, TopEigenpairs solver) {
        int d = moment.numRows;
        if (solver == null || rank == 0) return ofMoment(moment, rank, d);
        if (solver.dimension() != d) throw new IllegalArgumentException("a solver of dimension " + solver.dimension() + " for a " + d + "×" + d + " moment");
        DMatrixRMaj directions = new DMatrixRMaj(rank, d);
        double[] variances = new double[rank];
        if (solver.decompose(moment.data, rank, variances, directions.data)) {
            for (int k = 0; k < rank; k++) variances[k] = Math.max(0, variances[k]);
        } else {
            directions.zero();
            java.util.Arrays.fill(variances, 0);
            for (int k = 0; k < rank; k++) directions.set(k, k, 1);
        }
        return new PrincipalSubspace(directions, variances);
    }

    /** A solver for {@link #ofMoment(DMatrixRMaj, int, TopEigenpairs)} of dimension d, null where EJML's full decomposition serves. */
    public static TopEigenpairs solverFor(int d) { return d >= TOP_ONLY_DIMENSION ? new TopEigenpairs(d) : null; }

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
