package io.scorestream.model;

import io.scorestream.schedule.TimeGrid;

/**
 * Everything a learner needs before it sees a statistic: the schedule, the standardiser and
 * every level's partition and feature maps, under one partition version. Statistics gathered on
 * one version never mix with another's.
 */
public record ModelStructure(TimeGrid schedule, Standardiser standardiser, LevelStructure[] levels, long version) {
    public ModelStructure {
        if (levels.length != schedule.size())
            throw new IllegalArgumentException(levels.length + " level structures for a schedule of " + schedule.size());
        levels = levels.clone();
    }

    public int dimension() { return standardiser.dimension(); }
    public LevelStructure level(int j) { return levels[j]; }
    public int levelCount() { return levels.length; }
}
