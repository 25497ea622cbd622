package aedyn.config;

import aedyn.data.GaussianSpectrum;
import aedyn.init.Init;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.train.BiasSchedule;
import aedyn.train.Optimizer;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which keys refuse which values of others: every cross-key rule of a run's configuration, as data. The reader
 * checks each key alone, then applies these in order; {@link #markdown()} renders them as the README's table.
 */
public final class CrossKeyRules {
    private CrossKeyRules() {
    }

    /**
     * One rule: when {@code fires} holds for the keys read, {@code key} gets the problem {@code value}:
     * {@code allowed}. {@code others} are the keys it looks at besides {@code key}; {@code when} says it in words.
     */
    public record Rule(String key, List<String> others, String when, Predicate<KeyReader> fires,
                       Function<KeyReader, Object> value, Function<KeyReader, String> allowed) {
        public Rule {
            others = List.copyOf(others);
        }

        void apply(KeyReader r) {
            if (fires.test(r)) r.problem(key, value.apply(r), allowed.apply(r));
        }
    }

    private static Rule rule(String key, List<String> others, String when, Predicate<KeyReader> fires,
                             Function<KeyReader, Object> value, Function<KeyReader, String> allowed) {
        return new Rule(key, others, when, fires, value, allowed);
    }

    private static Rule rule(String key, List<String> others, String when, Predicate<KeyReader> fires,
                             Function<KeyReader, Object> value, String allowed) {
        return new Rule(key, others, when, fires, value, r -> allowed);
    }

    private static final String EMPTY = "\"\"";
    static final String SPECTRUM_SHAPE = "a list of blocks {dim = 2, eigenvalue = 8}, largest eigenvalue first";


    /** The rules, in the order their problems are listed. */
    public static final List<Rule> RULES = List.of(
            // the data (SPEC sections 1, 6 and 7)
            rule("data.k", List.of("data.model", "data.m"), "a sparse model's k exceeds data.m",
                    r -> r.model() != null && r.model().sparse() && r.integerAt("data.k") > r.integerAt("data.m"),
                    r -> r.integerAt("data.k"), r -> "an integer from 1 to data.m = " + r.integerAt("data.m")),
            rule("data.a2", List.of("data.model", "data.a1"), "nonneg-sparse with data.a2 < data.a1",
                    r -> r.model() == DataModel.NONNEG_SPARSE && r.numberAt("data.a2") < r.numberAt("data.a1"),
                    r -> r.numberAt("data.a2"), r -> "a number >= data.a1 = " + r.numberAt("data.a1")),
            rule("data.mixing-weights", List.of("data.m"), "a non-empty list whose length is not data.m",
                    r -> !r.listAt("data.mixing-weights").isEmpty()
                            && r.listAt("data.mixing-weights").size() != r.integerAt("data.m"),
                    r -> r.listAt("data.mixing-weights"),
                    r -> "empty (uniform) or a list of data.m = " + r.integerAt("data.m") + " weights"),
            rule("data.spectrum", List.of("data.model", "data.n"), "gaussian blocks spanning more than data.n dimensions",
                    r -> r.model() == DataModel.GAUSSIAN && spectrumDims(r) > r.integerAt("data.n"),
                    r -> r.render("data.spectrum"), r -> SPECTRUM_SHAPE + ", spanning at most data.n = "
                            + r.integerAt("data.n") + " dimensions; these span " + spectrumDims(r)),
            rule("data.path", List.of("data.model"), "empty with data.model = file",
                    r -> r.fromFile() && r.textAt("data.path").isEmpty(),
                    r -> EMPTY, "a .npy file of samples, required when data.model = file"),
            rule("data.path", List.of("data.model"), "empty with data.model = idx",
                    r -> r.images() && r.textAt("data.path").isEmpty(),
                    r -> EMPTY, "an IDX image file (plain or .gz), required when data.model = idx"),
            rule("data.codes", List.of("data.model", "data.ground-truth"), "set without data.model = file and a ground truth",
                    r -> !r.textAt("data.codes").isEmpty() && (!r.fromFile() || r.textAt("data.ground-truth").isEmpty()),
                    r -> KeyReader.quote(r.textAt("data.codes")),
                    "only with data.model = file and a data.ground-truth (support recovery needs A's matching)"),
            rule("data.ground-truth", List.of("data.model"), "set when data.model is not file",
                    r -> !r.fromFile() && !r.textAt("data.ground-truth").isEmpty(),
                    r -> KeyReader.quote(r.textAt("data.ground-truth")),
                    "only with data.model = file (generated data draws its own A)"),
            rule("data.fresh", List.of("data.model"), "true with data.model = file or idx",
                    r -> r.flagAt("data.fresh") && (r.fromFile() || r.images()),
                    r -> true, r -> "false when data.model = " + r.model().label() + " (a file holds a fixed data set)"),
            rule("metrics.energy-blocks", List.of("data.model"), "set with data.model = gaussian",
                    r -> r.model() == DataModel.GAUSSIAN && !ranks(r).isEmpty(), CrossKeyRules::ranks,
                    "empty when data.model = gaussian: its energy blocks are those of data.spectrum"),
            rule("metrics.energy-blocks", List.of("data.fresh"), "set with data.fresh = true",
                    r -> r.model() != DataModel.GAUSSIAN && !ranks(r).isEmpty() && r.flagAt("data.fresh"),
                    CrossKeyRules::ranks,
                    "empty with data.fresh = true (the principal directions are those of a fixed data set)"),
            rule("metrics.energy-blocks", List.of("data.model", "data.n"), "generated data, ranks adding up to more than data.n",
                    r -> r.model() != DataModel.GAUSSIAN && !r.flagAt("data.fresh")
                            && (r.model() == null || !r.model().readFromFile()) && rankTotal(r) > r.integerAt("data.n"),
                    CrossKeyRules::ranks, r -> "ranks adding up to at most data.n = " + r.integerAt("data.n")
                            + " directions, these add up to " + rankTotal(r)),

            // the model and the optimizer (SPEC sections 2 and 5)
            rule("train.regime", List.of("model.architecture"), "encoder-only with a tied W",
                    r -> r.value("train.regime") == ModelSpec.Regime.ENCODER_ONLY && !r.untied(),
                    r -> ModelSpec.Regime.ENCODER_ONLY.label(), "joint when model.architecture = tied (a tied W is both layers)"),
            rule("train.optimizer", List.of("model.architecture"), "normalized with an untied model",
                    r -> r.normalized() && r.untied(), r -> r.optimizer().label(),
                    "gd or sgd when model.architecture = untied (normalized updates are paper 1's, for a tied W)"),
            rule("train.optimizer", List.of("model.scale"), "normalized at a scale other than standard",
                    r -> r.normalized() && r.scale() != Scale.STANDARD, r -> r.optimizer().label(),
                    r -> "gd or sgd when model.scale = " + r.scale().label() + " (normalized updates are paper 1's, at the standard scale)"),
            rule("train.l2", List.of("train.optimizer"), "> 0 with train.optimizer = normalized",
                    r -> r.normalized() && r.numberAt("train.l2") > 0, r -> r.numberAt("train.l2"),
                    "0 when train.optimizer = normalized (paper 1's protocol has no penalty; use gd or sgd)"),
            rule("train.batch-fraction", List.of("train.optimizer"), "< 1 unless train.optimizer = sgd",
                    r -> fraction(r) < 1 && fraction(r) > 0 && r.optimizer() != Optimizer.Kind.SGD, CrossKeyRules::fraction,
                    r -> "1 unless train.optimizer = sgd (it is " + (r.optimizer() == null ? null : r.optimizer().label()) + ")"),
            rule("train.batch-fraction", List.of("data.fresh"), "< 1 with data.fresh = true",
                    r -> fraction(r) < 1 && r.flagAt("data.fresh"), CrossKeyRules::fraction,
                    "1 when data.fresh = true (every iteration's fresh samples are the batch: online sgd)"),

            // the start (SPEC sections 3 and 5)
            rule("init.kind", List.of("data.model"), "spectral without sparse codes",
                    r -> r.initKind() == Init.Kind.SPECTRAL && !(r.model() != null && r.model().sparse() || r.fromFile()),
                    CrossKeyRules::initKind, r -> "perturb, pca, random or file: spectral needs sparse codes (data.model = "
                            + "sparse, nonneg-sparse or file), not data.model = " + (r.model() == null ? "(invalid)" : r.model().label())),
            rule("init.kind", List.of("data.fresh"), "spectral with data.fresh = true",
                    r -> r.initKind() == Init.Kind.SPECTRAL && r.flagAt("data.fresh"), CrossKeyRules::initKind,
                    "perturb, random or file: spectral needs a fixed data set, not data.fresh = true"),
            rule("init.kind", List.of("data.model", "data.ground-truth"), "perturb without a ground truth A",
                    r -> r.initKind() == Init.Kind.PERTURB && r.model() != null && !r.model().generative()
                            && r.textAt("data.ground-truth").isEmpty(), CrossKeyRules::initKind,
                    "pca, random or file: perturb needs the ground truth A (data.ground-truth)"),
            rule("init.kind", List.of("model.width", "data.m"), "perturb with model.width other than data.m",
                    r -> r.initKind() == Init.Kind.PERTURB && r.integerAt("model.width") != r.integerAt("data.m"),
                    CrossKeyRules::initKind, r -> "not perturb when model.width = " + r.integerAt("model.width")
                            + " differs from data.m = " + r.integerAt("data.m") + " (perturb starts from A, one neuron per atom)"),
            rule("init.kind", List.of("model.architecture"), "other than gaussian or file for an untied model",
                    r -> r.untied() && r.initKind() != null && r.initKind() != Init.Kind.GAUSSIAN && r.initKind() != Init.Kind.FILE,
                    CrossKeyRules::initKind, "gaussian or file when model.architecture = untied"),
            rule("init.path", List.of("init.kind"), "empty with init.kind = file",
                    r -> r.initKind() == Init.Kind.FILE && r.textAt("init.path").isEmpty(),
                    r -> EMPTY, "a .npy file (n, m), required when init.kind = file"),
            rule("init.decoder-path", List.of("init.kind", "model.architecture"), "empty with init.kind = file and an untied model",
                    r -> r.initKind() == Init.Kind.FILE && r.untied() && r.textAt("init.decoder-path").isEmpty(),
                    r -> EMPTY, "a .npy file (n, m) of U, required when init.kind = file and model.architecture = untied"),
            rule("init.decoder-path", List.of("model.architecture"), "set for a tied model",
                    r -> !r.textAt("init.decoder-path").isEmpty() && !r.untied(),
                    r -> KeyReader.quote(r.textAt("init.decoder-path")),
                    "empty when model.architecture = tied (a tied W is both layers)"),
            rule("init.decoder-path", List.of("init.kind", "model.architecture"), "set for an untied model unless init.kind = file",
                    r -> !r.textAt("init.decoder-path").isEmpty() && r.untied() && r.initKind() != Init.Kind.FILE,
                    r -> KeyReader.quote(r.textAt("init.decoder-path")),
                    r -> "empty unless init.kind = file (it is " + initKind(r) + ")"),
            rule("init.kind", List.of("data.fresh"), "pca with data.fresh = true",
                    r -> r.initKind() == Init.Kind.PCA && r.flagAt("data.fresh"), CrossKeyRules::initKind,
                    "perturb, random or file: pca needs a fixed data set, not data.fresh = true"),
            rule("init.kind", List.of("data.n"), "pca with data.n > 65535",
                    r -> r.initKind() == Init.Kind.PCA && r.integerAt("data.n") > 65535, CrossKeyRules::initKind,
                    "not pca when data.n > 65535 (MLlib's PCA limit)"),
            rule("init.kind", List.of("model.width", "data.n", "data.model"), "pca of generated data with model.width > data.n",
                    r -> r.initKind() == Init.Kind.PCA && !r.fromFile() && !r.images()
                            && r.integerAt("model.width") > r.integerAt("data.n"), CrossKeyRules::initKind,
                    r -> "not pca when the width m = " + r.integerAt("model.width") + " exceeds data.n = "
                            + r.integerAt("data.n") + " (there are only n principal directions)"),

            // the bias (SPEC section 5)
            rule("bias.factor", List.of("bias.schedule"), "1 with bias.schedule = geometric",
                    r -> r.numberAt("bias.factor") == 1 && r.value("bias.schedule") == BiasSchedule.Kind.GEOMETRIC,
                    r -> r.numberAt("bias.factor"), "a finite number > 1"),
            rule("bias.tau", List.of("bias.schedule"), "0 or 1 with bias.schedule = contraction",
                    r -> (r.numberAt("bias.tau") == 0 || r.numberAt("bias.tau") == 1)
                            && r.value("bias.schedule") == BiasSchedule.Kind.CONTRACTION,
                    r -> r.numberAt("bias.tau"), "a number in (0, 1)"),

            // the measurements (SPEC sections 4 and 8)
            rule("metrics.population-gradient", List.of("data.model"), "true unless data.model = mixture",
                    r -> r.flagAt("metrics.population-gradient") && r.model() != DataModel.MIXTURE, r -> true,
                    "false unless data.model = mixture (paper 1's expected gradient is the mixture's)"),
            rule("metrics.population-gradient", List.of("train.optimizer", "model.width", "data.m"),
                    "true unless train.optimizer = normalized and model.width = data.m",
                    r -> r.flagAt("metrics.population-gradient")
                            && (!r.normalized() || r.integerAt("model.width") != r.integerAt("data.m")), r -> true,
                    "false unless train.optimizer = normalized and model.width = data.m (paper 1's expected gradient is of its tied model)"),
            rule("model.linearize", List.of("train.optimizer"), "true with train.optimizer = normalized",
                    r -> r.flagAt("model.linearize") && r.normalized(), r -> true,
                    "false when train.optimizer = normalized (the linearized model is trained by gd or sgd)"),
            rule("metrics.ntk-probe", List.of("data.samples", "data.model"), "more than data.samples for generated data",
                    r -> r.integerAt("metrics.ntk-probe") > r.longAt("data.samples") && !r.fromFile() && !r.images(),
                    r -> r.integerAt("metrics.ntk-probe"), r -> "an integer from 0 to data.samples = "
                            + r.longAt("data.samples") + " (the probe is the first P samples)"));

    /** Applies every rule to the keys {@code r} has read, adding a problem for each that fires. */
    static void apply(KeyReader r) {
        // a key already refused on its own holds a stand-in value: a rule on it would report a second, wrong problem
        java.util.Set<String> refused = new java.util.HashSet<>();
        for (ConfigProblem p : r.problems()) refused.add(p.key());
        for (Rule rule : RULES) {
            if (!refused.contains(rule.key()) && rule.others().stream().noneMatch(refused::contains)) rule.apply(r);
        }
    }

    /** Prints {@link #markdown()}, for the README's table of keys. */
    public static void main(String[] args) {
        System.out.print(markdown());
    }

    /**
     * The rules as a Markdown table: the rule's number, the key refused, when, and the keys it depends on
     * (docs/configuration.md holds it; the number comes first so that a row is no key's row of the key tables).
     */
    public static String markdown() {
        StringBuilder md = new StringBuilder("| # | key | refused when | depends on |\n|---|---|---|---|\n");
        for (int i = 0; i < RULES.size(); i++) {
            Rule rule = RULES.get(i);
            md.append("| ").append(i + 1).append(" | `").append(rule.key()).append("` | ").append(rule.when()).append(" | ")
                    .append(String.join(", ", rule.others().stream().map(k -> "`" + k + "`").toList())).append(" |\n");
        }
        return md.toString();
    }

    private static Object initKind(KeyReader r) {
        return r.initKind() == null ? null : r.initKind().label();
    }

    private static double fraction(KeyReader r) {
        return r.numberAt("train.batch-fraction");
    }

    private static List<Integer> ranks(KeyReader r) {
        return r.listAt("metrics.energy-blocks");
    }

    private static int rankTotal(KeyReader r) {
        return ranks(r).stream().mapToInt(x -> Math.max(x, 0)).sum();
    }

    private static int spectrumDims(KeyReader r) {
        return r.<GaussianSpectrum.Block>listAt("data.spectrum").stream().mapToInt(GaussianSpectrum.Block::dim).sum();
    }
}
