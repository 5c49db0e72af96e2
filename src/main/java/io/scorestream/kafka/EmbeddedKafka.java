package io.scorestream.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), bound to
 * 127.0.0.1 only, its data in a temporary directory deleted on close. The embedded default of
 * {@code scorestream demo}, and the broker the tests share. It can be stopped and restarted on the
 * same port and data, to test what a broker outage does to the pipeline.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path directory;
    private final KafkaConfig config;
    private final String bootstrap;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path directory, KafkaConfig config, String bootstrap) {
        this.directory = directory;
        this.config = config;
        this.bootstrap = bootstrap;
    }

    public static EmbeddedKafka start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("scorestream-kafka");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a directory for the embedded broker: " + e.getMessage(), e);
        }
        int brokerPort = freePort(), controllerPort = freePort();
        Path logs = dir.resolve("logs");
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logs.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", String.valueOf(8 << 20));
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 << 20)); // compacted model topic; the default takes 128 MB
        KafkaConfig config = KafkaConfig.fromProps(p, false);
        try {
            new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logs.toString())).setMetadataLogDirectory(logs.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION).setSupportedFeatures(Features.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER").setNoInitialControllersFlag(true)
                    .run();
        } catch (Exception e) {
            deleteRecursively(dir);
            throw new IllegalStateException("cannot format the embedded broker's storage: " + e.getMessage(), e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(dir, config, "127.0.0.1:" + brokerPort);
        kafka.startServer();
        return kafka;
    }

    public String bootstrapServers() { return bootstrap; }

    public void createTopic(String name, int partitions, Map<String, String> topicConfig) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(topicConfig))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
        }
    }

    /** The broker goes away; its data stays for {@link #restartBroker()}. */
    public synchronized void stopBroker() {
        if (server == null) return;
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Starts the broker again on the same port and data; returns once it answers. */
    public synchronized void restartBroker() {
        if (server == null) startServer();
    }

    private void startServer() {
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady(Duration.ofSeconds(60));
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) return;
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
            }
        }
        throw new IllegalStateException("embedded broker did not become ready in " + timeout + (last == null ? "" : ": " + last.getMessage()));
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    @Override
    public void close() {
        stopBroker();
        deleteRecursively(directory);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; nothing else to do
        }
    }
}
