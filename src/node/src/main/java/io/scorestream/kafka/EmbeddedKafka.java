package io.scorestream.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka broker in this JVM: KRaft mode, one process acting as broker and
 * controller, listening on 127.0.0.1 only, its data in a temporary directory.
 *
 * <p>It is the real thing rather than a fake so that the demo and the tests meet the same
 * protocol, batching, compaction and failure behaviour a user's cluster has. Starting takes a
 * few seconds, so tests share one (see the test fixture {@code SharedKafka}).
 *
 * <p>Not for production: one replica, plaintext (or SASL/PLAIN without TLS, {@link #startWithSaslPlain}),
 * and the data is deleted on {@link #close()}.
 * Methods are synchronized because a shutdown hook may close the broker while a test uses it.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final int START_ATTEMPTS = 5;
    /** Records up to this size are accepted; whole models are split well below it (docs/architecture.md, Kafka topics). */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final KafkaConfig config;
    private final int brokerPort;
    private final SaslPlain sasl;   // null: a PLAINTEXT client listener (or TLS)
    private final Tls tls;          // null: no TLS on the client listener
    private KafkaRaftServer server; // null while stopped
    private boolean closed;

    /** One user the client listener accepts over SASL/PLAIN (no TLS: for tests on loopback only). */
    public record SaslPlain(String username, String password) {
        public SaslPlain {
            for (String s : new String[]{username, password})
                if (s == null || s.isEmpty() || s.contains("\"") || s.contains("\\"))
                    throw new IllegalArgumentException("SASL username and password must be non-empty, without quotes or backslashes");
        }

        /** The sasl.jaas.config client setting that logs in as this user (with any password: tests try wrong ones). */
        public static String clientJaas(String username, String password) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + username
                    + "\" password=\"" + password + "\";";
        }

        /** The broker's side: its own login (for inter-broker requests) and the one user it accepts. */
        String brokerJaas() {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + username
                    + "\" password=\"" + password + "\" user_" + username + "=\"" + password + "\";";
        }
    }

    /**
     * The broker's certificate for a TLS client listener: a PKCS12 key store holding its key and a
     * certificate for 127.0.0.1 (the address clients verify), a PKCS12 trust store holding that
     * certificate (what clients are given), and the stores' password. For tests on loopback; a
     * real broker's certificate comes from its operators.
     */
    public record Tls(Path keyStore, Path trustStore, String password) {
        public Tls {
            for (Path store : new Path[]{keyStore, trustStore})
                if (!java.nio.file.Files.isRegularFile(store)) throw new IllegalArgumentException("no key store at " + store);
            if (password == null || password.length() < 6) throw new IllegalArgumentException("a PKCS12 store's password has at least 6 characters");
        }
    }

    private EmbeddedKafka(Path dataDir, KafkaConfig config, int brokerPort, SaslPlain sasl, Tls tls) {
        this.dataDir = dataDir;
        this.config = config;
        this.brokerPort = brokerPort;
        this.sasl = sasl;
        this.tls = tls;
    }

    /**
     * Starts a broker on free ports with a new data directory, and returns once it answers
     * requests. A port found free can be taken by another process before the broker binds it,
     * so a failed start is retried on fresh ports.
     */
    public static EmbeddedKafka start() {
        return start(null, null, null);
    }

    /** As {@link #start()}, with the data directory made inside parent (so a caller can remove everything it made at once). */
    public static EmbeddedKafka startIn(Path parent) {
        return start(null, null, parent);
    }

    /**
     * Starts a broker whose client listener requires SASL/PLAIN (security protocol
     * SASL_PLAINTEXT) as the given user; the controller listener stays PLAINTEXT. Clients need
     * {@link #clientProperties()} (or their own security settings) besides bootstrap.servers.
     */
    public static EmbeddedKafka startWithSaslPlain(String username, String password) {
        return start(new SaslPlain(username, password), null, null);
    }

    /**
     * Starts a broker whose client listener speaks TLS (security protocol SSL) with the given
     * certificate; the controller listener stays PLAINTEXT on loopback. Clients need
     * {@link #clientProperties()} (or their own trust store) besides bootstrap.servers.
     */
    public static EmbeddedKafka startWithTls(Tls tls) {
        return start(null, java.util.Objects.requireNonNull(tls), null);
    }

    private static EmbeddedKafka start(SaslPlain sasl, Tls tls, Path parent) {
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path dataDir = createDataDir(parent);
            EmbeddedKafka kafka = null;
            try {
                int[] ports = freePorts(2);
                KafkaConfig config = KafkaConfig.fromProps(brokerProperties(dataDir, ports[0], ports[1], sasl, tls), false);
                format(config);
                kafka = new EmbeddedKafka(dataDir, config, ports[0], sasl, tls);
                kafka.startServer();
                return kafka;
            } catch (RuntimeException e) {
                lastFailure = e;
                log.warn("embedded Kafka failed to start (attempt {} of {}): {}", attempt, START_ATTEMPTS, e.toString());
                if (kafka != null) kafka.close();
                else deleteQuietly(dataDir);
            }
        }
        throw new IllegalStateException("embedded Kafka did not start after " + START_ATTEMPTS + " attempts", lastFailure);
    }

    /** "127.0.0.1:PORT", for the bootstrap.servers client setting. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /**
     * What a client needs to connect: bootstrap.servers and, for a SASL broker, security.protocol,
     * sasl.mechanism and sasl.jaas.config for its user; for a TLS broker, security.protocol and the
     * trust store holding its certificate.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (sasl != null) {
            props.put("security.protocol", "SASL_PLAINTEXT");
            props.put("sasl.mechanism", "PLAIN");
            props.put("sasl.jaas.config", SaslPlain.clientJaas(sasl.username(), sasl.password()));
        }
        if (tls != null) {
            props.put("security.protocol", "SSL");
            props.put("ssl.truststore.location", tls.trustStore().toString());
            props.put("ssl.truststore.password", tls.password());
        }
        return props;
    }

    /** Where the broker keeps its data (deleted on close); for tests. */
    Path dataDirectory() {
        return dataDir;
    }

    /** Creates a topic with one replica and the given topic settings (e.g. cleanup.policy=compact). */
    public void createTopic(String name, int partitions, Map<String, String> topicConfig) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(topicConfig)))
                    .all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic '" + name + "': " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic '" + name + "'", e);
        }
    }

    /** Shuts the broker (and its controller) down; the data directory and the port stay reserved for a restart. */
    public synchronized void stopBroker() {
        if (server == null) return;
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
    }

    /** Starts the broker again on the same port and data, and returns once it answers requests. */
    public synchronized void restartBroker() {
        if (closed) throw new IllegalStateException("embedded Kafka is closed");
        stopBroker();
        startServer();
    }

    /** Stops the broker and deletes its data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            stopBroker();
        } finally {
            deleteQuietly(dataDir);
        }
    }

    private synchronized void startServer() {
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        server = starting; // so that close() shuts down whatever part of it started
        starting.startup();
        awaitServing();
    }

    /**
     * startup() returns when the broker has registered, but a client's first request can still
     * race the metadata it needs; a successful describeCluster means clients will be served.
     */
    private void awaitServing() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedded Kafka at " + bootstrapServers() + " does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for embedded Kafka", e);
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.putAll(clientProperties());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        return Admin.create(props);
    }

    private static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort, SaslPlain sasl, Tls tls) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        // The client listener is named after its protocol; the controller's stays PLAINTEXT on loopback.
        String client = sasl != null ? "SASL_PLAINTEXT" : tls != null ? "SSL" : "PLAINTEXT";
        p.put("listeners", client + "://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", client + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", client);
        if (sasl != null) {
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", sasl.brokerJaas());
        }
        if (tls != null) {
            // The broker's own requests on its client listener (inter-broker) trust its certificate too.
            for (String store : new String[]{"keystore", "truststore"}) {
                p.put("listener.name.ssl.ssl." + store + ".location", (store.equals("keystore") ? tls.keyStore() : tls.trustStore()).toString());
                p.put("listener.name.ssl.ssl." + store + ".password", tls.password());
                p.put("listener.name.ssl.ssl." + store + ".type", "PKCS12");
            }
            p.put("listener.name.ssl.ssl.key.password", tls.password());
        }
        p.put("log.dirs", dataDir.resolve("logs").toString());

        // One node: every internal topic has one replica. One partition each because the
        // defaults (50 offsets partitions) make the first consumer group take seconds.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        // No waiting for more group members that will never come.
        p.put("group.initial.rebalance.delay.ms", "0");
        // A typo in a topic name should fail, not silently create an empty topic.
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));

        // Sized for a laptop or a 2-core CI machine, not a data centre: fewer threads, and a
        // log-cleaner buffer of 8 MB instead of the 128 MB default (compaction still works).
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    /** Writes meta.properties and the bootstrap metadata, as {@code kafka-storage.sh format} would. */
    private static void format(KafkaConfig config) {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
            Formatter formatter = new Formatter()
                    .setPrintStream(print) // "Formatting ..." lines would otherwise go to stdout
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(config.controllerListenerNames().head())
                    .setMetadataLogDirectory(config.metadataLogDir());
            scala.jdk.javaapi.CollectionConverters.asJava(config.logDirs()).forEach(formatter::addDirectory);
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format embedded Kafka storage: " + e.getMessage()
                    + " (" + messages.toString(StandardCharsets.UTF_8).strip() + ")", e);
        }
    }

    /**
     * Ports free on loopback now, all bound at once so that they are distinct (another process may
     * take one before it is bound: callers retry). Drawn below the kernel's ephemeral range
     * (32768–60999 on Linux), where the operating system never hands a port to an outgoing
     * connection: a port from that range could become any client's (a Kafka consumer's) between
     * this check and the bind that uses it, as a cluster test's remoting port once did. The
     * ephemeral range is the fallback when no port below it is free.
     */
    public static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            InetAddress host = InetAddress.getByName(HOST);
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                for (int attempt = 0; attempt < 64 && sockets[i] == null; attempt++) {
                    try {
                        sockets[i] = new ServerSocket(random.nextInt(BELOW_EPHEMERAL_FROM, BELOW_EPHEMERAL_TO), 0, host);
                    } catch (IOException taken) {
                        // in use: draw another
                    }
                }
                if (sockets[i] == null) sockets[i] = new ServerSocket(0, 0, host);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket == null) continue;
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Nothing was sent on it; the port is released either way.
                }
            }
        }
    }

    /** The ports {@link #freePorts} draws from: registered ports below Linux's ephemeral range. */
    private static final int BELOW_EPHEMERAL_FROM = 20_000, BELOW_EPHEMERAL_TO = 32_000;

    /** A new directory in parent, or in the system's temporary directory when parent is null. */
    private static Path createDataDir(Path parent) {
        try {
            return parent == null ? Files.createTempDirectory("scorestream-kafka-") : Files.createTempDirectory(parent, "kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for embedded Kafka", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("could not delete embedded Kafka data in {}: {}", dir, e.toString());
        }
    }
}
