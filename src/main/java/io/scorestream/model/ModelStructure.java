package io.scorestream.model;

import io.scorestream.schedule.TimeGrid;

/**
 * Everything a learner needs before it sees a statistic: the schedule, the standardiser and
 * every level's partition and feature maps, under one partition version. Statistics gathered on
 * one version never mix with another's.
 */
public record ModelStructure(TimeGrid schedule, Standardiser standardiser, LevelStructure[] levels, long version, RecordSchema recordSchema) {
    public ModelStructure {
        if (levels.length != schedule.size())
            throw new IllegalArgumentException(levels.length + " level structures for a schedule of " + schedule.size());
        if (recordSchema == null) recordSchema = RecordSchema.UNNAMED_CSV;
        if (recordSchema.named() && recordSchema.names().size() != standardiser.dimension())
            throw new IllegalArgumentException(recordSchema.names().size() + " column names for dimension " + standardiser.dimension());
        levels = levels.clone();
    }

    /** A structure whose columns have no names (a planner's; the stream or fit names them). */
    public ModelStructure(TimeGrid schedule, Standardiser standardiser, LevelStructure[] levels, long version) {
        this(schedule, standardiser, levels, version, RecordSchema.UNNAMED_CSV);
    }

    public ModelStructure withRecordSchema(RecordSchema named) {
        return new ModelStructure(schedule, standardiser, levels, version, named);
    }

    public int dimension() { return standardiser.dimension(); }
    public LevelStructure level(int j) { return levels[j]; }
    public int levelCount() { return levels.length; }
}
