package dev.dovetail.sim.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class on a real etcd and kube-apiserver instead of {@code EmbeddedKubeApi}: {@link
 * KubeApiExtension} starts one pair per JVM (about ten seconds), installs the CRDs of {@code
 * charts/dovetail/crds} and resets the cluster before each test. The class is skipped with one line
 * naming the build script when the binaries are not built (they need Go).
 *
 * <p>The usual shape is an abstract suite that takes a {@link TestCluster} in its {@code
 * BeforeEach}, a subclass {@code FooEndToEndTest} for the embedded server and a subclass {@code
 * FooOnRealKubeApiTest} annotated with this.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KubeApiExtension.class)
@Tag("real-kube-api")
public @interface RealKubeApi {}
