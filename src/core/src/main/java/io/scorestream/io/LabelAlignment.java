package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;

import java.util.List;
import java.util.TreeSet;

/**
 * Two tables of the same columns made comparable where they hold labels: each file numbers its
 * own labels (a generated file may lack a rare one), so both are put on the union of the labels,
 * and a column of more than two labels becomes one 0/1 column per label — a label's index has no
 * distance to the next label's, which a classifier comparing the tables would otherwise read.
 */
public final class LabelAlignment {
    private LabelAlignment() {}

    /** The two tables' rows on shared numeric coordinates (a column of two labels stays one 0/1 column). */
    public record Aligned(DMatrixRMaj first, DMatrixRMaj second, int labelledColumns) {}

    /**
     * @throws IllegalArgumentException naming the first column that holds labels in one table and
     *                                  numbers in the other
     */
    public static Aligned align(CsvVectors.Table first, CsvVectors.Table second) {
        int d = first.rows().numCols;
        if (second.rows().numCols != d) throw new IllegalArgumentException(d + " columns against " + second.rows().numCols);
        for (int j = 0; j < d; j++) {
            List<String> a = labelsOf(first, j), b = labelsOf(second, j);
            CsvVectors.Table read = a.isEmpty() && !b.isEmpty() ? numbersAsLabels(first, j, b) : null;
            if (read != null) first = read;
            read = b.isEmpty() && !a.isEmpty() ? numbersAsLabels(second, j, a) : null;
            if (read != null) second = read;
        }
        List<String> union[] = unions(first, second, d);
        int labelled = 0;
        for (int j = 0; j < d; j++) if (union[j] != null) labelled++;
        return new Aligned(encode(first, union), encode(second, union), labelled);
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] unions(CsvVectors.Table first, CsvVectors.Table second, int d) {
        List<String>[] union = new List[d];
        for (int j = 0; j < d; j++) {
            List<String> a = labelsOf(first, j), b = labelsOf(second, j);
            if (a.isEmpty() && b.isEmpty()) continue;
            if (a.isEmpty() || b.isEmpty())
                throw new IllegalArgumentException("column " + (j + 1) + name(first, j) + " holds labels in one file and numbers in the other");
            TreeSet<String> all = new TreeSet<>(a);
            all.addAll(b);
            union[j] = List.copyOf(all);
        }
        return union;
    }

    /**
     * The table with its column j, of numbers, read as labels that are all numbers, each value as
     * the label nearest to it; null when a label is no number. A nominal ARFF attribute of
     * {@code {0,1}} is labels, which a CSV file written of it (sample's, bench-quality's) holds as
     * numbers, read back as numbers.
     */
    public static CsvVectors.Table numbersAsLabels(CsvVectors.Table table, int j, List<String> labels) {
        double[] values = new double[labels.size()];
        for (int i = 0; i < values.length; i++) {
            if (!DecimalSyntax.isDecimal(labels.get(i))) return null;
            values[i] = Double.parseDouble(labels.get(i));
        }
        DMatrixRMaj rows = table.rows().copy();
        for (int r = 0; r < rows.numRows; r++) {
            int nearest = 0;
            for (int i = 1; i < values.length; i++) if (Math.abs(values[i] - rows.get(r, j)) < Math.abs(values[nearest] - rows.get(r, j))) nearest = i;
            rows.set(r, j, nearest);
        }
        List<List<String>> all = new java.util.ArrayList<>();
        for (int c = 0; c < rows.numCols; c++) all.add(c == j ? labels : labelsOf(table, c));
        return new CsvVectors.Table(rows, table.names(), table.leftOut(), all, table.textForms());
    }

    private static String name(CsvVectors.Table t, int j) {
        return t.names().isEmpty() ? "" : " (" + t.names().get(j) + ")";
    }

    private static List<String> labelsOf(CsvVectors.Table t, int column) {
        return t.labels().isEmpty() ? List.of() : t.labels().get(column);
    }

    /** The table's codes moved to the union's indices, then one-hot past two labels. */
    private static DMatrixRMaj encode(CsvVectors.Table table, List<String>[] union) {
        DMatrixRMaj onUnion = table.rows().copy();
        for (int j = 0; j < union.length; j++) {
            if (union[j] == null) continue;
            List<String> own = labelsOf(table, j);
            for (int r = 0; r < onUnion.numRows; r++)
                onUnion.set(r, j, java.util.Collections.binarySearch(union[j], own.get(RecordSchema.nearestIndex(onUnion.get(r, j), own.size()))));
        }
        return oneHot(onUnion, java.util.Arrays.asList(union));
    }

    /**
     * Rows whose columns of labels hold label indices (as {@link CsvVectors#readTable} gives them),
     * on numeric coordinates: a column of more than two labels becomes one 0/1 column per label,
     * one of at most two labels stays one column of its index. A value between indices or past
     * the last (a baseline's raw sample) is read as the nearest label's, as {@link
     * RecordSchema#label} writes it. Without labels the rows themselves are returned.
     *
     * @param labels per column its labels (empty or null for a numeric column); empty when none
     */
    public static DMatrixRMaj oneHot(DMatrixRMaj rows, List<List<String>> labels) {
        if (labels.stream().allMatch(l -> l == null || l.isEmpty())) return rows;
        if (labels.size() != rows.numCols) throw new IllegalArgumentException(labels.size() + " label lists for " + rows.numCols + " columns");
        int width = 0;
        for (List<String> own : labels) width += own == null || own.size() <= 2 ? 1 : own.size();
        DMatrixRMaj out = new DMatrixRMaj(rows.numRows, width);
        int at = 0;
        for (int j = 0; j < rows.numCols; j++) {
            List<String> own = labels.get(j);
            int k = own == null ? 0 : own.size();
            for (int r = 0; r < rows.numRows; r++) {
                if (k == 0) out.set(r, at, rows.get(r, j));
                else if (k <= 2) out.set(r, at, RecordSchema.nearestIndex(rows.get(r, j), k));
                else out.set(r, at + RecordSchema.nearestIndex(rows.get(r, j), k), 1);
            }
            at += k <= 2 ? 1 : k;
        }
        return out;
    }
}
