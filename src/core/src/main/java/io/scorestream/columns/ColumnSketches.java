package io.scorestream.columns;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.ejml.data.DMatrixRMaj;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What the column transforms and value types are learned from: per column a KLL quantile sketch
 * (Apache DataSketches) and the exact count, mean and sum of squared deviations. Both are
 * mergeable, so sketches gathered apart (chunks of a file, partitions of a stream) add up to the
 * sketch of all the rows; the retained items of a KLL sketch are values that occurred, which is
 * what lets the lattice and point masses be read off it.
 */
public final class ColumnSketches {
    /** KLL accuracy parameter at least: normalised rank error about 0.3 %, well below the 1 % point-mass share. */
    public static final int K = 1024;
    /** The largest accuracy parameter KLL takes. */
    private static final int MAX_K = 65_535;

    private final KllDoublesSketch[] sketches;
    private final long[] count;
    private final double[] mean, squares;

    public ColumnSketches(int dimension) { this(dimension, K); }

    /**
     * Sketches of accuracy k. A KLL sketch that has seen at most k values has compacted nothing: it
     * is exact, and deterministic — its compactions flip coins from the library's own unseeded
     * generator, so only a sketch of more than k values can differ from run to run.
     */
    public ColumnSketches(int dimension, int k) {
        sketches = new KllDoublesSketch[dimension];
        for (int j = 0; j < dimension; j++) sketches[j] = KllDoublesSketch.newHeapInstance(k);
        count = new long[dimension];
        mean = new double[dimension];
        squares = new double[dimension];
    }

    /**
     * Sketches of rows: exact up to 65 535 rows, and beyond that the same on every run, their
     * compactions' coins seeded ({@link #KLL_COINS}).
     */
    public static ColumnSketches of(DMatrixRMaj rows) {
        ColumnSketches s = new ColumnSketches(rows.numCols, Math.max(K, Math.min(MAX_K, rows.numRows)));
        if (rows.numRows <= MAX_K || KLL_COINS == null) {
            s.update(rows);
            return s;
        }
        synchronized (KLL_COINS) {
            KLL_COINS.setSeed(COINS_SEED);
            s.update(rows);
        }
        return s;
    }

    /**
     * The coins KLL compacts with: one static, unseeded {@code java.util.Random} of the library's
     * ({@code KllSketch.random}, package-private; no API of datasketches-java 6.2.0 seeds it). Left
     * so, a file of more than 65 535 rows got other quantile maps on every run of the same
     * {@code fit --seed}: 100 000 rows gave 510 or 512 knots, and another model. Seeded before a
     * file's sketches are built, under its own lock, the same rows give the same sketches. Null
     * where a version of the library has no such field: such files then differ from run to run again.
     */
    private static final java.util.Random KLL_COINS = kllCoins();
    private static final long COINS_SEED = 0x6B6C6CL;

    private static java.util.Random kllCoins() {
        try {
            java.lang.reflect.Field coins = org.apache.datasketches.kll.KllSketch.class.getDeclaredField("random");
            coins.setAccessible(true);
            return coins.get(null) instanceof java.util.Random random ? random : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    public int dimension() { return sketches.length; }
    public KllDoublesSketch sketch(int column) { return sketches[column]; }
    public long count() { return count.length == 0 ? 0 : count[0]; }
    public double mean(int column) { return mean[column]; }

    /** Sample standard deviation of a column (0 for fewer than two rows). */
    public double standardDeviation(int column) {
        return count[column] < 2 ? 0 : Math.sqrt(squares[column] / (count[column] - 1));
    }

    public void update(DMatrixRMaj rows) {
        if (rows.numCols != sketches.length) throw new IllegalArgumentException("rows have " + rows.numCols + " columns, the sketches " + sketches.length);
        int d = rows.numCols;
        // Columns in groups of 8 (64 bytes of a row), the groups in parallel: at d = 768 the KLL
        // sketches' compactions (sorting each level as it fills) are most of the time, and the
        // columns are independent. Each column still sees its values in row order, so the moments
        // are those of a row-by-row pass, and a sketch of at most k values is exact whatever the
        // threads do (beyond k its compactions flip the library's own unseeded coins anyway).
        java.util.stream.IntStream.range(0, (d + COLUMN_GROUP - 1) / COLUMN_GROUP).parallel()
                .forEach(g -> updateColumns(rows, g * COLUMN_GROUP, Math.min(d, (g + 1) * COLUMN_GROUP)));
    }

    private static final int COLUMN_GROUP = 8;

    private void updateColumns(DMatrixRMaj rows, int from, int to) {
        int d = rows.numCols;
        for (int i = 0; i < rows.numRows; i++)
            for (int j = from; j < to; j++) {
                double x = rows.data[i * d + j];
                sketches[j].update(x);
                long n = ++count[j];
                double delta = x - mean[j];
                mean[j] += delta / n;
                squares[j] += delta * (x - mean[j]);
            }
    }

    /** Adds other's rows to these (Chan et al.'s pairwise update for the moments). */
    public void merge(ColumnSketches other) {
        if (other.dimension() != dimension()) throw new IllegalArgumentException("cannot merge sketches of " + other.dimension() + " columns into " + dimension());
        for (int j = 0; j < sketches.length; j++) {
            sketches[j].merge(other.sketches[j]);
            long n = count[j] + other.count[j];
            if (n == 0) continue;
            double delta = other.mean[j] - mean[j];
            squares[j] += other.squares[j] + delta * delta * count[j] * (double) other.count[j] / n;
            mean[j] += delta * other.count[j] / n;
            count[j] = n;
        }
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(sketches.length);
        for (int j = 0; j < sketches.length; j++) {
            out.writeLong(count[j]);
            out.writeDouble(mean[j]);
            out.writeDouble(squares[j]);
            byte[] bytes = sketches[j].toByteArray();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    public static ColumnSketches read(DataInputStream in) throws IOException {
        ColumnSketches s = new ColumnSketches(in.readInt(), 8);   // each sketch is replaced by the stored one
        for (int j = 0; j < s.sketches.length; j++) {
            s.count[j] = in.readLong();
            s.mean[j] = in.readDouble();
            s.squares[j] = in.readDouble();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            s.sketches[j] = KllDoublesSketch.heapify(Memory.wrap(bytes));
        }
        return s;
    }
}
