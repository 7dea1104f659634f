package dev.dovetail.sim.simulate;

public final class HtmlReport {
  private HtmlReport() {}

  public static String render(SimulationReport report) {
    return "<html></html>";
  }
}
