package io.scorestream.stream;

import io.scorestream.data.Datasets;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A node that keeps its snapshots on a Kafka topic closes those stores' producers when it stops.
 * They were left open: after a node closed, each kept a network thread trying the broker, and
 * {@code bench-quality --stream}, which stops its broker after its nodes, ended with three
 * producers a node logging failed connections.
 */
class NodeClosesItsStoresTest {
    @TempDir Path dir;

    @Test
    void aStoppedNodeLeavesNoProducerOfItsSnapshotsRunning() throws Exception {
        StreamHarness h = new StreamHarness("closes-stores", 2, dir.resolve("snap"));
        SharedKafka.produce(h.samples, StreamHarness.csv(Datasets.generate("gmm", 3000, 1).samples()));
        Set<String> before = producerThreads();
        String snapshots = SharedKafka.uniqueTopic("closes-stores-state");
        ScoreStreamService service = h.start(Map.of("scorestream.snapshot-topic", snapshots));
        try {
            service.awaitConsumed(3000, Duration.ofSeconds(120));
            service.drain(Duration.ofSeconds(120));   // writes the partitions' and the model's snapshots
            assertTrue(service.openStores() >= 3, "the model's, the plan's and a partition's store at least: " + service.openStores());
            Set<String> running = producerThreads();
            running.removeAll(before);
            assertFalse(running.isEmpty(), "the snapshots went through producers of the node's own");
        } finally {
            service.close();
        }
        assertEquals(0, service.openStores());
        Set<String> left = producerThreads();
        left.removeAll(before);
        assertEquals(Set.of(), left, "producer threads the node started and left running");
    }

    private static Set<String> producerThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t.isAlive() && t.getName().startsWith("kafka-producer-network-thread")) names.add(t.getName());
        return names;
    }
}
