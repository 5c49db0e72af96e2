package io.scorestream.cli;

import com.typesafe.config.Config;
import io.scorestream.stream.StreamSettings;
import io.scorestream.kafka.EmbeddedKafka;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configurations shipped in conf/ and docker/ load the way `scorestream run --config` loads them, and say what they claim. */
class DeploymentConfigTest {
    @TempDir Path dir;

    /**
     * What the node image runs (Dockerfile.node: `run --config /etc/scorestream/application.conf`,
     * which is docker/node.conf), outside Docker: the container's environment variables point it at
     * this machine's broker and address, -D overrides stand in for the compose network's names.
     */
    @Test
    void theNodeImagesEntryPointRunsWithItsConfiguration() throws Exception {
        String topic = SharedKafka.uniqueTopic("docker-samples");
        int[] port = EmbeddedKafka.freePorts(2);
        List<String> command = io.scorestream.testing.ChildJvm.command("-Xmx512m");
        command.addAll(List.of(
                "-Dakka.remote.artery.canonical.port=" + port[0],
                "-Dakka.cluster.seed-nodes.0=akka://scorestream@127.0.0.1:" + port[0],
                "-Dscorestream.http.port=" + port[1],
                "-Dscorestream.topics.samples=" + topic, "-Dscorestream.topics.model=" + topic + "-model",
                "-Dscorestream.snapshot-topic=" + topic + "-state",
                "io.scorestream.cli.Main", "run", "--config", "docker/node.conf"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SCORESTREAM_CLUSTER_HOST", "127.0.0.1");
        pb.environment().put("SCORESTREAM_KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers());
        pb.environment().put("SCORESTREAM_KAFKA_GROUP_ID", topic);
        Path log = dir.resolve("node.log");
        Process node = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.readString(log).contains("consuming") && System.nanoTime() < deadline) Thread.sleep(200);
            assertTrue(Files.readString(log).contains("as cluster member akka://scorestream@127.0.0.1:" + port[0]), Files.readString(log));
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port[1] + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "Docker's health check target answers");
            node.destroy();   // docker stop: SIGTERM
            assertTrue(node.waitFor(90, TimeUnit.SECONDS), "stops after SIGTERM: " + Files.readString(log));
            assertEquals(0, node.exitValue(), Files.readString(log));
        } finally {
            node.destroyForcibly();
        }
    }

    private static Config load(String file) {
        Config c = RunCommand.load(Path.of(file));
        StreamSettings.from(c);   // every scorestream setting present and valid
        return c;
    }

    @Test
    void theSingleNodeConfigurationIsAClusterOfOneWithSnapshotsOnDisk() {
        Config c = load("conf/application.conf");
        assertEquals("cluster", c.getString("akka.actor.provider"));
        assertTrue(c.getStringList("akka.cluster.seed-nodes").isEmpty(), "a lone node joins itself");
        assertEquals("", c.getString("scorestream.snapshot-topic"));
        assertEquals("127.0.0.1", c.getString("scorestream.http.host"), "probes on loopback unless opened on purpose");
    }

    @Test
    void theClusterConfigurationsJoinSeedsOrBootstrapAndKeepSnapshotsInKafka() {
        Config cluster = load("conf/cluster.conf");
        assertEquals(List.of("akka://scorestream@127.0.0.1:25520", "akka://scorestream@127.0.0.1:25521"), cluster.getStringList("akka.cluster.seed-nodes"));
        assertEquals(25520, cluster.getInt("akka.remote.artery.canonical.port"));
        assertEquals("scorestream.state", cluster.getString("scorestream.snapshot-topic"));
        assertEquals("akka.cluster.sbr.SplitBrainResolverProvider", cluster.getString("akka.cluster.downing-provider-class"));
        assertEquals("none", cluster.getString("akka.cluster.sharding.passivation.strategy"), "a band's statistics are never passivated away");
        assertFalse(cluster.getBoolean("scorestream.cluster.bootstrap"));

        Config bootstrap = load("conf/cluster-bootstrap.conf");
        assertTrue(bootstrap.getBoolean("scorestream.cluster.bootstrap"));
        assertTrue(bootstrap.getStringList("akka.cluster.seed-nodes").isEmpty());
        assertEquals("akka-dns", bootstrap.getString("akka.discovery.method"));
        assertEquals("scorestream", bootstrap.getString("akka.management.cluster.bootstrap.contact-point-discovery.service-name"));

        Config docker = load("docker/node.conf");
        assertEquals(List.of("akka://scorestream@node1:25520", "akka://scorestream@node2:25520"), docker.getStringList("akka.cluster.seed-nodes"));
        assertEquals("scorestream.state", docker.getString("scorestream.snapshot-topic"));
        assertEquals("kafka:9092", docker.getString("scorestream.kafka.bootstrap-servers"));
        assertEquals("0.0.0.0", docker.getString("scorestream.http.host"), "Docker's health check reaches it");
    }
}
