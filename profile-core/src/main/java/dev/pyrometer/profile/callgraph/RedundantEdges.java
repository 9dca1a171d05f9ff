package dev.pyrometer.profile.callgraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes residual edges whose callee can still be reached from their caller over other edges, as
 * {@code go tool pprof} does before drawing: it walks the nodes from the lowest-ranked up and, per node,
 * its incoming edges from the lightest up, stopping at the first edge that is not residual (a residual
 * edge heavier than a direct one is kept).
 */
final class RedundantEdges {
    private RedundantEdges() {
    }

    /** {@code order} is the graph's nodes in {@link EntropyOrder}. */
    static void remove(Graph graph, List<Integer> order) {
        for (int i = order.size() - 1; i >= 0; i--) {
            List<Graph.Edge> in = new ArrayList<>(graph.in(order.get(i)).values());
            in.sort(graph.edgeOrder());
            for (int j = in.size() - 1; j >= 0; j--) {
                Graph.Edge edge = in.get(j);
                if (!edge.residual) {
                    break;
                }
                if (reachableWithout(graph, edge)) {
                    graph.removeEdge(edge);
                }
            }
        }
    }

    /** Whether the edge's caller reaches its callee over the other edges (a breadth-first walk up from the callee). */
    private static boolean reachableWithout(Graph graph, Graph.Edge edge) {
        Set<Integer> seen = new HashSet<>();
        seen.add(edge.callee);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(edge.callee);
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (Graph.Edge incoming : graph.in(node).values()) {
                if (incoming == edge || seen.contains(incoming.caller)) {
                    continue;
                }
                if (incoming.caller == edge.caller) {
                    return true;
                }
                seen.add(incoming.caller);
                queue.add(incoming.caller);
            }
        }
        return false;
    }
}
