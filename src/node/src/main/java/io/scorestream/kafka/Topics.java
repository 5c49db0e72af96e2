package io.scorestream.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the topics ScoreStream owns (model, state) when they are missing, compacted. */
public final class Topics {
    private static final long TIMEOUT_SECONDS = 30;

    private Topics() {}

    /**
     * Makes sure a compacted topic exists. An existing topic is left as it is (its owner may have
     * chosen partitions and replication); a broker that refuses or does not answer is an exception.
     */
    public static void ensureCompacted(Map<String, Object> clientProperties, String name) {
        try (Admin admin = Admin.create(clientProperties)) {
            if (admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(name)) return;
            NewTopic topic = new NewTopic(name, Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", String.valueOf(2 * 1024 * 1024)));
            admin.createTopics(java.util.List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) return;   // another node created it first
            throw new IllegalStateException("cannot create topic '" + name + "': " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_SECONDS + " s while creating topic '" + name + "'", e);
        }
    }
}
