package dev.pyrometer.profile.callgraph;

import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The call graph {@code go tool pprof -dot} draws for one or several profiles of one type: nodes are
 * functions with flat and cum, edges carry the value of the stacks in which the caller calls the callee
 * (see {@link Graph} for the exact rules, and {@link CallGraphOptions} for pruning). Values are exact, in
 * the profile type's sample unit, summed over the profiles (averaging instant types is the caller's concern).
 *
 * <p>Pruning follows pprof step by step: drop the nodes whose |cum| is below {@code nodeFraction} of the
 * flat sum and rebuild (paths over dropped nodes become residual edges); rank the rest by
 * {@link EntropyOrder}, keep the first {@code nodeCount} and rebuild; drop the edges whose |weight| is
 * below {@code edgeFraction} of the flat sum; remove {@link RedundantEdges}. pprof also counts a node's
 * label tags against {@code nodeCount}; stored profiles keep no sample labels, so only functions count.
 *
 * @param total            the sum of all values, stacks without frames included (pprof's "of T total")
 * @param shownFlat        the flat sum of the kept nodes (pprof's "showing nodes accounting for X")
 * @param nodeCutoff       nodes with |cum| below this were dropped (0: none)
 * @param droppedNodes     how many nodes that cutoff dropped
 * @param nodesBeforeLimit the nodes left after the cutoff, before {@code nodeCount} (pprof's "top N nodes out of M")
 * @param edgeCutoff       edges with |weight| below this were dropped (0: none)
 * @param nodes            the kept nodes, in pprof's order of rank
 * @param edges            the kept edges, by |weight| descending, then caller, then callee
 */
public record CallGraph(long total, long shownFlat, long nodeCutoff, int droppedNodes, int nodesBeforeLimit, long edgeCutoff,
                        List<Node> nodes, List<Edge> edges) {

    /** One function; values in the sample unit. */
    public record Node(String function, long flat, long cum) {
    }

    /** Caller → callee; {@code residual}: in some stacks, functions that were not kept lie between them. */
    public record Edge(String caller, String callee, long weight, boolean residual) {
    }

    public CallGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /**
     * The graph of {@code profiles}, which must all have one type ({@link IllegalArgumentException}
     * otherwise). No profiles give an empty graph.
     */
    public static CallGraph of(Iterable<SeriesProfile> profiles, CallGraphOptions options) {
        FunctionStacks stacks = FunctionStacks.of(profiles);
        Graph graph = Graph.build(stacks, null);
        long flatSum = 0;
        for (int node : graph.nodes) {
            flatSum += graph.flat[node];
        }
        long nodeCutoff = Math.abs((long) (flatSum * options.nodeFraction()));
        long edgeCutoff = Math.abs((long) (flatSum * options.edgeFraction()));

        int droppedNodes = 0;
        if (nodeCutoff > 0) {
            boolean[] kept = new boolean[stacks.functionCount()];
            int keptCount = 0;
            for (int node : graph.nodes) {
                if (Math.abs(graph.cum[node]) >= nodeCutoff) {
                    kept[node] = true;
                    keptCount++;
                }
            }
            if (keptCount != graph.nodes.size()) {
                droppedNodes = graph.nodes.size() - keptCount;
                graph = Graph.build(stacks, kept);
            }
        }
        int nodesBeforeLimit = graph.nodes.size();

        List<Integer> order = EntropyOrder.of(graph);
        if (options.nodeCount() > 0 && options.nodeCount() < order.size()) {
            boolean[] kept = new boolean[stacks.functionCount()];
            order.subList(0, options.nodeCount()).forEach(node -> kept[node] = true);
            graph = Graph.build(stacks, kept);
            order = EntropyOrder.of(graph);
        }
        for (Graph.Edge edge : graph.edges()) {
            if (Math.abs(edge.weight) < edgeCutoff) {
                graph.removeEdge(edge);
            }
        }
        RedundantEdges.remove(graph, order);

        List<Node> nodes = new ArrayList<>(order.size());
        long shownFlat = 0;
        for (int node : order) {
            nodes.add(new Node(graph.name(node), graph.flat[node], graph.cum[node]));
            shownFlat += graph.flat[node];
        }
        List<Graph.Edge> kept = graph.edges();
        kept.sort(graph.edgeOrder());
        List<Edge> edges = new ArrayList<>(kept.size());
        for (Graph.Edge edge : kept) {
            edges.add(new Edge(graph.name(edge.caller), graph.name(edge.callee), edge.weight, edge.residual));
        }
        return new CallGraph(stacks.total, shownFlat, nodeCutoff, droppedNodes, nodesBeforeLimit, edgeCutoff, nodes, edges);
    }
}
