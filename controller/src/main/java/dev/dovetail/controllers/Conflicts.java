package dev.dovetail.controllers;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/** How the controllers treat optimistic-concurrency failures: re-read and try again soon. */
public final class Conflicts {
  /** A write with a stale resourceVersion is retried after this delay, not counted as a failure. */
  public static final Duration RETRY = Duration.ofMillis(100);

  private Conflicts() {}

  public static boolean isConflict(KubernetesClientException e) {
    return e.getCode() == 409;
  }

  public static boolean isNotFound(KubernetesClientException e) {
    return e.getCode() == 404;
  }
}
