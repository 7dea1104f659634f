package dev.dovetail.aws.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage;
import dev.dovetail.aws.controllers.interruption.messages.MessageParser;
import dev.dovetail.aws.instancetype.Ec2InstanceTypes;
import dev.dovetail.aws.nodeclass.AmiPaths;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.TargetCapacitySpecificationRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

class SimulatedAwsTest {
  private final FakeClock clock = new FakeClock();
  private final SimulatedAws aws = SimulatedAws.builtIn("us-east-1", clock);

  @Test
  void describeInstanceTypesPagesThroughTheCatalogAndRoundTripsTheSpecs() {
    var types =
        aws
            .ec2()
            .describeInstanceTypesPaginator(
                DescribeInstanceTypesRequest.builder().maxResults(20).build())
            .instanceTypes()
            .stream()
            .toList();

    assertThat(types).hasSize(aws.catalog().specs().size());
    assertThat(aws.requests(DescribeInstanceTypesRequest.class).size()).isGreaterThan(5);
    assertThat(types.stream().map(Ec2InstanceTypes::toSpec).toList())
        .containsExactlyElementsOf(aws.catalog().specs().values());
  }

  @Test
  void fleetLaunchesTheCheapestPoolWithCapacityAndReportsIceForExhaustedOnes() {
    var subnet = aws.addSubnet("us-east-1a", 10, Map.of());
    aws.setSpotPrice("m5.large", "us-east-1a", 0.02);
    aws.setSpotPrice("c5.large", "us-east-1a", 0.03);
    aws.setCapacity(CapacityType.SPOT, "m5.large", "us-east-1a", 0);
    template("lt");

    CreateFleetResponse response =
        aws.ec2().createFleet(fleet("tok-1", "spot", subnet.id(), "m5.large", "c5.large"));

    assertThat(response.instances()).hasSize(1);
    assertThat(response.instances().get(0).instanceTypeAsString()).isEqualTo("c5.large");
    assertThat(response.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.errorCode()).isEqualTo("InsufficientInstanceCapacity");
              assertThat(e.launchTemplateAndOverrides().overrides().instanceTypeAsString())
                  .isEqualTo("m5.large");
            });
    assertThat(aws.subnet(subnet.id()).orElseThrow().freeIps()).isEqualTo(9);
  }

  @Test
  void sameClientTokenReturnsTheSameFleetWithoutASecondInstance() {
    var subnet = aws.addSubnet("us-east-1a", 10, Map.of());
    template("lt");

    var first = aws.ec2().createFleet(fleet("tok-1", "on-demand", subnet.id(), "m5.large"));
    var second = aws.ec2().createFleet(fleet("tok-1", "on-demand", subnet.id(), "m5.large"));

    assertThat(second).isEqualTo(first);
    assertThat(aws.liveInstances()).hasSize(1);
  }

  @Test
  void instancesMovePendingRunningShuttingDownTerminatedOnTheClock() {
    var subnet = aws.addSubnet("us-east-1a", 10, Map.of());
    template("lt");
    String id =
        aws.ec2()
            .createFleet(fleet("t", "on-demand", subnet.id(), "m5.large"))
            .instances()
            .get(0)
            .instanceIds()
            .get(0);

    assertThat(state(id)).isEqualTo("pending");
    clock.advance(Duration.ofSeconds(30));
    assertThat(state(id)).isEqualTo("running");
    aws.ec2().terminateInstances(TerminateInstancesRequest.builder().instanceIds(id).build());
    assertThat(state(id)).isEqualTo("shutting-down");
    clock.advance(Duration.ofMinutes(1));
    assertThat(state(id)).isEqualTo("terminated");
    assertThat(aws.liveInstances()).isEmpty();
    clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> state(id))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("InvalidInstanceID.NotFound"));
  }

  @Test
  void injectedFaultsAndThrottlingFailTheNextCalls() {
    aws.throttle("DescribeInstances", 1);
    aws.failNext("DescribeInstances", "UnauthorizedOperation", 1);

    assertThatThrownBy(
            () -> aws.ec2().describeInstances(DescribeInstancesRequest.builder().build()))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    assertThatThrownBy(
            () -> aws.ec2().describeInstances(DescribeInstancesRequest.builder().build()))
        .isInstanceOfSatisfying(
            Ec2Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
    assertThat(
            aws.ec2().describeInstances(DescribeInstancesRequest.builder().build()).reservations())
        .isNotEmpty();
  }

  @Test
  void spotPricesChangeOverTimeAndDefaultBelowOnDemand() {
    double initial = aws.spotPrice("m5.large", "us-east-1a").orElseThrow();
    assertThat(initial).isBetween(0.096 * 0.3, 0.096 * 0.7 + 1e-9);

    aws.setSpotPrice("m5.large", "us-east-1a", 0.05);

    assertThat(aws.spotPrice("m5.large", "us-east-1a")).hasValue(0.05);
  }

  @Test
  void pricingAndSsmAnswerLikeTheRealApis() {
    var products =
        aws.pricing()
            .getProducts(
                GetProductsRequest.builder()
                    .serviceCode("AmazonEC2")
                    .filters(
                        List.of(
                            software.amazon.awssdk.services.pricing.model.Filter.builder()
                                .type("TERM_MATCH")
                                .field("regionCode")
                                .value("us-east-1")
                                .build()))
                    .build());
    assertThat(products.priceList()).hasSize(100);
    assertThat(products.nextToken()).isNotNull();

    var seeded = aws.seedEksAmis("1.29");
    String path = AmiPaths.al2("1.29", "");
    assertThat(
            aws.ssm()
                .getParameter(GetParameterRequest.builder().name(path).build())
                .parameter()
                .value())
        .isEqualTo(seeded.get(path));
    assertThatThrownBy(
            () -> aws.ssm().getParameter(GetParameterRequest.builder().name("/nope").build()))
        .isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void aReclaimedSpotPoolWarnsThroughTheQueueAndTakesItsInstancesTwoMinutesLater()
      throws Exception {
    aws.createInterruptionQueue("q");
    var subnet = aws.addSubnet("us-east-1a", 10, Map.of());
    template("lt");
    String id =
        aws.ec2()
            .createFleet(fleet("s", "spot", subnet.id(), "m5.large"))
            .instances()
            .get(0)
            .instanceIds()
            .get(0);
    clock.advance(Duration.ofSeconds(30));

    assertThat(aws.reclaimSpot("m5.large", "us-east-1a")).containsExactly(id);

    List<InterruptionMessage> received = receiveAll();
    assertThat(received)
        .singleElement()
        .isInstanceOfSatisfying(
            InterruptionMessage.SpotInterruption.class,
            w -> assertThat(w.instanceId()).isEqualTo(id));
    assertThat(aws.reclaimSpot("m5.large", "us-east-1a")).as("warned once").isEmpty();
    clock.advance(Duration.ofSeconds(119));
    assertThat(state(id)).isEqualTo("running");
    clock.advance(Duration.ofSeconds(1));
    assertThat(state(id)).isEqualTo("shutting-down");
    CreateFleetResponse again = aws.ec2().createFleet(fleet("s2", "spot", subnet.id(), "m5.large"));
    assertThat(again.instances()).as("the pool has no capacity left").isEmpty();
    assertThat(again.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo("InsufficientInstanceCapacity"));
  }

  @Test
  void theFourKindsCanBeScriptedAndParseAsTheirKinds() throws Exception {
    aws.createInterruptionQueue("q");
    String id = "i-0123456789abcdef0";
    aws.emitSpotInterruption(id);
    aws.emitRebalanceRecommendation(id);
    aws.emitStateChange(id, "stopping");
    aws.emitScheduledChange(List.of(id, "i-0123456789abcdef1"));

    assertThat(receiveAll())
        .extracting(InterruptionMessage::kind)
        .containsExactlyInAnyOrder(
            "spot_interrupted", "rebalance_recommendation", "state_change", "scheduled_change");
  }

  @Test
  void withoutAQueueTheEventsGoNowhere() {
    aws.emitSpotInterruption("i-0123456789abcdef0");
    assertThat(aws.sqs().size("q")).isZero();
  }

  private List<InterruptionMessage> receiveAll() throws Exception {
    String url =
        aws.sqs()
            .getQueueUrl(
                software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest.builder()
                    .queueName("q")
                    .build())
            .queueUrl();
    var messages =
        aws.sqs()
            .receiveMessage(
                software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest.builder()
                    .queueUrl(url)
                    .maxNumberOfMessages(10)
                    .build())
            .messages();
    List<InterruptionMessage> parsed = new java.util.ArrayList<>();
    for (var m : messages) {
      parsed.add(new MessageParser().parse(m.body()));
    }
    return parsed;
  }

  private String state(String id) {
    return aws.ec2()
        .describeInstances(DescribeInstancesRequest.builder().instanceIds(id).build())
        .reservations()
        .get(0)
        .instances()
        .get(0)
        .state()
        .nameAsString();
  }

  private void template(String name) {
    aws.ec2()
        .createLaunchTemplate(
            CreateLaunchTemplateRequest.builder()
                .launchTemplateName(name)
                .launchTemplateData(RequestLaunchTemplateData.builder().imageId("ami-1").build())
                .build());
  }

  private static CreateFleetRequest fleet(
      String token, String capacityType, String subnetId, String... types) {
    return CreateFleetRequest.builder()
        .type("instant")
        .clientToken(token)
        .targetCapacitySpecification(
            TargetCapacitySpecificationRequest.builder()
                .totalTargetCapacity(1)
                .defaultTargetCapacityType(capacityType)
                .build())
        .launchTemplateConfigs(
            FleetLaunchTemplateConfigRequest.builder()
                .launchTemplateSpecification(
                    FleetLaunchTemplateSpecificationRequest.builder()
                        .launchTemplateName("lt")
                        .version("$Latest")
                        .build())
                .overrides(
                    java.util.Arrays.stream(types)
                        .map(
                            t ->
                                FleetLaunchTemplateOverridesRequest.builder()
                                    .instanceType(t)
                                    .subnetId(subnetId)
                                    .availabilityZone("us-east-1a")
                                    .build())
                        .toList())
                .build())
        .build();
  }
}
