package io.scorestream.stream;

import io.scorestream.io.RecordSchema;
import io.scorestream.io.Tables;
import io.scorestream.learn.SnapshotStore;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A JSON feed with a field of text labels and no setting naming them, through a real broker on the
 * default (partition-local) record path: the planner judges the warm-up's text fields as {@code
 * fit} judges a file's, learns {@code species} as a column of the labels it saw (and leaves the
 * identifier out, saying why), and every partition's learner reads the records with them. A later
 * record with a label the warm-up did not hold is a dead letter saying the labels were learned (a
 * bad record's text in the warm-up is no label); a node restarted from its snapshots reads with the
 * same labels.
 */
class LearnedLabelsStreamTest {
    private static final List<String> SPECIES = List.of(LabelledRecordsStreamTest.SPECIES);
    private static final RecordSchema EXPECTED = RecordSchema.named(RecordSchema.Format.JSON, List.of("species", "mass"))
            .withLabels(List.of(SPECIES, List.of()));
    @TempDir Path dir;

    private static byte[] bird(String id, String species, double mass) {
        return ("{\"id\":\"" + id + "\",\"species\":" + (species == null ? "null" : "\"" + species + "\"") + ",\"mass\":" + Math.round(mass) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFieldOfRepeatedTextIsLearnedAsLabelsFromTheWarmUp() throws Exception {
        StreamHarness h = new StreamHarness("learned-labels", 1, dir.resolve("snap"));
        List<byte[]> records = LabelledRecordsStreamTest.birds(8, 2500, 2800, LearnedLabelsStreamTest::bird);
        // In the warm-up, a bad record (its mass text) of another species: its text is not judged, so Emperor is no label.
        records.add(1000, "{\"id\":\"q0\",\"species\":\"Emperor\",\"mass\":\"heavy\",\"beak\":41}".getBytes(StandardCharsets.UTF_8));
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = new HashMap<>();   // planned on the whole warm-up, whose shares the label law learns
        settings.put("scorestream.input.format", "json");
        settings.put("scorestream.sampler.publish-per-second", 8000);
        String log = TextFieldsLeftOutTest.stderrOf(() -> {
            try (ScoreStreamService service = absorbAll(h, settings, records.size())) {
                assertEquals(EXPECTED, h.latest.get().model().recordSchema());
                assertEquals(EXPECTED, new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().structure().recordSchema());
                assertEquals(EXPECTED, NamedRecordsTest.newestOnModelTopic(h.model).recordSchema(), "the model topic carries the labels");
                assertEquals(1, h.latest.get().model().columns().labels().count(), "the species' law planned as fit plans a column of labels");
                LabelledRecordsStreamTest.assertSharesAndMasses(NamedRecordsTest.consumeFromNow(h.generated, 3000), LabelledRecordsStreamTest.firstShares(8, 2000), value -> {
                    var record = NamedRecordsTest.JSON.readTree(value);
                    assertTrue(record.get("species").isTextual(), record.toString());
                    return Map.entry(record.get("species").asText(), record.get("mass").asDouble());
                });
            }
        });
        // fit reads the same records as the same columns: one judgement of a text field for both.
        Path file = dir.resolve("birds.jsonl");
        List<String> warmUp = new ArrayList<>();
        for (int i = 0; i <= 2000; i++) if (i != 1000) warmUp.add(new String(records.get(i), StandardCharsets.UTF_8));
        Files.write(file, warmUp);
        RecordSchema fit = Tables.read(file, List.of()).columns();
        assertEquals(EXPECTED.names(), fit.names());
        assertEquals(EXPECTED.labels(), fit.labels());

        assertTrue(log.contains("input field species: 3 labels learned from the first "), log);
        assertTrue(log.contains("[Adelie, Chinstrap, Gentoo]; a record with another label is a dead letter (unknown-label)"), log);
        assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("input fields [species, mass] learned; of such a record 1 field that is not a number (id: text) left out"
                + WarmUpReader.NOT_LABELS)), log);
        String emperor = "unknown-label:field species is 'Emperor', none of its 3 labels [Adelie, Chinstrap, Gentoo] (learned from the stream's first records)";
        Map<Integer, String> bad = new HashMap<>(Map.of(1000, "non-numeric:field mass is not a number: 'heavy'", 2501, emperor, 2801, "null-field:field species is null"));
        NamedRecordsTest.assertDeadLettersAt(h, bad);

        // Restarted from its snapshots, a node reads the new records with the labels its model learned.
        List<byte[]> more = new ArrayList<>();
        for (int i = 0; i < 300; i++) more.add(bird("r" + i, SPECIES.get(i % 3), 4000));
        more.add(150, bird("r-emperor", "Emperor", 4000));
        SharedKafka.produce(h.samples, more);
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(records.size() + more.size(), NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(3300, NamedRecordsTest.WAIT);
            assertEquals(3300, h.latest.get().absorbed(), "every good record once, across the restart");
            assertEquals(EXPECTED, h.latest.get().model().recordSchema());
        }
        bad.put(records.size() + 150, emperor);
        NamedRecordsTest.assertDeadLettersAt(h, bad);
    }

    /**
     * A label whose shares turn with a code of 1..9 in no order (odd codes mostly one label, even
     * ones another, 9 a third): the warm-up plans the additive law, as fit does on such rows (a
     * Gaussian per label or one slope cannot turn so), its knots travel to the snapshot and the
     * model topic, and the generated records keep each code's shares.
     */
    @Test
    void aLabelWhoseSharesTurnWithACodeKeepsThemInTheGeneratedRecords() throws Exception {
        StreamHarness h = new StreamHarness("additive-labels", 1, dir.resolve("additive"));
        String[] kinds = {"odd", "even", "nine"};
        double[][] law = new double[10][];
        for (int code = 1; code <= 9; code++) law[code] = code == 9 ? new double[]{0.05, 0.05, 0.9} : code % 2 == 1 ? new double[]{0.8, 0.15, 0.05} : new double[]{0.1, 0.8, 0.1};
        java.util.SplittableRandom rng = new java.util.SplittableRandom(13);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int code = 1 + rng.nextInt(9);
            double u = rng.nextDouble(), x = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
            int kind = u < law[code][0] ? 0 : u < law[code][0] + law[code][1] ? 1 : 2;
            records.add(String.format(java.util.Locale.ROOT, "{\"kind\":\"%s\",\"code\":%d,\"x\":%.3f}", kinds[kind], code, x).getBytes(StandardCharsets.UTF_8));
        }
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = new HashMap<>();
        settings.put("scorestream.input.format", "json");
        settings.put("scorestream.sampler.publish-per-second", 8000);
        try (ScoreStreamService service = absorbAll(h, settings, records.size())) {
            var model = h.latest.get().model();
            assertEquals(List.of("kind", "code", "x"), model.recordSchema().names());
            assertEquals(io.scorestream.columns.LabelConditionals.ADDITIVE, model.columns().labels().degree(0), "the additive law, as fit plans it");
            assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, model.columns().labels().hatKnots(0), "a knot at each code (the first number column)");
            assertArrayEquals(model.columns().labels().hatKnots(0),
                    new SnapshotStore(h.snapshots, w -> {}).loadLatest().orElseThrow().structure().columns().labels().hatKnots(0), "the snapshot's knots");
            assertArrayEquals(model.columns().labels().hatKnots(0), NamedRecordsTest.newestOnModelTopic(h.model).columns().labels().hatKnots(0), "the model topic's");
            double[][] count = new double[10][3];
            for (var g : NamedRecordsTest.consumeFromNow(h.generated, 4000)) {
                var record = NamedRecordsTest.JSON.readTree(g.value());
                int code = record.get("code").asInt(), kind = List.of(kinds).indexOf(record.get("kind").asText());
                assertTrue(code >= 1 && code <= 9 && kind >= 0, record.toString());
                count[code][kind]++;
            }
            // About 440 generated records a code: a share's sd is 0.02, the law's own fit on 2 000 warm-up records adds as much.
            for (int code = 1; code <= 9; code++) {
                double n = count[code][0] + count[code][1] + count[code][2];
                for (int k = 0; k < 3; k++) assertEquals(law[code][k], count[code][k] / n, 0.1, "code " + code + ", " + kinds[k] + ": " + java.util.Arrays.toString(count[code]));
            }
        }
    }

    /** A node on the topic's records once it has drained them and absorbed every one of the 3 000 good ones exactly once. */
    private static ScoreStreamService absorbAll(StreamHarness h, Map<String, Object> settings, int records) throws Exception {
        ScoreStreamService service = h.start(settings);
        try {
            service.awaitConsumed(records, NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(3000, NamedRecordsTest.WAIT);
            assertEquals(3000, h.latest.get().absorbed(), "every good record once");
            return service;
        } catch (Throwable failed) {
            service.close();
            throw failed;
        }
    }

    /** The labels a learner reads with: the model's learned ones beside those configured; configured ones the model does not hold stop it, naming both. */
    @Test
    void aLearnerReadsWithTheModelsLearnedLabelsBesideTheConfiguredOnes() {
        RecordSchema model = RecordSchema.named(RecordSchema.Format.JSON, List.of("site", "species", "mass"))
                .withLabels(List.of(List.of("cliff", "shore"), SPECIES, List.of()));
        RecordCodec codec = new RecordCodec(RecordCodec.Format.JSON, -1, 1 << 20, List.of(), null, Map.of("site", List.of("shore", "cliff")));
        codec.adoptColumns(model);
        assertEquals(model, codec.columns());
        RecordCodec.Good good = (RecordCodec.Good) codec.decode("{\"site\":\"shore\",\"species\":\"Gentoo\",\"mass\":5000}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new double[]{1, 2, 5000}, good.vector());
        RecordCodec.Bad unknown = (RecordCodec.Bad) codec.decode("{\"site\":\"dune\",\"species\":\"Gentoo\",\"mass\":5000}".getBytes(StandardCharsets.UTF_8));
        assertTrue(unknown.message().endsWith("(scorestream.input.labels)"), unknown.message());

        RecordCodec other = new RecordCodec(RecordCodec.Format.JSON, -1, 1 << 20, List.of(), null, Map.of("species", List.of("Adelie", "Gentoo")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.adoptColumns(model));
        assertTrue(e.getMessage().contains("species's labels [Adelie, Gentoo] (scorestream.input.labels) differ from the stream's model's json [site, species, mass]"), e.getMessage());
    }

    /**
     * A CSV feed of named fields (csv-header) with a text column: learned as labels from the warm-up
     * beside a column whose labels are given, read quoted or bare, written back as text in the
     * generated lines; a later line with another label is a dead letter naming its field. Such a
     * feed was all dead letters ("field 2 (species) is not a number") unless the column was left out.
     */
    @Test
    void aCsvColumnOfRepeatedTextIsLearnedAsLabels() throws Exception {
        StreamHarness h = new StreamHarness("learned-labels-csv", 1, dir.resolve("csv"));
        String[] sites = {"cliff", "shore"};
        List<byte[]> records = LabelledRecordsStreamTest.birds(9, 2500, 2800, (id, species, mass) -> (id + "," + (species == null ? "" : id.hashCode() % 2 == 0 ? "\"" + species + "\"" : species)
                + "," + Math.round(mass) + "," + sites[Math.floorMod(id.hashCode(), 2)]).getBytes(StandardCharsets.UTF_8));
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = new HashMap<>();   // planned on the whole warm-up, whose shares the label law learns
        settings.put("scorestream.input.csv-header", List.of("id", "species", "mass", "site"));
        settings.put("scorestream.input.fields", List.of("species", "mass", "site"));
        settings.put("scorestream.input.labels", Map.of("site", List.of("shore", "cliff")));
        settings.put("scorestream.sampler.publish-per-second", 8000);
        RecordSchema expected = RecordSchema.named(RecordSchema.Format.CSV, List.of("species", "mass", "site")).withLabels(List.of(SPECIES, List.of(), List.of(sites)));
        try (ScoreStreamService service = absorbAll(h, settings, records.size())) {
            assertEquals(expected, h.latest.get().model().recordSchema());
            int[] count = new int[3];
            double[] massSum = new double[3];
            List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> generated = NamedRecordsTest.consumeFromNow(h.generated, 3000);
            for (var g : generated) {
                String[] f = new String(g.value(), StandardCharsets.UTF_8).split(",");
                assertEquals(3, f.length, String.join(",", f));
                assertTrue(List.of(sites).contains(f[2]), "the site as its label: " + String.join(",", f));
                int s = SPECIES.indexOf(f[0]);
                assertTrue(s >= 0, "the species as its label: " + String.join(",", f));
                count[s]++;
                massSum[s] += Double.parseDouble(f[1]);
            }
            double[] share = LabelledRecordsStreamTest.firstShares(9, 2000), mass = {3700, 3730, 5080};   // LabelledRecordsStreamTest's birds
            for (int s = 0; s < 3; s++) {
                assertEquals(share[s], count[s] / (double) generated.size(), 0.04, SPECIES.get(s));
                assertEquals(mass[s], massSum[s] / count[s], 120, SPECIES.get(s) + "'s mass follows its species");
            }
        }
        NamedRecordsTest.assertDeadLettersAt(h, Map.of(
                2500, "unknown-label:field 2 (species) is 'Emperor', none of its 3 labels [Adelie, Chinstrap, Gentoo] (learned from the stream's first records)",
                2800, "malformed:field 2 (species) is empty"));
    }

    @Test
    void aCsvLinesLabelsAreReadQuotedOrBare() {
        RecordCodec codec = new RecordCodec(-1, 1 << 20, List.of("id", "site", "mass"), List.of("site", "mass"), Map.of("site", List.of("shore", "cliff", "a \"b\", c")));
        assertArrayEquals(new double[]{2, 5}, ((RecordCodec.Good) codec.decode(" x , shore ,5".getBytes(StandardCharsets.UTF_8))).vector());
        assertArrayEquals(new double[]{1, 5}, ((RecordCodec.Good) codec.decode("x,\"cliff\",5".getBytes(StandardCharsets.UTF_8))).vector(), "quoted");
        assertArrayEquals(new double[]{0, 5}, ((RecordCodec.Good) codec.decode("x,\"a \"\"b\"\", c\",5".getBytes(StandardCharsets.UTF_8))).vector(), "a comma and doubled quotes inside");
        RecordCodec.Bad bad = (RecordCodec.Bad) codec.decode("x,dune,5".getBytes(StandardCharsets.UTF_8));
        assertEquals(RecordCodec.Reason.UNKNOWN_LABEL, bad.reason());
        assertEquals("field 2 (site) is 'dune', none of its 3 labels [a \"b\", c, cliff, shore] (scorestream.input.labels)", bad.message());
        assertEquals(Map.of("id", "x", "site", "a \"b\", c"), codec.csvTexts("x,\"a \"\"b\"\", c\",5".getBytes(StandardCharsets.UTF_8)), "the texts a survey judges: no numbers");
        assertNull(codec.csvTexts("x,shore".getBytes(StandardCharsets.UTF_8)), "a line of another number of fields");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RecordCodec(RecordCodec.Format.CSV, -1, 1 << 20, List.of(), null, Map.of("site", List.of("a"))));
        assertTrue(e.getMessage().startsWith("labels are for json and avro records, protobuf messages and csv lines of named fields (csv-header)"), e.getMessage());
    }

    /**
     * An Avro feed whose schema's string field holds labels, none given: learned from the warm-up as
     * a JSON field is (the identifier, a string too, left out), written back as a string field; a
     * later label is a dead letter. Such a field was left out unless its labels were configured.
     */
    @Test
    void anAvroStringFieldOfRepeatedTextIsLearnedAsLabels() throws Exception {
        StreamHarness h = new StreamHarness("learned-labels-avro", 1, dir.resolve("avro"));
        Path schemaFile = Files.writeString(dir.resolve("bird.avsc"), LabelledRecordsStreamTest.BIRD.toString());
        List<byte[]> records = LabelledRecordsStreamTest.birds(9, 2500, 2800, LabelledRecordsStreamTest::bird);
        SharedKafka.produce(h.samples, records);
        Map<String, Object> settings = new HashMap<>();   // planned on the whole warm-up, whose shares the label law learns
        settings.put("scorestream.input.format", "avro");
        settings.put("scorestream.input.avro-schema", schemaFile.toString());
        settings.put("scorestream.sampler.publish-per-second", 8000);
        assertEquals("avro string fields [id, species] have no labels given: the warm-up learns as labels those whose values repeat as labels do, "
                + "and the others are left out (scorestream.input.labels gives a field its labels)", StreamSettings.from(h.config(settings)).leftOutNotice());
        RecordSchema expected = new RecordSchema(RecordSchema.Format.AVRO, List.of("species", "mass"), LabelledRecordsStreamTest.BIRD.toString(), List.of(SPECIES, List.of()));
        try (ScoreStreamService service = absorbAll(h, settings, records.size())) {
            assertEquals(expected, h.latest.get().model().recordSchema());
            LabelledRecordsStreamTest.assertAvroBirds(NamedRecordsTest.consumeFromNow(h.generated, 3000), LabelledRecordsStreamTest.firstShares(9, 2000));
        }
        NamedRecordsTest.assertDeadLettersAt(h, Map.of(
                2500, "unknown-label:field species is 'Emperor', none of its 3 labels [Adelie, Chinstrap, Gentoo] (learned from the stream's first records)",
                2800, "null-field:field species is null"));
    }

    /**
     * A Protobuf message's string fields as the warm-up surveys them, and a learner reading with
     * the labels a model learned of one (the warm-up's path is the Avro feed's above): an unset one
     * (proto3: "") is no label.
     */
    @Test
    void aProtobufLearnerReadsWithTheModelsLearnedLabels() {
        RecordCodec codec = new RecordCodec(-1, 1 << 20, List.of(), Map.of(),
                new ProtobufEnvelope(ProtobufEnvelope.Encoding.BARE, io.scorestream.testing.ProtobufTypes.BIRD, -1));
        byte[] gentoo = io.scorestream.testing.ProtobufTypes.bird("p1", "Gentoo", 5000);
        assertEquals(Map.of("id", "p1", "species", "Gentoo"), codec.protobufTexts(gentoo));
        assertEquals(Map.of("id", "p2"), codec.protobufTexts(io.scorestream.testing.ProtobufTypes.bird("p2", null, 5000)), "unset: no text");
        assertEquals(List.of("mass"), codec.columns().names(), "without labels the strings are left out");
        codec.adoptColumns(learnedModel(codec.columns()));
        assertEquals(List.of("species", "mass"), codec.columns().names());
        assertArrayEquals(new double[]{2, 5000}, ((RecordCodec.Good) codec.decode(gentoo)).vector());
        RecordCodec.Bad unset = (RecordCodec.Bad) codec.decode(io.scorestream.testing.ProtobufTypes.bird("p2", null, 5000));
        assertEquals("field species is '', none of its 3 labels [Adelie, Chinstrap, Gentoo] (learned from the stream's first records)", unset.message());
    }

    /** The model of Bird messages whose species the warm-up learned as labels. */
    private static RecordSchema learnedModel(RecordSchema numbersOnly) {
        return new RecordSchema(numbersOnly.format(), List.of("species", "mass"), numbersOnly.avroSchema(), List.of(SPECIES, List.of()));
    }
}
