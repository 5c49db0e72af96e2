package io.scorestream.model;

import io.scorestream.io.RecordSchema;
import io.scorestream.columns.Columns;
import io.scorestream.schedule.TimeGrid;
import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;

/**
 * A learned generator: one {@link LevelModel} per noise level of the schedule, on the latent
 * coordinates of its {@link Columns} (per-column transforms of the data). Immutable, so samplers on many threads and a learner publishing new versions never
 * need a lock.
 *
 * <p>Between levels the noise predictions of the two neighbouring levels are blended linearly in
 * log t (ε is O(1) at every level, unlike the score, so the blend is well behaved), which lets a
 * sampler run on any grid. Below the lowest level the lowest level's score is used.
 */
public final class ScoreModel implements ScoreFunction {
    private final TimeGrid schedule;
    private final Columns columns;
    private final SubspaceSplit split;
    private final LevelTable levels;
    private final ModelInfo info;
    private final double[] logTimes;
    private final RecordSchema recordSchema;
    /** A date written as columns, kept on every generated row; null for none. */
    private final io.scorestream.io.CalendarColumns.Calendar calendar;
    /** A day of the week beside a column of dates, kept on every generated row; null for none. */
    private final io.scorestream.io.WeekdayColumns.Link weekday;

    /** A model whose columns have no names (see {@link #withRecordSchema}). */
    public ScoreModel(TimeGrid schedule, Columns columns, LevelModel[] levels, ModelInfo info) {
        this(schedule, columns, levels, info, RecordSchema.UNNAMED_CSV);
    }

    public ScoreModel(TimeGrid schedule, Columns columns, LevelModel[] levels, ModelInfo info, RecordSchema recordSchema) {
        this(schedule, columns, SubspaceSplit.full(columns.dimension()), levels, info, recordSchema);
    }

    /** A model whose cells live in split's subspace (their levels in its r coordinates). */
    public ScoreModel(TimeGrid schedule, Columns columns, SubspaceSplit split, LevelModel[] levels, ModelInfo info, RecordSchema recordSchema) {
        if (split.dimension() != columns.dimension())
            throw new IllegalArgumentException("subspace split of dimension " + split.dimension() + " for data of dimension " + columns.dimension());
        if (levels.length != schedule.size())
            throw new IllegalArgumentException(levels.length + " level models for a schedule of " + schedule.size());
        for (int j = 0; j < levels.length; j++)
            if (levels[j].time() != schedule.time(j))
                throw new IllegalArgumentException("level " + j + " was fitted at t=" + levels[j].time() + ", schedule says " + schedule.time(j));
        this.schedule = schedule;
        this.columns = columns;
        this.split = split;
        this.levels = LevelTable.of(levels.clone());
        this.info = info;
        this.recordSchema = checkedSchema(recordSchema, columns);
        this.calendar = io.scorestream.io.CalendarColumns.of(this.recordSchema);
        this.weekday = io.scorestream.io.WeekdayColumns.of(this.recordSchema);
        this.logTimes = logTimes(schedule);
    }

    /** A model whose levels come from table (each level at its schedule time, by the table's making). */
    ScoreModel(TimeGrid schedule, Columns columns, SubspaceSplit split, LevelTable levels, ModelInfo info, RecordSchema recordSchema) {
        if (levels.size() != schedule.size())
            throw new IllegalArgumentException(levels.size() + " level models for a schedule of " + schedule.size());
        this.schedule = schedule;
        this.columns = columns;
        this.split = split;
        this.levels = levels;
        this.info = info;
        this.recordSchema = checkedSchema(recordSchema, columns);
        this.calendar = io.scorestream.io.CalendarColumns.of(this.recordSchema);
        this.weekday = io.scorestream.io.WeekdayColumns.of(this.recordSchema);
        this.logTimes = logTimes(schedule);
    }

    private static RecordSchema checkedSchema(RecordSchema recordSchema, Columns columns) {
        RecordSchema schema = recordSchema == null ? RecordSchema.UNNAMED_CSV : recordSchema;
        if (schema.named() && schema.names().size() != columns.dimension())
            throw new IllegalArgumentException(schema.names().size() + " column names for dimension " + columns.dimension());
        return schema;
    }

    private static double[] logTimes(TimeGrid schedule) { return Arrays.stream(schedule.times()).map(Math::log).toArray(); }

    public TimeGrid schedule() { return schedule; }
    public Columns columns() { return columns; }
    public SubspaceSplit split() { return split; }

    /** Generated latent rows back to data, each value on its column's type a date written as columns on a date and a day of the week's date on it (in place). */
    public void toData(DMatrixRMaj latent) {
        columns.toData(latent);
        keepDates(latent);
    }

    /** Dates written as columns, and days of the week beside dates, kept on every row. */
    private void keepDates(DMatrixRMaj rows) {
        if (calendar != null) io.scorestream.io.CalendarColumns.keep(rows, calendar);
        if (weekday != null) {
            io.scorestream.columns.ColumnType dates = columns.types().type(weekday.date());
            io.scorestream.io.WeekdayColumns.keep(rows, weekday, recordSchema, dates.lower(), dates.upper());
        }
    }

    /** As {@link #toData(DMatrixRMaj)}, the gapped columns read through the generator's own margins ({@link io.scorestream.columns.MarginCalibration}). */
    public void toData(DMatrixRMaj latent, io.scorestream.columns.MarginCalibration calibration) {
        columns.toData(latent, calibration);
        keepDates(latent);
    }
    public ModelInfo info() { return info; }
    /** The columns' names, order and record format. */
    public RecordSchema recordSchema() { return recordSchema; }
    public int levelCount() { return levels.size(); }
    public LevelModel level(int j) { return levels.get(j); }
    /** How many levels are decoded so far (all but for a lazily read file). */
    int decodedLevelCount() { return levels.decodedCount(); }
    @Override public int dimension() { return columns.dimension(); }

    /** The structure the levels were solved on (partition version from the model info). */
    public ModelStructure structure() {
        LevelStructure[] structures = new LevelStructure[levels.size()];
        for (int j = 0; j < structures.length; j++) structures[j] = levels.get(j).structure();
        return new ModelStructure(schedule, columns, structures, info.partitionVersion(), recordSchema, split);
    }

    public ScoreModel withInfo(ModelInfo newInfo) { return new ScoreModel(schedule, columns, split, levels, newInfo, recordSchema); }

    public ScoreModel withRecordSchema(RecordSchema named) { return new ScoreModel(schedule, columns, split, levels, info, named); }

    /** ε̂ = E[z | x_t = x] at a trained level. */
    public void noise(int level, DMatrixRMaj x, DMatrixRMaj out) { levelNoise(level, x, out); }

    /**
     * A level's ε̂ in all d coordinates: the level's cells directly when the split is full, else its
     * cells on the projection y = Ux, lifted back with the complement's exact affine part.
     */
    private void levelNoise(int level, DMatrixRMaj x, DMatrixRMaj out) {
        if (split.isFull()) {
            levels.get(level).predictNoise(x, out);
            return;
        }
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, split.rank()), noiseY = new DMatrixRMaj(x.numRows, split.rank());
        split.project(x, y);
        LevelModel model = levels.get(level);
        model.predictNoise(y, noiseY);
        split.lift(model.structure().alpha(), model.structure().sigma(), x, y, noiseY, out);
    }

    /** Tweedie's E[x₀ | x_t = x] = (x − s·ε̂)/a at a trained level. */
    public void denoise(int level, DMatrixRMaj x, DMatrixRMaj out) {
        levelNoise(level, x, out);
        double a = schedule.alpha(level), s = schedule.sigma(level);
        for (int i = 0; i < out.data.length && i < x.getNumElements(); i++) out.data[i] = (x.data[i] - s * out.data[i]) / a;
    }

    @Override
    public void score(double t, DMatrixRMaj x, DMatrixRMaj out) {
        double logT = Math.log(t);
        int n = logTimes.length;
        double s = Math.sqrt(-Math.expm1(-2 * t));
        if (logT <= logTimes[0]) {
            levelNoise(0, x, out);
            scaleInPlace(out, -1 / schedule.sigma(0));
            return;
        }
        if (logT >= logTimes[n - 1]) {
            levelNoise(n - 1, x, out);
            scaleInPlace(out, -1 / s);
            return;
        }
        int hi = Arrays.binarySearch(logTimes, logT);
        if (hi >= 0) {
            levelNoise(hi, x, out);
            scaleInPlace(out, -1 / s);
            return;
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double w = (logT - logTimes[lo]) / (logTimes[hi] - logTimes[lo]);
        DMatrixRMaj upper = new DMatrixRMaj(x.numRows, x.numCols);
        levelNoise(lo, x, out);
        levelNoise(hi, x, upper);
        for (int i = 0; i < out.getNumElements(); i++) out.data[i] = -((1 - w) * out.data[i] + w * upper.data[i]) / s;
    }

    private static void scaleInPlace(DMatrixRMaj m, double factor) {
        int len = m.getNumElements();
        for (int i = 0; i < len; i++) m.data[i] *= factor;
    }
}
