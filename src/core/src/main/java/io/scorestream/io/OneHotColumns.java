package io.scorestream.io;

import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A category written one-hot (one 0/1 column per value, exactly one 1 a row: covertype's forty soil
 * types, any one-hot encoder's output) read as one column of labels, and written back as its
 * indicator columns. Learned as twenty or forty coordinates of the diffusion, the indicators
 * crowded out the numbers: on a covertype-like table the numeric columns alone were told from the
 * data with accuracy 0.615, against 0.547 when the same category was one column of labels
 * (QUALITY.md, "One-hot categories as one column of labels"). As labels, the category is drawn
 * from its law given the other columns like any label column.
 *
 * <p>A group is a run of adjacent columns, each a plain number 0 or 1 in every row, whose sum is
 * 1 in every row (a column that is 0 throughout may sit among them: a value this data never
 * takes). Columns of two labels that mean no and yes (False/True, as pandas 2 writes its dummy
 * columns; no/yes, N/Y, F/T, in any case) are indicators too, if all of a group's spell them alike:
 * they are written back as those labels. The label column stands at the group's place; its labels are the indicator columns'
 * names, and its text form {@code one-hot:p₀,p₁,…} says at which offset in the group label i's
 * column stood, so that the columns come back in their order ({@code one-hot:p₀,…;False,True} for
 * columns of those labels). Written back, the columns are the
 * file's again, so an Avro or Parquet file's writer schema still holds them; a Protobuf message's
 * fields (a stream's records) are left as they are.
 */
public final class OneHotColumns {
    /** The text form's prefix for a label column written as indicator columns. */
    public static final String FORM_PREFIX = "one-hot:";

    private OneHotColumns() {}

    /** Columns first..first+size−1 are one category written one-hot. */
    public record Group(int first, int size) {
        public int last() { return first + size - 1; }
    }

    /** Rows and their columns with each group read as one column of labels. */
    public record Collapsed(DMatrixRMaj rows, RecordSchema columns, List<Group> groups) {}

    /** The one-hot groups of the rows: runs of at least two adjacent 0/1 columns with exactly one 1 in every row. */
    public static List<Group> find(DMatrixRMaj rows, RecordSchema columns) {
        List<Group> groups = new ArrayList<>();
        if (rows.numRows == 0 || columns.format() == RecordSchema.Format.PROTOBUF) return groups;
        int n = rows.numRows, d = rows.numCols;
        boolean[] indicator = new boolean[d];
        for (int j = 0; j < d; j++) indicator[j] = isIndicator(rows, columns, j);
        int[] sum = new int[n];
        for (int j = 0; j < d; ) {
            int end = -1;
            if (indicator[j]) {
                Arrays.fill(sum, 0);
                List<String> spelling = columns.labelsOf(j);   // a group's columns are all numbers or all alike labels
                for (int k = j; k < d && indicator[k] && columns.labelsOf(k).equals(spelling) && add(rows, k, sum); k++)
                    if (allOne(sum)) end = k;
            }
            if (end > j) {
                groups.add(new Group(j, end - j + 1));
                j = end + 1;
            } else {
                j++;
            }
        }
        return groups;
    }

    /** No and yes as labels sort them (lower case): the second is the one that stands for 1. */
    private static final java.util.Set<List<String>> YES_NO = java.util.Set.of(List.of("false", "true"), List.of("no", "yes"), List.of("n", "y"), List.of("f", "t"));

    /** Whether the labels are a no and a yes (index 1 the yes), in any case. */
    static boolean isYesNo(List<String> labels) {
        return labels.size() == 2 && YES_NO.contains(labels.stream().map(l -> l.toLowerCase(java.util.Locale.ROOT)).toList());
    }

    private static boolean isIndicator(DMatrixRMaj rows, RecordSchema columns, int j) {
        if (columns.isCategorical(j) && !isYesNo(columns.labelsOf(j))) return false;
        if (!columns.textForms().isEmpty() && !columns.textForms().get(j).isEmpty()) return false;
        for (int i = 0; i < rows.numRows; i++) {
            double v = rows.unsafe_get(i, j);
            if (v != 0 && v != 1) return false;
        }
        return true;
    }

    /** Adds column k to the row sums; false (sums untouched past the first excess) when a row would hold two 1s. */
    private static boolean add(DMatrixRMaj rows, int k, int[] sum) {
        for (int i = 0; i < sum.length; i++)
            if (sum[i] + rows.unsafe_get(i, k) > 1) return false;
        for (int i = 0; i < sum.length; i++) sum[i] += (int) rows.unsafe_get(i, k);
        return true;
    }

    private static boolean allOne(int[] sum) {
        for (int s : sum) if (s != 1) return false;
        return true;
    }

    /** The rows with each group as one label column (see the class comment); the rows themselves when there is none. */
    public static Collapsed collapse(DMatrixRMaj rows, RecordSchema columns, List<Group> groups) {
        if (groups.isEmpty()) return new Collapsed(rows, columns, groups);
        int d = rows.numCols;
        List<String> names = columns.namesOr(d);
        List<String> outNames = new ArrayList<>();
        List<List<String>> outLabels = new ArrayList<>();
        List<String> outForms = new ArrayList<>();
        List<int[]> sources = new ArrayList<>();   // per output column: its source column, or a group's first and size
        int g = 0;
        for (int j = 0; j < d; ) {
            Group group = g < groups.size() && groups.get(g).first() == j ? groups.get(g++) : null;
            if (group == null) {
                outNames.add(names.get(j));
                outLabels.add(columns.labelsOf(j));
                outForms.add(columns.textForms().isEmpty() ? "" : columns.textForms().get(j));
                sources.add(new int[]{j});
                j++;
                continue;
            }
            List<String> members = names.subList(group.first(), group.first() + group.size());
            Integer[] order = new Integer[group.size()];
            for (int k = 0; k < order.length; k++) order[k] = k;
            Arrays.sort(order, (a, b) -> members.get(a).compareTo(members.get(b)));
            List<String> sorted = new ArrayList<>();
            StringBuilder form = new StringBuilder(FORM_PREFIX);
            for (int k = 0; k < order.length; k++) {
                sorted.add(members.get(order[k]));
                form.append(k == 0 ? "" : ",").append(order[k]);
            }
            List<String> spelling = columns.labelsOf(group.first());
            if (!spelling.isEmpty()) form.append(';').append(String.join(",", spelling));
            outNames.add(groupName(members, names));
            outLabels.add(sorted);
            outForms.add(form.toString());
            sources.add(new int[]{group.first(), group.size()});
            j += group.size();
        }
        DMatrixRMaj out = new DMatrixRMaj(rows.numRows, outNames.size());
        for (int c = 0; c < sources.size(); c++) {
            int[] source = sources.get(c);
            int[] labelOf = source.length == 2 ? labelIndexByOffset(outForms.get(c)) : null;
            for (int i = 0; i < rows.numRows; i++) {
                if (labelOf == null) { out.unsafe_set(i, c, rows.unsafe_get(i, source[0])); continue; }
                int k = 0;
                while (rows.unsafe_get(i, source[0] + k) != 1) k++;
                out.unsafe_set(i, c, labelOf[k]);
            }
        }
        RecordSchema collapsed = new RecordSchema(columns.format(), columns.named() ? outNames : List.of(), columns.avroSchema(), outLabels, outForms, columns.dialect());
        return new Collapsed(out, collapsed, groups);
    }

    /**
     * The label column's name: the members' common prefix without a trailing separator ("soil" of
     * soil1..soil40, "color" of color_red..color_blue), or "first..last" where that is empty or
     * taken.
     */
    static String groupName(List<String> members, List<String> names) {
        String prefix = members.get(0);
        for (String m : members) {
            int k = 0;
            while (k < prefix.length() && k < m.length() && prefix.charAt(k) == m.charAt(k)) k++;
            prefix = prefix.substring(0, k);
        }
        while (!prefix.isEmpty() && "_-.: =".indexOf(prefix.charAt(prefix.length() - 1)) >= 0) prefix = prefix.substring(0, prefix.length() - 1);
        if (!prefix.isEmpty() && !names.contains(prefix)) return prefix;
        return members.get(0) + ".." + members.get(members.size() - 1);
    }

    /** Whether a text form is a one-hot group's. */
    static boolean isForm(String form) { return form.startsWith(FORM_PREFIX); }

    /** Per label index (sorted labels), the offset of its indicator column in the group; checked to be a permutation. */
    static int[] offsetByLabel(String form) {
        int labels = form.indexOf(';');
        String[] parts = form.substring(FORM_PREFIX.length(), labels < 0 ? form.length() : labels).split(",", -1);
        int[] offsets = new int[parts.length];
        boolean[] seen = new boolean[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                offsets[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad one-hot form '" + form + "'");
            }
            if (offsets[i] < 0 || offsets[i] >= parts.length || seen[offsets[i]]) throw new IllegalArgumentException("bad one-hot form '" + form + "'");
            seen[offsets[i]] = true;
        }
        return offsets;
    }

    /** The labels a group's columns were written with (a no and a yes), or none for 0 and 1. */
    static List<String> memberLabels(String form) {
        int labels = form.indexOf(';');
        if (labels < 0) return List.of();
        List<String> spelling = List.of(form.substring(labels + 1).split(",", -1));
        if (!isYesNo(spelling)) throw new IllegalArgumentException("bad one-hot form '" + form + "'");
        return spelling;
    }

    private static int[] labelIndexByOffset(String form) {
        int[] offsets = offsetByLabel(form);
        int[] label = new int[offsets.length];
        for (int i = 0; i < offsets.length; i++) label[offsets[i]] = i;
        return label;
    }

    /** The columns as written: each one-hot label column as its indicator columns, named by its labels (and no calendar's or day of the week's form, which number the model's columns). */
    public static RecordSchema expanded(RecordSchema columns) {
        if (!columns.hasOneHot()) return columns.textForms().stream().anyMatch(RecordSchema::isRowForm)
                ? columns.withTextForms(columns.textForms().stream().map(f -> RecordSchema.isRowForm(f) ? "" : f).toList()) : columns;
        int d = columns.labels().size();
        List<String> names = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        List<String> forms = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            if (!columns.isOneHot(j)) {
                if (columns.named()) names.add(columns.names().get(j));
                labels.add(columns.labelsOf(j));
                // A calendar's or a day of the week's form numbers the model's columns: the rows are kept on it before they are written.
                forms.add(RecordSchema.isRowForm(columns.textForms().get(j)) ? "" : columns.textForms().get(j));
                continue;
            }
            int[] offsets = columns.oneHotOffsets(j);
            List<String> spelling = memberLabels(columns.textForms().get(j));
            String[] members = new String[offsets.length];
            for (int i = 0; i < offsets.length; i++) members[offsets[i]] = columns.labelsOf(j).get(i);
            for (String member : members) {
                if (columns.named()) names.add(member);
                labels.add(spelling);
                forms.add("");
            }
        }
        return new RecordSchema(columns.format(), names, columns.avroSchema(), labels, forms, columns.dialect());
    }

    /** How many columns the rows of these columns are written in: a one-hot column's labels count one each. */
    public static int width(RecordSchema columns) {
        if (!columns.hasOneHot()) throw new IllegalArgumentException("no column is written one-hot");
        int width = 0;
        for (int j = 0; j < columns.labels().size(); j++) width += columns.isOneHot(j) ? columns.labelsOf(j).size() : 1;
        return width;
    }

    /** Generated rows on the columns, written out: each one-hot label column's index as a 1 in its label's indicator column. */
    public static DMatrixRMaj expand(DMatrixRMaj rows, RecordSchema columns) {
        if (!columns.hasOneHot()) return rows;
        DMatrixRMaj out = new DMatrixRMaj(rows.numRows, width(columns));
        for (int j = 0, at = 0; j < rows.numCols; j++) {
            if (!columns.isOneHot(j)) {
                for (int i = 0; i < rows.numRows; i++) out.unsafe_set(i, at, rows.unsafe_get(i, j));
                at++;
                continue;
            }
            int[] offsets = columns.oneHotOffsets(j);
            for (int i = 0; i < rows.numRows; i++)
                out.unsafe_set(i, at + offsets[RecordSchema.nearestIndex(rows.unsafe_get(i, j), offsets.length)], 1);
            at += offsets.length;
        }
        return out;
    }

    /**
     * Rows as written (indicator columns) on the columns' one-hot label columns: what eval and
     * report read a reference file as. A row whose group holds anything but one 1 and 0s is fail's
     * exception naming the row and the columns.
     */
    public static DMatrixRMaj collapseBy(DMatrixRMaj rows, RecordSchema columns, Function<String, RuntimeException> fail) {
        if (!columns.hasOneHot()) return rows;
        DMatrixRMaj out = new DMatrixRMaj(rows.numRows, columns.labels().size());
        for (int i = 0; i < rows.numRows; i++) {
            String problem = collapse(rows.data, i * rows.numCols, rows.numCols, columns, out.data, i * out.numCols, "row");
            if (problem != null) throw fail.apply("row " + (i + 1) + ": " + problem);
        }
        return out;
    }

    /**
     * One record as written (a stream's: indicator fields) on the columns' one-hot label columns, or
     * an IllegalArgumentException naming the fields of a group that holds anything but one 1 and 0s.
     */
    public static double[] collapseRecord(double[] written, RecordSchema columns) {
        double[] out = new double[columns.labels().size()];
        String problem = collapse(written, 0, written.length, columns, out, 0, "record");
        if (problem != null) throw new IllegalArgumentException(problem);
        return out;
    }

    /** Writes one row's (what: "row", "record") model values from its width written values; null, or what is wrong with it. */
    private static String collapse(double[] in, int from, int width, RecordSchema columns, double[] out, int to, String what) {
        for (int j = 0, at = 0; j < columns.labels().size(); j++) {
            if (!columns.isOneHot(j)) {
                out[to + j] = in[from + at++];
                continue;
            }
            int[] labelOf = labelIndexByOffset(columns.textForms().get(j));
            int one = -1, ones = 0;
            for (int k = 0; k < labelOf.length; k++) {
                double v = in[from + at + k];
                if (v == 1) { one = k; ones++; } else if (v != 0) { ones = -1; break; }
            }
            if (ones != 1) {
                List<String> writtenNames = expanded(columns).namesOr(width);   // only for the message: not on every record
                return "columns " + writtenNames.get(at) + " … " + writtenNames.get(at + labelOf.length - 1)
                        + " are one category written one-hot in the model, and this " + what + " holds " + (ones < 0 ? "a value other than 0 and 1" : ones + " ones") + " there";
            }
            out[to + j] = labelOf[one];
            at += labelOf.length;
        }
        return null;
    }
}
