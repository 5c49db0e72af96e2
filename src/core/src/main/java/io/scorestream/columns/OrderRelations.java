package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Orders among columns that every row of the data keeps: a day's low at most its open and close,
 * which are at most its high; a start before an end; a minimum below a mean. The diffusion learns
 * each such order only approximately, and a generated row that breaks one (a high below its low)
 * is seen at once not to be real. So every generated row is put back in order.
 *
 * <p>A pair (i, j) is kept when column i is at most column j on every judged row, below it on at
 * least one, their ranges overlap (where they do not, the bounds keep the order already), and
 * independent columns of the same laws would keep it on every row only by a chance below
 * {@value #CHANCE} ({@link #coincidence}). Both
 * columns must hold the same kind of value (the same lattice, or none), not be labels, and not take
 * part in an exact linear relation, whose projection owns their values.
 *
 * <p>A row out of order is repaired by pooling the columns of its broken pairs at their mean, then
 * putting them back on their types; a pair that rounding breaks again is swapped. The pooling ends
 * (each merge leaves one block fewer). The swaps end too: each removes at least one inversion
 * against any linear extension of the pairs, which cannot form a cycle (i ≤ j ≤ … ≤ i on every
 * row, with i < j somewhere, is impossible). Since i's range lies below j's, a swapped value stays
 * within its new column's bounds and on its lattice.
 */
public final class OrderRelations {
    /** Columns above which no order is looked for: the check is over all pairs. */
    static final int MAX_COLUMNS = 64;
    /** Rows needed before an order seen on all of them is taken for the data's. */
    static final int MIN_ROWS = 30;
    /** Largest chance that two independent columns keep their order on every row, for the order to be the data's. */
    static final double CHANCE = 1e-3;

    private final int dimension;
    private final int[] lower, upper;

    public OrderRelations(int dimension, int[] lower, int[] upper) {
        if (lower.length != upper.length) throw new IllegalArgumentException("order pairs of unequal length");
        for (int r = 0; r < lower.length; r++)
            if (lower[r] < 0 || lower[r] >= dimension || upper[r] < 0 || upper[r] >= dimension || lower[r] == upper[r])
                throw new IllegalArgumentException("order pair " + lower[r] + " <= " + upper[r] + " among " + dimension + " columns");
        this.dimension = dimension;
        this.lower = lower.clone();
        this.upper = upper.clone();
    }

    public static OrderRelations none(int dimension) { return new OrderRelations(dimension, new int[0], new int[0]); }

    public int dimension() { return dimension; }
    public int count() { return lower.length; }
    public boolean isEmpty() { return lower.length == 0; }
    public int lower(int r) { return lower[r]; }
    public int upper(int r) { return upper[r]; }

    /**
     * The orders every row keeps, among the columns eligible by their types.
     *
     * @param excluded per column, whether it may not take part (labels, columns of a linear relation)
     */
    public static OrderRelations find(DMatrixRMaj rows, ColumnTypes types, boolean[] excluded) {
        int n = rows.numRows, d = rows.numCols;
        if (d < 2 || d > MAX_COLUMNS || n < MIN_ROWS) return none(d);
        double[] min = new double[d], max = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = rows.data[i * d + j];
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
            }
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < d; a++) {
            if (excluded[a]) continue;
            for (int b = 0; b < d; b++) {
                if (a == b || excluded[b] || !sameKind(types.type(a), types.type(b))) continue;
                if (!(max[a] > min[b])) continue;   // ranges that do not overlap: the bounds keep it
                if (holdsOnEveryRow(rows, a, b) && !coincidence(column(rows, a), column(rows, b))) pairs.add(new int[]{a, b});
            }
        }
        int[] lo = new int[pairs.size()], hi = new int[pairs.size()];
        for (int r = 0; r < lo.length; r++) { lo[r] = pairs.get(r)[0]; hi[r] = pairs.get(r)[1]; }
        return new OrderRelations(d, lo, hi);
    }

    /**
     * Whether an order seen on every row could be chance: were the two columns independent, with
     * p the chance that a row has a above b, all n rows are in order with chance (1 − p)ⁿ. Above
     * {@value #CHANCE} the order is taken for a coincidence of a small sample or of two columns
     * that seldom meet (iris' petal width below its sepal width, two pixels of an image that are
     * mostly 0), not a fact of the data.
     */
    static boolean coincidence(double[] a, double[] b) {
        double[] sorted = b.clone();
        Arrays.sort(sorted);
        double above = 0;   // pairs (i, k) with a_i > b_k
        for (double x : a) {
            int lo = 0, hi = sorted.length;
            while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
            above += lo;
        }
        double p = above / ((double) a.length * sorted.length);
        return a.length * Math.log1p(-Math.min(p, 1 - 1e-12)) > Math.log(CHANCE);
    }

    private static double[] column(DMatrixRMaj rows, int j) {
        double[] out = new double[rows.numRows];
        for (int i = 0; i < out.length; i++) out[i] = rows.data[i * rows.numCols + j];
        return out;
    }

    private static boolean sameKind(ColumnType a, ColumnType b) {
        return a.step() == b.step() && (a.step() == 0 || a.origin() == b.origin());
    }

    /** a ≤ b on every row and a < b on one at least. */
    private static boolean holdsOnEveryRow(DMatrixRMaj rows, int a, int b) {
        int d = rows.numCols;
        boolean strict = false;
        for (int i = 0; i < rows.numRows; i++) {
            double x = rows.data[i * d + a], y = rows.data[i * d + b];
            if (x > y) return false;
            if (x < y) strict = true;
        }
        return strict;
    }

    /**
     * Puts one row (at offset) back in every order: the columns of broken pairs are pooled at their
     * mean (the nearest row in order, as the linear relations are kept by projection: measured less
     * harmful than swapping), put back on their types, and any pair that rounding or a range
     * broke again is swapped. Returns the pairs mended.
     */
    public int repair(double[] rows, int offset, ColumnTypes types) { return repair(rows, offset, types, new int[dimension]); }

    /** As above, block a work array of {@link #dimension} entries, so the per-row repair allocates nothing. */
    public int repair(double[] rows, int offset, ColumnTypes types, int[] block) {
        int mended = pool(rows, offset, types, block);
        if (mended == 0) return 0;
        int swaps = swap(rows, offset);
        if (swaps > 0) snapSwapped(rows, offset, types);
        return mended + swaps;
    }

    /**
     * A swap moves a value onto a column of another type: between two columns written with 9 and 8
     * decimals (matplotlib's percent_bachelors_degrees_women_usa.csv) the 9-decimal value landed in
     * the 8-decimal column, 52 of 2 000 rows written with a decimal more than the column has. Each
     * value off its column's type is snapped back where that keeps every order it is in (here: the
     * two become equal); where it would break one, the swapped value stays.
     */
    private void snapSwapped(double[] rows, int offset, ColumnTypes types) {
        for (int j = 0; j < dimension; j++) {
            double x = rows[offset + j], v = types.snap(j, x);
            if (v == x) continue;
            rows[offset + j] = v;
            for (int r = 0; r < lower.length; r++)
                if ((lower[r] == j || upper[r] == j) && rows[offset + lower[r]] > rows[offset + upper[r]]) { rows[offset + j] = x; break; }
        }
    }

    /** Pools the blocks of broken pairs at their mean until none is broken (each merge leaves a block fewer). */
    private int pool(double[] rows, int offset, ColumnTypes types, int[] block) {
        boolean started = false;
        int merges = 0;
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int r = 0; r < lower.length; r++) {
                if (!(rows[offset + lower[r]] > rows[offset + upper[r]])) continue;
                if (!started) {
                    for (int j = 0; j < dimension; j++) block[j] = j;
                    started = true;
                }
                int from = block[upper[r]], to = block[lower[r]];
                double sum = 0;
                int count = 0;
                for (int j = 0; j < dimension; j++) if (block[j] == from || block[j] == to) { block[j] = to; sum += rows[offset + j]; count++; }
                for (int j = 0; j < dimension; j++) if (block[j] == to) rows[offset + j] = sum / count;
                changed = true;
                merges++;
            }
        }
        if (started)
            for (int j = 0; j < dimension; j++) if (block[j] != j || pooled(block, j)) rows[offset + j] = types.snap(j, rows[offset + j]);
        return merges;
    }

    private static boolean pooled(int[] block, int j) {
        for (int k = 0; k < block.length; k++) if (k != j && block[k] == j) return true;
        return false;
    }

    /**
     * Swaps the values of broken pairs until none is broken: each swap removes an inversion against
     * a linear extension of the pairs, and keeps both values on their columns' lattice and ranges.
     */
    int swap(double[] rows, int offset) {
        int swaps = 0;
        for (int pass = 0; pass <= dimension * dimension; pass++) {
            boolean changed = false;
            for (int r = 0; r < lower.length; r++) {
                int a = offset + lower[r], b = offset + upper[r];
                if (rows[a] > rows[b]) {
                    double t = rows[a];
                    rows[a] = rows[b];
                    rows[b] = t;
                    changed = true;
                    swaps++;
                }
            }
            if (!changed) return swaps;
        }
        throw new IllegalStateException("the column orders do not settle: they are not a partial order");
    }

    /** The pairs as "low <= open", by the columns' names (or numbers). */
    public List<String> describe(List<String> names) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < lower.length; r++)
            out.add(name(names, lower[r]) + " <= " + name(names, upper[r]));
        return out;
    }

    private static String name(List<String> names, int column) {
        return names.size() > column ? names.get(column) : "column " + (column + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderRelations other && dimension == other.dimension
                && Arrays.equals(lower, other.lower) && Arrays.equals(upper, other.upper);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper); }
}
