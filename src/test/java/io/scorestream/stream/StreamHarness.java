package io.scorestream.stream;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scorestream.testing.SharedKafka;
import org.ejml.data.DMatrixRMaj;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Topics, configuration and the latest model for one streaming test. */
final class StreamHarness {
    final String samples, deadLetters, generated, model;
    final Path snapshots;
    final AtomicReference<ModelAssembler.ModelUpdated> latest = new AtomicReference<>();

    StreamHarness(String name, int partitions, Path snapshots) {
        this.samples = SharedKafka.uniqueTopic(name + "-samples", partitions, Map.of());
        this.deadLetters = SharedKafka.uniqueTopic(name + "-dlq");
        this.generated = SharedKafka.uniqueTopic(name + "-generated");
        this.model = SharedKafka.uniqueTopic(name + "-model");
        this.snapshots = snapshots;
    }

    Config config(Map<String, Object> overrides) {
        Map<String, Object> m = new HashMap<>();
        m.put("scorestream.kafka.bootstrap-servers", SharedKafka.broker().bootstrapServers());
        m.put("scorestream.kafka.group-id", samples + "-group");
        m.put("scorestream.topics.samples", samples);
        m.put("scorestream.topics.dead-letter", deadLetters);
        m.put("scorestream.topics.generated", generated);
        m.put("scorestream.topics.model", model);
        m.put("scorestream.snapshot-dir", snapshots.toString());
        m.put("scorestream.learning.warm-up-samples", 2000);
        m.put("scorestream.learning.recent-window", 4000);
        m.put("scorestream.learning.model-every-samples", 4000);
        m.put("scorestream.learning.levels", 100);
        m.put("scorestream.learning.level-bands", 3);
        m.put("scorestream.restart.min-backoff", "200ms");
        m.put("scorestream.restart.max-backoff", "2s");
        // Every message really sent goes through its CBOR serialiser, as it will between cluster nodes.
        m.put("akka.actor.serialize-messages", "on");
        m.put("scorestream.http.port", 0);
        m.putAll(overrides);
        return ConfigFactory.parseMap(m).withFallback(ConfigFactory.load());
    }

    ScoreStreamService start(Map<String, Object> overrides) {
        return ScoreStreamService.start(config(overrides), latest::set);
    }

    static List<byte[]> csv(DMatrixRMaj rows) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < rows.numRows; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < rows.numCols; j++) {
                if (j > 0) sb.append(',');
                sb.append(rows.get(i, j));
            }
            out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Waits until the newest model has absorbed at least n samples. */
    long awaitAbsorbed(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ModelAssembler.ModelUpdated m = latest.get();
            if (m != null && m.absorbed() >= n) return m.absorbed();
            Thread.sleep(100);
        }
        ModelAssembler.ModelUpdated m = latest.get();
        throw new AssertionError("absorbed " + (m == null ? 0 : m.absorbed()) + " of " + n + " within " + timeout);
    }
}
