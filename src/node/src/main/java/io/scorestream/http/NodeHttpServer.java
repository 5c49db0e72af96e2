package io.scorestream.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.scorestream.stream.ModelAssembler;
import io.scorestream.stream.Partitioner;
import io.scorestream.sampler.SamplingPlan;
import io.scorestream.stream.ReaderRestarts;
import io.scorestream.stream.SamplerActor;
import org.ejml.data.DMatrixRMaj;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP face of one node, bound to 127.0.0.1 unless configured otherwise:
 * <ul>
 * <li>{@code GET /health}: 200 while the process serves requests;</li>
 * <li>{@code GET /ready}: 200 once the node has a model to sample from, 503 with the reason before,
 *     and 503 while ingestion is stalled (records wait and none was taken for {@code stall-after}, see {@link StallWatch});</li>
 * <li>{@code GET /model}: the newest model as JSON ({@link ModelDescription}), 503 before there is one;</li>
 * <li>{@code GET /samples?n=N[&seed=S]}: N samples from the newest model, CSV, or a JSON array of
 *     rows with {@code Accept: application/json}; N is capped by {@code scorestream.http.max-samples};
 *     a missing or malformed parameter gets a 400 with a one-line message;</li>
 * <li>{@code GET /metrics}: Prometheus text format ({@link NodeMetrics});</li>
 * <li>{@code GET /}: a live dashboard page (counters, and recent incoming against generated samples
 *     on the incoming samples' top two principal directions), which polls {@code GET /dashboard/data}.</li>
 * </ul>
 * Every GET also answers HEAD (uptime checkers use it), without a body.
 */
public final class NodeHttpServer extends AllDirectives implements AutoCloseable {

    /** What the server needs from the node it serves. */
    public interface Node {
        /** The newest model this node has, or null before the first. */
        ModelAssembler.ModelUpdated latest();
        /** n samples from the newest model (no rows and version 0 when there is none); plan null: the node's configured one. */
        CompletionStage<SamplerActor.Generated> generate(int n, long seed, SamplingPlan plan, Duration timeout);

        default CompletionStage<SamplerActor.Generated> generate(int n, long seed, Duration timeout) { return generate(n, seed, null, timeout); }
        /** Records absorbed and dead-lettered so far. */
        CompletionStage<Partitioner.Progress> progress(Duration timeout);
    }

    /**
     * scorestream.http.*: where to bind, the largest n of one /samples request, how long one may
     * take, and how long records may wait untaken before /ready reports a stall.
     */
    public record Settings(String host, int port, int maxSamples, Duration samplesTimeout, Duration stallAfter) {
        public Settings {
            if (maxSamples < 1) throw new IllegalArgumentException("scorestream.http.max-samples must be at least 1, got " + maxSamples);
            if (stallAfter.isNegative() || stallAfter.isZero()) throw new IllegalArgumentException("scorestream.http.stall-after must be positive, got " + stallAfter);
            if (samplesTimeout.toMillis() < 1) throw new IllegalArgumentException("scorestream.http.samples-timeout must be at least 1ms, got " + samplesTimeout);
        }

        public static Settings from(Config http) {
            return new Settings(http.getString("host"), http.getInt("port"), http.getInt("max-samples"), http.getDuration("samples-timeout"),
                    http.getDuration("stall-after"));
        }

        /** How often the stream's progress is checked: often enough to report a stall within a quarter of stall-after of it. */
        Duration checkEvery() {
            long millis = Math.max(200, Math.min(5000, stallAfter.toMillis() / 4));
            return Duration.ofMillis(millis);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType CSV = ContentTypes.parse("text/csv; charset=UTF-8");
    private static final ContentType PROMETHEUS = ContentTypes.parse(NodeMetrics.CONTENT_TYPE);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(3);
    /** Incoming and generated points the dashboard draws of each. */
    private static final int DASHBOARD_POINTS = 500;
    private static final Duration DASHBOARD_TIMEOUT = Duration.ofSeconds(8);
    private static final String DASHBOARD = resource("dashboard.html");

    private final Node node;
    private final Settings settings;
    private final NodeMetrics metrics;
    private final TopicOffsets topicOffsets;   // null: no consumer lag in /metrics
    private final RecentRecords recent;    // null: the dashboard shows no incoming samples
    private final ExecutorService kafkaReads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scorestream-dashboard-reader");
        t.setDaemon(true);
        return t;
    });
    private final ServerBinding binding;
    private final StallWatch stall;
    private final akka.actor.Cancellable stallChecks;
    private final java.util.concurrent.atomic.AtomicBoolean checking = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * topicOffsets (may be null) gives the input topic's offset ranges for the consumer-lag metric,
     * recent (may be null) the newest input records for the dashboard; both are closed with the server.
     */
    public static NodeHttpServer start(ActorSystem<?> system, Settings settings, Node node, NodeMetrics metrics,
                                       TopicOffsets topicOffsets, RecentRecords recent) {
        return new NodeHttpServer(system, settings, node, metrics, topicOffsets, recent);
    }

    private NodeHttpServer(ActorSystem<?> system, Settings settings, Node node, NodeMetrics metrics, TopicOffsets topicOffsets, RecentRecords recent) {
        this.node = node;
        this.settings = settings;
        this.metrics = metrics;
        this.topicOffsets = topicOffsets;
        this.recent = recent;
        this.stall = new StallWatch(settings.stallAfter(), System.currentTimeMillis());
        metrics.watch(stall);
        ExceptionHandler failed = ExceptionHandler.newBuilder()
                .match(Exception.class, e -> {
                    system.log().warn("HTTP request failed", e);
                    return complete(json(StatusCodes.INTERNAL_SERVER_ERROR, error("internal error: " + e.getClass().getSimpleName())));
                })
                .build();
        long maxBody = system.settings().config().getBytes("akka.http.server.parsing.max-content-length");
        Route routes = handleExceptions(failed, () -> capBodies(maxBody, () -> concat(
                path("health", () -> get(() -> complete("ok\n"))),
                path("ready", () -> get(this::ready)),
                path("model", () -> get(this::model)),
                path("samples", () -> get(() -> parameterMap(parameters -> extractRequest(request -> samples(parameters, request))))),
                path("metrics", () -> get(this::metrics)),
                pathSingleSlash(() -> get(() -> complete(HttpResponse.create().withEntity(ContentTypes.TEXT_HTML_UTF8, DASHBOARD)))),
                pathPrefix("dashboard", () -> path("data", () -> get(this::dashboardData))))));
        try {
            this.binding = Http.get(system).newServerAt(settings.host(), settings.port())
                    .adaptSettings(server -> server.withTransparentHeadRequests(true))
                    .bind(routes)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve HTTP on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        this.stallChecks = system.scheduler().scheduleWithFixedDelay(Duration.ZERO, settings.checkEvery(), this::checkProgress, system.executionContext());
    }

    /** Feeds the stall watch the partitioner's offsets and the topic's; one check at a time (a slow broker must not pile them up). */
    private void checkProgress() {
        if (!checking.compareAndSet(false, true)) return;
        CompletableFuture<Partitioner.Progress> progress = orNull(node.progress(PROGRESS_TIMEOUT));
        progress.thenCompose(p -> readable(p == null ? null : p.nextOffsets()).thenApply(r -> {
            stall.observe(p == null ? null : p.nextOffsets(), r, System.currentTimeMillis());
            return null;
        })).whenComplete((done, failure) -> checking.set(false));
    }

    /** The input topic's ranges, the ends taken back to taken where only markers or aborted records lie beyond (null when there is no topic to ask or it did not answer). */
    private CompletableFuture<Map<Integer, TopicOffsets.Range>> readable(Map<Integer, Long> taken) {
        return topicOffsets == null ? CompletableFuture.completedFuture(null) : orNull(topicOffsets.fetchReadable(taken, PROGRESS_TIMEOUT));
    }

    /** Why the node is stalled, in one line, or null when it is not. */
    String stallReason() {
        StallWatch.Status status = stall.status(System.currentTimeMillis());
        if (!status.stalled()) return null;
        ReaderRestarts restarts = metrics.restarts();
        String last = restarts.lastReason();
        return String.format("ingestion stalled: no record taken for %.0f s (stall-after %d s) while %d records wait; the reader restarted %d times%s",
                status.secondsWithoutProgress(), stall.stallAfter().toSeconds(), status.waiting(), restarts.count(),
                last == null ? "" : ", last because: " + last.replaceAll("[\\r\\n]+", " "));
    }

    /**
     * akka-http enforces max-content-length only on a body a route reads, and these routes read
     * none: without this a request with a body of any size was answered 200. A body declared over
     * the cap is refused with 413 before any route runs, one of unknown length (chunked) with 411.
     */
    private Route capBodies(long maxBody, java.util.function.Supplier<Route> inner) {
        return extractRequestEntity(entity -> {
            if (entity.isKnownEmpty()) return inner.get();
            java.util.OptionalLong length = entity.getContentLengthOption();
            if (length.isEmpty())
                return complete(StatusCodes.LENGTH_REQUIRED, "request bodies must declare their length (at most " + maxBody + " bytes)\n");
            if (length.getAsLong() > maxBody)
                return complete(StatusCodes.PAYLOAD_TOO_LARGE, "request body of " + length.getAsLong() + " bytes exceeds the limit of " + maxBody + " bytes\n");
            return inner.get();
        });
    }

    private Route ready() {
        if (node.latest() == null) return complete(StatusCodes.SERVICE_UNAVAILABLE, "not ready: no model yet\n");
        String stalled = stallReason();
        if (stalled != null) return complete(StatusCodes.SERVICE_UNAVAILABLE, "not ready: " + stalled + "\n");
        return complete("ready\n");
    }

    private Route model() {
        ModelAssembler.ModelUpdated latest = node.latest();
        if (latest == null) return complete(json(StatusCodes.SERVICE_UNAVAILABLE, error("no model yet: the node is still warming up or waiting for records")));
        return complete(json(StatusCodes.OK, ModelDescription.of(latest)));
    }

    private Route samples(Map<String, String> parameters, HttpRequest request) {
        boolean asJson = request.getHeader("Accept").map(h -> h.value().toLowerCase().contains("application/json")).orElse(false);
        SampleQuery query;
        try {
            query = SampleQuery.parse(parameters, settings.maxSamples(), ThreadLocalRandom.current().nextLong());
        } catch (SampleQuery.Invalid e) {
            metrics.sampleRequest("bad-request");
            return complete(problem(StatusCodes.BAD_REQUEST, e.getMessage(), asJson));
        }
        if (node.latest() == null) {
            metrics.sampleRequest("no-model");
            return complete(problem(StatusCodes.SERVICE_UNAVAILABLE, "no model yet: the node is still warming up or waiting for records", asJson));
        }
        CompletionStage<HttpResponse> response = node.generate(query.n(), query.seed(), query.plan(), settings.samplesTimeout()).handle((generated, failure) -> {
            if (failure != null) {
                metrics.sampleRequest("failed");
                return problem(StatusCodes.SERVICE_UNAVAILABLE, "sampling failed: " + oneLine(failure), asJson);
            }
            if (generated.modelVersion() == 0) {
                metrics.sampleRequest("no-model");
                return problem(StatusCodes.SERVICE_UNAVAILABLE, "no model yet: the node is still warming up or waiting for records", asJson);
            }
            metrics.sampleRequest("ok");
            metrics.samplesGenerated(generated.rows().numRows);
            // In the feed's shape: the learned field names as CSV header or JSON object keys.
            ModelAssembler.ModelUpdated latest = node.latest();
            io.scorestream.io.RecordSchema columns = latest == null ? io.scorestream.io.RecordSchema.UNNAMED_CSV : latest.model().recordSchema();
            // A category the model reads one-hot is written back as its indicator fields.
            DMatrixRMaj rows = io.scorestream.io.OneHotColumns.expand(generated.rows(), columns);
            columns = io.scorestream.io.OneHotColumns.expanded(columns);
            HttpResponse ok = asJson ? HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, io.scorestream.io.Tables.jsonText(rows, columns).getBytes(StandardCharsets.UTF_8))
                    : HttpResponse.create().withEntity(CSV, io.scorestream.io.Tables.csvText(rows, columns).getBytes(StandardCharsets.UTF_8));
            return ok.addHeader(akka.http.javadsl.model.HttpHeader.parse("X-Model-Version", Long.toString(generated.modelVersion())))
                    .addHeader(akka.http.javadsl.model.HttpHeader.parse("X-Seed", Long.toString(query.seed())));
        });
        scala.concurrent.duration.FiniteDuration limit = scala.concurrent.duration.Duration.create(settings.samplesTimeout().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        return withRequestTimeout(limit, () -> completeWithFuture(response));
    }

    private Route metrics() {
        CompletableFuture<Partitioner.Progress> progress = orNull(node.progress(PROGRESS_TIMEOUT));
        ModelAssembler.ModelUpdated latest = node.latest();
        CompletableFuture<Map<Integer, TopicOffsets.Range>> ends = readable(latest == null ? null : latest.nextOffsets());
        CompletionStage<HttpResponse> response = progress.thenCombine(ends, (p, e) -> HttpResponse.create()
                .withEntity(PROMETHEUS, metrics.render(p, e).getBytes(StandardCharsets.UTF_8)));
        return completeWithFuture(response);
    }

    private Route dashboardData() {
        ModelAssembler.ModelUpdated latest = node.latest();
        CompletableFuture<Partitioner.Progress> progress = orNull(node.progress(PROGRESS_TIMEOUT));
        if (latest == null) {
            return completeWithFuture(progress.thenApply(p -> json(StatusCodes.OK, withHealth(new DashboardData(0, p == null ? 0 : p.absorbed(),
                    p == null ? 0 : p.deadLettered(), null, metrics.samplesGenerated(), null, 0, 0, new double[0], new double[0][], new double[0][], 0, 0, null, 0)))));
        }
        int d = latest.model().dimension();
        CompletableFuture<Map<Integer, TopicOffsets.Range>> ends = readable(latest.nextOffsets());
        CompletableFuture<DMatrixRMaj> incoming = recent == null ? CompletableFuture.completedFuture(new DMatrixRMaj(0, d))
                : CompletableFuture.supplyAsync(() -> recent.newest(DASHBOARD_POINTS, latest.model().recordSchema(), d, DASHBOARD_TIMEOUT), kafkaReads)
                        .exceptionally(failure -> new DMatrixRMaj(0, d));
        CompletableFuture<DMatrixRMaj> generated = node.generate(DASHBOARD_POINTS, ThreadLocalRandom.current().nextLong(), DASHBOARD_TIMEOUT)
                .toCompletableFuture().handle((g, failure) -> failure == null && g.modelVersion() > 0 ? g.rows() : new DMatrixRMaj(0, d));
        CompletionStage<HttpResponse> response = CompletableFuture.allOf(progress, ends, incoming, generated).thenApply(done -> {
            Partitioner.Progress p = progress.join();
            Map<Integer, TopicOffsets.Range> e = ends.join();
            Long lag = e == null ? null : TopicOffsets.totalLag(e, latest.nextOffsets());
            DMatrixRMaj in = incoming.join(), gen = generated.join();
            double[][][] xy = in.numRows > 0 ? DashboardData.project(in, gen) : new double[][][]{new double[0][], new double[0][]};
            long created = latest.model().info().createdAtMillis();
            return json(StatusCodes.OK, withHealth(new DashboardData(latest.model().info().version(), p == null ? latest.absorbed() : p.absorbed(),
                    p == null ? latest.deadLettered() : p.deadLettered(), lag, metrics.samplesGenerated(),
                    java.time.Instant.ofEpochMilli(created).toString(), Math.max(0, System.currentTimeMillis() - created) / 1000.0, d,
                    in.numRows > 1 ? DashboardData.varianceShare(in) : new double[0], xy[0], xy[1], 0, 0, null, 0)));
        });
        return completeWithFuture(response);
    }

    /** The data with the stream's health filled in. */
    private DashboardData withHealth(DashboardData d) {
        StallWatch.Status status = stall.status(System.currentTimeMillis());
        return new DashboardData(d.modelVersion(), d.absorbed(), d.deadLettered(), d.lag(), d.samplesGenerated(), d.updatedAt(), d.modelAgeSeconds(),
                d.dimension(), d.varianceShare(), d.incoming(), d.generated(), status.waiting(), status.secondsWithoutProgress(), stallReason(),
                metrics.restarts().count());
    }

    private static <T> CompletableFuture<T> orNull(CompletionStage<T> stage) {
        return stage.toCompletableFuture().handle((value, failure) -> failure == null ? value : null);
    }

    private static HttpResponse problem(StatusCode status, String message, boolean asJson) {
        if (asJson) return json(status, error(message));
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.TEXT_PLAIN_UTF8, message + "\n");
    }

    private static Map<String, String> error(String message) { return Map.of("error", message); }

    private static String oneLine(Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("[\\r\\n]+", " ");
    }

    private static HttpResponse json(StatusCode status, Object body) {
        try {
            return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (java.io.InputStream in = NodeHttpServer.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The bound port (useful when configured as 0). */
    public int port() { return binding.localAddress().getPort(); }

    @Override
    public void close() {
        stallChecks.cancel();
        if (topicOffsets != null) topicOffsets.close();
        kafkaReads.shutdownNow();
        if (recent != null) recent.close();
        binding.unbind();
        binding.terminate(Duration.ofSeconds(1));
    }
}
