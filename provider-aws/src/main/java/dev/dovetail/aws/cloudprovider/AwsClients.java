package dev.dovetail.aws.cloudprovider;

import dev.dovetail.aws.pricing.PricingProvider;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The real SDK clients for a region: EC2, SSM and SQS in the cluster's region, Pricing at the
 * endpoint region for it ({@link PricingProvider#pricingRegion}), all over the URL-connection HTTP
 * client. An endpoint override (a local moto server) applies to every client.
 */
public record AwsClients(Ec2Client ec2, PricingClient pricing, SsmClient ssm, SqsClient sqs)
    implements AutoCloseable {

  public static AwsClients create(String region, Optional<URI> endpoint) {
    return create(region, endpoint, DefaultCredentialsProvider.builder().build(), null);
  }

  /** Clients for the daemon: the default credentials, or the role {@code settings} assume. */
  public static AwsClients create(String region, dev.dovetail.aws.settings.AwsSettings settings) {
    return create(
        region,
        Optional.empty(),
        AssumedRole.credentials(settings, region, DefaultCredentialsProvider.builder().build()),
        null);
  }

  /**
   * @param override client configuration (for example retries off in tests), or null
   */
  public static AwsClients create(
      String region,
      Optional<URI> endpoint,
      AwsCredentialsProvider credentials,
      ClientOverrideConfiguration override) {
    var ec2 =
        Ec2Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create());
    var ssm =
        SsmClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create());
    var pricing =
        PricingClient.builder()
            .region(Region.of(PricingProvider.pricingRegion(region)))
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create());
    var sqs =
        SqsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create());
    endpoint.ifPresent(
        uri -> {
          sqs.endpointOverride(uri);
          ec2.endpointOverride(uri);
          ssm.endpointOverride(uri);
          pricing.endpointOverride(uri);
        });
    if (override != null) {
      sqs.overrideConfiguration(override);
      ec2.overrideConfiguration(override);
      ssm.overrideConfiguration(override);
      pricing.overrideConfiguration(override);
    }
    return new AwsClients(ec2.build(), pricing.build(), ssm.build(), sqs.build());
  }

  @Override
  public void close() {
    ec2.close();
    pricing.close();
    ssm.close();
    sqs.close();
  }
}
