package io.scorestream.cli;

import io.scorestream.bench.RealDataSuite;
import io.scorestream.io.CsvVectors;
import io.scorestream.io.DecimalSyntax;
import io.scorestream.io.RecordSchema;
import io.scorestream.io.Tables;
import org.ejml.data.DMatrixRMaj;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * ScoreStream as a user runs it, for the real-data bench: {@code fit} with defaults, then
 * {@code sample}, through the command line — this build's in-process, or another build's jar in a
 * JVM of its own (today's defaults at an older commit). Whatever {@code fit} and {@code sample}
 * do to the data (transforms, column types) is therefore what the bench measures.
 */
final class CliGenerators {
    private CliGenerators() {}

    /** This build's {@code fit} and {@code sample}, in this JVM. */
    static RealDataSuite.Method thisBuild() {
        return new RealDataSuite.Method("ScoreStream (fit, sample defaults)", (train, columns, n, seed) -> fitAndSample(train, columns, n, seed, CliGenerators::inProcess));
    }

    /** Another build's jar, run with this JVM's java. */
    static RealDataSuite.Method jar(Path jar, String label) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new RealDataSuite.Method(label, (train, columns, n, seed) -> fitAndSample(train, columns, n, seed, args -> {
            List<String> command = new ArrayList<>(List.of(java, "-Xmx4g", "-jar", jar.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException(jar + " " + String.join(" ", args) + " failed: " + output.strip());
        }));
    }

    @FunctionalInterface
    private interface CommandRunner {
        void run(String... args) throws Exception;
    }

    /**
     * Rows of numbers are written bare, as ever. A table with columns of labels is written as a
     * user's CSV is, its labels as text under a header, and fitted from that (every column named
     * in {@code --fields}, so a column of many labels in few rows is read as labels, not left out
     * as free text); the generated file's labels are read back as the table's label indices.
     */
    private static DMatrixRMaj fitAndSample(DMatrixRMaj train, RecordSchema table, int n, long seed, CommandRunner cli) throws Exception {
        // A headerless file's labels (UCI's .data files) are written under the names x1..xd, so that
        // --fields can name them and the generated file's labels are read back by name.
        RecordSchema columns = withoutClockTimes(table.named() || !table.hasLabels() ? table
                : new RecordSchema(table.format(), table.namesOr(train.numCols), table.avroSchema(), table.labels(), table.textForms(), table.dialect()));
        Path dir = Files.createTempDirectory("scorestream-bench");
        try {
            boolean labels = columns.hasLabels();
            // Labels that are numbers (an ARFF nominal of {0,1}) would be read back from a CSV file as
            // numbers: an ARFF file of the training rows declares them labels, as the user's file did.
            boolean numericLabels = labels && java.util.stream.IntStream.range(0, train.numCols)
                    .anyMatch(j -> columns.isCategorical(j) && columns.labelsOf(j).stream().allMatch(DecimalSyntax::isDecimal));
            Path data = dir.resolve(numericLabels ? "train.arff" : "train.csv"), model = dir.resolve("model.bin"), generated = dir.resolve("generated.csv");
            List<String> fit = new ArrayList<>(List.of("fit", "--input", data.toString(), "--model", model.toString(), "--seed", Long.toString(seed)));
            if (labels) {
                if (numericLabels) Tables.write(data, train, columns);
                else CsvVectors.write(data, train, columns);
                if (columns.names().stream().noneMatch(name -> name.contains(","))) fit.addAll(List.of("--fields", String.join(",", columns.names())));
            } else {
                CsvVectors.write(data, train);
            }
            cli.run(fit.toArray(String[]::new));
            cli.run("sample", "--model", model.toString(), "--n", Integer.toString(n), "--out", generated.toString(),
                    "--seed", Long.toString(seed + 3));
            return readGenerated(generated, columns);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
            }
        }
    }

    /** A generated file's rows: bare numbers, or, for a table with labels, its labels read back by name as the table's label indices. */
    static DMatrixRMaj readGenerated(Path generated, RecordSchema columns) throws java.io.IOException {
        return columns.hasLabels() ? DataTables.onColumns(CsvVectors.readTable(generated, columns.names(), -1, null), columns, problem -> new IllegalStateException("generated " + problem))
                : CsvVectors.read(generated);
    }

    /**
     * The columns with clock times hhmm written as the minutes since midnight they are learned in:
     * a training split too small for the clock's evidence (70 values past 99) would be learned as
     * integers hhmm, and its generated 1575 would be no time to read back. Minutes are learned the
     * same either way (ClockTimesCommandTest: the same model).
     */
    private static RecordSchema withoutClockTimes(RecordSchema columns) {
        if (columns.textForms().isEmpty()) return columns;
        List<String> forms = new ArrayList<>(columns.textForms());
        for (int j = 0; j < forms.size(); j++)
            if (columns.isTime(j) && columns.timeFormat(j).writtenAsNumber()) forms.set(j, "");
        return columns.withTextForms(forms);
    }

    /** A scorestream command in this JVM; a non-zero exit is an exception with its error output. */
    static void inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (code != Main.OK)
            throw new IllegalStateException("scorestream " + String.join(" ", args) + " failed: " + err.toString(StandardCharsets.UTF_8).strip());
    }
}
