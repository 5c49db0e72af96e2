package io.scorestream.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** When records waiting without progress is a stall, on a clock the test moves. */
class StallWatchTest {
    static Map<Integer, TopicOffsets.Range> ends(long p0, long p1) {
        return Map.of(0, new TopicOffsets.Range(0, p0), 1, new TopicOffsets.Range(0, p1));
    }

    @Test
    void recordsWaitingWithoutProgressForStallAfterIsAStall() {
        StallWatch w = new StallWatch(Duration.ofSeconds(10), 0);
        w.observe(Map.of(0, 5L, 1, 5L), ends(100, 100), 1_000);
        assertEquals(new StallWatch.Status(190, 0, false), w.status(1_000));
        w.observe(Map.of(0, 5L, 1, 5L), ends(100, 120), 9_000);       // more records arrive, none taken
        assertEquals(new StallWatch.Status(210, 8, false), w.status(9_000));
        assertTrue(w.status(11_000).stalled(), "10 s without progress while records wait");
        assertEquals(10.0, w.status(11_000).secondsWithoutProgress(), 1e-9);
        w.observe(Map.of(0, 6L, 1, 5L), ends(100, 120), 12_000);      // one record taken: progress
        assertEquals(new StallWatch.Status(209, 0, false), w.status(12_000));
        assertFalse(w.status(21_999).stalled());
        assertTrue(w.status(22_000).stalled());
    }

    @Test
    void aQuietTopicIsNeverAStall() {
        StallWatch w = new StallWatch(Duration.ofSeconds(1), 0);
        w.observe(Map.of(0, 100L), Map.of(0, new TopicOffsets.Range(0, 100)), 0);
        assertEquals(new StallWatch.Status(0, 0, false), w.status(3_600_000));
        // Records the topic's retention deleted cannot be read, so they do not wait.
        w.observe(Map.of(0, 100L), Map.of(0, new TopicOffsets.Range(500, 500)), 3_600_000);
        assertEquals(new StallWatch.Status(0, 0, false), w.status(7_200_000));
    }

    @Test
    void observationsThatCannotBeMadeCountAsNoProgress() {
        StallWatch w = new StallWatch(Duration.ofSeconds(5), 0);
        w.observe(Map.of(0, 10L), Map.of(0, new TopicOffsets.Range(0, 50)), 0);
        w.observe(null, null, 4_000);   // the partitioner and the broker do not answer
        assertFalse(w.status(4_999).stalled());
        assertEquals(new StallWatch.Status(40, 5, true), w.status(5_000));
        w.observe(Map.of(0, 50L), null, 6_000);   // it answers again, having taken everything
        assertEquals(new StallWatch.Status(0, 0, false), w.status(6_000));
    }

    @Test
    void aNonPositiveStallAfterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StallWatch(Duration.ZERO, 0));
    }
}
