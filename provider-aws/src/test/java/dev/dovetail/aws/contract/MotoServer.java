package dev.dovetail.aws.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dovetail.aws.cloudprovider.AwsClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/**
 * A real moto server on 127.0.0.1, started through our launcher ({@code moto/launch_moto.py}) which
 * seeds the EKS and Bottlerocket SSM parameters moto lacks. Skips the calling test class when moto
 * is not installed.
 */
final class MotoServer implements AutoCloseable {
  static final String REGION = "us-west-2";
  static final String KUBERNETES_VERSION = "1.29";

  private final Process process;
  private final Writer stdin;
  private final BufferedReader stdout;
  private final int port;
  private Map<String, String> seeded;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Whether moto can be used here: {@code moto_server} on PATH and {@code import moto} works. */
  static boolean available() {
    return onPath("moto_server") && run("python3", "-c", "import moto");
  }

  /** Starts moto, or skips the test class with a message naming the missing command. */
  static MotoServer start() throws IOException {
    assumeTrue(
        onPath("moto_server"),
        "moto not installed: `moto_server` is not on PATH; skipping AWS contract tests");
    assumeTrue(
        run("python3", "-c", "import moto"),
        "moto not installed: `python3 -c 'import moto'` failed; skipping AWS contract tests");
    Path script = Files.createTempFile("launch_moto", ".py");
    script.toFile().deleteOnExit();
    try (InputStream in = MotoServer.class.getResourceAsStream("/moto/launch_moto.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            "python3", script.toString(), Integer.toString(port), REGION, KUBERNETES_VERSION);
    pb.environment().put("MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION", "true");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    MotoServer server = new MotoServer(pb.start(), port);
    server.seeded = server.readSeeded();
    return server;
  }

  /** Resets every moto backend and seeds the SSM parameters again. */
  void reset() throws IOException {
    stdin.write("reset\n");
    stdin.flush();
    seeded = readSeeded();
  }

  /** SSM parameter → AMI id seeded by the launcher. */
  Map<String, String> seededParameters() {
    return seeded;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Real SDK clients pointed at this server, retries off, fixed credentials. */
  AwsClients clients() {
    return AwsClients.create(
        REGION,
        Optional.of(endpoint()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
        ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build());
  }

  private Map<String, String> readSeeded() throws IOException {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return stdout.readLine();
              } catch (IOException e) {
                return null;
              }
            });
    String json;
    try {
      json = line.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IOException("moto launcher did not answer within 60 s", e);
    }
    if (json == null) {
      throw new IOException("moto launcher exited before it was ready");
    }
    Map<String, String> out = new TreeMap<>();
    Matcher m = Pattern.compile("\"([^\"]+)\":\\s*\"([^\"]+)\"").matcher(json);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // the launcher may already be gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
