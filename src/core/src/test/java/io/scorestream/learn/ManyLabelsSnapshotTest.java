package io.scorestream.learn;

import io.scorestream.columns.LabelConditionals;
import io.scorestream.model.ModelCodec;
import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A stream's plan with a column of 100 labels fixed by another (a team's next opponent): the law
 * from counts it plans must come back from a snapshot and a model file as it went in, and a
 * snapshot of the format before it is refused in the clear words it always was.
 */
class ManyLabelsSnapshotTest {
    private static final int L = 100;

    @Test
    void theLawFromCountsSurvivesASnapshotAndAModelFile() {
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj data = new DMatrixRMaj(3000, 3);
        for (int i = 0; i < data.numRows; i++) {
            int team = rng.nextInt(L);
            data.set(i, 0, team);
            data.set(i, 1, (team + 7) % L);
            data.set(i, 2, 50 + 10 * rng.nextGaussian());
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < L; c++) names.add(String.format("t%03d", c));
        FitOptions options = FitOptions.defaults().withLevels(8).withSeed(5).resolve(3, data.numRows);
        options = options.withColumns(options.columns().withLabelCounts(Map.of(0, L, 1, L)).withLabelNames(List.of(names, names, List.of())));
        ModelStructure structure = Fitter.plan(data, options, null);
        LabelConditionals laws = structure.columns().labels();
        assertEquals(2, laws.count());
        assertEquals(LabelConditionals.COUNTS, laws.degree(1));
        ScoreLearner learner = new ScoreLearner(structure, options.seed(), options.forgetting(), options.ridge());
        learner.absorb(data, 0);
        LearnerState state = new LearnerState(structure, learner.statistics(), learner.absorbed(), 0, Map.of(), Map.of(0, 3000L),
                1, new DMatrixRMaj(0, 3), new long[0], 1);
        byte[] bytes = LearnerStateCodec.encode(state);
        LabelConditionals back = LearnerStateCodec.decode(bytes, "labels.snapshot").structure().columns().labels();
        assertEquals(LabelConditionals.COUNTS, back.degree(1));
        assertArrayEquals(laws.weights(1), back.weights(1), 0.0);
        ScoreModel model = learner.solve();
        LabelConditionals fromFile = ModelCodec.decode(ModelCodec.encode(model), "labels.model").columns().labels();
        assertArrayEquals(laws.weights(1), fromFile.weights(1), 0.0);
        // Drawn from the law read back: the opponent is the team's, 7 on (30 rows a team at α 0.01).
        int[] labels = new int[2];
        double[] work = new double[fromFile.maxFeatures()], p = new double[fromFile.maxClasses()], scores = new double[3];
        int kept = 0;
        for (int i = 0; i < 1000; i++) {
            double[] row = {0, 0, 40 + i * 0.02};
            fromFile.draw(row, 0, row, 0, labels, work, p, scores);
            if (labels[1] == (labels[0] + 7) % L) kept++;
        }
        assertTrue(kept >= 995, kept + " of 1000 opponents follow their team");
        java.nio.ByteBuffer.wrap(bytes, 8, 4).putInt(LearnerStateCodec.FORMAT_VERSION - 1);
        var e = assertThrows(ModelCodec.InvalidModelException.class, () -> LearnerStateCodec.decode(bytes, "old.snapshot"));
        assertTrue(e.getMessage().contains("format version " + (LearnerStateCodec.FORMAT_VERSION - 1) + " is not supported"), e.getMessage());
    }
}
