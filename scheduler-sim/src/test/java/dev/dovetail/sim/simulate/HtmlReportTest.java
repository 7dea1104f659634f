package dev.dovetail.sim.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HtmlReportTest {
  private final String html = HtmlReport.render(Reports.sample());

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void isOneSelfContainedDocumentWithoutScriptsOrRemoteResources() {
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("@import");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http://")
        .doesNotContain("https://");
  }

  @Test
  void summaryTableHasARowPerBaselineAndTheLowerBound() {
    String summary = html.substring(html.indexOf("<table class=\"summary\">"));
    summary = summary.substring(0, summary.indexOf("</table>"));

    assertThat(count(summary, "<tr>")).isEqualTo(1 + 2 + 1);
    assertThat(summary)
        .contains(">dovetail</td><td>1.25</td>")
        .contains(">cluster-autoscaler</td><td>2.50</td>")
        .contains("<td>lower bound</td>");
    // The bound sampled 0.05 $/h at 0 s and 0.08 $/h at the end: 0.05 $ over the hour.
    assertThat(summary).contains("<td>lower bound</td><td>0.05</td>");
  }

  @Test
  void drawsTheChartsTheIssueAsksFor() {
    assertThat(html)
        .contains("<title>$/h by baseline and the lower bound</title>")
        .contains("<title>$/h over the lower bound</title>")
        .contains("<title>nodes of dovetail by type</title>")
        .contains("<title>nodes of cluster-autoscaler by type</title>")
        .contains("<title>pending pods by baseline</title>")
        .contains("<title>decisions of dovetail</title>");
    assertThat(count(html, "<svg ")).isEqualTo(2 + 2 + 1 + 2);
    assertThat(html).contains("stroke-dasharray").contains("<title>lower bound</title>");
    assertThat(html).contains("<title>m5.large</title>").contains("<title>c5.large</title>");
  }

  @Test
  void decisionsCanBeReadByHoverAndInATable() {
    assertThat(html).contains("<title>1m launch: m5.large spot in us-west-2a $0.0400/h</title>");
    assertThat(html).contains("<title>31m40s interruption: m5.large spot in us-west-2a</title>");
    assertThat(html).contains("3 decisions of dovetail").contains("<td>+0.0400</td>");
  }

  @Test
  void escapesNamesFromTheScenario() {
    assertThat(html)
        .contains("demo &lt;day&gt;")
        .contains("Dovetail &lt;cost-aware&gt; &amp; friends");
    assertThat(html).doesNotContain("demo <day>");
  }
}
