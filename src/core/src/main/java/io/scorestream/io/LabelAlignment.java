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
        List<String> union[] = unions(first, second, d);
        int width = 0, labelled = 0;
        for (int j = 0; j < d; j++) {
            width += union[j] == null || union[j].size() <= 2 ? 1 : union[j].size();
            if (union[j] != null) labelled++;
        }
        return new Aligned(encode(first, union, width), encode(second, union, width), labelled);
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

    private static String name(CsvVectors.Table t, int j) {
        return t.names().isEmpty() ? "" : " (" + t.names().get(j) + ")";
    }

    private static List<String> labelsOf(CsvVectors.Table t, int column) {
        return t.labels().isEmpty() ? List.of() : t.labels().get(column);
    }

    private static DMatrixRMaj encode(CsvVectors.Table table, List<String>[] union, int width) {
        DMatrixRMaj rows = table.rows(), out = new DMatrixRMaj(rows.numRows, width);
        int at = 0;
        for (int j = 0; j < union.length; j++) {
            if (union[j] == null) {
                for (int r = 0; r < rows.numRows; r++) out.set(r, at, rows.get(r, j));
                at++;
                continue;
            }
            List<String> own = labelsOf(table, j);
            int[] toUnion = new int[own.size()];
            for (int k = 0; k < own.size(); k++) toUnion[k] = java.util.Collections.binarySearch(union[j], own.get(k));
            boolean oneHot = union[j].size() > 2;
            for (int r = 0; r < rows.numRows; r++) {
                int label = toUnion[(int) rows.get(r, j)];
                if (oneHot) out.set(r, at + label, 1);
                else out.set(r, at, label);
            }
            at += oneHot ? union[j].size() : 1;
        }
        return out;
    }
}
