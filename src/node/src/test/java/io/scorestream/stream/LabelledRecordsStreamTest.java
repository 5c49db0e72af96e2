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
 * label is a column of the model, its shares and its law with the numbers are learned online (the
 * species drawn from its law given the mass, planned on the warm-up as fit plans it),
 * generated records carry the label as text (topic and /samples), and a record with a label the
 * setting does not give, or none, is a dead letter with its reason; every good record once.
 */
class LabelledRecordsStreamTest {
    static final String[] SPECIES = {"Adelie", "Chinstrap", "Gentoo"};
    private static final double[] SHARE = {0.5, 0.2, 0.3}, MASS = {3700, 3730, 5080};
    @TempDir Path dir;

    @Test
    void aLabelledFieldIsLearnedAndGeneratedAsItsLabels() throws Exception {
        StreamHarness h = new StreamHarness("labels", 1, dir.resolve("snap"));
        List<byte[]> records = birds(8, 2500, 2800, (id, species, mass) -> ("{\"id\":\"" + id + "\",\"species\":" + (species == null ? "null" : "\"" + species + "\"")
                + ",\"mass\":" + Math.round(mass) + "}").getBytes(StandardCharsets.UTF_8));
        RecordSchema expected = RecordSchema.named(RecordSchema.Format.JSON, List.of("species", "mass"))
                .withLabels(List.of(List.of(SPECIES), List.of()));
        try (ScoreStreamService service = startAndAbsorb(h, records, Map.of("scorestream.input.format", "json"), expected)) {
            assertSharesAndMasses(NamedRecordsTest.consumeFromNow(h.generated, 3000), firstShares(8, 2000), value -> {
                JsonNode record = NamedRecordsTest.JSON.readTree(value);
                assertTrue(record.get("species").isTextual(), record.toString());
                return Map.entry(record.get("species").asText(), record.get("mass").asDouble());
            });
            for (JsonNode row : NamedRecordsTest.JSON.readTree(HttpEndpointsTest.get(service.healthPort(), "/samples?n=5&seed=1", "application/json").body()))
                assertTrue(List.of(SPECIES).contains(row.get("species").asText()), row.toString());
        }
        NamedRecordsTest.assertDeadLettersAt(h, deadLetters(2500, 2800));
    }

    /** The same feed as Avro datums, the species a nullable string labelled by the setting: the same model, written back as strings. */
    @Test
    void anAvroStringFieldWithLabelsIsLearnedAndGeneratedAsItsLabels() throws Exception {
        StreamHarness h = new StreamHarness("avro-labels", 1, dir.resolve("snap"));
        Path schemaFile = dir.resolve("bird.avsc");
        java.nio.file.Files.writeString(schemaFile, BIRD.toString());
        List<byte[]> records = birds(9, 1200, 2800, LabelledRecordsStreamTest::bird);
        // The id, a string without labels, stays out; the labelled string is a column in the schema's order.
        RecordSchema expected = new RecordSchema(RecordSchema.Format.AVRO, List.of("species", "mass"), BIRD.toString(), List.of(List.of(SPECIES), List.of()));
        try (ScoreStreamService service = startAndAbsorb(h, records, Map.of("scorestream.input.format", "avro", "scorestream.input.avro-schema", schemaFile.toString()), expected)) {
            assertAvroBirds(NamedRecordsTest.consumeFromNow(h.generated, 3000), firstShares(9, 2000));
        }
        NamedRecordsTest.assertDeadLettersAt(h, deadLetters(1200, 2800));
    }

    /** Generated Avro birds: the species written back as a string field, whole datums, in the data's shares and masses. */
    static void assertAvroBirds(List<ConsumerRecord<byte[], byte[]>> generated, double[] shares) throws Exception {
        org.apache.avro.Schema written = new org.apache.avro.Schema.Parser().parse(NamedRecordsTest.header(generated.get(0), SamplerActor.AVRO_SCHEMA_HEADER));
        assertEquals(org.apache.avro.Schema.Type.STRING, written.getField("species").schema().getType(), "written back as a string field");
        var reader = new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(written);
        assertSharesAndMasses(generated, shares, value -> {
            var decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, null);
            org.apache.avro.generic.GenericRecord record = reader.read(null, decoder);
            assertTrue(decoder.isEnd(), "one whole datum per record");
            return Map.entry(record.get("species").toString(), (Double) record.get("mass"));
        });
    }

    /** One record of a bird, in a feed's format; a null species is a null field. */
    interface Bird {
        byte[] record(String id, String species, double mass) throws java.io.IOException;
    }

    /** 3 000 birds of the law above, and at the given offsets one of an unknown species and one of none. */
    static List<byte[]> birds(long seed, int unknownAt, int nullAt, Bird bird) throws java.io.IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int s = species(rng);
            records.add(bird.record("p" + i, SPECIES[s], MASS[s] + 300 * gaussian(rng)));
        }
        records.add(unknownAt, bird.record("q1", "Emperor", 4000));
        records.add(nullAt, bird.record("q2", null, 4000));
        return records;
    }

    /**
     * The species' shares among the first n birds of {@link #birds} (the same draws): a model planned
     * on those records learns its label law from them, so its shares are theirs, not the law's (2 000
     * records put a share within about 0.01 of the law's, and a plan reservoir of 1 000 of them 0.016).
     */
    static double[] firstShares(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] shares = new double[3];
        for (int i = 0; i < n; i++) {
            shares[species(rng)] += 1.0 / n;
            gaussian(rng);   // the bird's mass: the same draws as birds
        }
        return shares;
    }

    /** A bird's species, drawn at the shares SHARE. */
    private static int species(SplittableRandom rng) {
        double u = rng.nextDouble();
        return u < SHARE[0] ? 0 : u < SHARE[0] + SHARE[1] ? 1 : 2;
    }

    /** The dead letters {@link #birds} puts at those offsets. */
    private static Map<Integer, String> deadLetters(int unknownAt, int nullAt) {
        return Map.of(unknownAt, "unknown-label:field species is 'Emperor', none of its 3 labels [Adelie, Chinstrap, Gentoo] (scorestream.input.labels)",
                nullAt, "null-field:field species is null");
    }

    /** A node on the records with the species labelled, once it has absorbed every good one exactly once into a model of the expected columns. */
    private ScoreStreamService startAndAbsorb(StreamHarness h, List<byte[]> records, Map<String, Object> format, RecordSchema expected) throws Exception {
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = new HashMap<>(format);   // planned on the whole warm-up, whose shares the label law learns
        settings.put("scorestream.sampler.publish-per-second", 8000);
        settings.put("scorestream.input.labels", Map.of("species", List.of("Gentoo", "Adelie", "Chinstrap")));   // any order: kept sorted
        ScoreStreamService service = h.start(settings);
        try {
            service.awaitConsumed(records.size(), NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(3000, NamedRecordsTest.WAIT);
            assertEquals(3000, h.latest.get().absorbed(), "every good record once");
            assertEquals(expected, h.latest.get().model().recordSchema());
            var snapshot = new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow();
            assertEquals(expected, snapshot.structure().recordSchema());
            // The stream plans the species' law given the mass, as fit does; the snapshot and the model carry it.
            assertEquals(1, h.latest.get().model().columns().labels().count());
            assertEquals(0, h.latest.get().model().columns().labels().column(0));
            assertEquals(1, snapshot.structure().columns().labels().count());
            return service;
        } catch (Throwable failed) {
            service.close();
            throw failed;
        }
    }

    /** A record's species and mass, from its bytes. */
    interface SpeciesAndMass {
        Map.Entry<String, Double> of(byte[] value) throws Exception;
    }

    /** The generated records' species are the labels, in the given shares, each with its own mass; each carries the labels header. */
    static void assertSharesAndMasses(List<ConsumerRecord<byte[], byte[]>> generated, double[] shares, SpeciesAndMass read) throws Exception {
        int[] count = new int[3];
        double[] massSum = new double[3];
        for (ConsumerRecord<byte[], byte[]> g : generated) {
            Map.Entry<String, Double> record = read.of(g.value());
            int s = List.of(SPECIES).indexOf(record.getKey());
            assertTrue(s >= 0, record.toString());
            count[s]++;
            massSum[s] += record.getValue();
            assertEquals("{\"species\":[\"Adelie\",\"Chinstrap\",\"Gentoo\"]}", NamedRecordsTest.header(g, SamplerActor.LABELS_HEADER));
        }
        for (int s = 0; s < 3; s++)
            System.out.printf("generated birds: %s share %.3f (expected %.3f), mean mass %.0f (data %.0f)%n", SPECIES[s], count[s] / (double) generated.size(), shares[s], massSum[s] / count[s], MASS[s]);
        for (int s = 0; s < 3; s++) {
            // 3 000 records: a share's sampling sd is under 0.01; 0.04 leaves room for the model's error.
            assertEquals(shares[s], count[s] / (double) generated.size(), 0.04, SPECIES[s]);
            assertEquals(MASS[s], massSum[s] / count[s], 120, SPECIES[s] + "'s mass follows its species");
        }
    }

    @Test
    void avroLabelsThatCannotWorkAreRefusedAtStart() throws Exception {
        StreamHarness h = new StreamHarness("avro-labels-conf", 1, dir.resolve("snap"));
        Path schemaFile = dir.resolve("bird.avsc");
        java.nio.file.Files.writeString(schemaFile, BIRD.toString());
        Map<String, Object> avro = Map.of("scorestream.input.format", "avro", "scorestream.input.avro-schema", schemaFile.toString());
        Map<Map<String, Object>, String> refused = Map.of(
                Map.of("scorestream.input.labels", Map.of("mass", List.of("a"))),
                "labels for mass, which is no string field of the Avro schema Bird (an enum's labels are its symbols, a boolean's false and true)",
                Map.of("scorestream.input.fields", List.of("id", "mass")), "field id of the Avro schema is a string: give its labels in scorestream.input.labels",
                Map.of("scorestream.input.fields", List.of("mass"), "scorestream.input.labels", Map.of("species", List.of("a"))),
                "labels for species, which the fields [mass] do not choose");
        refused.forEach((extra, message) -> {
            Map<String, Object> settings = new HashMap<>(avro);
            settings.putAll(extra);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamSettings.from(h.config(settings)), message);
            assertEquals("scorestream.input: " + message, e.getMessage());
        });
    }

    static final org.apache.avro.Schema BIRD = new org.apache.avro.Schema.Parser().parse("""
            {"type": "record", "name": "Bird", "fields": [
              {"name": "id", "type": "string"}, {"name": "species", "type": ["null", "string"]}, {"name": "mass", "type": "double"}]}""");

    static byte[] bird(String id, String species, double mass) throws java.io.IOException {
        org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(BIRD);
        r.put("id", id);
        r.put("species", species);
        r.put("mass", mass);
        return NamedRecordsTest.datum(BIRD, r);
    }

    @Test
    void labelsThatCannotWorkAreRefusedAtStart() {
        StreamHarness h = new StreamHarness("labels-conf", 1, dir.resolve("snap"));
        Map<Map<String, Object>, String> refused = Map.of(
                Map.of("scorestream.input.labels", Map.of("species", List.of("a"))), "labels are for json and avro records",
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
