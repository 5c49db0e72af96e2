package io.scorestream.stream;

import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A batch's letters can partly go through before one fails; the batch fails, the reader restarts
 * and reads the same bad records again. The letters acknowledged before are not sent twice: on a
 * real broker, a compacted dead-letter topic takes the keyed letter and refuses the keyless one,
 * then is made writable, and after the re-read it holds each letter once.
 */
class DeadLettersOnceTest {
    @Test
    void lettersAcknowledgedBeforeTheBatchFailedAreNotSentAgainAfterARestart() throws Exception {
        String dlq = "once-dlq-" + Long.toHexString(System.nanoTime());
        SharedKafka.broker().createTopic(dlq, 1, Map.of("cleanup.policy", "compact"));
        RecordCodec.Bad bad = new RecordCodec.Bad(RecordCodec.Reason.MALFORMED, "field 2 is not a number");
        ConsumerRecord<byte[], byte[]> keyed = new ConsumerRecord<>("samples", 0, 5L, utf8("sensor-1"), utf8("1.5,warm"));
        ConsumerRecord<byte[], byte[]> keyless = new ConsumerRecord<>("samples", 0, 6L, null, utf8("2.5,cold"));
        DeadLetters.Written written = new DeadLetters.Written();
        ExecutorService sends = Executors.newSingleThreadExecutor();
        try (DeadLetters first = new DeadLetters(producer(), dlq, 1 << 20, sends, written)) {
            first.send(keyed, bad).toCompletableFuture().get();
            ExecutionException refused = assertThrows(ExecutionException.class, () -> first.send(keyless, bad).toCompletableFuture().get());
            assertTrue(refused.getCause().getMessage().contains("samples/0/6"), refused.getCause().getMessage());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, dlq),
                    List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET)))).all().get();
        }
        // The restarted reader: a new writer, the same memory, the batch's two bad records again.
        try (DeadLetters again = new DeadLetters(producer(), dlq, 1 << 20, sends, written)) {
            again.send(keyed, bad).toCompletableFuture().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {   // the topic's new policy reaches the partition's leader a little later
                try {
                    again.send(keyless, bad).toCompletableFuture().get();
                    break;
                } catch (ExecutionException stillRefused) {
                    if (System.nanoTime() > deadline) throw stillRefused;
                    Thread.sleep(200);
                }
            }
        } finally {
            sends.shutdown();
        }
        TopicPartition tp = new TopicPartition(dlq, 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            assertEquals(2L, c.endOffsets(List.of(tp)).get(tp), "each bad record's letter once on the topic");
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers(), "max.block.ms", 10_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
