package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.pipeline.PushRefusal;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code sample_type_config} part of a pprof upload, as pyroscope-go sends it: a JSON object
 * keyed by sample type, each value with optional {@code units} (string), {@code aggregation}
 * ({@code "sum"} or {@code "average"}), {@code display-name} (string), {@code cumulative} and
 * {@code sampled} (booleans). How each is applied ({@link PprofUpload}, {@link PyroscopeProfileName}):
 * <ul>
 *   <li>{@code display-name} names the profile (this is how Go's mutex and block profiles, whose
 *       sample types are identical, are told apart);</li>
 *   <li>{@code cumulative: true} makes the type's values a delta against {@code prev_profile};</li>
 *   <li>{@code units} is the sample type's unit only where the pprof leaves it empty (the pprof's own
 *       unit wins, so type ids stay those Pyroscope shows);</li>
 *   <li>{@code aggregation} must agree with the type's own ({@code ProfileType.aggregation()}:
 *       inuse_* and goroutine(s) average, all else sums): a type id has one aggregation for every
 *       series, so a contradicting value is ignored; {@code sampled} is ignored.</li>
 * </ul>
 * A malformed config (not a JSON object of objects, wrong value types, an unknown aggregation) is refused.
 */
final class SampleTypeConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sample type's settings; {@code units} and {@code displayName} are null when not given. */
    record Entry(String units, String displayName, boolean cumulative) {
    }

    private final Map<String, Entry> entries;

    private SampleTypeConfig(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The parsed part; null when the request has none. */
    static SampleTypeConfig parse(byte[] config) throws PushRefusal {
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
        Map<String, Entry> entries = new HashMap<>();
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            String type = property.getKey();
            JsonNode value = property.getValue();
            if (!value.isObject()) {
                throw refusal(type, "must be a JSON object");
            }
            String aggregation = text(type, value, "aggregation");
            if (aggregation != null && !aggregation.isEmpty()) {
                String normalized = aggregation.toLowerCase(Locale.ROOT);
                if (!normalized.equals("sum") && !normalized.equals("average")) {
                    throw refusal(type, "has aggregation '" + aggregation + "'; expected \"sum\" or \"average\"");
                }
            }
            flag(type, value, "sampled");
            entries.put(type, new Entry(emptyToNull(text(type, value, "units")), emptyToNull(text(type, value, "display-name")),
                    flag(type, value, "cumulative")));
        }
        return new SampleTypeConfig(entries);
    }

    /** Sample type → display name (the sample type itself when none is given). */
    Map<String, String> displayNames() {
        Map<String, String> names = new HashMap<>();
        entries.forEach((type, entry) -> names.put(type, entry.displayName() == null ? type : entry.displayName()));
        return names;
    }

    boolean cumulative(String sampleType) {
        Entry entry = entries.get(sampleType);
        return entry != null && entry.cumulative();
    }

    /** The configured unit of a sample type; null when none. */
    String units(String sampleType) {
        Entry entry = entries.get(sampleType);
        return entry == null ? null : entry.units();
    }

    /** Whether any entry needs the pprof decoded (a delta or a unit to fill in); display names alone do not. */
    boolean changesValues() {
        return entries.values().stream().anyMatch(entry -> entry.cumulative() || entry.units() != null);
    }

    private static String text(String type, JsonNode value, String field) throws PushRefusal {
        JsonNode node = value.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw refusal(type, "field '" + field + "' must be a string");
        }
        return node.asString();
    }

    private static boolean flag(String type, JsonNode value, String field) throws PushRefusal {
        JsonNode node = value.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw refusal(type, "field '" + field + "' must be true or false");
        }
        return node.asBoolean();
    }

    private static PushRefusal refusal(String type, String problem) {
        String shown = type.length() <= 40 ? type : type.substring(0, 40) + "…";
        return PushRefusal.invalid("multipart field 'sample_type_config': sample type '" + shown + "' " + problem);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
