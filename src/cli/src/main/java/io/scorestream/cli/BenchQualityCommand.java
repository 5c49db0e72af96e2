package io.scorestream.cli;

import io.scorestream.bench.EmCandidates;
import io.scorestream.bench.QualitySuite;
import io.scorestream.bench.RealDataSuite;
import io.scorestream.data.Datasets;
import io.scorestream.data.RealDatasets;
import io.scorestream.io.AtomicFiles;
import io.scorestream.io.InputException;
import io.scorestream.io.MissingValues;
import io.scorestream.io.Tables;
import org.ejml.data.DMatrixRMaj;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Regenerates the quality tables of QUALITY.md: on synthetic kinds ScoreStream, oracle, EM and floor
 * side by side; on real data sets ScoreStream (and optionally an older build), EM full and diagonal
 * and the floor on repeated train / reference / held-out splits.
 */
@Command(name = "bench-quality", mixinStandardHelpOptions = true,
        description = "Fit, sample and evaluate benchmark distributions and real data sets against EM and the two-sample floor.")
final class BenchQualityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--kinds", split = ",", description = "synthetic kinds and real data sets; 'real' stands for every real data set "
            + "(default: every synthetic kind but factors100, many200 and the embed kinds, which run on request). Real: ${COMPLETION-CANDIDATES}", completionCandidates = RealKinds.class) List<String> kinds;
    @Option(names = "--train", defaultValue = "20000", description = "synthetic training samples (default ${DEFAULT-VALUE})") int train;
    @Option(names = "--eval", defaultValue = "10000", description = "synthetic generated and reference samples (default ${DEFAULT-VALUE})") int eval;
    @Option(names = "--em-max-components", defaultValue = "0",
            description = "EM tries k = 1..this (default: synthetic 10 up to d = 16, 6 up to 32, else 4, at least the true k + 2; real 20 up to d = 16, else 10)") int emMax;
    @Option(names = "--em-components", paramLabel = "K[,A..B[:STEP]]...",
            description = "EM tries these k instead of 1..--em-max-components: k and ranges, e.g. 1..8,10..40:2") String emComponents;
    @Option(names = "--repeats", defaultValue = "0",
            description = "random splits per real data set (default: about 8000 rows in all, 1 to 24)") int repeats;
    @Option(names = "--baseline-jar", paramLabel = "JAR",
            description = "also run this scorestream jar's fit and sample on every real split (e.g. an older commit's build)") Path baselineJar;
    @Option(names = "--baseline-label", defaultValue = "ScoreStream at baseline jar", description = "row label for --baseline-jar (default ${DEFAULT-VALUE})") String baselineLabel;
    @Option(names = "--data", split = ",", paramLabel = "FILE", description = "also judge your own tables (CSV, JSON Lines, Avro, Parquet or ARFF, read as fit reads them; "
            + "rows with a missing value left out) like the real data sets: random splits, EM and the floor beside ScoreStream") List<Path> data;
    @Option(names = "--sheet", paramLabel = "NAME", description = "of each --data workbook (.xlsx, .xls), the sheet to judge (default: its sheet of the most rows)") String sheet;
    @Option(names = "--measurement", paramLabel = "NAME", description = "of each --data file of InfluxDB line protocol (.lp), the measurement to judge (default: the one of the most points)") String measurement;
    @Option(names = "--stream", description = "also learn every real split as a stream does (its rows in order on a topic of an in-process "
            + "Kafka broker, one node with the default settings, drained) and sample that model beside fit's; a table with labels "
            + "goes as JSON records, its labels given in scorestream.input.labels") boolean stream;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--out", description = "also write the Markdown table(s) to this file") Path out;

    /** Rows each quarter of a split needs at least: a two-sample test on fewer says nothing. */
    static final int MIN_QUARTER_ROWS = 10;

    /** A user's table read as fit reads it (default columns), rows with a missing value left out; named by its file. */
    private static RealDataSuite.Table ownTable(Path file, String sheet, String measurement, Progress progress) {
        MissingValues missing = new MissingValues();
        Tables.Table table = Tables.read(file, List.of(), missing, sheet, measurement);
        if (table.leftOut() != null) progress.line(file + ": " + table.leftOut());
        DMatrixRMaj rows = table.rows();
        if (rows.numRows < 4 * MIN_QUARTER_ROWS)
            throw InputException.in(file, "need at least " + 4 * MIN_QUARTER_ROWS + " rows to judge (--data), found " + rows.numRows);
        if (missing.droppedRows() > 0) progress.line(file + ": " + missing.describe(rows.numRows));
        return new RealDataSuite.Table(file.getFileName().toString(), rows, 1, table.columns());   // labels judged one-hot past two, as shipped sets
    }

    static final class RealKinds extends ArrayList<String> {
        RealKinds() { super(RealDatasets.kinds()); }
    }

    @Override
    public Integer call() throws Exception {
        Set<String> chosen = new LinkedHashSet<>();
        for (String k : kinds == null ? (data == null ? Datasets.defaultQualityKinds() : List.<String>of()) : kinds) {
            if (k.equals("real")) chosen.addAll(RealDatasets.kinds());
            else if (Datasets.kinds().contains(k) || RealDatasets.isReal(k)) chosen.add(k);
            else throw new ParameterException(spec.commandLine(), "unknown kind '" + k + "'; synthetic: " + String.join(", ", Datasets.kinds())
                    + "; real: " + String.join(", ", RealDatasets.kinds()) + " (or 'real')");
        }
        if (train < 100 || eval < 100) throw new ParameterException(spec.commandLine(), "--train and --eval need at least 100 samples");
        if (repeats < 0) throw new ParameterException(spec.commandLine(), "--repeats must be positive (or 0 for the default), got " + repeats);
        if (emComponents != null && emMax != 0) throw new ParameterException(spec.commandLine(), "give --em-components or --em-max-components, not both");
        if (emMax < 0) throw new ParameterException(spec.commandLine(), "--em-max-components must be positive (or 0 for the default), got " + emMax);
        EmCandidates emCandidates;
        try {
            emCandidates = emComponents != null ? EmCandidates.parse(emComponents) : emMax > 0 ? EmCandidates.upTo(emMax) : null;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--em-components: " + e.getMessage());
        }
        if (baselineJar != null && !Files.isRegularFile(baselineJar)) throw InputException.in(baselineJar, "not a file (--baseline-jar)");
        List<String> synthetic = chosen.stream().filter(k -> !RealDatasets.isReal(k)).toList();
        List<RealDataSuite.Table> real = new ArrayList<>(chosen.stream().filter(RealDatasets::isReal).map(RealDataSuite.Table::shipped).toList());
        Progress progress = new Progress(spec);
        if (data == null && (sheet != null || measurement != null))
            throw new ParameterException(spec.commandLine(), (sheet != null ? "--sheet" : "--measurement") + " chooses the part of a --data file to judge, and no --data is given");
        if (data != null) for (Path file : data) real.add(ownTable(file, sheet, measurement, progress));

        if (stream) {   // before any table is judged: a refusal after minutes of work is no refusal
            if (real.isEmpty()) throw new ParameterException(spec.commandLine(), "--stream needs real data sets (--kinds or --data)");
            for (RealDataSuite.Table t : real) {
                try {
                    if (t.columns().hasLabels()) StreamedGenerator.labelledFeed(t.columns(), t.rows().numCols);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage().replaceFirst("^--stream: ", "--stream: " + t.name() + ": "));
                }
            }
        }
        StringBuilder tables = new StringBuilder();
        if (!synthetic.isEmpty())
            tables.append(QualitySuite.markdown(QualitySuite.run(synthetic, train, eval, emCandidates, seed, progress::line)));
        if (!real.isEmpty()) {
            try (StreamedGenerator streamed = new StreamedGenerator()) {
                List<RealDataSuite.Method> methods = new ArrayList<>();
                methods.add(CliGenerators.thisBuild());
                if (stream) methods.add(StreamedGenerator.method(streamed));
                if (baselineJar != null) methods.add(CliGenerators.jar(baselineJar, baselineLabel));
                methods.addAll(RealDataSuite.emMethods(emCandidates));
                methods.add(RealDataSuite.kernelDensityMethod());
                if (!tables.isEmpty()) tables.append('\n');
                List<RealDataSuite.Row> rows = RealDataSuite.runTables(real, repeats, methods, seed, progress::line);
                tables.append(RealDataSuite.summary(rows)).append('\n').append(RealDataSuite.markdown(rows));
                String fits = RealDataSuite.fitsMarkdown(rows);
                if (!fits.isEmpty()) tables.append('\n').append(fits);
            }
        }
        String table = tables.toString();
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        if (out != null) AtomicFiles.write(out, o -> o.write(table.getBytes(StandardCharsets.UTF_8)));
        return Main.OK;
    }
}
