package io.scorestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorestream.io.ChangeEvents;
import io.scorestream.io.ChangeEvents.Payment;
import io.scorestream.model.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A dump of a Debezium topic (kafka-console-consumer's lines: change events in Kafka Connect's
 * JSON envelope, a tombstone after each delete written as null) through fit, sample and eval:
 * learned as the table's rows, its amounts as the decimals they are, the events without a row
 * counted and left out. Before, fit learned 44 columns of the envelope's schema and no amount.
 */
class ChangeEventsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CARDS = List.of("AMEX", "MASTERCARD", "VISA");
    @TempDir Path dir;

    @Test
    void aChangeDataCaptureDumpIsLearnedAsItsTablesRows() throws IOException {
        Random rng = new Random(5);
        List<String> lines = new ArrayList<>(), table = new ArrayList<>();
        List<Payment> live = new ArrayList<>();
        int rows = 0, rowless = 0;
        double least = Double.POSITIVE_INFINITY, most = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 1500; i++) {
            if (i >= 400 && i % 10 == 3) {   // a delete, and its tombstone
                lines.add(ChangeEvents.delete(live.remove(rng.nextInt(live.size())), i));
                lines.add("null");
                rowless += 2;
                continue;
            }
            int card = rng.nextInt(10) < 6 ? 1 : rng.nextInt(10) < 7 ? 2 : 0;
            BigDecimal amount = BigDecimal.valueOf(Math.exp(3 + card * 0.5 + rng.nextGaussian())).setScale(2, RoundingMode.HALF_UP);
            Payment p = new Payment(i, 1 + rng.nextInt(400), amount, CARDS.get(card), 1_767_806_283_000_000L + 1_000_000L * i + rng.nextInt(900_000));
            boolean update = i >= 400 && i % 10 == 7;
            lines.add(ChangeEvents.event(i < 400 ? "r" : update ? "u" : "c", update ? live.get(0) : null, p, i));
            live.add(p);
            table.add(String.format(java.util.Locale.ROOT, "{\"id\":%d,\"user_id\":%d,\"amount\":%s,\"card_type\":\"%s\",\"created_at\":%d}",
                    p.id(), p.userId(), p.amount().toPlainString(), p.cardType(), p.createdAtMicros()));
            rows++;
            least = Math.min(least, amount.doubleValue());
            most = Math.max(most, amount.doubleValue());
        }
        Path dump = dir.resolve("shop.public.payments.jsonl"), model = dir.resolve("m.bin");
        Files.write(dump, lines);

        CliRun fit = CliRun.of("fit", "--input", dump.toString(), "--model", model.toString(), "--levels", "10", "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains(rows + " samples of dimension 5 from " + dump + ", columns json [id, user_id, amount, card_type, created_at]"), fit.err());
        assertTrue(fit.err().contains("Debezium change events in Kafka Connect's JSON envelope: each one's row (after) is read, its schema's decimals as numbers"), fit.err());
        assertTrue(fit.err().contains(rowless + " records carry no row, left out (the first: a change event deleting a row (op d): no row to learn)"), fit.err());
        assertEquals(List.of("id", "user_id", "amount", "card_type", "created_at"), ModelFiles.load(model).recordSchema().names());

        Path gen = dir.resolve("gen.jsonl");
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "1000", "--seed", "2", "--out", gen.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> generated = Files.readAllLines(gen);
        assertEquals(1000, generated.size());
        for (String line : generated) {
            JsonNode row = JSON.readTree(line);
            assertEquals(List.of("id", "user_id", "amount", "card_type", "created_at"), names(row), line);
            double amount = row.get("amount").asDouble();
            assertTrue(row.get("amount").isNumber() && amount >= least && amount <= most, "an amount within the data's range: " + line);
            assertEquals(0, new BigDecimal(row.get("amount").asText()).stripTrailingZeros().scale() <= 2 ? 0 : 1, "cents, as the NUMERIC(10, 2) holds: " + line);
            assertTrue(CARDS.contains(row.get("card_type").asText()), line);
        }
        // The same rows as a plain table give the same model: the same samples, value for value.
        Path plain = dir.resolve("payments.jsonl"), plainModel = dir.resolve("p.bin"), plainGen = dir.resolve("p.jsonl");
        Files.write(plain, table);
        assertEquals(0, CliRun.of("fit", "--input", plain.toString(), "--model", plainModel.toString(), "--levels", "10", "--seed", "1").exitCode());
        assertEquals(0, CliRun.of("sample", "--model", plainModel.toString(), "--n", "1000", "--seed", "2", "--out", plainGen.toString()).exitCode());
        assertEquals(Files.readAllLines(plainGen), generated);
        // kcat's dump of the same topic (-J: each value a string beside its topic, partition and offset), the same samples again.
        Path kcat = dir.resolve("kcat.jsonl"), kcatModel = dir.resolve("k.bin"), kcatGen = dir.resolve("k.jsonl");
        List<String> wrapped = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
            wrapped.add("{\"topic\":\"shop.public.payments\",\"partition\":0,\"offset\":" + i + ",\"tstype\":\"create\",\"ts\":" + (1_767_808_119_035L + i)
                    + ",\"broker\":1,\"key\":null,\"payload\":" + (lines.get(i).equals("null") ? "null" : JSON.writeValueAsString(lines.get(i))) + "}");
        Files.write(kcat, wrapped);
        CliRun kcatFit = CliRun.of("fit", "--input", kcat.toString(), "--model", kcatModel.toString(), "--levels", "10", "--seed", "1");
        assertEquals(0, kcatFit.exitCode(), kcatFit.err());
        assertTrue(kcatFit.err().contains("kcat's JSON records (-J): each one's payload is read; Debezium change events"), kcatFit.err());
        assertEquals(0, CliRun.of("sample", "--model", kcatModel.toString(), "--n", "1000", "--seed", "2", "--out", kcatGen.toString()).exitCode());
        assertEquals(generated, Files.readAllLines(kcatGen));
        // A dump of deletes and tombstones alone holds no row: one line saying so.
        Path deletes = dir.resolve("deletes.jsonl");
        Files.write(deletes, List.of(lines.get(lines.indexOf("null") - 1), "null"));
        CliRun none = CliRun.of("fit", "--input", deletes.toString(), "--model", dir.resolve("none.bin").toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.singleErrorLine().endsWith("deletes.jsonl: no samples: 2 records carry no row, left out (the first: a change event deleting a row (op d): no row to learn)"),
                none.err());
        // The dump is a reference as it is: read through the same envelope.
        CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", dump.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode report = JSON.readTree(eval.out());
        assertEquals(0.0, report.get("offTypeShare").asDouble(), 0.0, eval.out());
    }

    /**
     * An Avro data file of Debezium change events (as an S3 sink writes a topic read through the
     * Avro converter): its columns are the after image's, the deletes left out and counted. Before,
     * every create was refused: its before image, among the default columns, is null.
     */
    @Test
    void anAvroFileOfChangeEventsIsLearnedAsItsRows() throws Exception {
        org.apache.avro.Schema envelope = new org.apache.avro.Schema.Parser().parse("""
                {"type": "record", "name": "Envelope", "namespace": "shop.public.payments", "fields": [
                  {"name": "before", "type": ["null", {"type": "record", "name": "Value", "fields": [
                    {"name": "id", "type": "int"},
                    {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}}]}], "default": null},
                  {"name": "after", "type": ["null", "Value"], "default": null},
                  {"name": "source", "type": {"type": "record", "name": "Source", "fields": [{"name": "lsn", "type": "long"}]}},
                  {"name": "op", "type": "string"}]}""");
        org.apache.avro.Schema value = envelope.getField("after").schema().getTypes().get(1);
        org.apache.avro.generic.GenericData decimals = new org.apache.avro.generic.GenericData();
        decimals.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        Path file = dir.resolve("payments.avro"), model = dir.resolve("a.bin");
        Random rng = new Random(7);
        int rows = 0, deletes = 0;
        try (org.apache.avro.file.DataFileWriter<org.apache.avro.generic.GenericRecord> out =
                     new org.apache.avro.file.DataFileWriter<>(new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(envelope, decimals))) {
            out.create(envelope, file.toFile());
            for (int i = 0; i < 600; i++) {
                org.apache.avro.generic.GenericRecord row = new org.apache.avro.generic.GenericData.Record(value);
                row.put("id", i);
                row.put("amount", BigDecimal.valueOf(Math.exp(3 + rng.nextGaussian())).setScale(2, RoundingMode.HALF_UP));
                org.apache.avro.generic.GenericRecord source = new org.apache.avro.generic.GenericData.Record(envelope.getField("source").schema());
                source.put("lsn", 1000L + i);
                org.apache.avro.generic.GenericRecord event = new org.apache.avro.generic.GenericData.Record(envelope);
                boolean delete = i % 20 == 19;
                event.put(delete ? "before" : "after", row);
                event.put("source", source);
                event.put("op", delete ? "d" : "c");
                out.append(event);
                if (delete) deletes++;
                else rows++;
            }
        }
        CliRun fit = CliRun.of("fit", "--input", file.toString(), "--model", model.toString(), "--levels", "10", "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains(rows + " samples of dimension 2 from " + file + ", columns avro [after.id, after.amount]"), fit.err());
        assertTrue(fit.err().contains("Debezium change events: each one's row (after) is read; " + deletes
                + " records carry no row, left out (the first: a change event deleting a row (op d): no row to learn)"), fit.err());
        Path gen = dir.resolve("gen.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "500", "--seed", "2", "--out", gen.toString()).exitCode());
        List<String> lines = Files.readAllLines(gen);
        assertEquals("after.id,after.amount", lines.get(0));
        for (String line : lines.subList(1, lines.size()))
            assertTrue(line.split(",")[1].matches("\\d+(\\.\\d{1,2})?"), "an amount in cents: " + line);
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
