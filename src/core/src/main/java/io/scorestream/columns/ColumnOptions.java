package io.scorestream.columns;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the column transforms and types are chosen: the transform ({@code auto} picks per column
 * from its sketch), whether value types are learned and enforced, the share of rows that makes a
 * value a point mass, and per-column overrides written {@code COLUMN=SPEC} (column from 1), SPEC
 * a comma-separated list of {@code real}, {@code integer}, {@code step=H}, {@code min=A},
 * {@code max=B}, {@code unbounded}, {@code affine}, {@code quantile}.
 */
public record ColumnOptions(TransformChoice transform, boolean learnTypes, double pointMassShare, Map<Integer, Override> overrides,
                            boolean repeatedRows, Map<Integer, Integer> labelCounts, List<List<String>> labelNames) {
    public enum TransformChoice { AUTO, AFFINE, QUANTILE }

    /** One column's override; null fields keep what was learned. */
    public record Override(Double step, Double lower, Double upper, TransformChoice transform) {}

    public static final ColumnOptions DEFAULTS = new ColumnOptions(TransformChoice.AUTO, true, 0.01, Map.of(), true);
    /** Today's behaviour before column types: the affine standardiser, no type enforced, every row learned. */
    public static final ColumnOptions PLAIN = new ColumnOptions(TransformChoice.AFFINE, false, 0.01, Map.of(), false);

    public ColumnOptions {
        if (!(pointMassShare > 0 && pointMassShare <= 1)) throw new IllegalArgumentException("point-mass share must be in (0, 1], got " + pointMassShare);
        overrides = Map.copyOf(overrides);
        labelCounts = Map.copyOf(labelCounts);
        labelNames = labelNames.stream().map(List::copyOf).toList();
    }

    public ColumnOptions(TransformChoice transform, boolean learnTypes, double pointMassShare, Map<Integer, Override> overrides, boolean repeatedRows,
                         Map<Integer, Integer> labelCounts) {
        this(transform, learnTypes, pointMassShare, overrides, repeatedRows, labelCounts, List.of());
    }

    public ColumnOptions(TransformChoice transform, boolean learnTypes, double pointMassShare, Map<Integer, Override> overrides, boolean repeatedRows) {
        this(transform, learnTypes, pointMassShare, overrides, repeatedRows, Map.of());
    }

    /**
     * The same options knowing which columns (from 0) hold labels and how many each: those are drawn
     * on output from their law given the other columns ({@link LabelConditionals}), when types are learned.
     */
    public ColumnOptions withLabelCounts(Map<Integer, Integer> counts) {
        return new ColumnOptions(transform, learnTypes, pointMassShare, overrides, repeatedRows, counts, labelNames);
    }

    /**
     * The same options knowing each column's labels by name (sorted, empty for a column of numbers):
     * a label one column shares with another by name is the same label (a team at home and away,
     * an airport of departure and arrival), which a law from counts may use ({@link LabelCounts}).
     */
    public ColumnOptions withLabelNames(List<List<String>> names) {
        return new ColumnOptions(transform, learnTypes, pointMassShare, overrides, repeatedRows, labelCounts, names);
    }

    /** Per column of a table of dimension d, its number of labels (0: not a column of labels). */
    public int[] labelClasses(int d) {
        int[] k = new int[d];
        labelCounts.forEach((column, count) -> { if (column < d) k[column] = count; });
        return k;
    }

    public ColumnOptions withTransform(TransformChoice t) { return new ColumnOptions(t, learnTypes, pointMassShare, overrides, repeatedRows, labelCounts, labelNames); }
    public ColumnOptions withLearnTypes(boolean v) { return new ColumnOptions(transform, v, pointMassShare, overrides, repeatedRows, labelCounts, labelNames); }
    public ColumnOptions withPointMassShare(double v) { return new ColumnOptions(transform, learnTypes, v, overrides, repeatedRows, labelCounts, labelNames); }
    public ColumnOptions withOverrides(List<String> specs) { return new ColumnOptions(transform, learnTypes, pointMassShare, parseOverrides(specs), repeatedRows, labelCounts, labelNames); }
    /** The same options with these columns' (from 0) maps fixed to t, whatever else their overrides say kept. */
    public ColumnOptions withTransformOf(int[] columns, TransformChoice t) {
        Map<Integer, Override> out = new TreeMap<>(overrides);
        for (int j : columns) {
            Override o = out.get(j);
            out.put(j, o == null ? new Override(null, null, null, t) : new Override(o.step(), o.lower(), o.upper(), t));
        }
        return new ColumnOptions(transform, learnTypes, pointMassShare, out, repeatedRows, labelCounts, labelNames);
    }

    /** Whether row values held more than once are generated as copies ({@link RepeatedRows}) rather than learned. */
    public ColumnOptions withRepeatedRows(boolean v) { return new ColumnOptions(transform, learnTypes, pointMassShare, overrides, v, labelCounts, labelNames); }

    /** {@code copy} (row values held more than once are copied at their share) or {@code model} (learned like the rest). */
    public static boolean parseRepeatedRows(String s) {
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("copy")) return true;
        if (v.equals("model")) return false;
        throw new IllegalArgumentException("repeated rows must be copy or model, got '" + s + "'");
    }

    public static TransformChoice parseTransform(String s) {
        try {
            return TransformChoice.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transform must be auto, affine or quantile, got '" + s + "'");
        }
    }

    /**
     * The specs with each COLUMN given by name (a header's, a field's) written as its number from 1.
     * With names null the file is not read yet: a named column is taken as column 1, so that the
     * rest of its spec is checked before any work.
     */
    public static List<String> numberedColumns(List<String> specs, List<String> names) {
        List<String> out = new java.util.ArrayList<>(specs.size());
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String column = eq > 0 ? spec.substring(0, eq).trim() : "";
            if (eq <= 0 || column.chars().allMatch(Character::isDigit)) { out.add(spec); continue; }
            int index = names == null ? 0 : names.indexOf(column);
            if (index < 0)
                throw new IllegalArgumentException("column override '" + spec + "': " + (names.isEmpty()
                        ? "the data has no column names; number the column from 1"
                        : "no column is named " + column + " (the columns: " + String.join(", ", names) + ")"));
            out.add((index + 1) + spec.substring(eq));
        }
        return out;
    }

    /** Parses {@code COLUMN=SPEC} strings (column numbered from 1) into overrides keyed by column index from 0. */
    public static Map<Integer, Override> parseOverrides(List<String> specs) {
        Map<Integer, Override> out = new TreeMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("column override must be COLUMN=SPEC, got '" + spec + "'");
            int column;
            try {
                column = Integer.parseInt(spec.substring(0, eq).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("column override '" + spec + "': column must be a number from 1");
            }
            if (column < 1) throw new IllegalArgumentException("column override '" + spec + "': columns are numbered from 1");
            Double step = null, lower = null, upper = null;
            TransformChoice transform = null;
            for (String token : spec.substring(eq + 1).split(",")) {
                String t = token.trim().toLowerCase(java.util.Locale.ROOT);
                if (t.equals("real")) step = 0.0;
                else if (t.equals("integer")) step = 1.0;
                else if (t.startsWith("step=")) step = number(spec, t.substring(5), true);
                else if (t.startsWith("min=")) lower = number(spec, t.substring(4), false);
                else if (t.startsWith("max=")) upper = number(spec, t.substring(4), false);
                else if (t.equals("unbounded")) { lower = Double.NEGATIVE_INFINITY; upper = Double.POSITIVE_INFINITY; }
                else if (t.equals("affine")) transform = TransformChoice.AFFINE;
                else if (t.equals("quantile")) transform = TransformChoice.QUANTILE;
                else throw new IllegalArgumentException("column override '" + spec + "': unknown item '" + token.trim()
                            + "' (real, integer, step=H, min=A, max=B, unbounded, affine, quantile)");
            }
            if (lower != null && upper != null && lower > upper)
                throw new IllegalArgumentException("column override '" + spec + "': min is above max");
            out.put(column - 1, new Override(step, lower, upper, transform));
        }
        return out;
    }

    private static double number(String spec, String text, boolean positive) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column override '" + spec + "': '" + text + "' is not a number");
        }
        if (!Double.isFinite(v) || (positive && !(v > 0))) throw new IllegalArgumentException("column override '" + spec + "': '" + text + "' must be " + (positive ? "positive" : "finite"));
        return v;
    }

    /** Short text for a model's description. */
    public String describe() {
        return "transform=" + transform.name().toLowerCase(java.util.Locale.ROOT) + " types=" + (learnTypes ? "learn" : "none")
                + (overrides.isEmpty() ? "" : " overrides=" + overrides.size()) + (repeatedRows ? "" : " repeated-rows=model");
    }
}
