package io.scorestream.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offset ledger takes each offset once and never skips one, whatever order readers deliver in. */
class OffsetLedgerTest {

    private static long[] positions(int partition, long... offsets) {
        long[] p = new long[offsets.length];
        for (int i = 0; i < p.length; i++) p[i] = IngestStream.position(partition, offsets[i]);
        return p;
    }

    @Test
    void continuesDropsDuplicatesAndRefusesGaps() {
        OffsetLedger ledger = new OffsetLedger(Map.of(0, 10L));
        OffsetLedger.Selection s = ledger.select(positions(0, 8, 9, 10, 11), new long[] {8, 9, 10, 11});
        assertNull(s.gap());
        assertArrayEquals(new boolean[] {false, false, true, true}, s.take(), "8 and 9 were absorbed already");
        ledger.commit(s);
        assertEquals(12L, ledger.nextOffsets().get(0));

        OffsetLedger.Selection gap = ledger.select(positions(0, 15), new long[] {15});
        assertNotNull(gap.gap(), "12..14 were never seen");
        assertTrue(gap.gap().contains("12..14"), gap.gap());
        assertEquals(12L, ledger.nextOffsets().get(0), "a refused batch changes nothing");
    }

    @Test
    void aReaderCoversHolesInTheOffsets() {
        // A transactional producer leaves a marker at offset 12: the reader's next record is 13, and it covers 12.
        OffsetLedger ledger = new OffsetLedger(Map.of(0, 12L));
        OffsetLedger.Selection s = ledger.select(positions(0, 13, 14), new long[] {12, 14});
        assertNull(s.gap());
        // The offsets passed over are named, [partition, from, to): the node logs those of more than one.
        assertEquals(1, s.skipped().size());
        assertArrayEquals(new long[] {0, 12, 13}, s.skipped().get(0));
        ledger.commit(s);
        assertEquals(15L, ledger.nextOffsets().get(0));
        // An unseen partition starts at 0; a reader placed at a retention-trimmed log start covers from 0.
        s = ledger.select(positions(3, 500), new long[] {0});
        assertNull(s.gap());
        assertArrayEquals(new long[] {3, 0, 500}, s.skipped().get(0));
        // Records that continue the prefix pass nothing over.
        ledger.commit(s);
        assertTrue(ledger.select(positions(3, 501, 502), new long[] {501, 502}).skipped().isEmpty());
    }

    @Test
    void twoReadersOfOnePartitionInAnyInterleavingAbsorbEachOffsetOnce() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            OffsetLedger ledger = new OffsetLedger(Map.of());
            // Reader A read 0..59 before a rebalance; reader B started at 40 (the ledger's offset when it asked).
            List<long[]> batches = new ArrayList<>();
            for (long first = 0; first < 60; first += 10) batches.add(new long[] {first, first == 0 ? 0 : first});
            for (long first = 40; first < 100; first += 10) batches.add(new long[] {first, first});
            java.util.Collections.shuffle(batches, rng);
            boolean[] absorbed = new boolean[100];
            int refusals = 0;
            for (int round = 0; round < 50 && !allTrue(absorbed); round++) {
                for (long[] b : batches) {
                    long[] offsets = new long[10], covers = new long[10];
                    for (int i = 0; i < 10; i++) { offsets[i] = b[0] + i; covers[i] = i == 0 ? b[1] : b[0] + i; }
                    OffsetLedger.Selection s = ledger.select(positions(0, offsets), covers);
                    if (s.gap() != null) { refusals++; continue; }   // the reader would re-read; here: offered again next round
                    for (int i = 0; i < 10; i++) if (s.take()[i]) {
                        assertTrue(!absorbed[(int) offsets[i]], "offset " + offsets[i] + " taken twice");
                        absorbed[(int) offsets[i]] = true;
                    }
                    ledger.commit(s);
                }
            }
            assertTrue(allTrue(absorbed), "every offset absorbed (refusals " + refusals + ")");
            assertEquals(100L, ledger.nextOffsets().get(0));
        }
    }

    private static boolean allTrue(boolean[] a) {
        for (boolean b : a) if (!b) return false;
        return true;
    }
}
