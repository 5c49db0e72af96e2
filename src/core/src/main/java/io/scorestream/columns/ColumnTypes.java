package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;

/**
 * The value type of every column of a data set, and the operations on whole samples: learn them
 * from data, put generated rows onto them, and measure the share of values that are off them.
 * This is also the entry point for samples that no ScoreStream model made (EM's, say): {@link #apply}
 * snaps to each lattice and range and reproduces each point mass of a continuous column by
 * snapping the nearest generated values to it, as many as its share of the rows.
 */
public record ColumnTypes(ColumnType[] types, boolean[] finite) {
    public ColumnTypes {
        types = types.clone();
        finite = finite.clone();
        if (finite.length != types.length) throw new IllegalArgumentException("finite has " + finite.length + " entries for " + types.length + " types");
    }

    /** These types, each one's finiteness judged once ({@link ColumnType#isFinite}: a pass over its point masses). */
    public ColumnTypes(ColumnType[] types) { this(types, finiteOf(types)); }

    private static boolean[] finiteOf(ColumnType[] types) {
        boolean[] out = new boolean[types.length];
        for (int j = 0; j < types.length; j++) out[j] = types[j].isFinite();
        return out;
    }

    /** Column j's value x put onto its type ({@link ColumnType#snap}). */
    public double snap(int j, double x) { return types[j].snap(x, finite[j]); }

    public static ColumnTypes any(int dimension) {
        ColumnType[] t = new ColumnType[dimension];
        Arrays.fill(t, ColumnType.ANY);
        return new ColumnTypes(t);
    }

    /** The types of the columns of data: range, lattice, and values holding ≥ 1 % of the rows. */
    public static ColumnTypes learn(DMatrixRMaj data) {
        return learn(ColumnSketches.of(data), ColumnOptions.DEFAULTS.pointMassShare());
    }

    public static ColumnTypes learn(ColumnSketches sketches, double pointMassShare) {
        ColumnType[] t = new ColumnType[sketches.dimension()];
        for (int j = 0; j < t.length; j++) t[j] = ColumnType.learn(sketches.sketch(j), pointMassShare);
        return new ColumnTypes(t);
    }

    public int dimension() { return types.length; }
    public ColumnType type(int column) { return types[column]; }

    /** Puts every value of rows onto its column's type, in place (see the class comment for point masses). */
    public void apply(DMatrixRMaj rows) {
        check(rows);
        int d = types.length, n = rows.numRows;
        for (int j = 0; j < d; j++) {
            ColumnType t = types[j];
            if (!t.isLattice() && t.atoms().length > 0 && n > 0) snapToAtoms(rows, j, t);
            for (int i = 0; i < n; i++) rows.data[i * d + j] = t.snap(rows.data[i * d + j], finite[j]);
        }
    }

    /** For each point mass, the ⌊share·n⌋ values nearest to it (within half the gap to the next point mass) become it. */
    private void snapToAtoms(DMatrixRMaj rows, int j, ColumnType t) {
        int d = types.length, n = rows.numRows;
        double[] atoms = t.atoms();
        double[] distance = new double[n];
        for (int a = 0; a < atoms.length; a++) {
            double reach = Double.POSITIVE_INFINITY;
            if (a > 0) reach = Math.min(reach, (atoms[a] - atoms[a - 1]) / 2);
            if (a + 1 < atoms.length) reach = Math.min(reach, (atoms[a + 1] - atoms[a]) / 2);
            for (int i = 0; i < n; i++) distance[i] = Math.abs(rows.data[i * d + j] - atoms[a]);
            int want = (int) Math.floor(t.atomShares()[a] * n);
            if (want == 0) continue;
            double[] sorted = distance.clone();
            Arrays.sort(sorted);
            double radius = Math.min(reach, sorted[Math.min(want, n) - 1]);
            for (int i = 0; i < n; i++) if (distance[i] <= radius) rows.data[i * d + j] = atoms[a];
        }
    }

    /** The share of values of rows that are off their column's lattice or range. */
    public double offTypeShare(DMatrixRMaj rows) {
        check(rows);
        if (rows.numRows == 0) return 0;
        int d = types.length;
        long off = 0;
        for (int i = 0; i < rows.numRows; i++)
            for (int j = 0; j < d; j++) if (!types[j].holds(rows.data[i * d + j], finite[j])) off++;
        return off / (double) rows.getNumElements();
    }

    private void check(DMatrixRMaj rows) {
        if (rows.numCols != types.length) throw new IllegalArgumentException("rows have " + rows.numCols + " columns, the types " + types.length);
    }
}
