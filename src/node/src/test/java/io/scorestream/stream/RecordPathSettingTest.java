package io.scorestream.stream;

import io.scorestream.stream.StreamSettings.RecordPath;
import io.scorestream.testing.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scorestream.cluster.record-path}: auto by default, partition-local whenever the
 * settings allow it and singleton otherwise, resolved once when the settings are read; an explicit
 * value wins; partition-local with settings it cannot honour is a start-up error naming them.
 */
class RecordPathSettingTest {
    @TempDir Path dir;

    private StreamSettings settings(Map<String, Object> overrides) {
        return NodeConfig.settings(dir, overrides);
    }

    @Test
    void autoIsTheDefaultAndChoosesPartitionLocalWheneverTheSettingsAllowIt() {
        StreamSettings defaults = settings(Map.of());
        assertEquals(RecordPath.PARTITION_LOCAL, defaults.recordPath(), "the default since partition snapshots keep their own cadence: the path whose coordination does not grow with nodes (PERFORMANCE.md §22, §25)");
        assertTrue(defaults.recordPathAuto());
        assertEquals("partition-local (auto: replan-every-samples = 0)", defaults.describeRecordPath());
        assertEquals(RecordPath.SINGLETON, settings(Map.of("scorestream.learning.replan-every-samples", 5000)).recordPath(), "the default with re-planning");

        StreamSettings auto = settings(Map.of("scorestream.cluster.record-path", "AUTO"));
        assertEquals(RecordPath.PARTITION_LOCAL, auto.recordPath());
        assertTrue(auto.recordPathAuto());
        assertEquals("partition-local (auto: replan-every-samples = 0)", auto.describeRecordPath());
        // Forgetting decays per partition on the partition-local path (StreamingSystemTest), so auto keeps that path.
        assertEquals(RecordPath.PARTITION_LOCAL, settings(Map.of("scorestream.cluster.record-path", "auto", "scorestream.learning.forgetting", 0.999)).recordPath());
        StreamSettings replan = settings(Map.of("scorestream.cluster.record-path", "auto", "scorestream.learning.replan-every-samples", 5000));
        assertEquals(RecordPath.SINGLETON, replan.recordPath());
        assertEquals("singleton (auto: replan-every-samples > 0)", replan.describeRecordPath());
        // bench-ceiling's no-work learners exist only on the singleton path.
        StreamSettings noWork = settings(Map.of("scorestream.cluster.record-path", "auto", "scorestream.cluster.no-work-learners", true, "scorestream.learning.replan-every-samples", 5000));
        assertEquals(RecordPath.SINGLETON, noWork.recordPath());
        assertEquals("singleton (auto: replan-every-samples > 0, no-work-learners)", noWork.describeRecordPath());
    }

    @Test
    void anExplicitRecordPathWins() {
        StreamSettings singleton = settings(Map.of("scorestream.cluster.record-path", "singleton"));
        assertEquals(RecordPath.SINGLETON, singleton.recordPath());
        assertFalse(singleton.recordPathAuto());
        assertEquals("singleton (set by cluster.record-path)", singleton.describeRecordPath());
        StreamSettings local = settings(Map.of("scorestream.cluster.record-path", "partition-local"));
        assertEquals(RecordPath.PARTITION_LOCAL, local.recordPath());
        assertEquals("partition-local (set by cluster.record-path)", local.describeRecordPath());
        assertEquals(RecordPath.SINGLETON, settings(Map.of("scorestream.cluster.record-path", "singleton", "scorestream.learning.forgetting", 0.99)).recordPath());
        assertEquals(0.99, settings(Map.of("scorestream.cluster.record-path", "partition-local", "scorestream.learning.forgetting", 0.99)).forgetting());
    }

    @Test
    void partitionLocalWithSettingsItCannotHonourIsAStartUpError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(Map.of(
                "scorestream.cluster.record-path", "partition-local", "scorestream.learning.replan-every-samples", 100)));
        assertTrue(e.getMessage().startsWith("scorestream.learning.replan-every-samples must be 0 with cluster.record-path = partition-local"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings(Map.of("scorestream.cluster.record-path", "sideways")));
        assertEquals("scorestream.cluster.record-path must be auto, singleton or partition-local, got sideways", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> settings(Map.of("scorestream.cluster.count-interval", "0s")));
        assertEquals("scorestream.cluster.count-interval must be positive", e.getMessage());
    }
}
