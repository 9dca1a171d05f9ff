package dev.pyrometer.query.api;

import dev.pyrometer.profile.buckets.BucketMatrix;
import dev.pyrometer.profile.buckets.Metric;
import dev.pyrometer.profile.leak.Growth;
import dev.pyrometer.profile.leak.LeakAnalysis;
import dev.pyrometer.profile.leak.LeakRanking;
import dev.pyrometer.profile.leak.RankedGrowth;
import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.query.service.BucketQueries;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.window.QueryWindow;
import dev.pyrometer.storage.query.SeriesInfo;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What grows in an averaged type (inuse memory, goroutines): per function (cum) and per stack, the trend
 * over the window's buckets, judged within each series and process segment. See docs/api.md, "Leaks".
 */
@RestController
@RequestMapping("/api/v1")
public class LeakController {
    static final int MAX_BUCKETS = 361;

    private final ProfileQueries queries;
    private final BucketQueries buckets;
    private final RequestParams params;

    public LeakController(ProfileQueries queries, BucketQueries buckets, RequestParams params) {
        this.queries = queries;
        this.buckets = buckets;
        this.params = params;
    }

    /**
     * One rising metric.
     *
     * @param stack         for a stack row: function names from the root to the leaf; empty for a function row
     * @param growthPerHour sum over series of the Theil-Sen slope, in the unit per hour
     * @param segments      series segments (processes) with at least 3 buckets
     * @param meanLevel     mean over buckets of the selection's value, in the unit
     * @param starts        bucket starts (ms since the epoch) of {@code values}
     * @param values        the selection's value per bucket (sum over series of each one's mean)
     */
    public record Row(String function, List<String> stack, double growthPerHour, double p, double q, long s, int segments,
                      double meanLevel, boolean significant, long[] starts, double[] values) {
        static Row of(RankedGrowth ranked) {
            Growth g = ranked.growth();
            return new Row(g.metric().function(), g.metric().stack(), g.perHour(), g.p(), ranked.q(), g.s(), g.segments(), g.meanLevel(),
                    ranked.significant(), g.starts(), g.sparkline());
        }
    }

    /** {@code step} is in seconds; {@code verdict} is "no significant growth" or how many functions grow. */
    public record LeakAnswer(String profileType, String unit, String from, String to, long step, double alpha, int series,
                             int buckets, String verdict, int functionTests, int stackTests, List<Row> functions, List<Row> stacks) {
    }

    @GetMapping("/leaks")
    public LeakAnswer leaks(HttpServletRequest request, @RequestParam String profileType, @RequestParam(required = false) String query,
                            @RequestParam(defaultValue = "now-6h") String from, @RequestParam(defaultValue = "now") String to,
                            @RequestParam(required = false) String step, @RequestParam(defaultValue = "0.05") double alpha,
                            @RequestParam(defaultValue = "50") int limit) throws SQLException {
        String tenant = params.tenant(request);
        ProfileType type = params.profileType(profileType);
        if (type.aggregation() != Aggregation.AVERAGE) {
            throw new BadRequestException("parameter 'profileType': leaks are found in averaged types (inuse_*, goroutine); "
                    + type.id() + " is summed");
        }
        QueryWindow window = params.window(from, to, "");
        double level = BucketSteps.alpha(alpha);
        int rows = BucketSteps.limit(limit);
        Duration width = BucketSteps.step(step, window, MAX_BUCKETS);
        List<SeriesInfo> series = queries.series(tenant, type, params.selector(query, "query"), params.selectorEvaluation());
        List<BucketMatrix> matrices = buckets.perSeries(series, type, window, width, true, true);

        List<Growth> functionFamily = new ArrayList<>();
        List<Growth> stackFamily = new ArrayList<>();
        for (Growth growth : LeakAnalysis.trends(matrices)) {
            (growth.metric().kind() == Metric.Kind.STACK ? stackFamily : functionFamily).add(growth);
        }
        List<RankedGrowth> rankedFunctions = LeakRanking.rank(functionFamily, level);
        List<RankedGrowth> rankedStacks = LeakRanking.rank(stackFamily, level);
        long growing = rankedFunctions.stream().filter(RankedGrowth::significant).count();
        String verdict = growing == 0 ? "no significant growth" : growing + (growing == 1 ? " function grows" : " functions grow");
        return new LeakAnswer(type.id(), type.sampleUnit(), window.from().toString(), window.to().toString(), width.toSeconds(), level,
                matrices.size(), BucketMatrix.sum(matrices).size(), verdict, functionFamily.size(), stackFamily.size(),
                rising(rankedFunctions, rows), rising(rankedStacks, rows));
    }

    /** Rows whose trend rises, significant first, at most {@code limit}. */
    private static List<Row> rising(List<RankedGrowth> ranked, int limit) {
        return ranked.stream().filter(g -> g.growth().s() > 0 && g.growth().perHour() > 0).limit(limit).map(Row::of).toList();
    }
}
