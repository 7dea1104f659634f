package dev.dovetail.aws.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TargetCapacitySpecificationRequest;

/** The batch window is driven by hand: the test decides when the timer fires. */
@Timeout(30)
class CreateFleetBatcherTest {
  private final FakeClock clock = new FakeClock();
  private final SimulatedAws aws = SimulatedAws.builtIn("us-east-1", clock);
  private final List<Runnable> scheduled = new CopyOnWriteArrayList<>();
  private final CreateFleetBatcher batcher =
      new CreateFleetBatcher(
          aws.ec2(),
          (delay, flush) -> {
            scheduled.add(flush);
            return () -> scheduled.remove(flush);
          });

  @Test
  void launchesForDifferentMachinesAreSentSeparatelyEachTaggedByCreateFleetItself()
      throws Exception {
    var subnet = aws.addSubnet("us-east-1a", 100, Map.of());
    launchTemplate();
    List<CompletableFuture<CreateFleetResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CreateFleetRequest r = request("token-" + i, "machine-" + i, subnet.id());
      calls.add(CompletableFuture.supplyAsync(() -> batcher.createFleet(r)));
    }
    awaitPending(3);
    new ArrayList<>(scheduled).forEach(Runnable::run);

    List<String> ids = new ArrayList<>();
    for (var c : calls) {
      ids.add(c.get(10, TimeUnit.SECONDS).instances().get(0).instanceIds().get(0));
    }
    assertThat(ids).doesNotHaveDuplicates().hasSize(3);
    assertThat(aws.requests(CreateFleetRequest.class))
        .hasSize(3)
        .allSatisfy(
            r ->
                assertThat(r.tagSpecifications())
                    .flatExtracting(TagSpecification::tags)
                    .extracting(Tag::key)
                    .contains(InstanceProvider.MACHINE_TAG));
    assertThat(aws.requests(CreateTagsRequest.class)).as("no tagging after the launch").isEmpty();
    assertThat(aws.liveInstances())
        .extracting(i -> i.tags().get(InstanceProvider.MACHINE_TAG))
        .containsExactlyInAnyOrder("machine-0", "machine-1", "machine-2");
  }

  @Test
  void concurrentLaunchesForOneMachineBecomeOneInstance() throws Exception {
    var subnet = aws.addSubnet("us-east-1a", 100, Map.of());
    launchTemplate();
    List<CompletableFuture<CreateFleetResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      CreateFleetRequest r = request("token-" + i, "machine-0", subnet.id());
      calls.add(CompletableFuture.supplyAsync(() -> batcher.createFleet(r)));
    }
    awaitPending(2);
    new ArrayList<>(scheduled).get(0).run();

    assertThat(calls.get(0).get(10, TimeUnit.SECONDS).instances())
        .isEqualTo(calls.get(1).get(10, TimeUnit.SECONDS).instances())
        .hasSize(1);
    assertThat(aws.requests(CreateFleetRequest.class)).hasSize(1);
    assertThat(aws.liveInstances()).hasSize(1);
  }

  private void launchTemplate() {
    aws.ec2()
        .createLaunchTemplate(
            CreateLaunchTemplateRequest.builder()
                .launchTemplateName("lt")
                .launchTemplateData(RequestLaunchTemplateData.builder().imageId("ami-1").build())
                .build());
  }

  @Test
  void aBatchOfOneIsSentUnchanged() throws Exception {
    var subnet = aws.addSubnet("us-east-1a", 100, Map.of());
    aws.setCapacity(CapacityType.ON_DEMAND, "m5.large", "us-east-1a", 0);
    CreateFleetRequest r = request("token-x", "machine-x", subnet.id());
    var call = CompletableFuture.supplyAsync(() -> batcher.createFleet(r));
    awaitPending(1);
    new ArrayList<>(scheduled).get(0).run();

    assertThat(call.get(10, TimeUnit.SECONDS).errors()).isNotEmpty();
    assertThat(aws.requests(CreateFleetRequest.class)).containsExactly(r);
    assertThat(Duration.ofMillis(35)).isEqualTo(CreateFleetBatcher.IDLE);
  }

  /** Waits until {@code n} callers have joined the open batch (the class timeout ends a hang). */
  private void awaitPending(int n) {
    while (batcher.pending() < n) {
      Thread.onSpinWait();
    }
  }

  private static CreateFleetRequest request(String token, String machine, String subnetId) {
    return CreateFleetRequest.builder()
        .type("instant")
        .clientToken(token)
        .targetCapacitySpecification(
            TargetCapacitySpecificationRequest.builder()
                .totalTargetCapacity(1)
                .defaultTargetCapacityType("on-demand")
                .build())
        .tagSpecifications(
            TagSpecification.builder()
                .resourceType("instance")
                .tags(
                    Tag.builder().key("karpenter.sh/managed-by").value("c").build(),
                    Tag.builder().key(InstanceProvider.MACHINE_TAG).value(machine).build())
                .build())
        .launchTemplateConfigs(
            FleetLaunchTemplateConfigRequest.builder()
                .launchTemplateSpecification(
                    FleetLaunchTemplateSpecificationRequest.builder()
                        .launchTemplateName("lt")
                        .version("$Latest")
                        .build())
                .overrides(
                    FleetLaunchTemplateOverridesRequest.builder()
                        .instanceType("m5.large")
                        .subnetId(subnetId)
                        .availabilityZone("us-east-1a")
                        .build())
                .build())
        .build();
  }
}
