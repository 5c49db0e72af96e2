package io.scorestream.columns;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The values one column can take: a range [lower, upper], optionally a lattice origin + k·step
 * (integers: step 1; rounded decimals: step 10⁻ᵖ, printed with p decimals; off a lattice, the
 * decimals the values were written with, if any, and the significant digits, where fewer than those
 * decimals give at the column's largest values: generated values are rounded to both), and the point masses
 * (values that hold at least a set share of the rows and two rows, with their shares). A column
 * off any lattice, or sparse on its lattice, whose point masses hold all its rows is {@link #isFinite finite}: it takes
 * those values and no other. Learned from a column's sketch; {@link #snap} puts any value onto the type.
 */
public record ColumnType(double lower, double upper, double step, double origin, int decimals, int significant, double[] atoms, double[] atomShares) {
    /** A type that constrains nothing. */
    public static final ColumnType ANY = new ColumnType(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, -1, -1, new double[0], new double[0]);
    /** Rows a value needs to be a point mass, whatever its share: one row is no evidence of an atom. */
    static final int MIN_ATOM_ROWS = 2;
    private static final int MAX_DIVISOR = 12;
    private static final int MAX_DECIMALS = 12;
    /** Values written with more significant digits than this are taken as written in full (Java writes up to 17). */
    private static final int MAX_SIGNIFICANT = 12;

    public ColumnType {
        if (!(lower <= upper)) throw new IllegalArgumentException("lower bound " + lower + " is above upper bound " + upper);
        if (!(step >= 0) || !Double.isFinite(step)) throw new IllegalArgumentException("step must be finite and ≥ 0, got " + step);
        if (significant == 0 || significant < -1 || significant > 17) throw new IllegalArgumentException("significant digits must be 1..17 or -1, got " + significant);
        if (atoms.length != atomShares.length) throw new IllegalArgumentException("atoms and shares differ in length");
        atoms = atoms.clone();
        atomShares = atomShares.clone();
    }

    public boolean isLattice() { return step > 0; }

    /** Whether every value of the type is a whole number: a lattice of whole steps from a whole origin (a count, a year, cents stored as cents). */
    public boolean isWholeNumbers() { return step > 0 && step == Math.rint(step) && origin == Math.rint(origin); }

    /**
     * Whether the column takes only the values of its point masses: point masses holding every row,
     * off a lattice (a code, a count of chronic conditions stored as 13.73189) or on a lattice most
     * of whose points amid the column's rows none holds ({@link #sparseOnLattice}: time zones, 38
     * values on a grid of 0.05 h). On a lattice the values fill, the grid itself keeps generated
     * values among the column's kind of values.
     */
    public boolean isFinite() {
        if (atoms.length == 0 || step > 0 && !sparseOnLattice(atoms, atomShares, step)) return false;
        double sum = 0;
        for (double s : atomShares) sum += s;
        return sum >= 1 - 1e-9;
    }

    /**
     * Whether the sorted values, holding these shares of the rows, take fewer than half the points
     * of the lattice of this step between the values at the 5 % and the 95 % of the rows: then the
     * lattice says how the values are written, not which values the column takes (Fahrenheit
     * readings written in Celsius to 0.1, a survey's age bands at 17.5, 22, 27). Only amid the
     * rows: a tail is sparse on any lattice (minutes of delay past two hours), and one value
     * holding nine rows in ten leaves no middle to judge.
     */
    static boolean sparseOnLattice(double[] values, double[] shares, double step) { return LatticeGaps.of(values, shares, 0, step).empty() > 0.5; }

    /**
     * Whether a column on a lattice it leaves mostly empty is better generated among the values seen
     * than on the lattice, though a new value may still come: a sensor's humidity, a smooth function
     * of whole codes written to 0.01, takes a third of that grid's points between 40 and 55 %. Each
     * choice misplaces some generated mass. Among the values seen: the mass of the values not yet
     * seen, which Good and Turing estimate as the share of rows holding a value seen once (m). On the
     * lattice: the mass on its points the column never takes, about the share of points amid the
     * rows that are empty beyond those the same rows spread smoothly would leave empty ({@link
     * LatticeGaps}; those are empty for want of rows, and are m's). The values seen misplace less
     * where m is below that excess. Wine's hue, 178 rows mostly written to 0.01 on a grid of 0.002,
     * leaves 82 % of it empty and 66 % would be for want of rows; 17 % of its rows hold a value seen
     * once: its grid stays. One sensor log (QUALITY.md, "A sensor log's readings among the values
     * seen") sampled its humidity on the grid at a two-sample accuracy of 0.648 against its own
     * held-out rows, and among the values seen at 0.523.
     */
    private static boolean gapped(Distinct distinct, LatticeGaps gaps) {
        if (gaps.empty() <= 0.5) return false;
        double unseen = distinct.singletons() / (double) distinct.n;
        return unseen < gaps.empty() - gaps.expectedEmpty();
    }

    /** The nearest value of the type: on the lattice (if any), then inside the bounds. */
    public double snap(double x) { return snap(x, isFinite()); }

    /**
     * {@link #snap}, whether the type {@link #isFinite is finite} given: that takes a pass over its
     * point masses, which a caller snapping many values makes once (a sensor's 22 000 readings
     * judged again for each of 20 000 generated values were half of a {@code sample}'s time).
     */
    public double snap(double x, boolean finite) {
        double v = x;
        if (finite) return nearestAtom(v) + 0.0;
        if (step > 0) v = origin + step * Math.rint((v - origin) / step);
        if (decimals >= 0) v = roundDecimals(v, decimals);
        if (significant > 0) v = roundSignificant(v, significant);
        if (v < lower) v = lower;
        if (v > upper) v = upper;
        return v + 0.0;   // −0 becomes 0
    }

    /** The point mass nearest x (the lower one at a tie); x itself when there are none. */
    private double nearestAtom(double x) {
        if (atoms.length == 0 || Double.isNaN(x)) return x;
        int i = Arrays.binarySearch(atoms, x);
        if (i >= 0) return atoms[i];
        int next = -i - 1;
        if (next == 0) return atoms[0];
        if (next == atoms.length) return atoms[atoms.length - 1];
        return x - atoms[next - 1] <= atoms[next] - x ? atoms[next - 1] : atoms[next];
    }

    /** Whether x is on the type (within a relative tolerance of 10⁻⁹ of the lattice or the written decimals, and bounds; one of the values of a finite column). */
    public boolean holds(double x) { return holds(x, isFinite()); }

    /** {@link #holds}, whether the type is finite given (as {@link #snap(double, boolean)}). */
    public boolean holds(double x, boolean finite) {
        double tol = tolerance();
        if (x < lower - tol || x > upper + tol) return false;
        if (finite) return Math.abs(x - nearestAtom(x)) <= tol;
        if (step > 0) {
            double k = (x - origin) / step;
            return Math.abs(x - (origin + step * Math.rint(k))) <= tol + 1e-6 * step;
        }
        return (decimals < 0 || Math.abs(x - roundDecimals(x, decimals)) <= tol)
                && (significant < 0 || Math.abs(x - roundSignificant(x, significant)) <= 1e-9 * Math.abs(x));
    }

    private double tolerance() {
        double scale = 1;
        if (Double.isFinite(lower)) scale = Math.max(scale, Math.abs(lower));
        if (Double.isFinite(upper)) scale = Math.max(scale, Math.abs(upper));
        return 1e-9 * scale;
    }

    public ColumnType withLattice(double newStep, double newOrigin) {
        return new ColumnType(lower, upper, newStep, newOrigin, newStep > 0 ? decimalsOf(newStep, newOrigin) : -1, -1, atoms, atomShares);
    }

    public ColumnType withBounds(double newLower, double newUpper) {
        return new ColumnType(newLower, newUpper, step, origin, decimals, significant, atoms, atomShares);
    }

    public ColumnType withoutAtoms() { return new ColumnType(lower, upper, step, origin, decimals, significant, new double[0], new double[0]); }

    /**
     * The type of the column a sketch has seen: its observed range, the lattice its retained values
     * sit on (if they do, within 10⁻⁹ relative), and the values holding at least minShare of the rows
     * and at least {@link #MIN_ATOM_ROWS} rows.
     */
    public static ColumnType learn(KllDoublesSketch sketch, double minShare) { return learn(sketch, minShare, true); }

    /**
     * As {@link #learn(KllDoublesSketch, double)}; with finiteAllowed, a column off any lattice,
     * or {@link #sparseOnLattice sparse on its lattice}, whose next
     * value would, by Good and Turing's estimate, be one already seen with probability at least
     * 1 − minShare (fewer than minShare of the rows hold a value seen only once) is finite: every
     * value seen is a point mass. So is a column on a lattice it leaves mostly empty where fewer
     * rows hold a value seen once than its points are empty beyond those too few rows leave empty ({@link #gapped}). The
     * estimate needs each value's exact count, so a sketch that has compacted (past 65 535 rows in
     * {@code fit}) keeps the shares rule alone.
     */
    public static ColumnType learn(KllDoublesSketch sketch, double minShare, boolean finiteAllowed) {
        if (sketch.isEmpty()) return ANY;
        double min = sketch.getMinItem() + 0.0, max = sketch.getMaxItem() + 0.0;   // + 0.0: −0 is 0
        Distinct distinct = Distinct.of(sketch);
        double[] values = distinct.withEnds(min, max);
        double step = latticeStep(values);
        // Closed: by Good and Turing's estimate the next row's value is one already seen with
        // probability at least 1 − minShare. Off a lattice, or on one the values leave mostly empty,
        // the column is then finite.
        boolean exact = finiteAllowed && !sketch.isEstimationMode();
        boolean closed = exact && distinct.singletons() < minShare * distinct.n;
        LatticeGaps gaps = LatticeGaps.of(distinct.values, distinct.shares(), distinct.n, step);
        boolean finite = closed && (step <= 0 || gaps.empty() > 0.5) || exact && gapped(distinct, gaps);
        List<Double> atoms = new ArrayList<>(), shares = new ArrayList<>();
        for (int i = 0; i < distinct.values.length; i++) {
            double share = distinct.weight(i) / (double) distinct.n;
            // Below 1 / minShare rows every value is minShare of them: a value seen once is no atom.
            if (finite || share >= minShare && distinct.weight(i) >= MIN_ATOM_ROWS) { atoms.add(distinct.values[i]); shares.add(share); }
        }
        ColumnType type = new ColumnType(min, max, 0, 0, -1, -1,
                atoms.stream().mapToDouble(Double::doubleValue).toArray(), shares.stream().mapToDouble(Double::doubleValue).toArray());
        if (step <= 0) {
            if (finite) return type;
            int decimals = printedDecimals(values);
            return new ColumnType(min, max, 0, 0, decimals, printedSignificantDigits(values, decimals), type.atoms(), type.atomShares());
        }
        // Prefer the lattice through 0 when it is one (integers, decimals): printed values stay short.
        double origin = Math.abs(min / step - Math.rint(min / step)) < 1e-6 ? 0 : min;
        return type.withLattice(step, origin);
    }

    /**
     * The largest step h such that every gap between sorted distinct values is a whole multiple of
     * h (tried: the smallest gap divided by 1..12), or 0 when there is none or fewer than 2 values.
     * Two values (a flag) are the lattice of their gap: dequantised like any lattice, a flag's
     * two candidate maps are judged on the same continuous values (StructurePlanner).
     */
    static double latticeStep(double[] sorted) {
        if (sorted.length < 2) return 0;
        double scale = Math.max(1, Math.max(Math.abs(sorted[0]), Math.abs(sorted[sorted.length - 1])));
        double tol = 1e-9 * scale;
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 1; i < sorted.length; i++) smallest = Math.min(smallest, sorted[i] - sorted[i - 1]);
        for (int q = 1; q <= MAX_DIVISOR; q++) {
            double h = smallest / q;
            if (h <= 1000 * tol) return 0;
            boolean fits = true;
            for (int i = 1; i < sorted.length && fits; i++) {
                double gap = sorted[i] - sorted[i - 1];
                fits = Math.abs(gap - h * Math.rint(gap / h)) <= tol;
            }
            if (fits) return snapStep(h);
        }
        return 0;
    }

    /**
     * The fewest decimals p (at most 12) in which every value is written (all but one in a thousand), when a lattice step is
     * too fine to find against a tolerance relative to the values' size (integer time stamps near
     * 1.7·10⁹, coordinates with six decimals): each v·10ᵖ an integer to a few units in its last
     * place, well inside a double's 53 bits (below 2⁴³). −1 when there is none. Generated values are rounded
     * to it, as the data was printed; the model itself does not see it (no lattice to dequantise).
     */
    static int printedDecimals(double[] sorted) {
        if (sorted.length == 0) return -1;
        double largest = Math.max(Math.abs(sorted[0]), Math.abs(sorted[sorted.length - 1]));
        // One distinct value in a thousand may have more: worldcitiespop's coordinates have at most
        // seven decimals but for 11 of some 40 000 (Izmir's 38.4103750184273), and every generated
        // one was written with Java's 15–17 digits, a shape the file almost never has.
        int others = sorted.length / 1000;
        for (int p = 0; p <= MAX_DECIMALS; p++) {
            double f = Math.pow(10, p);
            if (largest * f >= 0x1p43) return -1;   // past 2⁴³ a unit in the last place is above 10⁻³: no longer a test
            int more = 0;
            for (int i = 0; i < sorted.length && more <= others; i++) {
                double scaled = sorted[i] * f;
                if (Math.abs(scaled - Math.rint(scaled)) > 4 * Math.ulp(Math.max(1, Math.abs(scaled)))) more++;
            }
            if (more <= others) return p;
        }
        return -1;
    }

    /**
     * The fewest significant digits p (at most {@value #MAX_SIGNIFICANT}) in which every value is
     * written (all but one in a thousand, as for the decimals), or −1. Kept only where it says more
     * than the decimals do: where p is below the digits the column's largest magnitude has with
     * those decimals. Values written in a fixed number of significant digits across magnitudes
     * (4.5612e+02 and 2.5719e-01; a %g format) need 8 decimals for their smallest values, and
     * generated values written with 8 decimals would show 10 digits where the file shows 5. Where
     * the decimals alone say it (2.50 and 99.99: two decimals, four digits), the column has none.
     */
    static int printedSignificantDigits(double[] sorted, int decimals) {
        if (sorted.length == 0) return -1;
        double largest = Math.max(Math.abs(sorted[0]), Math.abs(sorted[sorted.length - 1]));
        if (largest == 0) return -1;
        int others = sorted.length / 1000;
        for (int p = 1; p <= MAX_SIGNIFICANT; p++) {
            int more = 0;
            for (int i = 0; i < sorted.length && more <= others; i++) {
                double v = sorted[i];
                if (v == 0) continue;
                double scaled = v * Math.pow(10, p - 1 - Math.floor(Math.log10(Math.abs(v))));
                // Below 10¹² a few units in the last place are far below the integers' spacing of 1.
                if (Math.abs(scaled - Math.rint(scaled)) > 8 * Math.ulp(Math.max(1, Math.abs(scaled)))) more++;
            }
            if (more > others) continue;
            if (decimals < 0) return p;
            int digitsAtLargest = (int) Math.floor(Math.log10(largest)) + 1 + decimals;
            return p < digitsAtLargest ? p : -1;
        }
        return -1;
    }

    /** v rounded to p significant digits. */
    private static double roundSignificant(double v, int p) {
        if (v == 0 || !Double.isFinite(v)) return v;
        // As roundDecimals, with the decimals v's magnitude leaves: once per generated value, so no
        // BigDecimal. 10ᵏ is exact up to k = 22, so the quotient or product is the nearest double.
        int k = p - 1 - (int) Math.floor(Math.log10(Math.abs(v)));
        if (k > 22 || k < -22) return v;
        return k >= 0 ? Math.rint(v * POWERS_OF_TEN[k]) / POWERS_OF_TEN[k] : Math.rint(v / POWERS_OF_TEN[-k]) * POWERS_OF_TEN[-k];
    }

    private static final double[] POWERS_OF_TEN = new double[23];
    static {
        for (int k = 0; k < POWERS_OF_TEN.length; k++) POWERS_OF_TEN[k] = Double.parseDouble("1e" + k);
    }

    /** A step read off doubles, cleaned to the decimal it stands for (0.009999999999 → 0.01). */
    private static double snapStep(double h) {
        for (int p = 0; p <= MAX_DECIMALS; p++) {
            double scaled = h * Math.pow(10, p);
            if (Math.abs(scaled - Math.rint(scaled)) <= 1e-6 * scaled) return Math.rint(scaled) / Math.pow(10, p);
        }
        return h;
    }

    /** Decimal places of a decimal lattice (step and origin multiples of 10⁻ᵖ), or −1. */
    static int decimalsOf(double step, double origin) {
        for (int p = 0; p <= MAX_DECIMALS; p++) {
            double s = step * Math.pow(10, p), o = origin * Math.pow(10, p);
            if (Math.abs(s - Math.rint(s)) <= 1e-6 * s && Math.abs(o - Math.rint(o)) <= 1e-6 * Math.max(1, Math.abs(o))) return p;
        }
        return -1;
    }

    private static double roundDecimals(double v, int p) {
        double f = Math.pow(10, p);
        double scaled = v * f;
        return Math.abs(scaled) < 1e15 ? Math.rint(scaled) / f : v;
    }

    /** The distinct retained values of a sketch with the cumulative weight up to and including each. */
    record Distinct(double[] values, long[] cumulative, long n) {
        static Distinct of(KllDoublesSketch sketch) {
            DoublesSortedView view = sketch.getSortedView();
            double[] q = view.getQuantiles();
            long[] w = view.getCumulativeWeights();
            double[] values = new double[q.length];
            long[] cumulative = new long[q.length];
            int k = 0;
            for (int i = 0; i < q.length; i++) {
                if (k > 0 && values[k - 1] == q[i]) { cumulative[k - 1] = w[i]; continue; }
                values[k] = q[i] + 0.0;
                cumulative[k++] = w[i];
            }
            return new Distinct(Arrays.copyOf(values, k), Arrays.copyOf(cumulative, k), view.getN());
        }

        long before(int i) { return i == 0 ? 0 : cumulative[i - 1]; }
        double[] shares() {
            double[] out = new double[values.length];
            for (int i = 0; i < out.length; i++) out[i] = weight(i) / (double) n;
            return out;
        }
        long weight(int i) { return cumulative[i] - before(i); }

        /** How many values have a weight of one (seen once, in an exact sketch). */
        long singletons() {
            long count = 0;
            for (int i = 0; i < values.length; i++) if (weight(i) == 1) count++;
            return count;
        }

        /** The distinct values with the exact minimum and maximum included. */
        double[] withEnds(double min, double max) {
            double[] out = new double[values.length + 2];
            int k = 0;
            out[k++] = min;
            for (double v : values) if (v > out[k - 1] && v < max) out[k++] = v;
            if (max > out[k - 1]) out[k++] = max;
            return Arrays.copyOf(out, k);
        }
    }
}
