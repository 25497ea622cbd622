package aedyn.config;

import aedyn.choice.Choice;
import aedyn.init.Init;
import aedyn.model.ModelSpec;
import aedyn.model.Scale;
import aedyn.train.Optimizer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One run's configuration read key by key: every typed read checks its own key's range, reports a problem
 * instead of throwing, and records the value it returned, so that {@link CrossKeyRules} can then look at the
 * keys together.
 */
final class KeyReader {
    private final Config c;
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** The value each read returned (the fallback when the key was wrong), by key; null for an invalid choice. */
    private final Map<String, Object> values = new HashMap<>();

    KeyReader(Config c) {
        this.c = c;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    Config config() {
        return c;
    }

    /** Records a value a read derived itself (model.width's auto, train.l2's expression, a list). */
    <T> T record(String key, T value) {
        values.put(key, value);
        return value;
    }

    // ---------------------------------------------------------------- what the rules read

    Object value(String key) {
        return values.get(key);
    }

    int integerAt(String key) {
        return ((Number) values.get(key)).intValue();
    }

    long longAt(String key) {
        return ((Number) values.get(key)).longValue();
    }

    double numberAt(String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    boolean flagAt(String key) {
        return (Boolean) values.get(key);
    }

    String textAt(String key) {
        return (String) values.get(key);
    }

    @SuppressWarnings("unchecked")
    <T> List<T> listAt(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : (List<T>) v;
    }

    DataModel model() {
        return (DataModel) values.get("data.model");
    }

    boolean fromFile() {
        return model() == DataModel.FILE;
    }

    boolean images() {
        return model() == DataModel.IDX;
    }

    boolean untied() {
        return values.get("model.architecture") == ModelSpec.Architecture.UNTIED;
    }

    /** model.scale, standard when it was not one of the words. */
    Scale scale() {
        Object s = values.get("model.scale");
        return s == null ? Scale.STANDARD : (Scale) s;
    }

    Optimizer.Kind optimizer() {
        return (Optimizer.Kind) values.get("train.optimizer");
    }

    boolean normalized() {
        return optimizer() == Optimizer.Kind.NORMALIZED;
    }

    Init.Kind initKind() {
        return (Init.Kind) values.get("init.kind");
    }

    // ---------------------------------------------------------------- typed reads

    /** The constant of a closed choice named at {@code key}, or null with a problem listing the allowed words. */
    <E extends Enum<E> & Choice> E choice(String key, Class<E> type) {
        String v = string(key);
        List<String> allowed = Choice.names(type);
        if (allowed.contains(v)) return record(key, Choice.named(type, v));
        if (c.hasPath(key)) problem(key, quote(v), "one of " + String.join(", ", allowed));
        return record(key, null);
    }

    String string(String key) {
        try {
            return record(key, c.getString(key));
        } catch (ConfigException.Missing e) {
            problem(key, "(missing)", "a string");
        } catch (ConfigException e) {
            problem(key, render(key), "a string");
        }
        return record(key, "");
    }

    boolean bool(String key) {
        try {
            return record(key, c.getBoolean(key));
        } catch (ConfigException e) {
            problem(key, render(key), "true or false");
            return record(key, false);
        }
    }

    int integer(String key, int min, int max) {
        long v = longIn(key, min, max);
        return record(key, (int) Math.max(min, Math.min(max, v)));
    }

    long longIn(String key, long min, long max) {
        String allowed = "an integer from " + min + (max >= Long.MAX_VALUE / 2 ? " up" : " to " + max);
        try {
            long v = c.getLong(key);
            if (v < min || v > max) {
                problem(key, v, allowed);
                return record(key, min);
            }
            return record(key, v);
        } catch (ConfigException e) {
            problem(key, render(key), allowed);
            return record(key, min);
        }
    }

    /** A HOCON duration ("30s", "5m", 0) in seconds, at least 0. */
    double seconds(String key) {
        String allowed = "a duration of at least 0, such as 30s, 5m or 0";
        try {
            java.time.Duration d = c.getDuration(key);
            if (d.isNegative()) {
                problem(key, render(key), allowed);
                return record(key, 0.0);
            }
            return record(key, d.toNanos() / 1e9);
        } catch (ConfigException | ArithmeticException e) {
            problem(key, render(key), allowed);
            return record(key, 0.0);
        }
    }

    double number(String key, double min, double max, String allowed) {
        try {
            double v = c.getDouble(key);
            if (!(v >= min && v <= max) || !Double.isFinite(v)) {
                problem(key, v, allowed);
                return record(key, min);
            }
            return record(key, v);
        } catch (ConfigException e) {
            problem(key, render(key), allowed);
            return record(key, min);
        }
    }

    /** A number or an expression in the given variables; {@code positive} requires a value > 0. */
    double expression(String key, Map<String, Double> env, boolean positive) {
        String allowed = (positive ? "a positive number" : "a number") + " or an expression in "
                + String.join(", ", new TreeSet<>(env.keySet())) + " (for example \"m/k\")";
        String text = string(key);
        try {
            double v = Expression.parse(text).evaluate(env);
            if (!Double.isFinite(v) || (positive && !(v > 0))) {
                problem(key, quote(text) + " (= " + v + ")", allowed);
                return record(key, 1.0);
            }
            return record(key, v);
        } catch (IllegalArgumentException e) {
            problem(key, quote(text), allowed + "; " + e.getMessage());
            return record(key, 1.0);
        }
    }

    String render(String key) {
        if (!c.hasPath(key)) return "(missing)";
        return c.getValue(key).render(ConfigRenderOptions.concise());
    }

    static String render(Config item, String k) {
        return item.hasPath(k) ? item.getValue(k).render(ConfigRenderOptions.concise()) : "(missing)";
    }

    /** Whether {@code key} has a problem already: a check of its stand-in value would report a second, wrong one. */
    boolean hasProblem(String key) {
        return problems.stream().anyMatch(p -> p.key().equals(key));
    }

    void problem(String key, Object value, String allowed) {
        problems.add(new ConfigProblem(key, String.valueOf(value), allowed));
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }
}
