package io.scorestream.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.scorestream.io.InputException;
import io.scorestream.stream.ScoreStreamService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The long-running learner and generator against a real Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Learn from the samples topic and keep a generator current until stopped (SIGTERM drains and snapshots).")
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--config", description = "HOCON file with a 'scorestream' section (default: conf/application.conf if present)")
    Path config;

    @Override
    public Integer call() throws Exception {
        Config loaded = ConfigFactory.load();
        Path file = config != null ? config : Path.of("conf/application.conf");
        if (config != null && !Files.isRegularFile(config)) throw InputException.in(config, "no such configuration file");
        if (Files.isRegularFile(file)) {
            try {
                loaded = ConfigFactory.systemProperties().withFallback(ConfigFactory.parseFile(file.toFile())).withFallback(loaded).resolve();
            } catch (ConfigException e) {
                throw InputException.in(file, "invalid configuration: " + e.getMessage());
            }
        }
        Progress progress = new Progress(spec);
        ScoreStreamService service = ScoreStreamService.start(loaded, m -> progress.line(String.format(
                "model v%d: %d samples absorbed, %d dead-lettered", m.model().info().version(), m.absorbed(), m.deadLettered())));
        progress.line("consuming " + service.settings().samplesTopic() + " at " + service.settings().bootstrapServers()
                + "; snapshots in " + service.settings().snapshotDir());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.drain(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                System.err.println("scorestream run: drain failed: " + e.getMessage());
            } finally {
                service.close();
                stopped.countDown();
            }
        }, "scorestream-drain"));
        stopped.await();
        return Main.OK;
    }
}
