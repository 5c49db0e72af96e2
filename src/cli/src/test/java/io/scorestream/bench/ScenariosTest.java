package io.scorestream.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short variants of the reliability scenarios (RELIABILITY.md has the long ones and their
 * commands): every record the broker acknowledged is absorbed or dead-lettered exactly once.
 *
 * <p>The two crash loops (each its own broker, child process and directory; most of their 60 s is
 * waiting for restarts and a producer at 2 000 records/s) and the two broker losses (each its own
 * broker, node and directory; most of their 20 s is the outage and the producer) run side by side:
 * what they assert is the ledger's counts against the learner's, which no amount of waiting changes
 * (the seconds a broker loss takes to resume are only reported). The soak, whose assertion is timed
 * (whether an interval passes without progress), runs alone ({@link #MACHINE} taken for writing).
 */
class ScenariosTest {
    /** The machine's time, shared by the crash loops, taken whole by the timed scenarios. */
    private static final String MACHINE = "scenarios-machine";

    @TempDir Path dir;

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void aCrashLoopOfFiveSigkillsLosesNothingAndCountsNothingTwice() throws Exception {
        Scenarios.Outcome o = Scenarios.crashLoop(5, 40_000, 2000, dir, line -> {});
        assertTrue(o.held(), Scenarios.Outcome.header() + "\n" + o.row());
        assertEquals(40_000, o.producedGood() + o.producedBad());
    }

    /**
     * The same on the partition-local record path: each restart resumes every partition from its own
     * snapshot (and the planner from its stored structure), the model merges them.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void aCrashLoopOnThePartitionLocalPathLosesNothingAndCountsNothingTwice() throws Exception {
        Scenarios.Outcome o = Scenarios.crashLoop(5, 40_000, 2000, "partition-local", dir, line -> {});
        assertTrue(o.held(), Scenarios.Outcome.header() + "\n" + o.row());
        assertEquals(40_000, o.producedGood() + o.producedBad());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void aBrokerThatIsGoneForTenSecondsIsWaitedForAndNothingIsLost() throws Exception {
        Scenarios.Outcome o = Scenarios.brokerLoss(Duration.ofSeconds(10), 30_000, 2000, dir, line -> {});
        assertTrue(o.held(), o.row());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @ResourceLock(value = MACHINE, mode = ResourceAccessMode.READ)
    void aBrokerThatIsGoneForTenSecondsIsWaitedForOnThePartitionLocalPath() throws Exception {
        Scenarios.Outcome o = Scenarios.brokerLoss(Duration.ofSeconds(10), 30_000, 2000, "partition-local", dir, line -> {});
        assertTrue(o.held(), o.row());
    }

    @Test
    void onlyAWholeIntervalWithoutProgressIsAStall() {
        var series = java.util.List.of(
                new Scenarios.Sample(2.0, 1000, 900, 100), new Scenarios.Sample(4.2, 2000, 1900, 100),
                new Scenarios.Sample(4.4, 2100, 1900, 100));
        assertEquals(0, Scenarios.stalls(series, 2.0), "a 0.2 s tail without progress is not a stall");
        var stalled = java.util.List.of(
                new Scenarios.Sample(2.0, 1000, 900, 100), new Scenarios.Sample(4.2, 2000, 900, 100));
        assertEquals(1, Scenarios.stalls(stalled, 2.0));
    }

    @Test
    @ResourceLock(MACHINE)
    void aShortSoakNeitherStallsNorGrows() throws Exception {
        Scenarios.Soak soak = Scenarios.soak(Duration.ofSeconds(20), 5000, Duration.ofSeconds(2), dir, line -> {});
        assertTrue(soak.outcome().held(), soak.outcome().row());
        assertTrue(soak.series().size() >= 6, "samples: " + soak.series());
        // No interval without progress while records waited; statistics are allocated at planning, nothing grows after.
        assertTrue(soak.steady(), soak.outcome().notes() + "\n" + soak.series());
    }
}
