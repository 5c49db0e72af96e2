package io.scorestream.stream;

import io.scorestream.node.ScoreStreamService;
import io.scorestream.columns.RepeatedRows;
import io.scorestream.columns.TypedData;
import io.scorestream.model.ScoreModel;
import io.scorestream.testing.SharedKafka;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Column transforms and types through the streaming path on a real broker: integer, point-mass
 * and bounded decimal columns; the streamed model equals the batch learner on the same structure
 * (transforms and repeated row values included), and every generated record on the generated topic
 * is on its column's type.
 */
class ColumnTypesStreamingTest {
    @TempDir Path dir;

    /**
     * On both record paths: the singleton path's partitioner once expected its bands to count the
     * records on repeated row values too, which they leave out, and rolled back for ever.
     */
    @ParameterizedTest
    @ValueSource(strings = {"partition-local", "singleton"})
    void generatedRecordsAreOnTheirColumnTypesAndTheStreamGivesTheBatchModel(String recordPath) throws Exception {
        StreamHarness h = new StreamHarness("typed", 1, dir.resolve("snap-" + recordPath));
        DMatrixRMaj data = TypedData.rows(6000, 1);
        Map<String, Object> settings = settings();
        settings.put("scorestream.cluster.record-path", recordPath);
        Streamed run = stream(h, data, settings, 12_000);
        ScoreModel streamed = run.model();
        DMatrixRMaj generated = run.generated();
        assertEquals(6000, streamed.info().samplesAbsorbed());
        assertTrue(streamed.columns().types().type(1).atoms().length == 1, "the point mass was learned from the warm-up");
        // Rows with no amount are discrete in every column: the warm-up's repeated values, frozen with the plan.
        int warmUp = StreamSettings.from(h.config(settings)).warmUpSamples();
        DMatrixRMaj first = new DMatrixRMaj(warmUp, data.numCols);
        System.arraycopy(data.data, 0, first.data, 0, first.getNumElements());
        RepeatedRows repeated = streamed.columns().repeated();
        assertEquals(RepeatedRows.find(first), repeated);
        assertTrue(repeated.share() > 0.05, repeated.describe());
        int onValues = 0;
        for (int i = 0; i < generated.numRows; i++) if (repeated.contains(generated.data, i * data.numCols)) onValues++;
        double sd = Math.sqrt(repeated.share() * (1 - repeated.share()) / generated.numRows);
        assertTrue(onValues / (double) generated.numRows > repeated.share() - 4 * sd,
                "generated records on the repeated values: " + onValues + " of " + generated.numRows + "; the copies' share is " + repeated.share());

        // Generated: every value on its type, the point mass at its share (the data's share ± 0.04).
        assertNull(TypedData.firstOffType(generated));
        assertEquals(TypedData.zeroShare(data), TypedData.zeroShare(generated), 0.04);
        // The code, a finite column dequantised over part of its gaps, read through the sampler's own
        // margins: its values at their shares (total variation 0.022 on this run; read where they lie, 0.058).
        assertTrue(streamed.columns().gappedColumns().length > 0, "a gapped column");
        double variation = 0;
        for (double code : TypedData.CODES) variation += 0.5 * Math.abs(shareOf(data, 3, code) - shareOf(generated, 3, code));
        // Sampling noise alone is about 0.015 here (6 000 data rows, 12 000 generated, eight codes);
        // six runs over both paths gave 0.019–0.023. With 4 000 generated (noise about 0.019) eleven
        // runs of the same batch model, drawn from its final version, spread 0.011–0.035.
        assertTrue(variation < 0.035, "the codes' total variation " + variation);

        // The batch learner on fit's plan of the first warm-up rows (transforms included) gives the streamed model.
        StreamingSystemTest.assertStreamGaveTheBatchModel(h, settings, data, streamed);
    }

    private static double shareOf(DMatrixRMaj rows, int column, double value) {
        int count = 0;
        for (int i = 0; i < rows.numRows; i++) if (rows.get(i, column) == value) count++;
        return count / (double) rows.numRows;
    }

    /**
     * A total that is the sum of two whole-number parts, beside a reading with its day's low and
     * high: the stream finds the relation and the orders (low ≤ reading ≤ high) on its warm-up as
     * fit would, the model topic carries them, and every generated record's total is exactly the
     * sum of its parts and its reading between its low and its high.
     */
    @Test
    void aTotalStaysTheSumOfItsPartsAndAReadingBetweenItsLowAndHighOnTheGeneratedTopic() throws Exception {
        StreamHarness h = new StreamHarness("totals", 1, dir.resolve("snap"));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        int d = 6;
        DMatrixRMaj data = new DMatrixRMaj(4000, d);
        for (int i = 0; i < data.numRows; i++) {
            double parts = 100 + rng.nextInt(900), extra = rng.nextInt(60), reading = Math.rint(100 * (20 + 3 * Math.log(1 + parts))) / 100;
            double low = Math.rint(100 * reading - rng.nextInt(300)) / 100, high = Math.rint(100 * reading + rng.nextInt(300)) / 100;
            double[] row = {parts, extra, parts + extra, reading, low, high};
            System.arraycopy(row, 0, data.data, i * d, d);
        }
        Streamed run = stream(h, data, settings(), 1000);
        ScoreModel streamed = run.model();
        DMatrixRMaj generated = run.generated();
        assertEquals(java.util.List.of("x1 + x2 − x3 = 0"), streamed.columns().relations().describe(java.util.List.of()));
        io.scorestream.columns.OrderRelations orders = streamed.columns().orders();
        java.util.Set<String> pairs = new java.util.TreeSet<>();
        for (int r = 0; r < orders.count(); r++) pairs.add(orders.lower(r) + "<=" + orders.upper(r));
        assertTrue(pairs.containsAll(java.util.Set.of("4<=3", "3<=5")), "the orders found on the warm-up: " + pairs);
        for (int i = 0; i < generated.numRows; i++) {
            int at = i * d;
            double parts = generated.data[at], extra = generated.data[at + 1], total = generated.data[at + 2];
            assertEquals(parts + extra, total, 0.0, "record " + i);
            assertEquals(Math.rint(total), total, 0.0, "record " + i);
            double reading = generated.data[at + 3], low = generated.data[at + 4], high = generated.data[at + 5];
            assertTrue(low <= reading && reading <= high, "record " + i + ": low " + low + ", reading " + reading + ", high " + high);
        }
    }

    /**
     * A category of twelve written one-hot beside two numbers that follow it: the stream finds the
     * group on its warm-up as fit would, and every generated record holds exactly one 1 among the
     * indicators, each category near its share (QUALITY.md, "One-hot categories keep their shares").
     */
    @Test
    void aOneHotCategoryHasOneIndicatorSetInEveryGeneratedRecordAtItsShare() throws Exception {
        StreamHarness h = new StreamHarness("one-hot", 1, dir.resolve("snap"));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(8);
        int kinds = 12, d = 2 + kinds, n = 4000;
        DMatrixRMaj data = new DMatrixRMaj(n, d);
        int[] inData = new int[kinds];
        for (int i = 0; i < n; i++) {
            int kind = rng.nextDouble() < 0.4 ? rng.nextInt(3) : 3 + rng.nextInt(kinds - 3);   // three common kinds, nine rare ones
            inData[kind]++;
            data.set(i, 0, Math.rint(1000 * (0.5 * kind + rng.nextGaussian())) / 1000);
            data.set(i, 1, Math.rint(1000 * rng.nextGaussian()) / 1000);
            data.set(i, 2 + kind, 1);
        }
        Streamed run = stream(h, data, settings(), 3000);
        assertEquals(1, run.model().columns().oneHotGroups().length, run.model().columns().relations().describe(java.util.List.of()).toString());
        DMatrixRMaj generated = run.generated();
        int[] count = new int[kinds];
        for (int i = 0; i < generated.numRows; i++) {
            int ones = 0, kind = -1;
            for (int k = 0; k < kinds; k++) {
                double v = generated.get(i, 2 + k);
                assertTrue(v == 0 || v == 1, "record " + i + ": indicator " + (k + 1) + " is " + v);
                if (v == 1) { ones++; kind = k; }
            }
            assertEquals(1, ones, "record " + i + ": one category");
            count[kind]++;
        }
        for (int k = 0; k < kinds; k++)   // five standard errors of a 13 % share of 3 000 records
            assertEquals(inData[k] / (double) n, count[k] / (double) generated.numRows, 0.03, "category " + (k + 1) + "'s share");
    }

    private record Streamed(ScoreModel model, DMatrixRMaj generated) {}

    /** A reservoir plan and a fast sampler, so the generated topic fills quickly. */
    private static Map<String, Object> settings() {
        Map<String, Object> settings = new java.util.HashMap<>(StreamHarness.PLAN_ON_A_RESERVOIR);
        settings.put("scorestream.sampler.publish-per-second", 8000);
        return settings;
    }

    /** The rows through a node on a real broker: the model once every row is absorbed, then records from the generated topic. */
    private static Streamed stream(StreamHarness h, DMatrixRMaj data, Map<String, Object> settings, int records) throws Exception {
        SharedKafka.produce(h.samples, StreamHarness.csv(data));
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(data.numRows, StreamingSystemTest.WAIT);
            service.drain(StreamingSystemTest.WAIT);
            h.awaitAbsorbed(data.numRows, StreamingSystemTest.WAIT);
            return new Streamed(h.latest.get().model(), StreamingSystemTest.consumeFromNow(h.generated, records));
        }
    }

    @Test
    void theNodeConfigurationSetsTheColumnOptionsAndRefusesBadOnes() {
        StreamHarness h = new StreamHarness("typed-conf", 1, dir.resolve("snap"));
        StreamSettings s = StreamSettings.from(h.config(Map.of("scorestream.columns.transform", "quantile", "scorestream.columns.types", "none",
                "scorestream.columns.point-mass-share", 0.05, "scorestream.columns.overrides", java.util.List.of("2=integer,min=0"))));
        assertEquals(io.scorestream.columns.ColumnOptions.TransformChoice.QUANTILE, s.columns().transform());
        assertFalse(s.columns().learnTypes());
        assertEquals(0.05, s.columns().pointMassShare());
        assertEquals(1.0, s.columns().overrides().get(1).step());
        assertTrue(s.columns().repeatedRows(), "repeated row values are copied by default");
        assertFalse(StreamSettings.from(h.config(Map.of("scorestream.columns.repeated-rows", "model"))).columns().repeatedRows());
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("scorestream.columns.transform", "log", "scorestream.columns.types", "guess",
                "scorestream.columns.point-mass-share", 2, "scorestream.columns.overrides", java.util.List.of("one=integer"),
                "scorestream.columns.repeated-rows", "sometimes").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamSettings.from(h.config(Map.of(bad.getKey(), bad.getValue()))), bad.getKey());
            assertTrue(e.getMessage().startsWith("scorestream.columns"), e.getMessage());
        }
    }
}
