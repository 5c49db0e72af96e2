package io.scorestream.stream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How often this node's reader of the samples topic has been restarted, and why the last time:
 * written by the {@link Ingestor}, read by the node's metrics and readiness check (any thread).
 */
public final class ReaderRestarts {
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicReference<String> lastReason = new AtomicReference<>();

    /** The reader was started again (after a failure, a refused batch or a new partitioner epoch). */
    void restarted() { restarts.incrementAndGet(); }

    /** Why the reader is about to restart, in one line. */
    void failed(String why) { lastReason.set(why); }

    public long count() { return restarts.get(); }

    /** Why the reader last stopped, or null if it never has. */
    public String lastReason() { return lastReason.get(); }
}
