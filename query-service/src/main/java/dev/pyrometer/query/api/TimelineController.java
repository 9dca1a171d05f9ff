package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.query.config.QueryProperties;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.window.QueryWindow;
import dev.pyrometer.query.window.TimeExpressions;
import dev.pyrometer.storage.query.SeriesInfo;
import dev.pyrometer.storage.query.SeriesTimeline;
import dev.pyrometer.storage.query.TimelineReader;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values per step for a window, from stored totals and durations only (stacks are never decoded). For
 * cumulative types a step's value is a rate: the type's unit per second of wall time, each snapshot's
 * total spread evenly over the time it covers, so a step counts only its own share of each snapshot
 * (see {@link TimelineRates}). For instant types it is the sum over series of each series' mean over its
 * snapshots in the step. Values are not rounded; a step without data is null. With {@code groupBy}, one
 * line per value of that label; series without the label form the line whose value is "" (as a selector
 * reads a missing label).
 */
@RestController
@RequestMapping("/api/v1")
public class TimelineController {
    /** Steps the automatic choice picks from, smallest first. */
    private static final List<Duration> STEPS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6),
            Duration.ofHours(12), Duration.ofDays(1));
    private static final int AUTO_POINTS = 300;

    private final ProfileQueries queries;
    private final RequestParams params;
    private final QueryProperties properties;

    public TimelineController(ProfileQueries queries, RequestParams params, QueryProperties properties) {
        this.queries = queries;
        this.params = params;
        this.properties = properties;
    }

    /** One line: the group's label value (empty labels when not grouped) and a value per step (null: no data). */
    public record Line(Map<String, String> labels, Double[] values) {
    }

    /**
     * {@code unit} is the sample unit and {@code aggregation} the window rule ("sum" or "average");
     * {@code measure} is what a value is ("rate" or "average") and {@code valueUnit} names it, e.g.
     * "nanoseconds per second" (CPU cores) or "average bytes". {@code start} is the first step's start
     * in ms since the epoch; {@code step} is in seconds.
     */
    public record TimelineAnswer(String profileType, String unit, String aggregation, String measure, String valueUnit, long start,
                                 long step, String groupBy, List<Line> lines) {
    }

    @GetMapping("/timeline")
    public TimelineAnswer timeline(HttpServletRequest request,
                                   @RequestParam String profileType, @RequestParam(required = false) String query,
                                   @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String to,
                                   @RequestParam(required = false) String step, @RequestParam(name = "groupBy", required = false) String group)
            throws SQLException {
        String groupBy = group == null || group.isBlank() ? null : params.labelName(group, "groupBy");
        ProfileType type = params.profileType(profileType);
        QueryWindow window = params.window(from, to, "");
        Duration stepLength = step == null || step.isBlank() ? autoStep(window) : parseStep(step);
        long stepMicros = stepLength.toNanos() / 1000;
        long points = (window.toMicros() - TimelineReader.alignedStart(window.fromMicros(), stepMicros) + stepMicros - 1) / stepMicros;
        if (points > properties.query().maxTimelinePoints()) {
            throw new BadRequestException("step " + TimeExpressions.format(stepLength) + " gives " + points + " points, more than the limit of "
                    + properties.query().maxTimelinePoints() + "; use a larger step");
        }
        List<SeriesInfo> series = queries.series(params.tenant(request), type, params.selector(query, "query"), params.selectorEvaluation());
        Map<Long, SeriesInfo> byId = new HashMap<>();
        series.forEach(info -> byId.put(info.id(), info));
        long startMicros = TimelineReader.alignedStart(window.fromMicros(), stepMicros);
        Map<String, List<SeriesTimeline>> groups = new TreeMap<>();
        for (SeriesTimeline timeline : queries.timelines(series, window, stepMicros)) {
            String label = groupBy == null ? null : byId.get(timeline.seriesId()).labels().get(groupBy);
            String value = label == null ? "" : label;
            groups.computeIfAbsent(value, key -> new ArrayList<>()).add(timeline);
        }
        boolean average = type.aggregation() == Aggregation.AVERAGE;
        List<Line> lines = new ArrayList<>();
        groups.forEach((value, timelines) -> lines.add(new Line(groupBy == null ? Map.of() : singleLabel(groupBy, value),
                average ? TimelineRates.averages(timelines, (int) points)
                        : TimelineRates.rates(timelines, (int) points, startMicros, stepMicros, window.toMicros()))));
        return new TimelineAnswer(type.id(), type.sampleUnit(), type.aggregation().name().toLowerCase(java.util.Locale.ROOT),
                average ? "average" : "rate", TimelineRates.valueUnit(type), startMicros / 1000, stepLength.toSeconds(), groupBy, lines);
    }

    private static Map<String, String> singleLabel(String name, String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(name, value);
        return labels;
    }

    private static Duration autoStep(QueryWindow window) {
        Duration length = Duration.between(window.from(), window.to());
        for (Duration step : STEPS) {
            if (length.dividedBy(step) <= AUTO_POINTS) {
                return step;
            }
        }
        return STEPS.get(STEPS.size() - 1);
    }

    /** A step of at least one second and at most the longest window (a longer step could only give one point). */
    private Duration parseStep(String text) {
        Duration step;
        try {
            step = TimeExpressions.duration(text, "step", text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("parameter 'step': " + e.getMessage());
        }
        if (step.isZero()) {
            throw new BadRequestException("parameter 'step' must be positive");
        }
        Duration longest = properties.query().maxWindow();
        if (step.compareTo(longest) > 0) {
            throw new BadRequestException("parameter 'step' must be at most " + TimeExpressions.format(longest)
                    + " (pyrometer.query.max-window)");
        }
        return step;
    }
}
