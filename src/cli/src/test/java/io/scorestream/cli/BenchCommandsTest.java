package io.scorestream.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark commands refuse bad options with one line before doing any work; bench-cost's --data and bench-stream's --records avro run. */
class BenchCommandsTest {
    @Test
    void badOptionsAreOneLine() {
        assertTrue(CliRun.of("bench-stream", "--n", "5").singleErrorLine().contains("--n >= 10000"));
        assertTrue(CliRun.of("bench-stream", "--dimension", "0").singleErrorLine().startsWith("scorestream bench-stream: "));
        assertTrue(CliRun.of("bench-stream", "--records", "xml").singleErrorLine().contains("--records must be csv, json-object or avro, got 'xml'"));
        assertTrue(CliRun.of("bench-stream", "--records", "avro,protobuf").singleErrorLine().contains("--records must be csv, json-object or avro, got 'protobuf'"));
        assertTrue(CliRun.of("bench-stream", "--record-paths", "singleton,sideways").singleErrorLine().contains("--record-paths takes singleton and partition-local, got 'sideways'"));
        assertTrue(CliRun.of("bench-stream", "--kind", "blob").singleErrorLine().contains("unknown kind 'blob'"));
        assertTrue(CliRun.of("bench-stream", "--generated", "-1").singleErrorLine().contains("--generated must be 0 (not timed) or more, got -1"));
        assertTrue(CliRun.of("bench-stream", "--model-every", "-5").singleErrorLine().contains("--model-every must be 0 (no versions) or more, got -5"));
        assertTrue(CliRun.of("bench-cost", "--dimensions", "64,0").singleErrorLine().contains("--dimensions must all be positive"));
        assertTrue(CliRun.of("bench-cost", "--em-dimensions", "2,0").singleErrorLine().contains("--em-dimensions must all be positive, got [2, 0]"));
        assertTrue(CliRun.of("bench-cost", "--memory-samples", "5000").singleErrorLine().contains("need --memory-samples >= 1000000 (its first checkpoint), got 5000"));
        assertTrue(CliRun.of("bench-cost", "--memory-levels", "1").singleErrorLine().contains("need --memory-levels >= 2, got 1"));
        for (String[] bad : new String[][]{{"--n", "5"}, {"--dimension", "0"}, {"--levels", "1"}, {"--bands", "0"}, {"--partitions", "0"}, {"--nodes", "1,9"}})
            assertTrue(CliRun.of("bench-ceiling", bad[0], bad[1]).singleErrorLine().contains("need --n >= 10000"), String.join(" ", bad));
        assertTrue(CliRun.of("bench-quality", "--kinds", "gmm,blob").singleErrorLine().contains("unknown kind 'blob'"));
        assertTrue(CliRun.of("bench-quality", "--train", "5").singleErrorLine().contains("at least 100"));
        assertTrue(CliRun.of("bench-quality", "--em-components", "1..x").singleErrorLine().contains("--em-components: '1..x' is not k, A..B or A..B:STEP"));
        assertTrue(CliRun.of("bench-quality", "--em-components", "2,9..4").singleErrorLine().contains("--em-components: '9..4': the range ends below its start"));
        assertTrue(CliRun.of("bench-quality", "--em-components", "0..3").singleErrorLine().contains("--em-components: '0..3': k must be at least 1"));
        assertTrue(CliRun.of("bench-quality", "--em-components", "2..8:0").singleErrorLine().contains("--em-components: '2..8:0': the step must be at least 1"));
        assertTrue(CliRun.of("bench-quality", "--em-components", "3", "--em-max-components", "4").singleErrorLine()
                .contains("give --em-components or --em-max-components, not both"));
        assertTrue(CliRun.of("bench-quality", "--em-max-components", "-2").singleErrorLine().contains("--em-max-components must be positive"));
        assertTrue(CliRun.of("bench-cost", "--tables", "speed").singleErrorLine().contains("unknown table 'speed'"));
        assertTrue(CliRun.of("bench-cost", "--absorb", "5").singleErrorLine().contains("need --absorb >= 2048, got 5"));
        assertTrue(CliRun.of("bench-cost", "--generate", "100").singleErrorLine().contains("need --generate >= 512, got 100"));
        assertTrue(CliRun.of("bench-cost", "--row", "10:200").singleErrorLine().contains("--row needs d:levels:maxCells:degree:data"));
        assertTrue(CliRun.of("bench-cost", "--data", "pixels").singleErrorLine().contains("unknown --data 'pixels'; known: axes, embed"));
        assertTrue(CliRun.of("bench-cost", "--data", "embed", "--dimensions", "64,16").singleErrorLine()
                .contains("--data embed needs every --dimensions >= 24"));
    }

    /**
     * --em-components: EM fits exactly the listed k (each reported as it finishes), and the row
     * names the list as typed; the k BIC keeps is one of them.
     */
    @Test
    void emTriesTheListedComponentCounts() {
        CliRun run = CliRun.of("bench-quality", "--kinds", "gmm", "--train", "600", "--eval", "200", "--em-components", "2,4..6:2");
        assertEquals(0, run.exitCode(), run.err());
        List<String> tried = run.errLines().stream().filter(l -> l.contains("gmm: EM k=") && l.contains(" BIC "))
                .map(l -> l.replaceAll("^.*gmm: EM k=(\\d+) BIC.*$", "$1")).toList();
        assertEquals(List.of("2", "4", "6"), tried, run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\| gmm \\| 2 \\| EM, k=[246] of 2,4\\.\\.6:2 by BIC \\|.*")), run.out());
        // The smoothed bootstrap beside EM, its bandwidth in its row.
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\| gmm \\| 2 \\| KDE, bandwidth by leave-one-out likelihood \\(h = 0\\.\\d{3}\\) \\|.*")), run.out());
    }

    /**
     * --records avro: the stream reads Avro data of d double fields (input.format = avro), each a
     * bare 8 bytes a value, and absorbs every record (the run line exists only once all are consumed).
     * --model-every: versions inside the timed span, counted.
     */
    @Test
    void streamOfAvroRecords() {
        // 40 000 records: after the 16 384-record warm-up and 5 000 untimed, about 18 600 are timed. With
        // 10 000 the 2 500 timed records of d = 3 could all be absorbed before the span's first poll
        // on an idle machine, leaving no version in it (CI, twice).
        CliRun run = CliRun.of("bench-stream", "--n", "40000", "--dimension", "3", "--levels", "2", "--bands", "1", "--records", "avro", "--generated", "0",
                "--model-every", "500");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("records=40000 (avro)"), run.out());
        String line = run.out().lines().filter(l -> l.startsWith("through Kafka and actors, 1 node(s), singleton path, avro records: "))
                .findFirst().orElseThrow(() -> new AssertionError(run.out()));
        assertTrue(!line.startsWith("through Kafka and actors, 1 node(s), singleton path, avro records: 0 samples/s"), line);
        assertTrue(run.out().contains("24 bytes/record on the topic"), "3 doubles of 8 bytes, no text: " + run.out());
        String versions = run.out().lines().filter(l -> l.startsWith("  model versions published in the timed span: "))
                .findFirst().orElseThrow(() -> new AssertionError(run.out()));
        // Thousands of records timed, a version every 500 of them on the singleton path's exact count.
        assertTrue(Integer.parseInt(versions.replaceAll("^  model versions published in the timed span: (\\d+) .*$", "$1")) >= 1, versions);
    }

    /**
     * A stream whose plan keeps a subspace split (embed64), on the partition-local path: its warm-up
     * reader once rebuilt the planned structure without the split, and every partition's learner then
     * refused the cells of the split's rank, restarting for ever; nothing was absorbed.
     */
    @Test
    void partitionLocalStreamOfASubspaceSplitModel() {
        CliRun run = CliRun.of("bench-stream", "--kind", "embed64", "--n", "10000", "--levels", "2", "--bands", "1",
                "--record-paths", "partition-local", "--generated", "0");
        assertEquals(0, run.exitCode(), run.err());
        String line = run.out().lines().filter(l -> l.startsWith("through Kafka and actors, 1 node(s), partition-local path, csv records: "))
                .findFirst().orElseThrow(() -> new AssertionError(run.out() + run.err()));
        assertTrue(!line.startsWith("through Kafka and actors, 1 node(s), partition-local path, csv records: 0 samples/s"), line);
    }

    /** The fit-against-EM rows at the dimensions --em-dimensions gives, and the memory table at --memory-levels up to --memory-samples. */
    @Test
    void emAndMemoryTablesTakeTheirOptions() {
        CliRun run = CliRun.of("bench-cost", "--tables", "em,memory", "--em-dimensions", "1", "--memory-samples", "1000000", "--memory-levels", "2");
        assertEquals(0, run.exitCode(), run.err());
        List<String> emRows = run.out().lines().filter(l -> l.matches("\\| \\d+ \\| 20000 \\|.*")).toList();
        assertEquals(1, emRows.size(), run.out());
        assertTrue(emRows.get(0).startsWith("| 1 | 20000 | "), "one row, d = 1: " + emRows);
        assertTrue(run.out().contains("Heap in use after a full GC (d = 10, 2 levels,"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("| 1,000,000 | ")), run.out());
    }

    /** --data embed: a dimension row on the embedded mixture, measured in its own JVM, with the model's bytes. */
    @Test
    void dimensionRowOnTheEmbeddedMixture() {
        CliRun run = CliRun.of("bench-cost", "--tables", "dimension", "--data", "embed", "--dimensions", "32", "--absorb", "2048", "--generate", "512");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("data embed):"), run.out());
        String row = run.out().lines().filter(l -> l.startsWith("| 32 |")).findFirst().orElseThrow(() -> new AssertionError(run.out()));
        String[] cells = row.split("\\|");
        // | d | r | levels | cells | degree | p | absorbed/s | absorb CPU µs | generated/s | generate CPU µs | model bytes |
        assertEquals(12, cells.length, row);
        int r = Integer.parseInt(cells[2].trim());
        assertTrue(r >= 1 && r <= 32, row);
        assertEquals(io.scorestream.learn.FitOptions.defaults().levels(), Integer.parseInt(cells[3].trim()), row);
        for (int c = 7; c <= 10; c++) assertTrue(Double.parseDouble(cells[c].trim().replace(",", "")) > 0, row);
        // Every level's weights of at least one cell, p×(r or d) doubles, at the least.
        assertTrue(Long.parseLong(cells[11].trim().replace(",", "")) > io.scorestream.learn.FitOptions.defaults().levels() * 8L * r, row);
    }
}
