package io.scorestream.cli;

import java.util.HashMap;
import java.util.Map;

/** What the cluster benchmarks (bench-stream, bench-ceiling) configure alike on each run's nodes. */
final class BenchNodeConfig {
    private BenchNodeConfig() {}

    /**
     * A run's node settings: its own consumer group and topics (suffix: the run's name), the state
     * in a topic (no node has a disk of its own here), levels and level-bands, the records held
     * before the first plan, no HTTP port, and a model version every modelEvery records
     * (model-max-age off: none by age in the timed span).
     */
    static Map<String, Object> of(String bootstrapServers, String group, String suffix, int levels, int bands, int warmUp, long modelEvery) {
        Map<String, Object> config = new HashMap<>();
        config.put("scorestream.kafka.bootstrap-servers", bootstrapServers);
        config.put("scorestream.kafka.group-id", group + "-" + suffix);
        config.put("scorestream.topics.samples", "samples-" + suffix);
        config.put("scorestream.topics.dead-letter", "samples.dlq-" + suffix);
        config.put("scorestream.topics.model", "model-" + suffix);
        config.put("scorestream.snapshot-topic", "state-" + suffix);
        config.put("scorestream.learning.levels", levels);
        config.put("scorestream.learning.level-bands", bands);
        config.put("scorestream.learning.warm-up-samples", warmUp);
        config.put("scorestream.learning.model-every-samples", modelEvery);
        config.put("scorestream.learning.model-max-age", "0s");
        config.put("scorestream.http.port", 0);
        return config;
    }
}
