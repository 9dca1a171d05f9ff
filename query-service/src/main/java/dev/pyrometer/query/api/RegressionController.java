package dev.pyrometer.query.api;

import dev.pyrometer.profile.buckets.BucketMatrix;
import dev.pyrometer.profile.buckets.Metric;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.regression.RankedChange;
import dev.pyrometer.profile.regression.RegressionAnalysis;
import dev.pyrometer.profile.regression.RegressionRanking;
import dev.pyrometer.profile.regression.ShareComparison;
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
import java.util.Map;
import java.util.TreeMap;

/**
 * What changed between two windows: per function (flat and cum) and per stack, the share of the total in
 * each bucket is a sample; the two windows' samples are compared with the Mann-Whitney U test and the
 * p-values corrected with Benjamini-Hochberg. See docs/api.md, "Regressions".
 */
@RestController
@RequestMapping("/api/v1")
public class RegressionController {
    static final int MAX_BUCKETS = 300;
    private static final Duration WEEK = Duration.ofDays(7);

    private final ProfileQueries queries;
    private final BucketQueries buckets;
    private final RequestParams params;

    public RegressionController(ProfileQueries queries, BucketQueries buckets, RequestParams params) {
        this.queries = queries;
        this.buckets = buckets;
        this.params = params;
    }

    /** One window as read: buckets with data, summed over every service compared. Rates as in {@link Row}. */
    public record WindowSummary(String from, String to, int series, int buckets, double totalRate) {
    }

    /**
     * One compared metric. Shares are fractions of the bucket's total (0.01 = 1 %); rates are in the unit per second
     * (summed types) or the unit (averaged types); {@code shareChange} and {@code rateChange} are comparison − baseline.
     *
     * @param service   the service, in a fleet report; null otherwise
     * @param metric    {@code flat}, {@code cum} or {@code stack}
     * @param stack     for a stack: function names from the root to the leaf; empty otherwise
     * @param direction {@code regression} (share rose significantly), {@code improvement} (fell), or {@code none}
     */
    public record Row(String service, String function, String metric, List<String> stack, double baselineShare,
                      double comparisonShare, double shareChange, double baselineRate, double comparisonRate, double rateChange,
                      double p, double q, int baselineCount, int comparisonCount, boolean significant, String direction,
                      double[] baselineShares, double[] comparisonShares) {
        static Row of(RankedChange ranked, boolean fleet) {
            ShareComparison c = ranked.comparison();
            return new Row(fleet ? c.group() : null, c.metric().function(), c.metric().kind().name().toLowerCase(Locale.ROOT),
                    c.metric().stack(), c.baselineShare(), c.comparisonShare(), c.shareChange(), c.baselineRate(), c.comparisonRate(),
                    c.rateChange(), c.p(), ranked.q(), c.baselineCount(), c.comparisonCount(), ranked.significant(),
                    ranked.regression() ? "regression" : ranked.improvement() ? "improvement" : "none", c.baselineShares(), c.comparisonShares());
        }
    }

    /**
     * @param step          bucket width in seconds
     * @param verdict       "no significant change", or how many functions regressed and improved
     * @param regressions   functions (per service in a fleet report) whose flat or cum share rose significantly
     * @param improvements  functions whose flat or cum share fell significantly
     * @param functionTests comparisons in the functions' family (flat and cum), which the q-values correct for
     * @param stackTests    comparisons in the stacks' family
     */
    public record RegressionAnswer(String profileType, String unit, String aggregation, long step, double alpha, boolean fleet,
                                   WindowSummary baseline, WindowSummary comparison, String verdict, int functionTests,
                                   int stackTests, int regressions, int improvements, List<Row> functions, List<Row> stacks) {
    }

    @GetMapping("/regressions")
    public RegressionAnswer regressions(HttpServletRequest request, @RequestParam String profileType,
                                        @RequestParam(required = false) String query,
                                        @RequestParam(defaultValue = "now-24h") String from, @RequestParam(defaultValue = "now") String to,
                                        @RequestParam(required = false) String baseFrom, @RequestParam(required = false) String baseTo,
                                        @RequestParam(defaultValue = "false") boolean fleet, @RequestParam(required = false) String step,
                                        @RequestParam(defaultValue = "0.05") double alpha, @RequestParam(defaultValue = "50") int limit,
                                        @RequestParam(defaultValue = "true") boolean stacks) throws SQLException {
        String tenant = params.tenant(request);
        ProfileType type = params.profileType(profileType);
        QueryWindow comparison = params.window(from, to, "");
        if ((baseFrom == null) != (baseTo == null)) {
            throw new BadRequestException("parameters 'baseFrom' and 'baseTo' go together: give both or neither");
        }
        QueryWindow baseline = baseFrom == null
                ? new QueryWindow(comparison.from().minus(WEEK), comparison.to().minus(WEEK))
                : params.window(baseFrom, baseTo, "base");
        double level = BucketSteps.alpha(alpha);
        int rows = BucketSteps.limit(limit);
        Duration width = BucketSteps.step(step, longer(baseline, comparison), MAX_BUCKETS);

        List<SeriesInfo> series = queries.series(tenant, type, params.selector(query, "query"), params.selectorEvaluation());
        Map<String, List<SeriesInfo>> groups = new TreeMap<>();
        for (SeriesInfo info : series) {
            groups.computeIfAbsent(fleet ? String.valueOf(info.labels().get(LabelSet.SERVICE_NAME)) : "", k -> new ArrayList<>()).add(info);
        }
        List<ShareComparison> functionFamily = new ArrayList<>();
        List<ShareComparison> stackFamily = new ArrayList<>();
        List<BucketMatrix> allBefore = new ArrayList<>();
        List<BucketMatrix> allAfter = new ArrayList<>();
        for (Map.Entry<String, List<SeriesInfo>> group : groups.entrySet()) {
            List<BucketMatrix> before = buckets.perSeries(group.getValue(), type, baseline, width, true, stacks);
            List<BucketMatrix> after = buckets.perSeries(group.getValue(), type, comparison, width, true, stacks);
            allBefore.addAll(before);
            allAfter.addAll(after);
            for (ShareComparison c : RegressionAnalysis.compare(group.getKey(), type.aggregation(), BucketMatrix.sum(before), BucketMatrix.sum(after))) {
                (c.metric().kind() == Metric.Kind.STACK ? stackFamily : functionFamily).add(c);
            }
        }
        List<RankedChange> rankedFunctions = RegressionRanking.rank(functionFamily, level);
        List<RankedChange> rankedStacks = RegressionRanking.rank(stackFamily, level);
        int regressions = distinctFunctions(rankedFunctions, RankedChange::regression);
        int improvements = distinctFunctions(rankedFunctions, RankedChange::improvement);
        String verdict = regressions + improvements == 0 ? "no significant change"
                : regressions + " " + (regressions == 1 ? "regression" : "regressions") + ", " + improvements + " "
                + (improvements == 1 ? "improvement" : "improvements");
        return new RegressionAnswer(type.id(), type.sampleUnit(), type.aggregation().name().toLowerCase(Locale.ROOT), width.toSeconds(),
                level, fleet, summary(baseline, allBefore, type), summary(comparison, allAfter, type), verdict, functionFamily.size(),
                stackFamily.size(), regressions, improvements, rows(rankedFunctions, rows, fleet), rows(rankedStacks, rows, fleet));
    }

    /** Functions (per service) with a flat or cum row that {@code test} accepts. */
    private static int distinctFunctions(List<RankedChange> ranked, java.util.function.Predicate<RankedChange> test) {
        return (int) ranked.stream().filter(test).map(c -> c.comparison().group() + "\n" + c.comparison().metric().function()).distinct().count();
    }

    private static List<Row> rows(List<RankedChange> ranked, int limit, boolean fleet) {
        return ranked.subList(0, Math.min(limit, ranked.size())).stream().map(c -> Row.of(c, fleet)).toList();
    }

    private static WindowSummary summary(QueryWindow window, List<BucketMatrix> series, ProfileType type) {
        BucketMatrix sum = BucketMatrix.sum(series);
        return new WindowSummary(window.from().toString(), window.to().toString(), series.size(), sum.size(),
                RegressionAnalysis.totalRate(type.aggregation(), sum));
    }

    private static QueryWindow longer(QueryWindow a, QueryWindow b) {
        return Duration.between(a.from(), a.to()).compareTo(Duration.between(b.from(), b.to())) >= 0 ? a : b;
    }
}
