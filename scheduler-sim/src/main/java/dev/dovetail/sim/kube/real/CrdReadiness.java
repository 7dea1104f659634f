package dev.dovetail.sim.kube.real;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a real API server serves a CRD just created: it establishes the CRD asynchronously,
 * then answers 429 "storage is (re)initializing" to lists of the new kind for a moment.
 */
public final class CrdReadiness {
  private CrdReadiness() {}

  public static void awaitServed(
      KubernetesClient client, CustomResourceDefinition crd, Duration timeout) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(CrdReadiness::established, timeout.toMillis(), TimeUnit.MILLISECONDS);
    ResourceDefinitionContext kind =
        new ResourceDefinitionContext.Builder()
            .withGroup(crd.getSpec().getGroup())
            .withVersion(crd.getSpec().getVersions().get(0).getName())
            .withPlural(crd.getSpec().getNames().getPlural())
            .withKind(crd.getSpec().getNames().getKind())
            .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
            .build();
    KubernetesClientException[] last = {null};
    boolean served =
        Poll.REAL.until(
            () -> {
              try {
                client.genericKubernetesResources(kind).list();
                return true;
              } catch (KubernetesClientException e) {
                if (e.getCode() != 429) {
                  throw e;
                }
                last[0] = e;
                return false;
              }
            },
            timeout,
            crd.getMetadata().getName());
    if (!served) {
      throw last[0];
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
