package io.scorestream.model;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.features.CellGates;
import io.scorestream.partition.Partition;

/**
 * What a level's regression is set up on before any statistic is gathered: its OU time, the
 * partition (centres in x₀ coordinates, warm-started from the level above), one feature map per
 * cell, and the cells' gates: soft cells ({@link CellGates}) or, when gates is null, Voronoi
 * cells (each point in its nearest centre's cell). Statistics are only meaningful for the
 * structure they were built on.
 */
public record LevelStructure(double time, Partition partition, CellFeatureMap[] features, CellGates gates) {

    public LevelStructure {
        if (features.length != partition.size())
            throw new IllegalArgumentException(features.length + " feature maps for " + partition.size() + " cells");
        if (gates != null && gates.cells() != partition.size())
            throw new IllegalArgumentException(gates.cells() + " gates for " + partition.size() + " cells");
        features = features.clone();
    }

    /** Voronoi cells. */
    public LevelStructure(double time, Partition partition, CellFeatureMap[] features) {
        this(time, partition, features, null);
    }

    public double alpha() { return Math.exp(-time); }
    public double sigma() { return Math.sqrt(-Math.expm1(-2 * time)); }
    public int cells() { return partition.size(); }
    public int dimension() { return partition.dimension(); }
    public int featureCount() { return features[0].size(); }
    public boolean soft() { return gates != null && partition.size() > 1; }

    /**
     * Whether the soft cells share one covariance (a tied mixture's cells): every gate the same
     * variances and residual, every cell the same directions. Cells fitted each with its own
     * covariance are never equal to the last bit.
     */
    public boolean tiedGates() { return soft() && gates.shareOneCovariance(features); }

    /** Gates of noisy points at this level (soft cells only). */
    public CellGates.Evaluator noisyGates() { return gates.at(alpha(), -Math.expm1(-2 * time), partition.centres().data, features); }

    /** Responsibilities of clean points, x₀ (soft cells only). */
    public CellGates.Evaluator cleanGates() { return gates.at(1, 0, partition.centres().data, features); }

    /** Cell of the noisy point x[offset..offset+d). */
    public int cellOf(double[] x, int offset) { return partition.nearest(x, offset, alpha()); }
}
