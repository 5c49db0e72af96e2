package io.scorestream.stream;

import io.scorestream.data.Datasets;
import io.scorestream.node.ScoreStreamService;
import io.scorestream.testing.SharedKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A feed written by a transactional producer (Kafka Streams or Flink with exactly-once, a
 * connector with transactions): records of aborted transactions are no data, and each
 * transaction leaves a marker at an offset no consumer is given.
 */
class TransactionalFeedTest {
    @TempDir Path dir;

    /** Sends each batch in a transaction of its own, committed or aborted as told. */
    private static void sendInTransactions(String topic, List<List<byte[]>> batches, List<Boolean> commit) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "txn-feed-" + topic);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int b = 0; b < batches.size(); b++) {
                producer.beginTransaction();
                for (byte[] value : batches.get(b)) producer.send(new ProducerRecord<>(topic, value));
                producer.flush();
                if (commit.get(b)) producer.commitTransaction();
                else producer.abortTransaction();
            }
        }
    }

    /**
     * 1 000 committed records, 300 in an aborted transaction, 1 000 committed: exactly the 2 000
     * are learned, and once they are, nothing waits: the markers after each transaction (the last
     * one the topic's last offset) are no records waiting, so /ready stays ready past stall-after.
     */
    @Test
    void abortedRecordsAreNotLearnedAndTransactionMarkersAreNoStall() throws Exception {
        StreamHarness h = new StreamHarness("txn", 1, dir.resolve("snap"));
        DMatrixRMaj good = Datasets.generate("gmm", 2000, 1).samples();
        List<byte[]> rows = StreamHarness.csv(good);
        DMatrixRMaj far = Datasets.generate("gmm", 300, 2).samples();
        for (int i = 0; i < far.data.length; i++) far.data[i] += 1000;   // aborted: far from every committed record
        sendInTransactions(h.samples, List.of(rows.subList(0, 1000), StreamHarness.csv(far), rows.subList(1000, 2000)), List.of(true, false, true));
        Map<String, Object> settings = Map.of("scorestream.learning.model-every-samples", 500, "scorestream.learning.warm-up-samples", 1000,
                "scorestream.http.stall-after", "2s");
        try (ScoreStreamService service = h.start(settings)) {
            service.awaitConsumed(2000, Duration.ofSeconds(120));
            service.drain(Duration.ofSeconds(120));
            h.awaitAbsorbed(2000, Duration.ofSeconds(120));
            assertEquals(2000, h.latest.get().absorbed(), "the committed records, each once; none of the aborted");
            assertEquals(0, h.latest.get().deadLettered());
            // Everything committed is taken; only markers lie beyond: no stall, however long one waits.
            Thread.sleep(4000);
            HttpResponse<String> ready = get(service.healthPort(), "/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            String metrics = get(service.healthPort(), "/metrics").body();
            assertTrue(metrics.contains("\nscorestream_records_waiting 0.0\n"), metrics);
            assertTrue(metrics.contains("\nscorestream_consumer_lag_records{partition=\"0\",} 0.0\n"), metrics);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
