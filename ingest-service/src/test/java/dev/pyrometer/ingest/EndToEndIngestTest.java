package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.GoldenTopFile;
import dev.pyrometer.ingest.support.RunningIngestService;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.protocol.pprof.PprofProto;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.read.ProfileReader;
import dev.pyrometer.storage.read.StoredProfile;
import dev.pyrometer.storage.write.Receipts;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.pyrometer.ingest.support.IngestTestKit.capture;
import static dev.pyrometer.ingest.support.IngestTestKit.count;
import static dev.pyrometer.ingest.support.IngestTestKit.expectedSeries;
import static dev.pyrometer.ingest.support.IngestTestKit.kind;
import static dev.pyrometer.ingest.support.IngestTestKit.labels;
import static dev.pyrometer.ingest.support.IngestTestKit.push;
import static dev.pyrometer.ingest.support.IngestTestKit.recentNanos;
import static dev.pyrometer.ingest.support.IngestTestKit.seriesCount;
import static dev.pyrometer.ingest.support.IngestTestKit.stub;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * All 42 real Go captures pushed through the running application over loopback TCP, then read back
 * from PostgreSQL: every (capture, sample type) must reproduce {@code go tool pprof -top} exactly and
 * hold the same stacks (inline frames, files and lines) with the same values as the upload.
 */
class EndToEndIngestTest extends RunningIngestService {
    private static final String ENV = "e2e";
    private static final LabelSet SERIES_LABELS = LabelSet.of(Map.of("service_name", Fixtures.SERVICE, "env", ENV));
    /** Every profile type the captures make, named independently of the code under test. */
    private static final List<String> EXPECTED_TYPES = List.of(
            "block:contentions:count:contentions:count",
            "block:delay:nanoseconds:contentions:count",
            "goroutine:goroutine:count:goroutine:count",
            "memory:alloc_objects:count:space:bytes",
            "memory:alloc_space:bytes:space:bytes",
            "memory:inuse_objects:count:space:bytes",
            "memory:inuse_space:bytes:space:bytes",
            "mutex:contentions:count:contentions:count",
            "mutex:delay:nanoseconds:contentions:count",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            "process_cpu:samples:count:cpu:nanoseconds",
            "threadcreate:threadcreate:count:threadcreate:count");

    @Test
    void everyGoCaptureIsStoredExactlyAsGoToolPprofReadsIt() throws SQLException {
        long base = recentNanos();
        Map<String, RawProfile> pushed = new LinkedHashMap<>();
        int capturesSoFar = 0;
        // One push per kind (six rounds each). Mutex and block profiles are named on odd rounds and
        // left to inference on even rounds: both must land in the same series.
        for (String kind : Fixtures.KINDS) {
            List<RawProfile> profiles = new ArrayList<>();
            for (String capture : Fixtures.captures(kind)) {
                int round = Integer.parseInt(capture.substring(kind.length() + 1, capture.indexOf('.')));
                boolean named = (kind.equals("mutex") || kind.equals("block")) && round % 2 == 1;
                RawProfile profile = capture(capture, "e2e-" + capture, base + capturesSoFar++ * 1_000_000_000L,
                        labels("service_name", Fixtures.SERVICE, "env", ENV), named ? kind : "");
                profiles.add(profile);
                pushed.put(capture, profile);
            }
            PushResponse response = stub(channel, null).push(push(profiles));

            assertThat(response.getResultsList()).extracting(ProfileResult::getId)
                    .containsExactlyElementsOf(profiles.stream().map(RawProfile::getId).toList());
            for (ProfileResult result : response.getResultsList()) {
                String capture = result.getId().substring("e2e-".length());
                assertThat(result.getOutcome()).as(capture).isEqualTo(Outcome.OUTCOME_ACCEPTED);
                assertThat(result.getSeriesProfiles()).as(capture).isEqualTo(seriesCount(Fixtures.proto(capture)));
            }
        }
        assertThat(pushed).hasSize(42);

        assertThat(seriesTypes()).containsExactlyElementsOf(EXPECTED_TYPES);
        assertThat(count(database(), "SELECT count(*) FROM " + RawRows.all() + " p JOIN series s ON s.id = p.series_id "
                + "WHERE s.labels = '{\"service_name\": \"seedapp\", \"env\": \"e2e\"}'::jsonb")).isEqualTo(96);

        ProfileReader reader = new ProfileReader(database());
        int compared = 0;
        for (Map.Entry<String, RawProfile> entry : pushed.entrySet()) {
            String capture = entry.getKey();
            RawProfile profile = entry.getValue();
            PprofProto.Profile pprof = Fixtures.proto(capture);
            List<SeriesProfile> uploaded = expectedSeries(capture, SERIES_LABELS, profile.getProfileName(), profile.getStartTimeUnixNanos());
            for (PprofProto.ValueType sampleType : pprof.getSampleTypeList()) {
                String type = typeId(capture, pprof, sampleType);
                String what = capture + " " + type;
                long seriesId = seriesId(type);
                List<StoredProfile> stored = reader.read(seriesId, profile.getStartTimeUnixNanos(), profile.getStartTimeUnixNanos() + 1000);
                assertThat(stored).as(what).hasSize(1);
                StoredProfile snapshot = stored.get(0);
                SeriesProfile readBack = snapshot.profile();

                assertThat(snapshot.receipt()).as(what).isEqualTo(Receipts.of(profile.getId()));
                assertThat(readBack.type().id()).as(what).isEqualTo(type);
                assertThat(readBack.labels()).as(what).isEqualTo(SERIES_LABELS);
                assertThat(readBack.timeNanos()).as(what).isEqualTo(profile.getStartTimeUnixNanos());
                assertThat(readBack.durationNanos()).as(what).isEqualTo(pprof.getDurationNanos());
                assertThat(readBack.period()).as(what).isEqualTo(pprof.getPeriod());

                GoldenTopFile golden = GoldenTopFile.of(capture, string(pprof, sampleType.getType()));
                FunctionTotals totals = FunctionTotals.of(List.of(readBack));
                assertThat(totals.rows()).as(what).containsExactlyElementsOf(golden.rows());
                assertThat(totals.total()).as(what).isEqualTo(golden.total());
                assertThat(storedTotal(seriesId, snapshot.receipt())).as(what + " stored total").isEqualTo(golden.total());

                SeriesProfile input = uploaded.stream().filter(series -> series.type().id().equals(type)).findFirst().orElseThrow();
                assertThat(readBack.valuesByStack()).as(what).isEqualTo(input.valuesByStack());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(96);
    }

    /** The inline expansion survives storage: cpu-1's increase2000 was inlined into its callers with file and line. */
    @Test
    void inlineFramesKeepTheirFilesAndLines() throws SQLException {
        long start = recentNanos() - 3_600_000_000_000L;
        RawProfile profile = capture("cpu-1.pb.gz", "e2e-inline", start, labels("service_name", Fixtures.SERVICE, "env", "e2e-inline"), "");
        assertThat(stub(channel, null).push(push(profile)).getResults(0).getOutcome()).isEqualTo(Outcome.OUTCOME_ACCEPTED);

        long seriesId = seriesIdWhere("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "{\"service_name\": \"seedapp\", \"env\": \"e2e-inline\"}");
        SeriesProfile readBack = new ProfileReader(database()).read(seriesId, start, start + 1000).get(0).profile();
        List<List<Frame>> inlined = readBack.valuesByStack().keySet().stream()
                .filter(stack -> !stack.isEmpty() && stack.get(0).function().equals("main.increase2000"))
                .toList();
        assertThat(inlined).isNotEmpty();
        for (List<Frame> stack : inlined) {
            Frame leaf = stack.get(0);
            Frame caller = stack.get(1);
            assertThat(leaf.file()).endsWith(".go");
            assertThat(leaf.line()).isPositive();
            // The inlined frame and its caller come from one pprof Location: same file, caller's own line.
            assertThat(caller.function()).isIn("main.IncreaseInt", "main.IncreaseIntGoroutine.func1");
            assertThat(caller.file()).isEqualTo(leaf.file());
            assertThat(caller.line()).isPositive().isNotEqualTo(leaf.line());
        }
    }

    /** pprof names the type as {@code name:sample_type:sample_unit:period_type:period_unit}; the name follows the capture's kind. */
    private static String typeId(String capture, PprofProto.Profile pprof, PprofProto.ValueType sampleType) {
        String name = switch (kind(capture)) {
            case "cpu" -> "process_cpu";
            case "heap", "allocs" -> "memory";
            default -> kind(capture);
        };
        return name + ":" + string(pprof, sampleType.getType()) + ":" + string(pprof, sampleType.getUnit()) + ":"
                + string(pprof, pprof.getPeriodType().getType()) + ":" + string(pprof, pprof.getPeriodType().getUnit());
    }

    private static String string(PprofProto.Profile pprof, long index) {
        return pprof.getStringTable((int) index);
    }

    private static List<String> seriesTypes() throws SQLException {
        List<String> types = new ArrayList<>();
        try (Connection connection = database().getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT s.profile_type FROM series s JOIN tenant t ON t.id = s.tenant_id "
                        + "WHERE t.name = 'default' AND s.labels = '{\"service_name\": \"seedapp\", \"env\": \"e2e\"}'::jsonb ORDER BY 1");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                types.add(rows.getString(1));
            }
        }
        return types;
    }

    private static long seriesId(String type) throws SQLException {
        return seriesIdWhere(type, "{\"service_name\": \"seedapp\", \"env\": \"e2e\"}");
    }

    private static long seriesIdWhere(String type, String labelsJson) throws SQLException {
        try (Connection connection = database().getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT s.id FROM series s JOIN tenant t ON t.id = s.tenant_id "
                        + "WHERE t.name = 'default' AND s.profile_type = ? AND s.labels = ?::jsonb")) {
            statement.setString(1, type);
            statement.setString(2, labelsJson);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("series %s %s exists", type, labelsJson).isTrue();
                long id = rows.getLong(1);
                assertThat(rows.next()).as("series %s %s is unique", type, labelsJson).isFalse();
                return id;
            }
        }
    }

    private static long storedTotal(long seriesId, long receipt) throws SQLException {
        try (Connection connection = database().getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT total FROM " + RawRows.all() + " AS p WHERE series_id = ? AND receipt = ?")) {
            statement.setLong(1, seriesId);
            statement.setLong(2, receipt);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                long total = rows.getLong(1);
                assertThat(rows.next()).as("one row per series and receipt").isFalse();
                return total;
            }
        }
    }
}
