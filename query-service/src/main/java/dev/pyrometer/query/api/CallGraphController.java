package dev.pyrometer.query.api;

import dev.pyrometer.profile.callgraph.CallGraph;
import dev.pyrometer.profile.callgraph.CallGraphOptions;
import dev.pyrometer.profile.callgraph.Peek;
import dev.pyrometer.query.api.ProfileController.WindowInfo;
import dev.pyrometer.query.service.MergedWindow;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.service.QueryMetrics;
import dev.pyrometer.query.window.QueryWindow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.util.List;

/**
 * One window of one profile type as the call graph {@code go tool pprof -dot} draws, and the callers and
 * callees of one function ({@code go tool pprof -peek}). Both take the window merged exactly as the top
 * table does (instant types averaged per stack), so their values agree with its flat and cum.
 */
@RestController
@RequestMapping("/api/v1")
public class CallGraphController {
    /** Most nodes a graph may keep: a browser lays out a few hundred nodes in a moment, thousands not. */
    static final int MAX_NODE_COUNT = 1000;

    private final ProfileQueries queries;
    private final RequestParams params;
    private final QueryMetrics metrics;

    public CallGraphController(ProfileQueries queries, RequestParams params, QueryMetrics metrics) {
        this.queries = queries;
        this.params = params;
        this.metrics = metrics;
    }

    /** A kept function; percentages are of the window total. */
    public record GraphNode(String function, Number flat, double flatPercent, Number cum, double cumPercent) {
    }

    /** Caller → callee; {@code residual}: in some stacks, functions that were pruned lie between the two. */
    public record GraphEdge(String caller, String callee, Number weight, double weightPercent, boolean residual) {
    }

    /** Values in {@code window.unit}; the pruning fields say what pprof's legend says. */
    public record CallGraphAnswer(WindowInfo window, Number shownFlat, Number nodeCutoff, int droppedNodes, int nodesBeforeLimit,
                                  Number edgeCutoff, List<GraphNode> nodes, List<GraphEdge> edges) {
    }

    /** A caller or callee: the weight of the direct calls, and that as a percentage of the function's cum. */
    public record PeekCall(String function, Number weight, double percentOfCum) {
    }

    /** {@code found} is false (and every value 0) when no stack of the window holds the function. */
    public record PeekAnswer(WindowInfo window, String function, boolean found, Number flat, double flatPercent, Number cum,
                             double cumPercent, List<PeekCall> callers, List<PeekCall> callees) {
    }

    @GetMapping("/callgraph")
    public CallGraphAnswer callGraph(HttpServletRequest request,
                                     @RequestParam String profileType, @RequestParam(required = false) String query,
                                     @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String to,
                                     @RequestParam(required = false) Integer nodeCount, @RequestParam(required = false) Double nodeFraction,
                                     @RequestParam(required = false) Double edgeFraction) throws SQLException {
        CallGraphOptions defaults = CallGraphOptions.PPROF_DEFAULTS;
        int count = nodeCount == null ? defaults.nodeCount() : nodeCount;
        if (count < 1 || count > MAX_NODE_COUNT) {
            throw new BadRequestException("parameter 'nodeCount' must be between 1 and " + MAX_NODE_COUNT);
        }
        CallGraphOptions options = new CallGraphOptions(count, fraction(nodeFraction, defaults.nodeFraction(), "nodeFraction"),
                fraction(edgeFraction, defaults.edgeFraction(), "edgeFraction"));
        QueryWindow window = params.window(from, to, "");
        MergedWindow merged = merge(request, profileType, query, window, "callgraph");
        CallGraph graph = CallGraph.of(List.of(merged.profile()), options);
        double total = merged.profile().total();
        long scale = merged.scale();
        List<GraphNode> nodes = graph.nodes().stream()
                .map(n -> new GraphNode(n.function(), ScaledValues.of(n.flat(), scale), percent(n.flat(), total),
                        ScaledValues.of(n.cum(), scale), percent(n.cum(), total)))
                .toList();
        List<GraphEdge> edges = graph.edges().stream()
                .map(e -> new GraphEdge(e.caller(), e.callee(), ScaledValues.of(e.weight(), scale), percent(e.weight(), total), e.residual()))
                .toList();
        return new CallGraphAnswer(WindowInfo.of(merged, window), ScaledValues.of(graph.shownFlat(), scale),
                ScaledValues.of(graph.nodeCutoff(), scale), graph.droppedNodes(), graph.nodesBeforeLimit(),
                ScaledValues.of(graph.edgeCutoff(), scale), nodes, edges);
    }

    @GetMapping("/peek")
    public PeekAnswer peek(HttpServletRequest request,
                           @RequestParam String profileType, @RequestParam String function, @RequestParam(required = false) String query,
                           @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String to)
            throws SQLException {
        if (function.isEmpty()) {
            throw new BadRequestException("parameter 'function' must not be empty");
        }
        QueryWindow window = params.window(from, to, "");
        MergedWindow merged = merge(request, profileType, query, window, "peek");
        WindowInfo info = WindowInfo.of(merged, window);
        double total = merged.profile().total();
        long scale = merged.scale();
        return Peek.of(List.of(merged.profile()), function)
                .map(peek -> new PeekAnswer(info, function, true, ScaledValues.of(peek.flat(), scale), percent(peek.flat(), total),
                        ScaledValues.of(peek.cum(), scale), percent(peek.cum(), total), calls(peek.callers(), peek.cum(), scale),
                        calls(peek.callees(), peek.cum(), scale)))
                .orElseGet(() -> new PeekAnswer(info, function, false, 0L, 0, 0L, 0, List.of(), List.of()));
    }

    private MergedWindow merge(HttpServletRequest request, String profileType, String query, QueryWindow window, String endpoint)
            throws SQLException {
        MergedWindow merged = queries.merge(params.tenant(request), params.profileType(profileType), params.selector(query, "query"),
                params.selectorEvaluation(), window);
        metrics.read(endpoint, merged.stats());
        return merged;
    }

    private static List<PeekCall> calls(List<Peek.Call> calls, long cum, long scale) {
        return calls.stream()
                .map(call -> new PeekCall(call.function(), ScaledValues.of(call.weight(), scale), percent(call.weight(), cum))).toList();
    }

    private static double fraction(Double requested, double fallback, String parameter) {
        double value = requested == null ? fallback : requested;
        if (!(value >= 0 && value <= 1)) {
            throw new BadRequestException("parameter '" + parameter + "' must be between 0 and 1");
        }
        return value;
    }

    private static double percent(long value, double total) {
        return total == 0 ? 0 : 100.0 * value / total;
    }
}
