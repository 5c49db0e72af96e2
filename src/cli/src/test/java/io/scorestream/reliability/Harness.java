package io.scorestream.reliability;

import com.typesafe.config.Config;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.learn.LearnerState;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.NodeConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ejml.data.DMatrixRMaj;

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
        Map<String, Object> m = NodeConfig.base(broker.bootstrapServers(), samples, deadLetters, generated, model, snapshots);
        m.put("scorestream.learning.warm-up-samples", 1000);
        m.put("scorestream.learning.recent-window", 2000);
        m.put("scorestream.learning.model-every-samples", 4000);
        m.put("scorestream.learning.levels", 40);
        m.put("scorestream.learning.level-bands", 2);
        m.putAll(overrides);
        return NodeConfig.of(m);
    }

    ScoreStreamService start(Map<String, Object> overrides) {
        return ScoreStreamService.start(config(overrides), latest::set);
    }

    /** Waits until the newest model has absorbed at least n samples. */
    long awaitAbsorbed(long n, Duration timeout) throws InterruptedException {
        return NodeConfig.awaitAbsorbed(latest::get, n, timeout);
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

    /** Whether a client with bootstrap.servers alone (no security settings, 3 s timeouts) can write a record to the topic: a secured listener refuses it. */
    static boolean plainClientRefused(EmbeddedKafka broker, String topic) {
        Map<String, Object> plain = Map.of("bootstrap.servers", broker.bootstrapServers(), "request.timeout.ms", 3000,
                "default.api.timeout.ms", 3000, "max.block.ms", 3000);
        try {
            produce(plain, topic, null, List.of("1,2".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return false;
        } catch (RuntimeException refused) {
            return true;
        }
    }

    static List<byte[]> csv(DMatrixRMaj rows) {
        return NodeConfig.csv(rows);
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

    /** Records the statistics of one level hold (each absorbed record weighs one in every level). */
    static double rows(LearnerState state, int level) {
        return state.recordsAt(level);
    }

    /** Asserts that every level's statistics hold exactly n records: nothing absorbed twice, nothing missing. */
    static void assertRowsEverywhere(LearnerState state, long n) {
        for (int level = 0; level < state.statistics().length; level++)
            org.junit.jupiter.api.Assertions.assertEquals(n, rows(state, level), 1e-6, "level " + level + " statistics records");
    }

    /**
     * One HTTP/1.1 request written by hand on a socket (so that no client library rejects or
     * repairs the target first), with extra header lines and a body of zeros; the status code.
     */
    static int rawRequest(int port, String method, String target, String headers, int bodyBytes) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            java.io.OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                    + (bodyBytes > 0 ? "Content-Type: text/plain\r\nContent-Length: " + bodyBytes + "\r\n" : "")
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            try {
                out.write(new byte[bodyBytes]);
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the server may answer and close before reading the whole body
            }
            java.io.InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') line.write(b);
            String status = line.toString(java.nio.charset.StandardCharsets.US_ASCII);
            org.junit.jupiter.api.Assertions.assertTrue(status.startsWith("HTTP/1.1 "), target + ": status line " + status);
            try {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException reset) {
                // a refused body may end in a reset; the status line is what counts
            }
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
