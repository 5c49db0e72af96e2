package io.scorestream.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.scorestream.model.ModelFiles;
import io.scorestream.io.RecordSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** An embedding feed as JSON Lines through fit and sample: the array's elements are columns, and generated records have the array again. */
class EmbeddingLinesCommandTest {
    static final List<String> COLUMNS = List.of("embedding[0]", "embedding[1]", "embedding[2]", "embedding[3]", "embedding[4]", "embedding[5]", "score");
    @TempDir Path dir;

    /** Records {"id":"doc-i","embedding":[6 numbers],"score":s} from two clusters. */
    static List<String> embeddingLines(int n) {
        Random rng = new Random(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double centre = rng.nextBoolean() ? 1 : -1;
            StringBuilder line = new StringBuilder("{\"id\":\"doc-" + i + "\",\"embedding\":[");
            for (int k = 0; k < 6; k++) line.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", centre * (k % 2 == 0 ? 1 : -0.5) + 0.2 * rng.nextGaussian()));
            lines.add(line.append(String.format(Locale.ROOT, "],\"score\":%.3f}", 0.5 + 0.3 * centre + 0.05 * rng.nextGaussian())).toString());
        }
        return lines;
    }

    @Test
    void fitLearnsAnArraysElementsAndSampleWritesTheArrayBack() throws IOException {
        Path data = dir.resolve("e.jsonl"), model = dir.resolve("e.bin"), gen = dir.resolve("gen.jsonl");
        Files.write(data, embeddingLines(300));
        CliRun fit = CliRun.fit(data, model, 20);
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("300 samples of dimension 7"), fit.err());
        assertEquals(RecordSchema.named(RecordSchema.Format.JSON, COLUMNS), ModelFiles.load(model).recordSchema());

        for (JsonNode record : NamedColumnsCommandTest.sampledRecords(model, 40, gen)) {
            assertEquals(List.of("embedding", "score"), NamedColumnsCommandTest.names(record), record.toString());
            assertTrue(record.get("embedding").isArray() && record.get("embedding").size() == 6, record.toString());
            for (JsonNode element : record.get("embedding")) assertTrue(element.isNumber(), record.toString());
            assertTrue(record.get("score").isNumber(), record.toString());
        }
        // The generated file is a valid input of the same shape: fit reads it to the same columns.
        Path again = dir.resolve("again.bin");
        assertEquals(0, CliRun.fit(gen, again, 10).exitCode());
        assertEquals(COLUMNS, ModelFiles.load(again).recordSchema().names());
        // As CSV, the element paths are the header's names.
        Path csv = dir.resolve("gen.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "3", "--out", csv.toString()).exitCode());
        assertEquals(String.join(",", COLUMNS), Files.readAllLines(csv).get(0));
    }

    @Test
    void fieldsNameAWholeArrayOrSingleElements() throws IOException {
        Path data = dir.resolve("e.jsonl");
        Files.write(data, embeddingLines(300));
        Path whole = dir.resolve("whole.bin");
        CliRun fit = CliRun.fit(data, whole, 20, "--fields", "embedding");
        assertEquals(0, fit.exitCode(), fit.err());
        assertEquals(COLUMNS.subList(0, 6), ModelFiles.load(whole).recordSchema().names());

        Path some = dir.resolve("some.bin");
        CliRun chosen = CliRun.fit(data, some, 20, "--fields", "embedding[3],score");
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertEquals(List.of("embedding[3]", "score"), ModelFiles.load(some).recordSchema().names());
        // One element of an array is no JSON record of the feed's shape: refused before sampling, naming the gap; CSV takes it.
        Path gen = dir.resolve("some.jsonl");
        String refused = CliRun.of("sample", "--model", some.toString(), "--n", "5", "--out", gen.toString()).singleErrorLine();
        assertTrue(refused.startsWith("scorestream sample: " + gen + ": the columns cannot be written as JSON records: the array embedding has no element embedding[0]"), refused);
        assertFalse(Files.exists(gen));
        assertEquals(0, CliRun.of("sample", "--model", some.toString(), "--n", "5", "--out", dir.resolve("some.csv").toString()).exitCode());
        // A type override by column number reaches an element's column (--column takes numbers, not names).
        assertEquals(0, CliRun.fit(data, dir.resolve("typed.bin"), 10, "--fields", "embedding", "--column", "4=real").exitCode());

        // A text field named by --fields is read as labels, as a CSV file's text column is (here one label a record).
        CliRun labelled = CliRun.fit(data, dir.resolve("id.bin"), 20, "--fields", "embedding,id");
        assertEquals(0, labelled.exitCode(), labelled.err());
        assertTrue(labelled.err().contains("column 7 (id): 300 labels, learned as their indices 0..299: doc-0, doc-1, doc-10,"), labelled.err());
        // A name the first record lacks is a missing value there, as an absent field is in any record.
        assertEquals("scorestream fit: " + data + ":1: field vector is missing (--drop-incomplete leaves out rows with a missing value)",
                CliRun.fit(data, dir.resolve("absent.bin"), 20, "--fields", "vector").singleErrorLine());
    }

    @Test
    void aRecordWhoseArrayIsShortIsOneLineNamingTheLineAndElement() throws IOException {
        Path data = dir.resolve("short.jsonl"), model = dir.resolve("m.bin");
        List<String> lines = embeddingLines(50);
        lines.set(11, "{\"id\":\"doc-11\",\"embedding\":[0.1,0.2,0.3,0.4,0.5],\"score\":0.5}");
        Files.write(data, lines);
        // As a missing scalar field is: one line, exit 2, nothing written.
        assertEquals("scorestream fit: " + data + ":12: field embedding[5] is missing (--drop-incomplete leaves out rows with a missing value)",
                CliRun.fit(data, model, 20).singleErrorLine());
        assertFalse(Files.exists(model));
        // With --drop-incomplete the short record is left out and counted.
        CliRun dropping = CliRun.fit(data, model, 10, "--drop-incomplete");
        assertEquals(0, dropping.exitCode(), dropping.err());
        assertTrue(dropping.err().contains("49 samples of dimension 7"), dropping.err());
        // A longer array is a changed field set, named by its extra element.
        lines.set(11, "{\"id\":\"doc-11\",\"embedding\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7],\"score\":0.5}");
        Files.write(data, lines);
        String longer = CliRun.fit(data, dir.resolve("longer.bin"), 20).singleErrorLine();
        assertTrue(longer.startsWith("scorestream fit: " + data + ":12: numeric field(s) [embedding[6]] are not among"), longer);
        // So is it when the array is chosen by name: its extra element is refused, not silently dropped.
        String chosen = CliRun.fit(data, dir.resolve("chosen.bin"), 20, "--fields", "embedding").singleErrorLine();
        assertTrue(chosen.startsWith("scorestream fit: " + data + ":12: ") && chosen.contains("embedding[6]") && chosen.contains("6 learned"), chosen);
    }
}
