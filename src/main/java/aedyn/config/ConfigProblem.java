package aedyn.config;

/** One thing wrong with a study configuration: the key's path, the value found and what is allowed. */
public record ConfigProblem(String key, String value, String allowed) {
    @Override
    public String toString() {
        return key + " = " + value + ": " + allowed;
    }
}
