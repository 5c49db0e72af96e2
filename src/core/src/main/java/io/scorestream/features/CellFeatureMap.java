package io.scorestream.features;

import org.ejml.data.DMatrixRMaj;

/**
 * The features of one Voronoi cell at one noise level:
 * {@code φ(x) = [1, x − c, He_α(z)]} with {@code z_k = u_kᵀ(x − c)/σ_k}.
 *
 * <p>The affine part spans all d coordinates, because the exact score of a Gaussian component is
 * affine in x ([CKS]); the polynomial part is confined to the cell's top-r principal directions,
 * where neighbouring components overlap and the score bends ([GKL]). σ_k is the spread of x_t
 * along u_k at this level (√(a²λ_k + s²)), so z is O(1) and the Hermite terms orthogonal-ish.
 *
 * <p>z is clipped to ±{@value #Z_LIMIT}: beyond the cell's data a polynomial extrapolates wildly
 * (an odd degree sends reverse diffusion to infinity), whereas the affine part alone is the right
 * far-field form of a mixture's score ([CKS] switch to the affine Gaussian score there too).
 */
public final class CellFeatureMap {
    /** Clip of the standardised coordinates fed to the Hermite terms. */
    public static final double Z_LIMIT = 3;

    private final int dimension;
    private final double[] centre;        // in x_t coordinates (the x₀ centre times a)
    private final double[] directions;    // r×d row-major: u_k as rows
    private final double[] inverseScales; // 1/σ_k
    private final HermiteBasis basis;

    public CellFeatureMap(double[] centre, DMatrixRMaj directions, double[] scales, HermiteBasis basis) {
        int r = basis.rank();
        if (directions.numRows != r || directions.numCols != centre.length || scales.length != r)
            throw new IllegalArgumentException("directions must be " + r + "x" + centre.length + " with " + r + " scales");
        this.dimension = centre.length;
        this.centre = centre.clone();
        this.directions = directions.data.clone();
        this.inverseScales = new double[r];
        for (int k = 0; k < r; k++) {
            if (!(scales[k] > 0)) throw new IllegalArgumentException("feature scale must be positive, got " + scales[k]);
            inverseScales[k] = 1 / scales[k];
        }
        this.basis = basis;
    }

    public static int size(int dimension, HermiteBasis basis) { return 1 + dimension + basis.size(); }

    public int size() { return 1 + dimension + basis.size(); }
    public int dimension() { return dimension; }
    public double[] centre() { return centre.clone(); }
    public HermiteBasis basis() { return basis; }
    public DMatrixRMaj directions() { return DMatrixRMaj.wrap(basis.rank(), dimension, directions.clone()); }
    /** The r×d direction rows themselves (not a copy): for {@link CellGates} only, which never writes them. */
    double[] directionRows() { return directions; }

    public double[] scales() {
        double[] s = new double[inverseScales.length];
        for (int k = 0; k < s.length; k++) s[k] = 1 / inverseScales[k];
        return s;
    }

    /** Work space for {@link #map}, reusable across calls and cells with the same basis. */
    public double[] newWork() { return new double[workLength()]; }

    /** Length of the work array {@link #map} needs. */
    public int workLength() { return basis.rank() + basis.workSize(); }

    /** Writes φ(x) for x = xs[xOffset .. xOffset+d) into phi[phiOffset ..). */
    public void map(double[] xs, int xOffset, double[] phi, int phiOffset, double[] work) {
        int d = dimension;
        phi[phiOffset] = 1;
        for (int j = 0; j < d; j++) phi[phiOffset + 1 + j] = xs[xOffset + j] - centre[j];
        int r = basis.rank();
        if (basis.size() == 0) return;
        int k = 0, x = phiOffset + 1;
        // Two directions per pass: two independent sums hide the add latency a single running sum
        // waits on; each sum still runs over j in order, so the result is the same bit for bit.
        for (; k + 2 <= r; k += 2) {
            double v0 = 0, v1 = 0;
            int row0 = k * d, row1 = row0 + d;
            for (int j = 0; j < d; j++) {
                double e = phi[x + j];
                v0 += directions[row0 + j] * e;
                v1 += directions[row1 + j] * e;
            }
            work[k] = clip(v0 * inverseScales[k]);
            work[k + 1] = clip(v1 * inverseScales[k + 1]);
        }
        for (; k < r; k++) {
            double v = 0;
            int row = k * d;
            for (int j = 0; j < d; j++) v += directions[row + j] * phi[x + j];
            work[k] = clip(v * inverseScales[k]);
        }
        basis.evaluate(work, phi, phiOffset + 1 + d, work, r);  // z in work[0..r), He table after it
    }

    /**
     * {@link #map} for m points held as columns, times a weight per point: x[j][t] is coordinate j
     * of point t, v[k][t] its projection u_kᵀ(x − c) (the gates' own, when their centre and
     * directions are this map's), and features[q][t] becomes weight[t]·φ_q, bit for bit the
     * product of the weight and what {@link #map} writes. table needs
     * {@code basis().workSize()} rows of m.
     */
    public void weightedColumns(double[][] x, double[][] v, double[] weight, int m, double[][] features, double[][] table) {
        int d = dimension, r = basis.rank(), stride = basis.degree() + 1;
        System.arraycopy(weight, 0, features[0], 0, m);   // weight · 1
        for (int j = 0; j < d; j++) {
            double[] xj = x[j], f = features[1 + j];
            double cj = centre[j];
            for (int t = 0; t < m; t++) f[t] = weight[t] * (xj[t] - cj);
        }
        if (basis.size() == 0) return;
        for (int k = 0; k < r; k++) {
            double[] vk = v[k], z = table[k * stride + 1];
            double inverse = inverseScales[k];
            for (int t = 0; t < m; t++) z[t] = Math.max(-Z_LIMIT, Math.min(Z_LIMIT, vk[t] * inverse));
        }
        basis.evaluateColumns(table, m, features, 1 + d);
        for (int q = 1 + d; q < 1 + d + basis.size(); q++) {
            double[] f = features[q];
            for (int t = 0; t < m; t++) f[t] = weight[t] * f[t];
        }
    }

    /** Whether this map's centre is exactly the given one (the gates' a·μ_c). */
    public boolean centredAt(double[] centre, int offset) {
        for (int j = 0; j < dimension; j++) if (this.centre[j] != centre[offset + j]) return false;
        return true;
    }

    private static double clip(double z) { return Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z)); }
}
