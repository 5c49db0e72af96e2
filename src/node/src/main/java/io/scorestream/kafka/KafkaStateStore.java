package io.scorestream.kafka;

import io.scorestream.learn.LearnerState;
import io.scorestream.learn.LearnerStateCodec;
import io.scorestream.learn.StateStore;
import io.scorestream.model.Framing;
import io.scorestream.model.ModelCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Learner snapshots in a compacted Kafka topic, so that any node can recover the cluster's state
 * without a shared disk. A snapshot is split into records of at most {@value #CHUNK_BYTES} bytes,
 * each stamped with the model version, its index and the chunk count. Keys alternate between two
 * slots by version parity: compaction may drop the previous version's chunks only once the next
 * version in the same slot is written, so a crash half-way through writing version v leaves v − 1
 * whole. A reader takes the newest version whose chunks are all present and whose checksums hold.
 */
public final class KafkaStateStore implements StateStore {
    static final int CHUNK_BYTES = 512 * 1024;
    private static final byte[] MAGIC = "SCSTSTAT".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT_VERSION = 1;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final Consumer<String> warnings;
    private final String keyPrefix;
    private KafkaProducer<byte[], byte[]> producer;

    public KafkaStateStore(Map<String, Object> clientProperties, String topic, Consumer<String> warnings) {
        this(clientProperties, topic, warnings, "");
    }

    /**
     * A store of its own inside a shared topic: its keys start with keyPrefix, and it reads only
     * those (the partition-local record path keeps one per Kafka partition beside the merged one).
     */
    public KafkaStateStore(Map<String, Object> clientProperties, String topic, Consumer<String> warnings, String keyPrefix) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topic = topic;
        this.warnings = warnings;
        this.keyPrefix = keyPrefix;
    }

    @Override
    public String describe() { return "Kafka topic " + topic + (keyPrefix.isEmpty() ? "" : " (keys " + keyPrefix + "*)"); }

    @Override
    public void save(LearnerState state) {
        byte[] bytes = LearnerStateCodec.encode(state);
        int chunks = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            int from = i * CHUNK_BYTES, to = Math.min(bytes.length, from + CHUNK_BYTES);
            String key = keyPrefix + String.format("slot-%d-%06d", state.modelVersion() % 2, i);
            sent.add(producer().send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    chunk(state.modelVersion(), i, chunks, bytes, from, to))));
        }
        try {
            for (Future<RecordMetadata> f : sent) f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write snapshot v" + state.modelVersion() + " to topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing snapshot v" + state.modelVersion(), e);
        }
    }

    private static byte[] chunk(long version, int index, int count, byte[] bytes, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 64);
        try {
            Framing.write(out, MAGIC, FORMAT_VERSION, o -> {
                o.writeLong(version);
                o.writeInt(index);
                o.writeInt(count);
                o.writeInt(to - from);
                o.write(bytes, from, to - from);
            });
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return out.toByteArray();
    }

    @Override
    public Optional<LearnerState> loadLatest() {
        Map<Long, byte[][]> versions = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, READ_TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("reading snapshots from topic " + topic + " took over " + READ_TIMEOUT);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) add(versions, r);
            }
        }
        List<Long> newestFirst = new ArrayList<>(versions.keySet());
        java.util.Collections.reverse(newestFirst);
        for (long version : newestFirst) {
            byte[][] chunks = versions.get(version);
            if (java.util.Arrays.stream(chunks).anyMatch(c -> c == null)) continue;   // a write that did not finish
            try {
                return Optional.of(LearnerStateCodec.decode(concatenate(chunks), topic + " v" + version));
            } catch (ModelCodec.InvalidModelException e) {
                warnings.accept("skipping unreadable snapshot: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private void add(Map<Long, byte[][]> versions, ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null || r.key() == null || !new String(r.key(), StandardCharsets.UTF_8).startsWith(keyPrefix + "slot-")) return;
        String source = topic + "/" + r.partition() + "/" + r.offset();
        try {
            DataInputStream in = Framing.read(r.value(), MAGIC, FORMAT_VERSION, "snapshot chunk", source);
            long version = in.readLong();
            int index = in.readInt(), count = in.readInt(), length = in.readInt();
            byte[] data = in.readNBytes(length);
            if (count < 1 || index < 0 || index >= count || data.length != length) throw new IOException("bad chunk header");
            byte[][] chunks = versions.computeIfAbsent(version, v -> new byte[count][]);
            if (chunks.length == count) chunks[index] = data;
        } catch (ModelCodec.InvalidModelException | IOException e) {
            warnings.accept("skipping snapshot record " + source + ": " + e.getMessage());
        }
    }

    private static byte[] concatenate(byte[][] chunks) {
        int total = 0;
        for (byte[] c : chunks) total += c.length;
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("enable.auto.commit", "false");
        props.put("max.partition.fetch.bytes", String.valueOf(4 * 1024 * 1024));
        return props;
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");   // no loss across a broker restart: Ingestor.producerProperties
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 * 1024 * 1024));
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    public synchronized void close() {
        if (producer != null) producer.close(Duration.ofSeconds(5));
        producer = null;
    }
}
