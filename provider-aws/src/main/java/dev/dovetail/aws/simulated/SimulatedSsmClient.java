package dev.dovetail.aws.simulated;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** The simulated SSM Parameter Store: GetParameter over the shared state's parameters. */
final class SimulatedSsmClient implements SsmClient {
  private final SimulatedAws aws;

  SimulatedSsmClient(SimulatedAws aws) {
    this.aws = aws;
  }

  @Override
  public String serviceName() {
    return "ssm";
  }

  @Override
  public void close() {}

  @Override
  public GetParameterResponse getParameter(GetParameterRequest r) {
    synchronized (aws.lock) {
      try {
        aws.enter("GetParameter", r);
      } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
        throw (SsmException)
            SsmException.builder()
                .awsErrorDetails(e.awsErrorDetails())
                .statusCode(e.statusCode())
                .message(e.getMessage())
                .build();
      }
      String value = aws.parameters.get(r.name());
      if (value == null) {
        throw (ParameterNotFoundException)
            ParameterNotFoundException.builder()
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("ParameterNotFound")
                        .errorMessage("Parameter " + r.name() + " not found.")
                        .serviceName("Ssm")
                        .build())
                .statusCode(400)
                .message("Parameter " + r.name() + " not found.")
                .build();
      }
      return GetParameterResponse.builder()
          .parameter(Parameter.builder().name(r.name()).value(value).type("String").build())
          .build();
    }
  }
}
