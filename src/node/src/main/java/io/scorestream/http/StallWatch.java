package io.scorestream.http;

import java.time.Duration;
import java.util.Map;

/**
 * Tells a stalled stream from a quiet one: the stream is stalled when records wait in the input
 * topic and none has been taken (absorbed, dead-lettered or held for the first plan) for at least
 * {@code stallAfter}. It is fed observations (the partitioner's next offsets and the topic's
 * offset ranges) every few seconds; an observation it could not make (the partitioner or the
 * broker not answering) leaves the last known values in place, so silence counts as no progress.
 */
public final class StallWatch {
    /** The stream as last seen: records waiting, seconds without progress while some wait (0 when none do). */
    public record Status(long waiting, double secondsWithoutProgress, boolean stalled) {}

    private final Duration stallAfter;
    private Map<Integer, Long> next = Map.of();
    private Map<Integer, TopicOffsets.Range> ranges;   // null until the topic has been seen
    private long taken = -1, progressAtMillis;

    public StallWatch(Duration stallAfter, long nowMillis) {
        if (stallAfter.isNegative() || stallAfter.isZero()) throw new IllegalArgumentException("scorestream.http.stall-after must be positive");
        this.stallAfter = stallAfter;
        this.progressAtMillis = nowMillis;
    }

    public Duration stallAfter() { return stallAfter; }

    /** One observation; either argument null when it could not be had this time. */
    public synchronized void observe(Map<Integer, Long> nextOffsets, Map<Integer, TopicOffsets.Range> topic, long nowMillis) {
        if (nextOffsets != null) {
            long sum = 0;
            for (long offset : nextOffsets.values()) sum += offset;
            if (sum != taken) progressAtMillis = nowMillis;   // moving back (a new epoch re-reads) is movement too
            taken = sum;
            next = Map.copyOf(nextOffsets);
        }
        if (topic != null) ranges = Map.copyOf(topic);
        if (waiting() == 0) progressAtMillis = nowMillis;
    }

    public synchronized Status status(long nowMillis) {
        long waiting = waiting();
        double seconds = waiting == 0 ? 0 : Math.max(0, nowMillis - progressAtMillis) / 1000.0;
        return new Status(waiting, seconds, waiting > 0 && seconds * 1000 >= stallAfter.toMillis());
    }

    private long waiting() {
        return ranges == null ? 0 : TopicOffsets.totalLag(ranges, next);
    }
}
