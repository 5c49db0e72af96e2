package io.scorestream.io;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Parquet files for tests, written by parquet-java's example writer from Parquet types (not
 * through parquet-avro, which would store an Avro schema in the file and spare the reader the
 * conversion that files from pyarrow or Spark need), with {@link ParquetCodecs}: no Hadoop here
 * either.
 */
public final class ParquetTestFiles {
    private ParquetTestFiles() {}

    /**
     * Shop customers as a pandas/pyarrow table would hold them: every Parquet type the reader
     * judges, a column name with a space, a nullable count.
     */
    public static final MessageType CUSTOMERS = withBasketSize(MessageTypeParser.parseMessageType("""
            message schema {
              required double spend;
              optional int32 visits;
              required int64 points;
              required float rating;
              required boolean member;
              required binary city (STRING);
              optional binary comment (STRING);
              required int32 price (DECIMAL(9,2));
              required fixed_len_byte_array(5) balance (DECIMAL(10,3));
              required int32 joined (DATE);
              required int64 last_seen (TIMESTAMP(MICROS,true));
            }"""));

    /** A column named as pandas users name them, "basket size": not an Avro name (the schema parser takes none with a space). */
    private static MessageType withBasketSize(MessageType parsed) {
        return Types.buildMessage().addFields(parsed.getFields().toArray(new Type[0]))
                .required(PrimitiveType.PrimitiveTypeName.DOUBLE).named("basket size").named(parsed.getName());
    }

    public static final List<String> CITIES = List.of("Berlin", "Lyon", "Porto");
    public static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

    /** n customers; every tenth one's visits are null when nullVisits. Deterministic. */
    public static void customers(Path file, CompressionCodecName codec, boolean dictionary, int n, boolean nullVisits) throws IOException {
        Random rng = new Random(11);
        MessageType schema = CUSTOMERS;
        try (ParquetWriter<Group> out = writer(file, schema, codec, dictionary)) {
            for (int i = 0; i < n; i++) {
                boolean big = rng.nextDouble() < 0.3;
                Group row = new SimpleGroup(schema);
                row.add("spend", Math.round(100 * (big ? 400 + 60 * rng.nextGaussian() : 80 + 15 * rng.nextGaussian())) / 100.0);
                if (!nullVisits || (i + 1) % 10 != 0) row.add("visits", (big ? 12 : 3) + rng.nextInt(4));
                row.add("points", 1_000L * rng.nextInt(50));
                row.add("rating", (float) (1 + rng.nextInt(5)));
                row.add("member", big || rng.nextDouble() < 0.2);
                row.add("city", CITIES.get(i % 3 == 0 || big ? 0 : 1 + rng.nextInt(2)));
                row.add("comment", "customer " + i + " said " + Long.toHexString(rng.nextLong()));
                row.add("price", (int) (999 + 100 * rng.nextInt(90)));   // 9.99 to 98.99, in cents
                row.add("balance", Binary.fromConstantByteArray(fixed(BigDecimal.valueOf(rng.nextInt(2_000_000) - 500_000L, 3), 5)));
                row.add("joined", (int) FIRST_DAY.plusDays(rng.nextInt(365)).toEpochDay());
                row.add("last_seen", Instant.parse("2026-06-01T00:00:00Z").toEpochMilli() * 1000 + rng.nextInt(86_400) * 1_000_000L);
                row.add("basket size", (double) (1 + rng.nextInt(big ? 20 : 5)));
                out.write(row);
            }
        }
    }

    /** A Parquet file's schema as its footer gives it: the physical and logical type of every column. */
    public static MessageType footerSchema(Path file) throws IOException {
        org.apache.parquet.ParquetReadOptions options = org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).build();
        try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(file), options)) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }

    public static ParquetWriter<Group> writer(Path file, MessageType schema, CompressionCodecName codec, boolean dictionary) throws IOException {
        return ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCodecFactory(new ParquetCodecs())
                .withCompressionCodec(codec)
                .withDictionaryEncoding(dictionary)
                .withPageWriteChecksumEnabled(true)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    /** A decimal's unscaled value as Parquet's fixed bytes: big-endian two's complement, sign-extended to size. */
    private static byte[] fixed(BigDecimal value, int size) {
        byte[] unscaled = value.unscaledValue().toByteArray(), out = new byte[size];
        java.util.Arrays.fill(out, value.signum() < 0 ? (byte) 0xff : 0);
        System.arraycopy(unscaled, 0, out, size - unscaled.length, unscaled.length);
        return out;
    }
}
