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
    /**
     * A dead-letter topic whose letters cannot be read at a node's start (here a read that outlasts
     * its wait) is said in one warning, and the memory starts empty, as before it was seeded: the
     * node's letters are written, at worst again, never lost.
     */
    @Test
    void aDeadLetterTopicThatCannotBeReadAtStartIsSaidAndTheMemoryStartsEmpty() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        DeadLetters.Written written = new DeadLetters.Written(() -> {
            reads.incrementAndGet();
            throw new IllegalStateException("reading topic 'samples-dlq' took longer than 30 s");
        });
        String log = TextFieldsLeftOutTest.stderrOf(() -> written.seeded(Runnable::run).get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("the dead-letter topic's letters could not be read, so a letter written before this start may be written again")
                && l.contains("took longer than 30 s")), log);
        assertFalse(written.contains("samples/0@7"));
        written.add("samples/0@7");
        assertTrue(written.contains("samples/0@7"));
        written.seeded(Runnable::run).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, reads.get(), "the topic is read once, at the first letter");
    }

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

    /**
     * A node started again behind the letters it wrote (its state lost, as when killed before its
     * last snapshot) reads their records again; its memory starts with the dead-letter topic's
     * letters, so each is written once. A record at a letter's offset with another value (the
     * samples topic made again) is not one of them.
     */
    @Test
    void aNodeStartedAgainBehindItsLettersDoesNotWriteThemTwice(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StreamHarness h = new StreamHarness("letters-restart", 1, dir.resolve("first"));
        List<byte[]> records = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) records.add(utf8((i % 7) * 0.5 + "," + (i % 11) * 0.25));
        for (int at : new int[]{300, 700, 1100}) records.add(at, utf8("1.5,warm" + at));
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = Map.of("scorestream.learning.warm-up-samples", 500);
        try (var node = h.start(settings)) {
            node.awaitConsumed(records.size(), Duration.ofSeconds(120));
            node.drain(Duration.ofSeconds(120));
        }
        assertEquals(3, SharedKafka.recordCount(h.deadLetters));
        // The same feed and dead-letter topic, the state gone: every record read again from offset 0.
        Map<String, Object> again = new java.util.HashMap<>(settings);
        again.put("scorestream.snapshot-dir", dir.resolve("second").toString());
        again.put("scorestream.topics.model", h.model + "-again");
        try (var node = h.start(again)) {
            node.awaitConsumed(records.size(), Duration.ofSeconds(120));
            node.drain(Duration.ofSeconds(120));
            assertEquals(1200, h.latest.get().absorbed(), "read again from the start");
            assertEquals(3, h.latest.get().deadLettered(), "counted as dead letters again");
        }
        assertEquals(3, SharedKafka.recordCount(h.deadLetters), "each letter once on the topic");

        DeadLetters.Written seeded = DeadLetters.Written.onTopic(StreamSettings.from(h.config(settings)));
        seeded.seeded(Runnable::run).get();
        String source = h.samples + "/0/300";
        assertTrue(seeded.contains(DeadLetters.identity(source, utf8("1.5,warm300"))));
        assertFalse(seeded.contains(DeadLetters.identity(source, utf8("1.5,warm999"))), "another record at the same offset");
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers(), "max.block.ms", 10_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
