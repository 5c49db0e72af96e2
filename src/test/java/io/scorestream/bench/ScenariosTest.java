package io.scorestream.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short variants of the reliability scenarios (RELIABILITY.md has the long ones and their
 * commands): every record the broker acknowledged is absorbed or dead-lettered exactly once.
 */
class ScenariosTest {
    @TempDir Path dir;

    @Test
    void aCrashLoopOfFiveSigkillsLosesNothingAndCountsNothingTwice() throws Exception {
        Scenarios.Outcome o = Scenarios.crashLoop(5, 40_000, 2000, dir, line -> {});
        assertTrue(o.held(), Scenarios.Outcome.header() + "\n" + o.row());
        assertEquals(40_000, o.producedGood() + o.producedBad());
    }

    @Test
    void aBrokerThatIsGoneForTenSecondsIsWaitedForAndNothingIsLost() throws Exception {
        Scenarios.Outcome o = Scenarios.brokerLoss(Duration.ofSeconds(10), 30_000, 2000, dir, line -> {});
        assertTrue(o.held(), o.row());
    }

    @Test
    void aShortSoakNeitherStallsNorGrows() throws Exception {
        Scenarios.Soak soak = Scenarios.soak(Duration.ofSeconds(20), 5000, Duration.ofSeconds(2), dir, line -> {});
        assertTrue(soak.outcome().held(), soak.outcome().row());
        List<Scenarios.Sample> s = soak.series();
        assertTrue(s.size() >= 6, "samples: " + s);
        for (int i = 1; i < s.size(); i++)
            assertTrue(s.get(i).consumed() > s.get(i - 1).consumed() || s.get(i - 1).consumed() == s.get(i - 1).produced(),
                    "no progress between " + s.get(i - 1) + " and " + s.get(i));
        double early = s.subList(0, s.size() / 2).stream().mapToDouble(Scenarios.Sample::heapMb).max().orElseThrow();
        double late = s.subList(s.size() / 2, s.size()).stream().mapToDouble(Scenarios.Sample::heapMb).max().orElseThrow();
        // Statistics are allocated at planning (first half); nothing may grow with the stream after that.
        assertTrue(late <= early * 1.25, String.format("heap after GC grew from %.0f to %.0f MB", early, late));
    }
}
