package dev.dovetail.aws.cloudprovider;

import dev.dovetail.aws.settings.AwsSettings;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * {@code settings.aws.assumeRoleARN}: the controller's own credentials (IRSA, instance profile)
 * assume the role with STS, for {@code assumeRoleDuration}, and the SDK refreshes the session
 * before it expires.
 */
public final class AssumedRole {
  /** The session name CloudTrail shows for the controller's calls. */
  public static final String SESSION_NAME = "dovetail";

  private AssumedRole() {}

  /** The credentials to call AWS with: the base ones, or the assumed role when one is set. */
  public static AwsCredentialsProvider credentials(
      AwsSettings settings, String region, AwsCredentialsProvider base) {
    if (settings.assumeRoleArn().isEmpty()) {
      return base;
    }
    StsClient sts =
        StsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(base)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(request(settings))
        .build();
  }

  /** The AssumeRole call made for {@code settings}. */
  static AssumeRoleRequest request(AwsSettings settings) {
    return AssumeRoleRequest.builder()
        .roleArn(settings.assumeRoleArn())
        .roleSessionName(SESSION_NAME)
        .durationSeconds((int) settings.assumeRoleDuration().toSeconds())
        .build();
  }
}
