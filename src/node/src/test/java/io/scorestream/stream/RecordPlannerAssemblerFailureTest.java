package io.scorestream.stream;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.scorestream.data.Datasets;
import io.scorestream.learn.LearnerState;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.StateStore;
import io.scorestream.learn.StructurePlanner;
import io.scorestream.model.ModelStructure;
import io.scorestream.testing.NodeConfig;
import io.scorestream.testing.SharedKafka;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** A store in memory whose first save fails, as a full or vanished disk would. */
    static final class FailingOnce implements StateStore {
        final List<LearnerState> saved = new ArrayList<>();
        int attempts;
        private final LearnerState initial;

        FailingOnce(LearnerState initial) { this.initial = initial; }

        @Override public synchronized Optional<LearnerState> loadLatest() {
            return saved.isEmpty() ? Optional.ofNullable(initial) : Optional.of(saved.get(saved.size() - 1));
        }

        @Override public synchronized void save(LearnerState state) {
            if (attempts++ == 0) throw new IllegalStateException("no space left on the snapshot disk");
            saved.add(state);
        }

        @Override public String describe() { return "memory"; }
    }

    @Test
    void aFailedAssemblerIsReplacedAndTheVersionBuiltAgain() {
        Map<String, Object> m = NodeConfig.base(SharedKafka.broker().bootstrapServers(), SharedKafka.uniqueTopic("planner-samples", 1, Map.of()),
                "planner-dlq", "planner-generated", SharedKafka.uniqueTopic("planner-model"), dir);
        m.put("scorestream.learning.levels", 8);
        m.put("scorestream.learning.model-every-samples", 1_000_000);
        m.put("scorestream.learning.model-max-age", "0s");
        StreamSettings s = StreamSettings.from(NodeConfig.of(m));
        DMatrixRMaj rows = Datasets.generate("gmm", 400, 1).samples();
        ModelStructure structure = StructurePlanner.plan(rows, Partitioner.planOptions(s, rows.numRows, rows.numCols), null);
        ScoreLearner learner = new ScoreLearner(structure, s.seed(), 1, BandRegressor.RIDGE);
        learner.absorb(rows, IngestStream.position(0, 0));
        // Partition 0's snapshot at offset 400 (the planner offers it at start); the plan store holds the structure.
        LearnerState partition0 = new LearnerState(structure, learner.statistics(), 400, 0, Map.of(), Map.of(0, 400L), 400,
                new DMatrixRMaj(0, rows.numCols), new long[0], System.currentTimeMillis());
        FailingOnce merged = new FailingOnce(null), plan = new FailingOnce(partition0), partition = new FailingOnce(partition0);
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
