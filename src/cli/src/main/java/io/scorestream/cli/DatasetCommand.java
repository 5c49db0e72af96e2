package io.scorestream.cli;

import io.scorestream.data.RealDatasets;
import io.scorestream.io.CsvVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes a vendored real data set's rows as CSV, or lists the data sets. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Write the rows of a real public data set shipped with ScoreStream as CSV (see --list).")
final class DatasetCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "data set: ${COMPLETION-CANDIDATES}",
            completionCandidates = BenchQualityCommand.RealKinds.class)
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "CSV file to write: a header line of the column names, then one row per line (a column of labels as its text labels).")
    Path out;

    @Option(names = "--list", description = "List the data sets, their dimension, rows and character.")
    boolean list;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            int width = RealDatasets.kinds().stream().mapToInt(String::length).max().orElse(1);   // names in one column, however long
            for (String kind : RealDatasets.kinds()) {
                var rows = RealDatasets.load(kind);
                stdout.printf("%-" + width + "s d=%-3d rows=%-5d %s%n", kind, rows.numCols, rows.numRows, RealDatasets.source(kind).character());
            }
            stdout.flush();
            return Main.OK;
        }
        if (name == null) throw new ParameterException(spec.commandLine(), "name a data set (one of " + String.join(", ", RealDatasets.kinds()) + ") or use --list");
        if (!RealDatasets.isReal(name))
            throw new ParameterException(spec.commandLine(), "unknown data set '" + name + "'; known: " + String.join(", ", RealDatasets.kinds()));
        if (out == null) throw new ParameterException(spec.commandLine(), "--out FILE is required");
        CsvVectors.write(out, RealDatasets.load(name), RealDatasets.schema(name));   // labels written back as text
        return Main.OK;
    }
}
