package io.scorestream.model;

import io.scorestream.features.CellFeatureMap;
import io.scorestream.partition.Partition;

/**
 * What a level's regression is set up on before any statistic is gathered: its OU time, the
 * Voronoi partition (centres in x₀ coordinates, warm-started from the level above) and one
 * feature map per cell. Statistics are only meaningful for the structure they were built on.
 */
public record LevelStructure(double time, Partition partition, CellFeatureMap[] features) {

    public LevelStructure {
        if (features.length != partition.size())
            throw new IllegalArgumentException(features.length + " feature maps for " + partition.size() + " cells");
        features = features.clone();
    }

    public double alpha() { return Math.exp(-time); }
    public double sigma() { return Math.sqrt(-Math.expm1(-2 * time)); }
    public int cells() { return partition.size(); }
    public int dimension() { return partition.dimension(); }
    public int featureCount() { return features[0].size(); }

    /** Cell of the noisy point x[offset..offset+d). */
    public int cellOf(double[] x, int offset) { return partition.nearest(x, offset, alpha()); }
}
