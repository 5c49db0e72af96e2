package io.scorestream.cli;

import io.scorestream.report.Report;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** demo: a short run on the embedded broker stops at its --target after the shift and ends with a report of its final model. */
class DemoCommandTest {
    @TempDir Path dir;

    @Test
    void writesAReportAtItsEnd() throws Exception {
        Path report = dir.resolve("demo-report");
        // --target 0.49: any model after the shift is within it (its accuracy is at most 1, the floor about 0.5)
        CliRun run = CliRun.of("demo", "--seconds", "12", "--rate", "4000", "--target", "0.49", "--report", report.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        String all = run.out() + run.err();
        assertTrue(all.contains("the stream's mixture shifts now") && all.contains("target reached after the shift"), all);
        assertTrue(all.contains("/model /samples?n=N /metrics"), all);
        assertTrue(all.contains("report: " + report.resolve(Report.INDEX)), all);
        for (String file : new String[]{Report.INDEX, Report.SCATTER, Report.SCORE_ERROR, Report.GENERATED, Report.marginal(0), Report.marginal(1)})
            assertTrue(Files.size(report.resolve(file)) > 0, file);
        String index = Files.readString(report.resolve(Report.INDEX));
        assertTrue(index.contains("demo stream, model v"), "the page names the model it shows");
    }

    @Test
    void refusesATargetOutsideZeroToAHalf() {
        for (String target : new String[]{"0", "0.5", "-0.1"})
            assertTrue(CliRun.of("demo", "--target", target).singleErrorLine().contains("--target is a distance from the two-sample floor: above 0 and below 0.5, got "), target);
    }

    @Test
    void refusesAReportPathThatIsAFileBeforeStarting() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        String line = CliRun.of("demo", "--seconds", "5", "--report", file.toString()).singleErrorLine();
        assertTrue(line.contains("taken") && line.contains("not a directory"), line);
    }
}
