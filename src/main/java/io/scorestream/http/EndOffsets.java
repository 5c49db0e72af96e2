package io.scorestream.http;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The end offset of every partition of the input topic, asked of Kafka's admin API at each
 * scrape; with the offsets the newest model absorbed up to, it gives the consumer lag. The admin
 * client is made on first use and closed with the server.
 */
public final class EndOffsets implements AutoCloseable {
    private final Map<String, Object> kafkaProperties;
    private final String topic;
    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();
    private Admin admin;

    public EndOffsets(Map<String, Object> kafkaProperties, String topic) {
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.topic = topic;
    }

    public String topic() { return topic; }

    /** Partition → end offset (the offset the next record will get). */
    public CompletionStage<Map<Integer, Long>> fetch(Duration timeout) {
        Admin a;
        try {
            a = admin();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return a.describeTopics(List.of(topic), new org.apache.kafka.clients.admin.DescribeTopicsOptions().timeoutMs(millis))
                .allTopicNames().toCompletionStage()
                .thenCompose(topics -> {
                    TopicDescription description = topics.get(topic);
                    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                    for (TopicPartitionInfo p : description.partitions()) ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    return a.listOffsets(ask, new ListOffsetsOptions().timeoutMs(millis)).all().toCompletionStage();
                })
                .thenApply(offsets -> {
                    Map<Integer, Long> out = new TreeMap<>();
                    offsets.forEach((tp, info) -> out.put(tp.partition(), info.offset()));
                    return out;
                });
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>(kafkaProperties);
            props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "scorestream-http-lag-" + CLIENTS.incrementAndGet());
            admin = Admin.create(props);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) admin.close(Duration.ofSeconds(1));
        admin = null;
    }
}
