package dev.pyrometer.ingest.http;

import dev.pyrometer.ingest.pipeline.PushRefusal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The parameters of a request's query string, read without the servlet's parameter map: for a POST
 * with {@code Content-Type: application/x-www-form-urlencoded} (what {@code curl --data-binary}
 * sends unless told otherwise) the servlet would read the body as form fields, and the profile in
 * it would be lost. The first value of a repeated parameter counts.
 */
public final class QueryString {
    private QueryString() {
    }

    /** @throws PushRefusal INVALID when the query string is not valid percent-encoding */
    public static Map<String, String> parse(String query) throws PushRefusal {
        Map<String, String> parameters = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        try {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) {
            throw PushRefusal.invalid("the query string is not valid percent-encoding: " + e.getMessage());
        }
        return parameters;
    }
}
