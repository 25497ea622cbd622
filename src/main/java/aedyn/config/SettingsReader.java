package aedyn.config;

import aedyn.data.CodeModel;
import aedyn.model.Activation;
import aedyn.train.BiasSchedule;
import aedyn.train.Init;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one run's resolved configuration into {@link RunSettings}, collecting every problem instead of
 * stopping at the first, so a user fixes a study file in one round.
 */
public final class SettingsReader {
    private final Config c;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private SettingsReader(Config c) {
        this.c = c;
    }

    /** The settings, or null with the problems added to {@code into}. */
    public static RunSettings read(Config c, List<ConfigProblem> into) {
        SettingsReader r = new SettingsReader(c);
        RunSettings s = r.read();
        into.addAll(r.problems);
        return r.problems.isEmpty() ? s : null;
    }

    private RunSettings read() {
        String model = choice("data.model", "mixture", "sparse", "nonneg-sparse", "file");
        boolean file = "file".equals(model);
        int n = integer("data.n", 1, 1 << 20);
        int m = integer("data.m", 1, 1 << 20);
        int k = integer("data.k", 1, 1 << 20);
        if (("sparse".equals(model) || "nonneg-sparse".equals(model)) && k > m) {
            problem("data.k", k, "an integer from 1 to data.m = " + m);
        }
        long samples = longIn("data.samples", 1, Long.MAX_VALUE / 2);
        double sigma = number("data.noise-sigma", 0, Double.MAX_VALUE, "a finite number >= 0");
        double a1 = number("data.a1", 0, Double.MAX_VALUE, "a finite number >= 0");
        double a2 = number("data.a2", 0, Double.MAX_VALUE, "a finite number >= 0");
        if ("nonneg-sparse".equals(model) && a2 < a1) {
            problem("data.a2", a2, "a number >= data.a1 = " + a1);
        }
        double[] weights = mixingWeights(m);
        String path = string("data.path");
        String groundTruth = string("data.ground-truth");
        String codesPath = string("data.codes");
        if (file && path.isEmpty()) problem("data.path", "\"\"", "a .npy file of samples, required when data.model = file");
        if (!codesPath.isEmpty() && (!file || groundTruth.isEmpty())) {
            problem("data.codes", quote(codesPath), "only with data.model = file and a data.ground-truth (support recovery needs A's matching)");
        }
        if (!file && !groundTruth.isEmpty()) {
            problem("data.ground-truth", quote(groundTruth), "only with data.model = file (generated data draws its own A)");
        }
        int partitions = integer("data.partitions", 0, 1 << 20);
        boolean fresh = bool("data.fresh");
        if (fresh && file) problem("data.fresh", true, "false when data.model = file (a file holds a fixed data set)");
        CodeModel codes = switch (model == null ? "" : model) {
            case "mixture" -> weights == null ? CodeModel.Mixture.uniform(m) : CodeModel.Mixture.weighted(weights);
            case "sparse" -> new CodeModel.Sparse(m, Math.min(k, m));
            case "nonneg-sparse" -> new CodeModel.NonnegSparse(m, Math.min(k, m), a1, Math.max(a1, a2));
            default -> null;
        };
        int codeK = "mixture".equals(model) ? 1 : k;
        DataSettings data = new DataSettings(model, n, m, codeK, samples, sigma, codes, path, groundTruth, codesPath,
                partitions, fresh);

        String act = choice("model.activation", "relu", "threshold");
        double lambda = number("model.threshold", 0, Double.MAX_VALUE, "a finite number >= 0");
        Activation activation = "threshold".equals(act) ? new Activation.Threshold(lambda) : new Activation.Relu();

        String kind = choice("init.kind", "perturb", "pca", "random", "file", "spectral");
        double delta = number("init.delta", 0, Double.MAX_VALUE, "a finite number >= 0");
        String initPath = string("init.path");
        Init init = switch (kind == null ? "" : kind) {
            case "perturb" -> new Init.Perturb(delta);
            case "pca" -> new Init.Pca();
            case "random" -> new Init.Random();
            case "spectral" -> spectral(m, codeK, samples);
            default -> new Init.FromFile(initPath);
        };
        if ("spectral".equals(kind) && !("sparse".equals(model) || "nonneg-sparse".equals(model) || file)) {
            problem("init.kind", kind, "perturb, pca, random or file: spectral needs sparse codes (data.model = sparse, nonneg-sparse or file), not data.model = " + model);
        }
        if ("spectral".equals(kind) && fresh) problem("init.kind", kind, "perturb, random or file: spectral needs a fixed data set, not data.fresh = true");
        if ("perturb".equals(kind) && file && groundTruth.isEmpty()) {
            problem("init.kind", kind, "pca, random or file: perturb needs the ground truth A (data.ground-truth)");
        }
        if ("file".equals(kind) && initPath.isEmpty()) problem("init.path", "\"\"", "a .npy file (n, m), required when init.kind = file");
        if ("pca".equals(kind) && fresh) problem("init.kind", kind, "perturb, random or file: pca needs a fixed data set, not data.fresh = true");
        if ("pca".equals(kind) && n > 65535) problem("init.kind", kind, "not pca when data.n > 65535 (MLlib's PCA limit)");
        if ("pca".equals(kind) && !file && m > n) problem("init.kind", kind, "not pca when data.m = " + m + " exceeds data.n = " + n + " (there are only n principal directions)");

        Map<String, Double> sizes = Map.of("n", (double) n, "m", (double) m, "k", (double) codeK);
        boolean autoBias = "auto".equals(string("bias.init"));
        double bias0 = autoBias ? ("threshold".equals(act) ? 0.0 : -2.5 * delta)
                : expression("bias.init", Map.of("n", (double) n, "m", (double) m, "k", (double) codeK,
                "delta", delta, "sigma", sigma), false);
        String schedule = choice("bias.schedule", "constant", "geometric", "contraction", "learned");
        double factor = number("bias.factor", 1, Double.MAX_VALUE, "a finite number > 1");
        if (factor == 1 && "geometric".equals(schedule)) problem("bias.factor", factor, "a finite number > 1");
        double tau = number("bias.tau", 0, 1, "a number in (0, 1)");
        if ((tau == 0 || tau == 1) && "contraction".equals(schedule)) problem("bias.tau", tau, "a number in (0, 1)");
        double biasRate = expression("bias.learning-rate", sizes, false);
        BiasSchedule biasSchedule = switch (schedule == null ? "" : schedule) {
            case "geometric" -> factor > 1 ? new BiasSchedule.Geometric(factor) : null;
            case "contraction" -> tau > 0 && tau < 1 ? new BiasSchedule.Contraction(tau) : null;
            case "learned" -> new BiasSchedule.Learned(biasRate);
            default -> new BiasSchedule.Constant();
        };

        int iterations = integer("train.iterations", 0, 10_000_000);
        double rate = expression("train.learning-rate", sizes, true);
        int depth = integer("train.tree-depth", 1, 16);
        boolean signInvariant = c.hasPath("metrics.sign-invariant") ? bool("metrics.sign-invariant") : "sparse".equals(model);
        int checkpointEvery = integer("train.checkpoint-every", 0, 10_000_000);
        double checkpointInterval = seconds("train.checkpoint-interval");
        boolean population = bool("metrics.population-gradient");
        if (population && !"mixture".equals(model)) {
            problem("metrics.population-gradient", true, "false unless data.model = mixture (paper 1's expected gradient is the mixture's)");
        }

        return new RunSettings(data, activation, init, bias0, biasSchedule, iterations, rate, depth, signInvariant,
                checkpointEvery, checkpointInterval, population);
    }

    /** init.spectral.*; a pool of 0 means 32 m / k samples (each atom in about 32 of them), within 1000..6000. */
    private Init.Spectral spectral(int m, int k, long samples) {
        int pairs = integer("init.spectral.pairs", 1, 1 << 24);
        int perPass = integer("init.spectral.pairs-per-pass", 1, 1 << 16);
        int iterations = integer("init.spectral.power-iterations", 1, 1000);
        double ratio = number("init.spectral.max-eigen-ratio", 0, 1, "a number in (0, 1)");
        if (ratio == 0 || ratio == 1) problem("init.spectral.max-eigen-ratio", ratio, "a number in (0, 1)");
        int pool = integer("init.spectral.pool", 0, 1 << 20);
        if (pool == 0) pool = (int) Math.max(1000, Math.min(6000, 32L * m / Math.max(1, k)));
        pool = (int) Math.min(pool, samples);
        if (pool < 2) problem("init.spectral.pool", pool, "at least 2 samples (0 for automatic)");
        return new Init.Spectral(pairs, perPass, iterations, ratio, pool);
    }

    private double[] mixingWeights(int m) {
        String key = "data.mixing-weights";
        try {
            List<Double> list = c.getDoubleList(key);
            if (list.isEmpty()) return null;
            double[] w = new double[list.size()];
            double total = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = list.get(i);
                total += w[i];
                if (!(w[i] >= 0) || !Double.isFinite(w[i])) problem(key, list, "finite weights >= 0");
            }
            if (w.length != m) problem(key, list, "empty (uniform) or a list of data.m = " + m + " weights");
            if (!(total > 0)) problem(key, list, "weights with a positive sum");
            return w;
        } catch (ConfigException e) {
            problem(key, render(key), "a list of numbers (empty for uniform weights)");
            return null;
        }
    }

    private String choice(String key, String... allowed) {
        String v = string(key);
        for (String a : allowed) {
            if (a.equals(v)) return v;
        }
        if (c.hasPath(key)) problem(key, quote(v), "one of " + String.join(", ", allowed));
        return null;
    }

    private String string(String key) {
        try {
            return c.getString(key);
        } catch (ConfigException.Missing e) {
            problem(key, "(missing)", "a string");
        } catch (ConfigException e) {
            problem(key, render(key), "a string");
        }
        return "";
    }

    private boolean bool(String key) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException e) {
            problem(key, render(key), "true or false");
            return false;
        }
    }

    private int integer(String key, int min, int max) {
        long v = longIn(key, min, max);
        return (int) Math.max(min, Math.min(max, v));
    }

    private long longIn(String key, long min, long max) {
        String allowed = "an integer from " + min + (max >= Long.MAX_VALUE / 2 ? " up" : " to " + max);
        try {
            long v = c.getLong(key);
            if (v < min || v > max) {
                problem(key, v, allowed);
                return min;
            }
            return v;
        } catch (ConfigException e) {
            problem(key, render(key), allowed);
            return min;
        }
    }

    /** A HOCON duration ("30s", "5m", 0) in seconds, at least 0. */
    private double seconds(String key) {
        String allowed = "a duration of at least 0, such as 30s, 5m or 0";
        try {
            java.time.Duration d = c.getDuration(key);
            if (d.isNegative()) {
                problem(key, render(key), allowed);
                return 0;
            }
            return d.toNanos() / 1e9;
        } catch (ConfigException | ArithmeticException e) {
            problem(key, render(key), allowed);
            return 0;
        }
    }

    private double number(String key, double min, double max, String allowed) {
        try {
            double v = c.getDouble(key);
            if (!(v >= min && v <= max) || !Double.isFinite(v)) {
                problem(key, v, allowed);
                return min;
            }
            return v;
        } catch (ConfigException e) {
            problem(key, render(key), allowed);
            return min;
        }
    }

    /** A number or an expression in the given variables; {@code positive} requires a value > 0. */
    private double expression(String key, Map<String, Double> env, boolean positive) {
        String allowed = (positive ? "a positive number" : "a number") + " or an expression in "
                + String.join(", ", new java.util.TreeSet<>(env.keySet())) + " (for example \"m/k\")";
        String text = string(key);
        try {
            double v = Expression.parse(text).evaluate(env);
            if (!Double.isFinite(v) || (positive && !(v > 0))) {
                problem(key, quote(text) + " (= " + v + ")", allowed);
                return 1.0;
            }
            return v;
        } catch (IllegalArgumentException e) {
            problem(key, quote(text), allowed + "; " + e.getMessage());
            return 1.0;
        }
    }

    private String render(String key) {
        if (!c.hasPath(key)) return "(missing)";
        ConfigValue v = c.getValue(key);
        return v.render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    private void problem(String key, Object value, String allowed) {
        problems.add(new ConfigProblem(key, String.valueOf(value), allowed));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
