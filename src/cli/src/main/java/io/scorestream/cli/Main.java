package io.scorestream.cli;

import io.scorestream.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code scorestream} command line.
 *
 * <p>Exit codes: 0 success; 2 bad input or usage (the user can fix it); 1 an internal error
 * (a bug, or the machine ran out of something). Every error is exactly one line on stderr,
 * {@code scorestream <command>: <message>}, so it reads well in scripts and CI logs; stack
 * traces only with {@code --verbose} or the environment variable SCORESTREAM_DEBUG.
 */
@Command(name = "scorestream", mixinStandardHelpOptions = true, version = "scorestream 0.1.0",
        description = "Learns generative diffusion models of vector data.")
public final class Main implements Callable<Integer> {
    /**
     * The subcommands, in the order help lists them. Registered by {@link #commandLine} rather
     * than in the annotation, so a run builds picocli's model only of the command it runs: each
     * command's model costs reflection over its options and loads the classes they name, and for
     * a short {@code sample} that start-up outweighed the sampling (PERFORMANCE.md §12).
     */
    static final List<Class<?>> COMMANDS = List.of(
            GenerateDataCommand.class,
            DatasetCommand.class,
            FitCommand.class,
            SampleCommand.class,
            EvalCommand.class,
            ReportCommand.class,
            BenchQualityCommand.class,
            BenchStreamCommand.class,
            BenchCeilingCommand.class,
            BenchCostCommand.class,
            BenchStepsCommand.class,
            ScenarioCommand.class,
            RunCommand.class,
            DemoCommand.class,
            ProduceCommand.class,
            ConsumeCommand.class);

    static final int OK = 0;
    static final int INTERNAL_ERROR = 1;
    static final int BAD_INPUT = 2;

    @Spec CommandSpec spec;

    // Declared here and inherited so it is accepted before or after the subcommand name.
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces for internal errors.")
    boolean verbose;

    public static void main(String[] args) {
        if (commandName(args).equals("produce")) ProduceCommand.quietKafkaClients();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line in-process; returns the exit code instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine commandLine = commandLine(args)
                .setOut(outWriter)
                .setErr(errWriter)
                .setParameterExceptionHandler((ex, ignoredArgs) -> {
                    errWriter.println(name(ex.getCommandLine()) + ": " + oneLine(usageMessage(ex)));
                    return BAD_INPUT;
                })
                .setExecutionExceptionHandler((ex, failed, parseResult) ->
                        reportFailure(ex, name(failed), debugRequested(parseResult), errWriter));
        try {
            return commandLine.execute(args);
        } catch (Throwable unexpected) {
            // Errors (OutOfMemoryError, StackOverflowError) are not routed through picocli's handler.
            return reportFailure(unexpected, "scorestream", debugRequested(commandLine.getParseResult()), errWriter);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The first word that is not an option: the command's name, if the line has one; else "". */
    static String commandName(String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    }

    /**
     * Main with the named command only when the line names one (the others are never looked at),
     * else with all of them: the top-level help and the "unknown command" message list them all.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        String name = commandName(args);
        List<Class<?>> chosen = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(name)).toList();
        for (Class<?> command : chosen.isEmpty() ? COMMANDS : chosen) commandLine.addSubcommand(command);
        return commandLine;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing command; choose one of: " + String.join(", ", spec.subcommands().keySet()) + " (see --help)");
    }

    static int reportFailure(Throwable ex, String command, boolean debug, PrintWriter err) {
        if (ex instanceof InputException || ex instanceof IllegalArgumentException) {
            err.println(command + ": " + oneLine(ex.getMessage()));
            if (debug) ex.printStackTrace(err);
            return BAD_INPUT;
        }
        String hint = ex instanceof OutOfMemoryError
                ? " (give Java more memory, e.g. SCORESTREAM_JAVA_OPTS=-Xmx8g)"
                : ex instanceof UncheckedIOException
                ? ""
                : " (this is a bug; rerun with --verbose or SCORESTREAM_DEBUG=1 for the stack trace)";
        err.println(command + ": internal error: " + ex.getClass().getSimpleName()
                + (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage())) + hint);
        if (debug) ex.printStackTrace(err);
        return INTERNAL_ERROR;
    }

    private static boolean debugRequested(ParseResult parseResult) {
        String env = System.getenv("SCORESTREAM_DEBUG");
        if (env != null && !env.isEmpty() && !env.equals("0")) return true;
        for (ParseResult level = parseResult; level != null; level = level.subcommand())
            if (level.hasMatchedOption("--verbose")) return true;
        return false;
    }

    /** picocli's message, except that a mistyped command name is called what it is. */
    private static String usageMessage(ParameterException ex) {
        CommandLine where = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
                && !where.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-"))
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'; choose one of: "
                    + String.join(", ", where.getSubcommands().keySet());
        return ex.getMessage();
    }

    /** "scorestream eval" for the eval subcommand. */
    private static String name(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
    }

    private static String oneLine(String message) {
        if (message == null) return "unknown error";
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
