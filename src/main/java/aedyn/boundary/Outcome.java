package aedyn.boundary;

import aedyn.config.ConfigProblem;
import aedyn.config.Expression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * study.outcome, the predicate of SPEC 9.1: comparisons (&lt;=, &lt;, &gt;=, &gt;) of arithmetic expressions
 * joined by {@code and} / {@code or} ({@code and} binds tighter; parentheses group either kind), for example
 * {@code "loss <= 1e-3 * loss_0"} or {@code "max_energy_error <= 0.05 and loss < loss_0"}. Parsed once; names
 * are checked against the names a study provides (see {@link #names}).
 * <p>
 * The arithmetic between the comparisons is the project's {@link Expression} (numbers, names, + - * / ^,
 * log(), sqrt()); this class only adds the comparison and boolean layer above it, without editing Expression,
 * and no kept library parses predicates (commons-jexl and the like are not on the classpath).
 */
public final class Outcome {
    /** The config key every message names. */
    public static final String KEY = "study.outcome";
    private static final String GRAMMAR = "comparisons (<=, <, >=, >) of arithmetic expressions joined by and / or";

    private final String text;
    private final Node root;
    private final Set<String> names;

    private Outcome(String text, Node root, Set<String> names) {
        this.text = text;
        this.root = root;
        this.names = names;
    }

    /**
     * Parses {@code text}; every name it uses must be in {@code allowed}. Throws IllegalArgumentException with a
     * one-line message naming study.outcome, the bad token or name and what is allowed.
     */
    public static Outcome parse(String text, Set<String> allowed) {
        String s = text == null ? "" : text.strip();
        Node root;
        try {
            if (s.isEmpty()) throw new IllegalArgumentException(message(s, "empty; a predicate is " + GRAMMAR));
            root = new Parser(s).predicate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (names allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
        }
        Set<String> used = new TreeSet<>();
        root.collect(used);
        for (String name : used) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(message(s, "unknown name '" + name + "' (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
        }
        return new Outcome(s, root, Set.copyOf(used));
    }

    /** As {@link #parse}, a problem added to {@code into} (and null) instead of an exception. */
    public static Outcome read(String text, Set<String> allowed, List<ConfigProblem> into) {
        try {
            return parse(text, allowed);
        } catch (IllegalArgumentException e) {
            String prefix = KEY + " = \"" + (text == null ? "" : text.strip()) + "\": ";
            into.add(new ConfigProblem(KEY, "\"" + (text == null ? "" : text.strip()) + "\"",
                    e.getMessage().substring(prefix.length())));
            return null;
        }
    }

    /**
     * The names a predicate may use: each metric at the final row ({@code name}) and at the first row
     * ({@code name_0}), run.json's numbers and the study's named references.
     */
    public static Set<String> names(Collection<String> metrics, Collection<String> runNumbers,
                                    Collection<String> references) {
        Set<String> names = new TreeSet<>();
        for (String m : metrics) {
            names.add(m);
            names.add(m + "_0");
        }
        names.addAll(runNumbers);
        names.addAll(references);
        return names;
    }

    /**
     * The values of those names for one run. On a clash the later source wins, in this order: run.json's
     * numbers, references, first row, final row.
     */
    public static Map<String, Double> environment(Map<String, Double> finalRow, Map<String, Double> firstRow,
                                                  Map<String, Double> runNumbers, Map<String, Double> references) {
        Map<String, Double> env = new LinkedHashMap<>(runNumbers);
        env.putAll(references);
        firstRow.forEach((k, v) -> env.put(k + "_0", v));
        env.putAll(finalRow);
        return env;
    }

    /**
     * The run's outcome: a diverged run is a failure, a run that did not finish for an outside reason is NONE,
     * a finished run succeeds when the predicate holds (a comparison with an undefined (NaN) side is false).
     */
    public Verdict judge(RunEnd end, Map<String, Double> env) {
        return switch (end) {
            case DIVERGED -> Verdict.FAILURE;
            case INTERRUPTED -> Verdict.NONE;
            case FINISHED -> test(env) ? Verdict.SUCCESS : Verdict.FAILURE;
        };
    }

    /** Whether the predicate holds; a name missing from {@code env} is an IllegalArgumentException naming it. */
    public boolean test(Map<String, Double> env) {
        for (String name : names) {
            if (!env.containsKey(name)) {
                throw new IllegalArgumentException(message(text, "no value for '" + name + "' in this run (has: "
                        + String.join(", ", new TreeSet<>(env.keySet())) + ")"));
            }
        }
        return root.test(env);
    }

    /** The names the predicate uses. */
    public Set<String> usedNames() {
        return names;
    }

    @Override
    public String toString() {
        return text;
    }

    /** How a run ended, as its runner knows it. */
    public enum RunEnd {
        FINISHED, DIVERGED, INTERRUPTED
    }

    private static String message(String text, String what) {
        return KEY + " = \"" + text + "\": " + what;
    }

    private sealed interface Node {
        boolean test(Map<String, Double> env);

        void collect(Set<String> names);
    }

    private record Or(Node left, Node right) implements Node {
        public boolean test(Map<String, Double> env) {
            return left.test(env) || right.test(env);
        }

        public void collect(Set<String> names) {
            left.collect(names);
            right.collect(names);
        }
    }

    private record And(Node left, Node right) implements Node {
        public boolean test(Map<String, Double> env) {
            return left.test(env) && right.test(env);
        }

        public void collect(Set<String> names) {
            left.collect(names);
            right.collect(names);
        }
    }

    private record Compare(Expression left, String op, Expression right) implements Node {
        public boolean test(Map<String, Double> env) {
            double a = left.evaluate(env);
            double b = right.evaluate(env);
            return switch (op) {
                case "<=" -> a <= b;
                case "<" -> a < b;
                case ">=" -> a >= b;
                case ">" -> a > b;
                default -> throw new IllegalStateException(op);
            };
        }

        public void collect(Set<String> names) {
            names.addAll(left.variables());
            names.addAll(right.variables());
        }
    }

    private record Token(String text, int start, int end) {
        boolean is(String s) {
            return text.equals(s);
        }

        boolean comparator() {
            return text.equals("<=") || text.equals("<") || text.equals(">=") || text.equals(">");
        }

        boolean connective() {
            return text.equals("and") || text.equals("or");
        }
    }

    /** Recursive descent over tokens: or of ands of comparisons; each comparison's sides go to Expression. */
    private static final class Parser {
        private final String s;
        private final List<Token> tokens;
        private int pos;

        Parser(String s) {
            this.s = s;
            this.tokens = tokenize(s);
        }

        Node predicate() {
            Node n = or();
            if (pos < tokens.size()) throw unexpected(tokens.get(pos), "expected and, or or the end");
            return n;
        }

        private Node or() {
            Node n = and();
            while (pos < tokens.size() && tokens.get(pos).is("or")) {
                pos++;
                n = new Or(n, and());
            }
            return n;
        }

        private Node and() {
            Node n = term();
            while (pos < tokens.size() && tokens.get(pos).is("and")) {
                pos++;
                n = new And(n, term());
            }
            return n;
        }

        private Node term() {
            if (pos < tokens.size() && tokens.get(pos).is("(") && booleanGroup(pos)) {
                Token open = tokens.get(pos++);
                Node n = or();
                if (pos >= tokens.size() || !tokens.get(pos).is(")")) {
                    throw new IllegalArgumentException(message(s, "missing ')' for the '(' at position " + open.start()));
                }
                pos++;
                return n;
            }
            Expression left = side();
            if (pos >= tokens.size() || !tokens.get(pos).comparator()) {
                throw pos >= tokens.size()
                        ? new IllegalArgumentException(message(s, "a comparison (<=, <, >=, >) is missing at the end; a predicate is " + GRAMMAR))
                        : unexpected(tokens.get(pos), "expected a comparison (<=, <, >=, >)");
            }
            String op = tokens.get(pos++).text();
            Expression right = side();
            if (pos < tokens.size() && tokens.get(pos).comparator()) {
                throw unexpected(tokens.get(pos), "one comparison per term; join comparisons with and / or");
            }
            return new Compare(left, op, right);
        }

        /** Whether the '(' at i encloses a comparison or a connective, that is groups predicates, not arithmetic. */
        private boolean booleanGroup(int i) {
            int depth = 0;
            for (int j = i; j < tokens.size(); j++) {
                Token t = tokens.get(j);
                if (t.is("(")) depth++;
                else if (t.is(")") && --depth == 0) return false;
                else if (t.comparator() || t.connective()) return true;
            }
            return false;
        }

        /** An arithmetic side: the tokens up to a comparison, a connective or a closing parenthesis at its level. */
        private Expression side() {
            int first = pos;
            int depth = 0;
            while (pos < tokens.size()) {
                Token t = tokens.get(pos);
                if (t.comparator() || t.connective()) {
                    if (depth == 0) break;
                    throw unexpected(t, "a comparison or and / or inside an arithmetic parenthesis");
                }
                if (t.is("(")) depth++;
                if (t.is(")")) {
                    if (depth == 0) break;
                    depth--;
                }
                pos++;
            }
            if (pos == first) {
                throw pos < tokens.size() ? unexpected(tokens.get(pos), "expected an arithmetic expression")
                        : new IllegalArgumentException(message(s, "an arithmetic expression is missing at the end"));
            }
            String sub = s.substring(tokens.get(first).start(), tokens.get(pos - 1).end());
            try {
                return Expression.parse(sub);
            } catch (IllegalArgumentException e) {
                // Expression's message, its position moved into the whole predicate and its character widened to our token
                String what = e.getMessage().replaceFirst("^expression \"[^\"]*\": ", "");
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*) at position (\\d+)$").matcher(what);
                if (m.matches()) {
                    int at = tokens.get(first).start() + Integer.parseInt(m.group(2));
                    String reason = m.group(1);
                    for (Token t : tokens) {
                        if (t.start() <= at && at < t.end() && reason.startsWith("unexpected '")) {
                            reason = "unexpected '" + t.text() + "'";
                        }
                    }
                    what = reason + " at position " + at;
                }
                throw new IllegalArgumentException(message(s, what + "; a predicate is " + GRAMMAR));
            }
        }

        private IllegalArgumentException unexpected(Token t, String what) {
            return new IllegalArgumentException(message(s, "unexpected '" + t.text() + "' at position " + t.start()
                    + ": " + what + "; a predicate is " + GRAMMAR));
        }

        private static List<Token> tokenize(String s) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int start = i;
                if (Character.isDigit(c) || c == '.') {
                    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
                    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                        int j = i + 1;
                        if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) j++;
                        if (j < s.length() && Character.isDigit(s.charAt(j))) {
                            i = j;
                            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                        }
                    }
                } else if (Character.isLetter(c) || c == '_') {
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                } else if ((c == '<' || c == '>') && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    i += 2;
                } else if ("+-*/^()<>".indexOf(c) >= 0) {
                    i++;
                } else {
                    throw new IllegalArgumentException(message(s, "unexpected '" + c + "' at position " + i
                            + (c == '=' || c == '!' ? "; comparisons are <=, <, >=, >" : "")
                            + "; a predicate is " + GRAMMAR));
                }
                out.add(new Token(s.substring(start, i), start, i));
            }
            return out;
        }
    }
}
