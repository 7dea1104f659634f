package dev.dovetail.aws.controllers.interruption;

import static dev.dovetail.aws.controllers.interruption.InterruptionFixture.OURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.runtime.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The poller against a real SQS protocol server: embedded ElasticMQ on 127.0.0.1, spoken to by the
 * AWS SDK's SQS client over HTTP (the JSON protocol). Short visibility timeouts and long-poll waits
 * keep it quick; the waiting is done by the server's long poll, never by the test.
 */
@Timeout(90)
class ElasticMqPollerTest {
  private static SQSRestServer server;
  private static SqsClient sqs;

  private final InterruptionFixture f = new InterruptionFixture();

  @BeforeAll
  static void startElasticMq() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    server = SQSRestServerBuilder.withPort(port).withInterface("127.0.0.1").start();
    server.waitUntilStarted();
    sqs =
        SqsClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_WEST_2)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterAll
  static void stopElasticMq() {
    sqs.close();
    server.stopAndWait();
  }

  @BeforeEach
  void createQueue() {
    sqs.createQueue(CreateQueueRequest.builder().queueName(InterruptionFixture.QUEUE).build());
  }

  @AfterEach
  void deleteQueue() {
    try {
      sqs.deleteQueue(DeleteQueueRequest.builder().queueUrl(url()).build());
    } catch (RuntimeException e) {
      // already deleted by the test
    }
    f.close();
  }

  private static String url() {
    return sqs.getQueueUrl(
            GetQueueUrlRequest.builder().queueName(InterruptionFixture.QUEUE).build())
        .queueUrl();
  }

  private void start(Duration visibility, Duration wait) {
    f.start(
        true, RebalanceAction.NONE, Runnable::run, sqs, new PollSettings(10, visibility, wait, 10));
  }

  /** Visible plus in-flight messages, as SQS reports them. */
  private static int messagesInQueue() {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                GetQueueAttributesRequest.builder()
                    .queueUrl(url())
                    .attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                    .build())
            .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  @Test
  void aLongPollWaitsForTheNextMessageAndHandlesItWhenItArrives() throws Exception {
    start(Duration.ofSeconds(20), Duration.ofSeconds(20));
    f.ownedNode(OURS);

    CompletableFuture<Result> pass = CompletableFuture.supplyAsync(f.controller::reconcile);
    assertThatThrownBy(() -> pass.get(500, TimeUnit.MILLISECONDS))
        .as("blocked in ReceiveMessage while the queue is empty")
        .isInstanceOf(TimeoutException.class);

    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));

    assertThat(pass.get(15, TimeUnit.SECONDS)).isEqualTo(Result.done());
    assertThat(f.replacements).hasSize(1);
    assertThat(messagesInQueue()).as("deleted after it was handled").isZero();
    assertThat(f.counter(InterruptionMetrics.DELETED)).isEqualTo(1);
  }

  @Test
  void aMessageWhoseHandlingFailedIsDeliveredAgainAfterItsVisibilityTimeout() {
    start(Duration.ofSeconds(1), Duration.ofSeconds(5));
    f.ownedNode(OURS);
    f.failingPasses = 1;
    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));

    f.controller.reconcile();
    assertThat(f.replacements).isEmpty();
    assertThat(messagesInQueue()).as("left for re-delivery").isEqualTo(1);

    // The long poll returns once the message is visible again (after 1 s).
    f.controller.reconcile();
    assertThat(f.replacements).hasSize(1);
    assertThat(messagesInQueue()).isZero();
    assertThat(f.counter(InterruptionMetrics.RECEIVED, "message_type", "spot_interrupted"))
        .isEqualTo(2);
  }

  @Test
  void unparseableMessagesAreDeletedToo() {
    start(Duration.ofSeconds(20), Duration.ofSeconds(1));
    f.send("not an event");
    f.send(InterruptionFixture.resource("corpus/49-256kib-event-not-ours.json"));

    while (messagesInQueue() > 0) {
      f.controller.reconcile();
    }

    assertThat(f.counter(InterruptionMetrics.RECEIVED, "message_type", "unparseable")).isEqualTo(1);
    assertThat(f.counter(InterruptionMetrics.RECEIVED, "message_type", "spot_interrupted"))
        .isEqualTo(1);
    assertThat(f.counter(InterruptionMetrics.DELETED)).isEqualTo(2);
  }

  @Test
  void aQueueDeletedWhileRunningFailsThePassAndItsReplacementIsFoundByName() {
    start(Duration.ofSeconds(20), Duration.ofSeconds(1));
    f.ownedNode(OURS);
    f.send(InterruptionFixture.valid("rebalance-recommendation.json", "i-0fffffffffffffff0"));
    assertThat(f.controller.reconcile()).isEqualTo(Result.done());

    sqs.deleteQueue(DeleteQueueRequest.builder().queueUrl(url()).build());
    assertThat(f.controller.reconcile()).isInstanceOf(Result.Failed.class);
    assertThat(f.controller.reconcile()).as("still missing").isInstanceOf(Result.Failed.class);

    sqs.createQueue(CreateQueueRequest.builder().queueName(InterruptionFixture.QUEUE).build());
    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));
    assertThat(f.controller.reconcile()).isEqualTo(Result.done());
    assertThat(f.replacements).hasSize(1);
    assertThat(messagesInQueue()).isZero();
  }
}
