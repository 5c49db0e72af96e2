package io.scorestream.model;

import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.testing.Mixtures;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ModelCodecTest {
    static ScoreModel model;
    static byte[] bytes;

    @BeforeAll
    static void fit() {
        DMatrixRMaj data = Mixtures.anisotropic().sample(3000, new SplittableRandom(1), null);
        model = Fitter.fit(data, FitOptions.defaults().withLevels(30), null);
        bytes = ModelCodec.encode(model);
    }

    @Test
    void roundTripGivesTheSameScoresBitForBit() {
        ScoreModel back = ModelCodec.decode(bytes, "m.bin");
        assertEquals(model.info(), back.info());
        assertArrayEquals(model.schedule().times(), back.schedule().times());
        DMatrixRMaj x = Mixtures.anisotropic().sample(200, new SplittableRandom(2), null);
        model.columns().forward(x, null, 0, x);
        for (double t : new double[]{1e-5, 0.01, 0.3, 2.5, 20}) {
            DMatrixRMaj a = new DMatrixRMaj(1, 1), b = new DMatrixRMaj(1, 1);
            model.score(t, x, a);
            back.score(t, x, b);
            assertArrayEquals(Arrays.copyOf(a.data, a.getNumElements()), Arrays.copyOf(b.data, b.getNumElements()), 0.0, "t=" + t);
        }
        assertArrayEquals(bytes, ModelCodec.encode(back), "re-encoding is stable");
    }

    @Test
    void aSubspaceSplitModelRoundTripsBitForBit() {
        DMatrixRMaj data = io.scorestream.data.Datasets.generate("embed64", 3000, 1).samples();
        // Affine maps given: the split is what is round-tripped here, and judging the maps plans it twice.
        FitOptions options = FitOptions.defaults().withLevels(12);
        ScoreModel split = Fitter.fit(data, options.withColumns(options.columns().withTransform(io.scorestream.columns.ColumnOptions.TransformChoice.AFFINE)), null);
        assertFalse(split.split().isFull(), "embed64 must choose a subspace");
        ScoreModel back = ModelCodec.decode(ModelCodec.encode(split), "split.bin");
        ScoreModel lazy = ModelCodec.decodeLazily(ModelCodec.encode(split), "split.bin");   // levels in the split's r coordinates
        assertEquals(split.split().rank(), back.split().rank());
        assertArrayEquals(split.split().complementVariances(), back.split().complementVariances(), 0.0);
        assertArrayEquals(split.split().basis().data, back.split().basis().data, 0.0);
        DMatrixRMaj x = io.scorestream.data.Datasets.generate("embed64", 100, 2).samples();
        split.columns().forward(x, null, 0, x);
        for (double t : new double[]{1e-5, 0.3, 20}) {
            DMatrixRMaj a = new DMatrixRMaj(1, 1), b = new DMatrixRMaj(1, 1);
            split.score(t, x, a);
            back.score(t, x, b);
            assertArrayEquals(Arrays.copyOf(a.data, a.getNumElements()), Arrays.copyOf(b.data, b.getNumElements()), 0.0, "t=" + t);
            lazy.score(t, x, b);
            assertArrayEquals(Arrays.copyOf(a.data, a.getNumElements()), Arrays.copyOf(b.data, b.getNumElements()), 0.0, "lazily, t=" + t);
        }
        // The model topic's records, the split's last: nothing is complete until it arrives.
        java.util.List<ModelTopicCodec.Chunk> chunks = new java.util.ArrayList<>(ModelTopicCodec.encode(split));
        ModelTopicCodec.Chunk splitRecord = chunks.stream().filter(c -> c.key().equals(ModelTopicCodec.SPLIT_KEY)).findFirst().orElseThrow();
        chunks.remove(splitRecord);
        ModelTopicCodec.Reader reader = new ModelTopicCodec.Reader();
        for (int i = 0; i < chunks.size(); i++) reader.add(chunks.get(i).value(), "chunk " + i);
        assertTrue(reader.newestComplete().isEmpty(), "complete without the split");
        reader.add(splitRecord.value(), "split record");
        ScoreModel fromTopic = reader.newestComplete().orElseThrow();
        DMatrixRMaj a = new DMatrixRMaj(1, 1), b = new DMatrixRMaj(1, 1);
        split.score(0.3, x, a);
        fromTopic.score(0.3, x, b);
        assertArrayEquals(Arrays.copyOf(a.data, a.getNumElements()), Arrays.copyOf(b.data, b.getNumElements()), 0.0);
        // A model file of the format before the split (3) is refused with its version named.
        byte[] old = ModelCodec.encode(split);
        java.nio.ByteBuffer.wrap(old, 8, 4).putInt(3);
        ModelCodec.InvalidModelException e = assertThrows(ModelCodec.InvalidModelException.class, () -> ModelCodec.decode(old, "old.bin"));
        assertTrue(e.getMessage().contains("old.bin: model format version 3 is not supported (this build reads version " + ModelCodec.FORMAT_VERSION + ")"), e.getMessage());
    }

    @Test
    void theModelTopicCarriesSoftCellsAndGivesTheSameScoresBitForBit() {
        assertNotNull(model.level(0).structure().gates(), "the fixture's three components are soft cells");
        ModelTopicCodec.Reader reader = new ModelTopicCodec.Reader();
        for (ModelTopicCodec.Chunk chunk : ModelTopicCodec.encode(model)) reader.add(chunk.value(), "topic");
        ScoreModel back = reader.newestComplete().orElseThrow();
        DMatrixRMaj x = Mixtures.anisotropic().sample(200, new SplittableRandom(2), null);
        model.columns().forward(x, null, 0, x);
        for (int j = 0; j < model.levelCount(); j += 7) {
            assertNotNull(back.level(j).structure().gates(), "level " + j);
            DMatrixRMaj a = new DMatrixRMaj(1, 1), b = new DMatrixRMaj(1, 1);
            model.noise(j, x, a);
            back.noise(j, x, b);
            assertArrayEquals(Arrays.copyOf(a.data, a.getNumElements()), Arrays.copyOf(b.data, b.getNumElements()), 0.0, "level " + j);
        }
    }

    @Test
    void aLazilyDecodedModelDecodesOnlyTheLevelsItIsAskedForAndGivesTheSameScores() {
        ScoreModel lazy = ModelCodec.decodeLazily(bytes, "m.bin");
        assertEquals(model.info(), lazy.info());
        assertArrayEquals(model.schedule().times(), lazy.schedule().times());
        assertEquals(0, lazy.decodedLevelCount(), "nothing decoded before the first score");
        DMatrixRMaj x = Mixtures.anisotropic().sample(200, new SplittableRandom(2), null);
        model.columns().forward(x, null, 0, x);
        double between = Math.sqrt(model.schedule().time(10) * model.schedule().time(11));   // blends levels 10 and 11
        DMatrixRMaj a = new DMatrixRMaj(1, 1), b = new DMatrixRMaj(1, 1);
        model.score(between, x, a);
        lazy.score(between, x, b);
        assertArrayEquals(Arrays.copyOf(a.data, a.getNumElements()), Arrays.copyOf(b.data, b.getNumElements()), 0.0);
        assertEquals(2, lazy.decodedLevelCount(), "a score between two levels decodes those two");
        assertSame(lazy.level(10), lazy.level(10), "a level is decoded once");
        for (double t : new double[]{1e-5, 0.01, 0.3, 2.5, 20}) {
            model.score(t, x, a);
            lazy.score(t, x, b);
            assertArrayEquals(Arrays.copyOf(a.data, a.getNumElements()), Arrays.copyOf(b.data, b.getNumElements()), 0.0, "t=" + t);
        }
        assertArrayEquals(bytes, ModelCodec.encode(lazy), "re-encoding decodes every level and gives the same file");
        assertEquals(model.levelCount(), lazy.decodedLevelCount());
    }

    @Test
    void aLazilyDecodedModelIsCheckedWholeBeforeAnyLevelIsUsed() {
        SplittableRandom rng = new SplittableRandom(6);
        for (int trial = 0; trial < 50; trial++) {
            byte[] copy = bytes.clone();
            int i = rng.nextInt(copy.length);
            copy[i] ^= (byte) (1 << rng.nextInt(8));
            var e = assertThrows(ModelCodec.InvalidModelException.class, () -> ModelCodec.decodeLazily(copy, "m.bin"), "flip at byte " + i);
            assertTrue(e.getMessage().startsWith("m.bin: "), e.getMessage());
        }
        for (int length : new int[]{0, 20, bytes.length / 2, bytes.length - 1})
            assertThrows(ModelCodec.InvalidModelException.class, () -> ModelCodec.decodeLazily(Arrays.copyOf(bytes, length), "m.bin"), "length " + length);
        byte[] old = bytes.clone();
        ByteBuffer.wrap(old, 8, 4).putInt(ModelCodec.FORMAT_VERSION - 1);
        var e = assertThrows(ModelCodec.InvalidModelException.class, () -> ModelCodec.decodeLazily(old, "old.bin"));
        assertTrue(e.getMessage().contains("old.bin: model format version " + (ModelCodec.FORMAT_VERSION - 1) + " is not supported"), e.getMessage());
    }

    @Test
    void everySingleBitFlipIsDetected() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            byte[] copy = bytes.clone();
            int i = rng.nextInt(copy.length);
            copy[i] ^= (byte) (1 << rng.nextInt(8));
            var e = assertThrows(ModelCodec.InvalidModelException.class, () -> ModelCodec.decode(copy, "m.bin"), "flip at byte " + i);
            assertTrue(e.getMessage().startsWith("m.bin: "), e.getMessage());
        }
    }

    @Test
    void truncationIsDetected() {
        for (int length : new int[]{0, 5, 20, bytes.length / 2, bytes.length - 1}) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(ModelCodec.InvalidModelException.class, () -> ModelCodec.decode(cut, "m.bin"), "length " + length);
        }
    }

    @Test
    void anotherFormatVersionIsRefusedByName() {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy, 8, 4).putInt(ModelCodec.FORMAT_VERSION + 1);
        var e = assertThrows(ModelCodec.InvalidModelException.class, () -> ModelCodec.decode(copy, "m.bin"));
        assertTrue(e.getMessage().contains("version " + (ModelCodec.FORMAT_VERSION + 1)), e.getMessage());
    }

    @Test
    void aCsvFileIsNotAModel() {
        var e = assertThrows(ModelCodec.InvalidModelException.class, () -> ModelCodec.decode("1,2,3\n4,5,6\n7,8,9\n".getBytes(), "data.csv"));
        assertTrue(e.getMessage().contains("not a ScoreStream model"), e.getMessage());
    }
}
