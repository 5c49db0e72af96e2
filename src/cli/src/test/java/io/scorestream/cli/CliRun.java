package io.scorestream.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code fit --input input --model model --levels=levels} followed by options. */
    static CliRun fit(java.nio.file.Path input, java.nio.file.Path model, int levels, String... options) {
        String[] args = new String[6 + options.length];
        System.arraycopy(new String[]{"fit", "--input", input.toString(), "--model", model.toString(), "--levels=" + levels}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return of(args);
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** The contract for bad input: exit 2, exactly one stderr line, nothing on stdout. */
    String singleErrorLine() {
        if (exitCode != 2 || errLines().size() != 1 || !out.isEmpty())
            throw new AssertionError("expected exit 2 with one stderr line, got exit " + exitCode
                    + "\nstderr:\n" + err + "\nstdout:\n" + out);
        return errLines().get(0);
    }
}
