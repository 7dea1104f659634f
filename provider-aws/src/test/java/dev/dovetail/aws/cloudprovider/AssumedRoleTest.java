package dev.dovetail.aws.cloudprovider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.settings.AwsSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

class AssumedRoleTest {
  @Test
  void aRoleArnIsAssumedForTheConfiguredDuration() {
    AwsSettings settings =
        AwsSettings.parse(
            Map.of(
                "clusterName", "c",
                "assumeRoleARN", "arn:aws:iam::123456789012:role/dovetail",
                "assumeRoleDuration", "1h"));
    AwsCredentialsProvider base = AnonymousCredentialsProvider.create();

    AwsCredentialsProvider credentials = AssumedRole.credentials(settings, "us-west-2", base);

    assertThat(credentials).isInstanceOf(StsAssumeRoleCredentialsProvider.class);
    var request = AssumedRole.request(settings);
    assertThat(request.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/dovetail");
    assertThat(request.durationSeconds()).isEqualTo(3600);
    assertThat(request.roleSessionName()).isEqualTo("dovetail");
  }

  @Test
  void withoutARoleTheBaseCredentialsAreUsed() {
    AwsCredentialsProvider base = AnonymousCredentialsProvider.create();
    assertThat(AssumedRole.credentials(AwsSettings.defaults("c"), "us-west-2", base))
        .isSameAs(base);
  }
}
