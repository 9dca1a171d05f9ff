package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.service.SelectorParameter;
import dev.pyrometer.query.window.QueryWindow;
import dev.pyrometer.storage.query.SeriesInfo;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What there is to query: services, their profile types, label names and values, narrowed by a selector and a window. */
@RestController
@RequestMapping("/api/v1/catalog")
public class CatalogController {
    private final ProfileQueries queries;
    private final RequestParams params;

    public CatalogController(ProfileQueries queries, RequestParams params) {
        this.queries = queries;
        this.params = params;
    }

    public record Service(String name, List<String> profileTypes) {
    }

    public record Services(List<Service> services) {
    }

    public record ProfileTypes(List<String> profileTypes) {
    }

    public record LabelNames(List<String> names) {
    }

    public record LabelValues(String name, List<String> values) {
    }

    @GetMapping("/services")
    public Services services(HttpServletRequest request, @RequestParam(required = false) String query,
                             @RequestParam(defaultValue = "now-24h") String from, @RequestParam(defaultValue = "now") String to)
            throws SQLException {
        Map<String, TreeSet<String>> typesByService = new TreeMap<>();
        for (SeriesInfo series : present(request, null, query, from, to)) {
            typesByService.computeIfAbsent(series.labels().get(LabelSet.SERVICE_NAME), name -> new TreeSet<>()).add(series.type().id());
        }
        return new Services(typesByService.entrySet().stream().map(e -> new Service(e.getKey(), List.copyOf(e.getValue()))).toList());
    }

    @GetMapping("/profile-types")
    public ProfileTypes profileTypes(HttpServletRequest request,
                                     @RequestParam(required = false) String query,
                                     @RequestParam(defaultValue = "now-24h") String from, @RequestParam(defaultValue = "now") String to)
            throws SQLException {
        TreeSet<String> types = new TreeSet<>();
        present(request, null, query, from, to).forEach(series -> types.add(series.type().id()));
        return new ProfileTypes(List.copyOf(types));
    }

    @GetMapping("/label-names")
    public LabelNames labelNames(HttpServletRequest request,
                                 @RequestParam(required = false) String profileType, @RequestParam(required = false) String query,
                                 @RequestParam(defaultValue = "now-24h") String from, @RequestParam(defaultValue = "now") String to)
            throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        present(request, profileType, query, from, to).forEach(series -> series.labels().labels().forEach(label -> names.add(label.name())));
        return new LabelNames(List.copyOf(names));
    }

    @GetMapping("/label-values")
    public LabelValues labelValues(HttpServletRequest request,
                                   @RequestParam String name, @RequestParam(required = false) String profileType,
                                   @RequestParam(required = false) String query,
                                   @RequestParam(defaultValue = "now-24h") String from, @RequestParam(defaultValue = "now") String to)
            throws SQLException {
        params.labelName(name, "name");
        TreeSet<String> values = new TreeSet<>();
        for (SeriesInfo series : present(request, profileType, query, from, to)) {
            for (Label label : series.labels().labels()) {
                if (label.name().equals(name)) {
                    values.add(label.value());
                }
            }
        }
        return new LabelValues(name, List.copyOf(values));
    }

    private List<SeriesInfo> present(HttpServletRequest request, String profileType, String query, String from, String to) throws SQLException {
        ProfileType type = profileType == null || profileType.isBlank() ? null : params.profileType(profileType);
        SelectorParameter selector = params.selector(query, "query");
        QueryWindow window = params.window(from, to, "");
        return queries.withData(queries.series(params.tenant(request), type, selector, params.selectorEvaluation()), window);
    }
}
