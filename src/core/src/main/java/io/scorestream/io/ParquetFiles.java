package io.scorestream.io;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.io.LocalInputFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Apache Parquet files ({@code .parquet}), read as the Avro records parquet-avro makes of their
 * rows, so a Parquet file's columns are judged exactly as an Avro data file's fields are
 * ({@link AvroFileRows}): numbers and decimals are columns, repeated strings and booleans labels,
 * dates and timestamps left out and named unless chosen, a null is a missing value. Every file is
 * read in the schema converted from its Parquet types ({@link ParquetReadSchema}), whoever wrote
 * it: one that parquet-avro wrote with its Avro schema inside is read as pyarrow's would be (an
 * enum is a string column, labels when its values repeat).
 *
 * <p>No Hadoop Configuration is ever made: a plain configuration, GenericData as the data model
 * (parquet-avro would otherwise ask a Hadoop Configuration which model to use) and our own codecs
 * ({@link ParquetCodecs}). Hadoop's client API is still on the class path: parquet-java's reader
 * links a few of its classes (a path filter, an input format, a compression level).
 */
final class ParquetFiles {
    /** parquet-avro's key for the schema records are made in (its setter takes a Hadoop Configuration). */
    private static final String AVRO_READ_SCHEMA = "parquet.avro.read.schema";
    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    private ParquetFiles() {}

    /** Named .parquet, or starting with Parquet's magic bytes PAR1 under any name (as gzip is told by its first bytes). */
    static boolean isParquet(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) return true;
        if (!Files.isRegularFile(file)) return false;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(4), MAGIC);
        } catch (IOException e) {
            return false;   // the reader that follows says why
        }
    }

    static Tables.Table read(Path file, List<String> fields, MissingValues missing) {
        try {
            ParquetReadSchema.Read read = ParquetReadSchema.of(footerSchema(file), configuration(null));
            fields = byAvroNames(fields, read.renamed());
            Schema schema = read.schema();
            ParquetConfiguration conf = configuration(read.read());
            AvroFileRows.Judgement judgement = AvroFileRows.judge(schema, List.of());
            if (AvroFileRows.needsJudgement(schema, fields)) {   // a first pass only where strings are to be judged, reading only them
                ParquetConfiguration strings = configuration(read.read());
                Schema projection = ParquetReadSchema.projection(read, AvroRecords.stringFields(schema));
                if (projection != null) strings.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, projection.toString());
                judgement = AvroFileRows.judge(schema, () -> records(file, strings));
            }
            if (fields.isEmpty() && AvroRecords.defaultSelection(schema, judgement.repeated()).isEmpty())   // said in Parquet's terms, not the Avro schema's
                throw InputException.in(file, "no column to learn: none holds numbers, flags or repeated strings"
                        + (judgement.leftOut() == null ? "" : " (" + judgement.leftOut() + ")"));
            AvroFileRows out = new AvroFileRows(file, schema, fields, missing, judgement);
            for (Iterator<GenericRecord> records = records(file, conf); records.hasNext(); ) out.add(records.next());
            return withRenames(out.table(), read.renamed());
        } catch (UncheckedIOException e) {
            throw notParquet(file, e.getCause());
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw notParquet(file, e);
        }
    }

    /** Chosen fields named as the file names its columns ("basket size") taken by the Avro names they are read as (basket_size). */
    private static List<String> byAvroNames(List<String> fields, java.util.Map<String, String> renamed) {
        if (renamed.isEmpty()) return fields;
        return fields.stream().map(f -> renamed.getOrDefault(f, f)).toList();
    }

    /** The table, its note of what was left out followed by the columns read under another name. */
    private static Tables.Table withRenames(Tables.Table table, java.util.Map<String, String> renamed) {
        if (renamed.isEmpty()) return table;
        StringBuilder names = new StringBuilder();
        renamed.forEach((from, to) -> names.append(names.isEmpty() ? "" : ", ").append('"').append(from).append("\" as ").append(to));
        String note = "column names that are not Avro names read as Avro names (" + names + ")";
        return new Tables.Table(table.rows(), table.columns(), table.leftOut() == null ? note : table.leftOut() + "; " + note);
    }

    /** The file's Parquet schema, from its footer. */
    private static MessageType footerSchema(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(configuration(null)).withCodecFactory(new ParquetCodecs()).build();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }

    /** A plain (not Hadoop) configuration; with readSchema, the Avro schema records are made in. */
    private static ParquetConfiguration configuration(Schema readSchema) {
        ParquetConfiguration conf = new PlainParquetConfiguration();
        // Spark's and Impala's old INT96 timestamps: read as 12 bytes (left out, as bytes are) rather than refused.
        conf.setBoolean(AvroReadSupport.READ_INT96_AS_FIXED, true);
        if (readSchema != null) conf.set(AVRO_READ_SCHEMA, readSchema.toString());
        return conf;
    }

    private static ParquetReader<GenericRecord> open(Path file, ParquetConfiguration conf) throws IOException {
        return AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), conf)
                .withDataModel(GenericData.get())
                .withCodecFactory(new ParquetCodecs())
                .usePageChecksumVerification(true)   // a page whose checksum is written and does not match is corrupt, not data
                .build();
    }

    /** Every record of the file in order; the reader is closed at the end (a failure reaches the caller as UncheckedIOException). */
    private static Iterator<GenericRecord> records(Path file, ParquetConfiguration conf) {
        ParquetReader<GenericRecord> reader;
        try {
            reader = open(file, conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            private GenericRecord next = advance();

            private GenericRecord advance() {
                try {
                    GenericRecord record = reader.read();
                    if (record == null) reader.close();
                    return record;
                } catch (IOException e) {
                    close();
                    throw new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    close();
                    throw e;
                }
            }

            private void close() {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // the read's own failure is the one to report
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public GenericRecord next() {
                if (next == null) throw new NoSuchElementException();
                GenericRecord out = next;
                next = advance();
                return out;
            }
        };
    }

    /** A file that does not open or read as Parquet, with why: empty, another format, a page cut off or corrupt. */
    private static InputException notParquet(Path file, Throwable e) {
        try {
            if (Files.size(file) == 0) return InputException.in(file, "is not a readable Parquet file: the file is empty");
        } catch (IOException unreadable) {
            if (!Files.exists(file)) return InputException.in(file, "file not found");
        }
        return InputException.in(file, "is not a readable Parquet file: " + why(e));
    }

    /**
     * What went wrong, in one line: parquet-java wraps the cause ("Can not read value at 0 in block
     * -1 in file ...") and names the file by its InputFile's object id, so the innermost message
     * that says something is taken, the file named once, by the caller.
     */
    private static String why(Throwable e) {
        String why = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ParquetCodecs.UnsupportedCodec) return c.getMessage();
            String message = c.getMessage() == null ? null : c.getMessage().lines().findFirst().orElse(null);
            if (message == null || message.startsWith("Can not read value at")) continue;
            if (message.contains("is not a Parquet file")) why = message.contains("length is too low")
                    ? "too short for a Parquet file (" + message.replaceFirst(".*length is too low: (\\d+).*", "$1") + " bytes)"
                    : "it does not end with Parquet's footer and magic bytes PAR1 (cut short, or another format)";
            else why = message.replaceAll(" (in|of) (file )?org\\.apache\\.parquet\\.io\\.LocalInputFile@\\w+", "");
        }
        if (why != null) return why;
        for (Throwable c = e; c != null; c = c.getCause())
            if (c instanceof java.io.EOFException) return "it ends in the middle of a page or its metadata (a cut or corrupt file)";
        return e.getClass().getSimpleName();
    }
}
