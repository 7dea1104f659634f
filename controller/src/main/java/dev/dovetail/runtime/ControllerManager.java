package dev.dovetail.runtime;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops a fixed set of controllers together: started when this replica becomes the
 * leader (or at once without leader election), stopped in reverse order on shutdown.
 */
public final class ControllerManager {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

  private final List<Controller> controllers;
  private boolean started;

  public ControllerManager(List<? extends Controller> controllers) {
    this.controllers = List.copyOf(controllers);
  }

  public List<Controller> controllers() {
    return controllers;
  }

  public synchronized void startAll() {
    if (started) {
      return;
    }
    started = true;
    for (Controller controller : controllers) {
      LOG.atInfo().addKeyValue("controller", controller.name()).log("Starting workers");
      controller.start();
    }
  }

  /**
   * Stops every controller, sharing {@code grace} between them; true when all in-flight work
   * finished in time.
   */
  public synchronized boolean stopAll(Duration grace) {
    if (!started) {
      return true;
    }
    started = false;
    boolean clean = true;
    for (Controller controller : controllers.reversed()) {
      boolean stopped = controller.stop(grace);
      if (!stopped) {
        LOG.atWarn()
            .addKeyValue("controller", controller.name())
            .addKeyValue("grace", grace.toString())
            .log("controller did not finish its work in time");
      }
      clean &= stopped;
    }
    return clean;
  }

  public synchronized boolean isStarted() {
    return started;
  }
}
