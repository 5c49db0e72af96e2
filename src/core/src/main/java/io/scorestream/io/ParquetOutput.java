package io.scorestream.io;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.ejml.data.DMatrixRMaj;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Generated rows as an Apache Parquet file (Snappy pages, as pyarrow and Spark write by default),
 * so that a table read from Parquet goes back to Parquet:
 * <ul>
 *   <li>columns learned from Avro or Parquet fields are written in their schema, pruned to the
 *       learned fields, through parquet-avro: the same types an {@code .avro} output has (int and long
 *       rounded, decimals at their scale, dates, enums as strings);</li>
 *   <li>columns learned from CSV or JSON become required Parquet columns of their names: labels and
 *       dates or times as strings written as the CSV output writes them, whole-number columns as
 *       INT64, the rest (percentages and amounts as their numbers) as DOUBLE.</li>
 * </ul>
 * No Hadoop Configuration is made (a plain configuration and {@link ParquetCodecs}, as for reading).
 */
final class ParquetOutput {
    private ParquetOutput() {}

    /** Column names for columns that have none (a headerless CSV's), as pandas would number them but usable as field names. */
    static String nameOf(RecordSchema columns, int column) {
        return columns.named() ? columns.names().get(column) : "x" + (column + 1);
    }

    /** wholeNumbers: per column whether its values are whole (an integer lattice), null where not known: every such column DOUBLE. */
    static void write(OutputStream stream, DMatrixRMaj rows, RecordSchema columns, boolean[] wholeNumbers) throws IOException {
        OutputFile file = new StreamOutputFile(stream);
        if (columns.format() == RecordSchema.Format.AVRO) writeAvro(file, rows, columns);
        else writeColumns(file, rows, columns, wholeNumbers);
    }

    private static void writeAvro(OutputFile file, DMatrixRMaj rows, RecordSchema columns) throws IOException {
        AvroRecords records = AvroRecords.of(columns);
        Schema schema = records.writtenSchema();
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        try (ParquetWriter<GenericRecord> out = AvroParquetWriter.<GenericRecord>builder(file)
                .withSchema(schema).withDataModel(model)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            double[] row = new double[rows.numCols];
            for (int r = 0; r < rows.numRows; r++) {
                System.arraycopy(rows.data, r * rows.numCols, row, 0, row.length);
                out.write(records.record(row));
            }
        }
    }

    private enum Kind { TEXT, WHOLE, REAL }

    private static void writeColumns(OutputFile file, DMatrixRMaj rows, RecordSchema columns, boolean[] wholeNumbers) throws IOException {
        Kind[] kinds = new Kind[rows.numCols];
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (int j = 0; j < kinds.length; j++) {
            // Clock times hhmm are whole numbers as written (754), not the minutes they are learned in.
            boolean text = columns.isCategorical(j) || (columns.isTime(j) && !columns.isClock(j));
            kinds[j] = text ? Kind.TEXT : columns.isClock(j) || (wholeNumbers != null && wholeNumbers[j]) ? Kind.WHOLE : Kind.REAL;
            String name = nameOf(columns, j);
            switch (kinds[j]) {
                case TEXT -> builder.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
                case WHOLE -> builder.required(PrimitiveTypeName.INT64).named(name);
                case REAL -> builder.required(PrimitiveTypeName.DOUBLE).named(name);
            }
        }
        MessageType schema = builder.named("generated");
        try (ParquetWriter<Group> out = ExampleParquetWriter.builder(file)
                .withConf(new PlainParquetConfiguration()).withType(schema)
                .withCodecFactory(new ParquetCodecs()).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (int r = 0; r < rows.numRows; r++) {
                Group group = new SimpleGroup(schema);
                for (int j = 0; j < kinds.length; j++) {
                    double v = rows.data[r * rows.numCols + j];
                    switch (kinds[j]) {
                        case TEXT -> group.add(j, columns.text(j, v));
                        case WHOLE -> group.add(j, columns.isClock(j) ? Long.parseLong(columns.text(j, v)) : Math.round(v));
                        case REAL -> group.add(j, v);
                    }
                }
                out.write(group);
            }
        }
    }

    /** A Parquet output file over a stream that {@link AtomicFiles} gives, so the file appears whole or not at all. */
    private static final class StreamOutputFile implements OutputFile {
        private final OutputStream stream;

        StreamOutputFile(OutputStream stream) { this.stream = stream; }

        @Override public PositionOutputStream create(long blockSizeHint) { return new Counting(stream); }
        @Override public PositionOutputStream createOrOverwrite(long blockSizeHint) { return new Counting(stream); }
        @Override public boolean supportsBlockSize() { return false; }
        @Override public long defaultBlockSize() { return 0; }
        @Override public String getPath() { return "generated rows"; }
    }

    /** Parquet's footer records every page's offset: the stream's position is the bytes written so far. */
    private static final class Counting extends PositionOutputStream {
        private final OutputStream out;
        private long position;

        Counting(OutputStream out) { this.out = out; }

        @Override public long getPos() { return position; }
        @Override public void write(int b) throws IOException { out.write(b); position++; }
        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); position += len; }
        @Override public void flush() throws IOException { out.flush(); }
        @Override public void close() throws IOException { out.close(); }   // AtomicFiles' stream only flushes on close
    }
}
