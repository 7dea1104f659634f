package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Condition;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.controllers.provisioner.ProvisionerConditions;
import dev.dovetail.events.Event;
import dev.dovetail.events.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports on the Provisioner itself: a {@code FailedProvisioning} warning event and a {@code
 * Provisionable=False} condition naming the field, set back to True once its pool builds again.
 */
public final class ProvisionerPoolReports implements PoolReports {
  public static final String CONDITION = "Provisionable";
  public static final String EVENT_REASON = "FailedProvisioning";
  private static final Logger LOG = LoggerFactory.getLogger("controller.provisioner");

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  public ProvisionerPoolReports(KubernetesClient client, EventRecorder events, Clock clock) {
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void failed(Provisioner provisioner, String message) {
    events.publish(Event.warning(provisioner, EVENT_REASON, message));
    write(provisioner, new Condition(CONDITION, "False", "Error", null, "PoolFailed", message));
  }

  @Override
  public void built(Provisioner provisioner) {
    boolean wasFailing =
        provisioner.getStatus() != null
            && provisioner.getStatus().conditions() != null
            && provisioner.getStatus().conditions().stream()
                .anyMatch(c -> CONDITION.equals(c.type()) && "False".equals(c.status()));
    if (wasFailing) {
      write(provisioner, new Condition(CONDITION, "True", null, null, null, null));
    }
  }

  private void write(Provisioner provisioner, Condition condition) {
    try {
      ProvisionerConditions.set(client, provisioner, condition, clock);
    } catch (KubernetesClientException e) {
      // the next pass reports again; the pass itself must go on
      LOG.atError()
          .addKeyValue("provisioner", provisioner.getMetadata().getName())
          .addKeyValue("error", e.getMessage())
          .log("failed to update provisioner status");
    }
  }
}
