package io.scorestream.stream;

import io.scorestream.node.ScoreStreamService;
import io.scorestream.data.Datasets;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The probes a supervisor uses: alive at once, ready only once there is a model to sample from. */
class ReadinessTest {
    @TempDir Path dir;

    @Test
    void healthAtOnceReadyOnceAModelExists() throws Exception {
        StreamHarness h = new StreamHarness("ready", 1, dir.resolve("snap"));
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.model-every-samples", 500))) {
            int port = service.healthPort();
            assertTrue(port > 0);
            assertEquals(200, get(port, "/health").statusCode());
            HttpResponse<String> notReady = get(port, "/ready");
            assertEquals(503, notReady.statusCode());
            assertTrue(notReady.body().contains("no model yet"), notReady.body());
            assertEquals(404, get(port, "/nothing").statusCode());

            SharedKafka.produce(h.samples, StreamHarness.csv(Datasets.generate("gmm", 3000, 1).samples()));
            h.awaitAbsorbed(2500, Duration.ofSeconds(120));
            assertEquals(200, get(port, "/ready").statusCode());
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
