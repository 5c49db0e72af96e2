package io.scorestream.http;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The offset range of every partition of the input topic, asked of Kafka's admin API at each
 * scrape; with the offsets the newest model absorbed up to, it gives the consumer lag. The admin
 * client is made on first use and closed with the server.
 */
public final class TopicOffsets implements AutoCloseable {
    private final Map<String, Object> kafkaProperties;
    private final String topic;
    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();
    private Admin admin;

    /**
     * A partition's records: from earliest (the first one retention has kept) up to end (the
     * offset the next record will get).
     */
    public record Range(long earliest, long end) {
        /**
         * Records not absorbed yet by a model whose next offset here is next (null: it has none).
         * Records retention deleted are not counted: they can no longer be read.
         */
        public long lag(Long next) {
            return Math.max(0, end - Math.max(next == null ? 0 : next, earliest));
        }
    }

    /** Lag summed over the partitions, against a model's next offsets. */
    public static long totalLag(Map<Integer, Range> ranges, Map<Integer, Long> next) {
        long sum = 0;
        for (Map.Entry<Integer, Range> e : ranges.entrySet()) sum += e.getValue().lag(next.get(e.getKey()));
        return sum;
    }

    public TopicOffsets(Map<String, Object> kafkaProperties, String topic) {
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.topic = topic;
    }

    public String topic() { return topic; }

    /** Partition → its offset range. */
    public CompletionStage<Map<Integer, Range>> fetch(Duration timeout) {
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
                    List<TopicPartition> partitions = new ArrayList<>();
                    for (TopicPartitionInfo p : topics.get(topic).partitions()) partitions.add(new TopicPartition(topic, p.partition()));
                    CompletableFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> earliest = list(a, partitions, OffsetSpec.earliest(), millis);
                    CompletableFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> latest = list(a, partitions, OffsetSpec.latest(), millis);
                    return earliest.thenCombine(latest, (first, last) -> {
                        Map<Integer, Range> out = new TreeMap<>();
                        for (TopicPartition tp : partitions) out.put(tp.partition(), new Range(first.get(tp).offset(), last.get(tp).offset()));
                        return out;
                    });
                });
    }

    private static CompletableFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> list(Admin a, List<TopicPartition> partitions, OffsetSpec spec, int millis) {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (TopicPartition tp : partitions) ask.put(tp, spec);
        return a.listOffsets(ask, new ListOffsetsOptions().timeoutMs(millis)).all().toCompletionStage().toCompletableFuture();
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
