package dev.pyrometer.query.pyroscope;

import dev.pyrometer.protocol.pprof.PprofProto;
import dev.pyrometer.protocol.pyroscope.querier.v1.DiffRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.DiffResponse;
import dev.pyrometer.protocol.pyroscope.querier.v1.FlameGraph;
import dev.pyrometer.protocol.pyroscope.querier.v1.Level;
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
import dev.pyrometer.protocol.pyroscope.types.v1.Point;
import dev.pyrometer.protocol.pyroscope.types.v1.ProfileType;
import dev.pyrometer.protocol.pyroscope.types.v1.Series;
import dev.pyrometer.protocol.pyroscope.types.v1.TimeSeriesAggregationType;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static dev.pyrometer.query.support.QueryFixture.CATALOG_AT;
import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static dev.pyrometer.query.support.QueryFixture.GOROUTINE;
import static dev.pyrometer.query.support.QueryFixture.INUSE_SPACE;
import static dev.pyrometer.query.support.QueryFixture.TIMELINE_P1_START;
import static dev.pyrometer.query.support.QueryFixture.slot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * querier.v1.QuerierService answers, in both encodings, what the REST API answers for the same tenant, selector
 * and window: the same flame graph, pprof, diff and timeline, and the catalog with Pyroscope's derived labels.
 */
class QuerierServiceTest extends RunningQueryService {
    private static final String CPU_SAMPLES = "process_cpu:samples:count:cpu:nanoseconds";
    private static final Map<String, String> ACME = Map.of("X-Scope-OrgID", "acme");
    private ConnectClient connect;

    @BeforeEach
    void client() {
        connect = new ConnectClient(port);
    }

    @Test
    void profileTypesAreTheTypesWithDataInTheWindow() {
        ProfileTypesResponse types = connect.call("ProfileTypes", ProfileTypesRequest.newBuilder()
                .setStart(CATALOG_AT.minusSeconds(60).toEpochMilli()).setEnd(CATALOG_AT.plusSeconds(60).toEpochMilli()).build(),
                ProfileTypesResponse.getDefaultInstance(), ACME);
        JsonNode rest = get(url("catalog/profile-types", "from", t(CATALOG_AT.minusSeconds(60)), "to", t(CATALOG_AT.plusSeconds(60))),
                ACME).json();
        List<String> expected = new ArrayList<>();
        rest.get("profileTypes").forEach(type -> expected.add(type.asString()));
        assertThat(types.getProfileTypesList()).extracting(ProfileType::getID).containsExactlyElementsOf(expected).contains(CPU, GOROUTINE);
        assertThat(types.getProfileTypesList()).filteredOn(type -> type.getID().equals(CPU)).singleElement()
                .isEqualTo(ProfileType.newBuilder().setID(CPU).setName("process_cpu").setSampleType("cpu").setSampleUnit("nanoseconds")
                        .setPeriodType("cpu").setPeriodUnit("nanoseconds").build());
    }

    @Test
    void labelNamesAndValuesIncludePyroscopesDerivedLabels() {
        long start = CATALOG_AT.minusSeconds(60).toEpochMilli();
        long end = CATALOG_AT.plusSeconds(60).toEpochMilli();
        LabelNamesResponse names = connect.call("LabelNames", LabelNamesRequest.newBuilder()
                .addMatchers("{__profile_type__=\"" + CPU + "\"}").setStart(start).setEnd(end).build(), LabelNamesResponse.getDefaultInstance(), ACME);
        assertThat(names.getNamesList()).containsExactly("__name__", "__period_type__", "__period_unit__", "__profile_type__", "__type__",
                "__unit__", "env", "pod", "service_name");

        LabelValuesResponse pods = connect.call("LabelValues", LabelValuesRequest.newBuilder().setName("pod")
                .addMatchers("{__name__=\"process_cpu\", env=\"prod\"}").setStart(start).setEnd(end).build(),
                LabelValuesResponse.getDefaultInstance(), ACME);
        assertThat(pods.getNamesList()).containsExactly("checkout-1", "checkout-2");

        LabelValuesResponse types = connect.call("LabelValues", LabelValuesRequest.newBuilder().setName("__profile_type__")
                .addMatchers("{service_name=\"search\"}").addMatchers("{pod=\"checkout-canary\"}").setStart(start).setEnd(end).build(),
                LabelValuesResponse.getDefaultInstance(), ACME);
        assertThat(types.getNamesList()).as("matchers select the union of their series").containsExactly(GOROUTINE, CPU, CPU_SAMPLES);
    }

    @Test
    void seriesWithLabelNamesGivesEachDistinctSetOnce() {
        SeriesResponse series = connect.call("Series", SeriesRequest.newBuilder().addMatchers("{service_name=\"checkout\"}")
                .addLabelNames("__profile_type__").addLabelNames("service_name")
                .setStart(CATALOG_AT.minusSeconds(60).toEpochMilli()).setEnd(CATALOG_AT.plusSeconds(60).toEpochMilli()).build(),
                SeriesResponse.getDefaultInstance(), ACME);
        assertThat(series.getLabelsSetList()).extracting(labels -> labels.getLabelsList().stream()
                        .map(pair -> pair.getName() + "=" + pair.getValue()).toList())
                .containsExactly(List.of("__profile_type__=" + GOROUTINE, "service_name=checkout"),
                        List.of("__profile_type__=" + CPU, "service_name=checkout"),
                        List.of("__profile_type__=" + CPU_SAMPLES, "service_name=checkout"));
    }

    @Test
    void selectMergeStacktracesIsTheRestFlameGraph() {
        for (String type : List.of(CPU, INUSE_SPACE)) {
            String service = type.equals(CPU) ? "golden-cpu" : "golden-heap";
            FlameGraph graph = connect.call("SelectMergeStacktraces", merge(type, service, GOLDEN_FROM, GOLDEN_TO).setMaxNodes(65_536).build(),
                    SelectMergeStacktracesResponse.getDefaultInstance()).getFlamegraph();
            JsonNode rest = ok(url("flamegraph", "profileType", type, "query", service(service), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO),
                    "maxNodes", 65_536)).get("flamebearer");

            assertThat(graph.getNamesList()).containsExactlyElementsOf(strings(rest.get("names")));
            assertThat(graph.getTotal()).as(type).isEqualTo(Math.round(rest.get("numTicks").asDouble())).isPositive();
            assertThat(graph.getMaxSelf()).isEqualTo(Math.round(rest.get("maxSelf").asDouble()));
            assertThat(graph.getLevelsCount()).isEqualTo(rest.get("levels").size());
            for (int i = 0; i < graph.getLevelsCount(); i++) {
                List<Long> expected = new ArrayList<>();
                JsonNode level = rest.get("levels").get(i);
                // averaged values rounded half up, each on its own; a summed window is exact
                level.forEach(value -> expected.add((long) Math.floor(value.asDouble() + 0.5)));
                assertThat(graph.getLevels(i).getValuesList()).as("%s level %d", type, i).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void maxNodesCutsTheGraphAsTheRestApiDoes() {
        FlameGraph graph = connect.call("SelectMergeStacktraces", merge(CPU, "golden-cpu", GOLDEN_FROM, GOLDEN_TO).setMaxNodes(5).build(),
                SelectMergeStacktracesResponse.getDefaultInstance()).getFlamegraph();
        JsonNode rest = ok(url("flamegraph", "profileType", CPU, "query", service("golden-cpu"), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO),
                "maxNodes", 5)).get("flamebearer");
        assertThat(graph.getNamesList()).containsExactlyElementsOf(strings(rest.get("names"))).contains("other");
        assertThat(graph.getLevelsList()).extracting(Level::getValuesList).containsExactlyElementsOf(levels(rest.get("levels")));
    }

    @Test
    void selectMergeProfileAndThePprofFormatAreTheRestPprofExport() throws IOException {
        for (String type : List.of(CPU, INUSE_SPACE)) {
            String service = type.equals(CPU) ? "golden-cpu" : "golden-heap";
            Answer export = get(url("pprof", "profileType", type, "query", service(service), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO)));
            PprofProto.Profile rest = PprofProto.Profile.parseFrom(new GZIPInputStream(new ByteArrayInputStream(export.body())));

            SelectMergeStacktracesRequest request = merge(type, service, GOLDEN_FROM, GOLDEN_TO).build();
            PprofProto.Profile profile = connect.call("SelectMergeProfile", SelectMergeProfileRequest.newBuilder()
                    .setProfileTypeID(type).setLabelSelector(request.getLabelSelector()).setStart(request.getStart()).setEnd(request.getEnd())
                    .build(), PprofProto.Profile.getDefaultInstance());
            assertThat(profile).isEqualTo(rest);
            assertThat(profile.getSampleCount()).isPositive();

            SelectMergeStacktracesResponse asPprof = connect.call("SelectMergeStacktraces", request.toBuilder()
                    .setFormat(ProfileFormat.PROFILE_FORMAT_PPROF).build(), SelectMergeStacktracesResponse.getDefaultInstance());
            assertThat(asPprof.getPprof().getProfile()).isEqualTo(rest);
            assertThat(asPprof.hasFlamegraph()).isFalse();
        }
    }

    @Test
    void diffIsTheRestDiff() {
        Instant leftFrom = slot(2).minusSeconds(5);
        Instant rightFrom = slot(5).minusSeconds(5);
        DiffResponse diff = connect.call("Diff", DiffRequest.newBuilder()
                .setLeft(merge(CPU, "golden-cpu", leftFrom, leftFrom.plusSeconds(10)).setMaxNodes(65_536))
                .setRight(merge(CPU, "golden-cpu", rightFrom, rightFrom.plusSeconds(10)).setMaxNodes(65_536)).build(),
                DiffResponse.getDefaultInstance());
        JsonNode rest = ok(url("diff", "profileType", CPU, "query", service("golden-cpu"), "leftFrom", t(leftFrom),
                "leftTo", t(leftFrom.plusSeconds(10)), "rightFrom", t(rightFrom), "rightTo", t(rightFrom.plusSeconds(10)),
                "maxNodes", 65_536)).get("flamebearer");

        assertThat(diff.getFlamegraph().getLeftTicks()).isEqualTo(rest.get("leftTicks").asLong()).isPositive();
        assertThat(diff.getFlamegraph().getRightTicks()).isEqualTo(rest.get("rightTicks").asLong()).isPositive();
        assertThat(diff.getFlamegraph().getTotal()).isEqualTo(rest.get("numTicks").asLong());
        assertThat(diff.getFlamegraph().getNamesList()).containsExactlyElementsOf(strings(rest.get("names")));
        assertThat(diff.getFlamegraph().getLevelsList()).extracting(Level::getValuesList).containsExactlyElementsOf(levels(rest.get("levels")));
    }

    @Test
    void selectSeriesOfAnInstantTypeIsTheRestTimelineGroupedByPod() {
        Instant from = TIMELINE_P1_START;
        Instant to = from.plus(Duration.ofMinutes(20));
        SelectSeriesResponse series = connect.call("SelectSeries", SelectSeriesRequest.newBuilder().setProfileTypeID(GOROUTINE)
                .setLabelSelector(service("timeline")).setStart(from.toEpochMilli()).setEnd(to.toEpochMilli()).setStep(60)
                .addGroupBy("pod").build(), SelectSeriesResponse.getDefaultInstance());
        JsonNode rest = ok(url("timeline", "profileType", GOROUTINE, "query", service("timeline"), "from", t(from), "to", t(to),
                "step", "1m", "groupBy", "pod"));

        assertThat(series.getSeriesList()).extracting(line -> line.getLabels(0))
                .containsExactly(pair("pod", "p1"), pair("pod", "p2"));
        for (int i = 0; i < 2; i++) {
            List<Point> expected = new ArrayList<>();
            JsonNode values = rest.at("/lines/" + i + "/values");
            for (int k = 0; k < values.size(); k++) {
                if (!values.get(k).isNull()) {
                    expected.add(Point.newBuilder().setTimestamp(rest.get("start").asLong() + k * 60_000L).setValue(values.get(k).asDouble()).build());
                }
            }
            assertThat(series.getSeries(i).getPointsList()).as("pod p%d", i + 1).isEqualTo(expected).isNotEmpty();
        }
    }

    @Test
    void selectSeriesOfASummedTypeAddsTheStepsSnapshotsUpToTheWindowTotal() {
        Instant from = TIMELINE_P1_START;
        Instant to = from.plus(Duration.ofMinutes(20));
        SelectSeriesResponse sum = connect.call("SelectSeries", SelectSeriesRequest.newBuilder().setProfileTypeID(CPU)
                .setLabelSelector(service("timeline")).setStart(from.toEpochMilli()).setEnd(to.toEpochMilli()).setStep(300).build(),
                SelectSeriesResponse.getDefaultInstance());
        long total = ok(url("flamegraph", "profileType", CPU, "query", service("timeline"), "from", t(from), "to", t(to)))
                .at("/flamebearer/numTicks").asLong();

        Series line = sum.getSeries(0);
        assertThat(sum.getSeriesCount()).isOne();
        assertThat(line.getLabelsList()).isEmpty();
        assertThat(line.getPointsList()).extracting(Point::getTimestamp)
                .containsExactly(from.toEpochMilli(), from.plusSeconds(300).toEpochMilli(), from.plusSeconds(600).toEpochMilli(),
                        from.plusSeconds(900).toEpochMilli());
        assertThat(line.getPointsList().stream().mapToDouble(Point::getValue).sum()).isEqualTo((double) total).isPositive();

        SelectSeriesResponse average = connect.call("SelectSeries", SelectSeriesRequest.newBuilder().setProfileTypeID(CPU)
                .setLabelSelector(service("timeline")).setStart(from.toEpochMilli()).setEnd(to.toEpochMilli()).setStep(300)
                .setAggregation(TimeSeriesAggregationType.TIME_SERIES_AGGREGATION_TYPE_AVERAGE).build(), SelectSeriesResponse.getDefaultInstance());
        // step 0 holds p1's 30 snapshots only (p2 starts at 10:00)
        assertThat(average.getSeries(0).getPoints(0).getValue()).isEqualTo(line.getPoints(0).getValue() / 30);
    }

    @Test
    void aTenantSeesOnlyItsOwnSeries() {
        SelectMergeStacktracesRequest request = merge(CPU, "golden-cpu", GOLDEN_FROM, GOLDEN_TO).build();
        long defaultTotal = connect.call("SelectMergeStacktraces", request, SelectMergeStacktracesResponse.getDefaultInstance())
                .getFlamegraph().getTotal();
        long acmeTotal = connect.call("SelectMergeStacktraces", request, SelectMergeStacktracesResponse.getDefaultInstance(), ACME)
                .getFlamegraph().getTotal();
        assertThat(acmeTotal).isEqualTo(ok(url("flamegraph", "profileType", CPU, "query", service("golden-cpu"), "from", t(GOLDEN_FROM),
                "to", t(GOLDEN_TO), "tenant", "acme")).at("/flamebearer/numTicks").asLong()).isPositive().isNotEqualTo(defaultTotal);
    }

    static SelectMergeStacktracesRequest.Builder merge(String type, String service, Instant from, Instant to) {
        return SelectMergeStacktracesRequest.newBuilder().setProfileTypeID(type).setLabelSelector(service(service))
                .setStart(from.toEpochMilli()).setEnd(to.toEpochMilli());
    }

    private static LabelPair pair(String name, String value) {
        return LabelPair.newBuilder().setName(name).setValue(value).build();
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    static List<List<Long>> levels(JsonNode levels) {
        List<List<Long>> result = new ArrayList<>();
        levels.forEach(level -> {
            List<Long> values = new ArrayList<>();
            level.forEach(value -> values.add(value.asLong()));
            result.add(values);
        });
        return result;
    }
}
