package io.scorestream.reliability;

import io.scorestream.data.Datasets;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.node.ScoreStreamService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A broker whose client listener speaks TLS: the trust store settings reference.conf names
 * ({@code kafka.client-properties.ssl.truststore.location} and {@code .password}, with
 * {@code security.protocol = SSL}) reach every Kafka client of a node, and a node without the
 * broker's certificate in its trust store absorbs nothing and says why. The certificate is made
 * here by the JDK's keytool, for 127.0.0.1.
 */
class TlsBrokerTest {
    static final String PASSWORD = "tls-s3cret";
    static final int RECORDS = 3000;
    @TempDir static Path stores;
    static EmbeddedKafka broker;
    @TempDir Path dir;

    @BeforeAll
    static void tlsBroker() throws Exception {
        Path key = stores.resolve("broker.p12"), pem = stores.resolve("broker.pem"), trust = stores.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-keystore", key.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", key.toString(), "-storepass", PASSWORD, "-file", pem.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", pem.toString(), "-keystore", trust.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        broker = EmbeddedKafka.startWithTls(new EmbeddedKafka.Tls(key, trust, PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + output);
    }

    /** The two settings reference.conf names for a trust store, and the protocol. */
    static Map<String, Object> tls(Path trustStore) {
        return Map.of("scorestream.kafka.client-properties.security.protocol", "SSL",
                "scorestream.kafka.client-properties.ssl.truststore.location", trustStore.toString(),
                "scorestream.kafka.client-properties.ssl.truststore.password", PASSWORD);
    }

    @Test
    void aBrokerSpeakingTlsIsReadWithTheConfiguredTrustStore() throws Exception {
        Harness h = new Harness(broker, "tls", 2, dir.resolve("snap"));
        Harness.produce(broker.clientProperties(), h.samples, null, Harness.csv(Datasets.generate("gmm", RECORDS, 1).samples()));

        // A plaintext client is not served: the listener really speaks TLS.
        assertTrue(Harness.plainClientRefused(broker, h.samples), "a plaintext client wrote a record");

        try (ScoreStreamService service = h.start(tls(stores.resolve("trust.p12")))) {
            service.awaitConsumed(RECORDS, Harness.WAIT);
            service.drain(Harness.WAIT);
            h.awaitAbsorbed(RECORDS, Harness.WAIT);
            assertEquals(RECORDS, h.latest.get().absorbed(), "every record produced over TLS absorbed once");
            assertEquals(0, h.latest.get().deadLettered());
            assertEquals(200, SecurityDefaultsTest.status(java.net.URI.create("http://127.0.0.1:" + service.healthPort() + "/samples?n=10&seed=1")),
                    "the HTTP side's own Kafka clients (offsets, recent records) and the sampler serve too");
            System.out.printf("security tls: %d records produced over SSL, %d absorbed, %d dead-lettered%n",
                    RECORDS, h.latest.get().absorbed(), h.latest.get().deadLettered());
        }
    }

    /**
     * A deployment sets the trust store by the environment variables reference.conf names
     * (SCORESTREAM_KAFKA_SECURITY_PROTOCOL, SCORESTREAM_KAFKA_SSL_TRUSTSTORE_LOCATION and _PASSWORD,
     * as a container's environment sets them): `scorestream run` in its own JVM, given only those for TLS, reads the broker
     * and publishes a model of every record. A misspelt variable would leave the client plaintext.
     */
    @Test
    void aRunProcessReachesTheBrokerWithTheTrustStoreOfItsEnvironment() throws Exception {
        Harness h = new Harness(broker, "tls-run", 1, dir.resolve("snap"));
        Harness.produce(broker.clientProperties(), h.samples, null, Harness.csv(Datasets.generate("gmm", 800, 1).samples()));
        List<String> command = io.scorestream.testing.ChildJvm.command();
        command.addAll(List.of("-Dscorestream.kafka.bootstrap-servers=" + broker.bootstrapServers(), "-Dscorestream.kafka.group-id=" + h.samples,
                "-Dscorestream.topics.samples=" + h.samples, "-Dscorestream.topics.dead-letter=" + h.deadLetters,
                "-Dscorestream.topics.model=" + h.model, "-Dscorestream.topics.generated=" + h.generated,
                "-Dscorestream.snapshot-dir=" + h.snapshots, "-Dscorestream.learning.warm-up-samples=500", "-Dscorestream.learning.levels=20",
                "-Dscorestream.learning.model-every-samples=300", "-Dscorestream.http.port=0", "io.scorestream.cli.Main", "run"));
        Path out = dir.resolve("run.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("SCORESTREAM_KAFKA_SECURITY_PROTOCOL", "SSL");
        builder.environment().put("SCORESTREAM_KAFKA_SSL_TRUSTSTORE_LOCATION", stores.resolve("trust.p12").toString());
        builder.environment().put("SCORESTREAM_KAFKA_SSL_TRUSTSTORE_PASSWORD", PASSWORD);
        Process run = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.readString(out).contains("model v") && run.isAlive() && System.nanoTime() < deadline) Thread.sleep(200);
            while (!Files.readString(out).contains(": 800 samples absorbed") && run.isAlive() && System.nanoTime() < deadline) Thread.sleep(200);
            assertTrue(Files.readString(out).contains(": 800 samples absorbed, 0 dead-lettered"), Files.readString(out));
            System.out.println("security tls, scorestream run with the trust store from its environment:\n" + Files.readString(out).strip());
        } finally {
            run.destroyForcibly();
            run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aTrustStoreWithoutTheBrokersCertificateAbsorbsNothingAndSaysWhy() throws Exception {
        Harness h = new Harness(broker, "tls-untrusted", 1, dir.resolve("snap"));
        Harness.produce(broker.clientProperties(), h.samples, null, Harness.csv(Datasets.generate("gmm", 1000, 1).samples()));
        // A trust store holding another certificate: the broker's is not trusted.
        Path other = dir.resolve("other.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=other",
                "-keystore", other.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new SecurityDefaultsTest.TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try (ScoreStreamService service = h.start(tls(other))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !handshakeFailureLogged(captured)) Thread.sleep(200);
            Thread.sleep(2000);   // time enough to absorb records, were it let in
            assertNull(h.latest.get(), "no model");
        } finally {
            System.setErr(original);
        }
        assertTrue(handshakeFailureLogged(captured), "the failed handshake is reported in the log");
        assertTrue(Files.size(other) > 0);
    }

    static boolean handshakeFailureLogged(ByteArrayOutputStream captured) {
        String log;
        synchronized (captured) {
            log = captured.toString(StandardCharsets.UTF_8);
        }
        return log.contains("SSL handshake failed") || log.contains("SslAuthenticationException");
    }
}
