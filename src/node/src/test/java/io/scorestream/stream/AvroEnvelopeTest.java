package io.scorestream.stream;

import io.scorestream.stream.AvroEnvelope.Encoding;
import io.scorestream.stream.RecordCodec.Bad;
import io.scorestream.stream.RecordCodec.Format;
import io.scorestream.stream.RecordCodec.Good;
import io.scorestream.stream.RecordCodec.Reason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Avro datums in the envelopes real producers use: the single-object encoding as Avro's own
 * {@link BinaryMessageEncoder} writes it, and Confluent's wire format as its serializer lays it out
 * (a zero byte, the id big-endian, the datum). The expected bytes are made here, not by the class
 * under test.
 */
class AvroEnvelopeTest {
    private static final int MAX = 1 << 20;
    private static final Schema FLAT = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "fields": [
              {"name": "temp", "type": "double"}, {"name": "battery", "type": "int"}]}""");
    private static final Schema NESTED = NamedRecordCodecTest.READING;   // a string, a nested record, a union: the generic reader
    private static final Schema OTHER = new Schema.Parser().parse("""
            {"type": "record", "name": "Note", "fields": [{"name": "text", "type": "string"}]}""");

    /** A wrong-schema dead letter whose message holds part (the start of most is the decoder's or the envelope's own text). */
    private static void assertBad(Reason reason, String part, RecordCodec.Decoded decoded) {
        Bad bad = assertInstanceOf(Bad.class, decoded);
        assertEquals(reason, bad.reason(), bad.message());
        assertTrue(bad.message().contains(part), bad.message());
    }

    private static RecordCodec codec(Schema schema, Encoding encoding, int id) {
        return new RecordCodec(Format.AVRO, -1, MAX, List.of(), schema, Map.of(), new AvroEnvelope(encoding, schema, id));
    }

    private static GenericRecord flat(double temp, int battery) {
        GenericRecord r = new GenericData.Record(FLAT);
        r.put("temp", temp);
        r.put("battery", battery);
        return r;
    }

    private static GenericRecord nested(double temp) {
        GenericRecord sensor = new GenericData.Record(NESTED.getField("sensor").schema());
        sensor.put("temp", temp);
        sensor.put("humidity", 40.25f);
        GenericRecord r = new GenericData.Record(NESTED);
        r.put("device", "a17");
        r.put("sensor", sensor);
        r.put("battery", 87);
        return r;
    }

    private static byte[] singleObject(Schema schema, GenericRecord r) throws Exception {
        ByteBuffer b = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(r);
        return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
    }

    private static byte[] confluent(int id, byte[] datum) {
        return ByteBuffer.allocate(5 + datum.length).put((byte) 0).putInt(id).put(datum).array();
    }

    private static RecordCodec codec(Schema schema, Encoding encoding, int id, AvroEnvelope.WriterSchema... writers) {
        return new RecordCodec(Format.AVRO, -1, MAX, List.of(), schema, Map.of(), new AvroEnvelope(encoding, schema, id).withWriters(List.of(writers), schema));
    }

    /**
     * Records of other versions of the schema, as Avro's encoder writes them, read with the version
     * that wrote them and resolved: V1's float temp promoted, its firmware skipped, its fields in
     * another order; V3's pressure skipped. The values are exactly the written ones.
     */
    @Test
    void recordsOfOtherSchemaVersionsAreResolvedToTheConfiguredOne() throws Exception {
        Schema reading = new Schema.Parser().parse(NamedRecordsTest.READING);
        Schema v1 = FramedAvroStreamTest.V1, v3 = FramedAvroStreamTest.V3;
        RecordCodec single = codec(reading, Encoding.SINGLE_OBJECT, -1, new AvroEnvelope.WriterSchema(-1, v1, "v1.avsc"), new AvroEnvelope.WriterSchema(-1, v3, "v3.avsc"));
        double[] expected = {21.5, 40.25, 80 + (int) Math.abs(21.5 * 7) % 20};
        for (Schema v : new Schema[]{reading, v1, v3})
            assertArrayEquals(expected, ((Good) single.decode(singleObject(v, FramedAvroStreamTest.version(v, 21.5, 40.25)))).vector(), 0, v.toString());
        // Confluent's records: the id says the version; pinned to 7, only 7 and the named ids are read.
        RecordCodec pinned = codec(reading, Encoding.CONFLUENT, 7, new AvroEnvelope.WriterSchema(5, v1, "v1.avsc"));
        assertArrayEquals(expected, ((Good) pinned.decode(confluent(5, NamedRecordsTest.datum(v1, FramedAvroStreamTest.version(v1, 21.5, 40.25))))).vector(), 0);
        assertArrayEquals(expected, ((Good) pinned.decode(confluent(7, NamedRecordsTest.datum(reading, FramedAvroStreamTest.version(reading, 21.5, 40.25))))).vector(), 0);
        assertBad(Reason.WRONG_SCHEMA, "written with schema id 6; scorestream.input.avro-schema-id is 7 and scorestream.input.avro-writer-schemas names ids [5]",
                pinned.decode(confluent(6, NamedRecordsTest.datum(reading, FramedAvroStreamTest.version(reading, 21.5, 40.25)))));
        // Unpinned, an id not named is read with the configured schema, as before: V1's bytes do not fit it.
        RecordCodec any = codec(reading, Encoding.CONFLUENT, -1, new AvroEnvelope.WriterSchema(5, v1, "v1.avsc"));
        assertArrayEquals(expected, ((Good) any.decode(confluent(5, NamedRecordsTest.datum(v1, FramedAvroStreamTest.version(v1, 21.5, 40.25))))).vector(), 0);
        assertBad(Reason.WRONG_SCHEMA, "(schema id 9)", any.decode(confluent(9, NamedRecordsTest.datum(v1, FramedAvroStreamTest.version(v1, 21.5, 40.25)))));
        // The single-object codec without V3 named: its fingerprint is unknown.
        RecordCodec onlyV1 = codec(reading, Encoding.SINGLE_OBJECT, -1, new AvroEnvelope.WriterSchema(-1, v1, "v1.avsc"));
        assertBad(Reason.WRONG_SCHEMA, "and no schema of scorestream.input.avro-writer-schemas has it",
                onlyV1.decode(singleObject(v3, FramedAvroStreamTest.version(v3, 21.5, 40.25))));
    }

    @Test
    void singleObjectRecordsAsAvroWritesThemAreReadByTheFlatAndTheGenericReader() throws Exception {
        assertArrayEquals(new double[]{21.5, 87}, ((Good) codec(FLAT, Encoding.SINGLE_OBJECT, -1).decode(singleObject(FLAT, flat(21.5, 87)))).vector(), 0);
        assertArrayEquals(new double[]{19.25, 40.25, 87},
                ((Good) codec(NESTED, Encoding.SINGLE_OBJECT, -1).decode(singleObject(NESTED, nested(19.25)))).vector(), 0);
        // And what the envelope writes, Avro's own decoder reads.
        byte[] wrapped = new AvroEnvelope(Encoding.SINGLE_OBJECT, FLAT, -1).wrap(NamedRecordsTest.datum(FLAT, flat(3.5, 9)), -1);
        assertEquals(3.5, new BinaryMessageDecoder<GenericRecord>(GenericData.get(), FLAT).decode(wrapped).get("temp"));
    }

    @Test
    void aSingleObjectRecordOfAnotherSchemaOrWithoutTheHeaderIsAWrongSchemaDeadLetterSayingWhatItFound() throws Exception {
        RecordCodec codec = codec(FLAT, Encoding.SINGLE_OBJECT, -1);
        GenericRecord note = new GenericData.Record(OTHER);
        note.put("text", "hello");
        assertBad(Reason.WRONG_SCHEMA, "written with another schema: its single-object fingerprint is "
                + Long.toHexString(SchemaNormalization.parsingFingerprint64(OTHER)) + ", the configured schema's "
                + Long.toHexString(SchemaNormalization.parsingFingerprint64(FLAT)), codec.decode(singleObject(OTHER, note)));
        byte[] bare = NamedRecordsTest.datum(FLAT, flat(21.5, 87));
        assertBad(Reason.WRONG_SCHEMA, "not in Avro's single-object encoding (it starts with C3 01 and 8 fingerprint bytes; this record starts with", codec.decode(bare));
        assertBad(Reason.WRONG_SCHEMA, "this record starts with C3 01)", codec.decode(new byte[]{(byte) 0xC3, 1}));
        assertBad(Reason.WRONG_SCHEMA, "(if it was written by Confluent's serializer, with schema id 3, scorestream.input.avro-encoding = confluent reads it)",
                codec.decode(confluent(3, bare)));
    }

    @Test
    void confluentRecordsAreReadWithTheConfiguredSchemaAndAPinnedIdIsChecked() throws Exception {
        byte[] datum = NamedRecordsTest.datum(FLAT, flat(21.5, 87));
        assertArrayEquals(new double[]{21.5, 87}, ((Good) codec(FLAT, Encoding.CONFLUENT, -1).decode(confluent(41, datum))).vector(), 0, "any id unpinned");
        assertArrayEquals(new double[]{21.5, 87}, ((Good) codec(FLAT, Encoding.CONFLUENT, 7).decode(confluent(7, datum))).vector(), 0);
        assertArrayEquals(new double[]{19.25, 40.25, 87},
                ((Good) codec(NESTED, Encoding.CONFLUENT, 7).decode(confluent(7, NamedRecordsTest.datum(NESTED, nested(19.25))))).vector(), 0);
        RecordCodec pinned = codec(FLAT, Encoding.CONFLUENT, 7);
        assertBad(Reason.WRONG_SCHEMA, "written with schema id 8; scorestream.input.avro-schema-id is 7", pinned.decode(confluent(8, datum)));
        assertBad(Reason.WRONG_SCHEMA, "not in Confluent's wire format (a zero byte and a 4-byte schema id; this record starts with 00 00 00)",
                pinned.decode(new byte[]{0, 0, 0}));
        // A datum of another writer schema under the right id: the decoder's complaint, and the id.
        assertBad(Reason.WRONG_SCHEMA, "bytes left over after a Reading record: written with another schema? (schema id 7)",
                pinned.decode(confluent(7, Arrays.copyOf(datum, datum.length + 3))));
        // The envelope's bytes are exactly the wire format's.
        assertArrayEquals(confluent(7, datum), new AvroEnvelope(Encoding.CONFLUENT, FLAT, 7).wrap(datum, 7));
    }

    @Test
    void aBareStreamMeetingAnEnvelopeSaysWhichSettingReadsIt() throws Exception {
        RecordCodec bare = codec(FLAT, Encoding.BARE, -1);
        byte[] datum = NamedRecordsTest.datum(FLAT, flat(21.5, 87));
        assertArrayEquals(new double[]{21.5, 87}, ((Good) bare.decode(datum)).vector(), 0);
        assertBad(Reason.WRONG_SCHEMA, "bytes left over after a Reading record: written with another schema? (it starts with Avro's single-object header of the configured schema: scorestream.input.avro-encoding = single-object reads it)",
                bare.decode(singleObject(FLAT, flat(21.5, 87))));
        assertBad(Reason.WRONG_SCHEMA, "scorestream.input.avro-encoding = confluent reads it", bare.decode(confluent(12, datum)));
        // The default constructor is the bare envelope: what every Avro stream read before.
        assertEquals(((Good) bare.decode(datum)).vector()[0], ((Good) new RecordCodec(Format.AVRO, -1, MAX, List.of(), FLAT).decode(datum)).vector()[0]);
    }

    @Test
    void encodingsAndIdsThatCannotWorkAreRefused() {
        assertEquals(Encoding.SINGLE_OBJECT, Encoding.parse(" Single-Object "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Encoding.parse("protobuf"));
        assertEquals("unknown Avro encoding 'protobuf'; choose bare, single-object or confluent", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AvroEnvelope(Encoding.SINGLE_OBJECT, FLAT, 3), "an id only with confluent");
        assertThrows(IllegalArgumentException.class, () -> new AvroEnvelope(Encoding.CONFLUENT, FLAT, -2));
        assertThrows(IllegalArgumentException.class, () -> new AvroEnvelope(Encoding.CONFLUENT, FLAT, -1).wrap(new byte[1], -1), "writing needs an id");
        assertThrows(IllegalArgumentException.class, () -> new RecordCodec(Format.JSON, -1, MAX, List.of(), null, Map.of(), new AvroEnvelope(Encoding.BARE, FLAT, -1)));
    }

    /**
     * A change-data-capture feed as Debezium's Avro converter writes it: an envelope record whose
     * {@code after} image (a union with null) holds the table's row, NUMERIC columns as decimals,
     * beside the source's offsets, in Confluent's wire format. With no fields chosen the columns
     * are the after image's (the schema's every numeric field, the default elsewhere, made each
     * create a null-field dead letter: its before image is null); chosen by path they are read as
     * well; either way a delete is a no-row dead letter saying so.
     */
    @Test
    void aChangeDataCaptureFeedIsReadThroughItsAfterImage() throws Exception {
        Schema envelope = new Schema.Parser().parse("""
                {"type": "record", "name": "Envelope", "namespace": "shop.public.payments", "fields": [
                  {"name": "before", "type": ["null", {"type": "record", "name": "Value", "fields": [
                    {"name": "id", "type": "int"},
                    {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
                    {"name": "settled", "type": "boolean"},
                    {"name": "card_type", "type": {"type": "enum", "name": "Card", "symbols": ["VISA", "AMEX"]}}]}], "default": null},
                  {"name": "after", "type": ["null", "Value"], "default": null},
                  {"name": "source", "type": {"type": "record", "name": "Source", "fields": [{"name": "ts_ms", "type": "long"}, {"name": "lsn", "type": ["null", "long"]}]}},
                  {"name": "op", "type": "string"},
                  {"name": "ts_ms", "type": ["null", "long"], "default": null}]}""");
        assertTrue(io.scorestream.io.AvroRecords.isChangeEvent(envelope));
        GenericData decimals = new GenericData();
        decimals.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        Schema value = envelope.getField("after").schema().getTypes().get(1);
        GenericRecord row = new GenericData.Record(value);
        row.put("id", 17);
        row.put("amount", new java.math.BigDecimal("1234.56"));
        row.put("settled", true);
        row.put("card_type", new GenericData.EnumSymbol(value.getField("card_type").schema(), "VISA"));
        GenericRecord source = new GenericData.Record(envelope.getField("source").schema());
        source.put("ts_ms", 1_700_000_000_000L);
        GenericRecord created = new GenericData.Record(envelope);
        created.put("after", row);
        created.put("source", source);
        created.put("op", "c");
        created.put("ts_ms", 1_700_000_000_000L);
        GenericRecord deleted = new GenericData.Record(envelope);
        deleted.put("before", row);
        deleted.put("source", source);
        deleted.put("op", "d");
        byte[] create = confluent(4, datum(envelope, created, decimals)), delete = confluent(4, datum(envelope, deleted, decimals));

        RecordCodec byDefault = new RecordCodec(Format.AVRO, -1, MAX, List.of(), envelope, Map.of(), new AvroEnvelope(Encoding.CONFLUENT, envelope, -1));
        assertEquals(List.of("after.id", "after.amount", "after.settled", "after.card_type"), byDefault.columns().names());
        assertArrayEquals(new double[]{17, 1234.56, 1, 1}, ((Good) byDefault.decode(create)).vector(), 0, "VISA is the second of the sorted symbols");
        RecordCodec chosen = new RecordCodec(Format.AVRO, -1, MAX, List.of("after.amount", "after.settled"), envelope, Map.of(),
                new AvroEnvelope(Encoding.CONFLUENT, envelope, 4));
        assertArrayEquals(new double[]{1234.56, 1}, ((Good) chosen.decode(create)).vector(), 0);
        for (RecordCodec codec : List.of(byDefault, chosen)) {
            Bad deletion = assertInstanceOf(Bad.class, codec.decode(delete));
            assertEquals(Reason.NO_ROW, deletion.reason());
            assertEquals("a change event deleting a row (op d): no row to learn", deletion.message());
        }
        assertEquals("no-row", Reason.NO_ROW.headerValue());
        // Generated records: the envelope pruned to the after image's chosen columns, the amount a decimal again.
        Schema written = io.scorestream.io.AvroRecords.parseSchema(new io.scorestream.io.RecordWriter(chosen.columns()).writtenSchema());
        GenericRecord back = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(written, written, decimals)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(chosen.encode(new double[]{99.999, 0.2}), null));
        assertEquals(new java.math.BigDecimal("100.00"), ((GenericRecord) back.get("after")).get("amount"));
        assertEquals(false, ((GenericRecord) back.get("after")).get("settled"));
    }

    private static byte[] datum(Schema schema, GenericRecord record, GenericData data) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(schema, data).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
