package io.scorestream.model;

import io.scorestream.io.RecordSchema;
import io.scorestream.columns.Columns;
import io.scorestream.schedule.TimeGrid;

/**
 * Everything a learner needs before it sees a statistic: the schedule, the column transforms and
 * value types ({@link Columns}), the subspace the cells live in ({@link SubspaceSplit}) and
 * every level's partition and feature maps (in that subspace's coordinates), under one partition
 * version. Statistics gathered on one version never mix with another's.
 */
public record ModelStructure(TimeGrid schedule, Columns columns, LevelStructure[] levels, long version, RecordSchema recordSchema,
                             SubspaceSplit split) {
    public ModelStructure {
        if (levels.length != schedule.size())
            throw new IllegalArgumentException(levels.length + " level structures for a schedule of " + schedule.size());
        if (recordSchema == null) recordSchema = RecordSchema.UNNAMED_CSV;
        if (recordSchema.named() && recordSchema.names().size() != columns.dimension())
            throw new IllegalArgumentException(recordSchema.names().size() + " column names for dimension " + columns.dimension());
        if (split == null) split = SubspaceSplit.full(columns.dimension());
        if (split.dimension() != columns.dimension())
            throw new IllegalArgumentException("subspace split of dimension " + split.dimension() + " for data of dimension " + columns.dimension());
        for (LevelStructure level : levels)
            if (level.dimension() != split.rank())
                throw new IllegalArgumentException("a level has cells of dimension " + level.dimension() + ", the subspace has rank " + split.rank());
        levels = levels.clone();
    }

    /** A structure whose cells see every coordinate. */
    public ModelStructure(TimeGrid schedule, Columns columns, LevelStructure[] levels, long version, RecordSchema recordSchema) {
        this(schedule, columns, levels, version, recordSchema, null);
    }

    /** A structure whose columns have no names (a planner's; the stream or fit names them). */
    public ModelStructure(TimeGrid schedule, Columns columns, LevelStructure[] levels, long version) {
        this(schedule, columns, levels, version, RecordSchema.UNNAMED_CSV, null);
    }

    public ModelStructure withRecordSchema(RecordSchema named) {
        return new ModelStructure(schedule, columns, levels, version, named, split);
    }

    /** The same structure under another partition version and column names. */
    public ModelStructure withVersion(long newVersion, RecordSchema named) {
        return new ModelStructure(schedule, columns, levels, newVersion, named, split);
    }

    public int dimension() { return columns.dimension(); }
    public LevelStructure level(int j) { return levels[j]; }
    public int levelCount() { return levels.length; }
}
