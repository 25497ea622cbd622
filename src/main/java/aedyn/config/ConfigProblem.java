package aedyn.config;

/** One thing wrong with a study configuration: the key's path, the value found and what is allowed. */
public record ConfigProblem(String key, String value, String allowed) {
    /** A problem is one line: a value or reason that spans lines (a rendered object, a parser's message) is joined. */
    public ConfigProblem {
        value = value == null ? null : value.replaceAll("\\s*\n\\s*", " ").strip();
        allowed = allowed == null ? null : allowed.replaceAll("\\s*\n\\s*", " ").strip();
    }

    @Override
    public String toString() {
        return key + " = " + value + ": " + allowed;
    }
}
