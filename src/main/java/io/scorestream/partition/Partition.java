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

    /** Cell of every row of points (unscaled). */
    public int[] assign(DMatrixRMaj points) {
        int[] cells = new int[points.numRows];
        for (int i = 0; i < cells.length; i++) cells[i] = nearest(points.data, i * points.numCols, 1.0);
        return cells;
    }
}
