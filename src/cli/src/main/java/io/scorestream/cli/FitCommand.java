package io.scorestream.cli;

import io.scorestream.io.AtomicFiles;
import io.scorestream.columns.ColumnOptions;
import io.scorestream.io.Tables;
import io.scorestream.io.DecimalSyntax;
import io.scorestream.io.InputException;
import io.scorestream.io.MissingValues;
import io.scorestream.io.OneHotColumns;
import io.scorestream.learn.FitOptions;
import io.scorestream.learn.Fitter;
import io.scorestream.model.ModelFiles;
import io.scorestream.model.ScoreModel;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "fit", description = {"Learn a score model from a file of samples: CSV (a header line names the columns),",
        "JSON Lines (.jsonl, .ndjson: one object per line), an Avro data file (.avro), a Parquet file (.parquet)",
        "or InfluxDB line protocol (.lp, as Telegraf writes metrics). The model keeps the column names."},
        mixinStandardHelpOptions = true)
final class FitCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, description = "training samples: CSV, JSON Lines (.jsonl), Avro (.avro), Parquet (.parquet, its columns judged as Avro fields), ARFF, libsvm, or an Excel workbook (.xlsx, .xls: its sheet of the most rows)") Path input;
    @Option(names = "--fields", split = ",", paramLabel = "FIELD", description = "the columns to learn, in order: a CSV header's names, or JSON Lines/Avro/Parquet fields (dotted paths for nested ones; of JSON Lines an array's name for all its elements, embedding[3] for one); default: every column of a CSV but its row labels and free text, every JSON field that is a number (or labels, or dates) in at least half of the records, every Avro or Parquet number, decimal, enum, boolean and repeated string")
    java.util.List<String> fields = java.util.List.of();
    @Option(names = "--model", required = true, description = "where to write the model") Path model;
    @Option(names = "--drop-incomplete", description = "leave out rows with a missing value (an empty CSV field, NA, N/A, NaN, null or ?; a null or absent field of a record) and say how many; without it such a row stops fit with its line and column")
    boolean dropIncomplete;
    @Option(names = "--seed", defaultValue = "0", description = "seed of noise draws and planning (default ${DEFAULT-VALUE})") long seed;

    // Tuning: every default is chosen from the data; see FitOptions.
    @Option(names = "--levels", description = "noise levels trained (default 30: the default sampler's steps)") Integer levels;
    @Option(names = "--degree", description = "Hermite degree per cell: 1..6 (default 2), or auto: 1, 2 or 3 by held-out denoising loss") String degree;
    @Option(names = "--rank", description = "principal directions per cell (default min(d, 4))") Integer rank;
    @Option(names = "--max-cells", description = "cap on cells per level (default: Voronoi cells from the sample count, at most 32; soft cells at most 256, their number chosen by held-out likelihood)") Integer maxCells;
    @Option(names = "--cells", description = "auto (default: soft cells unless the held-out likelihood finds one component), soft (a Gaussian mixture's components, points shared by posterior weight) or voronoi (nearest centre, finer as the noise falls)") String cells;
    @Option(names = "--partition", description = "cover (greedy cover, default) or kmeans, in any letter case") String partition;
    @Option(names = "--ridge", description = "relative ridge (default 1e-4)") Double ridge;
    @Option(names = "--cover-radius", description = "cover radius in units of the level's noise (default 1)") Double coverRadius;
    @Option(names = "--draws", description = "noise draws per record and level: auto (default: enough for 64 rows per feature of each planned cell, at most 64) or 1..1024") String draws;
    @Option(names = "--reservoir", description = "samples used to plan the partitions (default 4096)") Integer reservoir;

    // Columns: transforms and value types, learned from the data unless overridden.
    @Option(names = "--transform", description = "per-column transform: auto (default; quantile map for skewed, heavy-tailed or point-mass columns, affine otherwise, kept unless the held-out likelihood clearly prefers affine), affine or quantile") String transform;
    @Option(names = "--column-types", description = "learn (default): generated values go onto each column's lattice, range and point masses; none: raw values") String columnTypes;
    @Option(names = "--point-mass-share", description = "share of rows at one value that makes it a point mass, if at least two rows (default 0.01); a column off any lattice where fewer rows than this share hold a value seen once takes only the values seen (so does one on a lattice its values leave mostly empty, where fewer rows hold a value seen once than its points are empty beyond what so many rows would leave empty)") Double pointMassShare;
    @Option(names = "--repeated-rows", description = "copy (default): a row value the data holds more than once, exactly, is generated as a copy at its share of the rows and the cells learn the rest; model: such rows are learned like any other (no training row is copied)") String repeatedRows;
    @Option(names = "--sheet", paramLabel = "NAME", description = "of a workbook (.xlsx, .xls), the sheet to read (default: its sheet of the most rows)") String sheet;
    @Option(names = "--measurement", paramLabel = "NAME", description = "of InfluxDB line protocol (.lp) holding several measurements' points, the one to learn (default: the one of the most points; the others are left out and counted)") String measurement;
    @Option(names = "--column", description = "override a column's type, COLUMN=SPEC (COLUMN: a name, or a number from 1; SPEC: real, integer, step=H, min=A, max=B, unbounded, affine, quantile, comma-separated); repeatable") List<String> columnOverrides;

    @Override
    public Integer call() throws Exception {
        FitOptions options = options();
        AtomicFiles.checkWritable(model);   // before reading and fitting, not after
        Progress progress = new Progress(spec);
        MissingValues missing = dropIncomplete ? new MissingValues() : null;
        Tables.Table table;
        try {
            table = Tables.read(input, fields, missing, sheet, measurement);
        } catch (InputException e) {
            if (e.missingValue()) throw e.withHint(" (--drop-incomplete leaves out rows with a missing value)");
            throw e.notANumber() && fields.isEmpty() ? e.withHint(" (--fields chooses the columns to learn)") : e;
        }
        DMatrixRMaj data = table.rows();
        if (missing != null && missing.droppedRows() > 0) progress.line(missing.describe(data.numRows));
        if (data.numRows < 2) throw InputException.in(input, "need at least 2 samples to fit, found " + data.numRows);
        checkLearnable(data, table.columns());
        List<String> overrides = null;
        if (columnOverrides != null) {   // columns given by name: their numbers are known now
            try {
                overrides = ColumnOptions.numberedColumns(columnOverrides, table.columns().names());
                ColumnOptions.parseOverrides(overrides);
            } catch (IllegalArgumentException e) {
                throw InputException.in(input, "--column: " + e.getMessage());
            }
        }
        OneHotColumns.Collapsed collapsed = oneHot(data, table.columns(), overrides);
        if (!collapsed.groups().isEmpty()) {
            List<String> fileNames = table.columns().namesOr(data.numCols);
            for (OneHotColumns.Group g : collapsed.groups())
                progress.line(String.format("columns %d..%d (%s … %s) are one category written one-hot: learned as one column of %d labels, written back as its columns",
                        g.first() + 1, g.last() + 1, fileNames.get(g.first()), fileNames.get(g.last()), g.size()));
            overrides = overrides == null ? null : renumbered(overrides, collapsed.groups());
            table = new Tables.Table(collapsed.rows(), collapsed.columns(), table.leftOut());
            data = table.rows();
        }
        table = new Tables.Table(data, io.scorestream.io.DateRoles.marked(data, table.columns(), progress::line), table.leftOut());
        options.resolve(data.numCols, data.numRows); // the rank against the data's real dimension, before any work
        if (overrides != null) options = options.withColumns(options.columns().withOverrides(overrides));
        for (int column : options.columns().overrides().keySet()) {
            if (column >= data.numCols) throw InputException.in(input, "--column override for column " + (column + 1) + ", but the data has " + data.numCols + " columns");
            // A label's index is no quantity: a step or a range on it would make labels of no label.
            ColumnOptions.Override o = options.columns().overrides().get(column);
            if (table.columns().isCategorical(column) && (o.step() != null || o.lower() != null || o.upper() != null))
                throw InputException.in(input, "--column " + (column + 1) + ": column " + (column + 1) + columnName(table.columns(), column)
                        + " holds labels, learned as their indices 0.." + (table.columns().labelsOf(column).size() - 1) + ": only its transform (affine, quantile) can be set");
        }
        progress.line(String.format("%d samples of dimension %d from %s, columns %s", data.numRows, data.numCols, input, table.columns().describe()));
        if (table.leftOut() != null) progress.line(table.leftOut());
        if (!table.columns().dialect().isStandard())
            progress.line("generated CSV files are written as this one is: " + table.columns().dialect().describe() + " (.tsv and .tab with tabs)");
        for (int j = 0; j < data.numCols; j++)
            if (table.columns().isCategorical(j)) progress.line(labelsLine(table.columns(), j));
            else if (table.columns().isTime(j))
                progress.line("column " + (j + 1) + columnName(table.columns(), j) + ": " + table.columns().timeFormat(j).describeColumn());
            else if (table.columns().hasNumberForm(j))
                progress.line("column " + (j + 1) + columnName(table.columns(), j) + ": " + table.columns().numberForm(j).describeColumn(table.columns().dialect()));
        options = options.withColumns(options.columns().withLabelCounts(table.columns().labelCounts()).withLabelNames(table.columns().labels()));
        ScoreModel fitted = Fitter.fit(data, options, progress::line).withRecordSchema(table.columns());
        for (String relation : fitted.columns().relations().describe(table.columns().namesOr(data.numCols)))
            progress.line("exact linear relation: " + relation);
        List<String> names = table.columns().namesOr(data.numCols);
        for (int[] group : fitted.columns().oneHotGroups())
            progress.line(String.format("one-hot: %s … %s (%d indicator columns), one of them 1 in every generated row", names.get(group[0]), names.get(group[group.length - 1]), group.length));
        ModelFiles.save(model, fitted);
        progress.line(String.format("%d levels written to %s (%s)", fitted.levelCount(), model, fitted.info().description()));
        return Main.OK;
    }

    /**
     * The rows with each one-hot category as one column of labels ({@link OneHotColumns}), but for a
     * group holding a column the user typed --column for: that column is learned as asked.
     */
    private static OneHotColumns.Collapsed oneHot(DMatrixRMaj data, io.scorestream.io.RecordSchema columns, List<String> overrides) {
        java.util.Set<Integer> typed = overrides == null ? java.util.Set.of() : ColumnOptions.parseOverrides(overrides).keySet();
        List<OneHotColumns.Group> groups = OneHotColumns.find(data, columns).stream()
                .filter(g -> typed.stream().noneMatch(j -> j >= g.first() && j <= g.last())).toList();
        return OneHotColumns.collapse(data, columns, groups);
    }

    /** Overrides "N=SPEC" of the file's columns renumbered for the columns with each group as one. */
    private static List<String> renumbered(List<String> overrides, List<OneHotColumns.Group> groups) {
        List<String> out = new java.util.ArrayList<>();
        for (String spec : overrides) {
            int eq = spec.indexOf('=');
            int column = Integer.parseInt(spec.substring(0, eq).trim()) - 1, shift = 0;
            for (OneHotColumns.Group g : groups) if (g.last() < column) shift += g.size() - 1;
            out.add((column - shift + 1) + spec.substring(eq));
        }
        return out;
    }

    /** "column 1 (species): 3 labels, learned as their indices 0..2: Adelie, Chinstrap, Gentoo" (the first 20 named). */
    static String labelsLine(io.scorestream.io.RecordSchema columns, int column) {
        java.util.List<String> labels = columns.labelsOf(column);
        StringBuilder shown = new StringBuilder();
        for (String label : labels.subList(0, Math.min(labels.size(), 20)))
            io.scorestream.io.CsvVectors.appendLabel(shown.append(shown.isEmpty() ? "" : ", "), label, ',');   // quoted where it holds a comma
        if (labels.size() > 20) shown.append(", …");
        return "column " + (column + 1) + columnName(columns, column) + ": " + labels.size() + (labels.size() == 1 ? " label" : " labels")
                + ", learned as " + (labels.size() == 1 ? "the index 0" : "their indices 0.." + (labels.size() - 1)) + ": " + shown;
    }

    /** A value whose square overflows would make the columns' moments infinite: named, with its row, before any work. */
    private void checkLearnable(DMatrixRMaj data, io.scorestream.io.RecordSchema columns) {
        for (int i = 0; i < data.getNumElements(); i++) {
            double v = data.data[i];
            if (DecimalSyntax.learnable(v)) continue;
            int row = i / data.numCols, column = i % data.numCols;
            throw InputException.in(input, "sample " + (row + 1) + ", column " + (column + 1) + columnName(columns, column) + " " + DecimalSyntax.whyNotLearnable(v, Double.toString(v)));
        }
    }

    /** " (name)" for a named column, "" for a column of a headerless file. */
    private static String columnName(io.scorestream.io.RecordSchema columns, int column) {
        return columns.named() ? " (" + columns.names().get(column) + ")" : "";
    }

    FitOptions options() {
        FitOptions o = FitOptions.defaults().withSeed(seed);
        if (levels != null) o = o.withLevels(levels);
        if (degree != null) o = o.withDegree(autoOrWhole("--degree", degree, "1..6"));
        if (rank != null) o = o.withRank(rank);
        if (maxCells != null) o = o.withMaxCells(maxCells);
        if (partition != null) o = o.withPartition(FitOptions.PartitionMethod.parse(partition));
        if (cells != null) o = o.withCells(FitOptions.CellKind.parse(cells));
        if (ridge != null) o = o.withRidge(ridge);
        if (coverRadius != null) o = o.withCoverRadius(coverRadius);
        if (reservoir != null) o = o.withReservoir(reservoir);
        if (draws != null) o = o.withDraws(autoOrWhole("--draws", draws, "1..1024"));
        o = o.withColumns(columnOptions());
        o.validate(); // before reading a possibly large file; the rank is checked against its dimension after
        return o;
    }

    /** "auto" as {@link FitOptions#AUTO}, else a whole number (its range is checked by the options). */
    private static int autoOrWhole(String option, String value, String range) {
        if (value.trim().equalsIgnoreCase("auto")) return FitOptions.AUTO;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be auto or a whole number " + range + ", got '" + value + "'");
        }
    }

    private ColumnOptions columnOptions() {
        ColumnOptions c = ColumnOptions.DEFAULTS;
        if (transform != null) c = c.withTransform(ColumnOptions.parseTransform(transform));
        if (columnTypes != null) {
            if (!columnTypes.equalsIgnoreCase("learn") && !columnTypes.equalsIgnoreCase("none"))
                throw new IllegalArgumentException("--column-types must be learn or none, got '" + columnTypes + "'");
            c = c.withLearnTypes(columnTypes.equalsIgnoreCase("learn"));
        }
        if (pointMassShare != null) c = c.withPointMassShare(pointMassShare);
        if (repeatedRows != null) c = c.withRepeatedRows(ColumnOptions.parseRepeatedRows(repeatedRows));
        if (columnOverrides != null) c = c.withOverrides(ColumnOptions.numberedColumns(columnOverrides, null));
        return c;
    }
}
