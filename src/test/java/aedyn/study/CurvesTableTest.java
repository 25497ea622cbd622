package aedyn.study;

import aedyn.data.HadoopFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curves.csv and curves.parquet read back, by Spark and by pandas, give every run's metrics.csv. */
class CurvesTableTest {
  private static final String STUDY = """
      study { name = curves, seed = 5, grid { "data.noise-sigma" = [0.01, 0.02], "init.kind" = [perturb, random] } }
      data { model = mixture, n = 16, m = 4, samples = 500 }
      model { activation = threshold, threshold = 0.5 }
      init { delta = 0.3 }
      bias { init = 0, schedule = constant }
      train { iterations = 3, learning-rate = "m" }
      """;

  static List<String> runs(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve("runs"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void sparkReadsEveryRunsCurveFromOneParquetFile(@TempDir Path dir) throws IOException {
    Path out = StudyTestSupport.runStudy(dir, STUDY);
    Path parquet = out.resolve("curves.parquet");
    try (Stream<Path> parts = Files.list(parquet)) {
      assertEquals(1, parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).count(), "one file");
    }
    SparkSession spark = SparkSession.builder().config(SparkTestContext.get().getConf()).getOrCreate();
    Dataset<Row> curves = spark.read().parquet(parquet.toString());
    assertEquals(DataTypes.DoubleType, curves.schema().apply("data.noise-sigma").dataType());
    assertEquals(DataTypes.StringType, curves.schema().apply("init.kind").dataType());
    List<Row> all = curves.collectAsList();
    assertEquals(4 * 4, all.size(), "4 runs × rows s = 0..3");
    for (String run : runs(out)) {
      Map<String, List<Double>> metrics = StudyTestSupport.columns(out.resolve("runs/" + run + "/metrics.csv"));
      List<Row> rows = all.stream().filter(r -> r.getAs("run").equals(run))
          .sorted((a, b) -> Integer.compare(a.<Integer>getAs("iteration"), b.<Integer>getAs("iteration"))).toList();
      assertEquals(metrics.get("iteration").size(), rows.size(), run);
      assertEquals(run.contains("init.kind=perturb") ? "perturb" : "random", rows.get(0).getAs("init.kind"));
      assertEquals(run.contains("0.01") ? 0.01 : 0.02, rows.get(0).<Double>getAs("data.noise-sigma"));
      for (Map.Entry<String, List<Double>> column : metrics.entrySet()) {
        for (int i = 0; i < rows.size(); i++) {
          Object v = rows.get(i).getAs(column.getKey());
          double got = v == null ? Double.NaN : ((Number) v).doubleValue();
          assertEquals(column.getValue().get(i), got, 0.0, run + " " + column.getKey() + " row " + i);
        }
      }
    }
  }

  /** pandas, as a researcher reads it: each run's rows of curves.csv equal its metrics.csv exactly. */
  static final String PANDAS = String.join("\n",
      "import sys, pandas as pd",
      "from pandas.testing import assert_frame_equal",
      "study = sys.argv[1]",
      "curves = pd.read_csv(study + '/curves.csv')",
      "summary = pd.read_csv(study + '/summary.csv')",
      "assert list(curves.columns[:5]) == ['run', 'status', 'trial', 'data.noise-sigma', 'init.kind'], curves.columns",
      "for run in summary['run']:",
      "    metrics = pd.read_csv(f'{study}/runs/{run}/metrics.csv')",
      "    rows = curves[curves['run'] == run][list(metrics.columns)].reset_index(drop=True)",
      "    assert_frame_equal(rows, metrics, check_exact=True)",
      "    grid = summary[summary['run'] == run].iloc[0]",
      "    assert (curves[curves['run'] == run]['init.kind'] == grid['init.kind']).all()",
      "print('runs', summary.shape[0], 'rows', curves.shape[0])",
      "");

  /** A python3 with pandas (the system's first: a version manager's python3 may lack it), if any. */
  static String pythonWithPandas() {
    for (String py : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(py, "-c", "import pandas").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) return py;
      } catch (IOException | InterruptedException e) {
        // not this one
      }
    }
    return null;
  }

  @Test
  void pandasReadsEveryRunsCurveFromCurvesCsvAlsoAfterAResume(@TempDir Path dir) throws Exception {
    Path out = StudyTestSupport.runStudy(dir, STUDY);
    // a resumed study whose runs all finished before writes the tables again from their metrics.csv
    Files.delete(out.resolve("curves.csv"));
    HadoopFiles.delete(out.resolve("curves.parquet").toString(), new Configuration(), true);
    StudyPlan plan = StudyPlan.load(dir.resolve("study.conf").toString(), List.of(), out.toString(),
        new Configuration(), true);
    assertTrue(new StudyRunner(plan, SparkTestContext.get()).run().isEmpty());
    assertTrue(Files.isDirectory(out.resolve("curves.parquet")));
    String csv = Files.readString(out.resolve("curves.csv"), StandardCharsets.UTF_8);
    assertEquals(1 + 4 * 4, csv.split("\n").length);
    assertFalse(csv.contains("NaN"), "undefined values are empty cells, as in metrics.csv");

    String python = pythonWithPandas();
    Assumptions.assumeTrue(python != null, "no python3 with pandas (apt: python3-pandas)");
    Path script = dir.resolve("read_curves.py");
    Files.writeString(script, PANDAS);
    List<String> cmd = new ArrayList<>(List.of(python, script.toString(), out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), said);
    assertTrue(said.contains("runs 4 rows 16"), said);
  }
}
