package io.scorestream.io;

import org.apache.avro.Conversions;
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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Avro's logical types as real feeds carry them (a change-data-capture feed's NUMERIC columns are
 * decimals; event times are timestamps): a decimal, in bytes or fixed, is a number read at its
 * scale and written back at it; dates, times and timestamps are numbers in their unit, columns
 * when chosen, left out (and named) by default. The datums here are written by Avro with its own
 * decimal conversion, so the bytes are the spec's, not this reader's idea of them.
 */
class AvroLogicalTypesTest {
    private static final Schema ORDER = AvroRecords.parseSchema("""
            {"type": "record", "name": "Order", "fields": [
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
              {"name": "weight", "type": ["null", {"type": "fixed", "name": "Weight", "size": 8, "logicalType": "decimal", "precision": 12, "scale": 3}]},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "qty", "type": "int"}]}""");
    private static final GenericData DECIMALS = new GenericData();
    static {
        DECIMALS.addLogicalTypeConversion(new Conversions.DecimalConversion());
    }
    @TempDir Path dir;

    private static GenericRecord order(String price, String weight, int day, long at, int qty) {
        GenericRecord r = new GenericData.Record(ORDER);
        r.put("price", new BigDecimal(price));
        r.put("weight", weight == null ? null : new BigDecimal(weight));
        r.put("day", day);
        r.put("at", at);
        r.put("qty", qty);
        return r;
    }

    private static byte[] datum(GenericRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(ORDER, DECIMALS).write(r, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void decimalsAreNumbersAndTimesAreLeftOutUnlessChosen() throws IOException {
        assertEquals(List.of("price", "weight", "qty"), AvroRecords.defaultSelection(ORDER, java.util.Set.of()));
        assertEquals(List.of("day: date", "at: timestamp-millis"), AvroRecords.timeFields(ORDER));
        byte[] datum = datum(order("12.34", "-5.125", 20_000, 1_700_000_000_123L, 7));
        assertArrayEquals(new double[]{12.34, -5.125, 7}, new AvroRecords(ORDER, List.of()).read(datum), 0);
        assertArrayEquals(new double[]{20_000, 1_700_000_000_123.0, 12.34}, new AvroRecords(ORDER, List.of("day", "at", "price")).read(datum), 0);
        RecordProblem nullWeight = assertThrows(RecordProblem.class, () -> new AvroRecords(ORDER, List.of()).read(datum(order("1.00", null, 0, 0, 1))));
        assertEquals(RecordProblem.Kind.NULL_FIELD, nullWeight.kind());
        assertEquals("weight", nullWeight.field());
    }

    @Test
    void decimalsAreWrittenAtTheirScaleWithinTheirPrecisionAndTimesAsTheirInts() throws IOException {
        AvroRecords records = new AvroRecords(ORDER, List.of("price", "weight", "day", "at"));
        Schema written = records.writtenSchema();
        byte[] out = records.write(new double[]{12.345000001, 3.14159, 20_000.4, 1.7e12 + 0.6});
        GenericRecord back = new GenericDatumReader<GenericRecord>(written, written, DECIMALS).read(null, DecoderFactory.get().binaryDecoder(out, null));
        assertEquals(new BigDecimal("12.35"), back.get("price"), "half to even at scale 2");
        assertEquals(new BigDecimal("3.142"), back.get("weight"));
        assertEquals(20_000, back.get("day"));
        assertEquals(1_700_000_000_001L, back.get("at"));
        assertEquals("date", written.getField("day").schema().getLogicalType().getName(), "the written schema keeps the logical types");
        // Beyond the precision (nothing bounded it): the largest the field holds, of the value's sign.
        GenericRecord clamped = new GenericDatumReader<GenericRecord>(written, written, DECIMALS)
                .read(null, DecoderFactory.get().binaryDecoder(records.write(new double[]{-3e9, 1e15, 0, 0}), null));
        assertEquals(new BigDecimal("-9999999.99"), clamped.get("price"));
        assertEquals(new BigDecimal("999999999.999"), clamped.get("weight"));
    }

    @Test
    void aDataFileNamesTheTimesItLeavesOutAndLearnsTheDecimals() throws IOException {
        Path file = dir.resolve("orders.avro");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(ORDER, DECIMALS))) {
            writer.create(ORDER, file.toFile());
            for (int i = 0; i < 300; i++) writer.append(order(String.format("%d.%02d", 10 + i % 7, i % 100), (i % 5) + ".250", 19_000 + i, 1_600_000_000_000L + i * 1000L, i % 4));
        }
        Tables.Table table = Tables.read(file, List.of());
        assertEquals(List.of("price", "weight", "qty"), table.columns().names());
        assertEquals("2 date or time fields (day: date, at: timestamp-millis; --fields chooses one) left out", table.leftOut());
        assertEquals(15.05, table.rows().get(5, 0), 1e-12);   // 10 + 5 % 7, then 5 % 100 hundredths
        Tables.Table chosen = Tables.read(file, List.of("day", "price"));
        assertEquals(19_299, chosen.rows().get(299, 0), 0);
        assertNull(chosen.leftOut(), "a choice leaves nothing out to name");
    }

    /** A boolean is a column of two labels, false and true, its index its value, by the flat reader and the generic one. */
    @Test
    void aBooleanIsAColumnOfFalseAndTrue() throws IOException {
        for (String flagType : List.of("\"boolean\"", "[\"null\", \"boolean\"]")) {
            Schema schema = AvroRecords.parseSchema("{\"type\": \"record\", \"name\": \"Visit\", \"fields\": ["
                    + "{\"name\": \"returning\", \"type\": " + flagType + "}, {\"name\": \"minutes\", \"type\": \"double\"}]}");
            AvroRecords records = new AvroRecords(schema, List.of());
            assertEquals(List.of("returning", "minutes"), records.fields());
            assertEquals(List.of(List.of("false", "true"), List.of()), records.labels());
            for (boolean flag : new boolean[]{false, true}) {
                GenericRecord r = new GenericData.Record(schema);
                r.put("returning", flag);
                r.put("minutes", 4.5);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new GenericDatumWriter<GenericRecord>(schema).write(r, encoder);
                encoder.flush();
                assertArrayEquals(new double[]{flag ? 1 : 0, 4.5}, records.read(out.toByteArray()), 0, flagType);
                GenericRecord back = new GenericDatumReader<GenericRecord>(records.writtenSchema())
                        .read(null, DecoderFactory.get().binaryDecoder(records.write(new double[]{flag ? 0.9 : 0.2, 4.5}), null));
                assertEquals(flag, back.get("returning"), "written back as the nearest label's boolean");
            }
        }
    }
}
