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
}
