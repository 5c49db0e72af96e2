package io.scorestream.learn;

import io.scorestream.model.ModelStructure;
import io.scorestream.model.ScoreModel;
import io.scorestream.regression.CellStatistics;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** One code path: samples fed one by one, in uneven chunks, or learned apart and merged give one model. */
class IncrementalEqualsBatchTest {
    // Several cells on purpose, although 600 samples would get one by default: merging and batching must hold per cell.
    static final FitOptions OPTIONS = FitOptions.defaults().withLevels(40).withSeed(9).withMaxCells(8).resolve(3, 600);

    @Test
    void oneAtATimeChunkedAndMergedAgreeWithBatch() {
        DMatrixRMaj data = Mixtures.anisotropic().sample(600, new SplittableRandom(2), null);
        ModelStructure structure = StructurePlanner.plan(data, OPTIONS, null);
        assertTrue(structure.level(0).cells() > 1, "the test needs several cells");

        ScoreLearner batch = learner(structure);
        batch.absorb(data, 0);

        ScoreLearner single = learner(structure);
        for (int i = 0; i < data.numRows; i++) single.absorb(rows(data, i, 1), i);

        ScoreLearner chunked = learner(structure);
        SplittableRandom sizes = new SplittableRandom(4);
        for (int i = 0; i < data.numRows; ) {
            int m = Math.min(1 + sizes.nextInt(97), data.numRows - i);
            chunked.absorb(rows(data, i, m), i);
            i += m;
        }

        ScoreLearner firstHalf = learner(structure), secondHalf = learner(structure);
        firstHalf.absorb(rows(data, 0, 250), 0);
        secondHalf.absorb(rows(data, 250, 350), 250);
        firstHalf.merge(secondHalf);

        ScoreModel reference = batch.solve();
        for (ScoreLearner other : new ScoreLearner[]{single, chunked, firstHalf}) {
            assertEquals(600, other.absorbed());
            assertModelsEqual(reference, other.solve(), 1e-8);
        }
    }

    /** The same with cells in a principal subspace (embed64 chooses one): the projection is per record, the statistics still sums. */
    @Test
    void aSubspaceSplitModelIsAlsoOnePassEqualsBatch() {
        DMatrixRMaj data = io.scorestream.data.Datasets.generate("embed64", 3000, 2).samples();
        FitOptions options = FitOptions.defaults().withLevels(12).withSeed(9).withMaxCells(6).resolve(64, 3000);
        ModelStructure structure = StructurePlanner.plan(data, options, null);
        assertFalse(structure.split().isFull(), "embed64 must choose a subspace");
        assertTrue(structure.level(0).cells() > 1, "the test needs several cells");
        ScoreLearner batch = learner(structure), chunked = learner(structure), firstHalf = learner(structure), secondHalf = learner(structure);
        batch.absorb(data, 0);
        SplittableRandom sizes = new SplittableRandom(4);
        for (int i = 0; i < data.numRows; ) {
            int m = Math.min(1 + sizes.nextInt(397), data.numRows - i);
            chunked.absorb(rows(data, i, m), i);
            i += m;
        }
        firstHalf.absorb(rows(data, 0, 1100), 0);
        secondHalf.absorb(rows(data, 1100, 1900), 1100);
        firstHalf.merge(secondHalf);
        ScoreModel reference = batch.solve();
        assertEquals(structure.split().rank(), reference.level(0).structure().dimension());
        for (ScoreLearner other : new ScoreLearner[]{chunked, firstHalf}) assertModelsEqual(reference, other.solve(), 1e-8);
        // A snapshot of the split learner restores to the same statistics; the snapshot format before the split is refused.
        LearnerState state = new LearnerState(structure, batch.statistics(), batch.absorbed(), 0, java.util.Map.of(), java.util.Map.of(0, 3000L),
                1, new DMatrixRMaj(0, 64), new long[0], 1);
        byte[] bytes = LearnerStateCodec.encode(state);
        LearnerState back = LearnerStateCodec.decode(bytes, "split.snapshot");
        assertEquals(structure.split().rank(), back.structure().split().rank());
        assertArrayEquals(structure.split().basis().data, back.structure().split().basis().data, 0.0);
        ScoreLearner restored = learner(back.structure());
        restored.restore(back.statistics(), back.absorbed());
        assertModelsEqual(reference, restored.solve(), 0.0);
        java.nio.ByteBuffer.wrap(bytes, 8, 4).putInt(4);
        var e = assertThrows(io.scorestream.model.ModelCodec.InvalidModelException.class, () -> LearnerStateCodec.decode(bytes, "old.snapshot"));
        assertTrue(e.getMessage().contains("old.snapshot: ") && e.getMessage().contains("format version 4 is not supported (this build reads version " + LearnerStateCodec.FORMAT_VERSION + ")"), e.getMessage());
    }

    /**
     * A stream's bands share one transform and projection per batch ({@link ScoreLearner#cellRows}):
     * bands of levels fed those cell rows hold, bit for bit, the statistics of one learner fed the
     * raw rows, with cells in a subspace (embed64) and in every coordinate (the mixture in d = 3),
     * and where repeated row values leave some rows to their copies.
     */
    @Test
    void bandsFedSharedCellRowsEqualOneLearnerFedRawRows() {
        DMatrixRMaj split = io.scorestream.data.Datasets.generate("embed64", 1500, 2).samples();
        DMatrixRMaj full = Mixtures.anisotropic().sample(600, new SplittableRandom(2), null);
        DMatrixRMaj repeating = RepeatedRowsFitTest.rows(1500, 5);
        for (DMatrixRMaj data : new DMatrixRMaj[]{split, full, repeating}) {
            int d = data.numCols;
            FitOptions options = FitOptions.defaults().withLevels(12).withSeed(9).withMaxCells(6).resolve(d, data.numRows);
            // fit's plan finds the repeated row values, whose rows neither the learner nor the bands absorb.
            ModelStructure structure = data == repeating ? Fitter.plan(data, options, null) : StructurePlanner.plan(data, options, null);
            long learned = structure.columns().repeated().outside(data, null, 0).rows().numRows;
            assertEquals(data == repeating, learned < data.numRows, "only the third data set repeats rows");
            assertEquals(d == 64, !structure.split().isFull(), "embed64 must choose a subspace, the mixtures in d = 3 not");
            ScoreLearner whole = learner(structure);
            ScoreLearner[] bands = {new ScoreLearner(structure, OPTIONS.seed(), 1, OPTIONS.ridge(), 0, 5),
                    new ScoreLearner(structure, OPTIONS.seed(), 1, OPTIONS.ridge(), 5, 7)};
            SplittableRandom sizes = new SplittableRandom(5);
            for (int i = 0; i < data.numRows; ) {
                int m = Math.min(1 + sizes.nextInt(300), data.numRows - i);
                DMatrixRMaj rows = rows(data, i, m);
                long[] positions = new long[m];
                for (int k = 0; k < m; k++) positions[k] = 3L * (i + k) + 1;   // not consecutive, as a stream's may be
                whole.absorb(rows, positions);
                ScoreLearner.CellRows cells = ScoreLearner.cellRows(structure, rows, positions);
                assertEquals(structure.split().rank(), cells.cells().numCols);
                for (ScoreLearner band : bands) band.absorbCellRows(cells);
                i += m;
            }
            CellStatistics[][] want = whole.statistics();
            assertEquals(learned, whole.absorbed());
            for (ScoreLearner band : bands) {
                assertEquals(learned, band.absorbed());
                CellStatistics[][] got = band.statistics();
                for (int j = 0; j < got.length; j++)
                    for (int c = 0; c < got[j].length; c++) {
                        CellStatistics w = want[band.firstLevel() + j][c], g = got[j][c];
                        assertEquals(w.weight(), g.weight(), 0.0, "level " + (band.firstLevel() + j) + " cell " + c);
                        assertArrayEquals(w.gram().data, g.gram().data, 0.0, "level " + (band.firstLevel() + j) + " cell " + c);
                        assertArrayEquals(w.cross().data, g.cross().data, 0.0, "level " + (band.firstLevel() + j) + " cell " + c);
                    }
            }
            if (data == repeating) {
                // A snapshot keeps the repeated values, so a restored learner still leaves their rows out; so does the model topic.
                LearnerState state = new LearnerState(structure, whole.statistics(), whole.absorbed(), 0, java.util.Map.of(), java.util.Map.of(0, (long) data.numRows),
                        1, new DMatrixRMaj(0, d), new long[0], 1);
                LearnerState back = LearnerStateCodec.decode(LearnerStateCodec.encode(state), "repeating.snapshot");
                assertEquals(structure.columns().repeated(), back.structure().columns().repeated());
                ScoreLearner restored = learner(back.structure());
                restored.absorb(rows(data, 0, 300), 0);
                assertEquals(structure.columns().repeated().outside(rows(data, 0, 300), null, 0).rows().numRows, restored.absorbed());
                ScoreModel solved = whole.solve();
                io.scorestream.model.ModelTopicCodec.Reader topic = new io.scorestream.model.ModelTopicCodec.Reader();
                for (io.scorestream.model.ModelTopicCodec.Chunk chunk : io.scorestream.model.ModelTopicCodec.encode(solved)) topic.add(chunk.value(), "topic");
                assertEquals(structure.columns().repeated(), topic.newestComplete().orElseThrow().columns().repeated());
            }
            DMatrixRMaj wrongWidth = new DMatrixRMaj(2, structure.split().rank() + 1);
            assertThrows(IllegalArgumentException.class, () -> bands[0].absorbCellRows(wrongWidth, new long[]{0, 1}));
        }
    }

    @Test
    void differentNoiseSeedGivesADifferentModel() {
        DMatrixRMaj data = Mixtures.anisotropic().sample(600, new SplittableRandom(2), null);
        ModelStructure structure = StructurePlanner.plan(data, OPTIONS, null);
        ScoreLearner a = learner(structure), b = new ScoreLearner(structure, OPTIONS.seed() + 1, 1, OPTIONS.ridge());
        a.absorb(data, 0);
        b.absorb(data, 0);
        assertThrows(AssertionError.class, () -> assertModelsEqual(a.solve(), b.solve(), 1e-8),
                "the comparison must be able to fail");
    }

    private static ScoreLearner learner(ModelStructure structure) {
        return new ScoreLearner(structure, OPTIONS.seed(), OPTIONS.forgetting(), OPTIONS.ridge());
    }

    static DMatrixRMaj rows(DMatrixRMaj data, int first, int count) {
        DMatrixRMaj out = new DMatrixRMaj(count, data.numCols);
        System.arraycopy(data.data, first * data.numCols, out.data, 0, count * data.numCols);
        return out;
    }

    static void assertModelsEqual(ScoreModel expected, ScoreModel actual, double relativeTolerance) {
        assertEquals(expected.levelCount(), actual.levelCount());
        for (int j = 0; j < expected.levelCount(); j++)
            for (int c = 0; c < expected.level(j).structure().cells(); c++) {
                double[] want = expected.level(j).coefficients(c).data, got = actual.level(j).coefficients(c).data;
                double scale = 0;
                for (double v : want) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < want.length; i++)
                    if (Math.abs(want[i] - got[i]) > relativeTolerance * (1 + scale))
                        throw new AssertionError("level " + j + " cell " + c + " coefficient " + i + ": " + want[i] + " vs " + got[i]);
            }
    }
}
