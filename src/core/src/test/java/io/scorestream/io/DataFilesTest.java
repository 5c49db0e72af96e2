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
        // A bad value names the line its record starts on; an element that is not an object is one line too.
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"x\": 1, \"y\": 2},\n {\"x\": 3, \"y\": 4},\n {\"x\": \"five\", \"y\": 6}]");
        assertEquals(bad + ":3: field x is not a number: 'five'", assertThrows(InputException.class, () -> Tables.read(bad, List.of())).getMessage());
        Path arrays = dir.resolve("arrays.json");
        Files.writeString(arrays, "[[1, 2], [3, 4]]");
        assertEquals(arrays + ":1: an element of the JSON array is not an object: [", assertThrows(InputException.class, () -> Tables.read(arrays, List.of())).getMessage());
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
}
