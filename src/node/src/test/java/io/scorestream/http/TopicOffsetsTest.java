package io.scorestream.http;

import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Consumer lag against a real broker, including records that retention (here: deleteRecords) removed. */
class TopicOffsetsTest {

    @Test
    void lagCountsOnlyRecordsThatCanStillBeRead() throws Exception {
        String topic = SharedKafka.uniqueTopic("offsets", 2, Map.of());
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) producer.send(new ProducerRecord<>(topic, 0, null, new byte[]{1})).get();
            for (int i = 0; i < 4; i++) producer.send(new ProducerRecord<>(topic, 1, null, new byte[]{1})).get();
        }
        try (Admin admin = Admin.create(props)) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(6))).all().get(30, TimeUnit.SECONDS);
        }
        try (TopicOffsets offsets = new TopicOffsets(props, topic)) {
            Map<Integer, TopicOffsets.Range> ranges = offsets.fetch(Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(Map.of(0, new TopicOffsets.Range(6, 10), 1, new TopicOffsets.Range(0, 4)), ranges);
            TopicOffsets.Range first = ranges.get(0);
            assertEquals(4, first.lag(null), "no model offset: only the 4 records still in the partition");
            assertEquals(4, first.lag(3L), "a model behind the retention horizon cannot read what was deleted");
            assertEquals(2, first.lag(8L));
            assertEquals(0, first.lag(10L));
            assertEquals(4 + 3, TopicOffsets.totalLag(ranges, Map.of(1, 1L)));
        }
    }
}
