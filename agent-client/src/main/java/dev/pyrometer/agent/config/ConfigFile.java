package dev.pyrometer.agent.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a settings file into flat {@code name -> value} pairs. {@code .yaml}/{@code .yml} files
 * are read as {@link FlatYaml}; anything else as Java properties.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    public static Map<String, String> read(Path path) throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read settings file " + path + ": " + e.getMessage(), e);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            try {
                return FlatYaml.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("settings file " + path + ": " + e.getMessage(), e);
            }
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("settings file " + path + " is not a properties file: " + e.getMessage(), e);
        }
        Map<String, String> flat = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            flat.put(key, properties.getProperty(key).trim());
        }
        return flat;
    }
}
