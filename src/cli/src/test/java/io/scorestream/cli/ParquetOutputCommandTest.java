package io.scorestream.cli;

import io.scorestream.io.ParquetTestFiles;
import io.scorestream.io.RecordSchema;
import io.scorestream.io.Tables;
import io.scorestream.model.ModelFiles;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** {@code sample --out gen.parquet}: the generated rows as a Parquet file of the columns' names and types, read back by fit, eval and other readers' view of its footer. */
class ParquetOutputCommandTest {
    @TempDir Path dir;

    @Test
    void aParquetTableGoesBackToParquetInItsOwnTypes() throws IOException {
        Path data = dir.resolve("customers.parquet"), model = dir.resolve("m.bin"), gen = dir.resolve("gen.parquet");
        ParquetTestFiles.customers(data, CompressionCodecName.ZSTD, true, 1500, false);
        assertEquals(0, CliRun.fit(data, model, 20).exitCode());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "300", "--out", gen.toString());
        assertEquals(0, sample.exitCode(), sample.err());
        assertTrue(sample.err().contains("written to " + gen), sample.err());

        // The learned fields in the input's Parquet types (through their Avro schema): int, long, decimals at their scale, labels as strings.
        MessageType schema = ParquetTestFiles.footerSchema(gen);
        assertEquals(ParquetInputCommandTest.COLUMNS, schema.getFields().stream().map(f -> f.getName()).toList());
        assertEquals(PrimitiveTypeName.INT32, primitive(schema, "visits"));
        assertEquals(PrimitiveTypeName.INT64, primitive(schema, "points"));
        assertEquals(PrimitiveTypeName.BOOLEAN, primitive(schema, "member"));
        assertEquals(LogicalTypeAnnotation.stringType(), schema.getType("city").getLogicalTypeAnnotation());
        assertInstanceOf(LogicalTypeAnnotation.DecimalLogicalTypeAnnotation.class, schema.getType("price").getLogicalTypeAnnotation());
        assertEquals(2, ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) schema.getType("price").getLogicalTypeAnnotation()).getScale());

        // Read back as fit reads a Parquet file: every row, the same columns and labels, values on the data's types.
        Tables.Table back = Tables.read(gen, List.of());
        assertEquals(300, back.rows().numRows);
        RecordSchema columns = ModelFiles.load(model).recordSchema();
        assertEquals(columns.names(), back.columns().names());
        for (int r = 0; r < 300; r++) {
            double visits = back.rows().get(r, 1), points = back.rows().get(r, 2), price = back.rows().get(r, 6);
            assertTrue(visits == Math.rint(visits) && visits >= 3 && visits <= 15, "visits " + visits);
            assertTrue(points % 1000 == 0 && points >= 0 && points <= 49_000, "points " + points);
            assertEquals(price, Math.rint(price * 100) / 100, 1e-9, "a price in cents");
        }
        CliRun eval = CliRun.of("eval", "--generated", gen.toString(), "--reference", data.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("\"classifierAccuracy\""), eval.out());
    }

    @Test
    void aCsvTableBecomesParquetColumnsOfItsNamesAndTypes() throws IOException {
        Path data = dir.resolve("shop.csv"), model = dir.resolve("shop.bin"), gen = dir.resolve("gen.parquet");
        StringBuilder csv = new StringBuilder("day,basket size,weight,store,discount\n");
        Random rng = new Random(5);
        for (int i = 0; i < 800; i++) {
            boolean big = rng.nextDouble() < 0.4;
            csv.append(String.format(Locale.ROOT, "2024-%02d-%02d,%d,%.2f,%s,%.1f%%%n", 1 + rng.nextInt(12), 1 + rng.nextInt(28),
                    (big ? 8 : 2) + rng.nextInt(4), (big ? 20 : 5) + 2 * rng.nextGaussian(), big ? "north" : rng.nextBoolean() ? "south" : "east",
                    5 * rng.nextInt(5) + 0.5 * rng.nextInt(2)));
        }
        Files.writeString(data, csv);
        CliRun fit = CliRun.fit(data, model, 20, "--fields", "day,basket size,weight,store,discount");
        assertEquals(0, fit.exitCode(), fit.err());
        CliRun sample = CliRun.of("sample", "--model", model.toString(), "--n", "400", "--out", gen.toString(), "--seed", "3");
        assertEquals(0, sample.exitCode(), sample.err());

        MessageType schema = ParquetTestFiles.footerSchema(gen);
        assertEquals(List.of("day", "basket size", "weight", "store", "discount"), schema.getFields().stream().map(f -> f.getName()).toList());
        assertEquals(LogicalTypeAnnotation.stringType(), schema.getType("day").getLogicalTypeAnnotation(), "a date as the CSV writes it");
        assertEquals(PrimitiveTypeName.INT64, primitive(schema, "basket size"), "a count as an integer");
        assertEquals(PrimitiveTypeName.DOUBLE, primitive(schema, "weight"));
        assertEquals(LogicalTypeAnnotation.stringType(), schema.getType("store").getLogicalTypeAnnotation(), "labels as strings");
        assertEquals(PrimitiveTypeName.DOUBLE, primitive(schema, "discount"), "a percentage as its number");
        for (var field : schema.getFields()) assertEquals(org.apache.parquet.schema.Type.Repetition.REQUIRED, field.getRepetition());

        // The same rows as the CSV output of the same seed: fit reads the Parquet file back to them.
        Path genCsv = dir.resolve("gen.csv");
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "400", "--out", genCsv.toString(), "--seed", "3").exitCode());
        List<String> lines = Files.readAllLines(genCsv);
        Tables.Table back = Tables.read(gen, List.of("basket size", "weight", "discount"));
        for (int r = 0; r < 400; r++) {
            String[] v = lines.get(r + 1).split(",");
            assertEquals(Double.parseDouble(v[1]), back.rows().get(r, 0), 0.0, "row " + r);
            assertEquals(Double.parseDouble(v[2]), back.rows().get(r, 1), 0.0, "row " + r);
            assertEquals(Double.parseDouble(v[4].replace("%", "")), back.rows().get(r, 2), 1e-9, "row " + r);
        }
        // Chosen by the file's own column name, read under its Avro name, as without --fields.
        CliRun refit = CliRun.fit(gen, dir.resolve("again.bin"), 10, "--fields", "basket size,weight,store");
        assertEquals(0, refit.exitCode(), refit.err());
        RecordSchema again = ModelFiles.load(dir.resolve("again.bin")).recordSchema();
        assertEquals(List.of("basket_size", "weight", "store"), again.names());
        assertEquals(List.of(List.of(), List.of(), List.of("east", "north", "south")), again.labels());
    }

    @Test
    void headerlessColumnsAreNumberedAndABadPathIsOneLine() throws IOException {
        Path data = dir.resolve("plain.csv"), model = dir.resolve("plain.bin"), gen = dir.resolve("gen.parquet");
        StringBuilder csv = new StringBuilder();
        Random rng = new Random(2);
        for (int i = 0; i < 600; i++) csv.append(rng.nextGaussian()).append(',').append(rng.nextGaussian() * 3).append('\n');
        Files.writeString(data, csv);
        assertEquals(0, CliRun.fit(data, model, 10).exitCode());
        assertEquals(0, CliRun.of("sample", "--model", model.toString(), "--n", "50", "--out", gen.toString()).exitCode());
        MessageType schema = ParquetTestFiles.footerSchema(gen);
        assertEquals(List.of("x1", "x2"), schema.getFields().stream().map(f -> f.getName()).toList());
        DMatrixRMaj back = Tables.read(gen, List.of()).rows();
        assertEquals(50, back.numRows);
        assertEquals(2, back.numCols);

        Path nowhere = dir.resolve("missing-dir").resolve("gen.parquet");
        CliRun refused = CliRun.of("sample", "--model", model.toString(), "--n", "5", "--out", nowhere.toString());
        assertNotEquals(0, refused.exitCode());
        assertEquals("scorestream sample: " + nowhere + ": cannot write: directory does not exist", refused.singleErrorLine());
    }

    private static PrimitiveTypeName primitive(MessageType schema, String field) {
        return ((PrimitiveType) schema.getType(field)).getPrimitiveTypeName();
    }
}
