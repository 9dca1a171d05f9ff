package dev.pyrometer.bench.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} command-line options with defaults. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();

    public Args(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --name=value, got '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
    }

    private Args(Map<String, String> values) {
        this.values.putAll(values);
    }

    /** These options with {@code name} set to {@code value} (replacing what was given). */
    public Args with(String name, String value) {
        Args copy = new Args(values);
        copy.values.put(name, value);
        return copy;
    }

    /** Whether {@code name} was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    public Duration duration(String name, Duration fallback) {
        return values.containsKey(name) ? Duration.parse("PT" + values.get(name).toUpperCase()) : fallback;
    }
}
