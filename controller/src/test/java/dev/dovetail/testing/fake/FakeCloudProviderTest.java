package dev.dovetail.testing.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.cloudprovider.CreateErrorException;
import dev.dovetail.cloudprovider.InsufficientCapacityException;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.scheduling.fixtures.InstanceLabels;
import org.junit.jupiter.api.Test;

class FakeCloudProviderTest {
  private final FakeClock clock = new FakeClock();
  private final FakeCloudProvider cloud = new FakeCloudProvider(clock);

  private static LaunchRequest request(String machine, Requirements requirements) {
    return new LaunchRequest(
        machine,
        "default",
        new ProviderRef(null, null, "default"),
        requirements,
        Resources.ofCpuMemory(1500, 1L << 30),
        null,
        null,
        null,
        null);
  }

  @Test
  void launchesTheCheapestCompatibleOfferingThatFits() {
    LaunchedMachine m =
        cloud.create(
            request(
                "a",
                Requirements.of(
                    Requirement.in(InstanceLabels.INSTANCE_FAMILY, "m5", "c5"),
                    Requirement.in(WellKnownLabels.ZONE, "us-east-1b"))));

    assertThat(m.instanceType()).isEqualTo("c5.large");
    assertThat(m.zone()).isEqualTo("us-east-1b");
    assertThat(m.providerId()).startsWith("fake:///us-east-1b/i-");
    assertThat(m.labels()).containsEntry(WellKnownLabels.INSTANCE_TYPE, "c5.large");
    assertThat(m.launchTime()).isEqualTo(clock.instant());
    assertThat(cloud.createCalls()).hasSize(1);
  }

  @Test
  void createIsIdempotentPerMachineName() {
    LaunchedMachine first = cloud.create(request("a", Requirements.NONE));
    LaunchedMachine again = cloud.create(request("a", Requirements.NONE));

    assertThat(again).isEqualTo(first);
    assertThat(cloud.instances()).hasSize(1);
  }

  @Test
  void deleteThenNotFound() {
    LaunchedMachine m = cloud.create(request("a", Requirements.NONE));

    cloud.delete(m.providerId());

    assertThatThrownBy(() -> cloud.delete(m.providerId()))
        .isInstanceOf(MachineNotFoundException.class);
    assertThatThrownBy(() -> cloud.get(m.providerId()))
        .isInstanceOf(MachineNotFoundException.class);
    assertThat(cloud.deleteCalls()).containsExactly(m.providerId(), m.providerId());
  }

  @Test
  void insufficientCapacityOfferingsAreSkippedAndWhenNoneIsLeftCreateFails() {
    Requirements c5 = Requirements.of(Requirement.in(WellKnownLabels.INSTANCE_TYPE, "c5.large"));
    cloud.insufficientCapacity("c5.large", "us-east-1a", CapacityType.SPOT);
    cloud.insufficientCapacity("c5.large", "us-east-1a", CapacityType.ON_DEMAND);
    assertThat(cloud.create(request("a", c5)).zone()).isNotEqualTo("us-east-1a");

    cloud.insufficientCapacityEverywhere();
    assertThatThrownBy(() -> cloud.create(request("b", c5)))
        .isInstanceOf(InsufficientCapacityException.class);
  }

  @Test
  void injectedErrorsFireOnceAndResetForgetsEverything() {
    cloud.nextCreateError(new CreateErrorException("Unauthorized", "no"));
    assertThatThrownBy(() -> cloud.create(request("a", Requirements.NONE)))
        .isInstanceOf(CreateErrorException.class);
    cloud.create(request("a", Requirements.NONE));
    cloud.allowedCreateCalls(2);
    assertThatThrownBy(() -> cloud.create(request("b", Requirements.NONE)))
        .isInstanceOf(CreateErrorException.class);

    cloud.reset();

    assertThat(cloud.instances()).isEmpty();
    assertThat(cloud.createCalls()).isEmpty();
    cloud.create(request("b", Requirements.NONE));
    assertThat(cloud.instances()).hasSize(1);
  }
}
