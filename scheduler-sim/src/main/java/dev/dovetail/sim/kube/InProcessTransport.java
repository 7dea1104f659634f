package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Hands a client's plain requests to the embedded API server's dispatcher on the calling thread,
 * instead of through HTTP: the same handlers answer, without two event-loop hand-offs, a socket and
 * HTTP framing per request. A simulation makes a few hundred thousand requests; on two cores the
 * HTTP path took as much CPU as the controllers. Watches (WebSockets and streamed requests) and
 * requests for other servers still go over the wire, so informers see every change as before.
 */
public final class InProcessTransport {
  private final HttpClient.Factory wire;
  private final String authority;
  private final Function<RecordedRequest, MockResponse> dispatcher;

  InProcessTransport(
      HttpClient.Factory wire, URI server, Function<RecordedRequest, MockResponse> dispatcher) {
    this.wire = wire;
    this.authority = server.getRawAuthority();
    this.dispatcher = dispatcher;
  }

  /** A client factory: clients it builds answer plain requests to the server in process. */
  public HttpClient.Factory factory() {
    return new HttpClient.Factory() {
      @Override
      public HttpClient.Builder newBuilder(io.fabric8.kubernetes.client.Config config) {
        return builder(wire.newBuilder(config), HttpClient.Builder.class);
      }

      @Override
      public HttpClient.Builder newBuilder() {
        return builder(wire.newBuilder(), HttpClient.Builder.class);
      }
    };
  }

  /** A builder whose clients are wrapped; calls that return the builder return the wrapper. */
  private <B extends HttpClient.DerivedClientBuilder> B builder(B real, Class<B> type) {
    Object[] self = new Object[1];
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (method.getName().equals("build") && result instanceof HttpClient client) {
            return client(client);
          }
          return result == real ? self[0] : result;
        };
    B proxy =
        type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    self[0] = proxy;
    return proxy;
  }

  private HttpClient client(HttpClient real) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("sendAsync")
              && args != null
              && args.length == 2
              && args[0] instanceof HttpRequest request
              && args[1] instanceof Class<?> type
              && inProcess(request)) {
            return send(request, type);
          }
          if (method.getName().equals("newBuilder") && (args == null || args.length == 0)) {
            return builder(real.newBuilder(), HttpClient.DerivedClientBuilder.class);
          }
          return invoke(real, method, args);
        };
    return (HttpClient)
        Proxy.newProxyInstance(
            HttpClient.class.getClassLoader(), new Class<?>[] {HttpClient.class}, handler);
  }

  private boolean inProcess(HttpRequest request) {
    URI uri = request.uri();
    String query = uri.getRawQuery();
    boolean watch = query != null && (query.contains("watch=true") || query.contains("watch=1"));
    boolean streaming = request instanceof StandardHttpRequest s && s.isForStreaming();
    return authority.equals(uri.getRawAuthority()) && !watch && !streaming;
  }

  private CompletableFuture<?> send(HttpRequest request, Class<?> type) {
    try {
      URI uri = request.uri();
      String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      Headers.Builder headers = Headers.builder();
      request.headers().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
      String contentType = request instanceof StandardHttpRequest s ? s.getContentType() : null;
      if (contentType != null && request.header("Content-Type") == null) {
        headers.add("Content-Type", contentType);
      }
      Buffer body = new Buffer();
      String text = request.bodyString();
      if (text != null) {
        body.writeUtf8(text);
      }
      MockResponse response =
          dispatcher.apply(
              new RecordedRequest(
                  "HTTP/1.1",
                  HttpMethod.valueOf(request.method().toUpperCase(java.util.Locale.ROOT)),
                  path,
                  headers.build(),
                  body));
      byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody().readByteArray();
      return CompletableFuture.completedFuture(
          new Response<>(request, response.code(), headersOf(response), bodyAs(bytes, type)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Map<String, List<String>> headersOf(MockResponse response) {
    return response.getHeaders() == null ? Map.of() : response.getHeaders().toMultimap();
  }

  private static Object bodyAs(byte[] bytes, Class<?> type) {
    if (type == byte[].class) {
      return bytes;
    }
    if (type == String.class) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (type == InputStream.class) {
      return new ByteArrayInputStream(bytes);
    }
    if (type == Reader.class) {
      return new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("no in-process body of type " + type.getName());
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private record Response<T>(
      HttpRequest request, int code, Map<String, List<String>> headers, T body)
      implements HttpResponse<T> {
    @Override
    public List<String> headers(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return List.of();
    }

    @Override
    public Optional<HttpResponse<?>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public String bodyString() throws IOException {
      if (body instanceof byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
      if (body instanceof String text) {
        return text;
      }
      throw new IOException("the body was handed out as a stream");
    }
  }
}
