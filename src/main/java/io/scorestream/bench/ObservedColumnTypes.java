package io.scorestream.bench;

import org.ejml.data.DMatrixRMaj;

/**
 * The bench's column types, read off the training rows: per column the observed range and, when
 * every value is written with at most {@link #MAX_DECIMALS} decimals, its lattice: the fewest
 * decimals p that fit every value, and on that 10^−p grid the greatest common divisor of the
 * values' distances from the column's minimum (body masses recorded in steps of 25 g have step 25,
 * anchored at the minimum). A column with more decimals is continuous: only its range applies.
 *
 * <p>The quality suite maps every method's samples through {@link #apply} before comparing shapes, so
 * rows differ in shape, not in rounding; {@link #offTypeShare} says how many values a method wrote
 * off their column's grid or range before that mapping. This is the one place to swap in the
 * model's own learned column types once they exist.
 */
public final class ObservedColumnTypes {
    static final int MAX_DECIMALS = 4;
    /** A value is on the grid when value/step is this close to an integer (decimal text parsed to binary). */
    private static final double GRID_TOLERANCE = 1e-9;

    private final double[] min, max, step; // step 0 = continuous; the lattice is min + k·step

    private ObservedColumnTypes(double[] min, double[] max, double[] step) {
        this.min = min;
        this.max = max;
        this.step = step;
    }

    public static ObservedColumnTypes learn(DMatrixRMaj train) {
        int n = train.numRows, d = train.numCols;
        double[] min = new double[d], max = new double[d], step = new double[d];
        for (int j = 0; j < d; j++) {
            min[j] = Double.POSITIVE_INFINITY;
            max[j] = Double.NEGATIVE_INFINITY;
            int decimals = 0;
            for (int i = 0; i < n; i++) {
                double v = train.unsafe_get(i, j);
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
                while (decimals <= MAX_DECIMALS && !onGrid(v, Math.pow(10, -decimals))) decimals++;
            }
            step[j] = decimals <= MAX_DECIMALS ? lattice(train, j, min[j], Math.pow(10, -decimals)) : 0;
        }
        return new ObservedColumnTypes(min, max, step);
    }

    /** gcd of (x − min)/unit over the column, times unit; unit itself for a constant column. */
    private static double lattice(DMatrixRMaj train, int j, double min, double unit) {
        long gcd = 0;
        for (int i = 0; i < train.numRows; i++) {
            long k = Math.round((train.unsafe_get(i, j) - min) / unit);
            gcd = gcd(gcd, k);
            if (gcd == 1) break;
        }
        return gcd == 0 ? unit : gcd * unit;
    }

    private static long gcd(long a, long b) { return b == 0 ? a : gcd(b, a % b); }

    /** The grid step of column j, or 0 when it is continuous. */
    public double step(int j) { return step[j]; }

    /** A copy of x with each value rounded to its column's grid and clamped to its observed range. */
    public DMatrixRMaj apply(DMatrixRMaj x) {
        DMatrixRMaj out = x.copy();
        int d = x.numCols;
        for (int i = 0; i < out.getNumElements(); i++) {
            int j = i % d;
            double v = out.data[i];
            if (step[j] > 0) v = min[j] + Math.rint((v - min[j]) / step[j]) * step[j];
            out.data[i] = Math.min(max[j], Math.max(min[j], v));
        }
        return out;
    }

    /** The share of x's values that are off their column's grid or outside its observed range. */
    public double offTypeShare(DMatrixRMaj x) {
        int d = x.numCols;
        long off = 0;
        for (int i = 0; i < x.getNumElements(); i++) {
            int j = i % d;
            double v = x.data[i];
            if (v < min[j] || v > max[j] || (step[j] > 0 && !onGrid(v - min[j], step[j]))) off++;
        }
        return x.getNumElements() == 0 ? 0 : (double) off / x.getNumElements();
    }

    private static boolean onGrid(double v, double step) {
        double q = v / step;
        return Math.abs(q - Math.rint(q)) <= GRID_TOLERANCE * Math.max(1, Math.abs(q));
    }
}
