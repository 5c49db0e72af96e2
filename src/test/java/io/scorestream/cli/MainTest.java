package io.scorestream.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MainTest {
    @Test
    void helpGoesToStdoutWithExitZero() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("generate-data") && run.out().contains("eval"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void subcommandHelpWorks() {
        CliRun run = CliRun.of("generate-data", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--kind"), run.out());
    }

    @Test
    void unknownTopLevelOptionIsOneLine() {
        String line = CliRun.of("--bogus").singleErrorLine();
        assertTrue(line.startsWith("scorestream: ") && line.contains("--bogus"), line);
    }

    @Test
    void unknownCommandIsOneLine() {
        String line = CliRun.of("frobnicate").singleErrorLine();
        assertTrue(line.startsWith("scorestream: ") && line.contains("frobnicate"), line);
    }

    @Test
    void noCommandIsAUsageError() {
        String line = CliRun.of().singleErrorLine();
        assertTrue(line.startsWith("scorestream: missing command") && line.contains("generate-data"), line);
    }

    @Test
    void verboseIsAcceptedAfterTheSubcommand() {
        CliRun run = CliRun.of("generate-data", "--verbose", "--help");
        assertEquals(0, run.exitCode(), run.err());
    }
}
