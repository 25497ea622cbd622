package aedyn.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a boundary study (SPEC 9) left besides a grid's files: probes.csv, boundary.csv, the scaling law of
 * analysis.csv, and the search and outcome its study.conf declared. The report's phase diagram is drawn from these.
 *
 * @param probes probes.csv: the outer keys, then value, trials, successes, p, p_low, p_high, flag
 * @param boundaries boundary.csv: the outer keys, then boundary, boundary_low, boundary_high, censored, probes,
 *     interval
 * @param laws analysis.csv when it is the scaling law's (a scaling_key column), else empty
 * @param search the search as study.conf declares it
 */
public record BoundaryResults(Csv probes, Csv boundaries, Optional<Csv> laws, Search search) {

  /**
   * study.search and study.outcome as the study declared them. A study.conf without study.search (or without
   * study.conf) gives the searched key from analysis.csv, a linear scale and the probes' own range.
   *
   * @param key the searched key (init.delta, model.width, ...)
   * @param logScale study.search.scale = log
   * @param increasing study.search.direction = increasing: success grows with the key
   * @param from the search's lower end
   * @param to its upper end
   * @param trials runs per probe (0 when unknown)
   * @param resolution the final bracket's width in g (NaN when unknown)
   * @param outcome the predicate study.outcome ("" when unknown)
   */
  public record Search(String key, boolean logScale, boolean increasing, double from, double to, int trials,
      double resolution, String outcome) {}

  static final String PROBES = "probes.csv";
  static final String BOUNDARY = "boundary.csv";
  static final String ANALYSIS = "analysis.csv";

  /** The boundary files of the study in dir; empty when it has no probes.csv and boundary.csv. */
  static Optional<BoundaryResults> read(FileSystem fs, Path dir, String config) throws IOException {
    Path probesPath = new Path(dir, PROBES);
    Path boundaryPath = new Path(dir, BOUNDARY);
    if (!fs.exists(probesPath) || !fs.exists(boundaryPath)) return Optional.empty();
    Csv probes = Csv.parse(StudyResults.readText(fs, probesPath));
    Csv boundaries = Csv.parse(StudyResults.readText(fs, boundaryPath));
    Path analysisPath = new Path(dir, ANALYSIS);
    Optional<Csv> laws = Optional.empty();
    if (fs.exists(analysisPath)) {
      Csv a = Csv.parse(StudyResults.readText(fs, analysisPath));
      if (a.has("scaling_key")) laws = Optional.of(a);
    }
    return Optional.of(new BoundaryResults(probes, boundaries, laws, search(config, probes, laws)));
  }

  static Search search(String config, Csv probes, Optional<Csv> laws) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : probes.has("value") ? probes.doubles("value") : new double[0]) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    String key = laws.filter(l -> l.has("searched_key") && l.size() > 0).map(l -> l.cell(0, "searched_key"))
        .orElse("value");
    Search fallback = new Search(key, false, true, lo, hi, 0, Double.NaN, "");
    try {
      Config c = ConfigFactory.parseString(config);
      String outcome = c.hasPath("study.outcome") ? c.getString("study.outcome") : "";
      if (!c.hasPath("study.search.key")) {
        return new Search(key, false, true, lo, hi, 0, Double.NaN, outcome);
      }
      Config s = c.getConfig("study.search");
      return new Search(s.getString("key"), "log".equals(s.getString("scale")),
          "increasing".equals(s.getString("direction")), s.getDouble("from"), s.getDouble("to"),
          s.hasPath("trials") ? s.getInt("trials") : 0,
          s.hasPath("resolution") ? s.getDouble("resolution") : Double.NaN, outcome);
    } catch (ConfigException e) {
      // an unreadable study.conf is shown as it is in the report; the diagram falls back to the files
      return fallback;
    }
  }
}
