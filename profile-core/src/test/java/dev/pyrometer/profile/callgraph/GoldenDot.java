package dev.pyrometer.profile.callgraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code go tool pprof -dot} file (written by golden/regenerate.sh with {@code -unit} set so that
 * every value is an exact integer: "123ns", "123B" or "123"). Only the graph is read: node ids, names
 * (from the tooltip, which holds the full name), flat and cum (from the label), edges with weight (label),
 * residual (dotted) and inline marks, and the legend's counts. Tag nodelets ({@code NN1_0}, the
 * {@code bytes} labels of heap samples) and their edges are skipped.
 *
 * @param shownFlat    X in "Showing nodes accounting for X, P% of T total"
 * @param total        T in that line
 * @param droppedNodes N in "Dropped N nodes (cum <= C)", 0 without that line
 * @param topOf        M in "Showing top K nodes out of M", 0 without that line
 */
public record GoldenDot(long shownFlat, long total, int droppedNodes, int topOf, List<CallGraph.Node> nodes, List<DotEdge> edges) {

    /** An edge as pprof drew it. */
    public record DotEdge(String caller, String callee, long weight, boolean residual, boolean inline) {
        public CallGraph.Edge withoutInlineMark() {
            return new CallGraph.Edge(caller, callee, weight, residual);
        }
    }

    private static final String VALUE = "(-?\\d+)(?:ns|B)?";
    private static final Pattern NODE = Pattern.compile("^(N\\d+) \\[label=\"(.*)\" id=\"node\\d+\" .* tooltip=\"(.*) \\(" + VALUE + "\\)\" color=.*$");
    /** The end of a node label: "\nFLAT (P%)", "\nFLAT (P%)\nof CUM (P%)", "\n0" or "\n0 of CUM (P%)". */
    private static final Pattern FLAT_CUM = Pattern.compile(
            "\\\\n(?:" + VALUE + " \\([^)]*\\)(?:\\\\nof " + VALUE + " \\([^)]*\\))?|0(?: of " + VALUE + " \\([^)]*\\))?)$");
    private static final Pattern EDGE = Pattern.compile("^(N\\d+) -> (N\\d+) \\[label=\" " + VALUE + "(\\\\n \\(inline\\))?\"(.*)\\]$");
    private static final Pattern SHOWING = Pattern.compile("Showing nodes accounting for " + VALUE + ", \\S+ of " + VALUE + " total");
    private static final Pattern DROPPED = Pattern.compile("Dropped (\\d+) nodes \\(cum <= ");
    private static final Pattern TOP = Pattern.compile("Showing top \\d+ nodes out of (\\d+)");

    public static GoldenDot load(String resource) {
        try (InputStream in = GoldenDot.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource + "; run golden/regenerate.sh");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static GoldenDot parse(String where, String text) {
        Matcher showing = SHOWING.matcher(text);
        if (!showing.find()) {
            throw new IllegalArgumentException(where + ": no 'Showing nodes accounting for' line");
        }
        Matcher dropped = DROPPED.matcher(text);
        Matcher top = TOP.matcher(text);
        Map<String, String> names = new HashMap<>();
        List<CallGraph.Node> nodes = new ArrayList<>();
        List<DotEdge> edges = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("N") && !line.startsWith("NN") && line.contains(" [label=\"") && !line.contains(" -> ")) {
                Matcher node = NODE.matcher(line);
                if (!node.matches()) {
                    throw new IllegalArgumentException(where + ": unreadable node '" + line + "'");
                }
                Matcher values = FLAT_CUM.matcher(node.group(2));
                if (!values.find()) {
                    throw new IllegalArgumentException(where + ": no exact flat and cum in '" + node.group(2) + "'");
                }
                String name = unescape(node.group(3));
                long cum = Long.parseLong(node.group(4));
                long flat = values.group(1) != null ? Long.parseLong(values.group(1)) : 0;
                names.put(node.group(1), name);
                nodes.add(new CallGraph.Node(name, flat, cum));
                if (values.group(2) != null && Long.parseLong(values.group(2)) != cum
                        || values.group(3) != null && Long.parseLong(values.group(3)) != cum) {
                    throw new IllegalArgumentException(where + ": label and tooltip disagree on cum in '" + line + "'");
                }
            } else if (line.startsWith("N") && line.contains(" -> ") && !line.contains(" -> NN")) {
                Matcher edge = EDGE.matcher(line);
                if (!edge.matches()) {
                    throw new IllegalArgumentException(where + ": unreadable edge '" + line + "'");
                }
                edges.add(new DotEdge(edge.group(1), edge.group(2), Long.parseLong(edge.group(3)),
                        edge.group(5).contains("style=\"dotted\""), edge.group(4) != null));
            }
        }
        List<DotEdge> named = edges.stream()
                .map(e -> new DotEdge(names.get(e.caller()), names.get(e.callee()), e.weight(), e.residual(), e.inline()))
                .toList();
        return new GoldenDot(Long.parseLong(showing.group(1)), Long.parseLong(showing.group(2)),
                dropped.find() ? Integer.parseInt(dropped.group(1)) : 0, top.find() ? Integer.parseInt(top.group(1)) : 0, nodes, named);
    }

    /** pprof escapes '"' in names for dot as '\"'. */
    private static String unescape(String text) {
        return text.replace("\\\"", "\"");
    }
}
