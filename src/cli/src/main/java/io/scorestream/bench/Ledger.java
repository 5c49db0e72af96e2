package io.scorestream.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The producing side of a reliability scenario: it writes 2-D records to the samples topic at a
 * fixed rate, one in {@code badEvery} of them malformed, and counts exactly what the broker
 * acknowledged, good and bad — the numbers the learner's counts must equal at the end. The
 * producer is idempotent, so its own retries (a broker going away) never write a record twice.
 */
public final class Ledger implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int badEvery;
    private final SplittableRandom random = new SplittableRandom(11);
    private final AtomicLong good = new AtomicLong(), bad = new AtomicLong(), failed = new AtomicLong();
    private long sent;

    public Ledger(String bootstrapServers, String topic, int badEvery) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);   // no loss across a broker restart (KAFKA-15591)
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);   // outlive a broker outage
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.badEvery = badEvery;
    }

    /** Produces n records spread evenly over the given time (as fast as possible when zero). */
    public void produce(long n, Duration over) throws InterruptedException {
        long start = System.nanoTime(), nanosPerRecord = over.toNanos() / Math.max(1, n);
        for (long i = 0; i < n; i++) {
            long due = start + i * nanosPerRecord - System.nanoTime();
            if (due > 1_000_000) Thread.sleep(due / 1_000_000);
            send();
        }
    }

    private void send() {
        boolean isBad = badEvery > 0 && ++sent % badEvery == 0;
        byte[] value = isBad ? malformed() : String.format("%.6f,%.6f", 3 * (random.nextInt(2) * 2 - 1) + random.nextGaussian(),
                3 * (random.nextInt(2) * 2 - 1) + random.nextGaussian()).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, value), (meta, error) -> {
            if (error != null) failed.incrementAndGet();
            else if (isBad) bad.incrementAndGet();
            else good.incrementAndGet();
        });
    }

    /** A rotating choice of what real feeds get wrong. */
    private byte[] malformed() {
        return switch ((int) (sent / badEvery % 5)) {
            case 0 -> new byte[0];
            case 1 -> "1.5".getBytes(StandardCharsets.UTF_8);                 // wrong dimension
            case 2 -> "NaN,2".getBytes(StandardCharsets.UTF_8);
            case 3 -> "1.2,3e".getBytes(StandardCharsets.UTF_8);              // truncated number
            default -> new byte[] {(byte) 0xff, (byte) 0xfe, 0x31};            // not UTF-8
        };
    }

    /** Waits until everything sent is acknowledged (or failed). */
    public void flush() { producer.flush(); }

    public long good() { return good.get(); }

    public long bad() { return bad.get(); }

    /** Records the producer gave up on (not in the topic, not expected anywhere). */
    public long failed() { return failed.get(); }

    @Override
    public void close() { producer.close(Duration.ofSeconds(30)); }
}
