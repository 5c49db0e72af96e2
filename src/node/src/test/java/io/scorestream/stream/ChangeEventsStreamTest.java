package io.scorestream.stream;

import io.scorestream.io.ChangeEvents;
import io.scorestream.io.ChangeEvents.Payment;
import io.scorestream.model.ScoreModel;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A Debezium topic as its connector writes it through Kafka Connect's JsonConverter (schemas on,
 * the converter's default), through a real broker: creates, snapshot reads and updates are learned
 * once each as the table's rows (their after images, the decimal amounts as numbers); a delete is a
 * no-row dead letter saying so, and the tombstone after it an empty one. Before, the stream's vote
 * chose the envelope schema's fields as its columns. The generated rows go out in Connect's envelope
 * ({@code scorestream.sampler.json-envelope = connect}), which Connect's own converter reads as rows
 * of the table's columns.
 */
class ChangeEventsStreamTest {
    private static final List<String> CARDS = List.of("AMEX", "MASTERCARD", "VISA");
    @TempDir Path dir;

    @Test
    void aDebeziumTopicIsLearnedAsItsTablesRows() throws Exception {
        StreamHarness h = new StreamHarness("debezium", 1, dir.resolve("snap"));
        Random rng = new Random(11);
        List<byte[]> records = new ArrayList<>();
        Map<Integer, String> bad = new HashMap<>();
        List<Payment> live = new ArrayList<>();
        int good = 0;
        for (int i = 0; good < 3000; i++) {
            if (i % 50 == 20 && !live.isEmpty()) {   // a delete (the first among the records the stream's vote holds), then its tombstone
                bad.put(records.size(), "no-row:a change event deleting a row (op d): no row to learn");
                records.add(ChangeEvents.delete(live.remove(rng.nextInt(live.size())), i).getBytes(StandardCharsets.UTF_8));
                bad.put(records.size(), "empty:empty record");
                records.add(null);
                continue;
            }
            int card = rng.nextInt(3);
            BigDecimal amount = BigDecimal.valueOf(Math.exp(3 + card + 0.5 * rng.nextGaussian())).setScale(2, RoundingMode.HALF_UP);
            Payment p = new Payment(i, 1 + rng.nextInt(400), amount, CARDS.get(card), 1_767_806_283_000_000L + 1_000_000L * i + rng.nextInt(900_000));
            String op = i < 500 ? "r" : i % 3 == 0 ? "u" : "c";
            records.add(ChangeEvents.event(op, op.equals("u") ? live.get(0) : null, p, i).getBytes(StandardCharsets.UTF_8));
            live.add(p);
            good++;
        }
        Map<String, Object> settings = new HashMap<>(StreamHarness.PLAN_ON_A_RESERVOIR);
        settings.put("scorestream.input.format", "json");
        // The generated rows go back out in Connect's envelope, for a Connect sink to write into a table.
        settings.put("scorestream.sampler.json-envelope", "connect");
        settings.put("scorestream.sampler.publish-per-second", 4000);
        // Compressed as Connect workers' producers are often told to (zstd: a native codec, loaded from its jar).
        SharedKafka.produceCompressed(h.samples, records, "zstd");
        List<ConsumerRecord<byte[], byte[]>> generated;
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(records.size(), NamedRecordsTest.WAIT);
            service.drain(NamedRecordsTest.WAIT);
            h.awaitAbsorbed(good, NamedRecordsTest.WAIT);
            assertEquals(good, h.latest.get().absorbed(), "every row once");
            assertEquals(bad.size(), h.latest.get().deadLettered());
            generated = NamedRecordsTest.consumeFromNow(h.generated, 500);
        }
        NamedRecordsTest.assertDeadLettersAt(h, bad);
        ScoreModel model = h.latest.get().model();
        assertEquals(List.of("id", "user_id", "amount", "card_type", "created_at"), model.recordSchema().names());
        assertEquals(CARDS, model.recordSchema().labelsOf(3), "the card types, learned from the warm-up as labels");
        assertTrue(model.columns().describe(2).contains("step 0.01"), "the amounts in cents: " + model.columns().describe(2));

        // Connect's own converter reads each generated record as a row of the table's columns.
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        for (ConsumerRecord<byte[], byte[]> r : generated) {
            SchemaAndValue read = converter.toConnectData(h.generated, r.value());
            assertEquals(List.of("id", "user_id", "amount", "card_type", "created_at"), read.schema().fields().stream().map(Field::name).toList());
            assertEquals(Schema.Type.INT64, read.schema().field("id").schema().type());
            assertEquals(Schema.Type.FLOAT64, read.schema().field("amount").schema().type());
            Struct row = (Struct) read.value();
            assertTrue(CARDS.contains(row.getString("card_type")), row.toString());
            double amount = row.getFloat64("amount");
            assertEquals(Math.round(amount * 100) / 100.0, amount, 1e-9, "in cents: " + row);
        }
    }
}
