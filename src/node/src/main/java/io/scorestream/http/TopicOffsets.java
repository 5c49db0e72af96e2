package io.scorestream.http;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The offset range of every partition of the input topic, asked of Kafka's admin API at each
 * scrape; with the offsets the newest model absorbed up to, it gives the consumer lag. The admin
 * client is made on first use and closed with the server.
 *
 * <p>Not every offset below a partition's end is a record a consumer is given: a transactional
 * producer leaves a marker after each transaction, and a consumer that reads committed records
 * skips an aborted transaction's. A feed whose last offsets are such is all read, though its end
 * lies beyond what was taken. {@link #fetchReadable} tells that case by reading: where a
 * partition's gap between what was taken and its end stays the same from one look to the next, a
 * consumer of the stream's isolation level reads from the taken offset, and if it reaches the end
 * without being given a record, nothing there waits.
 */
public final class TopicOffsets implements AutoCloseable {
    private final Map<String, Object> kafkaProperties;
    private final String topic;
    private final boolean readCommitted;
    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(2);
    private Admin admin;
    // The probe's consumer is used on its one thread only (a KafkaConsumer is not thread-safe).
    private final ExecutorService probeThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scorestream-lag-probe");
        t.setDaemon(true);
        return t;
    });
    private KafkaConsumer<byte[], byte[]> probe;
    /** What is known of the gaps of a partition whose end is end: by taken offset, whether records wait there (null: seen once, not read). */
    private record Gaps(long end, Map<Long, Boolean> waiting) {}
    private final Map<Integer, Gaps> gaps = new ConcurrentHashMap<>();   // the scrapes ask of the model's offsets, the stall watch of the reader's

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

    /** kafkaProperties: a consumer's of the topic; its isolation.level says which records are read (Kafka's default: read_uncommitted). */
    public TopicOffsets(Map<String, Object> kafkaProperties, String topic) {
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.topic = topic;
        this.readCommitted = "read_committed".equalsIgnoreCase(String.valueOf(kafkaProperties.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)));
    }

    /**
     * {@link #fetch}, each partition's end taken back to taken (the next offset of what was taken
     * there) where nothing a consumer is given lies in between: see the class comment. A gap is
     * read through only once it has stayed the same since the last call, so a stream that moves
     * costs no reads.
     */
    public CompletionStage<Map<Integer, Range>> fetchReadable(Map<Integer, Long> taken, Duration timeout) {
        if (taken == null || taken.isEmpty()) return fetch(timeout);
        return fetch(timeout).thenApplyAsync(ranges -> clipped(ranges, taken), probeThread);
    }

    private Map<Integer, Range> clipped(Map<Integer, Range> ranges, Map<Integer, Long> taken) {
        Map<Integer, Range> out = new TreeMap<>(ranges);
        ranges.forEach((partition, range) -> {
            Long from = taken.get(partition);
            if (from == null || from >= range.end() || from < range.earliest()) return;
            Gaps known = gaps.get(partition);
            if (known == null || known.end() != range.end()) gaps.put(partition, known = new Gaps(range.end(), newestGaps()));
            if (!known.waiting().containsKey(from)) {
                known.waiting().put(from, null);   // seen once: a moving stream is not read
                return;
            }
            Boolean waiting = known.waiting().get(from);
            if (waiting == null) known.waiting().put(from, waiting = recordIn(partition, from, range.end()));   // null again when it could not tell
            if (Boolean.FALSE.equals(waiting)) out.put(partition, new Range(range.earliest(), from));
        });
        return out;
    }

    /** A few taken offsets' gaps (the model's and the reader's), the oldest forgotten: a stream catching up on a backlog moves its taken offset at every look. */
    private static Map<Long, Boolean> newestGaps() {
        return new java.util.LinkedHashMap<>() {
            @Override protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) { return size() > 8; }
        };
    }

    /** Whether a consumer of the stream's isolation level is given a record at an offset in [from, end); null when it cannot tell within PROBE_LIMIT (the records count as waiting, and it is asked again). */
    private Boolean recordIn(int partition, long from, long end) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try {
            KafkaConsumer<byte[], byte[]> c = probe();
            c.assign(List.of(tp));
            c.seek(tp, from);
            long deadline = System.nanoTime() + PROBE_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!c.poll(Duration.ofMillis(100)).isEmpty()) return true;
                if (c.position(tp, PROBE_LIMIT) >= end) return false;
            }
            return null;
        } catch (RuntimeException e) {
            return null;   // the broker did not answer
        }
    }

    private KafkaConsumer<byte[], byte[]> probe() {
        if (probe == null) {
            Map<String, Object> props = new HashMap<>(kafkaProperties);
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "scorestream-lag-probe-" + CLIENTS.incrementAndGet());
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024);
            probe = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return probe;
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

    /** The latest offset a consumer of the stream's isolation level may read to: read committed, the last stable offset (an open transaction's records are not readable yet). */
    private CompletableFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> list(Admin a, List<TopicPartition> partitions, OffsetSpec spec, int millis) {
        IsolationLevel isolation = readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED;
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (TopicPartition tp : partitions) ask.put(tp, spec);
        return a.listOffsets(ask, new ListOffsetsOptions(isolation).timeoutMs(millis)).all().toCompletionStage().toCompletableFuture();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>(kafkaProperties);
            props.remove(ConsumerConfig.ISOLATION_LEVEL_CONFIG);   // a consumer's setting: asked of listOffsets instead
            props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "scorestream-http-lag-" + CLIENTS.incrementAndGet());
            admin = Admin.create(props);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) admin.close(Duration.ofSeconds(1));
        admin = null;
        probeThread.submit(() -> {
            if (probe != null) probe.close(Duration.ofSeconds(1));
            probe = null;
        });
        probeThread.shutdown();
    }
}
