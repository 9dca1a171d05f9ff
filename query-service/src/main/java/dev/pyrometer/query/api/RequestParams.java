package dev.pyrometer.query.api;

import dev.pyrometer.auth.AuthException;
import dev.pyrometer.auth.Principal;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.selector.LabelNames;
import dev.pyrometer.profile.selector.LabelSelector;
import dev.pyrometer.profile.selector.SelectorEvaluation;
import dev.pyrometer.profile.selector.SelectorException;
import dev.pyrometer.query.config.QueryProperties;
import dev.pyrometer.query.service.SelectorParameter;
import dev.pyrometer.query.window.QueryWindow;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/** Parses the parameters every data call shares; failures are {@link BadRequestException}s naming the parameter. */
@Component
public class RequestParams {
    /** The tenant header, as ingest takes it. */
    public static final String TENANT_HEADER = "X-Scope-OrgID";
    public static final String TENANT_PARAMETER = "tenant";
    public static final String DEFAULT_TENANT = "default";
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private final QueryProperties properties;
    private final Clock clock = Clock.systemUTC();

    public RequestParams(QueryProperties properties) {
        this.properties = properties;
    }

    /**
     * The tenant the request acts on, as the caller's {@link Principal} allows it (the authentication filter put
     * it on the request): the requested one ({@link #requestedTenant}) if the caller may use it, else a
     * PERMISSION_DENIED {@link AuthException}; none requested: the caller's only tenant, or {@value #DEFAULT_TENANT}.
     * A request the filter did not authenticate has no tenant at all.
     */
    public String tenant(HttpServletRequest request) {
        String requested = requestedTenant(request);
        if (requested != null && !isValidTenant(requested)) {
            throw new BadRequestException("tenant (header " + TENANT_HEADER + " or parameter '" + TENANT_PARAMETER
                    + "') must be 1 to 64 of [A-Za-z0-9_.-]");
        }
        if (!(request.getAttribute(Principal.REQUEST_ATTRIBUTE) instanceof Principal principal)) {
            throw AuthException.unauthenticated("the request was not authenticated");
        }
        return principal.tenant(requested);
    }

    /**
     * The tenant the client names, which may only narrow its credentials: the {@value #TENANT_HEADER} header, else
     * the {@value #TENANT_PARAMETER} parameter (for clients that cannot set headers, such as {@code go tool pprof
     * URL}); null when neither is given.
     */
    public static String requestedTenant(HttpServletRequest request) {
        String tenant = request.getHeader(TENANT_HEADER);
        if (tenant == null || tenant.isEmpty()) {
            tenant = request.getParameter(TENANT_PARAMETER);
        }
        return tenant == null || tenant.isEmpty() ? null : tenant;
    }

    /** Null (none named) or 1 to 64 of [A-Za-z0-9_.-]. */
    public static boolean isValidTenant(String tenant) {
        return tenant == null || TENANT.matcher(tenant).matches();
    }

    public ProfileType profileType(String text) {
        ControlCharacters.refuse("parameter 'profileType'", text, false);
        try {
            return ProfileType.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("parameter 'profileType': " + e.getMessage());
        }
    }

    /** The selector in {@code parameter}; missing or blank means {@code {}}. */
    public SelectorParameter selector(String text, String parameter) {
        try {
            return new SelectorParameter(parameter, LabelSelector.parse(text == null || text.isBlank() ? "{}" : text));
        } catch (SelectorException e) {
            throw new BadRequestException("parameter '" + parameter + "': " + e.getMessage());
        }
    }

    /** The selector work of one request: every selector and series it tests share this one regex step budget. */
    public SelectorEvaluation selectorEvaluation() {
        return new SelectorEvaluation(properties.query().regexStepBudget());
    }

    /** A label name in {@code parameter}, as selectors name labels. */
    public String labelName(String text, String parameter) {
        if (!LabelNames.isValid(text)) {
            throw new BadRequestException("parameter '" + parameter + "' must be a label name: " + LabelNames.RULE);
        }
        return text;
    }

    /** The window of parameters {@code from} and {@code to}, or {@code <prefix>From} and {@code <prefix>To} (e.g. leftFrom). */
    public QueryWindow window(String from, String to, String prefix) {
        return window(from, to, prefix.isEmpty() ? "from" : prefix + "From", prefix.isEmpty() ? "to" : prefix + "To");
    }

    /** The window {@code [from, to)} of two times in any form {@link QueryWindow#parse} reads, named as the request names them. */
    public QueryWindow window(String from, String to, String fromName, String toName) {
        try {
            return QueryWindow.parse(from, to, now(), properties.query().maxWindow(), fromName, toName);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    public int maxNodes(Integer requested) {
        int maxNodes = requested == null ? properties.query().defaultMaxNodes() : requested;
        if (maxNodes < 1 || maxNodes > properties.query().maxNodesLimit()) {
            throw new BadRequestException("parameter 'maxNodes' must be between 1 and " + properties.query().maxNodesLimit());
        }
        return maxNodes;
    }

    public Instant now() {
        return clock.instant();
    }
}
