package io.scorestream.bench;

import io.scorestream.stream.ModelFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Watches a model topic from outside the nodes, as an operator would: the progress record that
 * follows each model says how many records that model has absorbed and dead-lettered.
 */
public final class ModelTopicWatcher {
    private ModelTopicWatcher() {}

    /** The first progress record that satisfies done, reading the topic from its beginning; fails after timeout. */
    public static ModelFollower.Progress await(String bootstrapServers, String modelTopic, Predicate<ModelFollower.Progress> done, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false",
                "max.partition.fetch.bytes", String.valueOf(4 << 20)), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(modelTopic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + timeout.toNanos();
            ModelFollower.Progress newest = null;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200)))
                    if (r.key() != null && ModelFollower.PROGRESS_KEY.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        newest = ModelFollower.Progress.fromBytes(r.value());
                        if (done.test(newest)) return newest;
                    }
            }
            throw new IllegalStateException("no model on " + modelTopic + " reached the expected progress within " + timeout + "; newest: " + newest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
