package io.scorestream.stream;

import io.scorestream.testing.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scorestream.learning.warm-up-samples} and {@code plan-reservoir}: the records held for the
 * first plan and how many of them choose the structure (fit's --reservoir); bad values named at
 * start-up. That a stream plans them as fit does is StreamingSystemTest's and PartitionLocalClusterTest's.
 */
class WarmUpSettingsTest {
    @TempDir Path dir;

    private StreamSettings settings(Map<String, Object> overrides) {
        return NodeConfig.settings(dir, overrides);
    }

    @Test
    void theWarmUpHoldsFitsJudgedRowsAndTheReservoirIsFits() {
        StreamSettings defaults = settings(Map.of());
        assertEquals(16_384, defaults.warmUpSamples(), "fit judges on up to 16 384 rows");
        assertEquals(4096, defaults.planReservoir(), "fit's default --reservoir");
        assertEquals(4096, Partitioner.planOptions(defaults, 768).reservoir());
        StreamSettings set = settings(Map.of("scorestream.learning.plan-reservoir", 1000, "scorestream.learning.warm-up-samples", 3000));
        assertEquals(1000, Partitioner.planOptions(set, 5).reservoir());
        assertEquals(3000, set.warmUpSamples());
    }

    @Test
    void badValuesAreNamedAtStartUp() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> settings(Map.of("scorestream.learning.plan-reservoir", 8)));
        assertEquals("scorestream.learning.plan-reservoir must be at least 16", small.getMessage());
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class, () -> settings(Map.of("scorestream.learning.plan-reservoir", "many")));
        assertTrue(typed.getMessage().contains("learning.plan-reservoir"), typed.getMessage());
        // A re-plan on the recent window must choose its structure on as many rows as the first plan.
        IllegalArgumentException window = assertThrows(IllegalArgumentException.class, () -> settings(Map.of("scorestream.learning.recent-window", 2000)));
        assertEquals("scorestream.learning.recent-window must be at least warm-up-samples or plan-reservoir, whichever is smaller", window.getMessage());
        assertEquals(2000, settings(Map.of("scorestream.learning.recent-window", 2000, "scorestream.learning.plan-reservoir", 2000)).recentWindow());
        assertEquals(1000, settings(Map.of("scorestream.learning.recent-window", 1000, "scorestream.learning.warm-up-samples", 1000)).recentWindow());
    }
}
