package io.scorestream.columns;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;

/**
 * Where a generator puts each gapped column's latent values: the sorted values of one calibration
 * batch of its own output, so that a generated value is decoded by its rank among them, not by
 * where it lies. A gapped column ({@link Columns#gappedColumns}: a flag, a code, a small count,
 * dequantised over less than its whole gap) has its rows in the middle of each value's interval
 * of u and gaps between; a sampler blurs its rows into the gaps, and the interval a blurred value
 * lands in is not the value its mass came from:
 * <ul>
 * <li>split at the intervals' edges, a large point mass collects its small neighbours' spill
 *     (Seattle's dry days came back at 0.611 against the data's 0.574, 0.3 mm at 0.022 against 0.037);</li>
 * <li>split at the middle in z of each gap, small values collect the large ones' spill where the
 *     blur is wide (anes96's TV-news answer 6 at 0.083 against 0.034).</li>
 * </ul>
 * Which is right depends on how wide the generator's blur is, which only its output shows. Read
 * through the generator's own distribution function G, z ↦ Φ⁻¹(G(z)), the batch's values are
 * N(0, 1) again, and each point mass's interval [F(v⁻), F(v)] takes its own share of the generated
 * rows whatever the blur, while the order of the rows, and so the columns' dependence, is kept.
 * A function of the model and the sampling plan, not of a request's seed or size: drawn once per
 * model and plan ({@code SamplingPlan.calibration}), {@link #ROWS} rows.
 */
public final class MarginCalibration {
    /** Rows of the calibration batch: a share's standard error is at most 0.008 there. */
    public static final int ROWS = 4096;
    /** The level of the test that a column's point masses are off their shares ({@link #missesItsShares}). */
    static final double SIGNIFICANCE = 0.05;
    /** No gapped column: decoding is the maps' own. */
    public static final MarginCalibration NONE = new MarginCalibration(new int[0], new double[0][]);

    private final int[] columns;
    private final double[][] sorted;

    private MarginCalibration(int[] columns, double[][] sorted) {
        this.columns = columns;
        this.sorted = sorted;
    }

    /** The calibration of columns' gapped columns by a batch of a generator's latent rows. */
    public static MarginCalibration of(Columns columns, DMatrixRMaj generated) {
        int[] gapped = columns.gappedColumns();
        if (gapped.length == 0) return NONE;
        if (generated.numCols != columns.dimension() || generated.numRows < 2)
            throw new IllegalArgumentException("a calibration batch needs at least 2 rows of " + columns.dimension() + " columns, got " + generated.numRows + " × " + generated.numCols);
        int n = generated.numRows, d = generated.numCols;
        int[] off = new int[gapped.length];
        double[][] sorted = new double[gapped.length][];
        int kept = 0;
        for (int j : gapped) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) z[i] = generated.data[i * d + j];
            if (!missesItsShares(columns.transform(j), z)) continue;
            Arrays.sort(z);
            off[kept] = j;
            sorted[kept++] = z;
        }
        return kept == 0 ? NONE : new MarginCalibration(Arrays.copyOf(off, kept), Arrays.copyOf(sorted, kept));
    }

    /**
     * Whether the batch's values, read where they lie, put the column's point masses (and the rest
     * of its rows, together) off their shares by more than sampling error: Pearson's χ² test at
     * {@link #SIGNIFICANCE}. Where the shares already come back, reading by rank would only move
     * values against the other columns: on ssa's 120-row halves, where every age is a point mass of
     * two rows, it made the samples worse (QUALITY.md, "Point masses keep their share").
     */
    static boolean missesItsShares(ColumnTransform map, double[] z) {
        int atoms = map.atoms().length;
        if (atoms == 0) return false;
        long[] counts = new long[atoms + 1];
        for (double v : z) {
            int a = map.pointMassAt(v);
            counts[a >= 0 ? a : atoms]++;
        }
        double[] low = map.atomLow(), high = map.atomHigh();
        double chiSquare = 0, rest = 1;
        int cells = 0;
        for (int a = 0; a <= atoms; a++) {
            double share = a < atoms ? high[a] - low[a] : rest;
            if (a < atoms) rest -= share;
            double expected = share * z.length;
            if (expected <= 0) continue;
            chiSquare += (counts[a] - expected) * (counts[a] - expected) / expected;
            cells++;
        }
        if (cells < 2) return false;
        return new ChiSquaredDistribution(cells - 1).cumulativeProbability(chiSquare) > 1 - SIGNIFICANCE;
    }

    public boolean isEmpty() { return columns.length == 0; }

    /** How many columns are read by rank: the gapped columns whose point masses the batch put off their shares. */
    public int calibratedColumns() { return columns.length; }

    /**
     * The gapped columns' latent values of each row, in place: through Φ⁻¹ of the batch's
     * distribution function where that, or the value itself, falls on a point mass's interval.
     * Elsewhere the value stays: a value off the point masses is in its own lattice cell already,
     * while its rank would be judged against cells that a thinned quantile map gives shares only
     * near the values' own (a training row read by its rank moved from 3.3 to 3.4).
     */
    public void apply(DMatrixRMaj latent, ColumnTransform[] transforms) {
        int d = latent.numCols;
        for (int m = 0; m < columns.length; m++) {
            ColumnTransform map = transforms[columns[m]];
            for (int i = 0; i < latent.numRows; i++) {
                double z = latent.data[i * d + columns[m]], read = calibrated(sorted[m], z);
                if (map.onPointMass(read) || map.onPointMass(z)) latent.data[i * d + columns[m]] = read;
            }
        }
    }

    /**
     * Φ⁻¹(G(z)), G the batch's distribution function linear between its values (the k-th smallest
     * at (k + 1)/(n + 1)), half the first step beyond its ends; NaN stays NaN.
     */
    static double calibrated(double[] sorted, double z) {
        if (Double.isNaN(z)) return z;
        int n = sorted.length;
        double u;
        if (z <= sorted[0]) u = 0.5 / (n + 1);
        else if (z >= sorted[n - 1]) u = 1 - 0.5 / (n + 1);
        else {
            int k = Arrays.binarySearch(sorted, z);
            if (k >= 0) u = (k + 1.0) / (n + 1);
            else {
                int above = -k - 1;   // sorted[above - 1] < z < sorted[above]
                double lo = sorted[above - 1], hi = sorted[above];
                u = (above + (z - lo) / (hi - lo)) / (n + 1);
            }
        }
        return ColumnTransform.normalQuantile(u);
    }
}
