package dev.dovetail.controllers.provisioner.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Condition;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.ProvisionerValidator;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import dev.dovetail.testing.fixtures.TestMachines;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ProvisionerValidationControllerTest {
  KubernetesClient client;
  private final RecordingEventRecorder events = new RecordingEventRecorder();
  private ProvisionerValidationController controller;

  @BeforeEach
  void setUp() {
    TestMachines.registerCrds(client);
    controller =
        new ProvisionerValidationController(
            client, ProvisionerValidator::validate, events, new FakeClock());
  }

  @Test
  void anInvalidProvisionerGetsAFalseConditionAndAWarningNamingTheFieldAndRule() {
    Provisioner provisioner =
        Serialization.unmarshal(
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata: {name: default}
            spec:
              ttlSecondsAfterEmpty: 30
              consolidation: {enabled: true}
              providerRef: {name: default}
            """,
            Provisioner.class);
    client.resource(provisioner).create();

    controller.reconcile("default");

    Condition condition = condition();
    assertThat(condition.status()).isEqualTo("False");
    assertThat(condition.message())
        .contains(
            "Provisioner/default: spec.ttlSecondsAfterEmpty: cannot be combined with"
                + " spec.consolidation.enabled=true");
    assertThat(events.withReason("FailedValidation")).hasSize(1);
  }

  @Test
  void aValidProvisionerGetsATrueConditionAndNoEvent() {
    client.resource(TestMachines.provisioner("default")).create();

    controller.reconcile("default");

    assertThat(condition().status()).isEqualTo("True");
    assertThat(events.withReason("FailedValidation")).isEmpty();
  }

  private Condition condition() {
    return client
        .resources(Provisioner.class)
        .withName("default")
        .get()
        .getStatus()
        .conditions()
        .stream()
        .filter(c -> ProvisionerValidationController.CONDITION.equals(c.type()))
        .findFirst()
        .orElseThrow();
  }
}
