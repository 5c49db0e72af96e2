package io.scorestream.io;

import io.scorestream.io.ChangeEvents.Payment;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Records in the envelopes Kafka Connect and Debezium write: each is read as the row it carries,
 * its decimals as their exact numbers; one that carries none is a NO_ROW problem saying why; any
 * other record is its own row.
 */
class JsonEnvelopeTest {
    private static final Payment PAID = new Payment(38352, 1715, new BigDecimal("2358.73"), "MASTERCARD", 1_767_806_283_683_652L);
    private static final Payment REFUND = new Payment(38353, 1715, new BigDecimal("-1.50"), "VISA", 1_767_806_283_700_000L);
    private static final List<String> COLUMNS = List.of("id", "user_id", "amount", "created_at");

    @Test
    void connectDecimalsAreTheirExactNumbers() {
        assertEquals("A5lh", ChangeEvents.base64(PAID.amount()), "the converter's bytes for 2358.73 (235873 = 0x039961)");
        assertEquals("2358.73", JsonEnvelope.decimal("A5lh", 2));
        assertEquals("/2o=", ChangeEvents.base64(REFUND.amount()), "two's complement of -150");
        assertEquals("-1.50", JsonEnvelope.decimal("/2o=", 2));
        assertEquals("12345678901234567890.123", JsonEnvelope.decimal(ChangeEvents.base64(new BigDecimal("12345678901234567890.123")), 3), "beyond a long, exact");
        assertNull(JsonEnvelope.decimal("not base64!", 2));
        assertNull(JsonEnvelope.decimal("", 2));
    }

    @Test
    void aChangeEventInConnectsEnvelopeIsItsAfterImage() {
        String created = ChangeEvents.event("c", null, PAID, 1);
        assertEquals("{\"id\":38352,\"user_id\":1715,\"amount\":2358.73,\"card_type\":\"MASTERCARD\",\"created_at\":1767806283683652}", JsonEnvelope.rowOf(created));
        // Every reader sees the row: the default selection is the table's numbers, named as the table names them.
        assertEquals(COLUMNS, JsonRecords.numericFields(created));
        assertEquals("1 field that is not a number (card_type: text) left out", JsonRecords.fieldsLeftOut(created));
        JsonRecords reader = new JsonRecords(COLUMNS, true);
        assertArrayEquals(new double[]{38352, 1715, 2358.73, 1_767_806_283_683_652d}, reader.read(created), 0);
        // An update's after image and a snapshot's read, a negative amount among them.
        assertArrayEquals(new double[]{38353, 1715, -1.5, 1_767_806_283_700_000d}, reader.read(ChangeEvents.event("u", PAID, REFUND, 2)), 0);
        assertArrayEquals(new double[]{38352, 1715, 2358.73, 1_767_806_283_683_652d}, reader.read(ChangeEvents.event("r", null, PAID, 3)), 0);
        assertEquals("Debezium change events in Kafka Connect's JSON envelope: each one's row (after) is read, its schema's decimals as numbers",
                JsonEnvelope.describe(created));
    }

    @Test
    void eventsWithoutARowAreNamedAsSuch() {
        JsonRecords reader = new JsonRecords(COLUMNS, true);
        RecordProblem deleted = assertThrows(RecordProblem.class, () -> reader.read(ChangeEvents.delete(PAID, 4)));
        assertEquals(RecordProblem.Kind.NO_ROW, deleted.kind());
        assertEquals("a change event deleting a row (op d): no row to learn", deleted.getMessage());
        RecordProblem truncated = assertThrows(RecordProblem.class, () -> reader.read(ChangeEvents.event("t", null, null, 5)));
        assertEquals("a change event truncating its table (op t): no row to learn", truncated.getMessage());
        RecordProblem tombstone = assertThrows(RecordProblem.class, () -> reader.read(ChangeEvents.CONNECT_TOMBSTONE));
        assertEquals(RecordProblem.Kind.NO_ROW, tombstone.kind());
        assertEquals("a Kafka Connect record whose payload is null (a tombstone): no row to learn", tombstone.getMessage());
        RecordProblem dumped = assertThrows(RecordProblem.class, () -> reader.read(" null"));
        assertEquals("a null record (a Kafka tombstone): no row to learn", dumped.getMessage());
    }

    @Test
    void withoutItsSchemaADecimalStaysTextAndIsNamed() {
        String bare = ChangeEvents.bare("c", null, PAID, 6);
        assertEquals("{\"id\":38352,\"user_id\":1715,\"amount\":\"A5lh\",\"card_type\":\"MASTERCARD\",\"created_at\":1767806283683652}", JsonEnvelope.rowOf(bare));
        assertEquals(List.of("id", "user_id", "created_at"), JsonRecords.numericFields(bare));
        RecordProblem text = assertThrows(RecordProblem.class, () -> new JsonRecords(COLUMNS, false).read(bare));
        assertEquals("field amount is not a number: 'A5lh'", text.getMessage());
        assertEquals("Debezium change events: each one's row (after) is read (without Connect's schema a DECIMAL column is base64 text, no number: "
                + "Debezium's decimal.handling.mode = string or double writes numbers)", JsonEnvelope.describe(bare));
        assertThrows(RecordProblem.class, () -> new JsonRecords(COLUMNS, false).read(ChangeEvents.bare("d", PAID, null, 7)));
    }

    @Test
    void aConnectRecordIsItsPayloadWithItsDecimalsAndVariableScaleDecimals() {
        String schema = "{\"type\":\"struct\",\"fields\":[{\"type\":\"double\",\"optional\":false,\"field\":\"temp\"},"
                + "{\"type\":\"struct\",\"fields\":[{\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
                + "\"parameters\":{\"scale\":\"3\"},\"field\":\"price\"}],\"optional\":false,\"name\":\"Inner\",\"field\":\"item\"},"
                + "{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,\"field\":\"scale\"},{\"type\":\"bytes\",\"optional\":false,\"field\":\"value\"}],"
                + "\"optional\":true,\"name\":\"io.debezium.data.VariableScaleDecimal\",\"version\":1,\"field\":\"rate\"}],\"optional\":false,\"name\":\"reading\"}";
        // The payload first, then the schema: JSON's fields have no order.
        String record = "{\"payload\": {\"temp\": 21.5, \"item\": {\"price\": \"" + ChangeEvents.base64(new BigDecimal("9.990")) + "\"}, \"rate\": {\"scale\": 4, \"value\": \""
                + ChangeEvents.base64(new BigDecimal("0.0725")) + "\"}}, \"schema\": " + schema + "}";
        assertEquals("{\"temp\": 21.5, \"item\": {\"price\": 9.990}, \"rate\": 0.0725}", JsonEnvelope.rowOf(record));
        assertArrayEquals(new double[]{21.5, 9.99, 0.0725}, new JsonRecords(List.of("temp", "item.price", "rate"), true).read(record), 0);
        assertEquals("Kafka Connect records (schema and payload): each one's payload is read, its schema's decimals as numbers", JsonEnvelope.describe(record));
        // A payload already holding numbers (decimal.format=NUMERIC) is read as it is.
        String numeric = "{\"schema\":" + schema + ",\"payload\":{\"temp\":21.5,\"item\":{\"price\":9.99},\"rate\":null}}";
        assertEquals("{\"temp\":21.5,\"item\":{\"price\":9.99},\"rate\":null}", JsonEnvelope.rowOf(numeric));
    }

    @Test
    void recordsThatOnlyLookLikeEnvelopesAreTheirOwnRows() {
        for (String own : List.of(
                "{\"source\": \"lab 3\", \"temp\": 21.5}",
                "{\"op\": \"c\", \"temp\": 21.5}",                                 // no after image
                "{\"schema\": {\"type\": \"struct\"}, \"payload\": {\"x\": 1}, \"id\": 7}",   // a third field: not Connect's envelope
                "{\"payload\": 21.5, \"schema\": {\"type\": \"double\"}}",            // a Connect record of one number: no row of fields
                "{\"temp\": 21.5, \"before\": 1, \"after\": 2}",
                "  {\"schema\": [1, 2]", "[1, 2]", "")) {
            assertSame(own, JsonEnvelope.rowOf(own), own);
            assertNull(JsonEnvelope.describe(own), own);
        }
        assertEquals(List.of("before", "after", "op"), JsonRecords.numericFields("{\"before\": 1, \"after\": 2, \"op\": 3}"));
        assertTrue(JsonEnvelope.decimalsOf("not json").scales().isEmpty());
    }

    /** kcat's JSON output (-J): the value as a string beside its topic, partition and offset, read through to its row. */
    @Test
    void aKcatDumpsRecordsAreTheirPayloadsRows() {
        String created = ChangeEvents.event("c", null, PAID, 1);
        String kcat = "{\"topic\":\"shop.public.payments\",\"partition\":0,\"offset\":41,\"tstype\":\"create\",\"ts\":1767808119035,\"broker\":1,"
                + "\"key\":\"{\\\"id\\\":38352}\",\"payload\":" + quoted(created) + "}";
        assertEquals(JsonEnvelope.rowOf(created), JsonEnvelope.rowOf(kcat));
        assertArrayEquals(new double[]{38352, 1715, 2358.73, 1_767_806_283_683_652d}, new JsonRecords(COLUMNS, true).read(kcat), 0);
        assertEquals("kcat's JSON records (-J): each one's payload is read; Debezium change events in Kafka Connect's JSON envelope: "
                + "each one's row (after) is read, its schema's decimals as numbers", JsonEnvelope.describe(kcat));
        String plain = "{\"topic\":\"t\",\"partition\":2,\"offset\":7,\"key\":null,\"payload\":\"{\\\"temp\\\": 21.5}\"}";
        assertEquals("{\"temp\": 21.5}", JsonEnvelope.rowOf(plain));
        RecordProblem tombstone = assertThrows(RecordProblem.class, () -> JsonEnvelope.rowOf("{\"topic\":\"t\",\"partition\":0,\"offset\":8,\"key\":\"k\",\"payload\":null}"));
        assertEquals(RecordProblem.Kind.NO_ROW, tombstone.kind());
        RecordProblem csv = assertThrows(RecordProblem.class, () -> JsonEnvelope.rowOf("{\"topic\":\"t\",\"partition\":0,\"offset\":9,\"payload\":\"21.5,40\"}"));
        assertEquals("a kcat record whose payload is no JSON object: '21.5,40'", csv.getMessage());
        // A record of a topic's own fields without a payload string is its own row.
        String own = "{\"topic\":\"weather\",\"partition\":1,\"offset\":3,\"payload\":{\"temp\":1}}";
        assertSame(own, JsonEnvelope.rowOf(own));
    }

    /** A JSON string of the text. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder();
        JsonRecords.appendQuoted(out, text);
        return out.toString();
    }
}
