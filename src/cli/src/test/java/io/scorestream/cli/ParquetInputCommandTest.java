package io.scorestream.cli;

import io.scorestream.io.ParquetTestFiles;
import io.scorestream.io.RecordSchema;
import io.scorestream.model.ModelFiles;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Parquet files through the command line: fit and sample, missing values, files that are not (good) Parquet, files other programs wrote. */
class ParquetInputCommandTest {
    @TempDir Path dir;

    static final List<String> COLUMNS = List.of("spend", "visits", "points", "rating", "member", "city", "price", "balance", "basket_size");

    @Test
    void fitAndSampleOfAParquetTableKeepTheColumnsTheirTypesAndLabels() throws IOException {
        Path data = dir.resolve("customers.parquet"), model = dir.resolve("m.bin"), gen = dir.resolve("gen.csv");
        ParquetTestFiles.customers(data, CompressionCodecName.SNAPPY, true, 1500, false);
        CliRun fit = CliRun.fit(data, model, 20);
        assertEquals(0, fit.exitCode(), fit.err());
        // Judged as an Avro data file's fields: free text and times left out and named, the odd name said once.
        assertTrue(fit.err().contains("1 string field of free text or dates (comment) and 2 date or time fields (joined: date, last_seen: timestamp-micros; --fields chooses one) left out;"
                + " column names that are not Avro names read as Avro names (\"basket size\" as basket_size)"), fit.err());
        assertTrue(fit.err().contains("column 5 (member): 2 labels, learned as their indices 0..1: false, true"), fit.err());
        assertTrue(fit.err().contains("column 6 (city): 3 labels, learned as their indices 0..2: Berlin, Lyon, Porto"), fit.err());
        RecordSchema columns = ModelFiles.load(model).recordSchema();
        assertEquals(COLUMNS, columns.names());
        assertEquals(List.of(List.of(), List.of(), List.of(), List.of(), List.of("false", "true"), ParquetTestFiles.CITIES, List.of(), List.of(), List.of()), columns.labels());
        // Under another name the file is told by its magic bytes, as gzip is.
        Path renamed = Files.copy(data, dir.resolve("customers.pq")), again = dir.resolve("pq.bin");
        assertEquals(0, CliRun.fit(renamed, again, 5).exitCode());
        assertEquals(columns, ModelFiles.load(again).recordSchema());

        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "400", "--out", gen.toString()).exitCode());
        List<String> lines = Files.readAllLines(gen);
        assertEquals(String.join(",", COLUMNS), lines.get(0));
        int members = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            assertEquals(COLUMNS.size(), v.length, line);
            double visits = Double.parseDouble(v[1]), points = Double.parseDouble(v[2]), rating = Double.parseDouble(v[3]);
            assertTrue(visits == Math.rint(visits) && visits >= 3 && visits <= 15, "visits are whole and within the data's range: " + line);
            assertTrue(points % 1000 == 0 && points >= 0 && points <= 49_000, "points on the data's lattice: " + line);
            assertTrue(rating == Math.rint(rating) && rating >= 1 && rating <= 5, line);
            assertTrue(v[4].equals("false") || v[4].equals("true"), line);
            if (v[4].equals("true")) members++;
            assertTrue(ParquetTestFiles.CITIES.contains(v[5]), line);
            BigDecimal price = new BigDecimal(v[6]);
            assertTrue(price.stripTrailingZeros().scale() <= 2 && price.compareTo(new BigDecimal("9.99")) >= 0 && price.compareTo(new BigDecimal("98.99")) <= 0, "a price in cents, in range: " + line);
            assertTrue(new BigDecimal(v[7]).stripTrailingZeros().scale() <= 3, "a balance to the thousandth: " + line);
        }
        assertEquals(0.44, members / 400.0, 0.1, "the members' share (0.3 + 0.7 * 0.2 in the data)");
        // eval reads a Parquet reference as fit reads it, labels on the generated file's.
        CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", data.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("\"classifierAccuracy\""), eval.out());

        // A model of Parquet columns writes Avro records of the same types (and Parquet: ParquetOutputCommandTest).
        Path avro = dir.resolve("gen.avro");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "50", "--out", avro.toString()).exitCode());
        GenericData decimals = new GenericData();
        decimals.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(avro.toFile(), new GenericDatumReader<>(null, null, decimals))) {
            for (GenericRecord record : in) {
                assertEquals(2, ((BigDecimal) record.get("price")).scale());
                assertEquals(3, ((BigDecimal) record.get("balance")).scale());
                assertInstanceOf(Integer.class, record.get("visits"));
                assertInstanceOf(Long.class, record.get("points"));
            }
        }

        // --fields chooses a date, and the odd name by its Avro name.
        Path dated = dir.resolve("dated.bin"), genDated = dir.resolve("dated.avro");
        CliRun fitDated = CliRun.fit(data, dated, 20, "--fields", "spend,joined,basket_size");
        assertEquals(0, fitDated.exitCode(), fitDated.err());
        assertEquals(List.of("spend", "joined", "basket_size"), ModelFiles.load(dated).recordSchema().names());
        assertEquals(0, CliRun.of("sample", "--model", dated.toString(), "--n", "100", "--out", genDated.toString()).exitCode());
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(genDated.toFile(), new GenericDatumReader<>())) {
            assertEquals("date", in.getSchema().getField("joined").schema().getLogicalType().getName());
            long first = ParquetTestFiles.FIRST_DAY.toEpochDay();
            for (GenericRecord record : in) {
                int day = (Integer) record.get("joined");
                assertTrue(day >= first && day < first + 365, "a day of the data's year: " + day);
            }
        }
    }

    @Test
    void everyCodecFitsTheSameTable() throws IOException {
        String described = null;
        for (CompressionCodecName codec : List.of(CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD, CompressionCodecName.GZIP, CompressionCodecName.UNCOMPRESSED)) {
            Path data = dir.resolve(codec + ".parquet");
            ParquetTestFiles.customers(data, codec, codec != CompressionCodecName.UNCOMPRESSED, 300, false);
            CliRun fit = CliRun.fit(data, dir.resolve(codec + ".bin"), 5);
            assertEquals(0, fit.exitCode(), codec + ": " + fit.err());
            String line = fit.errLines().stream().filter(l -> l.contains("samples of dimension")).findFirst().orElseThrow()
                    .replaceAll(" from \\S+,", ",").replaceAll(" \\[[0-9.]+ s]$", "");
            assertEquals("scorestream fit: 300 samples of dimension 9, columns avro " + COLUMNS.toString(), line, codec.toString());
            if (described == null) described = line;
            assertEquals(described, line);
            assertEquals(COLUMNS, ModelFiles.load(dir.resolve(codec + ".bin")).recordSchema().names());
        }
    }

    @Test
    void aNullIsAMissingValueDroppedOnlyWhenAsked() throws IOException {
        Path data = dir.resolve("nulls.parquet");
        ParquetTestFiles.customers(data, CompressionCodecName.ZSTD, true, 600, true);
        assertEquals("scorestream fit: " + data + ": record 10: field visits is null (--drop-incomplete leaves out rows with a missing value)",
                CliRun.fit(data, dir.resolve("n.bin"), 10).singleErrorLine());
        assertFalse(Files.exists(dir.resolve("n.bin")));
        CliRun dropped = CliRun.fit(data, dir.resolve("d.bin"), 10, "--drop-incomplete");
        assertEquals(0, dropped.exitCode(), dropped.err());
        assertTrue(dropped.err().contains("left out 60 of 600 rows with a missing value (first missing: visits 60)"), dropped.err());
        assertTrue(dropped.err().contains("540 samples of dimension 9"), dropped.err());
    }

    @Test
    void aFileThatIsNotGoodParquetIsOneLineNamingIt() throws IOException {
        Path good = dir.resolve("good.parquet");
        ParquetTestFiles.customers(good, CompressionCodecName.SNAPPY, true, 2000, false);
        byte[] bytes = Files.readAllBytes(good);
        Path empty = Files.write(dir.resolve("empty.parquet"), new byte[0]);
        Path csv = Files.writeString(dir.resolve("table.parquet"), "a,b\n1,2\n3,4\n");
        Path cut = Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        byte[] flipped = bytes.clone();
        for (int i = 200; i < 260; i++) flipped[i] ^= 0x5a;   // inside the first column's pages, whose checksums are written
        Path corrupt = Files.write(dir.resolve("corrupt.parquet"), flipped);
        Path missing = dir.resolve("missing.parquet");
        String prefix = "scorestream fit: %s: is not a readable Parquet file: ";
        assertEquals(prefix.formatted(empty) + "the file is empty", fitError(empty));
        assertEquals(prefix.formatted(csv) + "it does not end with Parquet's footer and magic bytes PAR1 (cut short, or another format)", fitError(csv));
        assertEquals(prefix.formatted(cut) + "it does not end with Parquet's footer and magic bytes PAR1 (cut short, or another format)", fitError(cut));
        Path tiny = Files.writeString(dir.resolve("tiny.parquet"), "PAR1");
        assertEquals(prefix.formatted(tiny) + "too short for a Parquet file (4 bytes)", fitError(tiny));
        assertTrue(fitError(corrupt).startsWith(prefix.formatted(corrupt)), fitError(corrupt));
        assertEquals("scorestream fit: " + missing + ": file not found", fitError(missing));
        for (Path bad : List.of(empty, csv, cut, corrupt)) assertFalse(fitError(bad).contains("LocalInputFile@"), fitError(bad));
        assertEquals(List.of("good.parquet", "empty.parquet", "table.parquet", "cut.parquet", "corrupt.parquet", "tiny.parquet").stream().sorted().toList(),
                Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList(), "no model written");

        String bench = CliRun.of("bench-quality", "--kinds", "gmm", "--train", "100", "--eval", "100", "--data", csv.toString()).singleErrorLine();
        assertTrue(bench.contains(csv + ": is not a readable Parquet file"), bench);
    }

    private String fitError(Path file) {
        return CliRun.fit(file, dir.resolve("never.bin"), 5).singleErrorLine();
    }

    /** Files written by pyarrow (Arrow C++), parquet-cpp, parquet-mr and Spark: see src/test/resources/parquet-testing/README.md. */
    @Test
    void parquetFilesOtherProgramsWrote() throws Exception {
        assertFits("byte_stream_split.zstd.parquet", "300 samples of dimension 2", List.of("f32", "f64"));
        assertFits("byte_stream_split_extended.gzip.parquet", "200 samples of dimension 10", List.of("float_plain", "float_byte_stream_split",
                "double_plain", "double_byte_stream_split", "int32_plain", "int32_byte_stream_split", "int64_plain", "int64_byte_stream_split", "decimal_plain", "decimal_byte_stream_split"));
        assertFits("lz4_raw_compressed.parquet", "4 samples of dimension 2", List.of("c0", "v11"));
        assertFits("int32_decimal.parquet", "24 samples of dimension 1", List.of("value"));
        CliRun delta = assertFits("delta_encoding_required_column.parquet", "100 samples of dimension 11", List.of("c_customer_sk_", "c_current_cdemo_sk_",
                "c_current_hdemo_sk_", "c_current_addr_sk_", "c_first_shipto_date_sk_", "c_first_sales_date_sk_", "c_birth_day_", "c_birth_month_", "c_birth_year_", "c_salutation_", "c_preferred_cust_flag_"));
        assertTrue(delta.err().contains("\"c_customer_sk:\" as c_customer_sk_"), delta.err());
        assertTrue(refusal("hadoop_lz4_compressed.parquet").endsWith(
                "is not a readable Parquet file: its pages are compressed with LZ4, which is not read here (SNAPPY, ZSTD, GZIP, LZ4_RAW and uncompressed are)"));
        assertTrue(refusal("rle-dict-uncompressed-corrupt-checksum.parquet").endsWith(
                "is not a readable Parquet file: could not verify dictionary page integrity, CRC checksum verification failed"));
        assertTrue(refusal("nation.dict-malformed.parquet").endsWith(
                "is not a readable Parquet file: it ends in the middle of a page or its metadata (a cut or corrupt file)"));
    }

    private CliRun assertFits(String name, String samples, List<String> columns) throws Exception {
        Path model = dir.resolve(name + ".bin");
        CliRun fit = CliRun.fit(resource(name), model, 5);
        assertEquals(0, fit.exitCode(), name + ": " + fit.err());
        assertTrue(fit.err().contains(samples), fit.err());
        assertEquals(columns, ModelFiles.load(model).recordSchema().names(), name);
        return fit;
    }

    private String refusal(String name) throws Exception {
        Path file = resource(name);
        String line = CliRun.fit(file, dir.resolve("refused.bin"), 5).singleErrorLine();
        assertTrue(line.startsWith("scorestream fit: " + file + ": "), line);
        return line;
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ParquetInputCommandTest.class.getResource("/parquet-testing/" + name).toURI());
    }
}
