package io.scorestream.io;

import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Avro string fields as columns of labels: read as text for the caller to number (by the flat
 * reader and the generic one alike), written back as strings of the labels given, and a data
 * file's repeated strings judged as a CSV file's text columns are.
 */
class AvroStringLabelsTest {
    // Flat: every field a plain number or string (the fast reader); nullable: a union (the generic reader).
    private static final Schema FLAT = AvroRecords.parseSchema("""
            {"type": "record", "name": "Bird", "namespace": "zoo", "fields": [
              {"name": "id", "type": "string"}, {"name": "species", "type": "string"}, {"name": "mass", "type": "double"}]}""");
    private static final Schema NULLABLE = AvroRecords.parseSchema("""
            {"type": "record", "name": "Bird", "namespace": "zoo", "fields": [
              {"name": "id", "type": "string"}, {"name": "species", "type": ["null", "string"]}, {"name": "mass", "type": "double"}]}""");
    @TempDir Path dir;

    @Test
    void aStringFieldIsReadAsTextByTheFlatAndTheGenericReader() throws IOException {
        for (Schema schema : List.of(FLAT, NULLABLE)) {
            AvroRecords records = new AvroRecords(schema, List.of("mass", "species"));
            assertTrue(records.hasText());
            assertFalse(records.isText(0));
            assertTrue(records.isText(1));
            String[] texts = new String[2];
            double[] values = records.read(datum(schema, "b1", "Gentoo", 5080.5), texts);
            assertEquals(5080.5, values[0], schema.toString());
            assertEquals("Gentoo", texts[1], schema.toString());
            assertNull(texts[0], "a number's entry is left as it was");
            // The unselected string before it (id) is skipped, not read as the species.
            values = records.read(datum(schema, "a-long-identifier-" + "x".repeat(300), "Adelie", -1.25), texts);
            assertEquals(-1.25, values[0]);
            assertEquals("Adelie", texts[1]);
            IllegalStateException numbersOnly = assertThrows(IllegalStateException.class, () -> records.read(datum(schema, "b", "Adelie", 1)));
            assertTrue(numbersOnly.getMessage().contains("hold strings"), numbersOnly.getMessage());
        }
        RecordProblem nullSpecies = assertThrows(RecordProblem.class,
                () -> new AvroRecords(NULLABLE, List.of("species", "mass")).read(datum(NULLABLE, "b", null, 1), new String[2]));
        assertEquals(RecordProblem.Kind.NULL_FIELD, nullSpecies.kind());
        assertEquals("field species is null", nullSpecies.getMessage());
        assertEquals("species", nullSpecies.field());
    }

    @Test
    void aFlatDatumWhoseStringIsCutShortOrOverlongIsOfAnotherSchema() throws IOException {
        AvroRecords records = new AvroRecords(FLAT, List.of("species", "mass"));
        byte[] whole = datum(FLAT, "b1", "Gentoo", 1);
        for (byte[] bad : List.of(java.util.Arrays.copyOf(whole, 5), new byte[]{1}, java.util.Arrays.copyOf(whole, whole.length + 1))) {
            RecordProblem p = assertThrows(RecordProblem.class, () -> records.read(bad, new String[2]), java.util.Arrays.toString(bad));
            assertEquals(RecordProblem.Kind.WRONG_SCHEMA, p.kind(), p.getMessage());
            assertTrue(p.getMessage().contains("Bird"), p.getMessage());
        }
    }

    @Test
    void aStringColumnIsWrittenBackAsTheNearestOfItsLabels() throws IOException {
        List<String> labels = List.of("Adelie", "Chinstrap", "Gentoo");
        RecordSchema columns = new RecordSchema(RecordSchema.Format.AVRO, List.of("species", "mass"), NULLABLE.toString(), List.of(labels, List.of()));
        AvroRecords writer = AvroRecords.of(columns);
        assertEquals(labels, writer.labels().get(0));
        Schema written = writer.writtenSchema();
        assertEquals(Schema.Type.STRING, written.getField("species").schema().getType(), "the written field is a string (a null is never generated)");
        assertEquals("zoo.Bird", written.getFullName());
        double[][] generated = {{0, 3700}, {1.4, 3730}, {2.6, 5080}, {-3, 1}, {9, 2}};
        String[] expected = {"Adelie", "Chinstrap", "Gentoo", "Adelie", "Gentoo"};
        for (int i = 0; i < generated.length; i++) {
            byte[] bytes = writer.write(generated[i]);
            GenericRecord back = new GenericDatumReader<GenericRecord>(written).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            assertEquals(expected[i], back.get("species").toString(), "value " + generated[i][0]);
            assertEquals(generated[i][1], (Double) back.get("mass"));
            // And it reads back as the same label (the written schema is flat: the fast reader).
            String[] texts = new String[2];
            new AvroRecords(written, List.of("species", "mass"), columns.labels()).read(bytes, texts);
            assertEquals(expected[i], texts[0]);
        }
        IllegalArgumentException unlabelled = assertThrows(IllegalArgumentException.class, () -> new AvroRecords(FLAT, List.of("species", "mass")).write(new double[]{0, 1}));
        assertEquals("field species is a string without labels: there is nothing to write", unlabelled.getMessage());
    }

    @Test
    void theDefaultSelectionTakesOnlyTheStringsItIsGiven() {
        assertEquals(List.of("id", "species"), AvroRecords.stringFields(NULLABLE));
        assertEquals(List.of("mass"), AvroRecords.defaultSelection(NULLABLE, Set.of()));
        assertEquals(List.of("species", "mass"), AvroRecords.defaultSelection(NULLABLE, Set.of("species")));
        assertEquals(List.of("mass"), new AvroRecords(NULLABLE, List.of()).fields(), "without a choice, no string");
        IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class, () -> new AvroRecords(AvroRecords.parseSchema("""
                {"type": "record", "name": "B", "fields": [{"name": "raw", "type": "bytes"}, {"name": "x", "type": "int"}]}"""), List.of("raw")));
        assertEquals("field raw of the Avro schema is BYTES, not a number, an enum, a boolean or a string", bytes.getMessage());
    }

    @Test
    void aFilesRepeatedStringIsAColumnOfLabelsAndFreeTextIsLeftOutAndNamed() throws IOException {
        Path file = dir.resolve("birds.avro");
        String[] species = {"Gentoo", "Adelie", "Chinstrap"};
        try (DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<>(NULLABLE))) {
            out.create(NULLABLE, file.toFile());
            for (int i = 0; i < 500; i++) out.append(record(NULLABLE, "bird-" + i, i == 300 ? null : species[i % 3], 3000 + i));
        }
        MissingValues missing = new MissingValues();
        Tables.Table table = Tables.read(file, List.of(), missing);
        assertEquals(List.of("species", "mass"), table.columns().names());
        assertEquals(RecordSchema.Format.AVRO, table.columns().format());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), table.columns().labelsOf(0));
        assertEquals("1 string field of free text or dates (id) left out", table.leftOut());
        assertEquals(499, table.rows().numRows, "the record whose species is null is left out, as a null number is");
        assertEquals(1, missing.droppedRows());
        for (int r = 0; r < table.rows().numRows; r++) {
            int i = r < 300 ? r : r + 1;
            assertEquals(List.of("Adelie", "Chinstrap", "Gentoo").indexOf(species[i % 3]), table.rows().get(r, 0), "row " + r + ": its label's sorted index");
            assertEquals(3000 + i, table.rows().get(r, 1));
        }
        InputException stops = assertThrows(InputException.class, () -> Tables.read(file, List.of()));
        assertTrue(stops.getMessage().contains("record 301: field species is null"), stops.getMessage());

        // Chosen, a string of free text is a column of labels too (as a chosen CSV column is).
        Tables.Table chosen = Tables.read(file, List.of("id", "mass"), null);
        assertEquals(500, chosen.columns().labelsOf(0).size());
        assertEquals("bird-0", chosen.columns().labelsOf(0).get(0));
        assertNull(chosen.leftOut());

        // Written back: the labels as strings of the same field, and read again as the same labels.
        Path back = dir.resolve("back.avro");
        Tables.write(back, table.rows(), table.columns());
        Tables.Table again = Tables.read(back, List.of());
        assertEquals(table.columns().labels(), again.columns().labels());
        assertArrayEquals(table.rows().data, again.rows().data);
        assertNull(again.leftOut(), "the written schema has no free text left");
    }

    private static GenericRecord record(Schema schema, String id, String species, double mass) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", id);
        r.put("species", species);
        r.put("mass", mass);
        return r;
    }

    private static byte[] datum(Schema schema, String id, String species, double mass) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record(schema, id, species, mass), encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
