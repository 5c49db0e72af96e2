package io.scorestream.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** bench-quality on a real data set, through the command line, with every option it has for real data. */
class BenchQualityRealDataTest {
    @Test
    void irisRowsShowFloorScoreStreamAnotherBuildBothEmsAndTheKernelDensity(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("table.md");
        CliRun run = CliRun.of("bench-quality", "--kinds", "iris", "--repeats", "1", "--em-max-components", "3", "--seed", "7",
                "--baseline-jar", pathingJar(dir).toString(), "--baseline-label", "ScoreStream, other JVM", "--out", table.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().filter(l -> l.startsWith("| iris | 4 |")).toList();
        assertEquals(7, lines.size(), run.out()); // the summary line, then one row per method
        String[] summary = lines.get(0).split("\\|");
        assertEquals(10, summary.length, lines.get(0)); // data set, d, rows, floor, five methods
        for (int i = 5; i < 10; i++) assertTrue(summary[i].strip().matches("0\\.\\d{3} \\([+-]0\\.\\d{3}\\)"), summary[i]);
        List<String> rows = lines.subList(1, 7);
        String[] methods = {"floor (held-out real vs reference)", "ScoreStream (fit, sample defaults)", "ScoreStream, other JVM",
                "EM full, k of 1..3 by BIC", "EM diag, k of 1..3 by BIC", "KDE, bandwidth by leave-one-out likelihood"};
        for (int i = 0; i < methods.length; i++) {
            String[] cells = rows.get(i).split("\\|");
            assertEquals(methods[i], cells[4].strip());
            assertEquals("76 / 37 × 1", cells[3].strip(), "50 / 25 / 25 split of 150 rows, one split");
            double accuracy = Double.parseDouble(cells[5].strip().split(" ")[0]);
            assertTrue(accuracy >= 0.3 && accuracy <= 1.0, rows.get(i));
        }
        // Nearest training row, against the held-out rows': 1 for the floor by definition, a positive ratio for every method.
        assertEquals("1.00", rows.get(0).split("\\|")[11].strip(), rows.get(0));
        for (String row : rows) assertTrue(Double.parseDouble(row.split("\\|")[11].strip()) > 0, row);
        // The same build in another JVM gives the same samples: its metrics equal the in-process ones (all but the time).
        assertEquals(metrics(rows.get(1)), metrics(rows.get(2)));
        // The floor is real data: on the train part's grid, off it only where the held-out rows leave its range.
        assertTrue(rows.get(0).contains("| 0.0 %") || rows.get(0).matches(".*\\| [0-9.]+ % \\|.*"));
        // Generated values as written are off the 0.1 grid: the typed comparison is what puts them on it.
        assertTrue(rows.get(1).contains("| 100.0 % |") || rows.get(1).matches(".*\\| [0-9.]+ % \\|.*"), rows.get(1));
        // EM's own figures: its k and its held-out log-likelihood beside one Gaussian's, one split each.
        List<String> fits = run.out().lines().filter(l -> l.startsWith("| iris | EM ")).toList();
        assertEquals(2, fits.size(), run.out());
        for (String fit : fits) {
            String[] cells = fit.split("\\|");
            assertTrue(cells[3].strip().matches("[123] \\([123]–[123]\\)"), fit);
            Double.parseDouble(cells[4].strip());
            Double.parseDouble(cells[5].strip());
            assertTrue(cells[6].strip().matches("[01] of 1"), fit);
        }
        assertEquals(run.out(), Files.readString(table));
    }

    /** --em-components on a real data set: both EMs try the listed k, and their rows say which. */
    @Test
    void realRowsNameTheListedComponentCounts() {
        CliRun run = CliRun.of("bench-quality", "--kinds", "iris", "--repeats", "1", "--em-components", "1,3", "--seed", "7");
        assertEquals(0, run.exitCode(), run.err());
        List<String> methods = run.out().lines().filter(l -> l.startsWith("| iris | 4 |")).skip(1).map(l -> l.split("\\|")[4].strip()).toList();
        assertEquals(List.of("floor (held-out real vs reference)", "ScoreStream (fit, sample defaults)", "EM full, k of 1,3 by BIC", "EM diag, k of 1,3 by BIC",
                        "KDE, bandwidth by leave-one-out likelihood"),
                methods, run.out());
    }

    /**
     * --stream: each split's training rows go through a topic of an in-process broker to a node,
     * whose drained model (every record in it, or the command fails) is sampled beside fit's.
     * A one-partition stream whose warm-up holds every row plans as fit plans and draws each record
     * as fit draws it, so the two models sample alike.
     */
    @Test
    void aStreamedRowLearnsEachSplitThroughANodeOnKafka() {
        CliRun run = CliRun.of("bench-quality", "--kinds", "iris", "--repeats", "1", "--em-max-components", "2", "--seed", "7", "--stream");
        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| iris | 4 |")).skip(1).toList();
        assertEquals(List.of("floor (held-out real vs reference)", "ScoreStream (fit, sample defaults)", "ScoreStream streamed (a node on Kafka, sample defaults)",
                        "EM full, k of 1..2 by BIC", "EM diag, k of 1..2 by BIC", "KDE, bandwidth by leave-one-out likelihood"),
                rows.stream().map(l -> l.split("\\|")[4].strip()).toList(), run.out());
        double fit = Double.parseDouble(rows.get(1).split("\\|")[7].strip()), streamed = Double.parseDouble(rows.get(2).split("\\|")[7].strip());
        assertEquals(fit, streamed, 0.03, "typed C2ST of fit's model and of the streamed one");
        assertTrue(CliRun.of("bench-quality", "--kinds", "gmm", "--stream").singleErrorLine().contains("--stream needs real data sets"));
    }

    /**
     * A table with a column of labels streams as JSON records with its labels as text, none
     * configured: the stream learns them from its warm-up, the streamed model's labels are read back
     * by name, as fit's are, and sample as fit's do. A labelled table with dates is refused, in one
     * line before any work.
     */
    @Test
    void aLabelledTableStreamsAsJsonRecordsWhoseLabelsTheStreamLearns(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("bench-quality", "--kinds", "penguins-labels", "--repeats", "1", "--em-max-components", "2", "--seed", "7", "--stream");
        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| penguins-labels | 7 |")).skip(1).toList();
        assertEquals("ScoreStream streamed (a node on Kafka, sample defaults)", rows.get(2).split("\\|")[4].strip(), run.out());
        double fit = Double.parseDouble(rows.get(1).split("\\|")[7].strip()), streamed = Double.parseDouble(rows.get(2).split("\\|")[7].strip());
        assertEquals(fit, streamed, 0.03, "typed C2ST of fit's model and of the streamed one");

        Path csv = dir.resolve("days.csv");
        StringBuilder text = new StringBuilder("day,site,temp\n");
        for (int i = 0; i < 60; i++) text.append(String.format("2024-01-%02d,s%d,%.1f%n", 1 + i % 28, i % 3, 20 + (i % 7) * 0.5));
        Files.writeString(csv, text);
        String refused = CliRun.of("bench-quality", "--data", csv.toString(), "--stream").singleErrorLine();
        assertTrue(refused.contains("--stream: days.csv: column 1 (day) holds dates or times"), refused);
    }

    @Test
    void badRealDataOptionsAreOneLine(@TempDir Path dir) {
        assertTrue(CliRun.of("bench-quality", "--kinds", "iris,mnist").singleErrorLine().contains("real: iris, penguins"));
        assertTrue(CliRun.of("bench-quality", "--kinds", "iris", "--repeats", "-1").singleErrorLine().contains("--repeats must be positive"));
        String missing = dir.resolve("none.jar").toString();
        assertTrue(CliRun.of("bench-quality", "--kinds", "iris", "--baseline-jar", missing).singleErrorLine().contains("none.jar"));
    }

    /**
     * --data judges a user's own table as the shipped sets are judged: read as fit reads it (its
     * column of names a column of labels), rows with a missing value left out and counted, the same rows and methods.
     */
    @Test
    void ownTablesAreJudgedLikeTheShippedSets(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("readings.csv");
        StringBuilder text = new StringBuilder("site,temp,load\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int i = 0; i < 120; i++)
            text.append("s").append(i % 7).append(',').append(i % 40 == 5 ? "NA" : String.format("%.1f", 20 + 3 * rng.nextGaussian()))
                    .append(',').append(rng.nextInt(10)).append('\n');
        Files.writeString(csv, text);
        CliRun run = CliRun.of("bench-quality", "--data", csv.toString(), "--repeats", "1", "--em-max-components", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("left out 3 of 120 rows with a missing value"), run.err());
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| readings.csv | 3 |")).skip(1).toList();
        assertEquals(List.of("floor (held-out real vs reference)", "ScoreStream (fit, sample defaults)", "EM full, k of 1..2 by BIC", "EM diag, k of 1..2 by BIC",
                        "KDE, bandwidth by leave-one-out likelihood"),
                rows.stream().map(l -> l.split("\\|")[4].strip()).toList(), run.out());
        assertEquals("3", rows.get(0).split("\\|")[2].strip(), "site, temp and load: the site's seven names are labels");
        assertEquals("59 / 29 × 1", rows.get(0).split("\\|")[3].strip(), "117 rows dealt 50 / 25 / 25");
        assertFalse(run.out().contains("| iris |"), "--data alone runs no synthetic or shipped set");

        Path tiny = dir.resolve("tiny.csv");
        Files.writeString(tiny, "a,b\n1,2\n3,4\n");
        assertTrue(CliRun.of("bench-quality", "--data", tiny.toString()).singleErrorLine().contains("need at least 40 rows"));
        assertTrue(CliRun.of("bench-quality", "--data", dir.resolve("none.csv").toString()).singleErrorLine().contains("none.csv"));
    }

    /**
     * A column of more than two labels is judged as one 0/1 column per label, for every method and
     * the floor (eval's encoding); ScoreStream learns the labels from a CSV of text labels and its
     * samples' labels are read back as the table's.
     */
    @Test
    void aColumnOfFourLabelsIsJudgedAsFourZeroOneColumns(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("colours.csv");
        StringBuilder text = new StringBuilder("colour,x,ok\n");
        String[] colours = {"red", "green", "blue", "grey"};
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 80; i++)
            text.append(colours[i % 4]).append(',').append(String.format("%.2f", 3 * (i % 4) + rng.nextGaussian())).append(',').append(i % 3 == 0 ? "yes" : "no").append('\n');
        Files.writeString(csv, text);
        CliRun run = CliRun.of("bench-quality", "--data", csv.toString(), "--repeats", "1", "--em-max-components", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("colours.csv: 2 columns of labels, judged as 6 columns (one 0/1 column per label past two)"), run.err());
        List<String> rows = run.out().lines().filter(l -> l.startsWith("| colours.csv | 3 |")).skip(1).toList();
        assertEquals(5, rows.size(), run.out());
        assertEquals("3", rows.get(0).split("\\|")[2].strip(), "colour, x and ok as learned");
        for (String row : rows) {
            double accuracy = Double.parseDouble(row.split("\\|")[7].strip());
            assertTrue(accuracy >= 0.2 && accuracy <= 1.0, row);
        }
    }

    private static List<String> metrics(String row) {
        List<String> cells = Arrays.asList(row.split("\\|"));
        return cells.subList(5, cells.size() - 1);
    }

    /** A jar holding only a manifest: Main-Class is this build's Main, Class-Path this test JVM's class path. */
    private static Path pathingJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" ")));
        Path jar = dir.resolve("this-build.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
