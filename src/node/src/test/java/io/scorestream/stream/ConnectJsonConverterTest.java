package io.scorestream.stream;

import io.scorestream.io.JsonRecords;
import io.scorestream.io.RecordProblem;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What Kafka Connect's own converter writes is read as the rows its records carry (the reader: {@code JsonEnvelope} in the library). */
class ConnectJsonConverterTest {
    /**
     * Records written by Kafka Connect's own JsonConverter (schemas on, its default): a row struct
     * with a Decimal, and Debezium's envelope struct around it (a create and a delete), read as
     * the row with the decimal's exact number.
     */
    @Test
    void recordsWrittenByConnectsJsonConverterAreTheirRows() {
        JsonConverter converter = new JsonConverter();
        converter.configure(java.util.Map.of("schemas.enable", "true"), false);
        Schema row = SchemaBuilder.struct().name("shop.public.payments.Value").optional()
                .field("id", Schema.INT32_SCHEMA)
                .field("amount", Decimal.builder(2).optional().build())
                .field("card_type", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema envelope = SchemaBuilder.struct().name("shop.public.payments.Envelope")
                .field("before", row).field("after", row).field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct payment = new Struct(row).put("id", 7).put("amount", new BigDecimal("-12345.67")).put("card_type", "VISA");
        String plain = new String(converter.fromConnectData("payments", row, payment), StandardCharsets.UTF_8);
        assertTrue(plain.startsWith("{\"schema\":"), plain);
        assertArrayEquals(new double[]{7, -12345.67}, new JsonRecords(List.of("id", "amount"), false).read(plain), 0);
        String created = new String(converter.fromConnectData("payments", envelope,
                new Struct(envelope).put("after", payment).put("op", "c").put("ts_ms", 1L)), StandardCharsets.UTF_8);
        assertEquals(List.of("id", "amount"), JsonRecords.numericFields(created));
        assertArrayEquals(new double[]{7, -12345.67}, new JsonRecords(List.of("id", "amount"), false).read(created), 0);
        String deleted = new String(converter.fromConnectData("payments", envelope,
                new Struct(envelope).put("before", payment).put("op", "d")), StandardCharsets.UTF_8);
        assertEquals(RecordProblem.Kind.NO_ROW, assertThrows(RecordProblem.class, () -> JsonRecords.numericFields(deleted)).kind());
        assertNull(converter.fromConnectData("payments", null, null), "a null without a schema is Kafka's tombstone: an empty dead letter");
        String tombstone = new String(converter.fromConnectData("payments", row, null), StandardCharsets.UTF_8);
        assertTrue(tombstone.endsWith(",\"payload\":null}"), tombstone);
        assertEquals(RecordProblem.Kind.NO_ROW, assertThrows(RecordProblem.class, () -> JsonRecords.numericFields(tombstone)).kind(), tombstone);
    }

    /**
     * Generated records in Connect's envelope ({@code scorestream.sampler.json-envelope = connect})
     * read by Connect's own converter: a struct of the model's fields, a label a string, false/true
     * labels a boolean, whole numbers int64, others double, nested fields a struct, an array's
     * elements an array; and read by ScoreStream's own readers as their payload again.
     */
    @Test
    void generatedRecordsInConnectsEnvelopeAreReadByItsConverter() {
        io.scorestream.io.RecordSchema columns = io.scorestream.io.RecordSchema.named(io.scorestream.io.RecordSchema.Format.JSON,
                        List.of("id", "sensor.temp", "kind", "ok", "embedding[0]", "embedding[1]"))
                .withLabels(List.of(List.of(), List.of(), List.of("hall", "yard"), List.of("false", "true"), List.of(), List.of()));
        io.scorestream.columns.ColumnType whole = io.scorestream.columns.ColumnType.ANY.withLattice(1, 0);
        io.scorestream.columns.ColumnTypes types = new io.scorestream.columns.ColumnTypes(new io.scorestream.columns.ColumnType[]{
                whole, io.scorestream.columns.ColumnType.ANY, whole, whole, io.scorestream.columns.ColumnType.ANY, io.scorestream.columns.ColumnType.ANY});
        io.scorestream.io.ConnectRecords envelope = io.scorestream.io.ConnectRecords.of(columns, types);
        byte[] payload = new io.scorestream.io.RecordWriter(columns).write(new double[]{17, 21.5, 1, 0, 0.25, -1.5});
        byte[] record = envelope.wrap(payload);

        JsonConverter converter = new JsonConverter();
        converter.configure(java.util.Map.of("schemas.enable", "true"), false);
        org.apache.kafka.connect.data.SchemaAndValue read = converter.toConnectData("generated", record);
        Schema schema = read.schema();
        assertEquals("io.scorestream.Generated", schema.name());
        assertEquals(Schema.Type.INT64, schema.field("id").schema().type());
        assertEquals(Schema.Type.FLOAT64, schema.field("sensor").schema().field("temp").schema().type());
        assertEquals(Schema.Type.STRING, schema.field("kind").schema().type());
        assertEquals(Schema.Type.BOOLEAN, schema.field("ok").schema().type());
        assertEquals(Schema.Type.ARRAY, schema.field("embedding").schema().type());
        assertEquals(Schema.Type.FLOAT64, schema.field("embedding").schema().valueSchema().type());
        Struct row = (Struct) read.value();
        assertEquals(17L, row.getInt64("id"));
        assertEquals(21.5, row.getStruct("sensor").getFloat64("temp"));
        assertEquals("yard", row.getString("kind"));
        assertEquals(false, row.getBoolean("ok"));
        assertEquals(List.of(0.25, -1.5), row.getArray("embedding"));
        // Read back by ScoreStream as the payload it carries.
        String text = new String(record, StandardCharsets.UTF_8);
        assertArrayEquals(new double[]{17, 21.5, 0.25, -1.5}, new JsonRecords(List.of("id", "sensor.temp", "embedding[0]", "embedding[1]"), false).read(text), 0);
        // Unnamed numbers: an array of doubles.
        io.scorestream.io.ConnectRecords unnamed = io.scorestream.io.ConnectRecords.of(io.scorestream.io.RecordSchema.unnamed(io.scorestream.io.RecordSchema.Format.JSON),
                io.scorestream.columns.ColumnTypes.any(2));
        org.apache.kafka.connect.data.SchemaAndValue array = converter.toConnectData("generated", unnamed.wrap(io.scorestream.io.RecordWriter.numbers(new double[]{1.5, 2}, true)));
        assertEquals(List.of(1.5, 2.0), array.value());
        // Not JSON: no envelope.
        assertThrows(IllegalArgumentException.class, () -> io.scorestream.io.ConnectRecords.of(io.scorestream.io.RecordSchema.unnamed(io.scorestream.io.RecordSchema.Format.CSV),
                io.scorestream.columns.ColumnTypes.any(2)));
    }
}
