package dev.pyrometer.profile.callgraph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which {@code go tool pprof} ranks the nodes of a drawn graph (its "entropy" order), which
 * decides which nodes {@code nodecount} keeps. A node's score is
 * {@code (e_in + e_out) × |cum|, truncated, + flat}, where {@code e_in} is the entropy (in bits) of the
 * shares of its incoming edges and {@code e_out} that of its outgoing edges plus its own flat value; a node
 * without incoming (outgoing) edges scores 1 on that side, so entry points and leaves rank high. Ties go to
 * the smaller name, then the larger |flat|.
 */
final class EntropyOrder {
    private EntropyOrder() {
    }

    /** The graph's nodes, highest score first. */
    static List<Integer> of(Graph graph) {
        long[] score = new long[graph.flat.length];
        for (int node : graph.nodes) {
            score[node] = score(graph, node);
        }
        List<Integer> order = new ArrayList<>(graph.nodes);
        order.sort(Comparator.comparingLong((Integer node) -> score[node]).reversed()
                .thenComparing(graph::name)
                .thenComparing(Comparator.comparingLong((Integer node) -> Math.abs(graph.flat[node])).reversed()));
        return order;
    }

    private static long score(Graph graph, int node) {
        double score = 0;
        Collection<Graph.Edge> in = graph.in(node).values();
        Collection<Graph.Edge> out = graph.out(node).values();
        score += in.isEmpty() ? 1 : entropy(graph, in, 0);
        score += out.isEmpty() ? 1 : entropy(graph, out, graph.flat[node]);
        return (long) (score * graph.cum[node]) + graph.flat[node];
    }

    /** The entropy of the shares of {@code edges} and {@code self}; positive weights (and self) make the whole. */
    private static double entropy(Graph graph, Collection<Graph.Edge> edges, long self) {
        long total = self;
        for (Graph.Edge edge : edges) {
            if (edge.weight > 0) {
                total += Math.abs(edge.weight);
            }
        }
        if (total == 0) {
            return 0;
        }
        List<Graph.Edge> sorted = new ArrayList<>(edges);
        sorted.sort(graph.edgeOrder());
        double entropy = 0;
        for (Graph.Edge edge : sorted) {
            double share = (double) Math.abs(edge.weight) / total;
            entropy += -share * log2(share);
        }
        if (self > 0) {
            double share = (double) Math.abs(self) / total;
            entropy += -share * log2(share);
        }
        return entropy;
    }

    /** log2 as Go's math.Log2 computes it (exact for powers of two), so scores agree with pprof's to the last bit. */
    static double log2(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x) || x < 0) {
            return Math.log(x) / Math.log(2);
        }
        int exponent = Math.getExponent(x);
        double fraction;
        if (exponent == Double.MIN_EXPONENT - 1) { // subnormal
            double normal = x * 0x1p54;
            exponent = Math.getExponent(normal) - 54;
            fraction = normal / Math.scalb(1.0, Math.getExponent(normal));
        } else {
            fraction = x / Math.scalb(1.0, exponent);
        }
        // Go's Frexp gives fraction in [0.5, 1) and exponent one larger.
        fraction /= 2;
        exponent += 1;
        if (fraction == 0.5) {
            return exponent - 1;
        }
        return StrictMath.log(fraction) * (1 / LN2) + exponent;
    }

    private static final double LN2 = 0.693147180559945309417232121458176568;
}
