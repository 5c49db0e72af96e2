package io.scorestream.stream;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.testing.NodeConfig;
import io.scorestream.testing.SharedKafka;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The partitioner is the authority on the stream's dimension: it learns it from the first good
 * rows it accepts, tells readers in {@link Partitioner.Offsets}, and refuses a batch of another
 * dimension without taking anything. Warm-up only (no plan), so no cluster is needed.
 */
class PartitionerDimensionTest {
    @TempDir Path dir;
    ActorTestKit testKit;

    @AfterEach
    void stop() {
        if (testKit != null) testKit.shutdownTestKit();
    }

    @Test
    void aBatchOfAnotherDimensionIsRejectedAndTakesNothing() {
        // Every message really sent goes through its CBOR serialiser, as between cluster nodes.
        testKit = ActorTestKit.create("PartitionerDimensionTest", ConfigFactory.parseMap(Map.of(
                "akka.actor.provider", "local", "akka.actor.serialize-messages", "on")).withFallback(ConfigFactory.load()));
        Map<String, Object> settings = NodeConfig.base(SharedKafka.bootstrapServers(), "samples", "dlq", "generated", "model", dir);
        settings.put("scorestream.learning.warm-up-samples", 4096);   // the batches below never reach a plan
        StreamSettings s = StreamSettings.from(NodeConfig.of(settings));
        ActorRef<Partitioner.Command> partitioner = testKit.spawn(Partitioner.create(s, () -> new SnapshotStore(dir, w -> fail(w))));
        TestProbe<Partitioner.IngestReply> replies = testKit.createTestProbe();

        assertEquals(new Partitioner.Offsets(offsets(partitioner).epoch(), Map.of(), -1, null), offsets(partitioner), "nothing known yet");
        // Bad records only: taken, but they teach no dimension.
        partitioner.tell(batch(0, new int[]{0, 0}, replies.getRef()));
        replies.expectMessage(new Partitioner.Accepted());
        assertEquals(-1, offsets(partitioner).dimension());
        // The first good rows fix it.
        partitioner.tell(batch(2, new int[]{2, 2}, replies.getRef()));
        replies.expectMessage(new Partitioner.Accepted());
        assertEquals(2, offsets(partitioner).dimension());
        assertEquals(Map.of(0, 4L), offsets(partitioner).next());

        // Rows of 3 values: refused with one line, the ledger untouched, nothing counted.
        partitioner.tell(batch(4, new int[]{3, 0, 3}, replies.getRef()));
        Partitioner.Rejected rejected = (Partitioner.Rejected) replies.receiveMessage();
        assertEquals("batch records have 3 values, the stream's dimension is 2", rejected.reason());
        assertEquals(Map.of(0, 4L), offsets(partitioner).next());
        assertEquals(2, offsets(partitioner).dimension());
        Partitioner.Progress progress = progress(partitioner);
        assertEquals(2, progress.warmingUp());
        assertEquals(2, progress.deadLettered());

        // The same offsets re-read with the stream's dimension are taken.
        partitioner.tell(batch(4, new int[]{2, 0, 2}, replies.getRef()));
        replies.expectMessage(new Partitioner.Accepted());
        assertEquals(Map.of(0, 7L), offsets(partitioner).next());
        progress = progress(partitioner);
        assertEquals(4, progress.warmingUp());
        assertEquals(3, progress.deadLettered());
    }

    @Test
    void theBatchThatCompletesTheWarmUpIsAcceptedBeforeThePlan() {
        // The plan runs on its own thread after this answer (at d = 768 it outlasted the reader's
        // ask when the answer waited for it). Here the actor system has no cluster, so the plan can
        // never be adopted (the bands are sharded): before this change that batch got no answer at all.
        testKit = ActorTestKit.create("PartitionerWarmUpTest", ConfigFactory.parseMap(Map.of(
                "akka.actor.provider", "local", "akka.actor.serialize-messages", "on")).withFallback(ConfigFactory.load()));
        Map<String, Object> settings = NodeConfig.base(SharedKafka.bootstrapServers(), "samples", "dlq", "generated", "model", dir);
        settings.put("scorestream.learning.warm-up-samples", 64);
        StreamSettings s = StreamSettings.from(NodeConfig.of(settings));
        ActorRef<Partitioner.Command> partitioner = testKit.spawn(Partitioner.create(s, () -> new SnapshotStore(dir, w -> fail(w))));
        TestProbe<Partitioner.IngestReply> replies = testKit.createTestProbe();
        int[] lengths = new int[40];
        java.util.Arrays.fill(lengths, 2);
        partitioner.tell(batch(0, lengths, replies.getRef()));
        replies.expectMessage(new Partitioner.Accepted());
        partitioner.tell(batch(40, lengths, replies.getRef()));   // 80 rows: the warm-up is complete, the plan starts
        replies.expectMessage(new Partitioner.Accepted());
    }

    Partitioner.Offsets offsets(ActorRef<Partitioner.Command> partitioner) {
        TestProbe<Partitioner.Offsets> probe = testKit.createTestProbe();
        partitioner.tell(new Partitioner.StartAt(probe.getRef()));
        return probe.receiveMessage();
    }

    Partitioner.Progress progress(ActorRef<Partitioner.Command> partitioner) {
        TestProbe<Partitioner.Progress> probe = testKit.createTestProbe();
        partitioner.tell(new Partitioner.GetProgress(probe.getRef()));
        return probe.receiveMessage();
    }

    /** Records of partition 0 from offset first on, one per entry: the length of a good record's vector, or 0 for a bad (malformed) one. */
    static Partitioner.Ingest batch(long first, int[] lengths, ActorRef<Partitioner.IngestReply> replyTo) {
        int good = 0, d = 1;
        for (int length : lengths) if (length > 0) { good++; d = length; }
        DMatrixRMaj rows = new DMatrixRMaj(good, d);
        for (int i = 0; i < rows.data.length; i++) rows.data[i] = i * 0.5;
        long[] positions = new long[lengths.length], covers = new long[lengths.length];
        byte[] reasons = new byte[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            positions[i] = IngestStream.position(0, first + i);
            covers[i] = first + i;
            if (lengths[i] == 0) reasons[i] = (byte) (RecordCodec.Reason.MALFORMED.ordinal() + 1);
        }
        return new Partitioner.Ingest(rows, positions, covers, reasons, io.scorestream.io.RecordSchema.unnamed(io.scorestream.io.RecordSchema.Format.CSV), replyTo);
    }
}
