package io.scorestream.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/**
 * Progress lines for slow steps. They go to stderr so stdout stays clean for the result
 * (a table or JSON that may be piped on), and are prefixed like errors so logs say who spoke.
 */
final class Progress {
    private final PrintWriter err;
    private final String prefix;
    private final long start = System.nanoTime();

    Progress(CommandSpec spec) {
        this.err = spec.commandLine().getErr();
        this.prefix = spec.qualifiedName() + ": ";
    }

    void line(String message) {
        err.printf("%s%s [%.1f s]%n", prefix, message, (System.nanoTime() - start) / 1e9);
        err.flush();
    }
}
