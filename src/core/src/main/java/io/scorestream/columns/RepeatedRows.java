package io.scorestream.columns;

import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Row values that the planning rows hold more than once, exactly: point masses of the joint law
 * that no single column shows (a survey's answers, a person-year's plan and zero visits). Gaussian
 * cells on dequantised values can only blur them, so the model keeps them as they are: each such
 * value is generated as a copy, at its share of the rows, and the diffusion learns the other rows.
 *
 * <p>The share is the rows on repeated values over all rows, 1 − N₁/N with N₁ the values seen
 * once: Good and Turing's estimate (a leave-one-out one) of the chance that a new row's value is
 * one already seen. On the health-insurance set (randhie) it is 0.59 of the training half, and
 * 0.59 of the held-out half's rows equal a training row.
 *
 * <p>Learned once per partition version from the planning rows, like the columns, and frozen
 * with them: a learner leaves rows on these values out of its statistics.
 */
public final class RepeatedRows {
    /** At most this many values are kept (the most frequent); rows on the others go to the model. */
    public static final int MAX_VALUES = 1 << 16;

    private final int dimension;
    private final double[] values;
    private final long[] counts;
    private final double share;
    private final double[] cumulative;
    private final Map<Long, int[]> byHash = new HashMap<>();

    /**
     * @param values k rows of d values, flattened (most frequent first by {@link #find})
     * @param counts the planning rows on each value, each at least 2
     * @param share  the planning rows on all k values over all planning rows, in [0, 1]
     */
    public RepeatedRows(int dimension, double[] values, long[] counts, double share) {
        if (dimension < 1) throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        if (values.length != counts.length * (long) dimension)
            throw new IllegalArgumentException(values.length + " values for " + counts.length + " rows of dimension " + dimension);
        if (!(share >= 0 && share <= 1) || (counts.length == 0) != (share == 0))
            throw new IllegalArgumentException("repeated rows' share " + share + " for " + counts.length + " values");
        this.dimension = dimension;
        this.values = values.clone();
        this.counts = counts.clone();
        this.share = share;
        this.cumulative = new double[counts.length];
        long total = 0;
        for (long c : counts) {
            if (c < 2) throw new IllegalArgumentException("a repeated row value is held by " + c + " rows");
            total += c;
        }
        long sum = 0;
        for (int k = 0; k < counts.length; k++) {
            sum += counts[k];
            cumulative[k] = k == counts.length - 1 ? 1 : (double) sum / total;
            for (int j = 0; j < dimension; j++)
                if (!Double.isFinite(values[k * dimension + j])) throw new IllegalArgumentException("repeated row " + (k + 1) + " has " + values[k * dimension + j]);
            byHash.merge(hash(this.values, k * dimension, dimension), new int[]{k}, RepeatedRows::concat);
        }
    }

    public static RepeatedRows none(int dimension) { return new RepeatedRows(dimension, new double[0], new long[0], 0); }

    /** The values that rows holds at least twice (up to {@link #MAX_VALUES}, the most frequent), with their counts. */
    public static RepeatedRows find(DMatrixRMaj rows) {
        int n = rows.numRows, d = rows.numCols;
        if (n == 0) return none(Math.max(d, 1));
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) hashes[i] = hash(rows.data, i * d, d);
        long[] sorted = hashes.clone();
        Arrays.sort(sorted);
        Set<Long> repeatedHashes = new HashSet<>();
        for (int i = 1; i < n; i++) if (sorted[i] == sorted[i - 1]) repeatedHashes.add(sorted[i]);
        if (repeatedHashes.isEmpty()) return none(d);
        // Rows whose hash repeats, grouped by exact value (a hash shared by two values stays two groups).
        Map<Long, List<long[]>> groups = new HashMap<>();   // hash -> {first row, count}
        for (int i = 0; i < n; i++) {
            if (!repeatedHashes.contains(hashes[i])) continue;
            List<long[]> same = groups.computeIfAbsent(hashes[i], h -> new ArrayList<>(1));
            long[] group = null;
            for (long[] g : same) if (equalRows(rows.data, (int) g[0] * d, rows.data, i * d, d)) { group = g; break; }
            if (group == null) same.add(new long[]{i, 1});
            else group[1]++;
        }
        List<long[]> repeated = new ArrayList<>();
        for (List<long[]> same : groups.values()) for (long[] g : same) if (g[1] >= 2) repeated.add(g);
        if (repeated.isEmpty()) return none(d);
        repeated.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
        int k = Math.min(repeated.size(), MAX_VALUES);
        double[] values = new double[k * d];
        long[] counts = new long[k];
        long held = 0;
        for (int v = 0; v < k; v++) {
            long[] g = repeated.get(v);
            System.arraycopy(rows.data, (int) g[0] * d, values, v * d, d);
            counts[v] = g[1];
            held += g[1];
        }
        return new RepeatedRows(d, values, counts, (double) held / n);
    }

    public int dimension() { return dimension; }
    /** How many values. */
    public int size() { return counts.length; }
    public boolean isEmpty() { return counts.length == 0; }
    /** The share of generated rows that are copies: the planning rows' share on these values. */
    public double share() { return share; }
    public double[] values() { return values.clone(); }
    public long[] counts() { return counts.clone(); }

    /** Whether the row at offset of data is one of these values. */
    public boolean contains(double[] data, int offset) { return countOf(data, offset) > 0; }

    /** The planning rows on the row at offset of data (0 when it is none of these values). */
    public long countOf(double[] data, int offset) {
        if (counts.length == 0) return 0;
        int[] candidates = byHash.get(hash(data, offset, dimension));
        if (candidates == null) return 0;
        for (int k : candidates) if (equalRows(values, k * dimension, data, offset, dimension)) return counts[k];
        return 0;
    }

    /** Rows and their stream positions. */
    public record Rows(DMatrixRMaj rows, long[] positions) {}

    /**
     * The rows not on these values, with their stream positions (positions[i], or firstPosition + i
     * when positions is null): what a learner absorbs. The same arrays when no row is on one.
     */
    public Rows outside(DMatrixRMaj rows, long[] positions, long firstPosition) {
        int n = rows.numRows, d = rows.numCols;
        long[] at = positions;
        if (at == null) {
            at = new long[n];
            for (int i = 0; i < n; i++) at[i] = firstPosition + i;
        }
        if (counts.length == 0) return new Rows(rows, at);
        boolean[] on = new boolean[n];
        int kept = 0;
        for (int i = 0; i < n; i++) if (!(on[i] = contains(rows.data, i * d))) kept++;
        if (kept == n) return new Rows(rows, at);
        DMatrixRMaj out = new DMatrixRMaj(kept, d);
        long[] outAt = new long[kept];
        for (int i = 0, r = 0; i < n; i++) {
            if (on[i]) continue;
            System.arraycopy(rows.data, i * d, out.data, r * d, d);
            outAt[r++] = at[i];
        }
        return new Rows(out, outAt);
    }

    /**
     * Which value a generated row becomes, or −1 when it stays the model's: a uniform read off the
     * row's own bits (a continuous random row, so a pure function of the sampler's seed, like the
     * dequantisation uniform of a position), below the share picks a value by its count.
     */
    public int copyFor(double[] latent, int offset) {
        if (counts.length == 0) return -1;
        long h = hash(latent, offset, dimension);
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= share) return -1;
        int k = Arrays.binarySearch(cumulative, u / share);
        k = k >= 0 ? k + 1 : -k - 1;
        return Math.min(k, counts.length - 1);
    }

    /** Writes value k into data at offset. */
    public void copy(int k, double[] data, int offset) { System.arraycopy(values, k * dimension, data, offset, dimension); }

    /** One phrase for the columns' summary. */
    public String describe() {
        return counts.length == 0 ? "no row value repeats"
                : String.format("%d row values repeat, holding %.1f %% of the rows", counts.length, 100 * share);
    }

    /** Exact equality, with −0.0 equal to 0.0 (as the hash has it). */
    private static boolean equalRows(double[] a, int ai, double[] b, int bi, int d) {
        for (int j = 0; j < d; j++) if (a[ai + j] != b[bi + j]) return false;
        return true;
    }

    private static long hash(double[] data, int offset, int d) {
        long h = 0x9E3779B97F4A7C15L;
        for (int j = 0; j < d; j++) {
            double v = data[offset + j];
            h = (h ^ Double.doubleToLongBits(v == 0 ? 0.0 : v)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        h = (h ^ (h >>> 30)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override public boolean equals(Object o) {
        return o instanceof RepeatedRows r && r.dimension == dimension && r.share == share
                && Arrays.equals(r.values, values) && Arrays.equals(r.counts, counts);
    }

    @Override public int hashCode() { return Arrays.hashCode(counts) * 31 + Double.hashCode(share); }
}
