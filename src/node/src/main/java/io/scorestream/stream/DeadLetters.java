package io.scorestream.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Writes bad records to the dead-letter topic, each with its reason, a one-line message and where
 * it came from, so that a dead letter always fits: a record whose key and value (with the headers)
 * would exceed what the producer may send ({@code max.request.size}, 1 MiB by default) keeps only
 * their heads and says so in {@link #TRUNCATED_HEADER} and {@link #ORIGINAL_BYTES_HEADER}; the
 * whole record stays in the input topic at the offset {@link #SOURCE_HEADER} names. A topic whose
 * own {@code max.message.bytes} is smaller still gets a second try with a {@value #SMALL_HEAD}-byte
 * head.
 *
 * <p>Any other failure (the topic missing or unwritable, the broker gone) fails the send: the
 * reader stream fails with it and its {@link Ingestor} re-reads from the partitioner's offsets
 * with back-off, so nothing is skipped, and the node reports the stall (see {@code /ready}).
 * Sends run on the given executor because a producer blocks for up to {@code max.block.ms} while
 * it waits for the metadata of a topic that does not exist.
 *
 * <p>A batch whose letters partly went through fails as a whole, and the restarted reader reads
 * its bad records again: the letters already acknowledged are remembered ({@link Written}, kept
 * across the reader's restarts) and not sent twice. Seen once in CI: a dead-letter topic made
 * writable while a batch's five letters were being sent held nine letters after the restart. A
 * node's memory starts with the letters the topic already holds ({@link Written#onTopic}), so a
 * node started again behind its letters (killed before its last snapshot) does not write them twice.
 */
public final class DeadLetters implements AutoCloseable {
    public static final String REASON_HEADER = "scorestream.reason", MESSAGE_HEADER = "scorestream.message", SOURCE_HEADER = "scorestream.source";
    /** "true" when the dead letter holds only the head of the record's value (and perhaps of its key). */
    public static final String TRUNCATED_HEADER = "scorestream.truncated";
    /** The size in bytes of the record's value as it was on the input topic (only on truncated dead letters). */
    public static final String ORIGINAL_BYTES_HEADER = "scorestream.original-bytes";
    /** The size in bytes of the record's key, when the key was truncated too. */
    public static final String ORIGINAL_KEY_BYTES_HEADER = "scorestream.original-key-bytes";
    /** The head kept when the topic refused even a dead letter cut to the producer's limit. */
    static final int SMALL_HEAD = 1024;
    /** Room left for the record batch's and the record's own framing (about 100 bytes; generous on purpose). */
    static final int FRAMING_BYTES = 1024;
    /** How long a send may wait for the topic's metadata by default (the producer's own default is 60 s). */
    static final Duration METADATA_WAIT = Duration.ofSeconds(10);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int maxRequestBytes;
    private final Executor sends;
    private final Written written;

    /**
     * The sources (topic/partition/offset) of the last {@value #REMEMBERED} letters acknowledged: a
     * node's reader keeps one across its restarts, as the records it re-reads after one are its
     * last batches'.
     */
    static final class Written {
        static final int REMEMBERED = 65_536;
        private final java.util.LinkedHashMap<String, Boolean> sources = new java.util.LinkedHashMap<>(16, 0.75f, false) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > REMEMBERED; }
        };
        private final java.util.function.Supplier<java.util.Collection<String>> earlier;
        private CompletableFuture<Void> seeding;

        /** A memory that starts empty. */
        Written() {
            this(List::of);
        }

        /** A memory that starts with the letters earlier gives (read once, before the first send). */
        Written(java.util.function.Supplier<java.util.Collection<String>> earlier) {
            this.earlier = earlier;
        }

        /**
         * A memory that starts with the letters the dead-letter topic already holds of the samples
         * topic, its last {@value #REMEMBERED}: a node started again behind letters it wrote (killed
         * before its last snapshot, its state lost) reads their records again and does not write
         * them twice.
         */
        static Written onTopic(StreamSettings s) {
            return new Written(() -> lettersOnTopic(s.kafkaProperties(), s.deadLetterTopic(), s.samplesTopic(), REMEMBERED, SEED_WAIT));
        }

        /** Completes once the memory holds the letters it starts with; read on the executor, once. */
        synchronized CompletableFuture<Void> seeded(Executor on) {
            if (seeding == null) seeding = CompletableFuture.runAsync(() -> earlier.get().forEach(this::add), on)
                    .exceptionally(failure -> {   // a topic that cannot be read now: the letters may be written again, as before
                        LOG.warn("the dead-letter topic's letters could not be read, so a letter written before this start may be written again: {}", failure.toString());
                        return null;
                    });
            return seeding;
        }

        synchronized boolean contains(String source) { return sources.containsKey(source); }

        synchronized void add(String source) { sources.put(source, Boolean.TRUE); }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLetters.class);
    /** How long a node's first dead letter may wait while the topic's earlier letters are read. */
    static final Duration SEED_WAIT = Duration.ofSeconds(30);

    /**
     * A record's identity in the memory: where it came from, and its value's length and hash (a
     * topic deleted and made again holds other records at the same offsets). A letter holding only
     * its record's head stands for whatever record its source holds.
     */
    static String identity(String source, byte[] value) {
        return source + "#" + (value == null ? -1 : value.length) + "#" + Arrays.hashCode(value);
    }

    static String truncatedIdentity(String source) {
        return source + "#truncated";
    }

    /**
     * The identities of the letters among the dead-letter topic's last most records (spread over its
     * partitions) whose source is the samples topic; empty when the topic does not exist.
     */
    static List<String> lettersOnTopic(Map<String, Object> kafka, String topic, String samplesTopic, int most, Duration wait) {
        Map<String, Object> props = new java.util.HashMap<>(kafka);
        props.put("enable.auto.commit", "false");
        List<String> out = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> info = consumer.partitionsFor(topic, wait);
            if (info == null || info.isEmpty()) return out;
            List<TopicPartition> partitions = info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, wait), begin = consumer.beginningOffsets(partitions, wait);
            for (TopicPartition tp : partitions) consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - most / partitions.size()));
            long deadline = System.nanoTime() + wait.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("reading topic '" + topic + "' took longer than " + wait.toSeconds() + " s");
                for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(Duration.ofMillis(200))) {
                    String source = header(letter, SOURCE_HEADER);
                    if (source == null || !source.startsWith(samplesTopic + "/")) continue;
                    out.add(header(letter, TRUNCATED_HEADER) != null ? truncatedIdentity(source) : identity(source, letter.value()));
                }
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    DeadLetters(Producer<byte[], byte[]> producer, String topic, int maxRequestBytes, Executor sends) {
        this(producer, topic, maxRequestBytes, sends, new Written());
    }

    DeadLetters(Producer<byte[], byte[]> producer, String topic, int maxRequestBytes, Executor sends, Written written) {
        if (maxRequestBytes < 4 * FRAMING_BYTES) throw new IllegalArgumentException("max.request.size of " + maxRequestBytes + " bytes is too small for dead letters");
        this.producer = producer;
        this.topic = topic;
        this.maxRequestBytes = maxRequestBytes;
        this.sends = sends;
        this.written = written;
    }

    /** A dead-letter writer with a producer of its own, configured from the node's Kafka settings. */
    static DeadLetters create(StreamSettings s, Executor sends, Written written) {
        Map<String, Object> props = Ingestor.producerProperties(s);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) METADATA_WAIT.toMillis());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        Map<String, Object> parsed = new java.util.HashMap<>(props);   // ProducerConfig insists on serializer classes
        parsed.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        parsed.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new DeadLetters(producer, s.deadLetterTopic(), new ProducerConfig(parsed).getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), sends, written);
    }

    /** Sends the record's dead letter; completes once the topic has acknowledged it, fails if it cannot. */
    public CompletionStage<Void> send(ConsumerRecord<byte[], byte[]> record, RecordCodec.Bad bad) {
        String source = record.topic() + "/" + record.partition() + "/" + record.offset();
        String identity = identity(source, record.value());
        return written.seeded(sends).thenCompose(ready -> {
            if (written.contains(identity) || written.contains(truncatedIdentity(source))) return CompletableFuture.<Void>completedFuture(null);
            return firstSend(record, bad).thenRun(() -> written.add(identity));
        });
    }

    private CompletionStage<Void> firstSend(ConsumerRecord<byte[], byte[]> record, RecordCodec.Bad bad) {
        ProducerRecord<byte[], byte[]> letter = letter(topic, record, bad, maxRequestBytes);
        return CompletableFuture.supplyAsync(() -> attempt(letter), sends)
                .thenCompose(sent -> sent)
                .exceptionallyCompose(failure -> {
                    if (!(unwrap(failure) instanceof RecordTooLargeException)) return CompletableFuture.failedFuture(cannotWrite(record, unwrap(failure)));
                    // The producer's limit was met, so the topic's (or the broker's) is smaller.
                    ProducerRecord<byte[], byte[]> small = letter(topic, record, bad, SMALL_HEAD + FRAMING_BYTES + 200 + headerBytes(letter));
                    return CompletableFuture.supplyAsync(() -> attempt(small), sends).thenCompose(sent -> sent)
                            .exceptionallyCompose(again -> CompletableFuture.failedFuture(cannotWrite(record, unwrap(again))));
                });
    }

    /** What the reader's restart (and /ready) will say: which record, which topic, and Kafka's reason. */
    private IllegalStateException cannotWrite(ConsumerRecord<byte[], byte[]> record, Throwable failure) {
        return new IllegalStateException("cannot write the dead letter of " + record.topic() + "/" + record.partition() + "/" + record.offset()
                + " to topic '" + topic + "': " + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
    }

    private CompletableFuture<Void> attempt(ProducerRecord<byte[], byte[]> letter) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(letter, (metadata, error) -> {
                if (error != null) sent.completeExceptionally(error);
                else sent.complete(null);
            });
        } catch (RuntimeException e) {   // a closed or fenced producer throws rather than calling back
            sent.completeExceptionally(e);
        }
        return sent;
    }

    /**
     * The dead letter of a record: its key and value, cut to their heads when key, value and headers
     * would not fit in limitBytes (the key keeps at most a sixteenth of the room, so a long key
     * cannot crowd out the value).
     */
    static ProducerRecord<byte[], byte[]> letter(String topic, ConsumerRecord<byte[], byte[]> r, RecordCodec.Bad bad, int limitBytes) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, r.key(), r.value());
        out.headers().add(REASON_HEADER, utf8(bad.reason().headerValue()));
        out.headers().add(MESSAGE_HEADER, utf8(bad.message()));
        out.headers().add(SOURCE_HEADER, utf8(r.topic() + "/" + r.partition() + "/" + r.offset()));
        int key = r.key() == null ? 0 : r.key().length, value = r.value() == null ? 0 : r.value().length;
        int room = limitBytes - FRAMING_BYTES - headerBytes(out) - 200;   // 200: the truncation headers themselves
        if ((long) key + value <= room) return out;
        int keepKey = Math.min(key, Math.max(0, room / 16)), keepValue = Math.max(0, Math.min(value, room - keepKey));
        ProducerRecord<byte[], byte[]> cut = new ProducerRecord<>(topic, null,
                r.key() == null ? null : Arrays.copyOf(r.key(), keepKey), Arrays.copyOf(r.value(), keepValue), out.headers());
        cut.headers().add(TRUNCATED_HEADER, utf8("true"));
        cut.headers().add(ORIGINAL_BYTES_HEADER, utf8(Integer.toString(value)));
        if (keepKey < key) cut.headers().add(ORIGINAL_KEY_BYTES_HEADER, utf8(Integer.toString(key)));
        return cut;
    }

    private static int headerBytes(ProducerRecord<byte[], byte[]> record) {
        int n = 0;
        for (var h : record.headers()) n += h.key().length() + (h.value() == null ? 0 : h.value().length) + 10;
        return n;
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(1));
    }
}
