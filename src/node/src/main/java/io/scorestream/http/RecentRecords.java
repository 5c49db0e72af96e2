package io.scorestream.http;

import io.scorestream.stream.RecordCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ejml.data.DMatrixRMaj;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest records of the input topic, for the dashboard: a consumer of no group (it commits
 * nothing and takes no partitions from the node's readers) that seeks to the last few records of
 * every partition and decodes them; malformed records are skipped. Made on first use, closed with
 * the server; one caller at a time.
 */
public final class RecentRecords implements AutoCloseable {
    private final Map<String, Object> kafkaProperties;
    private final String topic;
    private final java.util.function.Supplier<RecordCodec> codecs;
    private KafkaConsumer<byte[], byte[]> consumer;

    /** codecs: a fresh codec of the input settings that learns its dimension (records of another one are left out). */
    public RecentRecords(Map<String, Object> kafkaProperties, String topic, java.util.function.Supplier<RecordCodec> codecs) {
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.topic = topic;
        this.codecs = codecs;
    }

    /**
     * Up to max of the newest well-formed records of the given dimension: the last max of every
     * partition are read, and the rows are taken newest first from each partition in turn, so an
     * unevenly filled topic still gives max rows when it has them.
     */
    public synchronized DMatrixRMaj newest(int max, int dimension, Duration timeout) {
        return newest(max, null, dimension, timeout);
    }

    /** As {@link #newest(int, int, Duration)}, each record read on the model's columns (a category written one-hot as its label) where model is not null. */
    public synchronized DMatrixRMaj newest(int max, io.scorestream.io.RecordSchema model, int dimension, Duration timeout) {
        KafkaConsumer<byte[], byte[]> c = consumer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : c.partitionsFor(topic, timeout)) partitions.add(new TopicPartition(topic, p.partition()));
        if (partitions.isEmpty()) return new DMatrixRMaj(0, dimension);
        c.assign(partitions);
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, timeout), starts = c.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> remaining = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long from = Math.max(starts.get(tp), ends.get(tp) - max);
            c.seek(tp, from);
            if (ends.get(tp) > from) remaining.put(tp, ends.get(tp));
        }
        RecordCodec codec = codecs.get();
        if (model != null && model.hasOneHot()) codec.adoptColumns(model);
        Map<Integer, List<double[]>> rows = new TreeMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                Long end = remaining.get(tp);
                if (end == null || r.offset() >= end) continue;
                if (r.value() != null && codec.decode(r.value()) instanceof RecordCodec.Good good && good.vector().length == dimension) rows.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(good.vector());
                if (r.offset() + 1 >= end) remaining.remove(tp);
            }
            for (TopicPartition tp : List.copyOf(remaining.keySet()))
                if (c.position(tp) >= remaining.get(tp)) remaining.remove(tp);
        }
        List<double[]> chosen = new ArrayList<>();
        for (int back = 1; chosen.size() < max; back++) {
            boolean any = false;
            for (List<double[]> partition : rows.values())
                if (partition.size() >= back && chosen.size() < max) {
                    chosen.add(partition.get(partition.size() - back));
                    any = true;
                }
            if (!any) break;
        }
        DMatrixRMaj out = new DMatrixRMaj(chosen.size(), dimension);
        for (int i = 0; i < chosen.size(); i++) System.arraycopy(chosen.get(i), 0, out.data, i * dimension, dimension);
        return out;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> props = new HashMap<>(kafkaProperties);
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "scorestream-dashboard-" + System.identityHashCode(this));
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    @Override
    public synchronized void close() {
        if (consumer != null) consumer.close(Duration.ofSeconds(1));
        consumer = null;
    }
}
