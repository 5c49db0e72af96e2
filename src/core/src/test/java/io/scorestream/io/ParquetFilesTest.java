package io.scorestream.io;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Parquet files read as tables: exact values, every codec, the judgement of an Avro data file's fields. */
class ParquetFilesTest {
    @TempDir Path dir;

    static final List<String> COLUMNS = List.of("spend", "visits", "points", "rating", "member", "city", "price", "balance", "basket_size");

    @Test
    void everyCodecAndEncodingReadsTheSameRows() throws IOException {
        Path plain = dir.resolve("plain.parquet");
        ParquetTestFiles.customers(plain, CompressionCodecName.UNCOMPRESSED, false, 700, false);
        Tables.Table reference = Tables.read(plain, List.of());
        assertEquals(COLUMNS, reference.columns().names());
        assertEquals(List.of("false", "true"), reference.columns().labels().get(4));
        assertEquals(ParquetTestFiles.CITIES, reference.columns().labels().get(5));
        assertEquals(700, reference.rows().numRows);
        for (CompressionCodecName codec : List.of(CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD, CompressionCodecName.GZIP,
                CompressionCodecName.LZ4_RAW, CompressionCodecName.UNCOMPRESSED)) {
            Path file = dir.resolve(codec + ".parquet");
            ParquetTestFiles.customers(file, codec, true, 700, false);   // strings dictionary-encoded
            Tables.Table read = Tables.read(file, List.of());
            assertEquals(reference.columns(), read.columns(), codec.toString());
            assertArrayEquals(reference.rows().data, read.rows().data, codec.toString());
        }
    }

    @Test
    void valuesAreReadAsWritten() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("""
                message m {
                  required int32 small (DECIMAL(9,2));
                  required int64 large (DECIMAL(18,4));
                  required fixed_len_byte_array(4) fixed (DECIMAL(8,3));
                  required binary text_decimal (DECIMAL(12,1));
                  optional float f;
                  required int32 day (DATE);
                }""");
        Path file = dir.resolve("exact.parquet");
        try (ParquetWriter<Group> out = ParquetTestFiles.writer(file, schema, CompressionCodecName.SNAPPY, true)) {
            for (int i = 0; i < 3; i++) {
                Group row = new SimpleGroup(schema);
                row.add("small", 1999 - i);                                            // 19.99, 19.98, 19.97
                row.add("large", -123_456_789L);                                       // -12345.6789
                row.add("fixed", Binary.fromConstantByteArray(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xfa, 0x24}));   // -1500 -> -1.5
                row.add("text_decimal", Binary.fromConstantByteArray(java.math.BigInteger.valueOf(12345).toByteArray()));   // 1234.5
                row.add("f", 0.25f * i);
                row.add("day", 20_000 + i);
                out.write(row);
            }
        }
        Tables.Table table = Tables.read(file, List.of());
        assertEquals(List.of("small", "large", "fixed", "text_decimal", "f"), table.columns().names());
        assertEquals("1 date or time field (day: date; --fields chooses one) left out", table.leftOut());
        assertArrayEquals(new double[] {19.99, -12345.6789, -1.5, 1234.5, 0, 19.98, -12345.6789, -1.5, 1234.5, 0.25, 19.97, -12345.6789, -1.5, 1234.5, 0.5},
                table.rows().data, 1e-12);
        Tables.Table days = Tables.read(file, List.of("day", "small"));
        assertArrayEquals(new double[] {20_000, 19.99, 20_001, 19.98, 20_002, 19.97}, days.rows().data, 1e-12);
    }

    @Test
    void columnNamesThatAreNotAvroNamesGetAvroNames() {
        Set<String> used = new HashSet<>();
        assertEquals("Sepal_Length", ParquetReadSchema.avroName("Sepal Length", used));
        assertEquals("_2nd", ParquetReadSchema.avroName("2nd", used));
        assertEquals("a_b", ParquetReadSchema.avroName("a:b", used));
        assertEquals("a_b_2", ParquetReadSchema.avroName("a_b", used));
        assertEquals("_", ParquetReadSchema.avroName("", used));
        assertEquals("caf_", ParquetReadSchema.avroName("café", used));
    }
}
