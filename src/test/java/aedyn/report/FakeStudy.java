package aedyn.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes small study directories in the layout the study runner writes, with known numbers:
 * loss(s) = floor + scale·exp(−s/τ) and fro_error(s) = f∞ + (f0 − f∞)·exp(−s/τ), so tests can
 * check plotted values against the formula rather than against the code under test.
 */
final class FakeStudy {
  private FakeStudy() {}

  static final List<String> NOISES = List.of("0.01", "0.02", "0.03");
  static final List<String> INITS = List.of("perturb", "pca", "random");

  static double loss(double sigma, int init, int s) {
    return 784 * sigma * sigma / 2 + (0.5 + init) * Math.exp(-s / (3.0 + 2 * init));
  }

  static double fro(int init, int s) {
    double fEnd = new double[] {0.05, 1.2, 2.5}[init];
    double f0 = new double[] {1.6, 3.0, 4.2}[init];
    return fEnd + (f0 - fEnd) * Math.exp(-s / 8.0);
  }

  static double support(int init, int s) {
    double end = new double[] {1.0, 0.6, 0.3}[init];
    return end * (1 - Math.exp(-s / 5.0));
  }

  static String run(String noise, String init) {
    return "noise-sigma=" + noise + "_init=" + init;
  }

  /** Paper 1's Figure 2 grid (3 noise levels × 3 inits), T iterations, one trial, A known. */
  static Path figure2(Path dir, int T) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("study.conf"), String.join("\n",
        "study { name = figure2, trials = 1 }",
        "data { model = mixture, n = 784, m = 10, samples = 10000 }",
        "grid { \"data.noise-sigma\" = [0.01, 0.02, 0.03], \"init.kind\" = [perturb, pca, random] }",
        "train { iterations = " + T + ", learning-rate = m }", ""));
    StringBuilder summary = new StringBuilder("run,status,data.noise-sigma,init.kind,iterations,"
        + "loss,fro_error,max_col_error,spectral_ratio,support_recovery,bias_mean,grad_norm,"
        + "wall_seconds\n");
    for (String noise : NOISES) {
      for (int i = 0; i < INITS.size(); i++) {
        String init = INITS.get(i);
        String name = run(noise, init);
        double sigma = Double.parseDouble(noise);
        writeRun(dir, name, T, sigma, i, List.of("data.noise-sigma", "init.kind"),
            List.of(noise, init), 10000);
        summary.append(String.join(",", name, "finished", noise, init, String.valueOf(T),
            f(loss(sigma, i, T)), f(fro(i, T)), f(fro(i, T) / 2), f(fro(i, T) / 3),
            f(support(i, T)), "-0.001", "0.01", "1.5")).append('\n');
      }
    }
    write(dir.resolve("summary.csv"), summary.toString());
    write(dir.resolve("_SUCCESS"), "");
    return dir;
  }

  static void writeRun(Path dir, String name, int T, double sigma, int init, List<String> keys,
      List<String> values, long samples) throws IOException {
    Path run = dir.resolve("runs").resolve(name);
    Files.createDirectories(run);
    StringBuilder m = new StringBuilder("iteration,loss,fro_error,max_col_error,spectral_ratio,"
        + "support_recovery,contraction,bias_mean,grad_norm,seconds\n");
    for (int s = 0; s <= T; s++) {
      String contraction = s == T ? ""
          : f(Math.pow(fro(init, s + 1), 2) / Math.pow(fro(init, s), 2));
      m.append(String.join(",", String.valueOf(s), f(loss(sigma, init, s)), f(fro(init, s)),
          f(fro(init, s) / 2), f(fro(init, s) / 3), f(support(init, s)), contraction,
          f(-1.25 / Math.pow(2, s)), f(0.1 * Math.exp(-s / 5.0)), f(0.03 * s))).append('\n');
    }
    write(run.resolve("metrics.csv"), m.toString());
    StringBuilder grid = new StringBuilder("{");
    for (int k = 0; k < keys.size(); k++) {
      if (k > 0) grid.append(", ");
      String v = values.get(k);
      grid.append('"').append(keys.get(k)).append("\": ")
          .append(Csv.isNumber(v) ? v : "\"" + v + "\"");
    }
    grid.append('}');
    write(run.resolve("run.json"), "{\"name\": \"" + name + "\", \"status\": \"finished\", "
        + "\"seed\": 42, \"grid\": " + grid + ", \"model\": \"mixture\", \"n\": 784, \"m\": 10, \"k\": 1, \"samples\": "
        + samples + ", \"incoherence\": 3.1, \"spectral_norm_A\": 1.4, \"spark_version\": "
        + "\"4.1.0\", \"java_version\": \"17.0.15\", \"blas\": \"dev.ludovic.netlib.blas."
        + "JNIBLAS\", \"wall_seconds\": 1.5}\n");
    write(run.resolve("_SUCCESS"), "");
  }

  /**
   * A sample-size sweep: data.samples ∈ {10³ … 10⁷} × init.kind ∈ {perturb, random}, 3 trials,
   * with aggregate.csv; final fro_error = c/√N for perturb, so the log-log plot is a straight line.
   */
  static Path sampleSweep(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve("study.conf"), "study { name = samples, trials = 3 }\n");
    List<String> inits = List.of("perturb", "random");
    long[] ns = {1000, 10000, 100000, 1000000, 10000000};
    StringBuilder summary = new StringBuilder("run,status,trial,data.samples,init.kind,iterations,"
        + "loss,fro_error,max_col_error,support_recovery,wall_seconds\n");
    StringBuilder agg = new StringBuilder("data.samples,init.kind");
    for (String metric : List.of("loss", "fro_error", "max_col_error", "support_recovery")) {
      agg.append(',').append(metric).append("_mean,").append(metric).append("_sd,")
          .append(metric).append("_ci95_low,").append(metric).append("_ci95_high");
    }
    agg.append(",runs\n");
    int T = 10;
    for (long n : ns) {
      for (int i = 0; i < inits.size(); i++) {
        String init = inits.get(i);
        double[] fros = new double[3];
        for (int t = 0; t < 3; t++) {
          String name = "samples=" + n + "_init=" + init + "_trial=" + t;
          writeRun(dir, name, T, 0.01, i == 0 ? 0 : 2,
              List.of("data.samples", "init.kind"), List.of(String.valueOf(n), init), n);
          fros[t] = sweepFro(n, i) * (1 + 0.1 * (t - 1));
          summary.append(String.join(",", name, "finished", String.valueOf(t), String.valueOf(n),
              init, String.valueOf(T), f(0.04 + 1 / Math.sqrt(n)), f(fros[t]), f(fros[t] / 2),
              f(1 - 1 / Math.sqrt(n)), "2.0")).append('\n');
        }
        double mean = sweepFro(n, i);
        double half = 0.2 * mean;
        agg.append(n).append(',').append(init);
        for (double[] ms : new double[][] {
            {0.04 + 1 / Math.sqrt(n), 0.001}, {mean, half / 2}, {mean / 2, half / 4},
            {1 - 1 / Math.sqrt(n), 0.001}}) {
          agg.append(',').append(f(ms[0])).append(',').append(f(ms[1])).append(',')
              .append(f(ms[0] - 2 * ms[1])).append(',').append(f(ms[0] + 2 * ms[1]));
        }
        agg.append(",3\n");
      }
    }
    write(dir.resolve("summary.csv"), summary.toString());
    write(dir.resolve("aggregate.csv"), agg.toString());
    write(dir.resolve("_SUCCESS"), "");
    return dir;
  }

  static double sweepFro(long n, int init) {
    return (init == 0 ? 10 : 300) / Math.sqrt(n);
  }

  static String f(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  static void write(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  static List<String> figure2Runs() {
    List<String> names = new ArrayList<>();
    for (String noise : NOISES) for (String init : INITS) names.add(run(noise, init));
    return names;
  }
}
