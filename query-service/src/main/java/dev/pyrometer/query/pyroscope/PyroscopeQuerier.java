package dev.pyrometer.query.pyroscope;

import dev.pyrometer.profile.flamegraph.FlameGraph;
import dev.pyrometer.profile.merge.WindowProfile;
import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.pprof.PprofEncoder;
import dev.pyrometer.protocol.pprof.PprofProto;
import dev.pyrometer.protocol.pyroscope.querier.v1.DiffRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.DiffResponse;
import dev.pyrometer.protocol.pyroscope.querier.v1.PprofProfile;
import dev.pyrometer.protocol.pyroscope.querier.v1.ProfileFormat;
import dev.pyrometer.protocol.pyroscope.querier.v1.ProfileTypesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.ProfileTypesResponse;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeProfileRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeStacktracesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeStacktracesResponse;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectSeriesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectSeriesResponse;
import dev.pyrometer.protocol.pyroscope.querier.v1.SeriesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SeriesResponse;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelNamesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelNamesResponse;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelPair;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelValuesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelValuesResponse;
import dev.pyrometer.protocol.pyroscope.types.v1.Labels;
import dev.pyrometer.protocol.pyroscope.types.v1.Series;
import dev.pyrometer.protocol.pyroscope.types.v1.TimeSeriesAggregationType;
import dev.pyrometer.query.api.BadRequestException;
import dev.pyrometer.query.api.RequestParams;
import dev.pyrometer.query.config.QueryProperties;
import dev.pyrometer.query.service.MergedWindow;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.service.QueryMetrics;
import dev.pyrometer.query.service.WindowDiff;
import dev.pyrometer.query.window.QueryWindow;
import dev.pyrometer.storage.query.SeriesInfo;
import dev.pyrometer.storage.query.TimelineReader;
import org.springframework.stereotype.Service;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pyroscope's {@code querier.v1.QuerierService} over the one query engine: the same series selection, window
 * merge, diff and timelines as the REST API, answered in Pyroscope's messages. Times are ms since the epoch; a
 * missing end (0) is now, a missing start (0) is the default length before the end (1 h for data, 24 h for
 * metadata). Bad input is a {@link BadRequestException} naming the field.
 */
@Service
public class PyroscopeQuerier {
    static final Duration DATA_DEFAULT = Duration.ofHours(1);
    static final Duration METADATA_DEFAULT = Duration.ofHours(24);
    /** A step of 0 asks for the step Pyroscope picks: at least 15 s, about 1,500 points. */
    private static final long MIN_AUTO_STEP_SECONDS = 15;
    private static final long AUTO_POINTS = 1500;

    private final ProfileQueries queries;
    private final PyroscopeSelection selection;
    private final RequestParams params;
    private final QueryProperties properties;
    private final QueryMetrics metrics;

    public PyroscopeQuerier(ProfileQueries queries, PyroscopeSelection selection, RequestParams params, QueryProperties properties,
                            QueryMetrics metrics) {
        this.queries = queries;
        this.selection = selection;
        this.params = params;
        this.properties = properties;
        this.metrics = metrics;
    }

    public ProfileTypesResponse profileTypes(String tenant, ProfileTypesRequest request) throws SQLException {
        QueryWindow window = window(request.getStart(), request.getEnd(), METADATA_DEFAULT, "");
        Map<String, ProfileType> types = new java.util.TreeMap<>();
        for (SeriesInfo series : present(selection.anyOf(tenant, List.of(), "matchers"), window)) {
            types.put(series.type().id(), series.type());
        }
        ProfileTypesResponse.Builder response = ProfileTypesResponse.newBuilder();
        types.values().forEach(type -> response.addProfileTypes(dev.pyrometer.protocol.pyroscope.types.v1.ProfileType.newBuilder()
                .setID(type.id()).setName(type.name()).setSampleType(type.sampleType()).setSampleUnit(type.sampleUnit())
                .setPeriodType(type.periodType()).setPeriodUnit(type.periodUnit())));
        return response.build();
    }

    public LabelNamesResponse labelNames(String tenant, LabelNamesRequest request) throws SQLException {
        QueryWindow window = window(request.getStart(), request.getEnd(), METADATA_DEFAULT, "");
        Set<String> names = new TreeSet<>();
        for (SeriesInfo series : present(selection.anyOf(tenant, request.getMatchersList(), "matchers"), window)) {
            PyroscopeLabels.of(series).labels().forEach(label -> names.add(label.name()));
        }
        return LabelNamesResponse.newBuilder().addAllNames(names).build();
    }

    public LabelValuesResponse labelValues(String tenant, LabelValuesRequest request) throws SQLException {
        String name = params.labelName(request.getName(), "name");
        QueryWindow window = window(request.getStart(), request.getEnd(), METADATA_DEFAULT, "");
        Set<String> values = new TreeSet<>();
        for (SeriesInfo series : present(selection.anyOf(tenant, request.getMatchersList(), "matchers"), window)) {
            String value = PyroscopeLabels.of(series).get(name);
            if (value != null) {
                values.add(value);
            }
        }
        return LabelValuesResponse.newBuilder().addAllNames(values).build();
    }

    /** Each selected series' labels, or with {@code label_names} only those labels, each distinct set once, sorted. */
    public SeriesResponse series(String tenant, SeriesRequest request) throws SQLException {
        for (String name : request.getLabelNamesList()) {
            params.labelName(name, "label_names");
        }
        QueryWindow window = window(request.getStart(), request.getEnd(), METADATA_DEFAULT, "");
        Set<String> wanted = Set.copyOf(request.getLabelNamesList());
        Set<LabelSet> distinct = new TreeSet<>(java.util.Comparator.comparing(LabelSet::toString));
        for (SeriesInfo series : present(selection.anyOf(tenant, request.getMatchersList(), "matchers"), window)) {
            List<Label> labels = PyroscopeLabels.of(series).labels().stream()
                    .filter(label -> wanted.isEmpty() || wanted.contains(label.name())).toList();
            distinct.add(new LabelSet(labels));
        }
        SeriesResponse.Builder response = SeriesResponse.newBuilder();
        for (LabelSet labels : distinct) {
            Labels.Builder set = Labels.newBuilder();
            labels.labels().forEach(label -> set.addLabels(LabelPair.newBuilder().setName(label.name()).setValue(label.value())));
            response.addLabelsSet(set);
        }
        return response.build();
    }

    public SelectMergeStacktracesResponse selectMergeStacktraces(String tenant, SelectMergeStacktracesRequest request) throws SQLException {
        int nodes = maxNodes(request.hasMaxNodes() ? request.getMaxNodes() : 0);
        MergedWindow merged = merge(tenant, request.getProfileTypeID(), request.getLabelSelector(), request.getStart(), request.getEnd(),
                "", "select_merge_stacktraces");
        if (request.getFormat() == ProfileFormat.PROFILE_FORMAT_PPROF) {
            return SelectMergeStacktracesResponse.newBuilder().setPprof(PprofProfile.newBuilder().setProfile(pprof(merged))).build();
        }
        return SelectMergeStacktracesResponse.newBuilder()
                .setFlamegraph(WholeUnits.flameGraph(FlameGraph.flamebearer(List.of(merged.profile()), nodes), merged.scale())).build();
    }

    /** The merged window as pprof, each stack rounded as {@code /api/v1/pprof} rounds it. */
    public PprofProto.Profile selectMergeProfile(String tenant, SelectMergeProfileRequest request) throws SQLException {
        return pprof(merge(tenant, request.getProfileTypeID(), request.getLabelSelector(), request.getStart(), request.getEnd(), "",
                "select_merge_profile"));
    }

    public SelectSeriesResponse selectSeries(String tenant, SelectSeriesRequest request) throws SQLException {
        List<String> groupBy = new ArrayList<>(new LinkedHashSet<>(request.getGroupByList()));
        for (String name : groupBy) {
            params.labelName(name, "group_by");
        }
        ProfileType type = requiredType(request.getProfileTypeID(), "profile_typeID");
        QueryWindow window = window(request.getStart(), request.getEnd(), DATA_DEFAULT, "");
        long stepMicros = stepMicros(request.getStep(), window);
        long startMicros = TimelineReader.alignedStart(window.fromMicros(), stepMicros);
        long points = (window.toMicros() - startMicros + stepMicros - 1) / stepMicros;
        if (points > properties.query().maxTimelinePoints()) {
            throw new BadRequestException("step " + request.getStep() + " s gives " + points + " points, more than the limit of "
                    + properties.query().maxTimelinePoints() + "; use a larger step");
        }
        if (request.hasLimit() && request.getLimit() < 0) {
            throw new BadRequestException("limit must not be negative");
        }
        List<SeriesInfo> series = selection.ofType(tenant, type, request.getLabelSelector(), "label_selector");
        Map<Long, SeriesInfo> byId = new HashMap<>();
        series.forEach(info -> byId.put(info.id(), info));
        TimeSeriesAggregationType aggregation = request.hasAggregation() ? request.getAggregation()
                : TimeSeriesAggregationType.TIME_SERIES_AGGREGATION_TYPE_SUM;
        List<Series> lines = SeriesPoints.of(type, groupBy, byId, queries.timelines(series, window, stepMicros), aggregation,
                startMicros / 1000, stepMicros / 1000, (int) points, request.hasLimit() ? request.getLimit() : 0);
        return SelectSeriesResponse.newBuilder().addAllSeries(lines).build();
    }

    public DiffResponse diff(String tenant, DiffRequest request) throws SQLException {
        SelectMergeStacktracesRequest left = request.getLeft();
        SelectMergeStacktracesRequest right = request.getRight();
        ProfileType leftType = requiredType(left.getProfileTypeID(), "left.profile_typeID");
        ProfileType rightType = requiredType(right.getProfileTypeID(), "right.profile_typeID");
        if (!leftType.equals(rightType)) {
            throw new BadRequestException("left.profile_typeID (" + leftType.id() + ") and right.profile_typeID (" + rightType.id()
                    + ") must be the same type");
        }
        long requested = Math.max(left.hasMaxNodes() ? left.getMaxNodes() : 0, right.hasMaxNodes() ? right.getMaxNodes() : 0);
        int nodes = maxNodes(requested);
        MergedWindow leftWindow = merge(tenant, left.getProfileTypeID(), left.getLabelSelector(), left.getStart(), left.getEnd(), "left.",
                null);
        MergedWindow rightWindow = merge(tenant, right.getProfileTypeID(), right.getLabelSelector(), right.getStart(), right.getEnd(),
                "right.", null);
        metrics.read("diff", leftWindow.stats().plus(rightWindow.stats()));
        WindowDiff sides = WindowDiff.of(leftWindow, rightWindow);
        return DiffResponse.newBuilder().setFlamegraph(WholeUnits.flameGraphDiff(sides.flamebearer(nodes), sides.scale())).build();
    }

    /** The merged window of one side; {@code prefix} ("", "left.", "right.") names its fields in errors. */
    MergedWindow merge(String tenant, String typeId, String selector, long startMs, long endMs, String prefix, String endpoint)
            throws SQLException {
        ProfileType type = requiredType(typeId, prefix + "profile_typeID");
        QueryWindow window = window(startMs, endMs, DATA_DEFAULT, prefix);
        MergedWindow merged = queries.merge(selection.ofType(tenant, type, selector, prefix + "label_selector"), type, window);
        if (endpoint != null) {
            metrics.read(endpoint, merged.stats());
        }
        return merged;
    }

    /** The window {@code [start, end)} of ms since the epoch. */
    QueryWindow window(long startMs, long endMs, Duration defaultLength, String prefix) {
        Instant end = endMs == 0 ? params.now() : Instant.ofEpochMilli(endMs);
        Instant start = startMs == 0 ? end.minus(defaultLength) : Instant.ofEpochMilli(startMs);
        return params.window(start.toString(), end.toString(), prefix + "start", prefix + "end");
    }

    private static ProfileType requiredType(String id, String field) {
        if (id.isEmpty()) {
            throw new BadRequestException(field + " is required, e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        }
        return PyroscopeSelection.profileType(id, field);
    }

    /** 0 (or unset) is the default; more than the limit is a 400, as {@code maxNodes} is in the REST API. */
    private int maxNodes(long requested) {
        if (requested < 0 || requested > properties.query().maxNodesLimit()) {
            throw new BadRequestException("max_nodes must be between 0 (the default, " + properties.query().defaultMaxNodes() + ") and "
                    + properties.query().maxNodesLimit());
        }
        return requested == 0 ? properties.query().defaultMaxNodes() : (int) requested;
    }

    /** A step in seconds (a whole number of ms, at least 1 s), or 0 for about 1,500 points of at least 15 s. */
    private long stepMicros(double stepSeconds, QueryWindow window) {
        if (stepSeconds == 0) {
            long seconds = Math.max(MIN_AUTO_STEP_SECONDS, (window.durationNanos() / 1_000_000_000L + AUTO_POINTS - 1) / AUTO_POINTS);
            return seconds * 1_000_000L;
        }
        if (!(stepSeconds >= 1) || stepSeconds > properties.query().maxWindow().toSeconds()) {
            throw new BadRequestException("step must be between 1 and " + properties.query().maxWindow().toSeconds() + " seconds, or 0");
        }
        return Math.round(stepSeconds * 1000) * 1000;
    }

    private List<SeriesInfo> present(List<SeriesInfo> series, QueryWindow window) throws SQLException {
        return queries.withData(series, window);
    }

    private static PprofProto.Profile pprof(MergedWindow merged) {
        return PprofEncoder.toProto(new WindowProfile(merged.profile(), merged.scale()).rounded());
    }
}
