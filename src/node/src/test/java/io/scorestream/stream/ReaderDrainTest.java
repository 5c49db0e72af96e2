package io.scorestream.stream;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A drain waits for the batches in flight, but not for ever. A node's drain once timed out because
 * its reader's stream never ended (ClusterProcessTest, partition-local path, after a rebalance);
 * here a real reader on the shared broker has a batch in flight that its stand-in partitioner never
 * answers, with a batch-timeout of 10 s. The reader must give up on the stream after half of that,
 * still have the snapshot and model written (Flush), and reply — before the batch's own timeout.
 */
class ReaderDrainTest {
    @TempDir Path dir;

    /** Answers where partitions start and a Flush; swallows every batch (a band that never answers). */
    private static Behavior<Partitioner.Command> neverAnswersABatch(CountDownLatch batchArrived, AtomicBoolean flushed) {
        return Behaviors.receive((ctx, m) -> {
            if (m instanceof Partitioner.StartAt start) start.replyTo().tell(new Partitioner.Offsets(1, Map.of(), -1, null));
            else if (m instanceof Partitioner.Ingest) batchArrived.countDown();
            else if (m instanceof Partitioner.Flush flush) {
                flushed.set(true);
                flush.replyTo().tell(Done.getInstance());
            }
            return Behaviors.same();
        });
    }

    @Test
    void aDrainEndsWithinHalfABatchTimeoutWhenABatchIsNeverAnswered() throws Exception {
        StreamHarness h = new StreamHarness("reader-drain", 2, dir);
        StreamSettings settings = StreamSettings.from(h.config(Map.of("scorestream.cluster.batch-timeout", "10s")));
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) records.add((i % 7 + "," + i % 11).getBytes(StandardCharsets.UTF_8));
        SharedKafka.produceRoundRobin(h.samples, records, 2, 0);

        CountDownLatch batchArrived = new CountDownLatch(1);
        AtomicBoolean flushed = new AtomicBoolean();
        ActorTestKit kit = ActorTestKit.create(NodeConfig.of(Map.of("akka.actor.provider", "local")));
        try {
            ActorRef<Partitioner.Command> partitioner = kit.spawn(neverAnswersABatch(batchArrived, flushed));
            ActorRef<Ingestor.Command> reader = kit.spawn(Ingestor.create(settings, settings.codec(settings.dimension()), partitioner, new ReaderRestarts()));
            assertTrue(batchArrived.await(60, TimeUnit.SECONDS), "no batch reached the partitioner");
            TestProbe<Done> drained = kit.createTestProbe();
            reader.tell(new Ingestor.Drain(drained.getRef()));
            // 5 s of waiting for the stream, then the Flush: well before the batch's ask times out at 10 s.
            drained.expectMessage(Duration.ofMillis(8500), Done.getInstance());
            assertTrue(flushed.get(), "the drain asked for a snapshot and a model");
        } finally {
            kit.shutdownTestKit();
        }
    }
}
