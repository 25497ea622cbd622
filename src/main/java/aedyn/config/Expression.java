package aedyn.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small arithmetic expression in named variables, such as {@code "m/k"} or {@code "-1/log(n)"}:
 * numbers, variables, + - * / ^, unary minus, parentheses, log() and sqrt().
 * Learning rates and initial biases are written this way because the papers state them in m, k and n.
 */
public final class Expression {
    private final String text;

    private Expression(String text) {
        this.text = text;
    }

    /** Parses {@code text}, throwing IllegalArgumentException that quotes it when it is malformed. */
    public static Expression parse(String text) {
        Expression e = new Expression(text.strip());
        e.evaluate(null); // syntax check only: variables are not looked up with a null environment
        return e;
    }

    /** The variables the expression names, for validation against what a caller provides. */
    public Set<String> variables() {
        Set<String> names = new TreeSet<>();
        new Parser(text, null, names).parseAll();
        return names;
    }

    public double evaluate(Map<String, Double> env) {
        return new Parser(text, env, null).parseAll();
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class Parser {
        private final String s;
        private final Map<String, Double> env;
        private final Set<String> seen;
        private int pos;

        Parser(String s, Map<String, Double> env, Set<String> seen) {
            this.s = s;
            this.env = env;
            this.seen = seen;
        }

        double parseAll() {
            double v = sum();
            skipSpaces();
            if (pos != s.length()) {
                throw error("unexpected '" + s.charAt(pos) + "'");
            }
            return v;
        }

        private double sum() {
            double v = product();
            while (true) {
                if (eat('+')) v += product();
                else if (eat('-')) v -= product();
                else return v;
            }
        }

        private double product() {
            double v = unary();
            while (true) {
                if (eat('*')) v *= unary();
                else if (eat('/')) v /= unary();
                else return v;
            }
        }

        private double unary() {
            if (eat('-')) return -unary();
            if (eat('+')) return unary();
            double base = atom();
            return eat('^') ? Math.pow(base, unary()) : base;
        }

        private double atom() {
            skipSpaces();
            if (eat('(')) {
                double v = sum();
                if (!eat(')')) throw error("missing ')'");
                return v;
            }
            int start = pos;
            if (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                        || s.charAt(pos) == 'e' || s.charAt(pos) == 'E'
                        || ((s.charAt(pos) == '-' || s.charAt(pos) == '+') && (s.charAt(pos - 1) == 'e' || s.charAt(pos - 1) == 'E')))) {
                    pos++;
                }
                try {
                    return Double.parseDouble(s.substring(start, pos));
                } catch (NumberFormatException e) {
                    throw error("bad number '" + s.substring(start, pos) + "'");
                }
            }
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error(pos < s.length() ? "unexpected '" + s.charAt(pos) + "'" : "unexpected end");
            }
            String name = s.substring(start, pos);
            if (eat('(')) {
                double arg = sum();
                if (!eat(')')) throw error("missing ')'");
                return switch (name) {
                    case "log" -> Math.log(arg);
                    case "sqrt" -> Math.sqrt(arg);
                    default -> throw error("unknown function '" + name + "' (allowed: log, sqrt)");
                };
            }
            if (seen != null) seen.add(name);
            if (env == null) return 1.0;
            Double v = env.get(name);
            if (v == null) {
                throw error("unknown variable '" + name + "' (allowed: " + String.join(", ", new TreeSet<>(env.keySet())) + ")");
            }
            return v;
        }

        private boolean eat(char c) {
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("expression \"" + s + "\": " + what + " at position " + pos);
        }
    }
}
