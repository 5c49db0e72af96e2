package io.scorestream.learn;

import io.scorestream.model.ModelStructure;

/**
 * How many noise draws a stream's learner takes of a record, by the record's offset in its
 * partition (a position's low {@value #OFFSET_BITS} bits): {@code draws} for the first
 * {@code records} offsets, one after. A record's draws each weigh 1/draws, so it still weighs one.
 *
 * <p>Why: on a short stream, or a small table streamed, one draw a record leaves each cell's
 * regression the noise of too few rows. {@code fit} gives a file of n records
 * {@link FitOptions#automaticDraws} draws each; a stream gives its first warm-up records of each
 * partition the draws {@code fit} would give the warm-up, so a one-partition stream whose warm-up
 * holds every record learns {@code fit}'s model, and a long stream pays the extra draws once.
 * One draw a record on wine's 178 rows sampled at C2ST 0.573 against 0.506 with {@code fit}'s 26
 * (QUALITY.md, "A streamed table against fit's").
 */
public record DrawSchedule(int draws, long records) {
    /** Bits of a position that hold the record's offset in its partition. */
    public static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    /** One draw for every record. */
    public static final DrawSchedule ONE = new DrawSchedule(1, 0);

    public DrawSchedule {
        if (draws < 1 || draws > 1024) throw new IllegalArgumentException("draws must be 1..1024, got " + draws);
        if (records < 0) throw new IllegalArgumentException("records must not be negative, got " + records);
    }

    /** A stream's: fit's automatic draws for warmUp records, for each partition's first warmUp records. */
    public static DrawSchedule forWarmUp(ModelStructure structure, long warmUp) {
        return new DrawSchedule(FitOptions.automaticDraws(structure.levels(), warmUp), warmUp);
    }

    /** The draws of the record at this position. */
    public int at(long position) {
        return (position & OFFSET_MASK) < records ? draws : 1;
    }
}
