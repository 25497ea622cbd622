package aedyn.config;

import aedyn.choice.Choice;
import aedyn.data.CodeModel;
import aedyn.data.GaussianSpectrum;
import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.train.Optimizer;
import aedyn.train.BiasSchedule;
import aedyn.init.Init;
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
        DataModel model = choice("data.model", DataModel.class);
        boolean file = model == DataModel.FILE;
        boolean images = model == DataModel.IDX;
        boolean noTruth = model != null && !model.generative(); // no generative A unless data.ground-truth
        int n = integer("data.n", 1, 1 << 20);
        int m = integer("data.m", 1, 1 << 20);
        int k = integer("data.k", 1, 1 << 20);
        if (model != null && model.sparse() && k > m) {
            problem("data.k", k, "an integer from 1 to data.m = " + m);
        }
        long samples = longIn("data.samples", 1, Long.MAX_VALUE / 2);
        double sigma = number("data.noise-sigma", 0, Double.MAX_VALUE, "a finite number >= 0");
        double a1 = number("data.a1", 0, Double.MAX_VALUE, "a finite number >= 0");
        double a2 = number("data.a2", 0, Double.MAX_VALUE, "a finite number >= 0");
        if (model == DataModel.NONNEG_SPARSE && a2 < a1) {
            problem("data.a2", a2, "a number >= data.a1 = " + a1);
        }
        double[] weights = mixingWeights(m);
        String path = string("data.path");
        String groundTruth = string("data.ground-truth");
        String codesPath = string("data.codes");
        if (file && path.isEmpty()) problem("data.path", "\"\"", "a .npy file of samples, required when data.model = file");
        if (images && path.isEmpty()) problem("data.path", "\"\"", "an IDX image file (plain or .gz), required when data.model = idx");
        if (!codesPath.isEmpty() && (!file || groundTruth.isEmpty())) {
            problem("data.codes", quote(codesPath), "only with data.model = file and a data.ground-truth (support recovery needs A's matching)");
        }
        if (!file && !groundTruth.isEmpty()) {
            problem("data.ground-truth", quote(groundTruth), "only with data.model = file (generated data draws its own A)");
        }
        int partitions = integer("data.partitions", 0, 1 << 20);
        boolean fresh = bool("data.fresh");
        if (fresh && (file || images)) problem("data.fresh", true, "false when data.model = " + model.label() + " (a file holds a fixed data set)");
        CodeModel codes = model == null ? null : switch (model) {
            case MIXTURE -> weights == null ? CodeModel.Mixture.uniform(m) : CodeModel.Mixture.weighted(weights);
            case SPARSE -> new CodeModel.Sparse(m, Math.min(k, m));
            case NONNEG_SPARSE -> new CodeModel.NonnegSparse(m, Math.min(k, m), a1, Math.max(a1, a2));
            case FILE, GAUSSIAN, IDX -> null;
        };
        int codeK = model == DataModel.MIXTURE ? 1 : k;
        DataSettings data = new DataSettings(model, n, m, codeK, samples, sigma, codes, path, groundTruth, codesPath,
                partitions, fresh, bool("data.normalize-samples"), dataOptions(model, n, fresh));

        // The model (SPEC sections 2 and 5)
        Activation.Kind act = choice("model.activation", Activation.Kind.class);
        double lambda = number("model.threshold", 0, Double.MAX_VALUE, "a finite number >= 0");
        Activation activation = act == null ? new Activation.Relu() : Activation.named(act.label(), lambda);
        ModelSpec.Architecture arch = choice("model.architecture", ModelSpec.Architecture.class);
        boolean untied = arch == ModelSpec.Architecture.UNTIED;
        Scale scaleChoice = choice("model.scale", Scale.class);
        Scale scale = scaleChoice == null ? Scale.STANDARD : scaleChoice;
        int width = width(m);
        ModelSpec.Regime regime = choice("train.regime", ModelSpec.Regime.class);
        boolean encoderOnly = regime == ModelSpec.Regime.ENCODER_ONLY;
        if (encoderOnly && !untied) {
            problem("train.regime", regime.label(), "joint when model.architecture = tied (a tied W is both layers)");
        }
        ModelSpec spec = new ModelSpec(untied ? ModelSpec.Architecture.UNTIED : ModelSpec.Architecture.TIED, scale,
                activation, encoderOnly && untied ? ModelSpec.Regime.ENCODER_ONLY : ModelSpec.Regime.JOINT, n, width);

        // The optimizer (SPEC section 5)
        Optimizer.Kind optimizerKind = choice("train.optimizer", Optimizer.Kind.class);
        String optimizerName = optimizerKind == null ? null : optimizerKind.label();
        boolean normalized = optimizerKind == Optimizer.Kind.NORMALIZED;
        if (normalized && untied) {
            problem("train.optimizer", optimizerName, "gd or sgd when model.architecture = untied (normalized updates are paper 1's, for a tied W)");
        }
        if (normalized && scale != Scale.STANDARD) {
            problem("train.optimizer", optimizerName, "gd or sgd when model.scale = " + scale.label() + " (normalized updates are paper 1's, at the standard scale)");
        }
        double l2 = l2(n, width);
        if (normalized && l2 > 0) {
            problem("train.l2", l2, "0 when train.optimizer = normalized (paper 1's protocol has no penalty; use gd or sgd)");
        }
        double fraction = number("train.batch-fraction", 0, 1, "a number in (0, 1]");
        if (fraction == 0 && !hasProblem("train.batch-fraction")) problem("train.batch-fraction", fraction, "a number in (0, 1]");
        if (fraction < 1 && fraction > 0 && optimizerKind != Optimizer.Kind.SGD) {
            problem("train.batch-fraction", fraction, "1 unless train.optimizer = sgd (it is " + optimizerName + ")");
        }
        if (fraction < 1 && fresh) {
            problem("train.batch-fraction", fraction, "1 when data.fresh = true (every iteration's fresh samples are the batch: online sgd)");
        }

        // The start (SPEC sections 3 and 5)
        Init.Kind kind = choice("init.kind", Init.Kind.class);
        double delta = number("init.delta", 0, Double.MAX_VALUE, "a finite number >= 0");
        String initPath = string("init.path");
        String decoderPath = string("init.decoder-path");
        Map<String, Double> shape = Map.of("n", (double) n, "m", (double) width);
        String scaleText = string("init.scale");
        double initScale = "auto".equals(scaleText) ? (scale == Scale.NTK ? 1.0 : 1.0 / Math.sqrt(n))
                : expression("init.scale", shape, true);
        Init init = kind == null ? new Init.FromFile(initPath, decoderPath) : switch (kind) {
            case PERTURB -> new Init.Perturb(delta);
            case PCA -> new Init.Pca();
            case RANDOM -> new Init.Random();
            case GAUSSIAN -> new Init.Gaussian(initScale);
            case SPECTRAL -> spectral(m, codeK, samples);
            case FILE -> new Init.FromFile(initPath, decoderPath);
        };
        String kindName = kind == null ? null : kind.label();
        if (kind == Init.Kind.SPECTRAL && !(model != null && model.sparse() || file)) {
            problem("init.kind", kindName, "perturb, pca, random or file: spectral needs sparse codes (data.model = sparse, nonneg-sparse or file), not data.model = " + label(model));
        }
        if (kind == Init.Kind.SPECTRAL && fresh) problem("init.kind", kindName, "perturb, random or file: spectral needs a fixed data set, not data.fresh = true");
        if (kind == Init.Kind.PERTURB && noTruth && groundTruth.isEmpty()) {
            problem("init.kind", kindName, "pca, random or file: perturb needs the ground truth A (data.ground-truth)");
        }
        if (kind == Init.Kind.PERTURB && width != m && !hasProblem("model.width")) {
            problem("init.kind", kindName, "not perturb when model.width = " + width + " differs from data.m = " + m + " (perturb starts from A, one neuron per atom)");
        }
        if (untied && kind != null && kind != Init.Kind.GAUSSIAN && kind != Init.Kind.FILE) {
            problem("init.kind", kindName, "gaussian or file when model.architecture = untied");
        }
        if (kind == Init.Kind.FILE && initPath.isEmpty()) problem("init.path", "\"\"", "a .npy file (n, m), required when init.kind = file");
        if (kind == Init.Kind.FILE && untied && decoderPath.isEmpty()) {
            problem("init.decoder-path", "\"\"", "a .npy file (n, m) of U, required when init.kind = file and model.architecture = untied");
        }
        if (!decoderPath.isEmpty() && !untied) {
            problem("init.decoder-path", quote(decoderPath), "empty when model.architecture = tied (a tied W is both layers)");
        } else if (!decoderPath.isEmpty() && kind != Init.Kind.FILE) {
            problem("init.decoder-path", quote(decoderPath), "empty unless init.kind = file (it is " + kindName + ")");
        }
        if (kind == Init.Kind.PCA && fresh) problem("init.kind", kindName, "perturb, random or file: pca needs a fixed data set, not data.fresh = true");
        if (kind == Init.Kind.PCA && n > 65535) problem("init.kind", kindName, "not pca when data.n > 65535 (MLlib's PCA limit)");
        if (kind == Init.Kind.PCA && !file && !images && width > n) problem("init.kind", kindName, "not pca when the width m = " + width + " exceeds data.n = " + n + " (there are only n principal directions)");

        Map<String, Double> sizes = Map.of("n", (double) n, "m", (double) width, "k", (double) codeK);
        boolean autoBias = "auto".equals(string("bias.init"));
        double bias0 = !autoBias ? expression("bias.init", Map.of("n", (double) n, "m", (double) width, "k", (double) codeK,
                "delta", delta, "sigma", sigma), false)
                : !normalized || act == Activation.Kind.THRESHOLD ? 0.0 : -2.5 * delta;
        double rate = expression("train.learning-rate", sizes, true);
        Optimizer optimizer = normalized ? new Optimizer.Normalized(rate)
                : new Optimizer.GradientDescent(rate * scale.stepFactor(width));
        BiasSchedule.Kind schedule = choice("bias.schedule", BiasSchedule.Kind.class);
        double factor = number("bias.factor", 1, Double.MAX_VALUE, "a finite number > 1");
        if (factor == 1 && schedule == BiasSchedule.Kind.GEOMETRIC && !hasProblem("bias.factor")) problem("bias.factor", factor, "a finite number > 1");
        double tau = number("bias.tau", 0, 1, "a number in (0, 1)");
        if ((tau == 0 || tau == 1) && schedule == BiasSchedule.Kind.CONTRACTION) problem("bias.tau", tau, "a number in (0, 1)");
        double biasRate = expression("bias.learning-rate", sizes, false);
        BiasSchedule biasSchedule = schedule == null ? new BiasSchedule.Constant() : switch (schedule) {
            case GEOMETRIC -> factor > 1 ? new BiasSchedule.Geometric(factor) : null;
            case CONTRACTION -> tau > 0 && tau < 1 ? new BiasSchedule.Contraction(tau) : null;
            // gd and sgd move a learned bias with the weights' own step (SPEC section 5); paper 1 has its own rate
            case LEARNED -> new BiasSchedule.Learned(optimizer instanceof Optimizer.GradientDescent gd ? gd.stepSize() : biasRate);
            case CONSTANT -> new BiasSchedule.Constant();
        };

        int iterations = integer("train.iterations", 0, 10_000_000);
        int depth = integer("train.tree-depth", 1, 16);
        boolean signInvariant = c.hasPath("metrics.sign-invariant") ? bool("metrics.sign-invariant") : model == DataModel.SPARSE;
        int checkpointEvery = integer("train.checkpoint-every", 0, 10_000_000);
        double checkpointInterval = seconds("train.checkpoint-interval");
        boolean population = bool("metrics.population-gradient");
        if (population && model != DataModel.MIXTURE) {
            problem("metrics.population-gradient", true, "false unless data.model = mixture (paper 1's expected gradient is the mixture's)");
        }
        if (population && (!normalized || width != m)) {
            problem("metrics.population-gradient", true, "false unless train.optimizer = normalized and model.width = data.m (paper 1's expected gradient is of its tied model)");
        }

        // Paper 2's theory objects (SPEC section 8)
        boolean linearize = bool("model.linearize");
        if (linearize && normalized) {
            problem("model.linearize", true, "false when train.optimizer = normalized (the linearized model is trained by gd or sgd)");
        }
        int probe = integer("metrics.ntk-probe", 0, 1 << 16);
        if (probe > samples && !file && !images) {
            problem("metrics.ntk-probe", probe, "an integer from 0 to data.samples = " + samples + " (the probe is the first P samples)");
        }
        int kernelRows = kernelRows();

        choice("study.paper", Paper.class); // the report reads it: checked before any run

        return new RunSettings(data, spec, new RunSettings.Start(init, bias0),
                new RunSettings.Training(optimizerKind, optimizer, rate, biasSchedule, l2, fraction, iterations, depth, linearize),
                new RunSettings.Measurement(signInvariant, population, probe, kernelRows),
                new RunSettings.Checkpointing(checkpointEvery, checkpointInterval));
    }

    /**
     * train.l2: a number, or an expression in n and m such as "4/m" (with model.scale = mean-field the step is
     * zeta m, so the penalty's pull per unit of mean-field time is m lambda_2: "kappa/m" keeps it the same at every
     * width, README "Paper 3").
     */
    private double l2(int n, int width) {
        String key = "train.l2";
        if (c.hasPath(key) && c.getValue(key).valueType() == com.typesafe.config.ConfigValueType.STRING) {
            double v = expression(key, Map.of("n", (double) n, "m", (double) width), false);
            if (v < 0) {
                problem(key, quote(string(key)) + " (= " + v + ")", "a finite number >= 0 or an expression in m, n");
                return 0;
            }
            return v;
        }
        return number(key, 0, Double.MAX_VALUE, "a finite number >= 0 or an expression in m, n (for example \"4/m\")");
    }

    /** metrics.ntk-every: log (s = 0, 1, 2, 4, ... and T; 0) or a period, an integer >= 1. */
    private int kernelRows() {
        String key = "metrics.ntk-every";
        if (c.hasPath(key) && c.getValue(key).valueType() == com.typesafe.config.ConfigValueType.STRING
                && "log".equals(string(key))) {
            return 0;
        }
        if (c.hasPath(key) && c.getValue(key).valueType() != com.typesafe.config.ConfigValueType.NUMBER) {
            problem(key, quote(string(key)), "log or an integer >= 1 (the period of the kernel's rows)");
            return 0;
        }
        return integer(key, 1, 10_000_000);
    }

    /** model.width: auto (one hidden unit per atom, data.m) or an integer. */
    private int width(int m) {
        String key = "model.width";
        if ("auto".equals(string(key))) return m;
        return integer(key, 1, 1 << 20);
    }

    /** The keys of the gaussian and idx models and metrics.energy-blocks (SPEC sections 6 and 7). */
    private DataOptions dataOptions(DataModel model, int n, boolean fresh) {
        boolean gaussian = model == DataModel.GAUSSIAN;
        List<GaussianSpectrum.Block> spectrum = spectrum(gaussian ? n : Integer.MAX_VALUE);
        double bulk = number("data.bulk", 0, Double.MAX_VALUE, "a finite number >= 0 (the eigenvalue of the rest of n)");
        boolean rotate = bool("data.rotate");
        String scaleText = string("data.scale");
        double scale = 1.0 / 255;
        try {
            scale = Expression.parse(scaleText).evaluate(Map.of());
            if (!(scale > 0) || !Double.isFinite(scale)) {
                problem("data.scale", quote(scaleText) + " (= " + scale + ")", "a number > 0 or an expression such as \"1/255\"");
            }
        } catch (IllegalArgumentException e) {
            problem("data.scale", quote(scaleText), "a number > 0 or an expression such as \"1/255\"; " + e.getMessage());
        }
        boolean center = bool("data.center");
        long limit = longIn("data.limit", 0, Integer.MAX_VALUE);
        List<Integer> ranks = List.of();
        String key = "metrics.energy-blocks";
        try {
            ranks = c.getIntList(key);
            int total = 0;
            for (int r : ranks) {
                if (r < 1) problem(key, ranks, "a list of ranks >= 1 (for example [1, 4, 15]: directions 1, 2-5, 6-20)");
                total += Math.max(r, 0);
            }
            if (gaussian && !ranks.isEmpty()) {
                problem(key, ranks, "empty when data.model = gaussian: its energy blocks are those of data.spectrum");
            } else if (!ranks.isEmpty() && fresh) {
                problem(key, ranks, "empty with data.fresh = true (the principal directions are those of a fixed data set)");
            } else if ((model == null || !model.readFromFile()) && total > n) {
                problem(key, ranks, "ranks adding up to at most data.n = " + n + " directions, these add up to " + total);
            }
        } catch (ConfigException e) {
            problem(key, render(key), "a list of ranks >= 1 (for example [1, 4, 15]), empty for none");
        }
        return new DataOptions(spectrum, bulk, rotate, scale, center, limit, ranks);
    }

    /** data.spectrum: a list of {dim, eigenvalue}, largest eigenvalue first, spanning at most {@code n} dimensions. */
    private List<GaussianSpectrum.Block> spectrum(int n) {
        String key = "data.spectrum";
        String shape = "a list of blocks {dim = 2, eigenvalue = 8}, largest eigenvalue first";
        List<? extends Config> items;
        try {
            items = c.getConfigList(key);
        } catch (ConfigException e) {
            problem(key, render(key), shape);
            return List.of();
        }
        List<GaussianSpectrum.Block> blocks = new ArrayList<>();
        int dims = 0;
        for (int i = 0; i < items.size(); i++) {
            Config item = items.get(i);
            String at = key + "[" + i + "]";
            for (String k : item.root().keySet()) {
                if (!k.equals("dim") && !k.equals("eigenvalue")) problem(at + "." + k, render(item, k), "not a key of a block: dim, eigenvalue");
            }
            int dim = 0;
            double eigenvalue = -1;
            try {
                dim = item.getInt("dim");
                if (dim < 1) problem(at + ".dim", dim, "an integer >= 1");
            } catch (ConfigException e) {
                problem(at + ".dim", render(item, "dim"), "an integer >= 1");
            }
            try {
                eigenvalue = item.getDouble("eigenvalue");
                if (!(eigenvalue >= 0) || !Double.isFinite(eigenvalue)) problem(at + ".eigenvalue", eigenvalue, "a finite number >= 0");
            } catch (ConfigException e) {
                problem(at + ".eigenvalue", render(item, "eigenvalue"), "a finite number >= 0");
            }
            if (dim < 1 || !(eigenvalue >= 0) || !Double.isFinite(eigenvalue)) continue;
            if (!blocks.isEmpty() && eigenvalue > blocks.get(blocks.size() - 1).eigenvalue()) {
                problem(at + ".eigenvalue", eigenvalue, "at most the previous block's " + blocks.get(blocks.size() - 1).eigenvalue()
                        + " (blocks come largest eigenvalue first, so that energy_1 is the top block's)");
                continue;
            }
            blocks.add(new GaussianSpectrum.Block(dim, eigenvalue));
            dims += dim;
        }
        if (dims > n) {
            problem(key, render(key), shape + ", spanning at most data.n = " + n + " dimensions; these span " + dims);
            return List.of();
        }
        return blocks;
    }

    private static String render(Config item, String k) {
        return item.hasPath(k) ? item.getValue(k).render(com.typesafe.config.ConfigRenderOptions.concise()) : "(missing)";
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

    /** The constant of a closed choice named at {@code key}, or null with a problem listing the allowed words. */
    private <E extends Enum<E> & Choice> E choice(String key, Class<E> type) {
        String v = string(key);
        List<String> allowed = Choice.names(type);
        if (allowed.contains(v)) return Choice.named(type, v);
        if (c.hasPath(key)) problem(key, quote(v), "one of " + String.join(", ", allowed));
        return null;
    }

    private static String label(Choice choice) {
        return choice == null ? "(invalid)" : choice.label();
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

    /** Whether {@code key} has a problem already: a check of its stand-in value would report a second, wrong one. */
    private boolean hasProblem(String key) {
        return problems.stream().anyMatch(p -> p.key().equals(key));
    }

    private void problem(String key, Object value, String allowed) {
        problems.add(new ConfigProblem(key, String.valueOf(value), allowed));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
