package io.scorestream.cli;

import io.scorestream.io.InputException;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

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

    /** A line naming a command builds only that command's model; without one, all are there for help. */
    @Test
    void onlyTheNamedCommandIsBuilt() {
        assertEquals(java.util.Set.of("sample"), Main.commandLine(new String[]{"--verbose", "sample", "--n", "5"}).getSubcommands().keySet());
        assertEquals(Main.COMMANDS.size(), Main.commandLine(new String[]{"--help"}).getSubcommands().size());
        assertEquals(Main.COMMANDS.size(), Main.commandLine(new String[]{"frobnicate"}).getSubcommands().size());
    }

    @Test
    void unknownTopLevelOptionIsOneLine() {
        String line = CliRun.of("--bogus").singleErrorLine();
        assertTrue(line.startsWith("scorestream: ") && line.contains("--bogus"), line);
    }

    @Test
    void unknownCommandIsOneLine() {
        String line = CliRun.of("frobnicate").singleErrorLine();
        assertTrue(line.startsWith("scorestream: unknown command 'frobnicate'; choose one of: "), line);
        for (String command : new String[]{"generate-data", "fit", "sample", "eval"}) assertTrue(line.contains(command), line);
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

    @Test
    void internalErrorIsOneLineWithAHintAndExitOne() {
        StringWriter text = new StringWriter();
        int code = Main.reportFailure(new IllegalStateException("state\nbroken"), "scorestream eval", false, new PrintWriter(text, true));
        assertEquals(1, code);
        assertEquals(1, text.toString().lines().count(), text.toString());
        assertTrue(text.toString().startsWith("scorestream eval: internal error: IllegalStateException: state broken"), text.toString());
        assertTrue(text.toString().contains("--verbose"), text.toString());
    }

    @Test
    void debugAddsTheStackTrace() {
        StringWriter text = new StringWriter();
        Main.reportFailure(new IllegalStateException("x"), "scorestream", true, new PrintWriter(text, true));
        assertTrue(text.toString().lines().count() > 2, text.toString());
        assertTrue(text.toString().contains("at io.scorestream.cli.MainTest"), text.toString());
    }

    @Test
    void inputProblemsAreExitTwo() {
        StringWriter text = new StringWriter();
        assertEquals(2, Main.reportFailure(new InputException("a.csv:3: bad"), "scorestream eval", false, new PrintWriter(text, true)));
        assertEquals("scorestream eval: a.csv:3: bad", text.toString().strip());
        assertEquals(2, Main.reportFailure(new IllegalArgumentException("no"), "scorestream", false, new PrintWriter(new StringWriter(), true)));
    }
}
