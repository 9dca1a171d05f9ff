package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.diff.DiffTable;
import dev.pyrometer.profile.diff.Presence;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.selector.SelectorEvaluation;
import dev.pyrometer.query.service.MergedWindow;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.service.QueryMetrics;
import dev.pyrometer.query.service.SelectorParameter;
import dev.pyrometer.query.service.WindowDiff;
import dev.pyrometer.query.window.QueryWindow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.util.List;

/**
 * Two windows of one profile type compared: left is the base ("last week"), right the comparison
 * ("today"). Each side has its own window and, optionally, its own selector.
 */
@RestController
@RequestMapping("/api/v1")
public class DiffController {
    private final ProfileQueries queries;
    private final RequestParams params;
    private final QueryMetrics metrics;

    public DiffController(ProfileQueries queries, RequestParams params, QueryMetrics metrics) {
        this.queries = queries;
        this.params = params;
        this.metrics = metrics;
    }

    /**
     * {@code leftTotal}/{@code rightTotal} are the two windows' totals (frameless stacks included), so shares
     * ({@code leftTotal} as 100%) and absolute values both follow; {@code table} is the diff's top table.
     */
    public record DiffAnswer(String profileType, String unit, String aggregation, ProfileController.WindowInfo left,
                             ProfileController.WindowInfo right, ScaledDiffFlamebearer flamebearer, Number leftTotal, Number rightTotal,
                             List<DiffRow> table) {
    }

    /**
     * One function of the diff table: flat and cum on each side, their changes (right − left, as
     * {@code go tool pprof -top -base LEFT RIGHT} prints them) and on which side the function appears.
     */
    public record DiffRow(String function, Number leftFlat, Number leftCum, Number rightFlat, Number rightCum, Number flatChange,
                          Number cumChange, Presence presence) {
        static DiffRow of(DiffTable.Row row, long scale) {
            return new DiffRow(row.function(), ScaledValues.of(row.leftFlat(), scale), ScaledValues.of(row.leftCum(), scale),
                    ScaledValues.of(row.rightFlat(), scale), ScaledValues.of(row.rightCum(), scale),
                    ScaledValues.of(row.flatChange(), scale), ScaledValues.of(row.cumChange(), scale), row.presence());
        }
    }

    @GetMapping("/diff")
    public DiffAnswer diff(HttpServletRequest request,
                           @RequestParam String profileType, @RequestParam(required = false) String query,
                           @RequestParam(required = false) String leftQuery, @RequestParam(required = false) String rightQuery,
                           @RequestParam String leftFrom, @RequestParam String leftTo,
                           @RequestParam String rightFrom, @RequestParam String rightTo,
                           @RequestParam(required = false) Integer maxNodes,
                           @RequestParam(defaultValue = "200") int tableLimit) throws SQLException {
        if (tableLimit < 0) {
            throw new BadRequestException("parameter 'tableLimit' must not be negative");
        }
        int nodes = params.maxNodes(maxNodes);
        String owner = params.tenant(request);
        ProfileType type = params.profileType(profileType);
        QueryWindow leftWindow = params.window(leftFrom, leftTo, "left");
        QueryWindow rightWindow = params.window(rightFrom, rightTo, "right");
        SelectorParameter leftSelector = params.selector(leftQuery != null ? leftQuery : query, leftQuery != null ? "leftQuery" : "query");
        SelectorParameter rightSelector = params.selector(rightQuery != null ? rightQuery : query, rightQuery != null ? "rightQuery" : "query");
        SelectorEvaluation evaluation = params.selectorEvaluation();
        MergedWindow left = queries.merge(owner, type, leftSelector, evaluation, leftWindow);
        MergedWindow right = queries.merge(owner, type, rightSelector, evaluation, rightWindow);
        metrics.read("diff", left.stats().plus(right.stats()));

        WindowDiff sides = WindowDiff.of(left, right);
        SeriesProfile leftProfile = sides.left();
        SeriesProfile rightProfile = sides.right();
        long scale = sides.scale();
        DiffTable table = DiffTable.of(List.of(leftProfile), List.of(rightProfile));
        List<DiffRow> rows = table.rows().subList(0, Math.min(tableLimit, table.rows().size())).stream()
                .map(row -> DiffRow.of(row, scale)).toList();
        return new DiffAnswer(type.id(), type.sampleUnit(), type.aggregation().name().toLowerCase(java.util.Locale.ROOT),
                ProfileController.WindowInfo.of(left, leftWindow), ProfileController.WindowInfo.of(right, rightWindow),
                ScaledDiffFlamebearer.of(sides.flamebearer(nodes), scale),
                ScaledValues.of(table.leftTotal(), scale), ScaledValues.of(table.rightTotal(), scale), rows);
    }
}
