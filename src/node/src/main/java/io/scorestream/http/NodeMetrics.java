package io.scorestream.http;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.Gauge;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.stream.Partitioner;
import io.scorestream.stream.ReaderRestarts;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One node's Prometheus metrics, in a registry of its own (many services can share a JVM, as in
 * the tests). Counters the node keeps (models received, samples served) are updated as things
 * happen; the stream's progress (absorbed, dead-lettered) is asked for at every scrape and handed
 * to {@link #render}.
 */
public final class NodeMetrics {
    public static final String CONTENT_TYPE = TextFormat.CONTENT_TYPE_004;

    private final CollectorRegistry registry = new CollectorRegistry();
    private final AtomicReference<ModelAssembler.ModelUpdated> latest = new AtomicReference<>();
    private final AtomicReference<Partitioner.Progress> progress = new AtomicReference<>();
    private final AtomicReference<Map<Integer, TopicOffsets.Range>> endOffsets = new AtomicReference<>();
    private final Counter modelUpdates = Counter.build("scorestream_model_updates", "Model versions this node received.").register(registry);
    private final Histogram updateInterval = Histogram.build("scorestream_model_update_interval_seconds",
                    "Time between successive model versions (by their creation times).")
            .buckets(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800).register(registry);
    private final Histogram solveDuration = Histogram.build("scorestream_model_solve_seconds",
                    "Time from asking the bands to solve their levels to having every band's result, per model version.")
            .buckets(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30).register(registry);
    private final Counter samplesGenerated = Counter.build("scorestream_samples_generated", "Samples generated for HTTP requests on this node.")
            .register(registry);
    private final Counter sampleRequests = Counter.build("scorestream_sample_requests", "GET /samples requests on this node, by outcome.")
            .labelNames("outcome").register(registry);

    private final ReaderRestarts restarts;
    private final AtomicReference<StallWatch> stall = new AtomicReference<>();

    /** restarts: this node's reader restarts, kept by its Ingestor. */
    public NodeMetrics(ReaderRestarts restarts) {
        this.restarts = restarts;
        new StreamCollector().register(registry);
    }

    /** The watch whose view of the stream the stall metrics show (set by the HTTP server that feeds it). */
    void watch(StallWatch watch) { stall.set(watch); }

    /** The record path this node runs (scorestream.cluster.record-path), and whether auto chose it: a gauge of 1 labelled with both. */
    public void recordPath(String path, boolean automatic) {
        Gauge.build("scorestream_record_path", "The record path this node runs (1, labelled with it; chosen: auto or set).")
                .labelNames("path", "chosen").register(registry).labels(path, automatic ? "auto" : "set").set(1);
    }

    /** This node's reader restarts. */
    public ReaderRestarts restarts() { return restarts; }

    /** Called for every model the node receives (a repeated version is ignored). */
    public void modelUpdated(ModelAssembler.ModelUpdated update) {
        ModelAssembler.ModelUpdated previous = latest.get();
        long version = update.model().info().version();
        if (previous != null && version <= previous.model().info().version()) return;
        latest.set(update);
        modelUpdates.inc();
        solveDuration.observe(update.solveSeconds());
        if (previous != null) {
            long millis = update.model().info().createdAtMillis() - previous.model().info().createdAtMillis();
            if (millis >= 0) updateInterval.observe(millis / 1000.0);
        }
    }

    public void samplesGenerated(int n) { samplesGenerated.inc(n); }

    /** Samples generated for HTTP requests so far. */
    public long samplesGenerated() { return (long) samplesGenerated.get(); }

    /** outcome: ok, bad-request, no-model, failed. */
    public void sampleRequest(String outcome) { sampleRequests.labels(outcome).inc(); }

    /** The registry, for tests and for anyone who wants to add collectors. */
    public CollectorRegistry registry() { return registry; }

    /**
     * The text exposition (format 0.0.4). current is the stream's progress now and ends the input
     * topic's end offsets by partition; either is null when it could not be asked (the metrics
     * that need it are left out rather than shown stale).
     */
    public String render(Partitioner.Progress current, Map<Integer, TopicOffsets.Range> ends) {
        progress.set(current);
        endOffsets.set(ends);
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The values that live in the stream and the model rather than in this class. */
    private final class StreamCollector extends Collector {
        @Override
        public List<MetricFamilySamples> collect() {
            List<MetricFamilySamples> out = new ArrayList<>();
            Partitioner.Progress p = progress.get();
            ModelAssembler.ModelUpdated m = latest.get();
            if (p != null) {
                out.add(new CounterMetricFamily("scorestream_records_absorbed", "Records absorbed into the statistics.", p.absorbed()));
                out.add(new CounterMetricFamily("scorestream_records_dead_lettered", "Records sent to the dead-letter topic.", p.deadLettered()));
                CounterMetricFamily byReason = new CounterMetricFamily("scorestream_records_dead_lettered_by_reason",
                        "Records sent to the dead-letter topic, by reason (the scorestream.reason header).", List.of("reason"));
                for (io.scorestream.stream.RecordCodec.Reason r : io.scorestream.stream.RecordCodec.Reason.values())
                    byReason.addMetric(List.of(r.headerValue()), p.deadLetteredByReason().getOrDefault(r.headerValue(), 0L));
                out.add(byReason);
                out.add(new GaugeMetricFamily("scorestream_records_warming_up", "Records held back before the first partition plan.", p.warmingUp()));
            }
            boolean has = m != null;
            out.add(new GaugeMetricFamily("scorestream_model_available", "1 once this node has a model to sample from.", has ? 1 : 0));
            if (has) {
                out.add(new GaugeMetricFamily("scorestream_model_version", "Version of the newest model on this node.", m.model().info().version()));
                out.add(new GaugeMetricFamily("scorestream_model_samples_absorbed", "Records the newest model has absorbed.", m.absorbed()));
                out.add(new GaugeMetricFamily("scorestream_model_created_timestamp_seconds", "When the newest model was made (Unix time).",
                        m.model().info().createdAtMillis() / 1000.0));
                out.add(new GaugeMetricFamily("scorestream_model_age_seconds", "Seconds since the newest model was made.",
                        Math.max(0, System.currentTimeMillis() - m.model().info().createdAtMillis()) / 1000.0));
            }
            out.add(new CounterMetricFamily("scorestream_reader_restarts", "Restarts of this node's reader of the input topic (a failed stream, a refused batch, a new partitioner epoch).",
                    restarts.count()));
            StallWatch watch = stall.get();
            if (watch != null) {
                StallWatch.Status status = watch.status(System.currentTimeMillis());
                out.add(new GaugeMetricFamily("scorestream_records_waiting", "Records in the input topic the stream has not taken yet (absorbed, dead-lettered or held for the plan).",
                        status.waiting()));
                out.add(new GaugeMetricFamily("scorestream_ingest_stalled_seconds", "Seconds since the stream last took a record while records wait (0 when none wait).",
                        status.secondsWithoutProgress()));
                out.add(new GaugeMetricFamily("scorestream_ingest_stalled", "1 while no record has been taken for scorestream.http.stall-after although records wait (/ready answers 503).",
                        status.stalled() ? 1 : 0));
            }
            Map<Integer, TopicOffsets.Range> ends = endOffsets.get();
            if (has && ends != null) {
                GaugeMetricFamily lag = new GaugeMetricFamily("scorestream_consumer_lag_records",
                        "Records in the input topic the newest model has not absorbed yet, by partition.", List.of("partition"));
                for (Map.Entry<Integer, TopicOffsets.Range> e : ends.entrySet())
                    lag.addMetric(List.of(Integer.toString(e.getKey())), e.getValue().lag(m.nextOffsets().get(e.getKey())));
                out.add(lag);
            }
            return out;
        }
    }
}
