package dev.dovetail.aws.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.CapacityType;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecificationRequest;

class ClientTokenTest {
  @Test
  void theSameRequestForTheSameMachineReusesItsToken() {
    assertThat(token("default-abcde", config("m5.large", "subnet-1")))
        .isEqualTo(token("default-abcde", config("m5.large", "subnet-1")))
        .startsWith("dovetail-")
        .hasSizeLessThanOrEqualTo(64 - "-lt".length());
  }

  @Test
  void aRetryWhoseOverridesChangedGetsANewTokenSoEc2DoesNotRejectIt() {
    assertThat(token("default-abcde", config("m5.large", "subnet-1")))
        .isNotEqualTo(token("default-abcde", config("m5.large", "subnet-2")));
  }

  @Test
  void anotherMachineNeverSharesAToken() {
    assertThat(token("default-abcde", config("m5.large", "subnet-1")))
        .isNotEqualTo(token("default-fghij", config("m5.large", "subnet-1")));
  }

  private static String token(String machine, FleetLaunchTemplateConfigRequest config) {
    return FleetRequests.clientToken("my-cluster", machine, List.of(config), CapacityType.SPOT);
  }

  private static FleetLaunchTemplateConfigRequest config(String type, String subnet) {
    return FleetLaunchTemplateConfigRequest.builder()
        .launchTemplateSpecification(
            FleetLaunchTemplateSpecificationRequest.builder()
                .launchTemplateName("karpenter.k8s.aws/abc")
                .version("$Latest")
                .build())
        .overrides(
            FleetLaunchTemplateOverridesRequest.builder()
                .instanceType(type)
                .subnetId(subnet)
                .build())
        .build();
  }
}
