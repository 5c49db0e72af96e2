package io.scorestream.cli;

import io.scorestream.io.CsvVectors;
import io.scorestream.io.InputException;
import io.scorestream.io.LabelAlignment;
import io.scorestream.io.OneHotColumns;
import io.scorestream.io.RecordSchema;
import io.scorestream.io.Tables;
import io.scorestream.io.TimeFormat;
import org.ejml.data.DMatrixRMaj;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The data files that eval and report compare, read as fit reads them, in any format fit takes. */
final class DataTables {
    private DataTables() {}

    /**
     * A file's rows: a CSV by its header's names, JSON records and Avro by their fields (what
     * {@code sample} writes to a .jsonl, .json or .avro file), labels and dates as their indices
     * (in the file's own sorted labels) and days.
     *
     * @param dimension the columns wanted, or -1 for any number
     */
    static CsvVectors.Table read(Path file, int dimension) {
        return read(file, dimension, null);
    }

    /** As {@link #read(Path, int)}, of a workbook or of line protocol the part a {@link Part} names. */
    static CsvVectors.Table read(Path file, int dimension, Part part) {
        String sheet = part == null ? null : part.sheet(), measurement = part == null ? null : part.measurement();
        if (measurement != null && !Tables.isLineProtocol(file))
            throw InputException.in(file, "--measurement names the measurement of InfluxDB line protocol's points, and this is no .lp file");
        if (Tables.formatOf(file) == RecordSchema.Format.CSV) return CsvVectors.readTable(file, List.of(), dimension, null, sheet);
        if (sheet != null) throw InputException.in(file, "--sheet names a workbook's sheet, and this is no .xlsx or .xls workbook");
        Tables.Table records = Tables.read(file, List.of(), null, null, measurement);
        if (dimension >= 0 && records.rows().numCols != dimension)
            throw InputException.in(file, "dimension " + records.rows().numCols + " does not match the model's " + dimension);
        RecordSchema columns = records.columns();
        return new CsvVectors.Table(records.rows(), columns.names(), records.leftOut(), columns.labels(), columns.textForms());
    }

    /**
     * The table's columns in the order of these names, where the table names its columns too: the
     * same columns in another order (a reference another tool wrote, the learned file beside a
     * model's samples) are compared name by name. Before, every comparison went by position, and a
     * reference of columns b, a against samples of a, b gave a C2ST of 1.0 without a word. Either
     * side unnamed: the table as it is (by position). Other names: fail's exception naming both.
     *
     * @param whose how the message names the other side ("the model's", "the reference's")
     */
    static CsvVectors.Table byNames(CsvVectors.Table table, List<String> names, String whose, Function<String, RuntimeException> fail) {
        List<String> own = table.names();
        if (own == null || own.isEmpty() || names == null || names.isEmpty() || own.equals(names)) return table;
        int d = own.size();
        int[] from = new int[names.size()];
        for (int j = 0; j < from.length; j++) from[j] = own.indexOf(names.get(j));
        boolean same = names.size() == d && java.util.Arrays.stream(from).allMatch(i -> i >= 0)
                && java.util.Arrays.stream(from).distinct().count() == d && new java.util.HashSet<>(own).size() == d;
        if (!same)
            throw fail.apply("its columns are named " + String.join(", ", own) + ", " + whose + " " + String.join(", ", names)
                    + ": columns are compared by name where both sides name them");
        DMatrixRMaj rows = table.rows(), ordered = new DMatrixRMaj(rows.numRows, d);
        for (int r = 0; r < rows.numRows; r++)
            for (int j = 0; j < d; j++) ordered.data[r * d + j] = rows.data[r * d + from[j]];
        List<List<String>> labels = table.labels().isEmpty() ? table.labels() : java.util.Arrays.stream(from).mapToObj(table.labels()::get).toList();
        List<String> forms = table.textForms().isEmpty() ? table.textForms() : java.util.Arrays.stream(from).mapToObj(table.textForms()::get).toList();
        return new CsvVectors.Table(ordered, List.copyOf(names), table.leftOut(), labels, forms, table.dialect());
    }

    /**
     * A file's rows on a model's columns, by name where both name them, else by position: a column of labels as the model numbers
     * them (a file holding only some of the labels numbers its own differently). A label the model
     * never learned, or labels against numbers, is an InputException naming the column.
     */
    static DMatrixRMaj onModelColumns(Path file, RecordSchema columns, int dimension, Part part) {
        return onWrittenColumns(read(file, columns.hasOneHot() ? OneHotColumns.width(columns) : dimension, part), columns, problem -> InputException.in(file, problem));
    }

    /**
     * Which part of a reference file is read, as fit reads its input: a workbook's sheet (null: the
     * sheet of the most rows), line protocol's measurement (null: the one of the most points).
     */
    record Part(String sheet, String measurement) {}

    /**
     * As {@link #onColumns}, for a table written as the model writes its rows: a category the
     * model learned from its one-hot columns is read from them ({@link OneHotColumns#collapseBy}).
     */
    static DMatrixRMaj onWrittenColumns(CsvVectors.Table table, RecordSchema columns, Function<String, RuntimeException> fail) {
        if (!columns.hasOneHot()) return onColumns(table, columns, fail);
        return OneHotColumns.collapseBy(onColumns(table, OneHotColumns.expanded(columns), fail), columns, fail);
    }

    /**
     * A table's rows on the columns, by name where both name them ({@link #byNames}), else by
     * position: each column of labels numbered as the columns
     * number them, not by the table's own (sorted) labels. Labels against numbers, or a label the
     * columns do not hold, is fail's exception of a message naming the column.
     */
    static DMatrixRMaj onColumns(CsvVectors.Table table, RecordSchema columns, Function<String, RuntimeException> fail) {
        if (columns.named()) table = byNames(table, columns.names(), "the model's", fail);
        for (int j = 0; j < table.rows().numCols; j++) {
            // Labels that are numbers (an ARFF nominal of {0,1}) come back as numbers from the CSV written of them.
            CsvVectors.Table read = columns.isCategorical(j) && (table.labels().isEmpty() || table.labels().get(j).isEmpty())
                    ? LabelAlignment.numbersAsLabels(table, j, columns.labelsOf(j)) : null;
            if (read != null) table = read;
        }
        DMatrixRMaj rows = table.rows();
        for (int j = 0; j < rows.numCols; j++) {
            // Clock times hhmm the columns learned as minutes since midnight (Tables.withClockTimes): a file read as plain numbers holds them hhmm.
            boolean plain = table.textForms().isEmpty() || table.textForms().get(j).isEmpty();
            if (plain && columns.isTime(j) && columns.timeFormat(j).writtenAsNumber()) {
                for (int r = 0; r < rows.numRows; r++) {
                    double minutes = TimeFormat.minutesOf(rows.get(r, j));
                    if (Double.isNaN(minutes) && !Double.isNaN(rows.get(r, j)))
                        throw fail.apply("value " + rows.get(r, j) + " in column " + (j + 1) + (columns.named() ? " (" + columns.names().get(j) + ")" : "") + " is no clock time hhmm, as the model's column is");
                    rows.set(r, j, minutes);
                }
            }
            List<String> own = table.labels().isEmpty() ? List.of() : table.labels().get(j);
            String name = columns.named() ? " (" + columns.names().get(j) + ")" : "";
            if (own.isEmpty() != !columns.isCategorical(j))
                throw fail.apply("column " + (j + 1) + name + " holds " + (own.isEmpty() ? "numbers" : "labels") + " where the model's holds "
                        + (own.isEmpty() ? "labels" : "numbers"));
            if (own.isEmpty()) continue;
            for (int r = 0; r < rows.numRows; r++) {
                String label = own.get((int) rows.get(r, j));
                int index = columns.code(j, label);
                if (index < 0) throw fail.apply("label '" + label + "' in column " + (j + 1) + name + " is none of the model's " + columns.labelsOf(j));
                rows.set(r, j, index);
            }
        }
        return rows;
    }
}
