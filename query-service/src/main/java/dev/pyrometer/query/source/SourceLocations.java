package dev.pyrometer.query.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The services whose source text may be fetched, read from one setting: entries separated by {@code ;} or line
 * breaks, each {@code SERVICE=TEMPLATE} optionally followed by whitespace and a path prefix, e.g.
 * {@code checkout=https://raw.example/org/checkout/{version}/{path} /src/checkout/}. See {@link SourceLocation}.
 */
public final class SourceLocations {
    private final Map<String, SourceLocation> byService;

    private SourceLocations(Map<String, SourceLocation> byService) {
        this.byService = Map.copyOf(byService);
    }

    /** Parses {@code setting}; null or blank means no service. Throws {@link IllegalArgumentException} naming a bad entry. */
    public static SourceLocations parse(String setting) {
        Map<String, SourceLocation> byService = new LinkedHashMap<>();
        if (setting != null) {
            for (String entry : setting.split("[;\n]")) {
                String trimmed = entry.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("source setting entry '" + trimmed + "' is not SERVICE=URL_TEMPLATE [PATH_PREFIX]");
                }
                String service = trimmed.substring(0, equals).strip();
                String[] parts = trimmed.substring(equals + 1).strip().split("\\s+");
                if (parts.length > 2 || parts[0].isEmpty()) {
                    throw new IllegalArgumentException("source setting entry '" + trimmed + "' is not SERVICE=URL_TEMPLATE [PATH_PREFIX]");
                }
                if (byService.put(service, new SourceLocation(parts[0], parts.length == 2 ? parts[1] : "")) != null) {
                    throw new IllegalArgumentException("source setting names service '" + service + "' twice");
                }
            }
        }
        return new SourceLocations(byService);
    }

    /** Where {@code service}'s source is, if configured. */
    public Optional<SourceLocation> of(String service) {
        return service == null ? Optional.empty() : Optional.ofNullable(byService.get(service));
    }
}
