package aedyn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir Path tmp;

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
    return n;
  }

  @Test
  void reportShowsConfigurationRunsPlotsAndEnvironmentWithNoExternalResource() throws Exception {
    Path dir = FakeStudy.figure2(tmp.resolve("figure2"), 50);
    StudyReport.Result res = StudyReport.write(dir.toString(), new Configuration());
    String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    for (String run : FakeStudy.figure2Runs()) assertTrue(html.contains(run), run);
    assertTrue(html.contains("train { iterations = 50"), "study.conf is shown");
    assertTrue(html.contains("4.1.0") && html.contains("17.0.15")
        && html.contains("dev.ludovic.netlib.blas.JNIBLAS"), "Spark, Java and BLAS");
    assertEquals(res.plots().size(), count(html, "<img "));
    assertEquals(res.plots().size(), count(html, "src=\"data:image/png;base64,"));
    // offline: nothing fetched from a network, no script or stylesheet file
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find());
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("<script src"));
    // the SVG links are relative and point at files that exist
    Matcher m = Pattern.compile("href=\"(plots/[^\"]+)\"").matcher(html);
    int links = 0;
    while (m.find()) {
      assertTrue(Files.exists(dir.resolve(m.group(1))), m.group(1));
      links++;
    }
    assertEquals(2 * res.plots().size(), links);
  }

  @Test
  void divergedRunsAreMarked() throws Exception {
    Path dir = FakeStudy.figure2(tmp.resolve("figure2"), 5);
    String summary = Files.readString(dir.resolve("summary.csv"));
    Files.writeString(dir.resolve("summary.csv"),
        summary.replaceFirst("finished", "diverged"));
    StudyReport.write(dir.toString(), new Configuration());
    String html = Files.readString(dir.resolve("report.html"));
    assertEquals(1, count(html, "<tr class=\"bad\">"));
  }

  /** Body data-* attributes that the report's inline script sets on load, read from the DOM. */
  record PageState(String loaded, int imagesTotal, int imagesOk, int errors, String dom,
      String log) {}

  static PageState openInChromium(Path html, Path profile) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
        "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
        html.toUri().toString()));
    Path stdout = profile.resolveSibling(profile.getFileName() + ".dom");
    Path stderr = profile.resolveSibling(profile.getFileName() + ".log");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s");
    }
    String dom = Files.readString(stdout);
    String log = Files.readString(stderr);
    assertEquals(0, p.exitValue(), log);
    Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
    assertTrue(body.find(), "no <body> in the dumped DOM:\n" + dom + "\n" + log);
    String attrs = body.group(1);
    return new PageState(attr(attrs, "data-loaded"), Integer.parseInt(attr(attrs,
        "data-images-total")), Integer.parseInt(attr(attrs, "data-images-ok")),
        Integer.parseInt(attr(attrs, "data-errors")), dom, log);
  }

  static String attr(String attrs, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(attrs);
    assertTrue(m.find(), name + " missing in <body" + attrs + ">");
    return m.group(1);
  }

  @Test
  void headlessChromiumLoadsTheReportAndDisplaysEveryImage() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "no /usr/bin/chromium (apt-get install -y chromium)");
    Path dir = FakeStudy.figure2(tmp.resolve("figure2"), 50);
    StudyReport.Result res = StudyReport.write(dir.toString(), new Configuration());
    PageState page = openInChromium(dir.resolve("report.html"), tmp.resolve("profile"));
    assertEquals("yes", page.loaded());
    assertEquals(res.plots().size(), page.imagesTotal());
    assertEquals(page.imagesTotal(), page.imagesOk(), "every image is displayed");
    assertEquals(0, page.errors(), page.dom());
    assertFalse(page.log().contains("Uncaught"), page.log());
    for (String run : FakeStudy.figure2Runs()) assertTrue(page.dom().contains(run), run);
  }

  @Test
  void theProbeNoticesABrokenImage() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "no /usr/bin/chromium (apt-get install -y chromium)");
    // control: the same page script on a page with one good and one missing image
    Path dir = FakeStudy.figure2(tmp.resolve("figure2"), 5);
    StudyReport.write(dir.toString(), new Configuration());
    String html = Files.readString(dir.resolve("report.html"));
    String broken = html.replaceFirst("<img ", "<img src=\"plots/no-such-file.png\" alt=\"x\">"
        + "<img ");
    Path page = dir.resolve("broken.html");
    Files.writeString(page, broken);
    PageState state = openInChromium(page, tmp.resolve("profile2"));
    assertEquals("yes", state.loaded());
    assertEquals(state.imagesTotal() - 1, state.imagesOk());
    assertEquals(1, state.errors());
  }
}
