package io.scorestream.stream;

import io.scorestream.io.OneHotColumns;
import io.scorestream.io.RecordSchema;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A CSV feed whose colour is written one-hot (four indicator fields), through a real broker. The
 * stream reads the category as one column of labels, as fit reads a file's: planned so on its
 * warm-up records, every learner then reads each record's indicator fields as the label, a record
 * holding two 1s there is a dead letter naming the fields, and the generated records are written
 * back as the feed writes them, one 1 among the four, at the colours' shares and with each
 * colour's own numbers. Before, the indicators were four coordinates of the diffusion.
 */
class OneHotStreamTest {
    private static final List<String> HEADER = List.of("x", "y", "colour_red", "colour_green", "colour_blue", "colour_black");
    private static final double[] SHARES = {0.4, 0.3, 0.2, 0.1};
    private static final int GOOD = 4000;
    @TempDir Path dir;

    @Test
    void aCategoryWrittenOneHotIsOneColumnOfLabels() throws Exception {
        StreamHarness h = new StreamHarness("one-hot", 1, dir.resolve("snap"));
        SplittableRandom rng = new SplittableRandom(7);
        List<byte[]> records = new ArrayList<>();
        DMatrixRMaj warmUp = new DMatrixRMaj(2000, HEADER.size());
        for (int i = 0; i < GOOD; i++) {
            double u = rng.nextDouble();
            int colour = u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : 3;
            double[] row = {3 * colour + rng.nextGaussian(), Math.round((10 - 2 * colour + 0.5 * rng.nextGaussian()) * 100) / 100.0, 0, 0, 0, 0};
            row[2 + colour] = 1;
            if (i < warmUp.numRows) System.arraycopy(row, 0, warmUp.data, i * row.length, row.length);
            records.add(String.format("%s,%s,%d,%d,%d,%d", row[0], row[1], (int) row[2], (int) row[3], (int) row[4], (int) row[5]).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("0.5,9.5,1,1,0,0", "not-one-hot:columns colour_red … colour_black are one category written one-hot in the model, and this record holds 2 ones there");
        bad.put("0.5,9.5,0,0,0,0", "not-one-hot:columns colour_red … colour_black are one category written one-hot in the model, and this record holds 0 ones there");
        bad.put("0.5,9.5,0,0.5,0,0", "not-one-hot:columns colour_red … colour_black are one category written one-hot in the model, and this record holds a value other than 0 and 1 there");
        bad.put("0.5,warm,0,1,0,0", "malformed:field 2 (y) is not a number: 'warm'");
        // After the warm-up: a row of two 1s among the first 2 000 would, as in a file, say the columns are no category.
        int at = 2500;
        for (String b : bad.keySet()) records.add(at += 300, b.getBytes(StandardCharsets.UTF_8));
        SharedKafka.produce(h.samples, records);
        try (ScoreStreamService service = h.start(Map.of("scorestream.input.csv-header", HEADER, "scorestream.sampler.publish-per-second", 8000))) {
            service.awaitConsumed(records.size(), NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(GOOD, NamedRecordsTest.WAIT);
            assertEquals(GOOD, h.latest.get().absorbed(), "every good record once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
            // The columns fit gives the same rows: one method, OneHotColumns, for both.
            RecordSchema feed = RecordSchema.named(RecordSchema.Format.CSV, HEADER);
            RecordSchema asFit = OneHotColumns.collapse(warmUp, feed, OneHotColumns.find(warmUp, feed)).columns();
            RecordSchema model = h.latest.get().model().recordSchema();
            assertEquals(List.of("x", "y", "colour"), model.names());
            assertEquals(asFit, model);
            assertEquals(3, h.latest.get().model().dimension());
            assertEquals(model, NamedRecordsTest.newestOnModelTopic(h.model).recordSchema(), "the model topic carries the category");

            List<ConsumerRecord<byte[], byte[]>> generated = NamedRecordsTest.consumeFromNow(h.generated, 3000);
            int[] counts = new int[4];
            double[] xSum = new double[4];
            for (ConsumerRecord<byte[], byte[]> r : generated) {
                assertEquals(String.join(",", HEADER), NamedRecordsTest.header(r, SamplerActor.COLUMNS_HEADER));
                String line = new String(r.value(), StandardCharsets.UTF_8);
                String[] f = line.split(",");
                assertEquals(HEADER.size(), f.length, line);
                int colour = -1, ones = 0;
                for (int k = 0; k < 4; k++) {
                    assertTrue(f[2 + k].equals("0") || f[2 + k].equals("1"), "an indicator as the feed writes it: " + line);
                    if (f[2 + k].equals("1")) { colour = k; ones++; }
                }
                assertEquals(1, ones, "one colour a record: " + line);
                counts[colour]++;
                xSum[colour] += Double.parseDouble(f[0]);
            }
            for (int k = 0; k < 4; k++) {
                double share = counts[k] / (double) generated.size();
                System.out.printf("one-hot stream: colour %d share %.3f (data %.1f), mean x %.2f (data %d)%n", k, share, SHARES[k], xSum[k] / counts[k], 3 * k);
                assertEquals(SHARES[k], share, 0.04, "colour " + k + "'s share");
                // x is 3·colour + N(0, 1): a colour drawn apart from the numbers would put each mean near 3.
                assertEquals(3 * k, xSum[k] / counts[k], 0.5, "colour " + k + "'s mean x");
            }
        }
        NamedRecordsTest.assertDeadLettersAsProduced(h, bad);
    }
}
