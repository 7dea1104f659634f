package dev.dovetail.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A small HTTP server for probes and metrics: {@link #health} serves {@code /healthz} and {@code
 * /readyz} (200 or 500 with one line per check), {@link #metrics} serves {@code /metrics} in the
 * Prometheus text format from a scrape function (for example {@code
 * PrometheusMeterRegistry::scrape}), so this module does not depend on a metrics backend.
 */
public final class OperatorHttpServer implements AutoCloseable {
  /** The answer of one endpoint. */
  public record Response(int status, String contentType, String body) {}

  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private OperatorHttpServer(String name, int port, Map<String, Supplier<Response>> endpoints) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("starting the " + name + " server on port " + port, e);
    }
    for (Map.Entry<String, Supplier<Response>> endpoint : endpoints.entrySet()) {
      server.createContext(endpoint.getKey(), exchange -> answer(exchange, endpoint));
    }
    executor =
        Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name(name + "-http-", 0).daemon(true).factory());
    server.setExecutor(executor);
    server.start();
  }

  /** Serves {@code /healthz} and {@code /readyz} on {@code port} (0 picks a free one). */
  public static OperatorHttpServer health(int port, HealthChecks checks) {
    return new OperatorHttpServer(
        "health",
        port,
        Map.of(
            "/healthz", () -> probe(checks.live()),
            "/readyz", () -> probe(checks.ready())));
  }

  /** Serves {@code /metrics} on {@code port} (0 picks a free one). */
  public static OperatorHttpServer metrics(int port, Supplier<String> scrape) {
    return new OperatorHttpServer(
        "metrics", port, Map.of("/metrics", () -> new Response(200, PROMETHEUS, scrape.get())));
  }

  private static Response probe(HealthChecks.Report report) {
    return new Response(report.healthy() ? 200 : 500, TEXT, report.body());
  }

  private static void answer(HttpExchange exchange, Map.Entry<String, Supplier<Response>> endpoint)
      throws IOException {
    try (exchange) {
      // createContext matches prefixes; only the exact path is served.
      if (!exchange.getRequestURI().getPath().equals(endpoint.getKey())) {
        send(exchange, new Response(404, TEXT, "not found\n"));
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        send(exchange, new Response(405, TEXT, "method not allowed\n"));
        return;
      }
      Response response;
      try {
        response = endpoint.getValue().get();
      } catch (RuntimeException e) {
        response = new Response(500, TEXT, "internal error: " + e.getMessage() + "\n");
      }
      send(exchange, response);
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
