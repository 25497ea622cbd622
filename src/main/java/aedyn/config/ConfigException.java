package aedyn.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a study configuration, reported together before any run starts. */
public final class ConfigException extends RuntimeException {
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        // one problem is one line; several are a header and a line each
        super(problems.size() == 1 ? "invalid configuration " + source + ": " + problems.get(0)
                : "invalid configuration " + source + " (" + problems.size() + " problems):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
