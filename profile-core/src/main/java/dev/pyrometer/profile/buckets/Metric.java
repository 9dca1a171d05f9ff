package dev.pyrometer.profile.buckets;

import java.util.List;
import java.util.Objects;

/**
 * What one value measures: a function's flat or cum value (as {@code go tool pprof -top} counts them),
 * or one call stack aggregated by function name.
 *
 * @param function the function (for a stack: its leaf)
 * @param stack    for {@link Kind#STACK}: function names from the root to the leaf; empty otherwise
 */
public record Metric(Kind kind, String function, List<String> stack) {
    public enum Kind { FLAT, CUM, STACK }

    public Metric {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(function, "function");
        stack = List.copyOf(stack);
    }

    public static Metric flat(String function) {
        return new Metric(Kind.FLAT, function, List.of());
    }

    public static Metric cum(String function) {
        return new Metric(Kind.CUM, function, List.of());
    }

    /** A stack given root first; its function is the leaf. An empty stack (no frames) has function "". */
    public static Metric stack(List<String> rootFirst) {
        return new Metric(Kind.STACK, rootFirst.isEmpty() ? "" : rootFirst.get(rootFirst.size() - 1), rootFirst);
    }
}
