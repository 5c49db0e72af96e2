package io.scorestream.stream;

import io.scorestream.node.ScoreStreamService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorestream.data.Datasets;
import io.scorestream.testing.SharedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real node (shared Kafka broker) and its HTTP endpoints, before and after its first model:
 * /model, /samples (CSV and JSON, the cap, every malformed parameter a 400) and /metrics.
 */
class HttpEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final int CAP = 2000;

    @TempDir Path dir;

    @Test
    void modelSamplesAndMetrics() throws Exception {
        StreamHarness h = new StreamHarness("http", 2, dir.resolve("snap"));
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.model-every-samples", 500,
                "scorestream.http.max-samples", CAP))) {
            int port = service.healthPort();

            // Before the first model: clear 503s, but bad parameters are still 400s.
            HttpResponse<String> noModel = get(port, "/model", null);
            assertEquals(503, noModel.statusCode());
            assertEquals("application/json", noModel.headers().firstValue("Content-Type").orElse(""));
            assertTrue(JSON.readTree(noModel.body()).get("error").asText().contains("no model yet"), noModel.body());
            assertEquals(503, get(port, "/samples?n=5", null).statusCode());
            assertEquals(400, get(port, "/samples?n=abc", null).statusCode());
            assertPrometheus(get(port, "/metrics", null));

            SharedKafka.produce(h.samples, StreamHarness.csv(Datasets.generate("gmm", 3000, 1).samples()));
            service.awaitConsumed(3000, Duration.ofSeconds(120));
            h.awaitAbsorbed(2500, Duration.ofSeconds(60));

            // GET /model
            HttpResponse<String> model = get(port, "/model", null);
            assertEquals(200, model.statusCode(), model.body());
            JsonNode m = JSON.readTree(model.body());
            ModelAssembler.ModelUpdated latest = h.latest.get();
            assertTrue(m.get("version").asLong() >= 1);
            assertEquals(2, m.get("dimension").asInt());
            assertEquals(100, m.get("levels").asInt());
            assertEquals(100, m.get("noiseTimes").size());
            assertEquals(100, m.get("cellsPerLevel").size());
            assertTrue(m.get("cellsPerLevel").get(0).asInt() >= 1);
            assertTrue(m.get("samplesAbsorbed").asLong() >= 2500);
            assertTrue(m.get("updatedAt").asText().endsWith("Z"));
            long offsets = 0;
            for (JsonNode o : m.get("nextOffsets")) offsets += o.asLong();
            assertTrue(offsets > 0 && m.get("nextOffsets").size() <= 2, model.body());
            assertTrue(m.get("version").asLong() <= latest.model().info().version());

            // GET /samples: CSV by default, JSON on request, same rows for the same seed.
            HttpResponse<String> csv = get(port, "/samples?n=7&seed=11", null);
            assertEquals(200, csv.statusCode(), csv.body());
            assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            String[] lines = csv.body().strip().split("\n");
            assertEquals(7, lines.length);
            for (String line : lines) {
                String[] cells = line.split(",");
                assertEquals(2, cells.length, line);
                for (String c : cells) assertTrue(Double.isFinite(Double.parseDouble(c)), line);
            }
            HttpResponse<String> json = get(port, "/samples?n=7&seed=11", "application/json");
            assertEquals(200, json.statusCode(), json.body());
            assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(""));
            JsonNode rows = JSON.readTree(json.body());
            assertEquals(7, rows.size());
            String version = csv.headers().firstValue("X-Model-Version").orElseThrow();
            if (version.equals(json.headers().firstValue("X-Model-Version").orElseThrow()))
                for (int i = 0; i < 7; i++)
                    for (int j = 0; j < 2; j++) assertEquals(Double.parseDouble(lines[i].split(",")[j]), rows.get(i).get(j).asDouble());
            assertEquals(CAP, get(port, "/samples?n=" + CAP, null).body().strip().split("\n").length, "the cap itself is served");
            HttpResponse<String> unseeded = get(port, "/samples?n=3", null);
            assertEquals(200, unseeded.statusCode());
            assertTrue(unseeded.headers().firstValue("X-Seed").isPresent(), "a drawn seed is reported so the rows can be had again");

            // Malformed parameters and the cap: 400 with a one-line message, never 500.
            Map<String, String> bad = new HashMap<>();
            bad.put("/samples", "missing parameter n");
            bad.put("/samples?seed=3", "missing parameter n");
            bad.put("/samples?n=", "missing parameter n");
            bad.put("/samples?n=ten", "whole number");
            bad.put("/samples?n=2.5", "whole number");
            bad.put("/samples?n=0", "at least 1");
            bad.put("/samples?n=-4", "at least 1");
            bad.put("/samples?n=1e3", "whole number");
            bad.put("/samples?n=5&seed=x", "seed must be");
            bad.put("/samples?n=5&seed=1.5", "seed must be");
            bad.put("/samples?n=99999999999999999999", "whole number");
            bad.put("/samples?n=" + (CAP + 1), "above the limit of " + CAP);
            for (Map.Entry<String, String> e : bad.entrySet()) {
                HttpResponse<String> r = get(port, e.getKey(), null);
                assertEquals(400, r.statusCode(), e.getKey() + " -> " + r.body());
                assertTrue(r.body().contains(e.getValue()) && r.body().strip().lines().count() == 1, e.getKey() + " -> " + r.body());
            }
            String raw = raw(port, "GET /samples?n=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(raw.startsWith("HTTP/1.1 400"), "a malformed escape is a 400 too: " + raw);
            HttpResponse<String> badJson = get(port, "/samples?n=" + (CAP + 1), "application/json");
            assertEquals(400, badJson.statusCode());
            assertTrue(JSON.readTree(badJson.body()).get("error").asText().contains("scorestream.http.max-samples"), badJson.body());

            // GET /metrics: Prometheus text; absorbed is the stream's progress, samples served are counted.
            Partitioner.Progress progress = service.progress(Duration.ofSeconds(10));
            HttpResponse<String> metrics = get(port, "/metrics", null);
            Map<String, Double> values = assertPrometheus(metrics);
            assertEquals(progress.absorbed(), values.get("scorestream_records_absorbed_total"), metrics.body());
            assertEquals(progress.deadLettered(), values.get("scorestream_records_dead_lettered_total"));
            double byReason = values.entrySet().stream().filter(e -> e.getKey().startsWith("scorestream_records_dead_lettered_by_reason_total{"))
                    .mapToDouble(Map.Entry::getValue).sum();
            assertEquals(progress.deadLettered(), byReason, "the counts by reason add up to the total");
            assertTrue(values.get("scorestream_model_solve_seconds_count") >= 1, "solve latency observed per model");
            assertEquals(h.latest.get().model().info().version(), values.get("scorestream_model_version"));
            assertEquals(7 + 7 + CAP + 3, values.get("scorestream_samples_generated_total"));
            assertEquals(1.0, values.get("scorestream_model_available"));
            assertTrue(values.get("scorestream_model_updates_total") >= 1);
            assertTrue(values.containsKey("scorestream_model_update_interval_seconds_count"));
            assertEquals(bad.size() + 2.0, values.get("scorestream_sample_requests_total{outcome=\"bad-request\",}"));
            // The record path, chosen by auto (the default) at start-up: partition-local with these settings.
            assertEquals(1.0, values.get("scorestream_record_path{path=\"partition-local\",chosen=\"auto\",}"), metrics.body());

            // Consumer lag: the records in the topic (3000 over two partitions) the newest model has not absorbed.
            double lag = values.get("scorestream_consumer_lag_records{partition=\"0\",}") + values.get("scorestream_consumer_lag_records{partition=\"1\",}");
            JsonNode now = JSON.readTree(get(port, "/model", null).body());
            if (now.get("version").asLong() == values.get("scorestream_model_version")) {
                long next = 0;
                for (JsonNode o : now.get("nextOffsets")) next += o.asLong();
                assertEquals(3000 - next, lag, 0.0, metrics.body());
            }
            assertTrue(lag >= 0 && lag <= 500, "lag " + lag);

            assertEquals(405, get(port, "/model", null, "POST").statusCode());
            // HEAD wherever GET works (uptime checkers use it): the same status and headers, no body.
            for (String path : new String[]{"/health", "/ready", "/model", "/metrics", "/", "/samples?n=3&seed=1", "/samples?n=0"}) {
                HttpResponse<String> asGet = get(port, path, null), asHead = get(port, path, null, "HEAD");
                assertEquals(asGet.statusCode(), asHead.statusCode(), "HEAD " + path);
                assertEquals(asGet.headers().firstValue("Content-Type"), asHead.headers().firstValue("Content-Type"), "HEAD " + path);
                assertEquals("", asHead.body(), "HEAD " + path + " has no body");
            }
            assertEquals(200, get(port, "/health", null, "HEAD").statusCode());
            assertEquals(0.0, values.get("scorestream_ingest_stalled"), 0.0, "a node that keeps up is not stalled");
            assertEquals(0.0, values.get("scorestream_reader_restarts_total"), 0.0);

            // GET /dashboard/data and GET / in a real headless browser: it loads, plots, and refreshes.
            JsonNode data = JSON.readTree(get(port, "/dashboard/data", null).body());
            assertEquals(h.latest.get().model().info().version(), data.get("modelVersion").asLong());
            assertEquals(500, data.get("incoming").size(), "the newest 500 records (of 3000, all well-formed)");
            assertEquals(500, data.get("generated").size());
            assertEquals(2, data.get("incoming").get(0).size());
            assertEquals(progress.absorbed(), data.get("absorbed").asLong());
            assertTrue(data.get("stall").isNull(), "no stall: " + data.get("stall"));
            assertEquals(0, data.get("readerRestarts").asLong());
            String dom = Chromium.dumpDom("http://127.0.0.1:" + port + "/", dir.resolve("chromium"));
            assertTrue(attribute(dom, "data-refreshes") >= 2, "the page refreshes itself: " + dom);
            assertTrue(attribute(dom, "data-incoming") > 100 && attribute(dom, "data-generated") > 100, "a non-empty plot: " + dom);
            assertTrue(dom.contains("id=\"modelVersion\">" + h.latest.get().model().info().version() + "<"), dom);
            assertTrue(dom.contains("id=\"absorbed\">3,000<"), dom);
            String screenshot = System.getProperty("dashboard.screenshot");   // -Ddashboard.screenshot=docs/dashboard.png refreshes README's
            if (screenshot != null) Chromium.screenshot("http://127.0.0.1:" + port + "/", dir.resolve("chromium-shot"), Path.of(screenshot));
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})?) (\\S+)");

    /** Checks every line is a comment or a sample of the 0.0.4 text format; returns the samples by name{labels}. */
    private static Map<String, Double> assertPrometheus(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        Map<String, Double> values = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
            Matcher matcher = SAMPLE.matcher(line);
            assertTrue(matcher.matches(), "not a Prometheus sample line: " + line);
            values.put(matcher.group(1), Double.parseDouble(matcher.group(3)));
        }
        assertTrue(values.containsKey("scorestream_model_available"), r.body());
        return values;
    }

    private static long attribute(String dom, String name) {
        Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), name + " missing in " + dom);
        return Long.parseLong(m.group(1));
    }

    /** What java.net.http refuses to send (malformed escapes), over a plain socket. */
    private static String raw(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * scorestream.http.samples-timeout: a /samples request that takes longer is a 503 saying the
     * sampling failed, and the node serves on; a request within it is served.
     */
    @Test
    void aRequestPastTheSamplesTimeoutIsA503() throws Exception {
        StreamHarness h = new StreamHarness("http-timeout", 1, dir.resolve("snap"));
        SharedKafka.produce(h.samples, StreamHarness.csv(Datasets.generate("gmm", 3000, 1).samples()));
        try (ScoreStreamService service = h.start(Map.of("scorestream.learning.model-every-samples", 500, "scorestream.http.samples-timeout", "1ms"))) {
            service.awaitConsumed(3000, Duration.ofSeconds(120));
            h.awaitAbsorbed(2500, Duration.ofSeconds(60));
            HttpResponse<String> late = get(service.healthPort(), "/samples?n=50000", null);
            assertEquals(503, late.statusCode(), late.body());
            assertTrue(late.body().startsWith("sampling failed: ") && late.body().contains("1 ms"), late.body());
            assertEquals(200, get(service.healthPort(), "/model", null).statusCode(), "the node serves on");
        }
    }

    static HttpResponse<String> get(int port, String path, String accept) throws Exception {
        return get(port, path, accept, "GET");
    }

    private static HttpResponse<String> get(int port, String path, String accept, String method) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) request.header("Accept", accept);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
