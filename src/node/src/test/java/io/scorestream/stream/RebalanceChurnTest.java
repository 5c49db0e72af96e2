package io.scorestream.stream;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import io.scorestream.testing.NodeConfig;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One reader while another member of its consumer group joins and leaves over and over, so that
 * Kafka takes partitions from the reader and gives them back while its batches are still on their
 * way. The topic has no transactions, so no offset may be passed over, and every record must be
 * taken exactly once. A reader made of one Alpakka source per partition lost records here: a
 * partition given back soon after it was taken had two sources at once, the closing one was handed
 * the records after the seek and dropped them, and the new one's first record claimed the offsets
 * from the seek on (RELIABILITY.md, "Scaling out").
 */
class RebalanceChurnTest {
    private static final int PARTITIONS = 4, RECORDS = 24_000, ROUNDS = 8;
    @TempDir Path dir;

    /**
     * Stands in for the partitioner: a ledger, slow to take a batch (12 ms), so batches are on their
     * way at every rebalance, and slow to say where partitions continue (700 ms).
     */
    private static Behavior<Partitioner.Command> ledgerOf(Map<Integer, Long> taken, List<String> passedOver) {
        OffsetLedger ledger = new OffsetLedger(Map.of());
        return Behaviors.receive((ctx, m) -> {
            if (m instanceof Partitioner.StartAt start) {
                // Answered late, as a node loading snapshots answers: the rebalance outlasts Alpakka's 500 ms close delay.
                Partitioner.Offsets answer = new Partitioner.Offsets(1, ledger.nextOffsets(), -1, null);
                CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS).execute(() -> start.replyTo().tell(answer));
            } else if (m instanceof Partitioner.Ingest ingest) {
                OffsetLedger.Selection s = StandInLedger.take(ledger, ingest, taken);
                if (s == null) return Behaviors.same();
                for (long[] skip : s.skipped()) passedOver.add("partition " + skip[0] + ": " + skip[1] + ".." + (skip[2] - 1));
                Thread.sleep(12);
                ingest.replyTo().tell(new Partitioner.Accepted());
            }
            return Behaviors.same();
        });
    }

    @Test
    void partitionsTakenAndGivenBackMidBatchLoseNoRecordAndCountNoneTwice() throws Exception {
        StreamHarness h = new StreamHarness("churn", PARTITIONS, dir);
        // Small batches, so many are on their way; heartbeats of 200 ms, so that each rebalance starts at once.
        StreamSettings settings = StreamSettings.from(h.config(Map.of("scorestream.learning.batch-size", 64,
                "scorestream.kafka.client-properties.\"heartbeat.interval.ms\"", 200, "akka.actor.serialize-messages", "off")));
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) records.add((i % 7 + "," + i % 11 + "," + i % 13).getBytes(StandardCharsets.UTF_8));
        SharedKafka.produceRoundRobin(h.samples, records, PARTITIONS, 0);

        Map<Integer, Long> taken = new ConcurrentHashMap<>();
        List<String> passedOver = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "churn", NodeConfig.of(Map.of("akka.actor.provider", "local")));
        Thread churn = new Thread(() -> churn(settings, h.samples, done), "churn");
        try {
            system.systemActorOf(Ingestor.create(settings, settings.codec(settings.dimension()), system.systemActorOf(ledgerOf(taken, passedOver), "ledger", Props.empty()),
                    new ReaderRestarts()), "reader", Props.empty());
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (taken.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            churn.start();
            while (taken.values().stream().mapToLong(Long::longValue).sum() < RECORDS && System.nanoTime() < deadline) Thread.sleep(100);
            done.set(true);
            churn.join(30_000);
            assertEquals(List.of(), passedOver, "offsets passed over on a topic without transactions: records lost");
            long per = RECORDS / PARTITIONS;
            assertEquals(Map.of(0, per, 1, per, 2, per, 3, per), new TreeMap<>(taken), "every record of every partition taken once");
        } finally {
            done.set(true);
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** A second member of the reader's group: joins, holds its share for a moment (1.2–1.6 s), leaves; ROUNDS times. */
    private static void churn(StreamSettings settings, String topic, AtomicBoolean done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "200");
        for (int round = 0; round < ROUNDS && !done.get(); round++) {
            try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                member.subscribe(List.of(topic));
                long until = System.nanoTime() + Duration.ofMillis(1200 + 200L * (round % 3)).toNanos();
                while (System.nanoTime() < until && !done.get()) member.poll(Duration.ofMillis(50));
            }
        }
    }
}
