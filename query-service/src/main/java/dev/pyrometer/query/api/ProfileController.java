package dev.pyrometer.query.api;

import dev.pyrometer.profile.flamegraph.FlameGraph;
import dev.pyrometer.profile.merge.WindowProfile;
import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.PprofEncoder;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.query.service.MergedWindow;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.service.QueryMetrics;
import dev.pyrometer.query.window.QueryWindow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One window of one profile type as a flame graph, a {@code go tool pprof -top} table, or a pprof file. */
@RestController
@RequestMapping("/api/v1")
public class ProfileController {
    private final ProfileQueries queries;
    private final RequestParams params;
    private final QueryMetrics metrics;

    public ProfileController(ProfileQueries queries, RequestParams params, QueryMetrics metrics) {
        this.queries = queries;
        this.params = params;
        this.metrics = metrics;
    }

    /**
     * What every answer says about the window it merged. {@code values} says what every value of the answer is:
     * {@code "sum"} (the window's total, summed types) or {@code "average"} (the mean over each series'
     * snapshots, summed over series, instant types; not rounded, so it may have a fraction); for averages
     * {@code averageOf} is the snapshot count averaged over (the snapshots of all series), else null.
     */
    public record WindowInfo(String profileType, String unit, String aggregation, String from, String to, int series, long snapshots,
                             Number total, String values, Long averageOf) {
        static WindowInfo of(MergedWindow merged, QueryWindow window) {
            ProfileType type = merged.profile().type();
            boolean average = type.aggregation() == Aggregation.AVERAGE;
            return new WindowInfo(type.id(), type.sampleUnit(), type.aggregation().name().toLowerCase(java.util.Locale.ROOT),
                    window.from().toString(), window.to().toString(), merged.series(), merged.snapshots(),
                    ScaledValues.of(merged.profile().total(), merged.scale()), average ? "average" : "sum",
                    average ? merged.snapshots() : null);
        }
    }

    public record FlameGraphAnswer(WindowInfo window, ScaledFlamebearer flamebearer) {
    }

    /** One line of the top table; percentages are of the total, sum% adds up the flat column down to this row. */
    public record TopRow(String function, Number flat, double flatPercent, double sumPercent, Number cum, double cumPercent) {
    }

    /** {@code shownFlat} and {@code droppedRows} are pprof's "showing nodes accounting for …" and "dropped … nodes". */
    public record TopAnswer(WindowInfo window, Number shownFlat, int droppedRows, List<TopRow> rows) {
    }

    @GetMapping("/flamegraph")
    public FlameGraphAnswer flameGraph(HttpServletRequest request,
                                       @RequestParam String profileType, @RequestParam(required = false) String query,
                                       @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String to,
                                       @RequestParam(required = false) Integer maxNodes) throws SQLException {
        int nodes = params.maxNodes(maxNodes);
        QueryWindow window = params.window(from, to, "");
        MergedWindow merged = merge(request, profileType, query, window, "flamegraph");
        return new FlameGraphAnswer(WindowInfo.of(merged, window),
                ScaledFlamebearer.of(FlameGraph.flamebearer(List.of(merged.profile()), nodes), merged.scale()));
    }

    @GetMapping("/top")
    public TopAnswer top(HttpServletRequest request,
                         @RequestParam String profileType, @RequestParam(required = false) String query,
                         @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String to,
                         @RequestParam(required = false) Integer limit) throws SQLException {
        if (limit != null && limit < 1) {
            throw new BadRequestException("parameter 'limit' must be at least 1");
        }
        QueryWindow window = params.window(from, to, "");
        MergedWindow merged = merge(request, profileType, query, window, "top");
        FunctionTotals totals = FunctionTotals.of(List.of(merged.profile()));
        double total = totals.total();
        List<FunctionTotals.Row> all = totals.rows();
        int shown = limit == null ? all.size() : Math.min(limit, all.size());
        List<TopRow> rows = new ArrayList<>(shown);
        long sum = 0;
        for (FunctionTotals.Row row : all.subList(0, shown)) {
            sum += row.flat();
            rows.add(new TopRow(row.function(), ScaledValues.of(row.flat(), merged.scale()), percent(row.flat(), total), percent(sum, total),
                    ScaledValues.of(row.cum(), merged.scale()), percent(row.cum(), total)));
        }
        return new TopAnswer(WindowInfo.of(merged, window), ScaledValues.of(sum, merged.scale()), all.size() - shown, rows);
    }

    /**
     * The merged window as a gzipped pprof, for {@code go tool pprof URL}. pprof values are integers: an averaged
     * window is exported with each stack rounded half up, and a stack with a non-zero average keeps at least 1.
     */
    @GetMapping("/pprof")
    public ResponseEntity<byte[]> pprof(HttpServletRequest request,
                                       @RequestParam String profileType, @RequestParam(required = false) String query,
                                       @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String to)
            throws SQLException {
        QueryWindow window = params.window(from, to, "");
        SeriesProfile profile = rounded(merge(request, profileType, query, window, "pprof"));
        String name = profile.type().name() + "-" + profile.type().sampleType() + "-" + window.from().getEpochSecond() + ".pb.gz";
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(PprofEncoder.encode(profile));
    }

    private MergedWindow merge(HttpServletRequest request, String profileType, String query, QueryWindow window, String endpoint) throws SQLException {
        MergedWindow merged = queries.merge(params.tenant(request), params.profileType(profileType), params.selector(query, "query"),
                params.selectorEvaluation(), window);
        metrics.read(endpoint, merged.stats());
        return merged;
    }

    private static SeriesProfile rounded(MergedWindow merged) {
        return new WindowProfile(merged.profile(), merged.scale()).rounded();
    }

    private static double percent(long value, double total) {
        return total == 0 ? 0 : 100.0 * value / total;
    }
}
