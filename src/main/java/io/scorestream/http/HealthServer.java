package io.scorestream.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a supervisor (Kubernetes, systemd, Docker's restart policy) probes on every node:
 * {@code GET /health} answers 200 while the process serves requests; {@code GET /ready} answers
 * 200 once the node has a model to sample from, and 503 with the reason before that. Bound to
 * 127.0.0.1 unless configured otherwise.
 */
public final class HealthServer extends AllDirectives implements AutoCloseable {
    private final ServerBinding binding;

    /** notReadyBecause gives the reason the node is not ready, or empty when it is. */
    public static HealthServer start(ActorSystem<?> system, String host, int port, Supplier<Optional<String>> notReadyBecause) {
        return new HealthServer(system, host, port, notReadyBecause);
    }

    private HealthServer(ActorSystem<?> system, String host, int port, Supplier<Optional<String>> notReadyBecause) {
        Route routes = concat(
                path("health", () -> get(() -> complete("ok\n"))),
                path("ready", () -> get(() -> ready(notReadyBecause.get()))));
        try {
            this.binding = Http.get(system).newServerAt(host, port).bind(routes).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve health checks on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private Route ready(Optional<String> reason) {
        if (reason.isPresent()) return complete(StatusCodes.SERVICE_UNAVAILABLE, "not ready: " + reason.get() + "\n");
        return complete("ready\n");
    }

    /** The bound port (useful when configured as 0). */
    public int port() { return binding.localAddress().getPort(); }

    @Override
    public void close() {
        binding.unbind();
        binding.terminate(Duration.ofSeconds(1));
    }
}
