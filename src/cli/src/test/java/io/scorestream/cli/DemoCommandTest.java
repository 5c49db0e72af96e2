package io.scorestream.cli;

import io.scorestream.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** demo: a short run on the embedded broker ends with a report of its final model. */
class DemoCommandTest {
    @TempDir Path dir;

    @Test
    void writesAReportAtItsEnd() throws Exception {
        Path report = dir.resolve("demo-report");
        CliRun run = CliRun.of("demo", "--seconds", "5", "--rate", "4000", "--report", report.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        String all = run.out() + run.err();
        assertTrue(all.contains("/model /samples?n=N /metrics"), all);
        assertTrue(all.contains("report: " + report.resolve(Report.INDEX)), all);
        for (String file : new String[]{Report.INDEX, Report.SCATTER, Report.SCORE_ERROR, Report.GENERATED, Report.marginal(0), Report.marginal(1)})
            assertTrue(Files.size(report.resolve(file)) > 0, file);
        String index = Files.readString(report.resolve(Report.INDEX));
        assertTrue(index.contains("demo stream, model v"), "the page names the model it shows");
    }

    @Test
    void refusesAReportPathThatIsAFileBeforeStarting() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        String line = CliRun.of("demo", "--seconds", "5", "--report", file.toString()).singleErrorLine();
        assertTrue(line.contains("taken") && line.contains("not a directory"), line);
    }
}
