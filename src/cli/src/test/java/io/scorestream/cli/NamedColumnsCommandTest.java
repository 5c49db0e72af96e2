package io.scorestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorestream.model.ModelFiles;
import io.scorestream.io.RecordSchema;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Column names through the command line: fit/sample of a headed CSV and of JSON Lines, produce/consume of JSON Lines. */
class NamedColumnsCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    /** Two-cluster sensor readings as JSON Lines, with a device label, an array of strings (not learned) and a flag. */
    static Path sensorLines(Path file, int n) throws IOException {
        Random rng = new Random(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean warm = rng.nextBoolean();
            lines.add(String.format("{\"device\":\"a%d\",\"sensor\":{\"temp\":%.3f,\"humidity\":%.3f},\"co2\":%d,\"tags\":[\"x\",\"y\"],\"ok\":true}",
                    i % 5, (warm ? 25 : 21) + rng.nextGaussian(), (warm ? 55 : 40) + 2 * rng.nextGaussian(), 600 + (int) (30 * rng.nextGaussian())));
        }
        Files.write(file, lines);
        return file;
    }

    @Test
    void fitAndSampleOfJsonLinesKeepTheFieldNames() throws IOException {
        Path data = sensorLines(dir.resolve("sensors.jsonl"), 2000), model = dir.resolve("m.bin"), gen = dir.resolve("gen.jsonl");
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "30");
        assertEquals(0, fit.exitCode(), fit.err());
        // What is not learned is named, as a CSV file's free text is; the device and the flag repeat: labels.
        assertTrue(fit.err().contains("scorestream fit: 1 field that is not a number (tags: text) left out"), fit.err());
        assertTrue(fit.err().contains("column 1 (device): 5 labels, learned as their indices 0..4: a0, a1, a2, a3, a4"), fit.err());
        List<String> fields = List.of("device", "sensor.temp", "sensor.humidity", "co2", "ok");
        assertEquals(RecordSchema.named(RecordSchema.Format.JSON, fields).withLabels(List.of(List.of("a0", "a1", "a2", "a3", "a4"), List.of(), List.of(), List.of(), List.of("true"))),
                ModelFiles.load(model).recordSchema());
        for (JsonNode record : sampledRecords(model, 50, gen)) {
            assertEquals(List.of("device", "sensor", "co2", "ok"), names(record));
            assertEquals(List.of("temp", "humidity"), names(record.get("sensor")));
            assertTrue(record.get("sensor").get("temp").isNumber() && record.get("co2").isNumber(), record.toString());
            // "ok" is true in every record: written back as the JSON boolean it was (the eighth sweep: it was the string "true").
            assertTrue(record.get("device").asText().matches("a[0-4]") && record.get("ok").isBoolean() && record.get("ok").asBoolean(), record.toString());
        }
        // The same model into a CSV: its header names the columns, the labels are written as they came.
        Path csv = dir.resolve("gen.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "5", "--out", csv.toString()).exitCode());
        assertEquals("device,sensor.temp,sensor.humidity,co2,ok", Files.readAllLines(csv).get(0));
        assertTrue(Files.readAllLines(csv).get(1).matches("a[0-4],.*,true"), Files.readAllLines(csv).get(1));

        // --fields chooses the columns (and their order).
        Path chosen = dir.resolve("chosen.bin");
        CliRun fitChosen = CliRun.of("fit", "--input", data.toString(), "--model", chosen.toString(), "--levels", "30", "--fields", "co2,sensor.temp");
        assertEquals(0, fitChosen.exitCode(), fitChosen.err());
        assertEquals(List.of("co2", "sensor.temp"), ModelFiles.load(chosen).recordSchema().names());
    }

    @Test
    void fitAndSampleOfAHeadedCsvKeepTheHeader() throws IOException {
        Path data = dir.resolve("table.csv"), model = dir.resolve("t.bin"), gen = dir.resolve("gen.csv");
        Random rng = new Random(5);
        StringBuilder text = new StringBuilder("temp,humidity\n");
        for (int i = 0; i < 2000; i++) text.append(21 + rng.nextGaussian()).append(',').append(40 + 2 * rng.nextGaussian()).append('\n');
        Files.writeString(data, text);
        assertEquals(0, CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "30").exitCode());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "20", "--out", gen.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(gen);
        assertEquals(21, lines.size(), "header and 20 rows");
        assertEquals("temp,humidity", lines.get(0));
        for (String row : lines.subList(1, 21)) assertEquals(2, row.split(",").length);
        // A JSON Lines output of the CSV model has the header's names as fields.
        Path jsonl = dir.resolve("gen.jsonl");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "3", "--out", jsonl.toString()).exitCode());
        assertEquals(List.of("temp", "humidity"), names(JSON.readTree(Files.readAllLines(jsonl).get(0))));
        // A .json output is one JSON document, an array of those records, and fit reads it back.
        Path json = dir.resolve("gen.json"), again = dir.resolve("again.bin");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "5", "--out", json.toString()).exitCode());
        JsonNode document = JSON.readTree(Files.readString(json));
        assertTrue(document.isArray(), Files.readString(json));
        assertEquals(5, document.size());
        for (JsonNode record : document) assertEquals(List.of("temp", "humidity"), names(record));
        CliRun refit = CliRun.of("fit", "--input", json.toString(), "--model", again.toString(), "--levels", "10");
        assertEquals(0, refit.exitCode(), refit.err());
        assertTrue(refit.err().contains("5 samples of dimension 2"), refit.err());
        assertEquals(List.of("temp", "humidity"), ModelFiles.load(again).recordSchema().names());
    }

    /**
     * A table as R's write.csv writes it (quoted names, row labels under an empty name, a label
     * column) and as a European spreadsheet exports it (semicolons, decimal commas).
     */
    @Test
    void csvFilesAsOtherProgramsWriteThem() throws IOException {
        Path r = dir.resolve("flowers.csv"), model = dir.resolve("f.bin"), gen = dir.resolve("gen.csv");
        Random rng = new Random(9);
        StringBuilder text = new StringBuilder("\"\",\"length\",\"species\",\"width\"\n");
        for (int i = 1; i <= 400; i++) {
            boolean big = rng.nextBoolean();
            text.append(String.format(java.util.Locale.ROOT, "\"%d\",%.1f,\"%s\",%.1f%n", i, (big ? 6 : 5) + 0.4 * rng.nextGaussian(), big ? "virginica" : "setosa", (big ? 3 : 2.5) + 0.3 * rng.nextGaussian()));
        }
        Files.writeString(r, text);
        // By default the row labels are left out and named; the species is a column of labels.
        Path all = dir.resolve("all.bin");
        CliRun fitAll = CliRun.of("fit", "--input", r.toString(), "--model", all.toString(), "--levels", "20");
        assertEquals(0, fitAll.exitCode(), fitAll.err());
        assertTrue(fitAll.err().contains("column 1 (row labels: the header leaves it unnamed) left out"), fitAll.err());
        assertTrue(fitAll.err().contains("column 2 (species): 2 labels, learned as their indices 0..1: setosa, virginica"), fitAll.err());
        assertEquals(List.of("length", "species", "width"), ModelFiles.load(all).recordSchema().names());
        assertEquals(List.of("setosa", "virginica"), ModelFiles.load(all).recordSchema().labelsOf(1));
        CliRun fit = CliRun.of("fit", "--input", r.toString(), "--model", model.toString(), "--levels", "20", "--fields", "width,length");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("400 samples of dimension 2") && fit.err().contains("column 1 (row labels: the header leaves it unnamed) and 1 column not named by --fields left out"), fit.err());
        assertEquals(List.of("width", "length"), ModelFiles.load(model).recordSchema().names());
        // A name the header lacks: one line naming it and the header's columns, nothing written.
        Path missing = dir.resolve("missing.bin");
        assertEquals("scorestream fit: " + r + ": --fields names 'petal', which is not a column of the header (length, species, width)",
                CliRun.of("fit", "--input", r.toString(), "--model", missing.toString(), "--fields", "width,petal").singleErrorLine());
        assertFalse(Files.exists(missing));
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "200", "--out", gen.toString(), "--seed", "2").exitCode());
        assertEquals("width,length", Files.readAllLines(gen).get(0));

        // The held-out rows as a spreadsheet exports them: eval reads them to the same doubles.
        Path plain = dir.resolve("ref.csv"), european = dir.resolve("ref-eu.csv");
        StringBuilder p = new StringBuilder("width,length\n"), e = new StringBuilder("width;length\n");
        for (int i = 0; i < 200; i++) {
            boolean big = rng.nextBoolean();
            String w = String.format(java.util.Locale.ROOT, "%.1f", (big ? 3 : 2.5) + 0.3 * rng.nextGaussian()), l = String.format(java.util.Locale.ROOT, "%.1f", (big ? 6 : 5) + 0.4 * rng.nextGaussian());
            p.append(w).append(',').append(l).append('\n');
            e.append(w.replace('.', ',')).append(';').append(l.replace('.', ',')).append("\r\n");
        }
        Files.writeString(plain, p);
        Files.writeString(european, e);
        CliRun a = CliRun.of("eval", "--generated", gen.toString(), "--reference", plain.toString(), "--json");
        CliRun b = CliRun.of("eval", "--generated", gen.toString(), "--reference", european.toString(), "--json");
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(0, b.exitCode(), b.err());
        com.fasterxml.jackson.databind.node.ObjectNode plainFigures = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(a.out()),
                europeanFigures = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(b.out());
        plainFigures.remove("reference");
        europeanFigures.remove("reference");
        assertEquals(plainFigures, europeanFigures, "the same numbers, whoever wrote the file");
    }

    @Test
    void fitAndSampleOfAvroEmbeddingsWriteTheArrayBack() throws IOException {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Embedded", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "embedding", "type": {"type": "array", "items": "float"}},
                  {"name": "score", "type": "double"}]}""");
        Path data = dir.resolve("embeddings.avro"), model = dir.resolve("m.bin"), gen = dir.resolve("gen.avro");
        Random rng = new Random(5);
        try (DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            out.create(schema, data.toFile());
            for (int i = 0; i < 300; i++) {
                GenericRecord record = new GenericData.Record(schema);
                double shift = rng.nextBoolean() ? 2 : -2;
                List<Float> embedding = new ArrayList<>();
                for (int k = 0; k < 4; k++) embedding.add((float) (shift + rng.nextGaussian()));
                record.put("id", "r" + i);
                record.put("embedding", new GenericData.Array<>(schema.getField("embedding").schema(), embedding));
                record.put("score", shift + 0.5 * rng.nextGaussian());
                out.append(record);
            }
        }
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "20");
        assertEquals(0, fit.exitCode(), fit.err());
        assertEquals(List.of("embedding[0]", "embedding[1]", "embedding[2]", "embedding[3]", "score"), ModelFiles.load(model).recordSchema().names());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "40", "--out", gen.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        int read = 0;
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(gen.toFile(), new GenericDatumReader<>())) {
            assertEquals(Schema.createArray(Schema.create(Schema.Type.FLOAT)), in.getSchema().getField("embedding").schema());
            for (GenericRecord record : in) {
                read++;
                List<?> embedding = (List<?>) record.get("embedding");
                assertEquals(4, embedding.size(), record.toString());
                assertTrue(embedding.stream().allMatch(x -> x instanceof Float f && Float.isFinite(f)), record.toString());
                assertTrue(record.get("score") instanceof Double, record.toString());
            }
        }
        assertEquals(40, read);
        // Avro is binary: not to standard output (one line, nothing printed), but as CSV text by its extension.
        assertEquals("scorestream sample: --out -: the model's records are Avro, which is binary and not written to standard output; name a .avro file, or a .csv or .jsonl file for text",
                CliRun.of("sample", "--model", model.toString(), "--n", "3", "--out", "-").singleErrorLine());
        // --fields names the whole array by its name, or single elements; a name the schema lacks is one line.
        Path chosen = dir.resolve("chosen.bin");
        CliRun whole = CliRun.of("fit", "--input", data.toString(), "--model", chosen.toString(), "--levels", "20", "--fields", "score,embedding");
        assertEquals(0, whole.exitCode(), whole.err());
        assertEquals(List.of("score", "embedding[0]", "embedding[1]", "embedding[2]", "embedding[3]"), ModelFiles.load(chosen).recordSchema().names());
        // An Avro record is written back whole, so one element of its array is refused at once (JSON
        // takes it, and refuses only a JSON output of it).
        Path none = dir.resolve("none.bin");
        String one = CliRun.of("fit", "--input", data.toString(), "--model", none.toString(), "--fields", "embedding[2],score").singleErrorLine();
        assertTrue(one.contains("the array embedding has no element embedding[0] among the fields"), one);
        assertFalse(Files.exists(none));
        String unknown = CliRun.of("fit", "--input", data.toString(), "--model", none.toString(), "--fields", "embeddings").singleErrorLine();
        assertTrue(unknown.contains("field embeddings is not in the Avro schema"), unknown);
        assertFalse(Files.exists(none));
    }

    /**
     * A feed's decimals (a change-data-capture topic's NUMERIC columns), flags and dates: fit learns
     * the decimals and the boolean (labels false and true), names the date it leaves out, and sample
     * writes decimals at their scale within the data's range and flags as booleans (text in CSV);
     * chosen by --fields, the date is a column written back as the date's int.
     */
    @Test
    void fitAndSampleOfAvroDecimalsFlagsAndDates() throws IOException {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Payment", "fields": [
                  {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
                  {"name": "refund", "type": "boolean"},
                  {"name": "booked", "type": {"type": "int", "logicalType": "date"}}]}""");
        GenericData decimals = new GenericData();
        decimals.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        Path data = dir.resolve("payments.avro"), model = dir.resolve("m.bin"), gen = dir.resolve("gen.avro");
        Random rng = new Random(3);
        try (DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema, decimals))) {
            out.create(schema, data.toFile());
            for (int i = 0; i < 400; i++) {
                GenericRecord record = new GenericData.Record(schema);
                record.put("amount", java.math.BigDecimal.valueOf(Math.round(100 * Math.exp(3 + rng.nextGaussian())), 2));   // cents, skewed
                record.put("refund", rng.nextDouble() < 0.2);
                record.put("booked", 19_700 + rng.nextInt(90));
                out.append(record);
            }
        }
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "20");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("1 date or time field (booked: date; --fields chooses one) left out"), fit.err());
        assertTrue(fit.err().contains("column 2 (refund): 2 labels, learned as their indices 0..1: false, true"), fit.err());
        assertEquals(List.of("amount", "refund"), ModelFiles.load(model).recordSchema().names());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "400", "--out", gen.toString()).exitCode());
        int refunds = 0;
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(gen.toFile(), new GenericDatumReader<>(null, null, decimals))) {
            for (GenericRecord record : in) {
                java.math.BigDecimal amount = (java.math.BigDecimal) record.get("amount");
                assertEquals(2, amount.scale(), amount.toString());
                assertTrue(amount.signum() > 0, "within the data's range: " + amount);
                if ((Boolean) record.get("refund")) refunds++;
            }
        }
        assertEquals(0.2, refunds / 400.0, 0.06, "the flag's share (400 rows: sd 0.02)");
        Path csv = dir.resolve("gen.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "50", "--out", csv.toString()).exitCode());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("amount,refund", lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.endsWith(",false") || l.endsWith(",true")), lines.toString());
        Path dated = dir.resolve("dated.bin"), genDated = dir.resolve("dated.avro");
        assertEquals(0, CliRun.of("fit", "--input", data.toString(), "--model", dated.toString(), "--levels", "20", "--fields", "amount,booked").exitCode());
        assertEquals(0, CliRun.of("sample", "--model", dated.toString(), "--n", "200", "--out", genDated.toString()).exitCode());
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(genDated.toFile(), new GenericDatumReader<>(null, null, decimals))) {
            assertEquals("date", in.getSchema().getField("booked").schema().getLogicalType().getName());
            for (GenericRecord record : in) {
                int booked = (Integer) record.get("booked");
                assertTrue(booked >= 19_700 && booked < 19_790, "a day of the data's range: " + booked);
            }
        }
    }

    @Test
    void badNamedInputIsOneLineNamingTheLineAndField() throws IOException {
        Path data = sensorLines(dir.resolve("bad.jsonl"), 20);
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        lines.set(7, "{\"device\":\"a\",\"sensor\":{\"temp\":null,\"humidity\":40.0},\"co2\":600}");
        Files.write(data, lines);
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", dir.resolve("m.bin").toString());
        assertEquals(2, fit.exitCode());
        assertEquals(1, fit.errLines().size(), fit.err());
        assertTrue(fit.err().contains("bad.jsonl:8:") && fit.err().contains("field sensor.temp is null"), fit.err());
        assertFalse(Files.exists(dir.resolve("m.bin")));

        Path csv = dir.resolve("dup.csv");
        Files.writeString(csv, "temp,temp\n1,2\n3,4\n");
        CliRun dup = CliRun.of("fit", "--input", csv.toString(), "--model", dir.resolve("d.bin").toString(), "--levels", "4");
        assertEquals(0, dup.exitCode(), dup.err());   // a repeated name is read as pandas reads it (FifthSweepFileShapesCommandTest)
        assertTrue(dup.err().contains("temp (column 2) as temp.1"), dup.err());

        Path model = dir.resolve("ok.bin");
        assertEquals(0, CliRun.of("fit", "--input", sensorLines(dir.resolve("ok.jsonl"), 400).toString(), "--model", model.toString(), "--levels", "20").exitCode());
        CliRun avro = CliRun.of("sample", "--model", model.toString(), "--n", "3", "--out", dir.resolve("gen.avro").toString());
        assertEquals(2, avro.exitCode());
        assertTrue(avro.err().contains("an Avro file needs a model learned from Avro records"), avro.err());

        // An empty .avro file, and one that is not Avro at all: one line each, for fit and for produce, nothing written or sent.
        Path empty = dir.resolve("empty.avro"), garbage = dir.resolve("garbage.avro");
        Files.write(empty, new byte[0]);
        Files.write(garbage, "Obj\u0001 not really".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("scorestream fit: " + empty + ": is not a readable Avro data file: the file is empty",
                CliRun.of("fit", "--input", empty.toString(), "--model", dir.resolve("e.bin").toString()).singleErrorLine());
        String notAvro = CliRun.of("produce", "--input", garbage.toString(), "--topic", "t", "--format", "avro").singleErrorLine();
        assertTrue(notAvro.startsWith("scorestream produce: " + garbage + ": is not a readable Avro data file: ") && !notAvro.endsWith("null"), notAvro);
        assertFalse(Files.exists(dir.resolve("e.bin")));
    }

    @Test
    void produceSendsJsonLinesAsTheyAreAndConsumeWritesThemBackByName() throws IOException {
        String topic = SharedKafka.uniqueTopic("jsonl");
        Path data = sensorLines(dir.resolve("sensors.jsonl"), 40);
        CliRun produced = CliRun.of("produce", "--input", data.toString(), "--topic", topic, "--bootstrap", SharedKafka.bootstrapServers());
        assertEquals(0, produced.exitCode(), produced.err());
        assertTrue(produced.err().contains("sent 40 records of dimension 5 (json objects [device, sensor.temp, sensor.humidity, co2, ok])"), produced.err());
        List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.consume(topic, 40, Duration.ofSeconds(30));
        assertEquals(Files.readAllLines(data).get(0), new String(records.get(0).value(), StandardCharsets.UTF_8), "each line as it is");

        // A headed CSV with --format json becomes objects of the header's names.
        String objects = SharedKafka.uniqueTopic("csv-objects");
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "temp,humidity\n21.5,40.25\n22.0,41.0\n");
        assertEquals(0, CliRun.of("produce", "--input", csv.toString(), "--topic", objects, "--bootstrap", SharedKafka.bootstrapServers(), "--format", "json").exitCode());
        assertEquals("{\"temp\":21.5,\"humidity\":40.25}", new String(SharedKafka.consume(objects, 2, Duration.ofSeconds(30)).get(0).value(), StandardCharsets.UTF_8));
    }

    @Test
    void consumeWritesGeneratedRecordsBackByTheirNames() throws IOException {
        String topic = SharedKafka.uniqueTopic("generated-named");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(java.util.Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                // As the sampler publishes them: a JSON object of the learned fields, its columns and format in headers.
                var record = new org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>(topic,
                        ("{\"sensor\":{\"temp\":2" + i + ".5},\"co2\":60" + i + ".0}").getBytes(StandardCharsets.UTF_8));
                record.headers().add(io.scorestream.stream.SamplerActor.COLUMNS_HEADER, "sensor.temp,co2".getBytes(StandardCharsets.UTF_8))
                        .add(io.scorestream.stream.SamplerActor.FORMAT_HEADER, "json".getBytes(StandardCharsets.UTF_8))
                        .add(io.scorestream.stream.SamplerActor.MODEL_VERSION_HEADER, "3".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
        Path jsonl = dir.resolve("gen.jsonl"), csv = dir.resolve("gen.csv");
        CliRun consumed = CliRun.of("consume", "--topic", topic, "--n", "5", "--out", jsonl.toString(), "--from-beginning", "--bootstrap", SharedKafka.bootstrapServers());
        // Values are rewritten as numbers: a whole number loses its ".0" (integer columns read back as written).
        assertEquals(0, consumed.exitCode(), consumed.err());
        assertEquals("{\"sensor\":{\"temp\":20.5},\"co2\":600}", Files.readAllLines(jsonl).get(0));
        assertEquals(0, CliRun.of("consume", "--topic", topic, "--n", "5", "--out", csv.toString(), "--from-beginning", "--bootstrap", SharedKafka.bootstrapServers()).exitCode());
        assertEquals(List.of("sensor.temp,co2", "20.5,600"), Files.readAllLines(csv).subList(0, 2));
    }

    /** {@code sample --n n --out out} of a JSON Lines file (it must succeed), its records parsed. */
    static List<JsonNode> sampledRecords(Path model, int n, Path out) throws IOException {
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", String.valueOf(n), "--out", out.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(n, lines.size());
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) records.add(JSON.readTree(line));
        return records;
    }

    static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
