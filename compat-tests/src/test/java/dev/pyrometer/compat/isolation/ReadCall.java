package dev.pyrometer.compat.isolation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A read endpoint of query-service called for the matrix. Every call selects the services of both tenants
 * ({@link #BOTH}), so an answer can only be free of the other tenant's data if the tenant really comes from the
 * token. {@code showsOwn}: a 200 answer must name the caller's own data (services or functions carry its marker).
 *
 * @param jsonBody null for a GET; the Connect request (protobuf JSON) for a POST
 */
public record ReadCall(String name, String path, String jsonBody, boolean showsOwn) {
    public static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    /** Every service of either tenant: both tenants' service names start with their marker. */
    public static final String BOTH = "{service_name=~\"alpha.*|beta.*\"}";

    /** This call with the tenant parameter naming {@code tenant} (GET) — Connect calls name it by header only. */
    public String withTenantParameter(String tenant) {
        return jsonBody == null ? path + "&tenant=" + tenant : path;
    }

    /** The REST API, the Connect querier and Pyroscope's render over the window [from, to). */
    public static List<ReadCall> all(Instant from, Instant to) {
        String window = "&from=" + from.getEpochSecond() + "&to=" + to.getEpochSecond();
        String type = "profileType=" + encode(CPU) + "&query=" + encode(BOTH);
        List<ReadCall> calls = new ArrayList<>(List.of(
                get("flamegraph", "/api/v1/flamegraph?" + type + window, true),
                get("top", "/api/v1/top?" + type + window, true),
                get("pprof", "/api/v1/pprof?" + type + window, true),
                get("diff", "/api/v1/diff?" + type + "&leftFrom=" + from.getEpochSecond() + "&leftTo=" + to.getEpochSecond()
                        + "&rightFrom=" + from.getEpochSecond() + "&rightTo=" + to.getEpochSecond(), true),
                get("timeline", "/api/v1/timeline?" + type + "&groupBy=service_name" + window, true),
                get("services", "/api/v1/catalog/services?" + window.substring(1), true),
                get("profile-types", "/api/v1/catalog/profile-types?query=" + encode(BOTH) + window, false),
                get("label-names", "/api/v1/catalog/label-names?query=" + encode(BOTH) + window, false),
                get("label-values", "/api/v1/catalog/label-values?name=service_name&query=" + encode(BOTH) + window, true),
                get("overview", "/api/v1/overview?" + window.substring(1), true),
                get("render", "/pyroscope/render?query=" + encode(CPU + BOTH) + "&from=" + from.getEpochSecond() + "&until=" + to.getEpochSecond(), true)));
        String times = "\"start\":\"" + from.toEpochMilli() + "\",\"end\":\"" + to.toEpochMilli() + "\"";
        String select = "\"profile_typeID\":\"" + CPU + "\",\"label_selector\":" + json(BOTH) + "," + times;
        String matchers = "\"matchers\":[" + json(BOTH) + "]," + times;
        calls.add(connect("ProfileTypes", "{" + times + "}", false));
        calls.add(connect("LabelNames", "{" + matchers + "}", false));
        calls.add(connect("LabelValues", "{\"name\":\"service_name\"," + matchers + "}", true));
        calls.add(connect("Series", "{" + matchers + "}", true));
        calls.add(connect("SelectMergeStacktraces", "{" + select + "}", true));
        calls.add(connect("SelectMergeProfile", "{" + select + "}", true));
        calls.add(connect("SelectSeries", "{" + select + ",\"group_by\":[\"service_name\"],\"step\":60}", true));
        calls.add(connect("Diff", "{\"left\":{" + select + "},\"right\":{" + select + "}}", true));
        return calls;
    }

    private static ReadCall get(String name, String path, boolean showsOwn) {
        return new ReadCall(name, path, null, showsOwn);
    }

    private static ReadCall connect(String method, String body, boolean showsOwn) {
        return new ReadCall("querier." + method, "/querier.v1.QuerierService/" + method, body, showsOwn);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
