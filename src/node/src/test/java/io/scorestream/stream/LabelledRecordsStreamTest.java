package io.scorestream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.scorestream.io.RecordSchema;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A JSON feed with a field of text labels (scorestream.input.labels) through a real broker: the
 * label is a column of the model, its shares and its law with the numbers are learned online,
 * generated records carry the label as text (topic and /samples), and a record with a label the
 * setting does not give, or none, is a dead letter with its reason; every good record once.
 */
class LabelledRecordsStreamTest {
    private static final String[] SPECIES = {"Adelie", "Chinstrap", "Gentoo"};
    private static final double[] SHARE = {0.5, 0.2, 0.3}, MASS = {3700, 3730, 5080};
    @TempDir Path dir;

    @Test
    void aLabelledFieldIsLearnedAndGeneratedAsItsLabels() throws Exception {
        StreamHarness h = new StreamHarness("labels", 1, dir.resolve("snap"));
        SplittableRandom rng = new SplittableRandom(8);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            double u = rng.nextDouble();
            int s = u < SHARE[0] ? 0 : u < SHARE[0] + SHARE[1] ? 1 : 2;
            long mass = Math.round(MASS[s] + 300 * gaussian(rng));
            records.add(("{\"id\":\"p" + i + "\",\"species\":\"" + SPECIES[s] + "\",\"mass\":" + mass + "}").getBytes(StandardCharsets.UTF_8));
        }
        Map<Integer, String> bad = new HashMap<>();
        records.add(2500, "{\"id\":\"q1\",\"species\":\"Emperor\",\"mass\":4000}".getBytes(StandardCharsets.UTF_8));
        bad.put(2500, "unknown-label:field species is 'Emperor', none of its 3 labels [Adelie, Chinstrap, Gentoo]");
        records.add(2800, "{\"id\":\"q2\",\"species\":null,\"mass\":4000}".getBytes(StandardCharsets.UTF_8));
        bad.put(2800, "null-field:field species is null");
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = new HashMap<>(StreamHarness.PLAN_ON_A_RESERVOIR);
        settings.put("scorestream.sampler.publish-per-second", 8000);
        settings.put("scorestream.input.format", "json");
        settings.put("scorestream.input.labels", Map.of("species", List.of("Gentoo", "Adelie", "Chinstrap")));   // any order: kept sorted
        RecordSchema expected = RecordSchema.named(RecordSchema.Format.JSON, List.of("species", "mass"))
                .withLabels(List.of(List.of(SPECIES), List.of()));
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(records.size(), NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(3000, NamedRecordsTest.WAIT);
            assertEquals(3000, h.latest.get().absorbed(), "every good record once");
            assertEquals(expected, h.latest.get().model().recordSchema());
            assertEquals(expected, new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().structure().recordSchema());
            List<ConsumerRecord<byte[], byte[]>> generated = NamedRecordsTest.consumeFromNow(h.generated, 3000);
            int[] count = new int[3];
            double[] massSum = new double[3];
            for (ConsumerRecord<byte[], byte[]> g : generated) {
                JsonNode record = NamedRecordsTest.JSON.readTree(g.value());
                int s = List.of(SPECIES).indexOf(record.get("species").asText());
                assertTrue(record.get("species").isTextual() && s >= 0, record.toString());
                count[s]++;
                massSum[s] += record.get("mass").asDouble();
                assertEquals("{\"species\":[\"Adelie\",\"Chinstrap\",\"Gentoo\"]}", NamedRecordsTest.header(g, SamplerActor.LABELS_HEADER));
            }
            for (int s = 0; s < 3; s++) {
                // 3 000 records: a share's sampling sd is under 0.01; 0.04 leaves room for the model's error.
                assertEquals(SHARE[s], count[s] / (double) generated.size(), 0.04, SPECIES[s]);
                assertEquals(MASS[s], massSum[s] / count[s], 120, SPECIES[s] + "'s mass follows its species");
            }
            for (JsonNode row : NamedRecordsTest.JSON.readTree(HttpEndpointsTest.get(service.healthPort(), "/samples?n=5&seed=1", "application/json").body()))
                assertTrue(List.of(SPECIES).contains(row.get("species").asText()), row.toString());
        }
        NamedRecordsTest.assertDeadLettersAt(h, bad);
    }

    @Test
    void labelsThatCannotWorkAreRefusedAtStart() {
        StreamHarness h = new StreamHarness("labels-conf", 1, dir.resolve("snap"));
        Map<Map<String, Object>, String> refused = Map.of(
                Map.of("scorestream.input.labels", Map.of("species", List.of("a"))), "labels are for json records",
                Map.of("scorestream.input.format", "json", "scorestream.input.labels", Map.of("species", List.of())), "labels for species are empty",
                Map.of("scorestream.input.format", "json", "scorestream.input.labels", Map.of("species", List.of("a", "a"))), "labels for species repeat a label",
                Map.of("scorestream.input.format", "json", "scorestream.input.fields", List.of("mass"), "scorestream.input.labels", Map.of("species", List.of("a"))),
                "labels for species, which the fields [mass] do not choose",
                Map.of("scorestream.input.format", "json", "scorestream.input.labels", Map.of("species", "a")), "scorestream.input.labels.species must be a list");
        refused.forEach((settings, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamSettings.from(h.config(settings)), message);
            assertTrue(e.getMessage().contains(message), e.getMessage());
        });
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
