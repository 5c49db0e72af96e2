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
     * A nearest-centre search for many points at one signal scale a. Points are taken
     * {@value Finder#BLOCK} at a time and transposed, so each centre's distances to the whole block
     * accumulate in long contiguous loops over the points that the JIT vectorises. Every distance is
     * summed over the coordinates in the same order as {@link #nearest}, and ties go to the lower
     * index there too, so both give the same cells.
     */
    public Finder finder(double scale) { return new Finder(scale); }

    /** See {@link #finder}; immutable and shareable across threads (callers pass the scratch). */
    public final class Finder {
        static final int BLOCK = 512;
        private final double[] scaled; // K×d: scale·centres

        private Finder(double scale) {
            scaled = new double[size * dimension];
            for (int i = 0; i < scaled.length; i++) scaled[i] = scale * centres[i];
        }

        /** Scratch for {@link #assign}; one per thread. */
        public Scratch newScratch() { return new Scratch(dimension); }

        /** The cell of each of the rows points x[i·d .. i·d+d), i &lt; rows, into cells[0..rows). */
        public void assign(double[] x, int rows, int[] cells, Scratch scratch) {
            int d = dimension, k = size;
            if (k == 1) {
                java.util.Arrays.fill(cells, 0, rows, 0);
                return;
            }
            scratch.ensure(d);
            // The block is transposed into one array per coordinate, so every inner loop indexes its
            // arrays by the loop variable alone: C2 (JDK 17) vectorises that, but not a flat array
            // read at row + i beside another array at i (PERFORMANCE.md §1).
            double[][] points = scratch.points;
            double[] distances = scratch.distances, best = scratch.best;
            for (int first = 0; first < rows; first += BLOCK) {
                int n = Math.min(BLOCK, rows - first);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < d; j++) points[j][i] = x[(first + i) * d + j];
                for (int c = 0; c < k; c++) {
                    double cj = scaled[c * d];
                    double[] coordinate = points[0];
                    for (int i = 0; i < n; i++) {
                        double diff = coordinate[i] - cj;
                        distances[i] = diff * diff;
                    }
                    for (int j = 1; j < d; j++) {
                        cj = scaled[c * d + j];
                        coordinate = points[j];
                        for (int i = 0; i < n; i++) {
                            double diff = coordinate[i] - cj;
                            distances[i] += diff * diff;
                        }
                    }
                    if (c == 0) {
                        System.arraycopy(distances, 0, best, 0, n);
                        java.util.Arrays.fill(cells, first, first + n, 0);
                    } else {
                        for (int i = 0; i < n; i++)
                            if (distances[i] < best[i]) { best[i] = distances[i]; cells[first + i] = c; }
                    }
                }
            }
        }
    }

    /** Per-thread scratch of {@link Finder#assign}: a transposed block of points and its distances. */
    public static final class Scratch {
        double[][] points = new double[0][];
        final double[] distances = new double[Finder.BLOCK], best = new double[Finder.BLOCK];

        public Scratch() {}

        Scratch(int dimension) { ensure(dimension); }

        void ensure(int dimension) {
            if (points.length < dimension) points = new double[dimension][Finder.BLOCK];
        }
    }

    /** Cell of every row of points (unscaled). */
    public int[] assign(DMatrixRMaj points) {
        int[] cells = new int[points.numRows];
        finder(1.0).assign(points.data, points.numRows, cells, new Scratch());
        return cells;
    }
}
