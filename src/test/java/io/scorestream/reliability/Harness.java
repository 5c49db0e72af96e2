package io.scorestream.reliability;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.learn.LearnerState;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.stream.ScoreStreamService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ejml.data.DMatrixRMaj;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Topics, configuration and the latest model for one reliability scenario, on any broker (the
 * shared one or a test's own, e.g. one that requires SASL). The stream package's harness is
 * package-private, and these scenarios also need other brokers and client settings.
 */
final class Harness {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger counter = new AtomicInteger();

    final EmbeddedKafka broker;
    final String samples, deadLetters, generated, model;
    final Path snapshots;
    final AtomicReference<ModelAssembler.ModelUpdated> latest = new AtomicReference<>();
    /** Every model version announced, in order. */
    final List<ModelAssembler.ModelUpdated> history = java.util.Collections.synchronizedList(new ArrayList<>());

    Harness(EmbeddedKafka broker, String name, int partitions, Path snapshots) {
        this.broker = broker;
        this.samples = topic(broker, name + "-samples", partitions, Map.of());
        this.deadLetters = topic(broker, name + "-dlq", 1, Map.of());
        this.generated = topic(broker, name + "-generated", 1, Map.of());
        this.model = topic(broker, name + "-model", 1, Map.of("cleanup.policy", "compact"));
        this.snapshots = snapshots;
    }

    static String topic(EmbeddedKafka broker, String prefix, int partitions, Map<String, String> config) {
        String name = prefix + "-" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        broker.createTopic(name, partitions, config);
        return name;
    }

    Config config(Map<String, Object> overrides) {
        Map<String, Object> m = new HashMap<>();
        m.put("scorestream.kafka.bootstrap-servers", broker.bootstrapServers());
        m.put("scorestream.kafka.group-id", samples + "-group");
        m.put("scorestream.topics.samples", samples);
        m.put("scorestream.topics.dead-letter", deadLetters);
        m.put("scorestream.topics.generated", generated);
        m.put("scorestream.topics.model", model);
        m.put("scorestream.snapshot-dir", snapshots.toString());
        m.put("scorestream.learning.warm-up-samples", 1000);
        m.put("scorestream.learning.recent-window", 2000);
        m.put("scorestream.learning.model-every-samples", 4000);
        m.put("scorestream.learning.levels", 40);
        m.put("scorestream.learning.level-bands", 2);
        m.put("scorestream.restart.min-backoff", "200ms");
        m.put("scorestream.restart.max-backoff", "2s");
        m.put("scorestream.http.port", 0);
        m.putAll(overrides);
        return ConfigFactory.parseMap(m).withFallback(ConfigFactory.load());
    }

    ScoreStreamService start(Map<String, Object> overrides) {
        return ScoreStreamService.start(config(overrides), m -> {
            latest.set(m);
            history.add(m);
        });
    }

    /** Waits until the newest model has absorbed at least n samples. */
    long awaitAbsorbed(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ModelAssembler.ModelUpdated m = latest.get();
            if (m != null && m.absorbed() >= n) return m.absorbed();
            Thread.sleep(50);
        }
        ModelAssembler.ModelUpdated m = latest.get();
        throw new AssertionError("absorbed " + (m == null ? 0 : m.absorbed()) + " of " + n + " within " + timeout);
    }

    /** Runs a node over the topic until every one of the n records is consumed, drains it (final snapshot) and stops it. */
    ModelAssembler.ModelUpdated runToEnd(Map<String, Object> overrides, long records, long good) throws InterruptedException {
        try (ScoreStreamService service = start(overrides)) {
            service.awaitConsumed(records, WAIT);
            service.drain(WAIT);
            awaitAbsorbed(good, WAIT);
        }
        return latest.get();
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

    /** Sends the values (null keys unless given) with the client settings, and waits for every acknowledgement. */
    static void produce(Map<String, Object> client, String topic, List<byte[]> keys, List<byte[]> values) {
        Map<String, Object> props = new HashMap<>(client);
        props.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < values.size(); i++)
                acks.add(producer.send(new ProducerRecord<>(topic, keys == null ? null : keys.get(i), values.get(i))));
            for (Future<?> ack : acks) ack.get();
        } catch (Exception e) {
            throw new IllegalStateException("produce to " + topic + " failed", e);
        }
    }

    /** Every record of the topic (all partitions, from the beginning to the current end). */
    static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> client, String topic) {
        Map<String, Object> props = new HashMap<>(client);
        props.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, WAIT).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline)
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) out.add(r);
        }
        return out;
    }

    /** Rows the statistics of one level hold: each absorbed record adds one row to one cell of every level. */
    static long rows(LearnerState state, int level) {
        long rows = 0;
        for (var cell : state.statistics()[level]) rows += cell.rows();
        return rows;
    }

    /** Asserts that every level's statistics hold exactly n rows: nothing absorbed twice, nothing missing. */
    static void assertRowsEverywhere(LearnerState state, long n) {
        for (int level = 0; level < state.statistics().length; level++)
            org.junit.jupiter.api.Assertions.assertEquals(n, rows(state, level), "level " + level + " statistics rows");
    }
}
