package io.scorestream.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The newest model version whose progress record is on the model topic, read from the topic's end
 * by a consumer of no group. A draining node waits until its follower has announced that version,
 * so that its last "model vN" line is not lost to the shutdown that follows the drain.
 *
 * <p>The assembler writes a version's progress record after its chunks, so the newest one is near
 * the end of its partition: each partition is read back from its last record, then its last 2, 4, …
 * up to {@value #MAX_TAIL}, until a progress record turns up, rather than reading chunks (megabytes
 * each for a wide model) that are not needed.
 */
public final class ModelTopicTail {
    private ModelTopicTail() {}

    private static final int MAX_TAIL = 256;

    /** The newest version with a progress record on the topic, or empty when there is none (no model yet) or it could not be read in time. */
    public static OptionalLong newestVersion(Map<String, Object> kafkaProperties, String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafkaProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(topic, timeout)) partitions.add(new TopicPartition(topic, p.partition()));
            if (partitions.isEmpty()) return OptionalLong.empty();
            c.assign(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions, timeout), starts = c.beginningOffsets(partitions, timeout);
            long newest = -1;
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp), start = starts.get(tp);
                for (int tail = 1; ; tail *= 2) {
                    long from = Math.max(start, end - tail);
                    if (from >= end) break;   // an empty partition
                    long found = newestProgress(c, tp, from, end, deadline);
                    if (found >= 0) { newest = Math.max(newest, found); break; }
                    if (from == start || tail >= MAX_TAIL || System.nanoTime() > deadline) break;
                }
            }
            return newest >= 0 ? OptionalLong.of(newest) : OptionalLong.empty();
        } catch (RuntimeException e) {
            return OptionalLong.empty();   // the broker is gone: there is nothing to wait for
        }
    }

    /** The newest progress version among tp's records [from, end), or -1. */
    private static long newestProgress(KafkaConsumer<byte[], byte[]> c, TopicPartition tp, long from, long end, long deadline) {
        c.pause(c.assignment());
        c.resume(List.of(tp));
        c.seek(tp, from);
        long newest = -1;
        while (c.position(tp) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                if (r.offset() >= end || r.value() == null || r.key() == null) continue;
                if (!ModelFollower.PROGRESS_KEY.equals(new String(r.key(), StandardCharsets.UTF_8))) continue;
                try {
                    newest = Math.max(newest, ModelFollower.Progress.fromBytes(r.value()).version());
                } catch (IOException malformed) {
                    // the follower skips it too
                }
            }
        }
        return newest;
    }
}
