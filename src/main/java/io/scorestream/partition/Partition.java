package io.scorestream.partition;

import org.ejml.data.DMatrixRMaj;

/**
 * Voronoi cells of K centres given in clean-data (x₀) coordinates. At OU level with signal
 * scale a, a noisy point x_t belongs to the cell of the nearest scaled centre a·c, which is the
 * [GKL] rule (nearest centre to y = x_t/a in variance-exploding coordinates).
 */
public final class Partition {
    private final int dimension;
    private final int size;
    private final double[] centres; // K×d row-major

    public Partition(DMatrixRMaj centres) {
        if (centres.numRows < 1) throw new IllegalArgumentException("a partition needs at least one centre");
        this.dimension = centres.numCols;
        this.size = centres.numRows;
        this.centres = centres.data.length == size * dimension ? centres.data.clone()
                : java.util.Arrays.copyOf(centres.data, size * dimension);
    }

    /** The one-cell partition at the origin, [GKL]'s starting point at the largest noise. */
    public static Partition single(int dimension) { return new Partition(new DMatrixRMaj(1, dimension)); }

    public int size() { return size; }
    public int dimension() { return dimension; }

    public DMatrixRMaj centres() { return DMatrixRMaj.wrap(size, dimension, centres.clone()); }

    public double[] centre(int cell) {
        double[] c = new double[dimension];
        System.arraycopy(centres, cell * dimension, c, 0, dimension);
        return c;
    }

    /** Index of the centre nearest to x[offset..offset+d) / scale, i.e. of a·c nearest to x. */
    public int nearest(double[] x, int offset, double scale) {
        if (size == 1) return 0;
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        int d = dimension;
        for (int k = 0; k < size; k++) {
            double dist = 0;
            int base = k * d;
            for (int j = 0; j < d && dist < bestDistance; j++) {
                double diff = x[offset + j] - scale * centres[base + j];
                dist += diff * diff;
            }
            if (dist < bestDistance) { bestDistance = dist; best = k; }
        }
        return best;
    }

    /**
     * A nearest-centre search for many points at one signal scale a: the scaled centres are stored
     * transposed (d×K), so each point's K squared distances accumulate in one contiguous loop over
     * the centres that the JIT vectorises. Distances are summed in the same order as
     * {@link #nearest}, so both give the same cells.
     */
    public Finder finder(double scale) { return new Finder(scale); }

    /** See {@link #finder}; immutable and shareable across threads (callers pass the scratch). */
    public final class Finder {
        private final double[] scaledTransposed; // d×K: scale·centres, transposed

        private Finder(double scale) {
            int d = dimension, k = size;
            scaledTransposed = new double[d * k];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++) scaledTransposed[j * k + c] = scale * centres[c * d + j];
        }

        /** Scratch {@link #assign} needs: one distance per centre. */
        public double[] newWork() { return new double[size]; }

        /** The cell of each of the rows points x[i·d .. i·d+d), i &lt; rows, into cells[0..rows). */
        public void assign(double[] x, int rows, int[] cells, double[] distances) {
            int d = dimension, k = size;
            if (k == 1) {
                java.util.Arrays.fill(cells, 0, rows, 0);
                return;
            }
            double[] ct = scaledTransposed;
            for (int i = 0; i < rows; i++) {
                int base = i * d;
                double x0 = x[base];
                for (int c = 0; c < k; c++) {
                    double diff = x0 - ct[c];
                    distances[c] = diff * diff;
                }
                for (int j = 1; j < d; j++) {
                    double xj = x[base + j];
                    int row = j * k;
                    for (int c = 0; c < k; c++) {
                        double diff = xj - ct[row + c];
                        distances[c] += diff * diff;
                    }
                }
                int best = 0;
                double bestDistance = distances[0];
                for (int c = 1; c < k; c++)
                    if (distances[c] < bestDistance) { bestDistance = distances[c]; best = c; }
                cells[i] = best;
            }
        }
    }

    /** Cell of every row of points (unscaled). */
    public int[] assign(DMatrixRMaj points) {
        int[] cells = new int[points.numRows];
        for (int i = 0; i < cells.length; i++) cells[i] = nearest(points.data, i * points.numCols, 1.0);
        return cells;
    }
}
