package io.scorestream.stream;

import io.scorestream.http.NodeHttpServer;
import io.scorestream.testing.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code scorestream.learning.batch-size} and {@code batch-max-wait} (a reader's batch: so many
 * records or so long, whichever comes first) and {@code scorestream.http.samples-timeout}: read as
 * typed, and a value the stream could not run with named at start-up, not failed on later inside
 * the reader (Akka's groupedWithin refuses a zero wait when the stream is built).
 */
class BatchSettingsTest {
    @TempDir Path dir;

    @Test
    void theBatchSettingsAreReadAsTyped() {
        StreamSettings defaults = NodeConfig.settings(dir, Map.of());
        assertEquals(512, defaults.batchSize());
        assertEquals(Duration.ofMillis(100), defaults.batchMaxWait());
        StreamSettings set = NodeConfig.settings(dir, Map.of("scorestream.learning.batch-size", 64, "scorestream.learning.batch-max-wait", "2s"));
        assertEquals(64, set.batchSize());
        assertEquals(Duration.ofSeconds(2), set.batchMaxWait());
    }

    @Test
    void anUnusableBatchIsNamedAtStartUp() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.settings(dir, Map.of("scorestream.learning.batch-max-wait", "0s")));
        assertEquals("scorestream.learning.batch-max-wait must be at least 1ms, got PT0S", zero.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.settings(dir, Map.of("scorestream.learning.batch-size", 0)));
        assertEquals("scorestream.learning.batch-size must be at least 1", size.getMessage());
        RuntimeException typed = assertThrows(RuntimeException.class,
                () -> NodeConfig.settings(dir, Map.of("scorestream.learning.batch-max-wait", "soon")));
        assertTrue(typed.getMessage().contains("batch-max-wait"), typed.getMessage());
    }

    @Test
    void aSamplesTimeoutOfNothingIsNamedAtStartUp() {
        NodeHttpServer.Settings set = NodeHttpServer.Settings.from(NodeConfig.of(Map.of("scorestream.http.samples-timeout", "5s")).getConfig("scorestream.http"));
        assertEquals(Duration.ofSeconds(5), set.samplesTimeout());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> NodeHttpServer.Settings.from(NodeConfig.of(Map.of("scorestream.http.samples-timeout", "0s")).getConfig("scorestream.http")));
        assertEquals("scorestream.http.samples-timeout must be at least 1ms, got PT0S", zero.getMessage());
    }
}
