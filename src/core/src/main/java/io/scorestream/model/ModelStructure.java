package io.scorestream.model;

import io.scorestream.io.RecordSchema;
import io.scorestream.columns.Columns;
import io.scorestream.schedule.TimeGrid;

/**
 * Everything a learner needs before it sees a statistic: the schedule, the column transforms and
 * value types ({@link Columns}), and
 * every level's partition and feature maps, under one partition version. Statistics gathered on
 * one version never mix with another's.
 */
public record ModelStructure(TimeGrid schedule, Columns columns, LevelStructure[] levels, long version, RecordSchema recordSchema) {
    public ModelStructure {
        if (levels.length != schedule.size())
            throw new IllegalArgumentException(levels.length + " level structures for a schedule of " + schedule.size());
        if (recordSchema == null) recordSchema = RecordSchema.UNNAMED_CSV;
        if (recordSchema.named() && recordSchema.names().size() != columns.dimension())
            throw new IllegalArgumentException(recordSchema.names().size() + " column names for dimension " + columns.dimension());
        levels = levels.clone();
    }

    /** A structure whose columns have no names (a planner's; the stream or fit names them). */
    public ModelStructure(TimeGrid schedule, Columns columns, LevelStructure[] levels, long version) {
        this(schedule, columns, levels, version, RecordSchema.UNNAMED_CSV);
    }

    public ModelStructure withRecordSchema(RecordSchema named) {
        return new ModelStructure(schedule, columns, levels, version, named);
    }

    public int dimension() { return columns.dimension(); }
    public LevelStructure level(int j) { return levels[j]; }
    public int levelCount() { return levels.length; }
}
