package io.scorestream.stream;

import io.scorestream.regression.CellStatistics;

import java.util.BitSet;

/**
 * Statistics of all levels arriving in slices of levels (a partition's report, a node's sum): whole
 * once every slice is in. A slice is counted by its first level, once: the same slice can arrive
 * twice (two rounds, or a former and a new owner at one offset), and counting arrivals called a
 * report with levels missing whole (RELIABILITY.md, "A slice counts once").
 */
final class SlicedStatistics {
    final CellStatistics[][] statistics;
    private final BitSet received = new BitSet();
    private int slicesMissing;

    SlicedStatistics(int levels, int slices) {
        this.statistics = new CellStatistics[levels][];
        this.slicesMissing = slices;
    }

    /** Takes a slice of levels [firstLevel, firstLevel + slice.length). */
    void take(int firstLevel, CellStatistics[][] slice) {
        System.arraycopy(slice, 0, statistics, firstLevel, slice.length);
        if (!received.get(firstLevel)) {
            received.set(firstLevel);
            slicesMissing--;
        }
    }

    boolean whole() { return slicesMissing == 0; }
}
