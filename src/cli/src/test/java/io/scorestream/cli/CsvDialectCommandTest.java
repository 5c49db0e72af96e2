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
        assertTrue(fit.err().contains("column 3 (Anteil): percentages like 12,5%, learned as the number before %"), fit.err());

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

    /**
     * Amounts as German accounting exports write them: points grouping the thousands, a decimal comma,
     * the euro sign after; in Excel's "CSV UTF-8", which opens with a byte-order mark.
     */
    @Test
    void amountsGroupedByPointsAreLearnedAndWrittenBackSo() throws IOException {
        Path data = dir.resolve("umsatz.csv"), model = dir.resolve("u.bin"), gen = dir.resolve("gen.csv");
        Random rng = new Random(5);
        StringBuilder text = new StringBuilder("\uFEFFKunde;Umsatz;Betrag\n");
        for (int i = 0; i < 300; i++) {
            double sales = Math.exp(7 + 1.5 * rng.nextGaussian());
            text.append(String.format(Locale.GERMANY, "K%d;%,.2f;%,.2f \u20ac%n", 1 + rng.nextInt(3), sales, sales * (0.1 + 0.05 * rng.nextDouble())));
        }
        Files.writeString(data, text);
        assertTrue(text.toString().matches("(?s).*\\d\\.\\d{3},\\d{2} \\u20ac.*"), "the data hold grouped amounts");
        CliRun fit = CliRun.of("fit", "--input", data.toString(), "--model", model.toString(), "--levels", "10", "--seed", "1");
        assertEquals(0, fit.exitCode(), fit.err());
        assertTrue(fit.err().contains("300 samples of dimension 3"), "no column left out as text: " + fit.err());
        assertTrue(fit.err().contains("fields separated by semicolons, decimal commas, in UTF-8 with a byte-order mark"), fit.err());
        assertTrue(fit.err().contains("column 3 (Betrag): amounts like 1.234,50 \u20ac, learned as the number before \u20ac"), "the form in the file's own marks: " + fit.err());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "300", "--seed", "2", "--out", gen.toString()).exitCode());
        List<String> lines = Files.readAllLines(gen);
        assertEquals("\uFEFFKunde;Umsatz;Betrag", lines.get(0), "the mark Excel reads UTF-8 by");
        CliRun piped = CliRun.of("sample", "--model", model.toString(), "--n", "300", "--seed", "2", "--out", "-");
        assertEquals("Kunde;Umsatz;Betrag", piped.out().lines().findFirst().orElseThrow(), "no mark in a pipe");
        int grouped = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(";", -1);
            assertTrue(f[1].matches("\\d+(,\\d{1,2})?"), "written plain, with a decimal comma: " + line);
            assertTrue(f[2].matches("\\d{1,3}(\\.\\d{3})*,\\d{2} \\u20ac"), "an amount as the data write one: " + line);
            if (f[2].indexOf('.') >= 0) grouped++;
        }
        assertTrue(grouped > 10, grouped + " of 300 amounts past a thousand (the data: about 9 %)");
        CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", data.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());

        // One value a grouping could be, beside grouped ones: one line naming both, no model.
        Path both = dir.resolve("both.csv"), none = dir.resolve("none.bin");
        Files.writeString(both, "a;b\n1.234,50;1\n980,25;2\n2.345;3\n");
        CliRun refused = CliRun.of("fit", "--input", both.toString(), "--model", none.toString());
        assertEquals("scorestream fit: " + both + ": field 1 (a) groups thousands with points ('1.234,50' on line 2), so '2.345' on line 4 may be a decimal or a whole number:"
                + " write every value of it with its decimals (1.234,00) or without points (1234)", refused.singleErrorLine());
        assertFalse(Files.exists(none));
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
