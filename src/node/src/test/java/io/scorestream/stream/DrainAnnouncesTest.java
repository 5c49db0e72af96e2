package io.scorestream.stream;

import io.scorestream.data.Datasets;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A drain returns once this node has announced the model it published, not once the model is
 * handed to a producer: {@code run} prints its last "model vN" line from that announcement, and
 * the shutdown that follows a drain would otherwise stop the follower before it reads the model.
 */
class DrainAnnouncesTest {
    @TempDir Path dir;

    @Test
    void theDrainedModelIsAnnouncedBeforeTheDrainReturns() throws Exception {
        StreamHarness h = new StreamHarness("drain-announces", 1, dir.resolve("snap"));
        SharedKafka.produce(h.samples, StreamHarness.csv(Datasets.generate("gmm", 3000, 1).samples()));
        List<String> announced = new ArrayList<>();
        // A listener as slow as a loaded machine's: the announcement takes a second after the follower reads it.
        try (ScoreStreamService service = ScoreStreamService.start(h.config(Map.of("scorestream.learning.model-every-samples", 1_000_000)), m -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (announced) { announced.add("v" + m.model().info().version() + ": " + m.absorbed()); }
        })) {
            service.awaitConsumed(3000, Duration.ofSeconds(120));
            synchronized (announced) { assertEquals(List.of(), announced, "no model is due before the drain"); }
            service.drain(Duration.ofSeconds(120));
            synchronized (announced) { assertEquals(List.of("v1: 3000"), announced, "the drain's model, announced when the drain returns"); }
        }
    }
}
