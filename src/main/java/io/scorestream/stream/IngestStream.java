package io.scorestream.stream;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.japi.Pair;
import akka.kafka.ConsumerSettings;
import akka.kafka.Subscriptions;
import akka.kafka.javadsl.Consumer;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ejml.data.DMatrixRMaj;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Kafka → decode and validate → dead-letter the bad → batch → the partitioner, with back-pressure:
 * the next batch is only handed over once every band has absorbed the previous one. The consumer
 * starts each assigned partition at the offset the newest snapshot recorded (offsets live with the
 * statistics, not in Kafka), so a restart neither skips nor repeats a record.
 */
public final class IngestStream {
    /** Header names of a dead-letter record. */
    public static final String REASON_HEADER = "scorestream.reason", MESSAGE_HEADER = "scorestream.message", SOURCE_HEADER = "scorestream.source";
    private static final Duration ASK_TIMEOUT = Duration.ofMinutes(5); // planning at d = 64 takes tens of seconds

    private IngestStream() {}

    /** A record after decoding: rows for good ones, reason for bad ones. */
    private record Item(ConsumerRecord<byte[], byte[]> record, double[] vector, RecordCodec.Bad bad) {}

    public static Pair<Consumer.Control, CompletionStage<Done>> run(ActorSystem<?> system, StreamSettings s, Map<Integer, Long> startOffsets,
                                                                    RecordCodec codec, Producer<byte[], byte[]> deadLetters,
                                                                    ActorRef<Partitioner.Command> partitioner) {
        ConsumerSettings<byte[], byte[]> consumer = ConsumerSettings.create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .withBootstrapServers(s.bootstrapServers())
                .withGroupId(s.groupId())
                .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .withProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .withStopTimeout(Duration.ZERO);
        for (Map.Entry<String, String> e : s.clientProperties().entrySet()) consumer = consumer.withProperty(e.getKey(), e.getValue());

        return Consumer.plainPartitionedManualOffsetSource(consumer, Subscriptions.topics(s.samplesTopic()),
                        assigned -> CompletableFuture.completedFuture(startingOffsets(assigned, startOffsets)))
                .flatMapMerge(1024, Pair::second)
                .map(record -> decode(codec, record))
                .mapAsync(8, item -> item.bad() == null ? CompletableFuture.completedFuture(item) : deadLetter(deadLetters, s.deadLetterTopic(), item))
                .groupedWithin(s.batchSize(), s.batchMaxWait())
                .mapAsync(1, items -> AskPattern.<Partitioner.Command, Done>ask(partitioner, replyTo -> batch(items, replyTo), ASK_TIMEOUT, system.scheduler()))
                .toMat(Sink.ignore(), Keep.both())
                .run(system);
    }

    private static Map<TopicPartition, Object> startingOffsets(java.util.Set<TopicPartition> assigned, Map<Integer, Long> stored) {
        Map<TopicPartition, Object> out = new HashMap<>();
        for (TopicPartition tp : assigned) out.put(tp, stored.getOrDefault(tp.partition(), 0L));
        return out;
    }

    private static Item decode(RecordCodec codec, ConsumerRecord<byte[], byte[]> record) {
        RecordCodec.Decoded decoded = codec.decode(record.value());
        if (decoded instanceof RecordCodec.Good good) return new Item(record, good.vector(), null);
        return new Item(record, null, (RecordCodec.Bad) decoded);
    }

    private static CompletionStage<Item> deadLetter(Producer<byte[], byte[]> producer, String topic, Item item) {
        ConsumerRecord<byte[], byte[]> r = item.record();
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, r.key(), r.value());
        out.headers().add(REASON_HEADER, item.bad().reason().headerValue().getBytes(StandardCharsets.UTF_8));
        out.headers().add(MESSAGE_HEADER, item.bad().message().getBytes(StandardCharsets.UTF_8));
        out.headers().add(SOURCE_HEADER, (r.topic() + "/" + r.partition() + "/" + r.offset()).getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Item> sent = new CompletableFuture<>();
        producer.send(out, (metadata, error) -> {
            if (error != null) sent.completeExceptionally(error);
            else sent.complete(item);
        });
        return sent;
    }

    /** The noise key of a record: its partition and offset, unique and stable across replays. */
    public static long position(int partition, long offset) { return ((long) partition << 40) | offset; }

    private static Partitioner.Ingest batch(List<Item> items, ActorRef<Done> replyTo) {
        int good = 0, bad = 0, d = 0;
        for (Item item : items) {
            if (item.bad() == null) { good++; d = item.vector().length; } else bad++;
        }
        DMatrixRMaj rows = new DMatrixRMaj(good, Math.max(d, 1));
        long[] positions = new long[good];
        Map<Integer, Long> next = new TreeMap<>();
        int row = 0;
        for (Item item : items) {
            ConsumerRecord<byte[], byte[]> r = item.record();
            next.merge(r.partition(), r.offset() + 1, Math::max);
            if (item.bad() != null) continue;
            System.arraycopy(item.vector(), 0, rows.data, row * d, d);
            positions[row++] = position(r.partition(), r.offset());
        }
        return new Partitioner.Ingest(rows, positions, bad, next, replyTo);
    }
}
