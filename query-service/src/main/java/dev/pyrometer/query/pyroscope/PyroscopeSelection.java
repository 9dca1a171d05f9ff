package dev.pyrometer.query.pyroscope;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.selector.LabelMatcher;
import dev.pyrometer.profile.selector.LabelSelector;
import dev.pyrometer.profile.selector.MatchOp;
import dev.pyrometer.profile.selector.SelectorEvaluation;
import dev.pyrometer.profile.selector.SelectorException;
import dev.pyrometer.query.api.BadRequestException;
import dev.pyrometer.query.api.RequestParams;
import dev.pyrometer.query.service.ProfileQueries;
import dev.pyrometer.query.service.SelectorParameter;
import dev.pyrometer.storage.query.SeriesInfo;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a tenant's series for Pyroscope's selectors, which may name the derived labels of
 * {@link PyroscopeLabels} ({@code __profile_type__="process_cpu:cpu:nanoseconds:cpu:nanoseconds"},
 * {@code __name__="memory"}) beside stored ones. Several selectors select the union of their series, as in
 * Pyroscope; none selects every series. The regexes of one call share one budget, as in the REST API.
 */
@Component
class PyroscopeSelection {
    private final ProfileQueries queries;
    private final RequestParams params;

    PyroscopeSelection(ProfileQueries queries, RequestParams params) {
        this.queries = queries;
        this.params = params;
    }

    /** The series any of {@code selectors} (texts from the request field {@code field}) selects, in catalog order. */
    List<SeriesInfo> anyOf(String tenant, List<String> selectors, String field) throws SQLException {
        SelectorEvaluation evaluation = params.selectorEvaluation();
        if (selectors.isEmpty()) {
            return queries.series(tenant, null, new SelectorParameter(field, LabelSelector.ALL), evaluation);
        }
        Map<Long, SeriesInfo> union = new LinkedHashMap<>();
        for (String text : selectors) {
            SelectorParameter selector = params.selector(text, field);
            ProfileType type = selector.selector().equalityValue(PyroscopeLabels.PROFILE_TYPE).map(id -> profileType(id, field)).orElse(null);
            for (SeriesInfo series : matching(tenant, type, selector, evaluation)) {
                union.putIfAbsent(series.id(), series);
            }
        }
        return List.copyOf(union.values());
    }

    /** The series of {@code type} that {@code selector} (from request field {@code field}) selects. */
    List<SeriesInfo> ofType(String tenant, ProfileType type, String selector, String field) throws SQLException {
        return matching(tenant, type, params.selector(selector, field), params.selectorEvaluation());
    }

    /** A profile type id from request field {@code field}; a malformed one is a 400 naming the field. */
    static ProfileType profileType(String id, String field) {
        try {
            return ProfileType.parse(id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field + ": " + e.getMessage());
        }
    }

    private List<SeriesInfo> matching(String tenant, ProfileType type, SelectorParameter selector, SelectorEvaluation evaluation)
            throws SQLException {
        // the database narrows by service_name; every matcher is then tested on the labels Pyroscope shows
        LabelSelector narrowing = selector.selector().equalityValue(LabelSet.SERVICE_NAME)
                .map(service -> new LabelSelector(List.of(LabelMatcher.of(LabelSet.SERVICE_NAME, MatchOp.EQUAL, service))))
                .orElse(LabelSelector.ALL);
        List<SeriesInfo> selected = new ArrayList<>();
        try {
            for (SeriesInfo series : queries.series(tenant, type, new SelectorParameter(selector.parameter(), narrowing), evaluation)) {
                if (evaluation.matches(selector.selector(), PyroscopeLabels.of(series))) {
                    selected.add(series);
                }
            }
        } catch (SelectorException e) {
            throw new BadRequestException(selector.parameter() + ": " + e.getMessage());
        }
        return selected;
    }
}
