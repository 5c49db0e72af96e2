package io.scorestream.stream;

import io.scorestream.io.RecordSchema;
import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Format;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The codec on named records: JSON objects with chosen or learned fields, Avro datums; the columns it reports and adopts. */
class NamedRecordCodecTest {
    static final int MAX = 1 << 20;

    static RecordCodec.Decoded decode(RecordCodec codec, String text) {
        return codec.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    static void assertBad(Reason reason, String message, RecordCodec.Decoded decoded) {
        Bad bad = assertInstanceOf(Bad.class, decoded);
        assertEquals(reason, bad.reason(), bad.message());
        assertEquals(message, bad.message());
    }

    /** An Avro enum is a column of labels, its symbols sorted: a flat record read straight from the decoder, written back as the symbol. */
    @Test
    void anAvroEnumIsItsSymbolsIndexInSortedOrder() throws Exception {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Bird", "fields": [
                  {"name": "species", "type": {"type": "enum", "name": "Species", "symbols": ["Gentoo", "Adelie", "Chinstrap"]}},
                  {"name": "mass", "type": "double"}]}""");
        RecordCodec codec = new RecordCodec(Format.AVRO, -1, 1 << 20, List.of(), schema);
        assertEquals(List.of(List.of("Adelie", "Chinstrap", "Gentoo"), List.of()), codec.columns().labels());
        GenericRecord r = new GenericData.Record(schema);
        r.put("species", new GenericData.EnumSymbol(schema.getField("species").schema(), "Gentoo"));
        r.put("mass", 5100.0);
        assertArrayEquals(new double[]{2, 5100}, ((Good) codec.decode(NamedRecordsTest.datum(schema, r))).vector(), 0);
        GenericRecord back = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(schema)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(codec.encode(new double[]{0.8, 3700}), null));
        assertEquals("Chinstrap", back.get("species").toString());
        // A datum whose enum index is past the symbols is of another schema.
        assertEquals(Reason.WRONG_SCHEMA, ((Bad) codec.decode(new byte[]{8, 0, 0, 0, 0, 0, 0, 0, 0})).reason());
    }

    /**
     * An Avro string field labelled by the setting, in each envelope: its label's index among the
     * labels sorted, another label or none a dead letter naming it, written back as the string; a
     * string without labels stays out.
     */
    @Test
    void aLabelledAvroStringIsItsLabelsIndexInEveryEnvelope() throws Exception {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Bird", "fields": [
                  {"name": "id", "type": "string"}, {"name": "species", "type": ["null", "string"]}, {"name": "mass", "type": "double"}]}""");
        for (AvroEnvelope.Encoding encoding : AvroEnvelope.Encoding.values()) {
            AvroEnvelope envelope = new AvroEnvelope(encoding, schema, AvroEnvelope.ANY_ID);
            RecordCodec codec = new RecordCodec(Format.AVRO, -1, MAX, List.of(), schema, java.util.Map.of("species", List.of("Gentoo", "Adelie", "Chinstrap")), envelope);
            assertEquals(new RecordSchema(RecordSchema.Format.AVRO, List.of("species", "mass"), schema.toString(), List.of(List.of("Adelie", "Chinstrap", "Gentoo"), List.of())),
                    codec.columns(), encoding.configName());
            java.util.function.BiFunction<String, Double, byte[]> bird = (species, mass) -> {
                GenericRecord r = new GenericData.Record(schema);
                r.put("id", "b1");
                r.put("species", species);
                r.put("mass", mass);
                try {
                    return envelope.wrap(NamedRecordsTest.datum(schema, r), 3);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            assertArrayEquals(new double[]{1, 3730}, assertInstanceOf(Good.class, codec.decode(bird.apply("Chinstrap", 3730.0))).vector(), 0, encoding.configName());
            assertBad(Reason.UNKNOWN_LABEL, "field species is 'Emperor', none of its 3 labels [Adelie, Chinstrap, Gentoo] (scorestream.input.labels)",
                    codec.decode(bird.apply("Emperor", 4000.0)));
            assertBad(Reason.NULL_FIELD, "field species is null", codec.decode(bird.apply(null, 4000.0)));
            Schema written = new Schema.Parser().parse(new io.scorestream.io.RecordWriter(codec.columns()).writtenSchema());
            GenericRecord back = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(written)
                    .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(codec.encode(new double[]{2.3, 5000}), null));
            assertEquals("Gentoo", back.get("species").toString());
            assertEquals(List.of("species", "mass"), written.getFields().stream().map(Schema.Field::name).toList());
        }
        assertEquals(List.of("mass"), new RecordCodec(Format.AVRO, -1, MAX, List.of(), schema).columns().names(), "without labels, the strings stay out");
    }

    /** A labelled field: its label's index among the given labels, sorted; another label a dead letter naming it; a model of other labels refused. */
    @Test
    void aLabelledFieldIsItsLabelsIndexAndAnotherLabelADeadLetter() {
        RecordCodec codec = new RecordCodec(Format.JSON, -1, 1 << 20, List.of(), null, java.util.Map.of("kind", List.of("b", "a", "c")));
        Good provisional = (Good) decode(codec, "{\"kind\":\"c\",\"x\":1.5,\"note\":\"free\"}");
        assertEquals(List.of("kind", "x"), provisional.fields());
        assertArrayEquals(new double[]{2, 1.5}, provisional.vector(), 0.0);
        codec.learnColumns(provisional.fields());
        assertEquals(RecordSchema.named(RecordSchema.Format.JSON, List.of("kind", "x")).withLabels(List.of(List.of("a", "b", "c"), List.of())), codec.columns());
        assertArrayEquals(new double[]{0, -2}, ((Good) decode(codec, "{\"x\":-2,\"kind\":\"a\"}")).vector(), 0.0);
        Bad unknown = (Bad) decode(codec, "{\"kind\":\"z\",\"x\":1}");
        assertEquals(Reason.UNKNOWN_LABEL, unknown.reason());
        assertEquals("field kind is 'z', none of its 3 labels [a, b, c] (scorestream.input.labels)", unknown.message());
        assertEquals(Reason.NULL_FIELD, ((Bad) decode(codec, "{\"kind\":null,\"x\":1}")).reason());
        assertEquals("unknown-label", Reason.UNKNOWN_LABEL.headerValue());
        // The generated record in the feed's shape: the label as text.
        assertEquals("{\"kind\":\"b\",\"x\":3}", new String(codec.encode(new double[]{1, 3}), StandardCharsets.UTF_8));
        // A stream model whose column holds other labels was learned under another setting: refused, both named.
        RecordCodec other = new RecordCodec(Format.JSON, -1, 1 << 20, List.of(), null, java.util.Map.of("kind", List.of("a", "b")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.adoptColumns(codec.columns()));
        assertTrue(e.getMessage().contains("differ from the stream's model's"), e.getMessage());
    }

    @Test
    void configuredFieldsAreTakenInTheirOrderFromNestedObjectsAndTheRestIgnored() {
        RecordCodec codec = new RecordCodec(Format.JSON, -1, MAX, List.of("co2", "sensor.temp"), null);
        String record = "{\"device\":\"a17\",\"ts\":1732960000,\"sensor\":{\"temp\":21.4,\"humidity\":40.2,\"unit\":\"C\"},\"co2\":612,\"tags\":[1,\"x\"]}";
        // Any chosen name may be an array, so the first records' vote fixes the columns, as for an array's name.
        Good first = assertInstanceOf(Good.class, decode(codec, record));
        assertTrue(first.provisional());
        assertEquals(List.of("co2", "sensor.temp"), first.fields());
        assertEquals(-1, codec.dimension());
        codec.learnColumns(first.fields());
        Good good = assertInstanceOf(Good.class, decode(codec, record));
        assertArrayEquals(new double[]{612, 21.4}, good.vector());
        assertFalse(good.provisional());
        assertEquals(2, codec.dimension());
        assertEquals(RecordSchema.named(RecordSchema.Format.JSON, List.of("co2", "sensor.temp")), codec.columns());

        assertBad(Reason.MISSING_FIELD, "field sensor.temp is missing", decode(codec, "{\"co2\":600,\"sensor\":{}}"));
        assertBad(Reason.NULL_FIELD, "field co2 is null", decode(codec, "{\"co2\":null,\"sensor\":{\"temp\":1}}"));
        // A number written as a JSON string is that number, as a file's are; other text is none, named.
        assertArrayEquals(new double[]{1612.5, 1}, assertInstanceOf(Good.class, decode(codec, "{\"co2\":\"1,612.5\",\"sensor\":{\"temp\":\"1\"}}")).vector());
        assertBad(Reason.NON_NUMERIC, "field co2 is not a number: '612 ppm'", decode(codec, "{\"co2\":\"612 ppm\",\"sensor\":{\"temp\":1}}"));
        assertBad(Reason.NON_FINITE, "field co2 is not finite: 'NaN'", decode(codec, "{\"co2\":\"NaN\",\"sensor\":{\"temp\":1}}"));
        assertBad(Reason.NON_NUMERIC, "field co2 is not a number: true", decode(codec, "{\"co2\":true,\"sensor\":{\"temp\":1}}"));
        assertBad(Reason.NON_NUMERIC, "field sensor.temp is an object, not a number", decode(codec, "{\"co2\":1,\"sensor\":{\"temp\":{\"c\":1}}}"));
        assertBad(Reason.NON_FINITE, "field sensor.temp is not finite: NaN", decode(codec, "{\"co2\":1,\"sensor\":{\"temp\":NaN}}"));
        assertBad(Reason.NON_FINITE, "field co2 is not finite: 1e999", decode(codec, "{\"co2\":1e999,\"sensor\":{\"temp\":1}}"));
        assertBad(Reason.NON_FINITE, "field co2 is beyond ±1e150, where its square overflows: 1.0E300", decode(codec, "{\"co2\":1e300,\"sensor\":{\"temp\":1}}"));
        assertEquals(Reason.MALFORMED, ((Bad) decode(codec, "{\"co2\":1,")).reason());
        assertBad(Reason.MALFORMED, "not a JSON object: the stream's records are objects with fields [co2, sensor.temp]", decode(codec, "[1, 2]"));
        // Extra numeric fields are fine when the fields are chosen.
        assertInstanceOf(Good.class, decode(codec, "{\"co2\":1,\"sensor\":{\"temp\":1},\"pressure\":1013}"));
    }

    @Test
    void withoutConfiguredFieldsObjectsAreProvisionalUntilTheColumnsAreLearned() {
        RecordCodec codec = new RecordCodec(Format.JSON, -1, MAX);
        Good first = assertInstanceOf(Good.class, decode(codec, "{\"device\":\"a\",\"temp\":21.5,\"humidity\":40}"));
        assertTrue(first.provisional());
        assertEquals(List.of("temp", "humidity"), first.fields());
        assertFalse(codec.named());
        assertEquals(List.of("temp", "humidity"), codec.learnColumns(first.fields()));
        assertEquals(List.of("temp", "humidity"), codec.learnColumns(List.of("other")), "the first decision stands");
        assertEquals(2, codec.dimension());
        assertArrayEquals(new double[]{21.0, 39.5}, ((Good) decode(codec, "{\"humidity\":39.5,\"temp\":21.0}")).vector(), 0);
        assertBad(Reason.FIELDS_CHANGED, "numeric field(s) [pressure] are not among the stream's columns [temp, humidity] (set input.fields to choose the columns)",
                decode(codec, "{\"temp\":21.0,\"humidity\":39.5,\"pressure\":1013}"));
        assertBad(Reason.MISSING_FIELD, "field humidity is missing", decode(codec, "{\"temp\":21.0}"));
    }

    @Test
    void thePartitionersColumnsWinAndConfiguredFieldsThatDifferAreRefusedNamingBoth() {
        RecordCodec learning = new RecordCodec(Format.JSON, -1, MAX);
        learning.learnColumns(List.of("a", "b"));
        learning.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, List.of("temp", "humidity")));
        assertEquals(List.of("temp", "humidity"), learning.columns().names());
        learning.adoptColumns(RecordSchema.unnamed(RecordSchema.Format.JSON));
        assertFalse(learning.named(), "a stream of bare numbers: objects are dead letters now");

        RecordCodec configured = new RecordCodec(Format.JSON, -1, MAX, List.of("temp", "pressure"), null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> configured.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, List.of("temp", "humidity"))));
        assertTrue(e.getMessage().contains("[temp, pressure]") && e.getMessage().contains("[temp, humidity]"), e.getMessage());
        configured.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, List.of("temp", "pressure")));   // the same: fine
        // The same names learned from Avro records: the model would write Avro on the generated topic, so it is refused.
        String avro = assertThrows(IllegalStateException.class, () -> configured.adoptColumns(
                new RecordSchema(RecordSchema.Format.AVRO, List.of("temp", "pressure"),
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"temp\",\"type\":\"double\"},{\"name\":\"pressure\",\"type\":\"double\"}]}"))).getMessage();
        assertTrue(avro.startsWith("the records are json but the stream's model was learned from avro [temp, pressure]"), avro);

        RecordCodec csv = new RecordCodec(Format.CSV, -1, MAX);
        assertThrows(IllegalStateException.class, () -> csv.adoptColumns(RecordSchema.named(RecordSchema.Format.JSON, List.of("temp"))));
    }

    @Test
    void configuredArrayElementsAreReadAndEncodedAsTheArrayAndAGapIsRefusedAtStart() {
        RecordCodec codec = new RecordCodec(Format.JSON, -1, MAX, List.of("embedding[0]", "embedding[1]", "score"), null);
        codec.learnColumns(List.of("embedding[0]", "embedding[1]", "score"));
        Good good = assertInstanceOf(Good.class, decode(codec, "{\"id\":\"doc-1\",\"embedding\":[0.5,-1.25,9],\"score\":0.75}"));
        assertArrayEquals(new double[]{0.5, -1.25, 0.75}, good.vector(), 0);
        assertBad(Reason.MISSING_FIELD, "field embedding[1] is missing", decode(codec, "{\"embedding\":[0.5],\"score\":1}"));
        assertEquals("{\"embedding\":[0.5,-1.25],\"score\":0.75}", new String(codec.encode(good.vector()), StandardCharsets.UTF_8));

        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> new RecordCodec(Format.JSON, -1, MAX, List.of("embedding[3]", "score"), null));
        assertTrue(gap.getMessage().startsWith("scorestream.input.fields cannot be written back as a JSON record: the array embedding has no element embedding[0]"), gap.getMessage());
    }

    static final Schema READING = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "fields": [
              {"name": "device", "type": "string"},
              {"name": "sensor", "type": {"type": "record", "name": "Sensor", "fields": [
                 {"name": "temp", "type": "double"}, {"name": "humidity", "type": ["null", "float"]}]}},
              {"name": "battery", "type": "int"}]}""");

    @Test
    void avroDatumsGiveTheSchemasNumericFieldsAndGeneratedDatumsKeepTheirTypes() throws Exception {
        RecordCodec codec = new RecordCodec(Format.AVRO, -1, MAX, List.of(), READING);
        assertEquals(List.of("sensor.temp", "sensor.humidity", "battery"), codec.columns().names());
        assertEquals(3, codec.dimension());
        GenericRecord sensor = new GenericData.Record(READING.getField("sensor").schema());
        sensor.put("temp", 21.5);
        sensor.put("humidity", 40.25f);
        GenericRecord r = new GenericData.Record(READING);
        r.put("device", "a17");
        r.put("sensor", sensor);
        r.put("battery", 87);
        byte[] datum = NamedRecordsTest.datum(READING, r);
        assertArrayEquals(new double[]{21.5, 40.25, 87}, ((Good) codec.decode(datum)).vector(), 0);

        sensor.put("humidity", null);
        assertBad(Reason.NULL_FIELD, "field sensor.humidity is null", codec.decode(NamedRecordsTest.datum(READING, r)));
        assertEquals(Reason.WRONG_SCHEMA, ((Bad) codec.decode(new byte[]{2, 'x'})).reason());
        assertBad(Reason.WRONG_SCHEMA, "bytes left over after a Reading record: written with another schema?",
                codec.decode(java.util.Arrays.copyOf(datum, datum.length + 2)));

        // Encoding: the learned fields only, int rounded; it decodes back with the pruned schema.
        byte[] out = codec.encode(new double[]{22.25, 41.5, 86.6});
        Schema written = io.scorestream.io.AvroRecords.parseSchema(new io.scorestream.io.RecordWriter(codec.columns()).writtenSchema());
        assertNull(written.getField("device"));
        GenericRecord back = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(written)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out, null));
        assertEquals(87, back.get("battery"));
        assertEquals(41.5f, ((GenericRecord) back.get("sensor")).get("humidity"));

        assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.AVRO, -1, MAX, List.of("device"), READING), "a string field is no column");
        assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.AVRO, -1, MAX, List.of("nope"), READING));
    }

    static final Schema EMBEDDED = io.scorestream.io.AvroRecords.parseSchema("""
            {"type": "record", "name": "Embedded", "fields": [
              {"name": "id", "type": "string"}, {"name": "embedding", "type": {"type": "array", "items": "float"}}, {"name": "score", "type": "double"}]}""");

    @Test
    void avroArrayElementsAreColumnsWhenConfigured() throws Exception {
        Schema embedded = EMBEDDED;
        RecordCodec codec = new RecordCodec(Format.AVRO, -1, MAX, List.of("embedding[0]", "embedding[1]", "score"), embedded);
        assertEquals(3, codec.dimension());
        GenericRecord r = new GenericData.Record(embedded);
        r.put("id", "a");
        r.put("embedding", List.of(0.5f, -1.25f));
        r.put("score", 3.0);
        assertArrayEquals(new double[]{0.5, -1.25, 3}, ((Good) codec.decode(NamedRecordsTest.datum(embedded, r))).vector(), 0);
        r.put("embedding", List.of(0.5f));
        assertBad(Reason.MISSING_FIELD, "field embedding[1] is missing: the array embedding has 1 elements, 2 learned", codec.decode(NamedRecordsTest.datum(embedded, r)));

        byte[] out = codec.encode(new double[]{1.5, 2.5, 4});
        Schema written = io.scorestream.io.AvroRecords.parseSchema(new io.scorestream.io.RecordWriter(codec.columns()).writtenSchema());
        GenericRecord back = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(written)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out, null));
        assertEquals(List.of(1.5f, 2.5f), back.get("embedding"));
        assertEquals(4.0, back.get("score"));
    }
}
