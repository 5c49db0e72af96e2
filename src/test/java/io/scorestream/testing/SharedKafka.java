package io.scorestream.testing;

import io.scorestream.kafka.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One real in-process KRaft broker for the whole test run (a few seconds to start, shared by every test). */
public final class SharedKafka {
    private static EmbeddedKafka broker;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private SharedKafka() {}

    public static synchronized EmbeddedKafka broker() {
        if (broker == null) {
            broker = EmbeddedKafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-kafka-close"));
        }
        return broker;
    }

    /** A new topic with a name no other test uses. */
    public static String uniqueTopic(String prefix, int partitions) {
        String name = prefix + "-" + TOPICS.incrementAndGet();
        broker().createTopic(name, partitions, Map.of());
        return name;
    }

    /** Sends the values (round-robin over partitions) and waits until all are acknowledged. */
    public static void produce(String topic, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", broker().bootstrapServers(),
                "linger.ms", 5, "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] v : values) p.send(new ProducerRecord<>(topic, v));
            p.flush();
        }
    }

    /** Reads n records from the beginning of the topic, or fails after the timeout. */
    public static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int n, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < n && System.nanoTime() < deadline)
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) out.add(r);
        }
        if (out.size() < n) throw new AssertionError("read " + out.size() + " of " + n + " records from " + topic + " within " + timeout);
        return out;
    }
}
