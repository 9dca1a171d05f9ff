package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.query.window.QueryWindow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every service of the tenant with data in a window: a sparkline per main profile type (CPU, in-use heap,
 * goroutines, where the service has it) and its top function, most CPU first. Built from the other
 * endpoints' code, so its numbers are theirs: the catalog lists the services, one {@code /timeline} with
 * {@code groupBy=service_name} per main type gives every service's sparkline (stored totals only), and
 * {@code /top} with {@code limit=1} gives the top function of each listed service. Cost is bounded: at most
 * {@value #MAIN_SAMPLE_TYPES_COUNT} timeline reads plus one merge per listed service ({@code limit}, at most
 * {@value #MAX_LIMIT}).
 */
@RestController
@RequestMapping("/api/v1")
public class OverviewController {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OverviewController.class);

    /** The sample types drawn as sparklines, in column order; the first one orders the services. */
    static final List<String> MAIN_SAMPLE_TYPES = List.of("cpu", "inuse_space", "goroutine");
    static final int MAIN_SAMPLE_TYPES_COUNT = 3;
    static final int MAX_LIMIT = 200;
    /** Most points in one sparkline; the step is the window divided by this, rounded up to whole seconds, at least 10 s. */
    static final int SPARK_POINTS = 60;

    private final CatalogController catalog;
    private final TimelineController timelines;
    private final ProfileController profiles;
    private final RequestParams params;

    public OverviewController(CatalogController catalog, TimelineController timelines, ProfileController profiles, RequestParams params) {
        this.params = params;
        this.catalog = catalog;
        this.timelines = timelines;
        this.profiles = profiles;
    }

    /** One service's line of one type, as {@code /timeline} gives it ({@code start} ms since the epoch, {@code step} s). */
    public record Sparkline(String profileType, String sampleType, String unit, String aggregation, long start, long step,
                            Number[] values) {
    }

    /**
     * @param cost        the area of the service's CPU timeline (the sum of its steps' values, in the timeline's unit
     *                    times steps); it orders the services; null without CPU profiles
     * @param topType     the type {@code topFunction} is the top of: CPU, else the first main type the service has
     * @param topFunction the function with the largest flat value in {@code /top} for the window; null when none
     * @param topFlat     that function's flat value, as {@code /top} gives it, in {@code topType}'s unit
     */
    public record ServiceOverview(String name, List<String> profileTypes, Number cost, List<Sparkline> sparklines,
                                  String topType, String topFunction, Number topFlat) {
    }

    /** {@code total} counts every service with data; {@code services} holds the first {@code limit} of them. */
    public record OverviewAnswer(String from, String to, int total, List<ServiceOverview> services) {
    }

    @GetMapping("/overview")
    public OverviewAnswer overview(HttpServletRequest request,
                                   @RequestParam(defaultValue = "now-1h") String from, @RequestParam(defaultValue = "now") String to,
                                   @RequestParam(defaultValue = "50") int limit) throws SQLException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        List<CatalogController.Service> services = catalog.services(request, null, from, to).services();
        TreeSet<String> mainTypes = new TreeSet<>(Comparator.comparingInt((String id) -> MAIN_SAMPLE_TYPES.indexOf(ProfileType.parse(id).sampleType()))
                .thenComparing(Comparator.naturalOrder()));
        services.forEach(s -> s.profileTypes().stream().filter(id -> MAIN_SAMPLE_TYPES.contains(ProfileType.parse(id).sampleType())).forEach(mainTypes::add));

        Map<String, List<Sparkline>> sparklines = new HashMap<>();
        Map<String, Double> cost = new HashMap<>();
        String step = stepFor(from, to);
        for (String typeId : mainTypes) {
            TimelineController.TimelineAnswer answer = timelines.timeline(request, typeId, null, from, to, step, LabelSet.SERVICE_NAME);
            String sampleType = ProfileType.parse(typeId).sampleType();
            for (TimelineController.Line line : answer.lines()) {
                String service = line.labels().get(LabelSet.SERVICE_NAME);
                sparklines.computeIfAbsent(service, s -> new ArrayList<>()).add(new Sparkline(typeId, sampleType, answer.unit(),
                        answer.aggregation(), answer.start(), answer.step(), line.values()));
                if (sampleType.equals(MAIN_SAMPLE_TYPES.get(0))) {
                    cost.merge(service, area(line.values()), Double::sum);
                }
            }
        }

        List<CatalogController.Service> ordered = new ArrayList<>(services);
        ordered.sort(Comparator.comparing((CatalogController.Service s) -> cost.get(s.name()), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(CatalogController.Service::name));
        List<ServiceOverview> shown = new ArrayList<>();
        for (CatalogController.Service service : ordered.subList(0, Math.min(limit, ordered.size()))) {
            List<Sparkline> lines = sparklines.getOrDefault(service.name(), List.of());
            String topType = lines.isEmpty() ? null : lines.get(0).profileType();
            String topFunction = null;
            Number topFlat = null;
            if (topType != null) {
                try {
                    List<ProfileController.TopRow> rows = profiles.top(request, topType, selector(service.name()), from, to, 1).rows();
                    if (!rows.isEmpty()) {
                        topFunction = rows.get(0).function();
                        topFlat = rows.get(0).flat();
                    }
                } catch (BadRequestException | IllegalArgumentException e) {
                    // A stored name no selector can spell (e.g. one with a control character): the row shows no top function.
                    log.debug("No top function for service {}: {}", service.name(), e.getMessage());
                }
            }
            shown.add(new ServiceOverview(service.name(), service.profileTypes(), cost.get(service.name()), lines, topType, topFunction, topFlat));
        }
        return new OverviewAnswer(from, to, services.size(), shown);
    }

    /** The sum of a line's non-null values. */
    private static double area(Number[] values) {
        double sum = 0;
        for (Number value : values) {
            if (value != null) {
                sum += value.doubleValue();
            }
        }
        return sum;
    }

    /** A step giving at most {@link #SPARK_POINTS} points over the window, in whole seconds, at least 10 s. */
    private String stepFor(String from, String to) {
        QueryWindow window = params.window(from, to, "");
        long seconds = Duration.between(window.from(), window.to()).toSeconds();
        return Math.max(10, (seconds + SPARK_POINTS - 1) / SPARK_POINTS) + "s";
    }

    /** {@code {service_name="NAME"}} with quotes and backslashes escaped. */
    static String selector(String service) {
        return "{" + LabelSet.SERVICE_NAME + "=\"" + service.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
