package dev.dovetail.sim.simulate;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated Job controller with simulated work: keeps {@code parallelism} pods of each Job until
 * {@code completions} succeeded; a Running pod finishes after the Job's {@value #RUNTIME}
 * annotation (a duration such as {@code 10m}, default 10 minutes) and is removed, freeing its node.
 */
final class SimulatedJobs {
  static final String RUNTIME = "simulate.dovetail.dev/runtime";
  static final String JOB_NAME = "job-name";
  private static final Duration DEFAULT_RUNTIME = Duration.ofMinutes(10);
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesClient client;
  private final Clock clock;
  private final Random random;
  private final Map<String, Integer> succeeded = new HashMap<>();
  private boolean busy;

  SimulatedJobs(KubernetesClient client, Clock clock, Random random) {
    this.client = client;
    this.clock = clock;
    this.random = random;
  }

  /** Some Job still has work to do, so passes must go on even when nothing else changes. */
  boolean busy() {
    return busy;
  }

  void sync() {
    List<Job> jobs = client.batch().v1().jobs().inAnyNamespace().list().getItems();
    busy = false;
    if (jobs.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    for (Job job : jobs) {
      String key = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
      int parallelism = value(job.getSpec().getParallelism(), 1);
      int completions = value(job.getSpec().getCompletions(), parallelism);
      Duration runtime = runtime(job);
      int done = succeeded.getOrDefault(key, 0);
      List<Pod> pods =
          client
              .pods()
              .inNamespace(job.getMetadata().getNamespace())
              .withLabel(JOB_NAME, job.getMetadata().getName())
              .list()
              .getItems();
      int active = 0;
      for (Pod pod : pods) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          continue;
        }
        String started = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (started != null
            && "Running".equals(pod.getStatus().getPhase())
            && !Instant.parse(started).plus(runtime).isAfter(now)) {
          client
              .pods()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName())
              .delete();
          done++;
        } else {
          active++;
        }
      }
      succeeded.put(key, done);
      int want = Math.max(0, Math.min(parallelism - active, completions - done - active));
      for (int i = 0; i < want; i++) {
        create(job);
        active++;
      }
      busy |= active > 0;
    }
  }

  private void create(Job job) {
    ObjectMeta template = job.getSpec().getTemplate().getMetadata();
    Map<String, String> labels = new HashMap<>();
    if (template != null && template.getLabels() != null) {
      labels.putAll(template.getLabels());
    }
    labels.put(JOB_NAME, job.getMetadata().getName());
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName() + "-" + suffix())
            .withLabels(labels)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName(job.getMetadata().getName())
                    .withUid(job.getMetadata().getUid())
                    .withController(true)
                    .build())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    try {
      client.resource(pod).create();
    } catch (KubernetesClientException e) {
      // A name clash: the next pass creates another.
    }
  }

  private String suffix() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      s.append(ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length())));
    }
    return s.toString();
  }

  private static Duration runtime(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String text = annotations == null ? null : annotations.get(RUNTIME);
    Duration parsed = text == null ? null : ScenarioReader.parseDuration(text);
    return parsed == null ? DEFAULT_RUNTIME : parsed;
  }

  private static int value(Integer n, int otherwise) {
    return n == null ? otherwise : n;
  }
}
