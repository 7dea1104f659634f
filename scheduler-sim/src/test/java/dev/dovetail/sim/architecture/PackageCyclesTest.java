package dev.dovetail.sim.architecture;

import dev.dovetail.cli.Dovetail;
import dev.dovetail.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator's and command line's packages (and all below them) form no cycle. */
@Timeout(120)
class PackageCyclesTest {
  @Test
  void simulatorPackagesFormNoCycle() {
    ArchitectureRules.noPackageCycles().check(ArchitectureRules.mainClasses(Dovetail.class));
  }
}
