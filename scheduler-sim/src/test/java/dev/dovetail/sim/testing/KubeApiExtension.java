package dev.dovetail.sim.testing;

import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.kube.real.KubeBinaries;
import dev.dovetail.sim.kube.real.RealKubeApiServer;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The shared end-to-end harness: gives each test a {@link TestCluster} on {@code EmbeddedKubeApi}
 * (a new server per test, the CRDs installed) or, for classes annotated {@link RealKubeApi}, on a
 * real etcd and kube-apiserver shared by the whole test run and emptied before each test.
 *
 * <p>To run a suite on both servers from one source:
 *
 * <pre>{@code
 * @ExtendWith(KubeApiExtension.class)
 * abstract class DeprovisioningSuite {
 *   TestCluster cluster;
 *
 *   @BeforeEach
 *   void start(TestCluster cluster) { this.cluster = cluster; ... cluster.client() ... }
 * }
 * class DeprovisioningEndToEndTest extends DeprovisioningSuite {}
 * @RealKubeApi class DeprovisioningOnRealKubeApiTest extends DeprovisioningSuite {}
 * }</pre>
 *
 * Write the suite for the real server's rules: status only through the status subresource ({@link
 * TestCluster#createWithStatus}), pods bound through the binding subresource, an evicted or deleted
 * pod on a node lingers until its kubelet finishes it, nothing garbage-collects owner references,
 * and object timestamps come from the server, so on the real server the fake clock starts at the
 * wall-clock time. {@link Expectations} holds the upstream-style checks ({@code expectScheduled},
 * {@code expectNotScheduled}, ...).
 */
public final class KubeApiExtension
    implements ExecutionCondition, ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeApiExtension.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  static boolean wantsRealServer(ExtensionContext context) {
    return context
        .getTestClass()
        .map(c -> AnnotationSupport.isAnnotated(c, RealKubeApi.class))
        .orElse(false);
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (!wantsRealServer(context) || KubeBinaries.find().isPresent()) {
      return ConditionEvaluationResult.enabled("a Kubernetes API server is available");
    }
    return ConditionEvaluationResult.disabled(
        "real kube-apiserver tests skipped: " + KubeBinaries.missingMessage());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("cluster", key -> newCluster(context), TestCluster.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestCluster cluster = context.getStore(NAMESPACE).remove("cluster", TestCluster.class);
    if (cluster != null) {
      cluster.close();
    }
  }

  private static TestCluster newCluster(ExtensionContext context) {
    if (!wantsRealServer(context)) {
      FakeClock clock = new FakeClock();
      EmbeddedKubeApi api = EmbeddedKubeApi.start(clock, 0);
      TestCluster cluster = new TestCluster(api, true, clock);
      CrdInstaller.install(cluster.client(), false);
      return cluster;
    }
    RealKubeApiServer server = sharedRealServer(context);
    TestCluster cluster =
        new TestCluster(
            server, false, new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    ClusterReset.clean(cluster.client());
    return cluster;
  }

  /**
   * The real server of this test run, started on first use with the chart's CRDs and stopped when
   * the run ends (or the JVM exits).
   */
  public static RealKubeApiServer sharedRealServer(ExtensionContext context) {
    SharedServer shared =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("real-server", key -> SharedServer.start(), SharedServer.class);
    return shared.server();
  }

  /** The shared server, or why it could not start (so later tests fail at once with the cause). */
  private record SharedServer(RealKubeApiServer started, RuntimeException failure)
      implements AutoCloseable {
    static SharedServer start() {
      KubeBinaries binaries =
          KubeBinaries.find()
              .orElseThrow(() -> new IllegalStateException(KubeBinaries.missingMessage()));
      try {
        RealKubeApiServer server = RealKubeApiServer.start(binaries, READY_TIMEOUT);
        try (KubernetesClient admin = server.newClient()) {
          CrdInstaller.install(admin, true);
        }
        return new SharedServer(server, null);
      } catch (RuntimeException e) {
        return new SharedServer(null, e);
      }
    }

    RealKubeApiServer server() {
      if (failure != null) {
        throw new IllegalStateException("the real kube-apiserver did not start", failure);
      }
      return started;
    }

    @Override
    public void close() {
      if (started != null) {
        started.close();
      }
    }
  }
}
