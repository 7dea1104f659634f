package dev.dovetail.architecture;

import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The core's packages depend on each other in one direction only. */
@Timeout(120)
class PackageCyclesTest {
  @Test
  void corePackagesFormNoCycle() {
    ArchitectureRules.noPackageCycles().check(ArchitectureRules.mainClasses(CloudProvider.class));
  }
}
