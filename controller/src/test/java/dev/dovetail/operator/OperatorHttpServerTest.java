package dev.dovetail.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthzAndReadyzReportEachCheck() throws Exception {
    AtomicBoolean synced = new AtomicBoolean(false);
    HealthChecks checks =
        new HealthChecks().addLiveness("ping", () -> true).addReadiness("informers", synced::get);
    try (OperatorHttpServer server = OperatorHttpServer.health(0, checks)) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(server, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(500);
      assertThat(notReady.body()).contains("[+]ping ok").contains("[-]informers failed");

      synced.set(true);
      assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aThrowingCheckFails() throws Exception {
    HealthChecks checks =
        new HealthChecks()
            .addLiveness(
                "broken",
                () -> {
                  throw new IllegalStateException("boom");
                });
    try (OperatorHttpServer server = OperatorHttpServer.health(0, checks)) {
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(500);
    }
  }

  @Test
  void metricsServesTheScrapeAndNothingElse() throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    Counter.builder("karpenter_machines_created").register(registry).increment();
    try (OperatorHttpServer server =
        OperatorHttpServer.metrics(
            0,
            () ->
                "karpenter_machines_created_total "
                    + registry.get("karpenter_machines_created").counter().count()
                    + "\n")) {
      HttpResponse<String> metrics = get(server, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).contains("version=0.0.4"));
      assertThat(metrics.body()).isEqualTo("karpenter_machines_created_total 1.0\n");
      assertThat(get(server, "/metrics/extra").statusCode()).isEqualTo(404);
      assertThat(get(server, "/").statusCode()).isEqualTo(404);
    }
  }

  private HttpResponse<String> get(OperatorHttpServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
