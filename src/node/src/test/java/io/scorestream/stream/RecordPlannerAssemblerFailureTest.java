package io.scorestream.stream;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.scorestream.data.Datasets;
import io.scorestream.learn.LearnerState;
import io.scorestream.model.ModelStructure;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The partition-local planner when the merged snapshot cannot be written: its ModelAssembler
 * fails; the planner replaces it and builds the same version again after restart.min-backoff, so
 * a drain (Collect) is answered once the store works again. Before, the planner waited for the
 * failed assembler for ever. A real planner and assembler (the model topic on the shared broker),
 * a store that refuses its first save.
 */
class RecordPlannerAssemblerFailureTest {
    @TempDir Path dir;

    @Test
    void aFailedAssemblerIsReplacedAndTheVersionBuiltAgain() {
        StreamSettings s = PlannerFixture.settings("planner", dir);
        DMatrixRMaj rows = Datasets.generate("gmm", 400, 1).samples();
        ModelStructure structure = PlannerFixture.plan(s, rows);
        // Partition 0's snapshot at offset 400 (the planner offers it at start); the plan store holds the structure.
        LearnerState partition0 = PlannerFixture.partition0(structure, PlannerFixture.learned(structure, s, rows), 400, 400);
        PlannerFixture.MemoryStore merged = new PlannerFixture.MemoryStore(null, 1), plan = new PlannerFixture.MemoryStore(partition0),
                partition = new PlannerFixture.MemoryStore(partition0);
        ActorTestKit kit = ActorTestKit.create();
        try {
            ActorRef<RecordPlanner.Command> planner = kit.spawn(RecordPlanner.create(s, () -> merged, () -> plan, p -> partition));
            TestProbe<Done> drained = kit.createTestProbe();
            planner.tell(new RecordPlanner.Collect(drained.getRef()));
            drained.expectMessage(Duration.ofSeconds(60), Done.getInstance());
            synchronized (merged) {
                assertEquals(2, merged.attempts, "one failed save, then the version built again");
                assertEquals(1, merged.saved.size());
                LearnerState version = merged.saved.get(0);
                assertEquals(1, version.modelVersion(), "the failed version leaves no gap in the numbers");
                assertEquals(400, version.absorbed());
                assertEquals(Map.of(0, 400L), version.nextOffsets());
            }
        } finally {
            kit.shutdownTestKit();
        }
    }
}
