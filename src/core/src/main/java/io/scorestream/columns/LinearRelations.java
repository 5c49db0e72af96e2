package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact linear relations among a model's columns, found in the data and kept on output: a total
 * that is the sum of its parts, proportions that sum to one, a column that repeats another. The
 * cells learn such a relation only to within their error (proportions summing to 1.0003 ± 0.0026
 * where the data sums to exactly one), which anyone adding up a generated record sees.
 *
 * <p>A relation is a combination of the standardised columns, z = (x − centre) / scale, whose
 * variance over the planning rows is at most {@value #EXACT_VARIANCE} (a spread of a thousandth of
 * a column's): the eigenvectors of their correlation matrix at such eigenvalues. Rounding to the
 * printed decimals leaves some 10⁻¹¹ (proportions with six decimals) to 10⁻⁸ (a total in whole
 * dollars of parts in cents). Columns tied by no formula can come near it in a small sample's
 * correlations, so a relation must also hold on rows it was not found on ({@link #find}). The
 * relations are orthonormal, so {@link #project} is the orthogonal projection, in standardised
 * units, onto the rows where every relation holds as in the data. Constant columns take no part
 * (their type holds them).
 *
 * <p>The basis is count × d, row-major: each relation's coefficients on the standardised columns.
 */
public final class LinearRelations {
    /** Largest variance of a standardised combination that is a relation, not a correlation. */
    static final double EXACT_VARIANCE = 1e-6;
    /** Above this many columns relations are not looked for (an eigen-decomposition of d × d). */
    static final int MAX_DIMENSION = 256;
    /** Rows the correlations are read off (the first ones: a planner's rows are in random order). */
    static final int MAX_ROWS = 4096;

    private final double[] centre, scale, basis;
    private final int count;
    private final Echelon echelon;
    private final int[][] composition;   // per relation, its parts where it is a composition (close); else null

    public LinearRelations(double[] centre, double[] scale, double[] basis, int count) {
        if (scale.length != centre.length || basis.length != count * centre.length)
            throw new IllegalArgumentException("relations of " + count + " over " + centre.length + " columns, basis of " + basis.length);
        this.centre = centre.clone();
        this.scale = scale.clone();
        this.basis = basis.clone();
        this.count = count;
        this.echelon = echelon();
        this.composition = compositions();
    }

    public double[] centre() { return centre.clone(); }
    public double[] scale() { return scale.clone(); }
    public double[] basis() { return basis.clone(); }
    public int count() { return count; }

    /** Whether column j takes part in a relation (has a coefficient in one). */
    public boolean involves(int j) {
        int d = centre.length;
        for (int r = 0; r < count; r++) if (Math.abs(basis[r * d + j]) > 1e-9) return true;
        return false;
    }

    public static LinearRelations none(int dimension) {
        return new LinearRelations(new double[dimension], new double[dimension], new double[0], 0);
    }

    public int dimension() { return centre.length; }

    public boolean isEmpty() { return count == 0; }

    /**
     * The relations the rows hold (the first {@value #MAX_ROWS} of them), each one that the first
     * half's correlations show held out on the second half too: with few rows in many columns the
     * smallest eigenvalue of a sample's correlations is biased low, and a time series' near-relation
     * (macrodata, 50 rows in 14 columns: 8·10⁻⁷ in-sample, 10⁻⁴ on the whole) looks exact in one
     * half and not in the other. None with fewer than twice the varying columns, plus two, in each
     * half, or more than {@value #MAX_DIMENSION} columns.
     */
    public static LinearRelations find(DMatrixRMaj rows) {
        int n = Math.min(rows.numRows, MAX_ROWS), d = rows.numCols, half = n / 2;
        Spectrum first = Spectrum.of(rows, 0, half);
        if (first == null) return none(d);
        int held = 0;
        for (double[] v : first.smallest) if (first.variance(v, rows, half, n) <= EXACT_VARIANCE) held++;
        if (held == 0) return none(d);
        Spectrum all = Spectrum.of(rows, 0, n);
        if (all == null) return none(d);
        int count = Math.min(held, all.smallest.size());
        double[] basis = new double[count * d];
        for (int r = 0; r < count; r++) System.arraycopy(all.smallest.get(r), 0, basis, r * d, d);
        return count == 0 ? none(d) : new LinearRelations(all.centre, all.scale, basis, count);
    }

    /**
     * Rows from..to standardised, and the eigenvectors of their correlation matrix at eigenvalues
     * at most {@value #EXACT_VARIANCE}, smallest first, orthonormal, as rows over all d columns
     * (zero on constant ones); null when the rows are too few for the varying columns.
     */
    private record Spectrum(double[] centre, double[] scale, List<double[]> smallest) {
        static Spectrum of(DMatrixRMaj rows, int from, int to) {
            int n = to - from, d = rows.numCols;
            double[] centre = new double[d], scale = new double[d];
            List<Integer> varying = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                double mean = 0, squares = 0;
                for (int i = from; i < to; i++) mean += rows.data[i * d + j] / n;
                for (int i = from; i < to; i++) squares += (rows.data[i * d + j] - mean) * (rows.data[i * d + j] - mean);
                double sd = Math.sqrt(squares / Math.max(n - 1, 1));
                centre[j] = mean;
                scale[j] = sd > 1e-12 * (1 + Math.abs(mean)) ? sd : 0;
                if (scale[j] > 0) varying.add(j);
            }
            int q = varying.size();
            if (q < 2 || q > MAX_DIMENSION || n < 2 * q + 2) return null;
            DMatrixRMaj z = new DMatrixRMaj(n, q);
            for (int i = 0; i < n; i++)
                for (int k = 0; k < q; k++) {
                    int j = varying.get(k);
                    z.data[i * q + k] = (rows.data[(from + i) * d + j] - centre[j]) / scale[j];
                }
            DMatrixRMaj correlation = new DMatrixRMaj(q, q);
            CommonOps_DDRM.multTransA(z, z, correlation);
            CommonOps_DDRM.scale(1.0 / (n - 1), correlation);
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(q, true, true);
            if (!eig.decompose(correlation)) return null;
            List<Integer> order = new ArrayList<>();
            for (int e = 0; e < eig.getNumberOfEigenvalues(); e++)
                if (eig.getEigenvalue(e).getReal() <= EXACT_VARIANCE && eig.getEigenVector(e) != null) order.add(e);
            order.sort(java.util.Comparator.comparingDouble(e -> eig.getEigenvalue(e).getReal()));
            List<double[]> smallest = new ArrayList<>();
            for (int e : order) {
                DMatrixRMaj v = eig.getEigenVector(e);
                double[] row = new double[d];
                for (int k = 0; k < q; k++) row[varying.get(k)] = v.data[k];
                // Orthonormal against those kept (eigenvectors of a repeated eigenvalue need not be), so that project() is a projection.
                for (double[] kept : smallest) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += kept[j] * row[j];
                    for (int j = 0; j < d; j++) row[j] -= dot * kept[j];
                }
                double norm = 0;
                for (double x : row) norm += x * x;
                if (norm < 1e-12) continue;
                for (int j = 0; j < d; j++) row[j] /= Math.sqrt(norm);
                smallest.add(row);
            }
            return new Spectrum(centre, scale, smallest);
        }

        /** The variance of the standardised combination v over rows from..to, in these rows' units. */
        double variance(double[] v, DMatrixRMaj rows, int from, int to) {
            int d = rows.numCols, n = to - from;
            double sum = 0, squares = 0;
            for (int i = from; i < to; i++) {
                double t = 0;
                for (int j = 0; j < d; j++) if (scale[j] > 0) t += v[j] * (rows.data[i * d + j] - centre[j]) / scale[j];
                sum += t;
                squares += t * t;
            }
            double mean = sum / n;
            return squares / n - mean * mean;
        }
    }

    /** Projections alternated with the bounds before a row is left as it stands. */
    static final int MAX_ROUNDS = 100;

    /**
     * Moves the row at offset onto the relations and inside [lower, upper] (the columns' ranges),
     * in place: projections onto the relations alternated with clipping to the bounds until the
     * clipping moves nothing (von Neumann's alternating projections reach a point of both sets where
     * they meet; a proportion pushed below zero, clipped back, its share spread over the others).
     * work holds {@link #count} values.
     */
    public void project(double[] rows, int offset, double[] lower, double[] upper, double[] work) {
        int d = centre.length;
        for (int r = 0; r < count; r++) close(r, rows, offset, lower);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            project(rows, offset, work);
            boolean inside = true;
            for (int j = 0; j < d; j++) {
                double v = rows[offset + j];
                if (v < lower[j]) { rows[offset + j] = lower[j]; inside = false; }
                else if (v > upper[j]) { rows[offset + j] = upper[j]; inside = false; }
            }
            if (inside) return;
        }
    }

    /**
     * Moves the row at offset onto the relations, in place; work holds {@link #count} values.
     * Coefficients below {@value #NOISE} on the standardised columns are the eigen-decomposition's
     * arithmetic noise, as {@link #echelon} drops them: a column no relation holds is not moved, so
     * a generated 0 of it stays 0 (data.table's issue_2157 file: X4 − X5 = 0 moved X8's point mass
     * at 0 to 10⁻¹⁸, written 1.0885297332261483E-18).
     */
    public void project(double[] rows, int offset, double[] work) {
        int d = centre.length;
        for (int r = 0; r < count; r++) {
            double t = 0;
            for (int j = 0; j < d; j++) if (scale[j] > 0 && Math.abs(basis[r * d + j]) >= NOISE) t += basis[r * d + j] * (rows[offset + j] - centre[j]) / scale[j];
            work[r] = t;
        }
        for (int j = 0; j < d; j++) {
            if (scale[j] == 0) continue;
            double shift = 0;
            for (int r = 0; r < count; r++) if (Math.abs(basis[r * d + j]) >= NOISE) shift += basis[r * d + j] * work[r];
            if (shift != 0) rows[offset + j] -= scale[j] * shift;
        }
    }

    /** A coefficient on a standardised column below this is arithmetic's noise, not a part of the relation. */
    static final double NOISE = 1e-6;

    /**
     * The relations in data units, one per line: "a + b + c + d = 1", "−repair − other + total = 0"
     * (names: the columns' names, or x1..xd). Several relations are first brought to reduced row
     * echelon form on the standardised columns, so each names one column (its pivot, coefficient
     * 1) that no other line does; terms below a thousandth of a column's spread are left out.
     */
    public List<String> describe(List<String> names) {
        int d = centre.length;
        Echelon e = echelon;
        java.util.TreeMap<Integer, String> byFirstColumn = new java.util.TreeMap<>();   // in the columns' order
        for (int r = 0; r < count; r++) {
            double sign = 0;   // the first term's sign +
            for (int j = 0; j < d && sign == 0; j++) if (Math.abs(e.standardised[r][j]) >= 1e-3) sign = Math.signum(e.coefficients[r][j]);
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < d; j++) {
                if (Math.abs(e.standardised[r][j]) < 1e-3) continue;
                double c = sign * e.coefficients[r][j];
                String name = j < names.size() ? names.get(j) : "x" + (j + 1);
                String size = Math.abs(Math.abs(c) - 1) < 1e-6 ? "" : plain(Math.abs(c), 4) + "·";
                s.append(s.length() == 0 ? (c < 0 ? "−" : "") : (c < 0 ? " − " : " + ")).append(size).append(name);
            }
            int first = 0;
            while (first < d && Math.abs(e.standardised[r][first]) < 1e-3) first++;
            byFirstColumn.put(first * count + r, s.append(" = ").append(plain(sign * e.constants[r], 6)).toString());
        }
        return new ArrayList<>(byFirstColumn.values());
    }

    /**
     * Each relation's pivot column set from the others, in place, as the relation says: after the
     * row is put on the columns' types, the parts' rounding falls on the pivot (a total of whole
     * numbers stays their sum; shares written with four decimals sum to one at the fourth).
     * The caller puts the pivots ({@link #pivot}) on their types again.
     */
    public void solvePivots(double[] rows, int offset) {
        Echelon e = echelon;
        for (int r = 0; r < count; r++) {
            int p = e.pivots[r];
            double v = e.constants[r];
            for (int j = 0; j < centre.length; j++) if (j != p) v -= e.coefficients[r][j] * rows[offset + j];
            rows[offset + p] = v;
        }
    }

    /**
     * A composition, relation r saying that non-negative parts sum to a positive total (shares of
     * one, percentages of 100), is closed first: its parts scaled by total / their sum, as
     * compositional data are (Aitchison's closure). Moved along the relation instead, a row's
     * excess is taken from every part alike, and a small part goes below its range and is clipped
     * there: Dirichlet(0.5, 1, 2, 3, 1, 0.8) rows generated 7.3 % of the first share at the
     * training minimum exactly, where the data hold 0.3 % below 10⁻⁶ (QUALITY.md, "Synthetic
     * families unlike the suite's"). Scaled, a part keeps its proportion and its sign.
     */
    private void close(int r, double[] rows, int offset, double[] lower) {
        int[] parts = composition[r];
        if (parts == null) return;
        double sum = 0;
        for (int j : parts) {
            if (!(lower[j] >= 0)) return;
            sum += Math.max(rows[offset + j], 0);
        }
        if (!(sum > 0)) return;
        double factor = echelon.constants[r] / sum;
        for (int j : parts) rows[offset + j] = Math.max(rows[offset + j], 0) * factor;
    }

    /** For each relation, its parts where it is a sum with every coefficient 1 to a positive total, none of them in another relation; else null. */
    private int[][] compositions() {
        int[][] out = new int[count][];
        for (int r = 0; r < count; r++) {
            int[] parts = partsOfSum(r);
            double spread = 0;   // a total of zero to within the columns' spread (segment's exred + exgreen + exblue = 3.7·10⁻⁷) is no composition
            if (parts != null) for (int j : parts) spread += scale[j];
            out[r] = parts != null && echelon.constants[r] > 1e-6 * spread ? parts : null;
        }
        return out;
    }

    /** The columns of relation r when each has coefficient 1 in data units and is in no other relation; null otherwise. */
    private int[] partsOfSum(int r) {
        Echelon e = echelon;
        List<Integer> members = new ArrayList<>();
        for (int j = 0; j < centre.length; j++) {
            double c = e.coefficients[r][j];
            if (c == 0) continue;
            if (Math.abs(c - 1) > 1e-6) return null;
            for (int o = 0; o < count; o++) if (o != r && e.coefficients[o][j] != 0) return null;
            members.add(j);
        }
        return members.size() < 2 ? null : members.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The column relation r sets from the others ({@link #solvePivots}). */
    public int pivot(int r) { return echelon.pivots[r]; }

    /**
     * The columns of relation r when it says that they sum to one, each with coefficient 1 in data
     * units (a group of indicator columns, one-hot: exactly one of them is 1 when they are 0 or 1),
     * none of them in another relation; null otherwise.
     */
    public int[] sumToOne(int r) {
        if (Math.abs(echelon.constants[r] - 1) > 1e-6) return null;
        return composition[r] == null ? null : composition[r].clone();
    }

    /**
     * The relations in reduced row echelon form on the standardised columns: each relation has a
     * pivot (the column it weighs most among those no earlier relation took), coefficient 1,
     * absent from the others. In data units each is Σ coefficients·x = constant with the pivot's 1;
     * coefficients below 10⁻⁶ on the standardised columns (arithmetic's noise) are dropped.
     */
    private Echelon echelon() {
        int d = centre.length;
        double[][] w = new double[count][d];
        for (int r = 0; r < count; r++) System.arraycopy(basis, r * d, w[r], 0, d);
        boolean[] taken = new boolean[d];
        int[] pivots = new int[count];
        for (int r = 0; r < count; r++) {
            int p = -1;
            for (int j = 0; j < d; j++) if (!taken[j] && scale[j] > 0 && (p < 0 || Math.abs(w[r][j]) > Math.abs(w[r][p]))) p = j;
            taken[p] = true;
            pivots[r] = p;
            double head = w[r][p];
            for (int j = 0; j < d; j++) w[r][j] /= head;
            for (int o = 0; o < count; o++) {
                if (o == r) continue;
                double f = w[o][p];
                for (int j = 0; j < d; j++) w[o][j] -= f * w[r][j];
            }
        }
        double[][] coefficients = new double[count][d];
        double[] constants = new double[count];
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < d; j++) {
                if (scale[j] == 0 || Math.abs(w[r][j]) < NOISE) { w[r][j] = 0; continue; }
                coefficients[r][j] = j == pivots[r] ? 1 : w[r][j] / scale[j] * scale[pivots[r]];
                constants[r] += coefficients[r][j] * centre[j];
            }
        }
        return new Echelon(pivots, w, coefficients, constants);
    }

    private record Echelon(int[] pivots, double[][] standardised, double[][] coefficients, double[] constants) {}

    /** A number to so many significant digits without trailing zeros: 1, 0.5, 1.333. */
    private static String plain(double v, int digits) {
        if (Math.abs(v) < 1e-9) return "0";
        return new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toPlainString();
    }
}
