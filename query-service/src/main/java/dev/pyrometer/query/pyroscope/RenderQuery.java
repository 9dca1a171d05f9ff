package dev.pyrometer.query.pyroscope;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.selector.LabelMatcher;
import dev.pyrometer.profile.selector.LabelSelector;
import dev.pyrometer.profile.selector.MatchOp;
import dev.pyrometer.profile.selector.SelectorException;
import dev.pyrometer.profile.series.PyroscopeAppName;
import dev.pyrometer.query.api.BadRequestException;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code query} of Pyroscope's {@code /pyroscope/render}: {@code <profile type>{selector}} as Pyroscope 1.x
 * takes it ({@code process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}}), or the application-name
 * form its SDK users know ({@code api.cpu{env="prod"}}), which selects {@code service_name="api"} and the types
 * {@link PyroscopeAppName} maps the suffix to (the caller picks the first with series). The braces may be left
 * out.
 *
 * @param types    the profile types the query may mean, most likely first
 * @param selector canonical selector text, with the application's {@code service_name} matcher first when named
 */
record RenderQuery(List<ProfileType> types, String selector) {

    static RenderQuery parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException("parameter '" + field + "' is required, e.g. " + field
                    + "=process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name=\"api\"} or " + field + "=api.cpu{env=\"prod\"}");
        }
        int brace = text.indexOf('{');
        String name = (brace < 0 ? text : text.substring(0, brace)).strip();
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(brace < 0 ? "{}" : text.substring(brace));
        } catch (SelectorException e) {
            throw new BadRequestException("parameter '" + field + "': " + e.getMessage());
        }
        if (name.isEmpty()) {
            throw new BadRequestException("parameter '" + field + "' must start with a profile type or an application name, e.g. "
                    + "process_cpu:cpu:nanoseconds:cpu:nanoseconds{...} or api.cpu{...}");
        }
        if (name.indexOf(':') >= 0) {
            return new RenderQuery(List.of(PyroscopeSelection.profileType(name, "parameter '" + field + "'")), selector.toString());
        }
        PyroscopeAppName app = PyroscopeAppName.parse(name);
        List<LabelMatcher> matchers = new ArrayList<>();
        matchers.add(LabelMatcher.of(LabelSet.SERVICE_NAME, MatchOp.EQUAL, app.service()));
        matchers.addAll(selector.matchers());
        return new RenderQuery(app.profileTypes(), new LabelSelector(matchers).toString());
    }
}
