package dev.dovetail.sim.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.scheduling.CapacityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpotReclaimerTest {
  private static final String ZONE = "us-east-1a";

  private final SimulationClock clock = new SimulationClock(Instant.parse("2026-01-05T00:00:00Z"));
  private final SimulatedAws aws = SimulatedAws.builtIn("us-east-1", clock);
  private final SpotReclaimer reclaimer = new SpotReclaimer(aws, clock, new Random(3));
  private String subnet;

  @BeforeEach
  void launchTemplate() {
    aws.createInterruptionQueue("q");
    subnet = aws.addSubnet(ZONE, 100, Map.of()).id();
    aws.ec2()
        .createLaunchTemplate(
            CreateLaunchTemplateRequest.builder()
                .launchTemplateName("lt")
                .launchTemplateData(RequestLaunchTemplateData.builder().imageId("ami-1").build())
                .build());
  }

  private String launch(String capacityType, String type) {
    String token = capacityType + type + aws.liveInstances().size();
    return aws.ec2()
        .createFleet(
            f ->
                f.type("instant")
                    .clientToken(token)
                    .targetCapacitySpecification(
                        t -> t.totalTargetCapacity(1).defaultTargetCapacityType(capacityType))
                    .launchTemplateConfigs(
                        c ->
                            c.launchTemplateSpecification(
                                    l -> l.launchTemplateName("lt").version("$Latest"))
                                .overrides(o -> o.instanceType(type).subnetId(subnet))))
        .instances()
        .get(0)
        .instanceIds()
        .get(0);
  }

  /** The bodies of the messages on the interruption queue. */
  private List<String> warnings() {
    String url = aws.sqs().getQueueUrl(b -> b.queueName("q")).queueUrl();
    List<String> bodies = new ArrayList<>();
    for (Message m :
        aws.sqs()
            .receiveMessage(
                ReceiveMessageRequest.builder().queueUrl(url).maxNumberOfMessages(10).build())
            .messages()) {
      bodies.add(m.body());
    }
    return bodies;
  }

  private List<String> terminated() {
    return aws.requests(TerminateInstancesRequest.class).stream()
        .flatMap(r -> r.instanceIds().stream())
        .toList();
  }

  @Test
  void warnsAShareOfTheSpotInstancesThroughTheQueueAndEc2TakesThemTwoMinutesLater() {
    List<String> spot = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      spot.add(launch("spot", "m5.large"));
    }
    String onDemand = launch("on-demand", "m5.large");

    List<String> reclaimed =
        reclaimer.reclaim(
            new Scenario.SpotInterruption(Duration.ZERO, 0.5, Optional.empty(), Optional.empty()));

    assertThat(reclaimed).hasSize(2).allMatch(spot::contains).doesNotContain(onDemand);
    List<String> bodies = warnings();
    assertThat(bodies).hasSize(2);
    for (String id : reclaimed) {
      assertThat(bodies)
          .anySatisfy(
              b -> assertThat(b).contains("EC2 Spot Instance Interruption Warning").contains(id));
    }
    assertThat(terminated()).as("nothing is taken before the notice runs out").isEmpty();

    clock.jumpTo(clock.instant().plus(SimulatedAws.SPOT_NOTICE));
    clock.runDue();

    assertThat(terminated()).containsExactlyInAnyOrderElementsOf(reclaimed);
    assertThat(aws.liveInstances())
        .filteredOn(i -> i.capacityType() == CapacityType.SPOT)
        .extracting(SimulatedAws.Instance::id)
        .containsAll(spot.stream().filter(id -> !reclaimed.contains(id)).toList());
  }

  @Test
  void aWholePoolIsReclaimedThroughReclaimSpot() {
    String first = launch("spot", "m5.large");
    String second = launch("spot", "m5.large");
    String other = launch("spot", "c5.large");

    List<String> reclaimed =
        reclaimer.reclaim(
            new Scenario.SpotInterruption(
                Duration.ZERO, 1.0, Optional.of("m5.large"), Optional.of(ZONE)));

    assertThat(reclaimed).containsExactlyInAnyOrder(first, second).doesNotContain(other);
    assertThat(warnings()).hasSize(2);
    assertThat(aws.reclaimSpot("m5.large", ZONE)).as("already warned").isEmpty();
  }
}
