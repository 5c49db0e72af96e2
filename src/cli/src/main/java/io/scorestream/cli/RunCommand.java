package io.scorestream.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.scorestream.io.InputException;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.stream.StreamSettings;
import picocli.CommandLine.Command;
import sun.misc.Signal;
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

    /**
     * The configuration a node runs with: -D system properties, then the file (when it exists),
     * then the application's defaults; a file that does not parse or resolve is bad input naming it.
     */
    static Config load(Path file) {
        Config defaults = ConfigFactory.load();
        if (!Files.isRegularFile(file)) return defaults;
        try {
            return ConfigFactory.systemProperties().withFallback(ConfigFactory.parseFile(file.toFile())).withFallback(defaults).resolve();
        } catch (ConfigException e) {
            throw InputException.in(file, "invalid configuration: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        Path file = config != null ? config : Path.of("conf/application.conf");
        if (config != null && !Files.isRegularFile(config)) throw InputException.in(config, "no such configuration file");
        Config loaded = load(file);
        Progress progress = new Progress(spec);
        ScoreStreamService service = ScoreStreamService.start(loaded, m -> progress.line(String.format(
                "model v%d: %d samples absorbed, %d dead-lettered", m.model().info().version(), m.absorbed(), m.deadLettered())));
        StreamSettings s = service.settings();
        progress.line("consuming " + s.samplesTopic() + " at " + s.bootstrapServers() + " as cluster member " + service.address()
                + "; snapshots in " + (s.snapshotTopic().isEmpty() ? s.snapshotDir().toString() : "topic " + s.snapshotTopic())
                + "; record path " + s.describeRecordPath());
        // SIGTERM and SIGINT are taken before the JVM starts shutting down: Akka's remoting closes
        // its connections in a JVM shutdown hook, and a cluster node still needs them to drain.
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) Signal.handle(new Signal(name), signal -> stop.countDown());
        stop.await();
        try {
            service.drain(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            progress.line("drain failed: " + e.getMessage());
            return Main.INTERNAL_ERROR;
        } finally {
            service.close();
        }
        return Main.OK;
    }
}
