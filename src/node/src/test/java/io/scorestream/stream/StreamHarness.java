package io.scorestream.stream;

import io.scorestream.node.ScoreStreamService;
import com.typesafe.config.Config;
import io.scorestream.testing.NodeConfig;
import io.scorestream.testing.SharedKafka;
import org.ejml.data.DMatrixRMaj;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Topics, configuration and the latest model for one streaming test. */
final class StreamHarness {
    final String samples, deadLetters, generated, model;
    final Path snapshots;
    final AtomicReference<ModelAssembler.ModelUpdated> latest = new AtomicReference<>();

    /** The structure chosen on a random 1 000 of the 2 000 warm-up records and judged on all of them, as fit plans its rows. */
    static final Map<String, Object> PLAN_ON_A_RESERVOIR = Map.of("scorestream.learning.plan-reservoir", 1000);

    StreamHarness(String name, int partitions, Path snapshots) {
        this.samples = SharedKafka.uniqueTopic(name + "-samples", partitions, Map.of());
        this.deadLetters = SharedKafka.uniqueTopic(name + "-dlq");
        this.generated = SharedKafka.uniqueTopic(name + "-generated");
        this.model = SharedKafka.uniqueTopic(name + "-model");
        this.snapshots = snapshots;
    }

    Config config(Map<String, Object> overrides) {
        Map<String, Object> m = NodeConfig.base(SharedKafka.broker().bootstrapServers(), samples, deadLetters, generated, model, snapshots);
        m.put("scorestream.learning.warm-up-samples", 2000);
        m.put("scorestream.learning.recent-window", 4000);
        m.put("scorestream.learning.model-every-samples", 4000);
        m.put("scorestream.learning.levels", 100);
        m.put("scorestream.learning.level-bands", 3);
        // Every message really sent goes through its CBOR serialiser, as it will between cluster nodes.
        m.put("akka.actor.serialize-messages", "on");
        m.putAll(overrides);
        return NodeConfig.of(m);
    }

    ScoreStreamService start(Map<String, Object> overrides) {
        return ScoreStreamService.start(config(overrides), latest::set);
    }

    static List<byte[]> csv(DMatrixRMaj rows) {
        return NodeConfig.csv(rows);
    }

    /** Waits until the newest model has absorbed at least n samples. */
    long awaitAbsorbed(long n, Duration timeout) throws InterruptedException {
        return NodeConfig.awaitAbsorbed(latest::get, n, timeout);
    }
}
