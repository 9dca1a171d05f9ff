package dev.pyrometer.profile.callgraph;

/**
 * How a call graph is pruned, as {@code go tool pprof -dot} prunes it.
 *
 * @param nodeCount    most nodes kept, by pprof's entropy rank; 0 keeps every node that passes {@code nodeFraction}
 * @param nodeFraction nodes whose |cum| is below this fraction of the graph's flat sum are dropped first
 * @param edgeFraction edges whose |weight| is below this fraction of the graph's flat sum are dropped
 */
public record CallGraphOptions(int nodeCount, double nodeFraction, double edgeFraction) {
    /** pprof's defaults for {@code -dot}: {@code -nodecount=80 -nodefraction=0.005 -edgefraction=0.001}. */
    public static final CallGraphOptions PPROF_DEFAULTS = new CallGraphOptions(80, 0.005, 0.001);
    /** No pruning at all: every function and every edge. */
    public static final CallGraphOptions EVERYTHING = new CallGraphOptions(0, 0, 0);

    public CallGraphOptions {
        if (nodeCount < 0) {
            throw new IllegalArgumentException("nodeCount must not be negative: " + nodeCount);
        }
        if (!(nodeFraction >= 0 && nodeFraction <= 1) || !(edgeFraction >= 0 && edgeFraction <= 1)) {
            throw new IllegalArgumentException("fractions must be between 0 and 1: " + nodeFraction + ", " + edgeFraction);
        }
    }
}
