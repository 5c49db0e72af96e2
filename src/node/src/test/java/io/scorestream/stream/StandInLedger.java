package io.scorestream.stream;

import java.util.Map;

/** What a test's stand-in for the partitioner does with a batch: the ledger's choice, the records taken counted per partition. */
final class StandInLedger {
    private StandInLedger() {}

    /** Takes what the ledger selects and counts it into taken, or refuses the batch (a gap) and returns null; the caller then replies. */
    static OffsetLedger.Selection take(OffsetLedger ledger, Partitioner.Ingest ingest, Map<Integer, Long> taken) {
        OffsetLedger.Selection s = ledger.select(ingest.positions(), ingest.covers());
        if (s.gap() != null) {
            ingest.replyTo().tell(new Partitioner.Rejected(s.gap()));
            return null;
        }
        ledger.commit(s);
        for (int i = 0; i < ingest.positions().length; i++)
            if (s.take()[i]) taken.merge(IngestStream.partitionOf(ingest.positions()[i]), 1L, Long::sum);
        return s;
    }
}
