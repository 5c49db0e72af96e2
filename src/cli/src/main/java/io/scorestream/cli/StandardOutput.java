package io.scorestream.cli;

import io.scorestream.io.InputException;
import io.scorestream.io.RecordSchema;
import io.scorestream.io.Tables;
import org.ejml.data.DMatrixRMaj;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --out -}: rows to the command's standard output instead of a file, as CSV or JSON Lines
 * (an Avro file is binary and is refused). The rows are written to a temporary file first, in the
 * same code as a file's, so that what reaches the pipe is exactly what the file would hold.
 */
final class StandardOutput {
    private StandardOutput() {}

    /** Whether --out names standard output. */
    static boolean isNamedBy(Path out) { return out.toString().equals("-"); }

    /** The shape rows are written in for --out: a file's ({@link Tables#outputShape}), text only for standard output. */
    static RecordSchema shapeFor(Path out, RecordSchema columns) {
        RecordSchema shape = Tables.outputShape(out, columns);
        if (isNamedBy(out) && shape.format() == RecordSchema.Format.AVRO)
            throw new InputException("--out -: the model's records are Avro, which is binary and not written to standard output; name a .avro file, or a .csv or .jsonl file for text");
        return shape;
    }

    /** Writes rows to --out: the file, or standard output for "-". */
    static void write(Path out, DMatrixRMaj rows, RecordSchema shape, PrintWriter stdout) {
        write(out, rows, shape, null, stdout);
    }

    /** As above; wholeNumbers (null: not known) marks the columns a Parquet file holds as integers. */
    static void write(Path out, DMatrixRMaj rows, RecordSchema shape, boolean[] wholeNumbers, PrintWriter stdout) {
        if (!isNamedBy(out)) {
            Tables.write(out, rows, shape, wholeNumbers);
            return;
        }
        Path temp = null;
        try {
            temp = Files.createTempFile("scorestream-", ".out");
            Tables.write(temp, rows, shape);
            // The dialect's separator and decimal mark reach the pipe; its characters go as the stream encodes them.
            try (BufferedReader lines = Files.newBufferedReader(temp, shape.format() == RecordSchema.Format.CSV ? shape.dialect().charset() : StandardCharsets.UTF_8)) {
                String line;
                boolean first = true;
                while ((line = lines.readLine()) != null) {
                    if (first && line.startsWith("\uFEFF")) line = line.substring(1);   // a byte-order mark opens a file, not a pipe
                    stdout.append(line).append('\n');
                    first = false;
                }
            }
            stdout.flush();
        } catch (IOException e) {
            throw new InputException("cannot write the rows for standard output: " + e.getMessage(), e);
        } finally {
            if (temp != null) try { Files.deleteIfExists(temp); } catch (IOException ignored) { /* a temporary file left behind is harmless */ }
        }
    }

    /** How the progress line names --out. */
    static String describe(Path out) { return isNamedBy(out) ? "standard output" : out.toString(); }
}
