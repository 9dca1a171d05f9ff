package dev.pyrometer.query.pyroscope;

import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.protocol.pyroscope.querier.v1.DiffRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.FlameGraph;
import dev.pyrometer.protocol.pyroscope.querier.v1.FlameGraphDiff;
import dev.pyrometer.protocol.pyroscope.querier.v1.ProfileTypesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeStacktracesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectSeriesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelNamesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelValuesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.Point;
import dev.pyrometer.protocol.pyroscope.types.v1.Series;
import dev.pyrometer.query.api.BadRequestException;
import dev.pyrometer.query.api.RequestParams;
import dev.pyrometer.query.window.QueryWindow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.util.List;

/**
 * Pyroscope's HTTP query API, for its UI, its Grafana plugin and scripts: {@code /pyroscope/render},
 * {@code /render-diff}, {@code /label-names} and {@code /label-values}, answered by {@link PyroscopeQuerier}.
 * {@code from} and {@code until} take every form of the REST API's windows ({@code now-1h}, Unix seconds or ms,
 * RFC 3339). Errors are the REST API's {@code {"error": …}} answers.
 */
@RestController
@RequestMapping("/pyroscope")
public class PyroscopeHttpController {
    /** Render's timeline: about this many points, each at least {@link #MIN_STEP_SECONDS} long, as Pyroscope picks them. */
    private static final long TIMELINE_POINTS = 1500;
    private static final long MIN_STEP_SECONDS = 15;

    private final PyroscopeQuerier querier;
    private final PyroscopeSelection selection;
    private final RequestParams params;

    public PyroscopeHttpController(PyroscopeQuerier querier, PyroscopeSelection selection, RequestParams params) {
        this.querier = querier;
        this.selection = selection;
        this.params = params;
    }

    @GetMapping("/render")
    public FlamebearerProfile render(HttpServletRequest request, @RequestParam(required = false) String query,
                                     @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String until,
                                     @RequestParam(defaultValue = "json") String format,
                                     @RequestParam(name = "max-nodes", required = false) Long maxNodesDashed,
                                     @RequestParam(required = false) Long maxNodes) throws SQLException {
        if (!format.equals("json")) {
            throw new BadRequestException("parameter 'format' must be json");
        }
        String tenant = params.tenant(request);
        QueryWindow window = params.window(from, until, "from", "until");
        Resolved resolved = resolve(tenant, RenderQuery.parse(query, "query"));
        SelectMergeStacktracesRequest select = select(resolved, window, maxNodes != null ? maxNodes : maxNodesDashed);
        FlameGraph graph = querier.selectMergeStacktraces(tenant, select).getFlamegraph();
        return new FlamebearerProfile(1, new FlamebearerProfile.Flamebearer(graph.getNamesList(),
                FlamebearerProfile.Flamebearer.levels(graph.getLevelsList()), graph.getTotal(), graph.getMaxSelf()),
                FlamebearerProfile.Metadata.of(resolved.type(), "single"), timeline(tenant, select), null, null, null, null);
    }

    @GetMapping("/render-diff")
    public FlamebearerProfile renderDiff(HttpServletRequest request,
                                         @RequestParam(required = false) String leftQuery, @RequestParam(defaultValue = "now-1h") String leftFrom,
                                         @RequestParam(defaultValue = "now") String leftUntil,
                                         @RequestParam(required = false) String rightQuery, @RequestParam(defaultValue = "now-1h") String rightFrom,
                                         @RequestParam(defaultValue = "now") String rightUntil,
                                         @RequestParam(name = "max-nodes", required = false) Long maxNodesDashed,
                                         @RequestParam(required = false) Long maxNodes) throws SQLException {
        String tenant = params.tenant(request);
        Resolved left = resolve(tenant, RenderQuery.parse(leftQuery, "leftQuery"));
        Resolved right = resolve(tenant, RenderQuery.parse(rightQuery, "rightQuery"));
        if (!left.type().equals(right.type())) {
            throw new BadRequestException("leftQuery (" + left.type().id() + ") and rightQuery (" + right.type().id()
                    + ") must be of the same profile type");
        }
        Long nodes = maxNodes != null ? maxNodes : maxNodesDashed;
        FlameGraphDiff graph = querier.diff(tenant, DiffRequest.newBuilder()
                .setLeft(select(left, params.window(leftFrom, leftUntil, "leftFrom", "leftUntil"), nodes))
                .setRight(select(right, params.window(rightFrom, rightUntil, "rightFrom", "rightUntil"), nodes)).build()).getFlamegraph();
        return new FlamebearerProfile(1, new FlamebearerProfile.Flamebearer(graph.getNamesList(),
                FlamebearerProfile.Flamebearer.levels(graph.getLevelsList()), graph.getTotal(), graph.getMaxSelf()),
                FlamebearerProfile.Metadata.of(left.type(), "double"), null, null, null, graph.getLeftTicks(), graph.getRightTicks());
    }

    /** The label names of the series {@code query} (a selector, default every series) selects, as a JSON array. */
    @GetMapping("/label-names")
    public List<String> labelNames(HttpServletRequest request, @RequestParam(required = false) String query,
                                   @RequestParam(defaultValue = "now-24h") String from, @RequestParam(defaultValue = "now") String until)
            throws SQLException {
        QueryWindow window = params.window(from, until, "from", "until");
        LabelNamesRequest.Builder names = LabelNamesRequest.newBuilder().setStart(window.from().toEpochMilli()).setEnd(window.to().toEpochMilli());
        if (query != null && !query.isBlank()) {
            names.addMatchers(query);
        }
        return querier.labelNames(params.tenant(request), names.build()).getNamesList();
    }

    /** The values of {@code label}; {@code label=__name__} lists the profile types, as Pyroscope answers it. */
    @GetMapping("/label-values")
    public List<String> labelValues(HttpServletRequest request, @RequestParam(required = false) String label,
                                    @RequestParam(required = false) String query,
                                    @RequestParam(defaultValue = "now-24h") String from, @RequestParam(defaultValue = "now") String until)
            throws SQLException {
        if (label == null || label.isEmpty()) {
            throw new BadRequestException("parameter 'label' is required");
        }
        String tenant = params.tenant(request);
        QueryWindow window = params.window(from, until, "from", "until");
        if (label.equals(PyroscopeLabels.NAME) && (query == null || query.isBlank())) {
            return querier.profileTypes(tenant, ProfileTypesRequest.newBuilder().setStart(window.from().toEpochMilli())
                    .setEnd(window.to().toEpochMilli()).build()).getProfileTypesList().stream()
                    .map(dev.pyrometer.protocol.pyroscope.types.v1.ProfileType::getID).toList();
        }
        LabelValuesRequest.Builder values = LabelValuesRequest.newBuilder().setName(params.labelName(label, "label"))
                .setStart(window.from().toEpochMilli()).setEnd(window.to().toEpochMilli());
        if (query != null && !query.isBlank()) {
            values.addMatchers(query);
        }
        return querier.labelValues(tenant, values.build()).getNamesList();
    }

    /** A query's profile type (the first of its candidates that has series, else the first) and selector. */
    private record Resolved(ProfileType type, String selector) {
    }

    private Resolved resolve(String tenant, RenderQuery query) throws SQLException {
        for (ProfileType type : query.types()) {
            if (!selection.ofType(tenant, type, query.selector(), "query").isEmpty()) {
                return new Resolved(type, query.selector());
            }
        }
        return new Resolved(query.types().get(0), query.selector());
    }

    private static SelectMergeStacktracesRequest select(Resolved resolved, QueryWindow window, Long maxNodes) {
        SelectMergeStacktracesRequest.Builder select = SelectMergeStacktracesRequest.newBuilder().setProfileTypeID(resolved.type().id())
                .setLabelSelector(resolved.selector()).setStart(window.from().toEpochMilli()).setEnd(window.to().toEpochMilli());
        if (maxNodes != null) {
            select.setMaxNodes(maxNodes);
        }
        return select.build();
    }

    /**
     * The window's timeline as Pyroscope draws it under a flame graph: steps of at least 15 s, about 1,500 of them,
     * start and end snapped down to a step; each step's SelectSeries sum, rounded half up, 0 without data.
     */
    private FlamebearerProfile.Timeline timeline(String tenant, SelectMergeStacktracesRequest select) throws SQLException {
        long stepSeconds = Math.max(MIN_STEP_SECONDS, ((select.getEnd() - select.getStart()) / 1000 + TIMELINE_POINTS - 1) / TIMELINE_POINTS);
        long stepMs = stepSeconds * 1000;
        long startMs = Math.floorDiv(select.getStart(), stepMs) * stepMs;
        long endMs = Math.floorDiv(select.getEnd(), stepMs) * stepMs;
        long[] samples = new long[(int) Math.max(0, (endMs - startMs) / stepMs)];
        List<Series> series = querier.selectSeries(tenant, SelectSeriesRequest.newBuilder().setProfileTypeID(select.getProfileTypeID())
                .setLabelSelector(select.getLabelSelector()).setStart(select.getStart()).setEnd(select.getEnd()).setStep(stepSeconds)
                .build()).getSeriesList();
        for (Series line : series) {
            for (Point point : line.getPointsList()) {
                long k = (point.getTimestamp() - startMs) / stepMs;
                if (k >= 0 && k < samples.length) {
                    samples[(int) k] += Math.round(point.getValue());
                }
            }
        }
        return new FlamebearerProfile.Timeline(startMs / 1000, samples, stepSeconds, null);
    }
}
