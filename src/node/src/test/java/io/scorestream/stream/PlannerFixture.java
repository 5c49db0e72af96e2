package io.scorestream.stream;

import io.scorestream.learn.LearnerState;
import io.scorestream.learn.ScoreLearner;
import io.scorestream.learn.StateStore;
import io.scorestream.model.ModelStructure;
import io.scorestream.testing.NodeConfig;
import io.scorestream.testing.SharedKafka;
import org.ejml.data.DMatrixRMaj;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the tests of a real {@link RecordPlanner} share: its settings (8 levels, versions only when
 * asked), a structure planned on the rows, learners and snapshots of one partition, and a store in
 * memory that can refuse its first saves.
 */
final class PlannerFixture {
    private PlannerFixture() {}

    /** Settings on the shared broker (the model topic is real); versions only when a drain asks (Collect). */
    static StreamSettings settings(String name, Path dir) {
        Map<String, Object> m = NodeConfig.base(SharedKafka.broker().bootstrapServers(), SharedKafka.uniqueTopic(name + "-samples", 1, Map.of()),
                name + "-dlq", name + "-generated", SharedKafka.uniqueTopic(name + "-model"), dir);
        m.put("scorestream.learning.levels", 8);
        m.put("scorestream.learning.model-every-samples", 1_000_000);
        m.put("scorestream.learning.model-max-age", "0s");
        return StreamSettings.from(NodeConfig.of(m));
    }

    static ModelStructure plan(StreamSettings s, DMatrixRMaj rows) {
        return Partitioner.plan(s, rows, null);
    }

    /** A learner that has absorbed the rows as partition 0's first records. */
    static ScoreLearner learned(ModelStructure structure, StreamSettings s, DMatrixRMaj rows) {
        ScoreLearner learner = new ScoreLearner(structure, s.seed(), 1, BandRegressor.RIDGE, 0, structure.levelCount(), Partitioner.drawSchedule(s, structure));
        learner.absorb(rows, IngestStream.position(0, 0));
        return learner;
    }

    /** Partition 0's state (or a merged snapshot) holding the learner's records, at offset next, as model version version. */
    static LearnerState partition0(ModelStructure structure, ScoreLearner learner, long next, long version) {
        return new LearnerState(structure, learner.statistics(), next, 0, Map.of(), Map.of(0, next), version,
                new DMatrixRMaj(0, structure.dimension()), new long[0], System.currentTimeMillis());
    }

    /** A store in memory; its first failures saves throw, as a full or vanished disk would. */
    static final class MemoryStore implements StateStore {
        final List<LearnerState> saved = new ArrayList<>();
        int attempts;
        private final LearnerState initial;
        private final int failures;

        MemoryStore(LearnerState initial) { this(initial, 0); }

        MemoryStore(LearnerState initial, int failures) {
            this.initial = initial;
            this.failures = failures;
        }

        @Override public synchronized Optional<LearnerState> loadLatest() {
            return saved.isEmpty() ? Optional.ofNullable(initial) : Optional.of(saved.get(saved.size() - 1));
        }

        @Override public synchronized void save(LearnerState state) {
            if (attempts++ < failures) throw new IllegalStateException("no space left on the snapshot disk");
            saved.add(state);
        }

        @Override public String describe() { return "memory"; }
    }
}
