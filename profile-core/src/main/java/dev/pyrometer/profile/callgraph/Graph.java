package dev.pyrometer.profile.callgraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A call graph over a set of kept functions, built from the stacks as {@code go tool pprof} builds it:
 *
 * <ul>
 *   <li>cum of a function: the value of every stack that contains it, once per stack (recursion and
 *       inlined copies do not count twice);</li>
 *   <li>flat: the value of every stack whose leaf-most kept frame is its leaf, i.e. the leaf frame itself
 *       is kept;</li>
 *   <li>an edge caller → callee: the value of every stack in which the callee is the next kept frame
 *       below the caller, once per stack and pair; a function calling itself adds no edge;</li>
 *   <li>an edge is residual when, in at least one of its stacks, frames of functions that were not kept
 *       lie between the two.</li>
 * </ul>
 *
 * Only functions with flat or cum other than 0 are nodes; edges from or to other functions are left out.
 * Mutable only by the pruning steps ({@link #removeEdge}); not thread-safe.
 */
final class Graph {
    /** One edge; {@code weight} in the profile's sample unit. */
    static final class Edge {
        final int caller;
        final int callee;
        long weight;
        boolean residual;
        private long lastStack = -1;

        Edge(int caller, int callee) {
            this.caller = caller;
            this.callee = callee;
        }
    }

    final FunctionStacks stacks;
    final long[] flat;
    final long[] cum;
    /** The node ids (function ids with flat or cum ≠ 0), ascending. */
    final List<Integer> nodes = new ArrayList<>();
    final Map<Integer, Map<Integer, Edge>> in = new HashMap<>();
    final Map<Integer, Map<Integer, Edge>> out = new HashMap<>();

    private Graph(FunctionStacks stacks) {
        this.stacks = stacks;
        this.flat = new long[stacks.functionCount()];
        this.cum = new long[stacks.functionCount()];
    }

    /** The graph over the functions with {@code kept[id]} true, or over every function when {@code kept} is null. */
    static Graph build(FunctionStacks stacks, boolean[] kept) {
        Graph graph = new Graph(stacks);
        int functions = stacks.functionCount();
        long[] counted = new long[functions];
        java.util.Arrays.fill(counted, -1);
        Map<Long, Edge> edges = new HashMap<>();
        for (int s = 0; s < stacks.stacks.length; s++) {
            int[] stack = stacks.stacks[s];
            long value = stacks.values[s];
            int parent = -1;
            boolean residual = false;
            for (int depth = stack.length - 1; depth >= 0; depth--) {
                int function = stack[depth];
                if (kept != null && !kept[function]) {
                    residual = true;
                    continue;
                }
                if (counted[function] != s) {
                    counted[function] = s;
                    graph.cum[function] += value;
                }
                if (parent >= 0 && parent != function) {
                    Edge edge = edges.computeIfAbsent(((long) parent << 32) | function, key -> new Edge((int) (key >>> 32), (int) (long) key));
                    if (edge.lastStack != s) {
                        edge.lastStack = s;
                        edge.weight += value;
                        edge.residual |= residual;
                    }
                }
                parent = function;
                residual = false;
            }
            if (parent >= 0 && !residual) {
                graph.flat[parent] += value;
            }
        }
        for (int function = 0; function < functions; function++) {
            if (graph.flat[function] != 0 || graph.cum[function] != 0) {
                graph.nodes.add(function);
            }
        }
        for (Edge edge : edges.values()) {
            if (graph.isNode(edge.caller) && graph.isNode(edge.callee)) {
                graph.out.computeIfAbsent(edge.caller, id -> new HashMap<>()).put(edge.callee, edge);
                graph.in.computeIfAbsent(edge.callee, id -> new HashMap<>()).put(edge.caller, edge);
            }
        }
        return graph;
    }

    boolean isNode(int function) {
        return flat[function] != 0 || cum[function] != 0;
    }

    String name(int function) {
        return stacks.names.get(function);
    }

    Map<Integer, Edge> in(int function) {
        return in.getOrDefault(function, Map.of());
    }

    Map<Integer, Edge> out(int function) {
        return out.getOrDefault(function, Map.of());
    }

    void removeEdge(Edge edge) {
        in.get(edge.callee).remove(edge.caller);
        out.get(edge.caller).remove(edge.callee);
    }

    /** Every edge, in no particular order. */
    List<Edge> edges() {
        List<Edge> all = new ArrayList<>();
        out.values().forEach(edges -> all.addAll(edges.values()));
        return all;
    }

    /** pprof's edge order: |weight| descending, then caller name, then callee name. */
    java.util.Comparator<Edge> edgeOrder() {
        return java.util.Comparator.comparingLong((Edge e) -> Math.abs(e.weight)).reversed()
                .thenComparing(e -> name(e.caller))
                .thenComparing(e -> name(e.callee));
    }
}
