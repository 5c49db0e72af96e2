package io.scorestream.stream;

import java.util.Map;
import java.util.TreeMap;

/**
 * The absorbed prefix of every Kafka partition: the next offset to take. A record carries the
 * offset it was read at and the offset its reader's coverage starts from (where its consumer was
 * positioned, or just after the record before it), so the ledger can tell three cases apart without
 * trusting Kafka offsets to be dense (transaction markers and compaction leave holes):
 * <ul>
 * <li>the record continues the prefix (covers the next offset): take it;</li>
 * <li>it lies before the next offset: a duplicate from a replay or a partition hand-over, drop it;</li>
 * <li>records between the prefix and it were never seen: a gap — the batch is refused, and the
 * sender re-reads from the ledger's offsets.</li>
 * </ul>
 * Whatever the timing of rebalances, restarts and replays, each offset is taken at most once and
 * none is skipped.
 */
final class OffsetLedger {
    private final Map<Integer, Long> next = new TreeMap<>();

    OffsetLedger(Map<Integer, Long> restored) { next.putAll(restored); }

    /** The next offset of every partition seen so far (absent: 0). */
    Map<Integer, Long> nextOffsets() { return Map.copyOf(next); }

    /**
     * Which records of a batch to take; nothing changes until {@link #commit}. skipped: the offsets
     * of each partition passed over because the reader's coverage says no record was there
     * (transaction markers, aborted or compacted records), as [partition, from, to) triples.
     */
    record Selection(boolean[] take, Map<Integer, Long> advanced, String gap, java.util.List<long[]> skipped) {}

    Selection select(long[] positions, long[] covers) {
        boolean[] take = new boolean[positions.length];
        Map<Integer, Long> advanced = new TreeMap<>();
        java.util.List<long[]> skipped = new java.util.ArrayList<>();
        for (int i = 0; i < positions.length; i++) {
            int partition = IngestStream.partitionOf(positions[i]);
            long offset = IngestStream.offsetOf(positions[i]);
            long expected = advanced.getOrDefault(partition, next.getOrDefault(partition, 0L));
            if (offset < expected) continue;
            if (covers[i] > expected)
                return new Selection(null, null, "partition " + partition + ": records " + expected + ".." + (covers[i] - 1) + " missing before offset " + offset, java.util.List.of());
            if (offset > expected) skipped.add(new long[] {partition, expected, offset});
            take[i] = true;
            advanced.put(partition, offset + 1);
        }
        return new Selection(take, advanced, null, skipped);
    }

    void commit(Selection s) { next.putAll(s.advanced()); }

    /** The next offset of one partition (absent: 0). */
    long next(int partition) { return next.getOrDefault(partition, 0L); }

    /** Continues a partition from a snapshot's offset instead (partition-local path: a state loaded for a partition just assigned). */
    void restart(int partition, long nextOffset) { next.put(partition, nextOffset); }
}
