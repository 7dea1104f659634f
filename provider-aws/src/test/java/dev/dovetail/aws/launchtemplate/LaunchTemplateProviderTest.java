package dev.dovetail.aws.launchtemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.nodeclass.NodeClassSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * The find-or-create race between machines launched in parallel. Simulated at the client because
 * the race needs a describe that misses and a create that then finds the template taken.
 */
class LaunchTemplateProviderTest {
  private static final LaunchTemplateOptions OPTIONS =
      new LaunchTemplateOptions(
          "my-cluster",
          "ami-0123",
          "",
          List.of("sg-1"),
          "profile",
          LaunchTemplateOptions.defaultBlockDevices(AmiFamily.AL2),
          NodeClassSpec.MetadataOptions.DEFAULT,
          false,
          null,
          Map.of());

  @Test
  void reusesTheTemplateAParallelLaunchCreatedFirst() {
    RacingEc2 ec2 = new RacingEc2("InvalidLaunchTemplateName.AlreadyExistsException");

    String name = new LaunchTemplateProvider(ec2, Clock.systemUTC()).ensure(OPTIONS);

    assertThat(name).isEqualTo(OPTIONS.name());
    assertThat(ec2.creates).hasValue(1);
  }

  @Test
  void otherCreateErrorsStillFail() {
    RacingEc2 ec2 = new RacingEc2("UnauthorizedOperation");

    assertThatThrownBy(() -> new LaunchTemplateProvider(ec2, Clock.systemUTC()).ensure(OPTIONS))
        .isInstanceOf(Ec2Exception.class)
        .hasMessageContaining("UnauthorizedOperation");
  }

  /** Describe finds nothing; create fails with the given code, as if another caller won. */
  private static final class RacingEc2 implements Ec2Client {
    private final String createErrorCode;
    final AtomicInteger creates = new AtomicInteger();

    RacingEc2(String createErrorCode) {
      this.createErrorCode = createErrorCode;
    }

    @Override
    public DescribeLaunchTemplatesResponse describeLaunchTemplates(
        DescribeLaunchTemplatesRequest request) {
      throw error("InvalidLaunchTemplateName.NotFoundException");
    }

    @Override
    public CreateLaunchTemplateResponse createLaunchTemplate(CreateLaunchTemplateRequest request) {
      creates.incrementAndGet();
      throw error(createErrorCode);
    }

    private static Ec2Exception error(String code) {
      return (Ec2Exception)
          Ec2Exception.builder()
              .statusCode(400)
              .message(code)
              .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
              .build();
    }

    @Override
    public String serviceName() {
      return "ec2";
    }

    @Override
    public void close() {}
  }
}
