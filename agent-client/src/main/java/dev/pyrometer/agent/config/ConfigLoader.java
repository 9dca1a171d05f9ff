package dev.pyrometer.agent.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the documented precedence: command-line flags (or {@code -javaagent} options) override
 * {@code PYROMETER_*} environment variables, which override the settings file, which overrides the
 * defaults. The file is named by {@code config} (flag or {@code PYROMETER_CONFIG}). Unknown names in
 * flags or the file are errors, so a typo never goes unnoticed.
 */
public final class ConfigLoader {
    private final List<Setting> catalog;

    public ConfigLoader(List<Setting> catalog) {
        this.catalog = List.copyOf(catalog);
    }

    public static ConfigLoader standard() {
        return new ConfigLoader(Catalog.all());
    }

    /**
     * @param flags name → value from the command line or agent options (canonical names or aliases)
     * @param env   the environment, usually {@link System#getenv()}
     */
    public ResolvedConfig load(Map<String, String> flags, Map<String, String> env) throws ConfigException {
        Map<String, String> flagValues = canonical(flags, "flag --");
        Map<String, ResolvedConfig.Value> values = new LinkedHashMap<>();
        Map<String, ResolvedConfig.Value> labels = new LinkedHashMap<>();

        String configPath = flagValues.getOrDefault(Catalog.CONFIG.name(), env.getOrDefault(Catalog.CONFIG.env(), ""));
        if (!configPath.isBlank()) {
            Map<String, String> file = canonical(ConfigFile.read(Path.of(configPath)), "key ");
            apply(file, Source.FILE, name -> configPath + ": " + name, values, labels);
        }
        Map<String, String> envValues = new LinkedHashMap<>();
        for (Setting setting : catalog) {
            String value = env.get(setting.env());
            if (value != null) {
                envValues.put(setting.name(), value);
            }
        }
        apply(envValues, Source.ENV, name -> findSetting(name).env(), values, labels);
        apply(flagValues, Source.FLAG, name -> "--" + name, values, labels);
        return new ResolvedConfig(values, labels);
    }

    private interface Origin {
        String of(String name);
    }

    private void apply(Map<String, String> source, Source kind, Origin origin,
                       Map<String, ResolvedConfig.Value> values, Map<String, ResolvedConfig.Value> labels) throws ConfigException {
        for (Map.Entry<String, String> entry : source.entrySet()) {
            String name = entry.getKey();
            ResolvedConfig.Value value = new ResolvedConfig.Value(entry.getValue().trim(), kind, origin.of(name));
            if (name.startsWith(Catalog.LABEL_PREFIX)) {
                labels.put(name.substring(Catalog.LABEL_PREFIX.length()), value);
            } else if (name.equals(Catalog.LABELS.name())) {
                values.put(name, value);
                try {
                    Values.pairs(value.text()).forEach((label, text) ->
                            labels.put(label, new ResolvedConfig.Value(text, kind, value.origin())));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("labels='" + value.text() + "' (from " + value.origin() + "): " + e.getMessage());
                }
            } else {
                values.put(name, value);
            }
        }
    }

    /** Maps aliases to canonical names; refuses names that are no setting. */
    private Map<String, String> canonical(Map<String, String> raw, String what) throws ConfigException {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : raw.entrySet()) {
            String key = entry.getKey().trim();
            if (key.startsWith(Catalog.LABEL_PREFIX) && key.length() > Catalog.LABEL_PREFIX.length()) {
                result.put(key, entry.getValue());
                continue;
            }
            Setting setting = catalog.stream().filter(s -> s.matches(key)).findFirst()
                    .orElseThrow(() -> new ConfigException("unknown setting " + what + key
                            + "; `java -jar pyrometer-agent.jar settings` lists them all"));
            result.put(setting.name(), entry.getValue());
        }
        return result;
    }

    private Setting findSetting(String name) {
        return catalog.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
