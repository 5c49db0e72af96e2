package io.scorestream.learn;

import io.scorestream.model.ModelStructure;
import io.scorestream.regression.CellStatistics;
import org.ejml.data.DMatrixRMaj;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to resume learning exactly where a snapshot was taken: the structure, every
 * cell's statistics ([level][cell]), how many good records they absorbed and how many bad ones
 * were dead-lettered, the next Kafka offset per partition (so the stream resumes right after the
 * last absorbed record: nothing lost, nothing counted twice), the model version, and the window
 * of recent raw samples the partitions are re-planned on.
 */
public record LearnerState(ModelStructure structure, CellStatistics[][] statistics, long absorbed, long deadLettered,
                           Map<String, Long> deadLetteredByReason,
                           Map<Integer, Long> nextOffsets, long modelVersion, DMatrixRMaj recentSamples, long[] recentPositions,
                           long createdAtMillis) {
    /**
     * The records a level's statistics hold: each absorbed record's shares over the level's cells
     * sum to one (its one Voronoi cell, or its posterior weights over soft cells), so with a
     * forgetting factor of 1 the level's total weight is its record count.
     */
    public double recordsAt(int level) {
        double sum = 0;
        for (var cell : statistics[level]) sum += cell.weight();
        return sum;
    }

    public LearnerState {
        if (statistics.length != structure.levelCount())
            throw new IllegalArgumentException(statistics.length + " levels of statistics for " + structure.levelCount() + " levels");
        if (recentPositions.length != recentSamples.numRows)
            throw new IllegalArgumentException(recentPositions.length + " positions for " + recentSamples.numRows + " recent samples");
        nextOffsets = java.util.Collections.unmodifiableMap(new TreeMap<>(nextOffsets));
        deadLetteredByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(deadLetteredByReason));
    }

    /** Statistics of the levels [first, first + count), for one band learner. */
    public CellStatistics[][] band(int first, int count) {
        CellStatistics[][] out = new CellStatistics[count][];
        System.arraycopy(statistics, first, out, 0, count);
        return out;
    }
}
