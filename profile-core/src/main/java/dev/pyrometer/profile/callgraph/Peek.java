package dev.pyrometer.profile.callgraph;

import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One function's callers and callees, as {@code go tool pprof -peek} lists them, over the whole graph (no
 * pruning, so every caller and callee is direct): each with the edge's weight, and the function's flat
 * and cum. Values are exact, in the sample unit; a share is a weight over the function's cum, so the
 * callers' shares add up to 1 unless the function is also an entry point (a stack's root) and the
 * callees' shares plus flat/cum add up to 1 unless it calls itself.
 *
 * @param callers by weight descending, then name
 * @param callees by weight descending, then name
 */
public record Peek(String function, long flat, long cum, List<Call> callers, List<Call> callees) {

    /** A caller or callee; {@code weight} is the value of the stacks in which the two call each other directly. */
    public record Call(String function, long weight) {
    }

    public Peek {
        callers = List.copyOf(callers);
        callees = List.copyOf(callees);
    }

    /** The peek of {@code function} (an exact name), or empty when no stack holds it. */
    public static Optional<Peek> of(Iterable<SeriesProfile> profiles, String function) {
        FunctionStacks stacks = FunctionStacks.of(profiles);
        int id = stacks.names.indexOf(function);
        if (id < 0) {
            return Optional.empty();
        }
        Graph graph = Graph.build(stacks, null);
        if (!graph.isNode(id)) {
            return Optional.empty();
        }
        return Optional.of(new Peek(function, graph.flat[id], graph.cum[id], calls(graph, graph.in(id), true),
                calls(graph, graph.out(id), false)));
    }

    private static List<Call> calls(Graph graph, Map<Integer, Graph.Edge> edges, boolean callers) {
        List<Graph.Edge> sorted = new ArrayList<>(edges.values());
        sorted.sort(graph.edgeOrder());
        List<Call> calls = new ArrayList<>(sorted.size());
        for (Graph.Edge edge : sorted) {
            calls.add(new Call(graph.name(callers ? edge.caller : edge.callee), edge.weight));
        }
        return calls;
    }
}
