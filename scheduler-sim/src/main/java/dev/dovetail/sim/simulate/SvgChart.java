package dev.dovetail.sim.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line and stacked-area charts as inline SVG, drawn by our own code so the report needs no script
 * and no network: axes with a few round ticks, one polyline (or band) per series, a legend, and a
 * {@code <title>} on every series and point marker for hover text.
 */
final class SvgChart {
  static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf"
  };
  private static final int WIDTH = 900;
  private static final int HEIGHT = 260;
  private static final int LEFT = 60;
  private static final int RIGHT = 170;
  private static final int TOP = 20;
  private static final int BOTTOM = 30;

  /** One line: points of (seconds since start, value), in time order. */
  record Series(String name, String color, List<double[]> points, boolean dashed) {}

  /** A vertical marker with hover text (a decision). */
  record Marker(double second, String color, String text) {}

  private SvgChart() {}

  static String lines(
      String title, String unit, double xMax, List<Series> series, List<Marker> markers) {
    double yMax = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        yMax = Math.max(yMax, p[1]);
      }
    }
    StringBuilder svg = open(title, unit, xMax, niceMax(yMax));
    double top = niceMax(yMax);
    for (Series s : series) {
      if (s.points().isEmpty()) {
        continue;
      }
      svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"")
          .append(s.color())
          .append("\" stroke-width=\"1.6\"")
          .append(s.dashed() ? " stroke-dasharray=\"5 3\"" : "")
          .append(" points=\"");
      double[] last = null;
      for (double[] p : s.points()) {
        if (last != null) {
          // Step lines: a value holds until the next sample.
          svg.append(fmt(x(p[0], xMax))).append(',').append(fmt(y(last[1], top))).append(' ');
        }
        svg.append(fmt(x(p[0], xMax))).append(',').append(fmt(y(p[1], top))).append(' ');
        last = p;
      }
      svg.append("\"><title>").append(Html.escape(s.name())).append("</title></polyline>\n");
    }
    for (Marker m : markers) {
      double mx = x(m.second(), xMax);
      svg.append("<line class=\"marker\" x1=\"")
          .append(fmt(mx))
          .append("\" x2=\"")
          .append(fmt(mx))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(HEIGHT - BOTTOM)
          .append("\" stroke=\"")
          .append(m.color())
          .append("\" stroke-opacity=\"0.35\" stroke-width=\"3\"><title>")
          .append(Html.escape(m.text()))
          .append("</title></line>\n");
    }
    legend(svg, series.stream().map(s -> new String[] {s.name(), s.color()}).toList());
    return svg.append("</svg>\n").toString();
  }

  /** Stacked bands: each series on top of the ones before it (nodes by instance type). */
  static String stacked(String title, String unit, double xMax, List<Series> series) {
    if (series.isEmpty()) {
      return open(title, unit, xMax, 1).append("</svg>\n").toString();
    }
    int n = series.get(0).points().size();
    double[] base = new double[n];
    double yMax = 0;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (Series s : series) {
        sum += s.points().get(i)[1];
      }
      yMax = Math.max(yMax, sum);
    }
    double top = niceMax(yMax);
    StringBuilder svg = open(title, unit, xMax, top);
    for (Series s : series) {
      List<String> upper = new ArrayList<>();
      List<String> lower = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double[] p = s.points().get(i);
        double px = x(p[0], xMax);
        double nextX = i + 1 < n ? x(s.points().get(i + 1)[0], xMax) : px;
        upper.add(fmt(px) + "," + fmt(y(base[i] + p[1], top)));
        upper.add(fmt(nextX) + "," + fmt(y(base[i] + p[1], top)));
        lower.add(0, fmt(px) + "," + fmt(y(base[i], top)));
        lower.add(0, fmt(nextX) + "," + fmt(y(base[i], top)));
        base[i] += p[1];
      }
      List<String> all = new ArrayList<>(upper);
      all.addAll(lower);
      svg.append("<polygon class=\"series\" fill=\"")
          .append(s.color())
          .append("\" fill-opacity=\"0.75\" stroke=\"none\" points=\"")
          .append(String.join(" ", all))
          .append("\"><title>")
          .append(Html.escape(s.name()))
          .append("</title></polygon>\n");
    }
    legend(svg, series.stream().map(s -> new String[] {s.name(), s.color()}).toList());
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder open(String title, String unit, double xMax, double yTop) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\"><title>")
        .append(Html.escape(title))
        .append("</title>\n");
    int plotRight = WIDTH - RIGHT;
    svg.append("<rect x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(plotRight - LEFT)
        .append("\" height=\"")
        .append(HEIGHT - TOP - BOTTOM)
        .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n");
    for (int i = 0; i <= 4; i++) {
      double v = yTop * i / 4;
      double py = y(v, yTop);
      svg.append("<line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(plotRight)
          .append("\" y1=\"")
          .append(fmt(py))
          .append("\" y2=\"")
          .append(fmt(py))
          .append("\" stroke=\"#e5e5e5\"/>")
          .append("<text x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(fmt(py + 4))
          .append("\" text-anchor=\"end\" font-size=\"11\">")
          .append(Html.escape(label(v)))
          .append("</text>\n");
    }
    long stepSeconds = timeStep(xMax);
    for (long t = 0; t <= xMax; t += stepSeconds) {
      double px = x(t, xMax);
      svg.append("<text x=\"")
          .append(fmt(px))
          .append("\" y=\"")
          .append(HEIGHT - BOTTOM + 16)
          .append("\" text-anchor=\"middle\" font-size=\"11\">")
          .append(ScenarioReader.format(java.time.Duration.ofSeconds(t)))
          .append("</text>\n");
    }
    svg.append("<text x=\"12\" y=\"")
        .append(TOP + 4)
        .append("\" font-size=\"11\" fill=\"#555\">")
        .append(Html.escape(unit))
        .append("</text>\n");
    return svg;
  }

  private static void legend(StringBuilder svg, List<String[]> entries) {
    int lx = WIDTH - RIGHT + 12;
    int ly = TOP + 10;
    for (String[] e : entries) {
      svg.append("<rect x=\"")
          .append(lx)
          .append("\" y=\"")
          .append(ly - 9)
          .append("\" width=\"10\" height=\"10\" fill=\"")
          .append(e[1])
          .append("\"/>")
          .append("<text x=\"")
          .append(lx + 15)
          .append("\" y=\"")
          .append(ly)
          .append("\" font-size=\"11\">")
          .append(Html.escape(e[0]))
          .append("</text>\n");
      ly += 16;
    }
  }

  private static double x(double second, double xMax) {
    return LEFT + (WIDTH - RIGHT - LEFT) * (xMax <= 0 ? 0 : second / xMax);
  }

  private static double y(double value, double top) {
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (top <= 0 ? 0 : value / top);
  }

  /** 1, 2 or 5 times a power of ten, at or above {@code value}. */
  static double niceMax(double value) {
    if (value <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= value) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static long timeStep(double xMax) {
    long[] steps = {60, 300, 600, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800};
    for (long s : steps) {
      if (xMax / s <= 8) {
        return s;
      }
    }
    return 604800;
  }

  private static String label(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
