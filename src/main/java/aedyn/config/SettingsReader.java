package aedyn.config;

import aedyn.data.CodeModel;
import aedyn.model.Activation;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.train.Optimizer;
import aedyn.train.BiasSchedule;
import aedyn.init.Init;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;

import java.util.List;
import java.util.Map;

/**
 * Turns one run's resolved configuration into {@link RunSettings}, collecting every problem instead of
 * stopping at the first, so a user fixes a study file in one round. Each key is checked alone here; the rules
 * between keys are {@link CrossKeyRules}, applied once every key is read.
 */
public final class SettingsReader {
    private final KeyReader r;

    private SettingsReader(Config c) {
        this.r = new KeyReader(c);
    }

    /** The settings, or null with the problems added to {@code into}. */
    public static RunSettings read(Config c, List<ConfigProblem> into) {
        SettingsReader reader = new SettingsReader(c);
        RunSettings s = reader.read();
        CrossKeyRules.apply(reader.r);
        List<ConfigProblem> problems = reader.r.problems();
        into.addAll(problems);
        return problems.isEmpty() ? s : null;
    }

    /** The cross-key rules that fire for this configuration (for tests and docs). */
    static List<CrossKeyRules.Rule> firing(Config c) {
        SettingsReader reader = new SettingsReader(c);
        reader.read();
        return CrossKeyRules.RULES.stream().filter(rule -> rule.fires().test(reader.r)).toList();
    }

    private RunSettings read() {
        DataModel model = r.choice("data.model", DataModel.class);
        int n = r.integer("data.n", 1, 1 << 20);
        int m = r.integer("data.m", 1, 1 << 20);
        int k = r.integer("data.k", 1, 1 << 20);
        long samples = r.longIn("data.samples", 1, Long.MAX_VALUE / 2);
        double sigma = r.number("data.noise-sigma", 0, Double.MAX_VALUE, "a finite number >= 0");
        double a1 = r.number("data.a1", 0, Double.MAX_VALUE, "a finite number >= 0");
        double a2 = r.number("data.a2", 0, Double.MAX_VALUE, "a finite number >= 0");
        double[] weights = mixingWeights();
        String path = r.string("data.path");
        String groundTruth = r.string("data.ground-truth");
        String codesPath = r.string("data.codes");
        int partitions = r.integer("data.partitions", 0, 1 << 20);
        boolean fresh = r.bool("data.fresh");
        CodeModel codes = model == null ? null : switch (model) {
            case MIXTURE -> weights == null ? CodeModel.Mixture.uniform(m) : CodeModel.Mixture.weighted(weights);
            case SPARSE -> new CodeModel.Sparse(m, Math.min(k, m));
            case NONNEG_SPARSE -> new CodeModel.NonnegSparse(m, Math.min(k, m), a1, Math.max(a1, a2));
            case FILE, GAUSSIAN, IDX -> null;
        };
        int codeK = model == DataModel.MIXTURE ? 1 : k;
        DataSettings data = new DataSettings(model, new DataSettings.Shape(n, m, codeK, samples),
                new DataSettings.Generation(sigma, codes), new DataSettings.Inputs(path, groundTruth, codesPath),
                new DataSettings.Layout(partitions, fresh), r.bool("data.normalize-samples"), DataOptionsReader.read(r));

        // The model (SPEC sections 2 and 5)
        Activation.Kind act = r.choice("model.activation", Activation.Kind.class);
        double lambda = r.number("model.threshold", 0, Double.MAX_VALUE, "a finite number >= 0");
        Activation activation = act == null ? new Activation.Relu() : Activation.named(act.label(), lambda);
        boolean untied = r.choice("model.architecture", ModelSpec.Architecture.class) == ModelSpec.Architecture.UNTIED;
        r.choice("model.scale", Scale.class);
        Scale scale = r.scale();
        int width = width(m);
        boolean encoderOnly = r.choice("train.regime", ModelSpec.Regime.class) == ModelSpec.Regime.ENCODER_ONLY;
        ModelSpec spec = new ModelSpec(untied ? ModelSpec.Architecture.UNTIED : ModelSpec.Architecture.TIED, scale,
                activation, encoderOnly && untied ? ModelSpec.Regime.ENCODER_ONLY : ModelSpec.Regime.JOINT, n, width);

        // The optimizer (SPEC section 5)
        Optimizer.Kind optimizerKind = r.choice("train.optimizer", Optimizer.Kind.class);
        boolean normalized = optimizerKind == Optimizer.Kind.NORMALIZED;
        double l2 = l2(n, width);
        double fraction = r.number("train.batch-fraction", 0, 1, "a number in (0, 1]");
        if (fraction == 0 && !r.hasProblem("train.batch-fraction")) r.problem("train.batch-fraction", fraction, "a number in (0, 1]");

        // The start (SPEC sections 3 and 5)
        Init.Kind kind = r.choice("init.kind", Init.Kind.class);
        double delta = r.number("init.delta", 0, Double.MAX_VALUE, "a finite number >= 0");
        String initPath = r.string("init.path");
        String decoderPath = r.string("init.decoder-path");
        Map<String, Double> shape = Map.of("n", (double) n, "m", (double) width);
        double initScale = "auto".equals(r.string("init.scale")) ? (scale == Scale.NTK ? 1.0 : 1.0 / Math.sqrt(n))
                : r.expression("init.scale", shape, true);
        Init init = kind == null ? new Init.FromFile(initPath, decoderPath) : switch (kind) {
            case PERTURB -> new Init.Perturb(delta);
            case PCA -> new Init.Pca();
            case RANDOM -> new Init.Random();
            case GAUSSIAN -> new Init.Gaussian(initScale);
            case SPECTRAL -> spectral(m, codeK, samples);
            case FILE -> new Init.FromFile(initPath, decoderPath);
        };

        Map<String, Double> sizes = Map.of("n", (double) n, "m", (double) width, "k", (double) codeK);
        boolean autoBias = "auto".equals(r.string("bias.init"));
        double bias0 = !autoBias ? r.expression("bias.init", Map.of("n", (double) n, "m", (double) width, "k", (double) codeK,
                "delta", delta, "sigma", sigma), false)
                : !normalized || act == Activation.Kind.THRESHOLD ? 0.0 : -2.5 * delta;
        double rate = r.expression("train.learning-rate", sizes, true);
        Optimizer optimizer = normalized ? new Optimizer.Normalized(rate)
                : new Optimizer.GradientDescent(rate * scale.stepFactor(width));
        BiasSchedule.Kind schedule = r.choice("bias.schedule", BiasSchedule.Kind.class);
        double factor = r.number("bias.factor", 1, Double.MAX_VALUE, "a finite number > 1");
        double tau = r.number("bias.tau", 0, 1, "a number in (0, 1)");
        double biasRate = r.expression("bias.learning-rate", sizes, false);
        BiasSchedule biasSchedule = schedule == null ? new BiasSchedule.Constant() : switch (schedule) {
            case GEOMETRIC -> factor > 1 ? new BiasSchedule.Geometric(factor) : null;
            case CONTRACTION -> tau > 0 && tau < 1 ? new BiasSchedule.Contraction(tau) : null;
            // gd and sgd move a learned bias with the weights' own step (SPEC section 5); paper 1 has its own rate
            case LEARNED -> new BiasSchedule.Learned(optimizer instanceof Optimizer.GradientDescent gd ? gd.stepSize() : biasRate);
            case CONSTANT -> new BiasSchedule.Constant();
        };

        int iterations = r.integer("train.iterations", 0, 10_000_000);
        int depth = r.integer("train.tree-depth", 1, 16);
        boolean signInvariant = r.config().hasPath("metrics.sign-invariant") ? r.bool("metrics.sign-invariant")
                : model == DataModel.SPARSE;
        int checkpointEvery = r.integer("train.checkpoint-every", 0, 10_000_000);
        double checkpointInterval = r.seconds("train.checkpoint-interval");
        boolean population = r.bool("metrics.population-gradient");

        // Paper 2's theory objects (SPEC section 8)
        boolean linearize = r.bool("model.linearize");
        int probe = r.integer("metrics.ntk-probe", 0, 1 << 16);
        int kernelRows = kernelRows();

        r.choice("study.paper", Paper.class); // the report reads it: checked before any run

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
        Config c = r.config();
        if (c.hasPath(key) && c.getValue(key).valueType() == ConfigValueType.STRING) {
            double v = r.expression(key, Map.of("n", (double) n, "m", (double) width), false);
            if (v < 0) {
                r.problem(key, KeyReader.quote(r.string(key)) + " (= " + v + ")", "a finite number >= 0 or an expression in m, n");
                return r.record(key, 0.0);
            }
            return r.record(key, v);
        }
        return r.number(key, 0, Double.MAX_VALUE, "a finite number >= 0 or an expression in m, n (for example \"4/m\")");
    }

    /** metrics.ntk-every: log (s = 0, 1, 2, 4, ... and T; 0) or a period, an integer >= 1. */
    private int kernelRows() {
        String key = "metrics.ntk-every";
        Config c = r.config();
        if (c.hasPath(key) && c.getValue(key).valueType() == ConfigValueType.STRING && "log".equals(r.string(key))) {
            return 0;
        }
        if (c.hasPath(key) && c.getValue(key).valueType() != ConfigValueType.NUMBER) {
            r.problem(key, KeyReader.quote(r.string(key)), "log or an integer >= 1 (the period of the kernel's rows)");
            return 0;
        }
        return r.integer(key, 1, 10_000_000);
    }

    /** model.width: auto (one hidden unit per atom, data.m) or an integer. */
    private int width(int m) {
        String key = "model.width";
        if ("auto".equals(r.string(key))) return r.record(key, m);
        return r.integer(key, 1, 1 << 20);
    }

    /** init.spectral.*; a pool of 0 means 32 m / k samples (each atom in about 32 of them), within 1000..6000. */
    private Init.Spectral spectral(int m, int k, long samples) {
        int pairs = r.integer("init.spectral.pairs", 1, 1 << 24);
        int perPass = r.integer("init.spectral.pairs-per-pass", 1, 1 << 16);
        int iterations = r.integer("init.spectral.power-iterations", 1, 1000);
        double ratio = r.number("init.spectral.max-eigen-ratio", 0, 1, "a number in (0, 1)");
        if (ratio == 0 || ratio == 1) r.problem("init.spectral.max-eigen-ratio", ratio, "a number in (0, 1)");
        int pool = r.integer("init.spectral.pool", 0, 1 << 20);
        if (pool == 0) pool = (int) Math.max(1000, Math.min(6000, 32L * m / Math.max(1, k)));
        pool = (int) Math.min(pool, samples);
        if (pool < 2) r.problem("init.spectral.pool", pool, "at least 2 samples (0 for automatic)");
        return new Init.Spectral(pairs, perPass, iterations, ratio, pool);
    }

    /** data.mixing-weights: null for uniform (its length is a cross-key rule). */
    private double[] mixingWeights() {
        String key = "data.mixing-weights";
        r.record(key, List.of());
        try {
            List<Double> list = r.record(key, r.config().getDoubleList(key));
            if (list.isEmpty()) return null;
            double[] w = new double[list.size()];
            double total = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = list.get(i);
                total += w[i];
                if (!(w[i] >= 0) || !Double.isFinite(w[i])) r.problem(key, list, "finite weights >= 0");
            }
            if (!(total > 0)) r.problem(key, list, "weights with a positive sum");
            return w;
        } catch (ConfigException e) {
            r.problem(key, r.render(key), "a list of numbers (empty for uniform weights)");
            return null;
        }
    }
}
