package dev.dovetail.aws.api.v1alpha1;

import dev.dovetail.api.crd.CrdDefinition;
import dev.dovetail.api.crd.PrinterColumn;
import java.util.List;

/** The CRD of the {@code karpenter.k8s.aws/v1alpha1} kinds. */
public final class AwsCrds {
  private AwsCrds() {}

  public static final CrdDefinition AWS_NODE_TEMPLATE =
      new CrdDefinition(
          AWSNodeTemplate.GROUP,
          AWSNodeTemplate.VERSION,
          AWSNodeTemplate.KIND,
          "awsnodetemplates",
          true,
          List.of("awsnt"),
          List.of("karpenter"),
          "AWSNodeTemplate describes how Dovetail launches EC2 instances: subnets, security groups,"
              + " AMIs, user data, storage and tags.",
          AWSNodeTemplateSpec.class,
          AWSNodeTemplateStatus.class,
          List.of(
              PrinterColumn.of("AMIFamily", "string", ".spec.amiFamily", null),
              PrinterColumn.of(
                  "Subnets", "string", ".status.subnets[*].id", "The resolved subnet IDs"),
              PrinterColumn.age(),
              new PrinterColumn(
                  "SecurityGroups", "string", ".status.securityGroups[*].id", null, 1)));
}
