package io.scorestream.cli;

import io.scorestream.io.InputException;
import io.scorestream.io.ProtobufRecords;
import io.scorestream.io.Tables;
import io.scorestream.stream.ProtobufEnvelope;
import org.ejml.data.DMatrixRMaj;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A data file's rows (JSON Lines objects, or a CSV's with a header of field paths) as Kafka record
 * values: each one message of the configured type with the file's fields set, in an envelope. The
 * message is written by the same writer a node's generated records are ({@link ProtobufRecords}),
 * so a file's text labels are mapped to the message's own (an enum's value names, false and true).
 */
final class ProtobufMessages {
    private ProtobufMessages() {}

    /** Every row of the table, in order; a column that is no field of the message, or a label no value of its enum, an InputException naming it. */
    static List<byte[]> of(Tables.Table table, Path file, ProtobufEnvelope envelope, int schemaId) {
        if (!table.columns().named())
            throw InputException.in(file, "has no field names (a JSON Lines file of objects, or a CSV file with a header of field paths, names them)");
        ProtobufRecords writer;
        try {
            writer = new ProtobufRecords(envelope.message(), table.columns().names(), table.columns().labels());
        } catch (IllegalArgumentException e) {
            throw InputException.in(file, e.getMessage());
        }
        List<List<String>> own = writer.labels();
        DMatrixRMaj rows = table.rows();
        List<byte[]> out = new ArrayList<>(rows.numRows);
        for (int r = 0; r < rows.numRows; r++) {
            double[] row = Arrays.copyOfRange(rows.data, r * rows.numCols, (r + 1) * rows.numCols);
            for (int j = 0; j < row.length; j++) {
                if (!table.columns().isCategorical(j)) continue;
                String label = table.columns().label(j, row[j]);
                List<String> labels = own.isEmpty() ? List.of() : own.get(j);
                int index = Collections.binarySearch(labels, label);
                if (index < 0)
                    throw InputException.in(file, "row " + (r + 1) + ": field " + table.columns().names().get(j) + " is '" + label + "', "
                            + (labels.isEmpty() ? "text where the message has a number" : "none of its values " + labels));
                row[j] = index;
            }
            out.add(envelope.wrap(writer.write(row), schemaId));
        }
        return out;
    }
}
