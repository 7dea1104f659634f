package dev.dovetail.aws.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;

class PricingProviderTest {
  private final FakeClock clock = new FakeClock();
  private final SimulatedAws aws = SimulatedAws.builtIn("eu-west-1", clock);

  private PricingProvider provider(boolean isolated) {
    return new PricingProvider(aws.ec2(), aws.pricing(), "eu-west-1", isolated, clock);
  }

  @Test
  void pricingEndpointFollowsTheRegionPrefix() {
    assertThat(PricingProvider.pricingRegion("ap-northeast-1")).isEqualTo("ap-south-1");
    assertThat(PricingProvider.pricingRegion("eu-west-1")).isEqualTo("eu-central-1");
    assertThat(PricingProvider.pricingRegion("us-west-2")).isEqualTo("us-east-1");
    assertThat(PricingProvider.pricingRegion("sa-east-1")).isEqualTo("us-east-1");
  }

  @Test
  void startsFromTheBuiltInCatalogWithSpotSeededAtOnDemand() {
    PricingProvider p = provider(false);
    assertThat(p.onDemand("m5.large")).hasValue(0.10704);
    assertThat(p.spot("m5.large", "eu-west-1a")).hasValue(0.10704);
    assertThat(p.spotFetched()).isFalse();
  }

  @Test
  void refreshesEveryTwelveHoursAndKeepsTheLastGoodPricesOnFailure() {
    PricingProvider p = provider(false);
    p.refreshIfDue();
    assertThat(p.spotFetched()).isTrue();
    double spot = p.spot("m5.large", "eu-west-1a").orElseThrow();
    int calls = aws.requests(DescribeSpotPriceHistoryRequest.class).size();

    aws.setSpotPrice("m5.large", "eu-west-1a", 0.02);
    clock.advance(Duration.ofHours(11));
    p.refreshIfDue();
    assertThat(aws.requests(DescribeSpotPriceHistoryRequest.class)).hasSize(calls);
    assertThat(p.spot("m5.large", "eu-west-1a")).hasValue(spot);

    clock.advance(Duration.ofHours(1));
    aws.failNext("DescribeSpotPriceHistory", "InternalError", 1);
    aws.failNext("GetProducts", "InternalError", 1);
    p.refreshIfDue();
    assertThat(p.spot("m5.large", "eu-west-1a")).hasValue(spot);
    assertThat(p.onDemand("m5.large")).hasValue(0.10704);

    p.refreshIfDue();
    assertThat(p.spot("m5.large", "eu-west-1a")).hasValue(0.02);
  }

  @Test
  void afterTheFirstSpotUpdateAZoneWithoutASpotRecordHasNoSpotPrice() {
    PricingProvider p = provider(false);
    p.updateSpot();
    assertThat(p.spot("m5.large", "eu-west-9z")).isEmpty();
  }

  @Test
  void isolatedVpcNeverCallsThePricingApi() {
    PricingProvider p = provider(true);
    p.refreshIfDue();
    p.updateOnDemand();
    assertThat(aws.requests(GetProductsRequest.class)).isEmpty();
    assertThat(p.onDemand("m5.large")).hasValue(0.10704);
  }

  @Test
  void anEmptyOnDemandAnswerIsAnErrorAndChangesNothing() {
    PricingProvider p = new PricingProvider(aws.ec2(), aws.pricing(), "xx-nowhere-1", false, clock);
    assertThatThrownBy(p::updateOnDemand)
        .hasMessageContaining("no on-demand pricing found for xx-nowhere-1");
    assertThat(p.onDemand("m5.large")).hasValue(0.096);
  }

  @Test
  void readsTheOnDemandTermEvenWhenReservedTermsComeFirst() {
    String document =
        "{\"product\":{\"attributes\":{\"instanceType\":\"m5.large\"}},"
            + "\"terms\":{"
            + "\"Reserved\":{\"r1\":{\"priceDimensions\":{\"d1\":"
            + "{\"unit\":\"Quantity\",\"pricePerUnit\":{\"USD\":\"500\"}}}}},"
            + "\"OnDemand\":{\"o1\":{\"priceDimensions\":{\"d2\":"
            + "{\"unit\":\"Hrs\",\"pricePerUnit\":{\"USD\":\"0.0960000000\"}}}}}}}";

    var price = PricingProvider.onDemandPrice(document);

    assertThat(price).isPresent();
    assertThat(price.get().instanceType()).isEqualTo("m5.large");
    assertThat(price.get().price()).isEqualTo(0.096);
  }

  @Test
  void skipsADocumentWithoutAnOnDemandPrice() {
    assertThat(PricingProvider.onDemandPrice("{\"product\":{\"attributes\":{}}}")).isEmpty();
    assertThat(PricingProvider.onDemandPrice("not json")).isEmpty();
  }
}
