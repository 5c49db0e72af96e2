package io.scorestream.cli;

import com.typesafe.config.Config;
import io.scorestream.stream.StreamSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configurations shipped in conf/ and docker/ load the way `scorestream run --config` loads them, and say what they claim. */
class DeploymentConfigTest {

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
