package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.pipeline.PushRefusal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code sample_type_config} part of a pprof upload (JSON: per sample type, {@code units},
 * {@code aggregation}, {@code display-name}, {@code cumulative}, {@code sampled}). Pyroscope's
 * server uses only the display names, to name the profile ({@link PyroscopeProfileName}); this is
 * how Go's mutex and block profiles, whose sample types are identical, are told apart. Units,
 * aggregation and cumulativeness are not applied: Pyroscope's server keeps the pprof's own sample
 * types (so the profile type ids match Pyroscope's), the aggregation follows from the type here,
 * and current SDKs send deltas.
 */
final class SampleTypeConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleTypeConfig() {
    }

    /** Sample type → display name (the sample type itself when the config gives none); null without a config. */
    static Map<String, String> displayNames(byte[] config) throws PushRefusal {
        if (config == null || config.length == 0) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(config);
        } catch (JacksonException e) {
            throw PushRefusal.invalid("multipart field 'sample_type_config' is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw PushRefusal.invalid("multipart field 'sample_type_config' must be a JSON object of sample types");
        }
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode displayName = entry.getValue().get("display-name");
            boolean given = displayName != null && displayName.isString() && !displayName.asString().isEmpty();
            names.put(entry.getKey(), given ? displayName.asString() : entry.getKey());
        }
        return names;
    }
}
