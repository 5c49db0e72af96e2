package io.scorestream.learn;

/**
 * The learner's few parameters, with defaults that work without knowing the data: every value
 * left at {@link #AUTO} is chosen from the dimension and sample count by {@link #resolve}.
 *
 * @param levels            noise levels (200: DESIGN §2 fact 3)
 * @param minTime           smallest OU time; s = √(2t) ≈ 0.002 of the standardised scale
 * @param maxTime           largest OU time; e^{−t} ≈ 5e-5, pure noise
 * @param degree            Hermite degree of the per-cell polynomial
 * @param rank              principal directions per cell the polynomial spans (auto: min(d, 4))
 * @param maxCells          cap on Voronoi cells per level (auto: 32, fewer when data is short)
 * @param reservoir         samples used to plan partitions (warm start)
 * @param ridge             relative ridge λ (Λ_ii = λ·G_ii)
 * @param forgetting        forgetting factor γ per sample, 1 = keep everything
 * @param coverRadius       greedy-cover radius in units of the level's x₀-space noise s/a
 * @param partition         how centres are chosen
 * @param seed              seed of every random choice (noise draws, reservoir, k-means++)
 */
public record FitOptions(int levels, double minTime, double maxTime, int degree, int rank, int maxCells,
                         int reservoir, double ridge, double forgetting, double coverRadius,
                         PartitionMethod partition, long seed) {
    public static final int AUTO = -1;

    public enum PartitionMethod { COVER, KMEANS }

    public static FitOptions defaults() {
        return new FitOptions(200, 2e-6, 10, 2, AUTO, AUTO, 4096, 1e-4, 1, 1.0, PartitionMethod.COVER, 0);
    }

    public FitOptions withSeed(long s) { return new FitOptions(levels, minTime, maxTime, degree, rank, maxCells, reservoir, ridge, forgetting, coverRadius, partition, s); }
    public FitOptions withLevels(int l) { return new FitOptions(l, minTime, maxTime, degree, rank, maxCells, reservoir, ridge, forgetting, coverRadius, partition, seed); }
    public FitOptions withDegree(int g) { return new FitOptions(levels, minTime, maxTime, g, rank, maxCells, reservoir, ridge, forgetting, coverRadius, partition, seed); }
    public FitOptions withRank(int r) { return new FitOptions(levels, minTime, maxTime, degree, r, maxCells, reservoir, ridge, forgetting, coverRadius, partition, seed); }
    public FitOptions withMaxCells(int k) { return new FitOptions(levels, minTime, maxTime, degree, rank, k, reservoir, ridge, forgetting, coverRadius, partition, seed); }
    public FitOptions withForgetting(double g) { return new FitOptions(levels, minTime, maxTime, degree, rank, maxCells, reservoir, ridge, g, coverRadius, partition, seed); }
    public FitOptions withPartition(PartitionMethod m) { return new FitOptions(levels, minTime, maxTime, degree, rank, maxCells, reservoir, ridge, forgetting, coverRadius, m, seed); }
    public FitOptions withCoverRadius(double c) { return new FitOptions(levels, minTime, maxTime, degree, rank, maxCells, reservoir, ridge, forgetting, c, partition, seed); }
    public FitOptions withRidge(double r) { return new FitOptions(levels, minTime, maxTime, degree, rank, maxCells, reservoir, r, forgetting, coverRadius, partition, seed); }
    public FitOptions withReservoir(int r) { return new FitOptions(levels, minTime, maxTime, degree, rank, maxCells, r, ridge, forgetting, coverRadius, partition, seed); }

    /** Checks every value and fills in the automatic ones for data of this dimension and size. */
    public FitOptions resolve(int dimension, long expectedSamples) {
        require(levels >= 2, "levels must be at least 2, got " + levels);
        require(minTime > 0 && maxTime > minTime, "need 0 < min-time < max-time, got " + minTime + ", " + maxTime);
        require(degree >= 1 && degree <= 6, "degree must be 1..6, got " + degree);
        require(rank == AUTO || (rank >= 0 && rank <= dimension), "rank must be 0.." + dimension + ", got " + rank);
        require(maxCells == AUTO || maxCells >= 1, "max-cells must be at least 1, got " + maxCells);
        require(reservoir >= 16, "reservoir must be at least 16, got " + reservoir);
        require(ridge > 0 && ridge < 1, "ridge must be in (0, 1), got " + ridge);
        require(forgetting > 0 && forgetting <= 1, "forgetting factor must be in (0, 1], got " + forgetting);
        require(coverRadius > 0, "cover radius must be positive, got " + coverRadius);
        int r = rank == AUTO ? Math.min(dimension, 4) : rank;
        int p = io.scorestream.features.CellFeatureMap.size(dimension, new io.scorestream.features.HermiteBasis(r, degree));
        // Each cell should see at least ~8 samples per feature; never more than 32 cells.
        int cells = maxCells != AUTO ? maxCells : (int) Math.max(1, Math.min(32, expectedSamples / (8L * p)));
        return new FitOptions(levels, minTime, maxTime, degree, r, cells, reservoir, ridge, forgetting, coverRadius, partition, seed);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
