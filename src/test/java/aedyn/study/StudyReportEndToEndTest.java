package aedyn.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aedyn.report.Plots;
import aedyn.report.StudyResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real study in local[2] ends with plots/ and report.html that the report package read back. */
class StudyReportEndToEndTest {
  private static final String STUDY = """
      study { name = report-e2e, seed = 3, grid { "init.kind" = [perturb, random] } }
      data { model = mixture, n = 32, m = 4, samples = 2000, noise-sigma = 0.01 }
      model { activation = threshold, threshold = 0.5 }
      init { delta = 0.3 }
      bias { init = 0, schedule = constant }
      train { iterations = 4, learning-rate = "m" }
      """;

  @Test
  void aStudyEndsWithItsPlotsAndReport(@TempDir Path dir) throws IOException {
    Path out = StudyTestSupport.runStudy(dir, STUDY);
    StudyResults r = StudyResults.read(out.toString(), new Configuration());
    assertEquals(List.of("init.kind"), r.gridKeys(), "run/status/trial are not grid keys");
    assertEquals(2, r.runs().size());
    assertEquals(5, r.runs().get(0).metrics().size(), "rows s = 0..T");
    String html = Files.readString(out.resolve("report.html"));
    for (StudyResults.Run run : r.runs()) assertTrue(html.contains(run.name()), run.name());
    assertTrue(html.contains("4.1"), "Spark version from run.json");
    for (String plot : List.of("learning_curves", "fro_error_curves", "recovery_error_by_init")) {
      assertTrue(Files.size(out.resolve("plots/" + plot + ".png")) > 1000, plot);
      assertTrue(Files.exists(out.resolve("plots/" + plot + ".svg")), plot);
    }
    assertEquals(2, Plots.panels(Plots.plan(r).get(0), r).get(0).lines().size(), "a line per init");
  }
}
