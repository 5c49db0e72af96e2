package io.scorestream.cli;

import io.scorestream.io.CsvDialect;
import io.scorestream.model.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A table as a spreadsheet in much of Europe exports it (semicolons, decimal commas, Latin-1):
 * `sample` writes its generated rows the same way, which the spreadsheet opens as it opened the data.
 */
class CsvDialectCommandTest {
    @TempDir Path dir;

    private static final Set<String> TOWNS = Set.of("Z\u00fcrich", "St. Gallen", "Basel");

    @Test
    void aEuropeanSpreadsheetsRowsAreWrittenBackAsItWroteThem() throws IOException {
        Path data = dir.resolve("messungen.csv"), model = dir.resolve("m.bin");
        Random rng = new Random(3);
        StringBuilder text = new StringBuilder("Ort;Temperatur;Anteil;H\u00f6he\r\n");
        String[] towns = TOWNS.toArray(String[]::new);
        for (int i = 0; i < 300; i++) {
            int t = rng.nextInt(3);
            text.append(String.format(Locale.GERMANY, "%s;%.2f;%.1f%%;%d\r\n", towns[t], 10 + 3 * t + rng.nextGaussian(), 100 * rng.nextDouble(), 260 + 150 * t + rng.nextInt(20)));
        }
        Files.write(data, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "10", "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("generated CSV files are written as this one is: fields separated by semicolons, decimal commas, in ISO-8859-1 (.tsv and .tab with tabs)"), fit.err());
        assertEquals(new CsvDialect(';', ',', StandardCharsets.ISO_8859_1), ModelFiles.load(model).recordSchema().dialect());

        Path gen = dir.resolve("gen.csv");
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "500", "--seed", "2", "--out", gen.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        byte[] bytes = Files.readAllBytes(gen);
        assertThrows(java.nio.charset.CharacterCodingException.class,
                () -> StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)), "Latin-1, as the data were");
        List<String> lines = List.of(new String(bytes, StandardCharsets.ISO_8859_1).split("\n"));
        assertEquals("Ort;Temperatur;Anteil;H\u00f6he", lines.get(0));
        assertEquals(501, lines.size());
        int decimalCommas = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(";", -1);
            assertEquals(4, f.length, line);
            assertTrue(TOWNS.contains(f[0]), line);
            assertTrue(f[1].matches("-?\\d+(,\\d+)?"), "a decimal comma, no point: " + line);
            assertTrue(f[2].matches("\\d+(,\\d)?%"), "a percentage with a decimal comma: " + line);
            assertTrue(f[3].matches("\\d+"), line);
            if (f[1].contains(",")) decimalCommas++;
        }
        assertTrue(decimalCommas > 400, decimalCommas + " of 500 temperatures with a decimal comma");
        // Read back as the data are: the same columns and labels, every value on its column's type.
        CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", data.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertEquals(0.0, new com.fasterxml.jackson.databind.ObjectMapper().readTree(eval.out()).get("offTypeShare").asDouble(), 0.0, eval.out());

        // Standard output takes the same separator and marks; a .tsv file tabs; JSON Lines JSON numbers.
        CliRun out = CliRun.of("sample", "--model", model.toString(), "--n", "500", "--seed", "2", "--out", "-");
        assertEquals(0, out.exitCode(), out.err());
        assertEquals(lines, List.of(out.out().split("\n")));
        Path tsv = dir.resolve("gen.tsv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "500", "--seed", "2", "--out", tsv.toString()).exitCode());
        assertEquals(lines.get(1).replace(';', '\t'), Files.readAllLines(tsv, StandardCharsets.ISO_8859_1).get(1));
        Path jsonl = dir.resolve("gen.jsonl");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "500", "--seed", "2", "--out", jsonl.toString()).exitCode());
        String[] first = lines.get(1).split(";");
        assertEquals(Double.parseDouble(first[1].replace(',', '.')),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readAllLines(jsonl).get(0)).get("Temperatur").asDouble(), 0.0);
    }

    @Test
    void aCommaSeparatedFilesModelWritesCommasAndPoints() throws IOException {
        Path data = dir.resolve("plain.csv"), model = dir.resolve("p.bin"), gen = dir.resolve("gen.csv");
        Random rng = new Random(4);
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 200; i++) text.append(String.format(Locale.ROOT, "%.2f,%.2f%n", rng.nextGaussian(), 5 + rng.nextGaussian()));
        Files.writeString(data, text);
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "10");
        assertEquals(0, fit.exitCode(), fit.err());
        assertFalse(fit.err().contains("generated CSV files are written as"), fit.err());
        assertEquals(CsvDialect.STANDARD, ModelFiles.load(model).recordSchema().dialect());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "50", "--out", gen.toString()).exitCode());
        for (String line : Files.readAllLines(gen).subList(1, 51)) assertTrue(line.matches("-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?"), line);
    }
}
