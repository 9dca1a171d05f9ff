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
