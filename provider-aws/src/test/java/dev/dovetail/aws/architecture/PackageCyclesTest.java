package dev.dovetail.aws.architecture;

import dev.dovetail.aws.AwsOperator;
import dev.dovetail.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The AWS provider's packages (and the core's under them) depend on each other one way only. */
@Timeout(120)
class PackageCyclesTest {
  @Test
  void awsPackagesFormNoCycle() {
    ArchitectureRules.noPackageCycles().check(ArchitectureRules.mainClasses(AwsOperator.class));
  }
}
