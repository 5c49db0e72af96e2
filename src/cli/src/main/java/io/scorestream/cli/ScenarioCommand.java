package io.scorestream.cli;

import io.scorestream.bench.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Runs one reliability scenario (RELIABILITY.md) and prints its table row; exit 1 when an invariant did not hold. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Fault-injection scenario on loopback: crash-loop, broker-loss or soak; prints a RELIABILITY.md row.")
final class ScenarioCommand implements Callable<Integer> {
    enum Kind { CRASH_LOOP, BROKER_LOSS, SOAK }

    @Spec CommandSpec spec;
    @Parameters(index = "0", description = "crash-loop, broker-loss or soak") String kind;
    @Option(names = "--kills", defaultValue = "5", description = "crash-loop: SIGKILLs (default ${DEFAULT-VALUE})") int kills;
    @Option(names = "--rate", defaultValue = "2000", description = "records produced per second (default ${DEFAULT-VALUE})") int rate;
    @Option(names = "--seconds", defaultValue = "30", description = "how long records are produced (default ${DEFAULT-VALUE})") int seconds;
    @Option(names = "--outage", defaultValue = "20", description = "broker-loss: seconds the broker is down (default ${DEFAULT-VALUE})") int outage;

    @Override
    public Integer call() throws Exception {
        Kind k;
        try {
            k = Kind.valueOf(kind.toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + kind + "': expected crash-loop, broker-loss or soak");
        }
        if (kills < 1 || rate < 1 || seconds < 5 || outage < 1)
            throw new IllegalArgumentException("need --kills >= 1, --rate >= 1, --seconds >= 5 and --outage >= 1");
        Progress progress = new Progress(spec);
        Path work = Files.createTempDirectory("scorestream-scenario");
        progress.line("working in " + work);
        long records = (long) rate * seconds;
        boolean steady = true;
        Scenarios.Outcome outcome;
        switch (k) {
            case CRASH_LOOP -> outcome = Scenarios.crashLoop(kills, records, rate, work, progress::line);
            case BROKER_LOSS -> outcome = Scenarios.brokerLoss(Duration.ofSeconds(outage), records, rate, work, progress::line);
            default -> {
                Scenarios.Soak soak = Scenarios.soak(Duration.ofSeconds(seconds), rate, Duration.ofSeconds(Math.max(2, seconds / 20)), work, progress::line);
                outcome = soak.outcome();
                steady = soak.steady();
            }
        }
        spec.commandLine().getOut().println(Scenarios.Outcome.header());
        spec.commandLine().getOut().println(outcome.row());
        return outcome.held() && steady ? Main.OK : Main.INTERNAL_ERROR;
    }
}
