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
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Security defaults: Kafka SASL settings pass through from scorestream.kafka.client-properties to
 * every client (a broker of our own whose client listener requires SASL/PLAIN), and the HTTP
 * server binds loopback and caps n and request bodies.
 */
class SecurityDefaultsTest {
    static final String USER = "scorestream", PASSWORD = "s3cret-pw";
    static final int RECORDS = 3000, MAX_SAMPLES = 500;
    static EmbeddedKafka broker;
    @TempDir Path dir;

    @BeforeAll
    static void saslBroker() {
        broker = EmbeddedKafka.startWithSaslPlain(USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    static Map<String, Object> sasl(String password) {
        return Map.of("scorestream.kafka.client-properties.security.protocol", "SASL_PLAINTEXT",
                "scorestream.kafka.client-properties.sasl.mechanism", "PLAIN",
                "scorestream.kafka.client-properties.sasl.jaas.config", EmbeddedKafka.SaslPlain.clientJaas(USER, password));
    }

    @Test
    void aBrokerRequiringSaslPlainIsReadWithTheConfiguredCredentialsAndHttpDefaultsHold() throws Exception {
        Harness h = new Harness(broker, "sasl", 1, dir.resolve("snap"));
        Harness.produce(broker.clientProperties(), h.samples, null, Harness.csv(Datasets.generate("gmm", RECORDS, 1).samples()));

        // Without credentials the broker refuses a client: the listener really requires SASL.
        assertTrue(Harness.plainClientRefused(broker, h.samples), "a client without credentials wrote a record");

        Map<String, Object> config = new HashMap<>(sasl(PASSWORD));
        config.put("scorestream.http.max-samples", MAX_SAMPLES);
        try (ScoreStreamService service = h.start(config)) {
            service.awaitConsumed(RECORDS, Harness.WAIT);
            service.drain(Harness.WAIT);
            h.awaitAbsorbed(RECORDS, Harness.WAIT);
            assertEquals(RECORDS, h.latest.get().absorbed(), "every record produced over SASL absorbed once");
            assertEquals(0, h.latest.get().deadLettered());
            System.out.printf("security sasl: %d records produced over SASL_PLAINTEXT/PLAIN, %d absorbed, %d dead-lettered%n",
                    RECORDS, h.latest.get().absorbed(), h.latest.get().deadLettered());
            httpDefaults(service.healthPort());
        }
    }

    /** Bound to loopback only; n above max-samples and bodies over 64 KiB are refused; the node keeps serving. */
    static void httpDefaults(int port) throws IOException {
        assertEquals(200, status(URI.create("http://127.0.0.1:" + port + "/health")));
        InetAddress external = nonLoopbackAddress();
        if (external != null) {
            try (Socket s = new Socket()) {
                assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(external, port), 2000),
                        "the HTTP port must not be reachable on " + external.getHostAddress());
            }
        } else {
            System.err.println("SecurityDefaultsTest: no non-loopback address on this machine; bind check limited to loopback");
        }
        String base = "http://127.0.0.1:" + port;
        assertEquals(200, status(URI.create(base + "/samples?n=" + MAX_SAMPLES + "&seed=1")));
        assertEquals(400, status(URI.create(base + "/samples?n=" + (MAX_SAMPLES + 1))));
        assertEquals(400, status(URI.create(base + "/samples?n=" + Long.MAX_VALUE)));
        Map<String, Integer> bodies = new java.util.LinkedHashMap<>();
        for (String path : new String[]{"/health", "/samples?n=1"}) {
            int code = rawRequest(port, "GET", path, 100 * 1024);
            bodies.put(path, code);
            assertTrue(code == 413 || code == 400, path + " with a 100 KiB body answered " + code);
        }
        assertEquals(200, rawRequest(port, "GET", "/health", 1024), "a small body is still served");
        assertEquals(200, status(URI.create(base + "/health")), "still serving");
        System.out.printf("security http: bound 127.0.0.1:%d; %s refused; n=%d -> 200, n=%d -> 400; 100 KiB bodies -> %s%n",
                port, external == null ? "(no non-loopback address)" : external.getHostAddress() + ":" + port, MAX_SAMPLES, MAX_SAMPLES + 1, bodies);
    }

    /** Any address of this machine that is not loopback (null when it has none). */
    static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) continue;
            for (InetAddress a : Collections.list(nic.getInetAddresses()))
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a;
        }
        return null;
    }

    static int status(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(30_000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    static int rawRequest(int port, String method, String path, int bodyBytes) throws IOException {
        return Harness.rawRequest(port, method, path, "", bodyBytes);
    }

    @Test
    void aWrongPasswordAbsorbsNothingAndSaysWhy() throws Exception {
        Harness h = new Harness(broker, "sasl-wrong", 1, dir.resolve("snap"));
        Harness.produce(broker.clientProperties(), h.samples, null, Harness.csv(Datasets.generate("gmm", 1000, 1).samples()));
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try (ScoreStreamService service = h.start(sasl("wrong-password"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && !authFailureLogged(captured)) Thread.sleep(200);
            Thread.sleep(2000);   // time enough to absorb records, were it let in
            assertEquals(0, progressWhileRestarting(service).absorbed(), "nothing absorbed with a wrong password");
            assertNull(h.latest.get(), "no model");
        } finally {
            System.setErr(original);
        }
        assertTrue(authFailureLogged(captured), "the authentication failure is reported in the log");
        System.out.println("security sasl wrong password: 1000 records on the topic, 0 absorbed, no model; log says \"Authentication failed: Invalid username or password\"");
    }

    /**
     * The node's progress while its parts restart under the authentication failure: the planner that
     * answers is itself restarting with back-off (1 s up to 30 s) as its model topic cannot be made,
     * and an ask that reaches it just before a restart is lost with it (CI, 2026-12-07: one ask of
     * 10 s timed out). Asked again until one answer comes, for as long as the back-off's longest wait.
     */
    private static io.scorestream.stream.Partitioner.Progress progressWhileRestarting(ScoreStreamService service) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (true) {
            try {
                return service.progress(Duration.ofSeconds(10));
            } catch (IllegalStateException timedOut) {
                if (System.nanoTime() > deadline) throw timedOut;
            }
        }
    }

    static boolean authFailureLogged(ByteArrayOutputStream captured) {
        String log;
        synchronized (captured) {
            log = captured.toString(StandardCharsets.UTF_8);
        }
        return log.contains("Authentication failed") || log.contains("SaslAuthenticationException");
    }

    /** Writes to both streams (the log still reaches the console). */
    static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final ByteArrayOutputStream b;

        TeeStream(OutputStream a, ByteArrayOutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) { b.write(c); }
        }

        @Override public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            synchronized (b) { b.write(bytes, off, len); }
        }

        @Override public void flush() throws IOException { a.flush(); }
    }
}
