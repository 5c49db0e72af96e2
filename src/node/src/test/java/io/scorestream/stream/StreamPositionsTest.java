package io.scorestream.stream;

import io.scorestream.learn.DrawSchedule;
import io.scorestream.learn.ScoreLearner;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** A record's position is its noise key: partition and offset, with room between them for its further draws. */
class StreamPositionsTest {
    @Test
    void everyDrawOfEveryRecordHasItsOwnKey() {
        int[] partitions = {0, 1, 2, 5, IngestStream.MAX_PARTITIONS - 1};
        long[] offsets = {0, 1, 2, 1_000_000, (1L << DrawSchedule.OFFSET_BITS) - 1};
        int[] draws = {0, 1, 2, 63, 1023};
        Set<Long> keys = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (int p : partitions)
            for (long o : offsets) {
                long position = IngestStream.position(p, o);
                assertEquals(p, IngestStream.partitionOf(position));
                assertEquals(o, IngestStream.offsetOf(position));
                assertTrue(position > previous, "positions sort by partition, then offset");
                previous = position;
                for (int r : draws) assertTrue(keys.add(position + r * ScoreLearner.DRAW_STRIDE), "partition " + p + " offset " + o + " draw " + r);
            }
        // Draw r of a record in partition p was once partition p + r's record at the same offset.
        assertNotEquals(IngestStream.position(1, 7), IngestStream.position(0, 7) + ScoreLearner.DRAW_STRIDE);
        assertThrows(IllegalArgumentException.class, () -> IngestStream.position(IngestStream.MAX_PARTITIONS, 0));
        assertThrows(IllegalArgumentException.class, () -> IngestStream.position(-1, 0));
    }

    @Test
    void aStreamsScheduleDrawsEachPartitionsFirstWarmUpRecords() {
        DrawSchedule schedule = new DrawSchedule(5, 100);
        assertEquals(5, schedule.at(IngestStream.position(0, 0)));
        assertEquals(5, schedule.at(IngestStream.position(3, 99)));
        assertEquals(1, schedule.at(IngestStream.position(3, 100)));
        assertEquals(1, schedule.at(IngestStream.position(0, 5_000)));
        assertEquals(1, DrawSchedule.ONE.at(IngestStream.position(2, 0)));
        assertThrows(IllegalArgumentException.class, () -> new DrawSchedule(0, 10));
    }
}
