package io.scorestream.stream;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.scorestream.data.Datasets;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.model.ModelStructure;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Partition snapshots keep their own cadence (not one per version), so a restarted planner can
 * load a partition snapshot older than the model it published before it stopped. It must not
 * publish a model that holds less of that partition than the last one (a model's offsets never go
 * back, RELIABILITY.md P5): it waits until the partition's owner reports at least that far. A real
 * planner and assembler (the model topic on the shared broker), stores in memory.
 */
class RecordPlannerMonotoneModelTest {
    @TempDir Path dir;

    /**
     * Before the (re)start: model v3 held partition 0 up to offset 600; partition 0's newest
     * snapshot is at 400. The merged and partition stores, and the learners of 400 and 600 records.
     */
    private record Scene(StreamSettings settings, ModelStructure structure, ScoreLearner all600,
                         PlannerFixture.MemoryStore merged, PlannerFixture.MemoryStore plan, PlannerFixture.MemoryStore partition) {
        static Scene of(String name, Path dir) {
            StreamSettings s = PlannerFixture.settings(name, dir);
            DMatrixRMaj rows = Datasets.generate("gmm", 600, 1).samples();
            ModelStructure structure = PlannerFixture.plan(s, rows);
            ScoreLearner first400 = PlannerFixture.learned(structure, s, CommonOps_DDRM.extract(rows, 0, 400, 0, rows.numCols));
            ScoreLearner all600 = PlannerFixture.learned(structure, s, rows);
            LearnerState partition0 = PlannerFixture.partition0(structure, first400, 400, 400);
            LearnerState model3 = PlannerFixture.partition0(structure, all600, 600, 3);
            return new Scene(s, structure, all600, new PlannerFixture.MemoryStore(model3), new PlannerFixture.MemoryStore(partition0),
                    new PlannerFixture.MemoryStore(partition0));
        }

        ActorRef<RecordPlanner.Command> planner(ActorTestKit kit) {
            return kit.spawn(RecordPlanner.create(settings, () -> merged, () -> plan, p -> partition));
        }

        /** The drain got model v4, holding partition 0's 600 records. */
        void assertVersion4At600() {
            synchronized (merged) {
                assertEquals(1, merged.saved.size());
                LearnerState version = merged.saved.get(0);
                assertEquals(4, version.modelVersion());
                assertEquals(600, version.absorbed());
                assertEquals(Map.of(0, 600L), version.nextOffsets());
            }
        }
    }

    @Test
    void aRestartedPlannerPublishesNoModelBehindTheLastOneUntilThePartitionCatchesUp() {
        Scene scene = Scene.of("monotone", dir);
        ActorTestKit kit = ActorTestKit.create();
        try {
            ActorRef<RecordPlanner.Command> planner = scene.planner(kit);
            TestProbe<Done> drained = kit.createTestProbe();
            planner.tell(new RecordPlanner.Collect(drained.getRef()));
            drained.expectNoMessage(Duration.ofSeconds(3));
            synchronized (scene.merged()) {
                assertEquals(0, scene.merged().saved.size(), "no model from partition 0 at offset 400 after one at 600");
            }
            // Partition 0's owner has re-read to 600 and reports it: the version the drain waits for is published.
            RecordPlanner.PartitionCount at600 = new RecordPlanner.PartitionCount(600, 600, 0, Map.of());
            planner.tell(new RecordPlanner.PartitionReport(0, scene.structure().version(), at600, 0, 1, scene.all600().statistics()));
            drained.expectMessage(Duration.ofSeconds(60), Done.getInstance());
            scene.assertVersion4At600();
        } finally {
            kit.shutdownTestKit();
        }
    }

    /**
     * The race seen once in ClusterProcessTest: a node drains, snapshots its partitions and leaves,
     * and the node that is handed them is stopping too, so no learner reports them again. The
     * planner's newest report of them is older than the model the leaving node's drain published; it
     * reads their newest snapshot instead of waiting for an owner that will not come.
     */
    @Test
    void aPartitionHandedOverToANodeThatStopsIsTakenFromItsNewestSnapshot() {
        Scene scene = Scene.of("handed-over", dir);
        ActorTestKit kit = ActorTestKit.create();
        try {
            ActorRef<RecordPlanner.Command> planner = scene.planner(kit);
            // The planner has read partition 0 at 400; then its owner snapshots it at 600 as it leaves.
            TestProbe<Partitioner.Progress> progress = kit.createTestProbe();
            planner.tell(new RecordPlanner.GetProgress(progress.getRef()));
            assertEquals(Map.of(0, 400L), progress.receiveMessage(Duration.ofSeconds(30)).nextOffsets());
            scene.partition().save(PlannerFixture.partition0(scene.structure(), scene.all600(), 600, 600));
            TestProbe<Done> drained = kit.createTestProbe();
            planner.tell(new RecordPlanner.Collect(drained.getRef()));
            drained.expectMessage(Duration.ofSeconds(60), Done.getInstance());
            scene.assertVersion4At600();
        } finally {
            kit.shutdownTestKit();
        }
    }
}
