package aedyn.boundary;

import aedyn.config.ConfigProblem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueType;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * study.search (SPEC 9.3): {@code { key, from, to, scale = log | linear, direction = increasing | decreasing,
 * resolution, trials }}. {@code resolution} is the final bracket's width in g (ln x on a log scale);
 * {@code trials} the runs per probe; {@code integer} whether the key takes integer values (then from and to
 * must be integers and midpoints are rounded).
 */
public record SearchSettings(String key, double from, double to, KeyScale scale, Direction direction,
                             double resolution, int trials, boolean integer) {
    public static final String PREFIX = "study.search";

    /**
     * The settings under study.search, or null with one-line problems (key, bad value, what is allowed) added to
     * {@code into}. {@code searchable} are the keys a study may search (numeric run settings), {@code integerKeys}
     * those of them that take integers.
     */
    public static SearchSettings read(Config c, Set<String> searchable, Set<String> integerKeys,
                                      List<ConfigProblem> into) {
        int before = into.size();
        if (!c.hasPath(PREFIX) || c.getValue(PREFIX).valueType() != ConfigValueType.OBJECT) {
            into.add(new ConfigProblem(PREFIX, render(c, PREFIX),
                    "an object { key, from, to, scale = log | linear, direction = increasing | decreasing, resolution, trials }"));
            return null;
        }
        Set<String> known = Set.of("key", "from", "to", "scale", "direction", "resolution", "trials");
        for (String k : new TreeSet<>(c.getConfig(PREFIX).root().keySet())) {
            if (!known.contains(k)) {
                into.add(new ConfigProblem(PREFIX + "." + k, render(c, PREFIX + "." + k),
                        "not a setting of study.search (allowed: " + String.join(", ", new TreeSet<>(known)) + ")"));
            }
        }
        String key = string(c, "key", into);
        boolean integer = false;
        if (key != null && !searchable.contains(key)) {
            into.add(new ConfigProblem(PREFIX + ".key", "\"" + key + "\"",
                    "a numeric setting (allowed: " + String.join(", ", new TreeSet<>(searchable)) + ")"));
        } else if (key != null) {
            integer = integerKeys.contains(key);
        }
        KeyScale scale = choice(c, "scale", KeyScale.class, into);
        Direction direction = choice(c, "direction", Direction.class, into);
        double from = number(c, "from", into);
        double to = number(c, "to", into);
        if (integer) {
            for (String k : List.of("from", "to")) {
                double v = k.equals("from") ? from : to;
                if (!Double.isNaN(v) && v != Math.rint(v)) {
                    into.add(new ConfigProblem(PREFIX + "." + k, render(c, PREFIX + "." + k),
                            "an integer (" + key + " takes integers)"));
                }
            }
        }
        if (scale == KeyScale.LOG && !Double.isNaN(from) && !(from > 0)) {
            into.add(new ConfigProblem(PREFIX + ".from", render(c, PREFIX + ".from"), "a number > 0 on a log scale"));
        }
        if (!Double.isNaN(from) && !Double.isNaN(to) && !(from < to)) {
            into.add(new ConfigProblem(PREFIX + ".to", render(c, PREFIX + ".to"), "a number > study.search.from = " + from));
        }
        double resolution = number(c, "resolution", into);
        if (!Double.isNaN(resolution) && !(resolution > 0)) {
            into.add(new ConfigProblem(PREFIX + ".resolution", render(c, PREFIX + ".resolution"),
                    "a number > 0 (the final bracket's width in " + (scale == KeyScale.LOG ? "ln " : "") + "x)"));
        }
        int trials = 0;
        double t = number(c, "trials", null);
        if (Double.isNaN(t) || t != Math.rint(t) || t < 1 || t > Integer.MAX_VALUE) {
            into.add(new ConfigProblem(PREFIX + ".trials", render(c, PREFIX + ".trials"), "an integer >= 1"));
        } else {
            trials = (int) t;
        }
        if (into.size() > before) return null;
        return new SearchSettings(key, from, to, scale, direction, resolution, trials, integer);
    }

    private static String string(Config c, String k, List<ConfigProblem> into) {
        String path = PREFIX + "." + k;
        if (!c.hasPath(path) || c.getValue(path).valueType() != ConfigValueType.STRING) {
            into.add(new ConfigProblem(path, render(c, path), "the name of a numeric setting, as a string"));
            return null;
        }
        return c.getString(path);
    }

    /** The number at study.search.k (a string such as "0.5", as --set may give, is read as one); NaN if none. */
    private static double number(Config c, String k, List<ConfigProblem> into) {
        String path = PREFIX + "." + k;
        double v = Double.NaN;
        if (c.hasPath(path)) {
            try {
                v = c.getDouble(path);
            } catch (com.typesafe.config.ConfigException.WrongType e) {
                v = Double.NaN;
            }
        }
        if (!Double.isFinite(v)) {
            if (into != null) into.add(new ConfigProblem(path, render(c, path), "a finite number"));
            return Double.NaN;
        }
        return v;
    }

    private static <E extends Enum<E>> E choice(Config c, String k, Class<E> type, List<ConfigProblem> into) {
        String path = PREFIX + "." + k;
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (allowed.length() > 0) allowed.append(" | ");
            allowed.append(e.name().toLowerCase(Locale.ROOT));
        }
        if (c.hasPath(path) && c.getValue(path).valueType() == ConfigValueType.STRING) {
            String v = c.getString(path);
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(Locale.ROOT).equals(v)) return e;
            }
        }
        into.add(new ConfigProblem(path, render(c, path), "one of " + allowed));
        return null;
    }

    private static String render(Config c, String path) {
        return c.hasPath(path) ? c.getValue(path).render(ConfigRenderOptions.concise()) : "(missing)";
    }
}
