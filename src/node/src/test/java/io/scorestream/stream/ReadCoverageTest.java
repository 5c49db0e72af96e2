package io.scorestream.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a reader vouches for a partition's records: from its latest seek, else from the record before. */
class ReadCoverageTest {

    @Test
    void coverageStartsAtTheSeekAndRunsOnFromRecordToRecord() {
        ReadCoverage c = new ReadCoverage();
        c.sought(0, 100);
        assertEquals(100, c.covers(0, 102), "the first record after a seek vouches for the offsets from the seek (a marker at 100, 101)");
        assertEquals(103, c.covers(0, 105), "then from just after the record before");
        assertEquals(106, c.covers(0, 106));
    }

    @Test
    void aNewSeekRestartsTheCoverageEvenAtTheSameOffset() {
        ReadCoverage c = new ReadCoverage();
        c.sought(0, 100);
        assertEquals(100, c.covers(0, 100));
        assertEquals(101, c.covers(0, 101));
        // Taken away and given back at the ledger's 100: what follows is fetched from 100 again.
        c.sought(0, 100);
        assertEquals(100, c.covers(0, 100));
        // Given back at 150 (another reader took 100..149 meanwhile): from 150, not from 101.
        c.sought(0, 150);
        assertEquals(150, c.covers(0, 151));
    }

    @Test
    void aRecordStillOnItsWayFromBeforeTheSeekVouchesOnlyForWhatCameBeforeIt() {
        ReadCoverage c = new ReadCoverage();
        c.sought(0, 0);
        assertEquals(0, c.covers(0, 0));
        c.sought(0, 0);
        // Record 1 was fetched before the second seek and is still on its way: it may vouch from the
        // seek, as record 0 came before it.
        assertEquals(0, c.covers(0, 1));
        assertEquals(2, c.covers(0, 2));
        assertEquals(1, c.covers(0, 1), "the record again, fetched after the seek: a duplicate, claiming nothing before it");
    }

    @Test
    void partitionsAreIndependentAndAnUnsoughtPartitionClaimsNothing() {
        ReadCoverage c = new ReadCoverage();
        c.sought(1, 10);
        assertEquals(7, c.covers(0, 7), "no seek seen for partition 0: nothing before the record is claimed");
        assertEquals(10, c.covers(1, 12));
        assertEquals(8, c.covers(0, 9));
    }
}
