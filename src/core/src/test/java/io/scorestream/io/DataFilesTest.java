package io.scorestream.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Gzip-compressed data files read as their plain text does, a .json file as JSON Lines or one array of records; a damaged one is one line naming the file. */
class DataFilesTest {
    @TempDir Path dir;

    private Path gzip(Path plain, String name) throws IOException {
        Path out = dir.resolve(name);
        try (OutputStream z = new GZIPOutputStream(Files.newOutputStream(out))) {
            z.write(Files.readAllBytes(plain));
        }
        return out;
    }

    private static void assertSameTable(Tables.Table want, Tables.Table got) {
        assertArrayEquals(Arrays.copyOf(want.rows().data, want.rows().getNumElements()), Arrays.copyOf(got.rows().data, got.rows().getNumElements()), 0.0);
        assertEquals(want.columns(), got.columns());
        assertEquals(want.leftOut(), got.leftOut());
    }

    @Test
    void aCompressedCsvOrJsonLinesFileReadsAsItsText() throws IOException {
        StringBuilder csv = new StringBuilder("id,x,kind,y\n"), json = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            csv.append(i).append(',').append(0.25 * i).append(",k").append(i % 3).append(',').append(i % 7).append('\n');
            json.append("{\"x\":").append(0.25 * i).append(",\"ok\":true,\"y\":").append(i % 7).append("}\n");
        }
        Path plainCsv = dir.resolve("t.csv"), plainJson = dir.resolve("t.jsonl");
        Files.writeString(plainCsv, csv, StandardCharsets.UTF_8);
        Files.writeString(plainJson, json, StandardCharsets.UTF_8);
        assertSameTable(Tables.read(plainCsv, List.of()), Tables.read(gzip(plainCsv, "t.csv.gz"), List.of()));
        // The format is the inner extension's: .jsonl.gz is JSON Lines.
        Tables.Table records = Tables.read(gzip(plainJson, "t.jsonl.gz"), List.of());
        assertEquals(RecordSchema.named(RecordSchema.Format.JSON, List.of("x", "ok", "y")).withLabels(List.of(List.of(), List.of("true"), List.of())), records.columns());
        assertSameTable(Tables.read(plainJson, List.of()), records);
        // Compressed is told by the bytes, not the name.
        assertSameTable(Tables.read(plainCsv, List.of()), Tables.read(gzip(plainCsv, "t-data.csv"), List.of()));
    }

    /**
     * A JSON file as exported from a database of films: the first record's rating is null, a rare
     * field appears in a few records. The columns are judged on the first records, not the first
     * alone: the rating is a column (its nulls missing values), the rare field is left out and named.
     */
    @Test
    void aJsonFileIsJudgedOnItsFirstRecordsNotOnTheFirstAlone() throws IOException {
        StringBuilder text = new StringBuilder("[\n");
        for (int i = 0; i < 60; i++) {
            String rating = i % 10 == 0 ? "null" : Double.toString(5 + (i % 7) * 0.5);
            String bonus = i % 20 == 3 ? ",\"Bonus\":" + i : "";
            text.append("{\"Title\":\"film ").append(i).append("\",\"Gross\":").append(1000 * i).append(",\"Rating\":").append(rating)
                    .append(",\"Genre\":\"").append(i % 3 == 0 ? "Drama" : "Comedy").append('"').append(bonus).append(i < 59 ? "},\n" : "}\n");
        }
        Path films = dir.resolve("films.json");
        Files.writeString(films, text.append("]\n"));
        MissingValues missing = new MissingValues();
        Tables.Table t = Tables.read(films, List.of(), missing);
        assertEquals(List.of("Gross", "Rating", "Genre"), t.columns().names());
        assertEquals(List.of("Comedy", "Drama"), t.columns().labelsOf(2));
        assertEquals(6, missing.droppedRows(), "the six films without a rating");
        assertEquals(54, t.rows().numRows);
        assertEquals("1 field that is not a number (Title: text) left out; 1 numeric field in fewer than half of the 60 records (Bonus) left out", t.leftOut());
        // Without --drop-incomplete the first null is the one-line error, naming its record's line.
        assertEquals(films + ":2: field Rating is null", assertThrows(InputException.class, () -> Tables.read(films, List.of())).getMessage());
    }

    @Test
    void aDotJsonFileIsJsonLinesOrOneArrayOfRecords() throws IOException {
        StringBuilder lines = new StringBuilder(), pretty = new StringBuilder("[\n");
        for (int i = 0; i < 50; i++) {
            String record = "{\"x\": " + 0.1 * i + ", \"tag\": \"t\", \"y\": " + (i % 4) + "}";
            lines.append(record).append('\n');
            pretty.append("  ").append(record.replace(", ", ",\n    ")).append(i < 49 ? ",\n" : "\n");
        }
        pretty.append("]\n");
        Path jsonl = dir.resolve("r.jsonl"), asLines = dir.resolve("lines.json"), asArray = dir.resolve("array.json");
        Files.writeString(jsonl, lines);
        Files.writeString(asLines, lines);
        Files.writeString(asArray, pretty);
        Tables.Table want = Tables.read(jsonl, List.of());
        assertEquals(RecordSchema.named(RecordSchema.Format.JSON, List.of("x", "tag", "y")).withLabels(List.of(List.of(), List.of("t"), List.of())), want.columns());
        assertSameTable(want, Tables.read(asLines, List.of()));
        assertSameTable(want, Tables.read(asArray, List.of()));
        // A bad value names the line its record starts on; an element that is neither an object nor a row array is one line too.
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"x\": 1, \"y\": 2},\n {\"x\": 3, \"y\": 4},\n {\"x\": \"five\", \"y\": 6}]");
        assertEquals(bad + ":3: field x is not a number: 'five'", assertThrows(InputException.class, () -> Tables.read(bad, List.of())).getMessage());
        Path mixed = dir.resolve("mixed.json");
        Files.writeString(mixed, "[{\"x\": 1, \"y\": 2},\n 7]");
        assertEquals(mixed + ":2: an element of the JSON array is not an object but a number (7): records are JSON objects, one a line (JSON Lines) or in one array,"
                + " or rows that are all arrays", assertThrows(InputException.class, () -> Tables.read(mixed, List.of())).getMessage());
        // Rows as arrays (numpy's tolist(), pandas' orient="values"): a headerless table, its strings labels.
        Path arrays = dir.resolve("arrays.json");
        Files.writeString(arrays, "[[1, 2, \"a\"],\n [3, 4, \"b\"],\n [5, null, \"a\"],\n [7, 8, \"a\"],\n [9, 10, \"b\"]]");
        Tables.Table rows = Tables.read(arrays, List.of(), new MissingValues());
        assertEquals(4, rows.rows().numRows, "the row with a null left out when asked");
        assertEquals(List.of(List.of(), List.of(), List.of("a", "b")), rows.columns().labels());
        assertEquals(arrays + ":3: field 2 is empty: a missing value", assertThrows(InputException.class, () -> Tables.read(arrays, List.of())).getMessage().split(" \\(")[0]);
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[[1, 2],\n [3, {\"a\": 4}]]");
        assertEquals(broken + ":2: a row holds an object: a row's values are numbers, strings, booleans or null", assertThrows(InputException.class, () -> Tables.read(broken, List.of())).getMessage());
    }

    @Test
    void aTruncatedOrCorruptGzipFileIsOneLineNamingIt() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 20_000; i++) csv.append(i * 0.37).append(',').append(i % 11).append('\n');
        Path plain = dir.resolve("p.csv");
        Files.writeString(plain, csv);
        byte[] whole = Files.readAllBytes(gzip(plain, "p.csv.gz"));
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        InputException e = assertThrows(InputException.class, () -> Tables.read(cut, List.of()));
        assertEquals(cut + ": cannot read: the gzip data ends early (a truncated file?)", e.getMessage());
        Path corrupt = dir.resolve("bad.csv");
        Files.write(corrupt, new byte[]{0x1f, (byte) 0x8b, 'x', 'x'});
        e = assertThrows(InputException.class, () -> Tables.read(corrupt, List.of()));
        assertTrue(e.getMessage().startsWith(corrupt + ": cannot read: corrupt gzip data ("), e.getMessage());
    }

    /** 1000 records sorted by origin, whose rating is null in the first 250 and whose destination differs in each of the first 200. */
    private static String sortedFlights() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            String rating = i < 250 ? "null" : Double.toString(0.5 * (i % 9));
            text.append("{\"origin\":\"O").append(i / 250).append("\",\"destination\":\"D").append(i % 250).append("\",\"rating\":").append(rating)
                    .append(",\"kind\":").append(i < 300 ? "null" : i % 2 == 0 ? "\"x\"" : "\"y\"").append("}\n");
        }
        return text.toString();
    }

    @Test
    void aJsonFileIsJudgedOnAllItsRecords() throws IOException {
        Path flights = dir.resolve("flights.jsonl");
        Files.writeString(flights, sortedFlights());
        MissingValues missing = new MissingValues();
        Tables.Table t = Tables.read(flights, List.of(), missing);
        assertEquals(List.of("origin", "destination", "rating", "kind"), t.columns().names(), "rating and kind are null in the first 250 and 300 records");
        assertEquals(List.of("O1", "O2", "O3"), t.columns().labelsOf(0), "O0's rows all dropped: none of the labels");
        assertEquals(250, t.columns().labelsOf(1).size(), "each destination 4 times over the file, once in the first 250 records");
        assertEquals(List.of("x", "y"), t.columns().labelsOf(3));
        assertEquals(300, missing.droppedRows());
        assertEquals(700, t.rows().numRows);
        assertEquals(0.5 * (300 % 9), t.rows().get(0, 2), 0.0);
        assertNull(t.leftOut());
        // The same records as one JSON array: the same table.
        Path array = dir.resolve("flights.json");
        Files.writeString(array, "[" + String.join(",\n", sortedFlights().strip().split("\n")) + "]\n");
        assertSameTable(t, Tables.read(array, List.of(), new MissingValues()));
        // A chosen field is judged on all records too: rating, null at first, is numbers.
        Tables.Table chosen = Tables.read(flights, List.of("kind", "rating"), new MissingValues());
        assertEquals(List.of("x", "y"), chosen.columns().labelsOf(0));
        assertFalse(chosen.columns().isCategorical(1));
    }
}
