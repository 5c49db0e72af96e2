package io.scorestream.model;

import io.scorestream.columns.Columns;
import io.scorestream.schedule.TimeGrid;

/**
 * Everything a learner needs before it sees a statistic: the schedule, the column transforms and
 * value types ({@link Columns}), and
 * every level's partition and feature maps, under one partition version. Statistics gathered on
 * one version never mix with another's.
 */
public record ModelStructure(TimeGrid schedule, Columns columns, LevelStructure[] levels, long version) {
    public ModelStructure {
        if (levels.length != schedule.size())
            throw new IllegalArgumentException(levels.length + " level structures for a schedule of " + schedule.size());
        levels = levels.clone();
    }

    public int dimension() { return columns.dimension(); }
    public LevelStructure level(int j) { return levels[j]; }
    public int levelCount() { return levels.length; }
}
