package dev.dovetail.sim.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulation as one self-contained HTML file: a summary table of the baselines side by side,
 * node-hours by type, and inline SVG charts ($/h per baseline with the lower bound, cost over the
 * bound, nodes by type, pending pods, and each baseline's decisions on its bill with hover text)
 * followed by the decisions as tables. No script, no stylesheet or font from the network.
 */
public final class HtmlReport {
  private static final int TOP_TYPES = 8;
  private static final int MAX_DECISION_ROWS = 3000;
  private static final Map<String, String> DECISION_COLORS =
      Map.of(
          "launch", "#2ca02c",
          "termination", "#7f7f7f",
          "interruption", "#d62728",
          "scenario", "#1f77b4");

  private HtmlReport() {}

  public static String render(SimulationReport report) {
    StringBuilder h = new StringBuilder();
    double xMax = Math.max(1, report.simulated().toSeconds());
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(Html.escape("dovetail simulate: " + report.scenario()))
        .append("</title>\n<style>")
        .append(
            "body{font-family:system-ui,sans-serif;margin:24px;color:#222}"
                + "table{border-collapse:collapse;margin:8px 0 20px}"
                + "td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}"
                + "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                + "h2{margin-top:32px}svg{display:block;margin:8px 0}"
                + ".note{color:#555;font-size:90%}")
        .append("</style></head><body>\n");
    h.append("<h1>").append(Html.escape(report.scenario())).append("</h1>\n");
    h.append("<p class=\"note\">")
        .append(
            Html.escape(
                String.format(
                    Locale.ROOT,
                    "Seed %d, region %s. %s of %s simulated in %.1f s of wall time (%.0fx).",
                    report.seed(),
                    report.region(),
                    ScenarioReader.format(report.simulated()),
                    ScenarioReader.format(report.duration()),
                    report.wall().toMillis() / 1000.0,
                    report.simulated().toMillis()
                        / (double) Math.max(1, report.wall().toMillis()))))
        .append(
            report.simulated().compareTo(report.duration()) < 0
                ? " <strong>The run was interrupted; figures cover the time simulated.</strong>"
                : "")
        .append("</p>\n");

    summary(h, report);
    nodeHours(h, report);

    h.append("<h2 id=\"cost\">Cost per hour</h2>\n");
    List<SvgChart.Series> cost = new ArrayList<>();
    int i = 0;
    for (BaselineResult b : report.baselines()) {
      cost.add(
          new SvgChart.Series(
              b.name(),
              SvgChart.COLORS[i++ % SvgChart.COLORS.length],
              points(b, s -> s.costPerHour()),
              false));
    }
    List<double[]> bound = new ArrayList<>();
    for (BaselineResult.Sample s : report.boundSamples()) {
      bound.add(new double[] {s.second(), s.lowerBound()});
    }
    cost.add(new SvgChart.Series("lower bound", "#000000", bound, true));
    h.append(SvgChart.lines("$/h by baseline and the lower bound", "$/h", xMax, cost, List.of()));

    h.append("<h2 id=\"ratio\">Cost over the lower bound</h2>\n");
    List<SvgChart.Series> ratios = new ArrayList<>();
    i = 0;
    for (BaselineResult b : report.baselines()) {
      List<double[]> r = new ArrayList<>();
      for (BaselineResult.Sample s : report.boundSamples()) {
        if (s.lowerBound() > 0) {
          r.add(new double[] {s.second(), at(b, s.second()) / s.lowerBound()});
        }
      }
      ratios.add(
          new SvgChart.Series(b.name(), SvgChart.COLORS[i++ % SvgChart.COLORS.length], r, false));
    }
    h.append(SvgChart.lines("$/h over the lower bound", "x bound", xMax, ratios, List.of()));

    h.append("<h2 id=\"nodes\">Nodes by instance type</h2>\n");
    for (BaselineResult b : report.baselines()) {
      h.append("<h3>").append(Html.escape(b.name())).append("</h3>\n");
      h.append(SvgChart.stacked("nodes of " + b.name() + " by type", "nodes", xMax, byType(b)));
    }

    h.append("<h2 id=\"pending\">Pending pods</h2>\n");
    List<SvgChart.Series> pending = new ArrayList<>();
    i = 0;
    for (BaselineResult b : report.baselines()) {
      pending.add(
          new SvgChart.Series(
              b.name(),
              SvgChart.COLORS[i++ % SvgChart.COLORS.length],
              points(b, s -> s.pendingPods()),
              false));
    }
    h.append(SvgChart.lines("pending pods by baseline", "pods", xMax, pending, List.of()));

    h.append(
        "<h2 id=\"decisions\">Decisions</h2>\n<p class=\"note\">Hover a marker for the decision;"
            + " green launches, grey terminations, red interruptions, blue scenario events.</p>\n");
    for (BaselineResult b : report.baselines()) {
      List<SvgChart.Marker> markers = new ArrayList<>();
      for (BaselineResult.Decision d : b.decisions()) {
        markers.add(
            new SvgChart.Marker(
                d.second(),
                DECISION_COLORS.getOrDefault(d.kind(), "#333333"),
                ScenarioReader.format(Duration.ofSeconds(d.second()))
                    + " "
                    + d.kind()
                    + ": "
                    + d.detail()));
      }
      h.append("<h3>").append(Html.escape(b.name())).append("</h3>\n");
      h.append(
          SvgChart.lines(
              "decisions of " + b.name(),
              "$/h",
              xMax,
              List.of(
                  new SvgChart.Series(
                      b.name() + " $/h", "#333333", points(b, s -> s.costPerHour()), false)),
              markers));
      decisionTable(h, b);
    }
    h.append(
        "<p class=\"note\">Generated by dovetail simulate. The lower bound is the scheduling"
            + " engine's bound for running every pod of the moment on new nodes.</p>\n");
    return h.append("</body></html>\n").toString();
  }

  private static void summary(StringBuilder h, SimulationReport report) {
    double bound = report.lowerBoundCost();
    h.append("<h2 id=\"summary\">Summary</h2>\n<table class=\"summary\"><thead><tr>")
        .append("<th>baseline</th><th>total $</th><th>&times; lower bound</th><th>node-hours</th>")
        .append("<th>launches</th><th>pod start p50 s</th><th>p95 s</th><th>max s</th>")
        .append(
            "<th>disruptions</th><th>interruptions</th><th>pending at end</th></tr></thead><tbody>\n");
    for (BaselineResult b : report.baselines()) {
      double hours = b.nodeHours().values().stream().mapToDouble(Double::doubleValue).sum();
      h.append("<tr><td title=\"")
          .append(Html.escape(b.description()))
          .append("\">")
          .append(Html.escape(b.name()))
          .append("</td>")
          .append(cell("%.2f", b.totalCost()))
          .append(bound > 0 ? cell("%.2f", b.totalCost() / bound) : "<td>-</td>")
          .append(cell("%.1f", hours))
          .append(cell("%d", b.launches()))
          .append(cell("%.0f", b.podStartup().p50()))
          .append(cell("%.0f", b.podStartup().p95()))
          .append(cell("%.0f", b.podStartup().max()))
          .append(cell("%d", b.disruptions()))
          .append(cell("%d", b.interruptions()))
          .append(cell("%d", b.pendingAtEnd()))
          .append("</tr>\n");
    }
    h.append("<tr><td>lower bound</td>")
        .append(cell("%.2f", bound))
        .append("<td>1.00</td><td colspan=\"8\"></td></tr>\n</tbody></table>\n<ul class=\"note\">");
    for (BaselineResult b : report.baselines()) {
      h.append("<li><b>")
          .append(Html.escape(b.name()))
          .append("</b>: ")
          .append(Html.escape(b.description()))
          .append("</li>");
    }
    h.append("</ul>\n");
  }

  private static void nodeHours(StringBuilder h, SimulationReport report) {
    TreeSet<String> keys = new TreeSet<>();
    report.baselines().forEach(b -> keys.addAll(b.nodeHours().keySet()));
    h.append(
        "<h2 id=\"node-hours\">Node-hours by type and capacity type</h2>\n<table class=\"node-hours\"><thead><tr><th>type / capacity</th>");
    report.baselines().forEach(b -> h.append("<th>").append(Html.escape(b.name())).append("</th>"));
    h.append("</tr></thead><tbody>\n");
    for (String k : keys) {
      h.append("<tr><td>").append(Html.escape(k)).append("</td>");
      for (BaselineResult b : report.baselines()) {
        h.append(cell("%.1f", b.nodeHours().getOrDefault(k, 0.0)));
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static void decisionTable(StringBuilder h, BaselineResult b) {
    h.append("<details><summary>")
        .append(b.decisions().size())
        .append(" decisions of ")
        .append(Html.escape(b.name()))
        .append(
            "</summary>\n<table class=\"decisions\"><thead><tr><th>at</th><th>kind</th><th>what</th><th>&Delta; $/h</th></tr></thead><tbody>\n");
    int rows = 0;
    for (BaselineResult.Decision d : b.decisions()) {
      if (++rows > MAX_DECISION_ROWS) {
        h.append("<tr><td colspan=\"4\">")
            .append(b.decisions().size() - MAX_DECISION_ROWS)
            .append(" more not shown</td></tr>\n");
        break;
      }
      h.append("<tr><td>")
          .append(ScenarioReader.format(Duration.ofSeconds(d.second())))
          .append("</td><td>")
          .append(Html.escape(d.kind()))
          .append("</td><td style=\"text-align:left\">")
          .append(Html.escape(d.detail()))
          .append("</td>")
          .append(cell("%+.4f", d.costPerHourChange()))
          .append("</tr>\n");
    }
    h.append("</tbody></table></details>\n");
  }

  private static List<SvgChart.Series> byType(BaselineResult b) {
    Map<String, Integer> peak = new TreeMap<>();
    for (BaselineResult.Sample s : b.samples()) {
      s.nodesByType().forEach((t, n) -> peak.merge(t, n, Math::max));
    }
    List<String> top =
        peak.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP_TYPES)
            .map(Map.Entry::getKey)
            .toList();
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    top.forEach(t -> series.put(t, new ArrayList<>()));
    boolean other = peak.size() > top.size();
    if (other) {
      series.put("other types", new ArrayList<>());
    }
    for (BaselineResult.Sample s : b.samples()) {
      int rest = 0;
      for (Map.Entry<String, Integer> e : s.nodesByType().entrySet()) {
        if (!top.contains(e.getKey())) {
          rest += e.getValue();
        }
      }
      for (String t : top) {
        series.get(t).add(new double[] {s.second(), s.nodesByType().getOrDefault(t, 0)});
      }
      if (other) {
        series.get("other types").add(new double[] {s.second(), rest});
      }
    }
    List<SvgChart.Series> result = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      result.add(
          new SvgChart.Series(
              e.getKey(), SvgChart.COLORS[i++ % SvgChart.COLORS.length], e.getValue(), false));
    }
    return result;
  }

  private static List<double[]> points(
      BaselineResult b, java.util.function.ToDoubleFunction<BaselineResult.Sample> value) {
    List<double[]> points = new ArrayList<>();
    for (BaselineResult.Sample s : b.samples()) {
      points.add(new double[] {s.second(), value.applyAsDouble(s)});
    }
    return points;
  }

  /** The baseline's $/h at {@code second}: its last sample at or before it. */
  private static double at(BaselineResult b, long second) {
    return b.samples().stream()
        .filter(s -> s.second() <= second)
        .max(Comparator.comparingLong(BaselineResult.Sample::second))
        .map(BaselineResult.Sample::costPerHour)
        .orElse(0.0);
  }

  private static String cell(String format, Object value) {
    return "<td>" + String.format(Locale.ROOT, format, value) + "</td>";
  }
}
