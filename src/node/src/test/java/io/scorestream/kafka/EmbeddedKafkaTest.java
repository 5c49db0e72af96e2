package io.scorestream.kafka;

import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The broker's own lifecycle; each test here starts a private broker because it stops it. */
class EmbeddedKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static List<byte[]> values(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<String> texts(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void recordsSurviveABrokerRestartAndNewOnesCanBeProduced() {
        long t0 = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            long t1 = System.nanoTime();
            String bootstrap = kafka.bootstrapServers();
            assertTrue(bootstrap.startsWith("127.0.0.1:"), bootstrap);
            kafka.createTopic("restart", 1, Map.of());
            SharedKafka.produce(bootstrap, "restart", values("a", "b", "c"));

            kafka.stopBroker();
            long t2 = System.nanoTime();
            kafka.restartBroker();
            long t3 = System.nanoTime();
            System.err.printf("EmbeddedKafkaTest: start %.1f s, stop %.1f s, restart %.1f s%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);

            assertEquals(bootstrap, kafka.bootstrapServers(), "a restart keeps the port");
            assertEquals(List.of("a", "b", "c"), texts(SharedKafka.consume(bootstrap, "restart", 3, WAIT)));
            SharedKafka.produce(bootstrap, "restart", values("d"));
            assertEquals(List.of("a", "b", "c", "d"), texts(SharedKafka.consume(bootstrap, "restart", 4, WAIT)));
        }
    }

    @Test
    void closeDeletesTheDataAndLeavesNoThreadThatKeepsTheJvmAlive() throws Exception {
        Set<Thread> before = liveNonDaemonThreads();
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Path data = kafka.dataDirectory();
        assertTrue(Files.isDirectory(data));
        kafka.createTopic("compacted", 2, Map.of("cleanup.policy", "compact"));
        assertEquals("compact", topicConfig(kafka.bootstrapServers(), "compacted").get("cleanup.policy").value());
        kafka.close();
        kafka.close(); // idempotent
        assertThrows(IllegalStateException.class, kafka::restartBroker);

        assertFalse(Files.exists(data), "data directory deleted");
        Set<Thread> left = liveNonDaemonThreads();
        left.removeAll(before);
        for (Thread t : left) t.join(WAIT.toMillis()); // some finish their last step just after close returns
        Set<String> stillAlive = left.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
        assertEquals(Set.of(), stillAlive);
    }

    private static Config topicConfig(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource);
        }
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }
}
