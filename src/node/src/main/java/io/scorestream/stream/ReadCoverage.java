package io.scorestream.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each record's reader coverage starts: the offset from which the reader vouches that every
 * record of the partition up to this one has gone, or will go, to the {@link OffsetLedger} ahead of
 * it, so that offsets in between with no record (transaction markers, aborted or compacted
 * records) are passed over and not waited for.
 *
 * <p>A reader is one consumer and one Alpakka source: Kafka hands it a partition's records in
 * offset order, from where it was last positioned. Two things break the chain, and both are
 * followed by a seek before any further record of that partition is fetched: a partition taken
 * away (Alpakka then drops what it buffered of it) and a partition given back (positioned at the
 * ledger's offset by {@link SeekOnAssign}). So a partition's coverage restarts at its latest seek,
 * and otherwise runs on from the record before.
 *
 * <p>That needs every record fetched after a seek to reach this one reader. Alpakka's
 * per-partition sources do not give that: a partition taken and given back while its rebalance
 * outlasted Alpakka's close delay (500 ms) had a closed source still registered with the consumer,
 * which was handed the records after the seek and dropped them, while the new source claimed them
 * from the seek on (RELIABILITY.md, "Records missing from a partition's state after rebalances";
 * {@code RebalanceChurnTest}).
 */
final class ReadCoverage {
    /** One object per seek, compared by identity, so that a second seek to the same offset is still told from the first. */
    private static final class Seek {
        final long offset;
        Seek(long offset) { this.offset = offset; }
    }

    /** Where a partition's chain stands: the seek it last saw and the offset after its last record. */
    private static final class Chain {
        Seek seen;
        long next;
    }

    private final Map<Integer, Seek> seeks = new ConcurrentHashMap<>();
    // Read and written by the stream's one stage only.
    private final Map<Integer, Chain> chains = new HashMap<>();

    /** The consumer is positioned at offset on partition (in the rebalance callback, before it fetches from there). */
    void sought(int partition, long offset) {
        seeks.put(partition, new Seek(offset));
    }

    /**
     * The coverage of the next record the reader emits. A record still on its way from before the
     * latest seek may take the seek's offset too: records from there up to it came before it, in
     * order, or were already in the ledger when the seek was answered.
     */
    long covers(int partition, long offset) {
        Seek seek = seeks.get(partition);
        Chain chain = chains.get(partition);
        if (chain == null) {
            chain = new Chain();
            chain.next = offset;   // no seek seen: nothing before the record is claimed
            chains.put(partition, chain);
        }
        if (seek != chain.seen) {
            chain.seen = seek;
            chain.next = seek == null ? offset : seek.offset;
        }
        long from = chain.next;
        chain.next = offset + 1;
        return Math.min(from, offset);
    }
}
