package io.scorestream.io;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Locale;

/**
 * Debezium change events of a payments table, written as Debezium's PostgreSQL connector and
 * Kafka Connect's {@code JsonConverter} write them (Debezium 2.x, {@code schemas.enable=true}, the
 * converter's default, and {@code decimal.handling.mode=precise}, the connector's): the envelope's
 * schema, then the payload with its before and after images, its source block, op and ts_ms. The
 * amount is a NUMERIC(10, 2), so an {@code org.apache.kafka.connect.data.Decimal} of scale 2 written
 * as the base64 of its unscaled bytes; created_at a MicroTimestamp; card_type text.
 */
public final class ChangeEvents {
    private ChangeEvents() {}

    private static final String ROW_FIELDS = "[{\"type\":\"int32\",\"optional\":false,\"default\":0,\"field\":\"id\"},"
            + "{\"type\":\"int32\",\"optional\":true,\"field\":\"user_id\"},"
            + "{\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"},\"field\":\"amount\"},"
            + "{\"type\":\"string\",\"optional\":true,\"field\":\"card_type\"},"
            + "{\"type\":\"int64\",\"optional\":true,\"name\":\"io.debezium.time.MicroTimestamp\",\"version\":1,\"default\":0,\"field\":\"created_at\"}]";

    /** The envelope's schema, as the converter writes it before every payload. */
    public static final String SCHEMA = "{\"type\":\"struct\",\"fields\":["
            + "{\"type\":\"struct\",\"fields\":" + ROW_FIELDS + ",\"optional\":true,\"name\":\"shop.public.payments.Value\",\"field\":\"before\"},"
            + "{\"type\":\"struct\",\"fields\":" + ROW_FIELDS + ",\"optional\":true,\"name\":\"shop.public.payments.Value\",\"field\":\"after\"},"
            + "{\"type\":\"struct\",\"fields\":[{\"type\":\"string\",\"optional\":false,\"field\":\"version\"},{\"type\":\"string\",\"optional\":false,\"field\":\"connector\"},"
            + "{\"type\":\"string\",\"optional\":false,\"field\":\"name\"},{\"type\":\"int64\",\"optional\":false,\"field\":\"ts_ms\"},"
            + "{\"type\":\"string\",\"optional\":false,\"field\":\"db\"},{\"type\":\"string\",\"optional\":false,\"field\":\"table\"},"
            + "{\"type\":\"int64\",\"optional\":true,\"field\":\"txId\"},{\"type\":\"int64\",\"optional\":true,\"field\":\"lsn\"}],"
            + "\"optional\":false,\"name\":\"io.debezium.connector.postgresql.Source\",\"field\":\"source\"},"
            + "{\"type\":\"string\",\"optional\":false,\"field\":\"op\"},{\"type\":\"int64\",\"optional\":true,\"field\":\"ts_ms\"}],"
            + "\"optional\":false,\"name\":\"shop.public.payments.Envelope\",\"version\":1}";

    /** One row of the table. */
    public record Payment(int id, int userId, BigDecimal amount, String cardType, long createdAtMicros) {
        String json() {
            return String.format(Locale.ROOT, "{\"id\":%d,\"user_id\":%d,\"amount\":\"%s\",\"card_type\":\"%s\",\"created_at\":%d}", id, userId, base64(amount), cardType, createdAtMicros);
        }
    }

    /** Connect's decimal: the unscaled value's big-endian two's-complement bytes, in base64. */
    public static String base64(BigDecimal amount) {
        return Base64.getEncoder().encodeToString(amount.unscaledValue().toByteArray());
    }

    /** A create (op c), a snapshot read (r) or an update (u) with its after image, in the converter's envelope. */
    public static String event(String op, Payment before, Payment after, long lsn) {
        return "{\"schema\":" + SCHEMA + ",\"payload\":" + payload(op, before, after, lsn) + "}";
    }

    /** The same event as Debezium writes it with {@code schemas.enable=false}: the payload alone, decimals as text without their scale. */
    public static String bare(String op, Payment before, Payment after, long lsn) {
        return payload(op, before, after, lsn);
    }

    private static String payload(String op, Payment before, Payment after, long lsn) {
        String source = String.format(Locale.ROOT, "{\"version\":\"2.2.1.Final\",\"connector\":\"postgresql\",\"name\":\"shop\",\"ts_ms\":%d,"
                + "\"db\":\"shop\",\"table\":\"payments\",\"txId\":%d,\"lsn\":%d}", 1_767_800_000_000L + lsn, 4000 + lsn, 646_200_000L + lsn);
        return "{\"before\":" + (before == null ? "null" : before.json()) + ",\"after\":" + (after == null ? "null" : after.json())
                + ",\"source\":" + source + ",\"op\":\"" + op + "\",\"ts_ms\":" + (1_767_800_000_100L + lsn) + "}";
    }

    /** A delete (op d): the before image, no after. */
    public static String delete(Payment before, long lsn) {
        return event("d", before, null, lsn);
    }

    /** The converter's record for a null value with schemas on (what a sink reading a tombstone through it writes back). */
    public static final String CONNECT_TOMBSTONE = "{\"schema\":null,\"payload\":null}";
}
