package io.scorestream.stream;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import io.scorestream.testing.NodeConfig;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two readers of one consumer group, the second joining while the first one's answer to its first
 * assignment (where its partitions continue) is still on its way — slow, as when a node loads its
 * partitions' snapshots from the state topic. Every record must still be taken, once. With the
 * offsets looked up asynchronously (Alpakka's plainPartitionedManualOffsetSource) the first
 * reader's answer landed after its partitions had been revoked and closed, and it never read its
 * share again, with no error: the 2-node stall of PERFORMANCE.md §16.
 */
class SlowAssignmentTest {
    private static final int PARTITIONS = 4, RECORDS = 4000;
    @TempDir Path dir;

    /**
     * Stands in for the partitioner: one ledger for both readers, batches taken as it says. It holds
     * its answer to the first StartAt until the group has rebalanced (another StartAt came: then 1.5 s
     * more, past the 500 ms in which Alpakka closes revoked partitions), or for 8 s at most (a reader
     * that waits for the answer inside the rebalance callback holds the rebalance back meanwhile);
     * later ones at once. answerFirst false: the first StartAt is never answered.
     */
    private static Behavior<Partitioner.Command> slowToAnswerFirst(Map<Integer, Long> taken, CountDownLatch asked, boolean answerFirst) {
        OffsetLedger ledger = new OffsetLedger(Map.of());
        List<Partitioner.StartAt> held = new ArrayList<>();
        return Behaviors.withTimers(timers -> Behaviors.receive((ctx, m) -> {
            if (m instanceof Partitioner.StartAt start) {
                if (asked.getCount() > 0) {
                    asked.countDown();
                    held.add(start);
                    timers.startSingleTimer("first", new Partitioner.Flush(null), Duration.ofSeconds(8));
                    return Behaviors.same();
                }
                if (!held.isEmpty()) timers.startSingleTimer("first", new Partitioner.Flush(null), Duration.ofMillis(1500));
                start.replyTo().tell(new Partitioner.Offsets(1, ledger.nextOffsets(), -1, null));
            } else if (m instanceof Partitioner.Flush) {   // the timer: the first answer is due
                if (answerFirst) held.forEach(h -> h.replyTo().tell(new Partitioner.Offsets(1, ledger.nextOffsets(), -1, null)));
                held.clear();
            } else if (m instanceof Partitioner.Ingest ingest) {
                if (StandInLedger.take(ledger, ingest, taken) != null) ingest.replyTo().tell(new Partitioner.Accepted());
            }
            return Behaviors.same();
        }));
    }

    @Test
    void aReaderJoiningWhileTheFirstOnesOffsetsAreLoadingLosesNoPartition() throws Exception {
        readAll("slow-assignment", "20s", true, (system, partitioner, firstAsked) -> {
            system.systemActorOf(Ingestor.create(settings, settings.codec(settings.dimension()), partitioner, new ReaderRestarts()), "reader-1", Props.empty());
            // The second reader joins the group once the first has been given every partition and waits for its answer.
            assertTrue(firstAsked.await(60, TimeUnit.SECONDS), "the first reader was never assigned its partitions");
            system.systemActorOf(Ingestor.create(settings, settings.codec(settings.dimension()), partitioner, new ReaderRestarts()), "reader-2", Props.empty());
        });
    }

    /** An answer that never comes fails the reader, which restarts and reads everything: never a silent stall. */
    @Test
    void anAssignmentLeftUnansweredRestartsTheReader() throws Exception {
        ReaderRestarts restarts = new ReaderRestarts();
        readAll("unanswered-assignment", "3s", false, (system, partitioner, firstAsked) ->
                system.systemActorOf(Ingestor.create(settings, settings.codec(settings.dimension()), partitioner, restarts), "reader", Props.empty()));
        assertTrue(restarts.count() >= 1, "the reader restarted");
        assertTrue(restarts.lastReason().contains("no answer where partitions"), restarts.lastReason());
    }

    private interface Readers {
        void start(ActorSystem<Void> system, ActorRef<Partitioner.Command> partitioner, CountDownLatch firstAsked) throws Exception;
    }

    private StreamSettings settings;

    /** 4 000 records in 4 partitions, readers started as told against the stand-in: every record of every partition taken once. */
    private void readAll(String name, String batchTimeout, boolean answerFirst, Readers readers) throws Exception {
        StreamHarness h = new StreamHarness(name, PARTITIONS, dir);
        // One JVM, no remoting: the stand-in's timer message (a Flush without a reply address) need not serialise.
        settings = StreamSettings.from(h.config(Map.of("scorestream.cluster.batch-timeout", batchTimeout, "akka.actor.serialize-messages", "off")));
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) records.add((i % 7 + "," + i % 11 + "," + i % 13).getBytes(StandardCharsets.UTF_8));
        SharedKafka.produceRoundRobin(h.samples, records, PARTITIONS, 0);

        Map<Integer, Long> taken = new ConcurrentHashMap<>();
        CountDownLatch firstAsked = new CountDownLatch(1);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, NodeConfig.of(Map.of("akka.actor.provider", "local")));
        try {
            readers.start(system, system.systemActorOf(slowToAnswerFirst(taken, firstAsked, answerFirst), "partitioner", Props.empty()), firstAsked);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (taken.values().stream().mapToLong(Long::longValue).sum() < RECORDS && System.nanoTime() < deadline) Thread.sleep(100);
            Map<Integer, Long> perPartition = new TreeMap<>(taken);
            assertEquals(Map.of(0, 1000L, 1, 1000L, 2, 1000L, 3, 1000L), perPartition, "every record of every partition taken once");
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
